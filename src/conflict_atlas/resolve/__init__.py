"""Resolve stage: mentions found in text, resolved to canonical entities.

``conflict_atlas.resolve.actors`` resolves actor mentions against an actor registry
(``conflict_atlas.resolve.registry``) and keeps unknown actors as new entities.
"""
