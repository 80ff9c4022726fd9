"""Claims: quantitative and dated statements, grouped to show where sources disagree.

``extract_claims`` reads one analysed document; ``group_claims`` groups the claims of
all documents by subject and property and ranks contradictions; ``claim_to_json`` and
``group_to_json`` give the JSON Lines records of ``conflict-atlas claims``; ``load_gold``
and ``evaluate`` score the groups against annotated disagreements. See docs/claims.md.
"""

from conflict_atlas.claims.evaluate import Scores, evaluate, load_gold
from conflict_atlas.claims.extract import extract_claims
from conflict_atlas.claims.group import group_claims
from conflict_atlas.claims.serialize import claim_to_json, group_to_json
from conflict_atlas.claims.vocab import Vocabulary, load_vocabulary

__all__ = [
    "Scores",
    "Vocabulary",
    "claim_to_json",
    "evaluate",
    "extract_claims",
    "group_claims",
    "group_to_json",
    "load_gold",
    "load_vocabulary",
]
