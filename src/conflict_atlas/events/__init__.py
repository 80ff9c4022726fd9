"""The events stage: typed, dated, located events with actors, fatalities and sources.

``EventExtractor`` turns one document's sentences (with their parses and mentions) into
events; ``merge_events`` joins reports of the same event across sentences and documents;
``event_to_json`` gives the JSONL contract record; ``evaluate`` scores against gold files.
"""

from conflict_atlas.events.extractor import EventExtractor
from conflict_atlas.events.merge import merge_events
from conflict_atlas.events.serialize import event_to_json

__all__ = ["EventExtractor", "event_to_json", "merge_events"]
