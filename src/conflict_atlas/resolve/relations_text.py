"""Relations stated in sentences, between two resolved actor mentions.

Each sentence with two actor mentions or more (or one and a state's demonym) is turned
into tokens, every mention one token (``§3§``), and the templates of
``data/relations/patterns.yaml`` are matched on it.
A match yields a relation when no negation or irrealis word is in it or just before it,
its last mention is not a modifier ("Soviet military operations"), and the kinds of both
ends fit the relation kind. The relation is dated by the sentence's time expressions (one
inside the match first, else the nearest), unless the match says it is past ("former").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from conflict_atlas.events.dating import from_mention, usable
from conflict_atlas.ingest.text import blank_citations
from conflict_atlas.models import (
    Actor,
    DocumentResult,
    EntityMention,
    EventSource,
    Relation,
    Sentence,
    TimeMention,
)
from conflict_atlas.resolve.registry import ActorRegistry
from conflict_atlas.resolve.relations_graph import make_relation, merge_relations
from conflict_atlas.resolve.relations_patterns import (
    TOKEN_RE,
    PatternSet,
    RelationPattern,
    load_patterns,
)

_MENTION_ID = re.compile(r"§(\d+)§")
_ASIDES = re.compile(r"\( [^()]*\) |§\d+§ 's ")  # an acronym repeated, a possessor
_BEFORE = 4  # words before a match that may still negate it ("wanted to see a ... led by")


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int  # offsets into the document text
    end: int


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence as the matcher sees it: tokens joined by single spaces."""

    sentence: Sentence
    tokens: tuple[_Token, ...]
    offsets: tuple[int, ...]  # where each token starts in ``text``
    text: str
    mentions: tuple[EntityMention, ...]
    raw: str  # the sentence's raw text, citation markers blanked

    def token_at(self, offset: int) -> int:
        return bisect_right(self.offsets, offset) - 1


class RelationExtractor:
    """Finds relations stated in a document's sentences; loads its patterns once.

    Args:
        paths: extra pattern files, read after the bundled one (see docs/network.md).
        registry: the actor registry whose state demonyms count as mentions in
            ``{target|demonym}`` slots ("Afghan President Ashraf Ghani"); by default the
            registries shipped with the package.

    Example:
        >>> extractor = RelationExtractor()
        >>> relations = extractor(analysis.result, actors=analysis.actors)  # doctest: +SKIP
    """

    def __init__(
        self, *, paths: Sequence[str | Path] = (), registry: ActorRegistry | None = None
    ) -> None:
        registry = registry if registry is not None else ActorRegistry.load()
        self.demonyms: dict[str, Actor] = {
            demonym: entry.actor
            for entry in registry.entries.values()
            if entry.actor.kind == "state"
            for demonym in entry.demonyms
        }
        self.patterns: PatternSet = load_patterns(paths, demonyms=list(self.demonyms))

    def __call__(self, result: DocumentResult, *, actors: Sequence[Actor]) -> list[Relation]:
        """The relations the sentences of ``result`` state, merged per (source, kind, target).

        ``actors`` are the actors the mentions of ``result`` resolve to (``Analysis.actors``);
        a mention of an actor not among them is ignored.
        """
        by_id = {a.id: a for a in actors}
        mentions = _actor_mentions(result.mentions, by_id)
        times = _by_sentence(result.times)
        found: list[Relation] = []
        for sentence in result.sentences:
            if sentence.id not in mentions:
                continue
            prepared = _prepare(result.document.text, sentence, mentions[sentence.id])
            if len(prepared.mentions) < 2 and not any(
                t.text in self.demonyms for t in prepared.tokens
            ):
                continue  # a relation needs two ends: two mentions, or one and a demonym
            found.extend(self._sentence(prepared, by_id, times.get(sentence.id, ()), result))
        return merge_relations([found])

    def _sentence(
        self,
        prepared: _Sentence,
        actors: Mapping[str, Actor],
        times: Sequence[TimeMention],
        result: DocumentResult,
    ) -> list[Relation]:
        """Relations of one prepared sentence; the first pattern to link a pair wins."""
        linked: set[frozenset[str]] = set()
        out: list[Relation] = []
        source = _evidence(result, prepared.sentence)
        words = frozenset(t.text.lower() for t in prepared.tokens)
        for pattern in self.patterns.patterns:
            if not pattern.may_match(words):
                continue
            for match in pattern.regex.finditer(prepared.text):
                span = match.span("all")
                if self._negated(prepared, span):
                    continue
                dated = self._date(prepared, span, times)
                modifier = self._modifier(prepared, span)
                for src, dst in self._pairs(pattern, match, prepared, actors, modifier):
                    pair = frozenset((src.id, dst.id))
                    if pair in linked:
                        continue
                    linked.add(pair)
                    out.append(
                        make_relation(
                            (src.id, src.name),
                            pattern.kind,
                            (dst.id, dst.name),
                            start=dated[0],
                            end=dated[1],
                            origin="text",
                            evidence=(source,),
                        )
                    )
        return out

    # --- checks ----------------------------------------------------------------------

    def _negated(self, prepared: _Sentence, span: tuple[int, int]) -> bool:
        first, last = prepared.token_at(span[0]), prepared.token_at(span[1] - 1)
        words = [t.text.lower() for t in prepared.tokens[max(first - _BEFORE, 0) : last + 1]]
        return any(w in self.patterns.blockers or w.endswith("n't") for w in words)

    def _modifier(self, prepared: _Sentence, span: tuple[int, int]) -> str | None:
        """The mention token ending the match when it only modifies what follows it."""
        last = prepared.token_at(span[1] - 1)
        toks = prepared.tokens
        if not toks[last].text.startswith("§") or last + 1 >= len(toks):
            return None
        following = toks[last + 1].text
        after = toks[last + 2].text if last + 2 < len(toks) else ""
        heads = self.patterns.compound_heads
        owner = following == "'s" and (after.startswith("§") or after.lower() in heads)
        if owner or following[:1].isupper() or following in heads:
            return toks[last].text
        return None

    def _pairs(
        self,
        pattern: RelationPattern,
        match: re.Match[str],
        prepared: _Sentence,
        actors: Mapping[str, Actor],
        modifier: str | None,
    ) -> Iterator[tuple[Actor, Actor]]:
        if "members" in pattern.regex.groupindex:
            members = self._ends(match, "members", prepared, actors, modifier)
            pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        else:
            sources = self._ends(match, "source", prepared, actors, modifier)
            targets = self._ends(match, "target", prepared, actors, modifier)
            pairs = [(s, t) for s in sources for t in targets]
        for src, dst in pairs:
            if src.id != dst.id and self._kinds_fit(pattern, src, dst):
                yield src, dst

    def _ends(
        self,
        match: re.Match[str],
        group: str,
        prepared: _Sentence,
        actors: Mapping[str, Actor],
        modifier: str | None,
    ) -> list[Actor]:
        text = match.group(group) or ""
        tokens = _MENTION_ID.findall(_ASIDES.sub("", text))
        if not tokens:
            actor = self.demonyms.get(text.strip())
            return [actor] if actor else []
        entities = (prepared.mentions[int(i)].entity_id for i in tokens if f"§{i}§" != modifier)
        return [actors[e] for e in entities if e is not None and e in actors]

    def _kinds_fit(self, pattern: RelationPattern, source: Actor, target: Actor) -> bool:
        rule = self.patterns.kinds[pattern.kind]
        allowed_source = pattern.source_kinds or rule.source
        allowed_target = pattern.target_kinds or rule.target
        if allowed_source is not None and source.kind not in allowed_source:
            return False
        if allowed_target is not None and target.kind not in allowed_target:
            return False
        return not rule.same_kind or source.kind == target.kind

    def _date(
        self, prepared: _Sentence, span: tuple[int, int], times: Sequence[TimeMention]
    ) -> tuple[str | None, str | None]:
        first, last = prepared.token_at(span[0]), prepared.token_at(span[1] - 1)
        words = {t.text.lower() for t in prepared.tokens[first : last + 1]}
        if words & self.patterns.past or not times:
            return None, None
        start, end = prepared.tokens[first].start, prepared.tokens[last].end
        best = min(times, key=lambda t: (_in_parentheses(prepared, t), _distance(t, start, end)))
        date = from_mention(best)
        return date.start, date.end


