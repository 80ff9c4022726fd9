"""Extract claims from one analysed document: numbers, dates of events, foundings."""

from __future__ import annotations

from collections.abc import Sequence

from conflict_atlas.claims.context import DocContext
from conflict_atlas.claims.dates import document_date_claims
from conflict_atlas.claims.event_dates import event_date_claims
from conflict_atlas.claims.formation import formation_claims
from conflict_atlas.claims.numbers import numeric_claims
from conflict_atlas.claims.vocab import Vocabulary, load_vocabulary
from conflict_atlas.models import Actor, Claim, DocumentResult, Event


def extract_claims(
    result: DocumentResult,
    *,
    events: Sequence[Event],
    actors: Sequence[Actor],
    vocabulary: Vocabulary | None = None,
) -> list[Claim]:
    """Quantitative and dated claims of one document, in text order.

    ``result`` must carry the analysis (times, quantities, mentions); ``events`` are the
    document's own events (before the cross-document merge) and ``actors`` the actors
    its mentions resolve to. Numbers become claims when the vocabulary
    (``data/claims/properties.yaml``, or ``vocabulary``) names what they measure and the
    text ties them to a subject; dates come from dated events, foundings of
    organisations and the document's own start/end dates.

    >>> analysis = Analyzer()(result, Timer())                     # doctest: +SKIP
    >>> claims = extract_claims(analysis.result, events=analysis.events,
    ...                         actors=analysis.actors)           # doctest: +SKIP
    """
    vocab = vocabulary or load_vocabulary()
    ctx = DocContext(result, actors, vocab)
    found = [
        *numeric_claims(ctx),
        *event_date_claims(ctx, list(events)),
        *formation_claims(ctx),
        *document_date_claims(ctx),
    ]
    unique: dict[str, Claim] = {}
    for claim in found:
        unique.setdefault(claim.id, claim)
    return sorted(unique.values(), key=lambda c: (c.source.start, c.property, c.id))
