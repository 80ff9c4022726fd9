"""Extraction stages: mentions of dates, actors, places and quantities in sentences."""