# --- preparing sentences -----------------------------------------------------------------


def _actor_mentions(
    mentions: Sequence[EntityMention], actors: Mapping[str, Actor]
) -> dict[str, list[EntityMention]]:
    found: dict[str, list[EntityMention]] = {}
    for mention in mentions:
        if mention.kind == "actor" and mention.entity_id in actors and mention.sentence_id:
            found.setdefault(mention.sentence_id, []).append(mention)
    return found


def _by_sentence(times: Sequence[TimeMention]) -> dict[str, list[TimeMention]]:
    found: dict[str, list[TimeMention]] = {}
    for time in times:
        if time.sentence_id and usable(time):
            found.setdefault(time.sentence_id, []).append(time)
    return found


def _distance(time: TimeMention, start: int, end: int) -> int:
    """0 inside the match, else the characters between the match and the time mention."""
    if time.start >= start and time.end <= end:
        return 0
    return max(start - time.end, time.start - end, 1)


def _in_parentheses(prepared: _Sentence, time: TimeMention) -> bool:
    """A date in parentheses is an aside ("(as of 2002, ...)"), not the sentence's date."""
    before = prepared.raw[: max(time.start - prepared.sentence.start, 0)]
    return before.count("(") > before.count(")")


def _prepare(text: str, sentence: Sentence, mentions: Sequence[EntityMention]) -> _Sentence:
    """Tokens of ``sentence`` with each mention as one ``§i§`` token."""
    raw = blank_citations(text[sentence.start : sentence.end]).replace("’", "'")
    kept: list[EntityMention] = []
    toks: list[_Token] = []
    at = sentence.start
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < at or mention.end > sentence.end:
            continue  # overlapping or outside the sentence
        toks.extend(_words(raw, sentence.start, at, mention.start))
        toks.append(_Token(f"§{len(kept)}§", mention.start, mention.end))
        kept.append(mention)
        at = mention.end
    toks.extend(_words(raw, sentence.start, at, sentence.end))
    offsets, position = [], 0
    for token in toks:
        offsets.append(position)
        position += len(token.text) + 1
    joined = "".join(t.text + " " for t in toks)
    return _Sentence(sentence, tuple(toks), tuple(offsets), joined, tuple(kept), raw)


def _words(raw: str, base: int, start: int, end: int) -> list[_Token]:
    piece = raw[start - base : end - base]
    return [
        _Token(m.group(0), start + m.start(), start + m.end()) for m in TOKEN_RE.finditer(piece)
    ]


def _evidence(result: DocumentResult, sentence: Sentence) -> EventSource:
    document = result.document
    return EventSource(
        document.name, sentence.start, sentence.end, document.text[sentence.start : sentence.end]
    )
