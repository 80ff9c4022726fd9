"""Resolve actor mentions in sentences to canonical actors.

Methods, tried in order for each candidate span (rule entity, NER entity or run of
capitalised words): an acronym defined earlier in the document ("... (PDPA)"), an exact
registry alias, a surname of a person named earlier in the document, a demonym used as
an actor ("Soviet troops"), the normalized and vowel-blind keys, fuzzy matching, a
possessive ("Massoud's forces" is the faction he leads), and finally a new actor from
NER with an inferred kind, so a conflict without a registry still gets its actors.

Example:
    >>> mentions, actors = resolve_actors(document, sentences)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from conflict_atlas.models import (
    Actor,
    Document,
    EntityMention,
    Sentence,
    actor_id,
    content_id,
)
from conflict_atlas.nlp import (
    ACTOR_DISABLE,
    ACTOR_LABEL,
    ACTOR_RULER,
    PLACE_LABEL,
    add_entity_ruler,
    blank_citations,
    load_nlp,
    phrase_patterns,
    pipe_texts,
    place_patterns,
)
from conflict_atlas.resolve import lexicon
from conflict_atlas.resolve.normalize import initials, name_key
from conflict_atlas.resolve.registry import ActorRegistry, Match
from conflict_atlas.resolve.spans import Candidate, candidates, sub_spans

_LOCATIVE = frozenset(
    [
        "in",
        "into",
        "inside",
        "within",
        "across",
        "throughout",
        "to",
        "towards",
        "toward",
        "near",
        "at",
        "of",
        "over",
        "around",
        "through",
        "from",
        "on",
    ]
)
_NEW_FROM = frozenset({"ORG", "PERSON", "NORP"})
_PREFIXES = frozenset({"anti", "pro", "non", "ex"})
_HEADS = lexicon.FORCE_HEADS | lexicon.STATE_HEADS | lexicon.GROUP_HEADS | lexicon.PEOPLE_HEADS
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", PLACE_LABEL})
# Prepositions after which a name the NER calls a person is a place ("in Shusha"); the
# narrow ones ("at", "from") only for a one-word name ("fired at Karmal Babrak" is not).
_PLACE_PREPS = frozenset({"in", "into", "inside", "near"})
_PLACE_PREPS_ONE_WORD = _PLACE_PREPS | {"at", "from"}
# Verbs whose object is a place: towns are captured, seized and shelled, people are not.
_PLACE_VERBS = frozenset(
    {
        "capture",
        "recapture",
        "seize",
        "take",
        "retake",
        "overrun",
        "occupy",
        "liberate",
        "shell",
        "bombard",
        "besiege",
        "enter",
        "evacuate",
    }
)
# Nouns saying a name is a settlement or an area ("Ganja, a city", "the town of Fuzuli").
_SETTLEMENTS = lexicon.PLACE_HEADS | {"town", "village", "capital", "region", "settlement"}


@dataclass(slots=True)
class _Found:
    """A resolved span (token offsets in the sentence doc)."""

    start: int
    end: int
    actor_id: str
    method: str
    score: float = 1.0


@dataclass(slots=True)
class _DocState:
    """What one document has taught the resolver so far."""

    acronyms: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    new: dict[str, Actor] = field(default_factory=dict)
    new_keys: dict[str, str] = field(default_factory=dict)
    used: list[str] = field(default_factory=list)
    places: frozenset[str] = frozenset()
    named_here: set[str] = field(default_factory=set)


class ActorResolver:
    """Finds and resolves actor mentions; loads spaCy and its rules once.

    Args:
        registry: actor registry; by default the registries shipped with the package.
        nlp: a spaCy pipeline; by default ``conflict_atlas.nlp.load_nlp()``. An
            EntityRuler with the registry's names is added before ``ner``.
    """

    def __init__(
        self,
        registry: ActorRegistry | None = None,
        nlp: Language | None = None,
        *,
        place_names: Iterable[str] = (),
    ) -> None:
        self.registry = registry if registry is not None else ActorRegistry.load()
        self.nlp = nlp if nlp is not None else load_nlp()
        places = sorted(set(place_names))
        self.ruler = f"{ACTOR_RULER}_{self.registry.fingerprint()}_{content_id(*places)[:6]}"
        if self.ruler not in self.nlp.pipe_names:
            pairs = (
                (form, aid) for aid in self.registry.entries for form in self.registry.names(aid)
            )
            patterns = phrase_patterns(pairs) + place_patterns(places)
            if patterns:
                add_entity_ruler(self.nlp, patterns, name=self.ruler)
        others = [p for p in self.nlp.pipe_names if p.startswith(ACTOR_RULER) and p != self.ruler]
        self.disable = (*ACTOR_DISABLE, *others)

    def __call__(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        *,
        docs: Sequence[Doc] | None = None,
    ) -> tuple[list[EntityMention], list[Actor]]:
        """Return the actor mentions of ``sentences`` and the actors they refer to.

        ``docs`` are spaCy Docs of the sentences already made by :meth:`parse` (so other
        stages can share one parse); by default they are made here without the parser.
        """
        if docs is None:
            texts = sentence_texts(document, sentences)
            docs = list(pipe_texts(self.nlp, texts, disable=self.disable))
        state = _DocState(places=_place_texts(docs))
        mentions: list[EntityMention] = []
        for sentence, doc in zip(sentences, docs, strict=True):
            state.named_here = set()
            for found in self.resolve_doc(doc, state):
                mentions.append(_mention(document, sentence, doc, found))
        return mentions, self._actors(state)

    def parse(self, document: Document, sentences: Sequence[Sentence]) -> list[Doc]:
        """Full spaCy parse (tags, dependencies, lemmas, entities with this registry's
        rules) of ``sentences``, citation markers blanked so offsets stay aligned."""
        return list(self.parse_texts(sentence_texts(document, sentences)))

    def parse_texts(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Full spaCy parse of ``texts`` as one stream (see :meth:`parse`).

        Give it the sentences of many documents at once and spaCy fills its batches
        across document boundaries.
        """
        others = tuple(name for name in self.disable if name not in ACTOR_DISABLE)
        return pipe_texts(self.nlp, texts, disable=others)

    def _actors(self, state: _DocState) -> list[Actor]:
        actors = [self.registry.actor(a) for a in dict.fromkeys(state.used) if a in self.registry]
        return actors + list(state.new.values())

    def resolve_doc(self, doc: Doc, state: _DocState) -> list[_Found]:
        """Resolve the candidate spans of one sentence ``doc``."""
        out: list[_Found] = []
        until = 0
        for cand in candidates(doc):
            if cand.start < until:
                continue
            found = self._resolve(doc, cand, state)
            if found is None:
                continue
            found = self._extend(doc, found, state)
            self._learn(doc, found, state)
            out.append(found)
            until = found.end
        return out

    # --- resolution ------------------------------------------------------------------

    def _resolve(self, doc: Doc, cand: Candidate, state: _DocState) -> _Found | None:
        span = doc[cand.start : cand.end]
        if _in_compound(doc, cand.start):
            return None  # "anti-Taliban", "pro-PDPA" describe, they do not name
        if (aid := state.acronyms.get(span.text)) is not None:
            return _Found(cand.start, cand.end, aid, "acronym")
        sid = self.registry.demonym(span[:-1].text) if len(span) > 1 else None
        if sid is not None and span[-1].lower_ in _HEADS:
            return self._demonym_found(doc, span[:-1], sid, state)
        match = self._match(span, cand, state)
        if match is None and cand.label != ACTOR_LABEL:
            match_span = self._inner(span)
            if match_span is not None:
                return match_span
        if match is not None and match.method == "demonym":
            return self._demonym_found(doc, span, match.actor_id, state)
        if match is not None:
            return self._found(doc, span, match, state)
        return self._new(doc, span, cand, state)

    def _demonym_found(self, doc: Doc, span: Span, sid: str, state: _DocState) -> _Found | None:
        found = self._demonym(doc, _Found(span.start, span.end, sid, "demonym"), state)
        return found if found is not None else self._people(doc, span, sid, state)

    def _match(self, span: Span, cand: Candidate, state: _DocState) -> Match | None:
        if cand.ent_id and cand.ent_id in self.registry:
            return Match(cand.ent_id, "exact")
        if (state_id := self.registry.demonym(span.text)) is not None:
            return Match(state_id, "demonym")
        if len(span) == 1 and (pid := state.people.get(name_key(span.text))):
            return Match(pid, "surname", 0.9)
        match = self.registry.lookup(span.text, fuzzy=len(span) > 1)
        if match is None and len(span) == 1 and cand.label != "NORP":
            return self._registry_surname(span.text)
        return match

    def _registry_surname(self, word: str) -> Match | None:
        ids = self.registry.surname(word)
        ranked = sorted(ids, key=lambda a: -self.registry.entries[a].prominence)
        if len(ranked) == 1 or (
            len(ranked) > 1
            and self.registry.entries[ranked[0]].prominence
            > self.registry.entries[ranked[1]].prominence
        ):
            return Match(ranked[0], "surname", 0.7)
        return None

    def _inner(self, span: Span) -> _Found | None:
        """A registry name inside a longer, noisy span ("Tajik Atta Muhammad Nur")."""
        for sub in sub_spans(span):
            match = self.registry.lookup(sub.text, fuzzy=False)
            if match is not None and (len(sub) > 1 or match.method == "exact"):
                return _Found(sub.start, sub.end, match.actor_id, match.method, match.score)
        return None

    def _found(self, doc: Doc, span: Span, match: Match, state: _DocState) -> _Found | None:
        if match.actor_id not in self.registry:
            return _Found(span.start, span.end, match.actor_id, match.method, match.score)
        kind = self.registry.actor(match.actor_id).kind
        if kind == "state" and len(span) == 1 and match.method != "demonym":
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if before in _LOCATIVE:
                return None  # "in Pakistan" is a place, left to the place resolver
        found = _Found(span.start, span.end, match.actor_id, match.method, match.score)
        if kind == "state" and found.end < len(doc):
            head = doc[found.end].lower_
            if head in lexicon.FORCE_HEADS or head in lexicon.STATE_HEADS:
                return self._demonym(doc, found, state) or found
        return found

    def _demonym(self, doc: Doc, found: _Found, state: _DocState) -> _Found | None:
        """Demonym as actor: "Soviet troops" are the state's forces, "the Soviets" the state.

        A state whose registry entry names no ``forces`` gets its forces as written
        ("Azerbaijani special forces"): a ``state_forces`` actor of that country.
        """
        last = doc[found.end - 1].text
        if last.endswith("s") and last[0].isupper() and self.registry.demonym(last) is not None:
            return found
        head_at, head = _head_after(doc, found.end)
        state_entry = self.registry.entries[found.actor_id]
        if state_entry.actor.kind == "civilian_group":
            return None  # "Tajik forces" are a militia of that people, see _people
        if head in lexicon.FORCE_HEADS and state_entry.forces in self.registry.by_name:
            return _Found(
                found.start, head_at + 1, self.registry.by_name[state_entry.forces], "demonym"
            )
        if head in lexicon.FORCE_HEADS and state_entry.actor.kind == "state":
            name = doc[found.start : head_at + 1].text
            country = state_entry.actor.country or state_entry.actor.name
            aid = self._text_actor(state, name, "state_forces", country)
            return _Found(found.start, head_at + 1, aid, "demonym", 0.8)
        if head in lexicon.FORCE_HEADS or head in lexicon.STATE_HEADS:
            return _Found(found.start, head_at + 1, found.actor_id, "demonym")
        return None  # an adjective ("Soviet–Afghan War") or a people ("Pakistani nationals")

    def _new(self, doc: Doc, span: Span, cand: Candidate, state: _DocState) -> _Found | None:
        kind = _infer_kind(span, cand.label, doc)
        if kind is None or _looks_like_place(doc, span, state, kind):
            return None
        name = span.text.removesuffix("'s").removesuffix("’s").strip()
        aid = self._text_actor(state, name, kind)
        return _Found(span.start, span.end, aid, "ner", 0.5)

    @staticmethod
    def _text_actor(state: _DocState, name: str, kind: str, country: str | None = None) -> str:
        """The id of the actor found in the text under ``name`` (made on first use)."""
        key = name_key(name)
        aid = state.new_keys.get(key)
        if aid is None:
            aid = actor_id(name, kind)
            state.new_keys[key] = aid
            state.new[aid] = Actor(aid, name, kind, (), country, (), "text")
        elif name not in (old := state.new[aid]).aliases and name != old.name:
            state.new[aid] = replace(old, aliases=(*old.aliases, name))
        return aid

    def _people(self, doc: Doc, span: Span, state_id: str, state: _DocState) -> _Found | None:
        """ "Pakistani nationals", "Tajik forces": a group of that country or people."""
        head_at, head = _head_after(doc, span.end)
        owner = self.registry.actor(state_id)
        armed = (
            lexicon.FORCE_HEADS | lexicon.GROUP_HEADS
            if owner.kind == "civilian_group"
            else frozenset()
        )
        if head not in lexicon.PEOPLE_HEADS and head not in armed:
            return None
        name = f"{span.text} {head}"
        kind = "civilian_group" if head in lexicon.CIVILIAN_HEADS else "militia"
        aid = actor_id(name, kind)
        country = owner.country or owner.name
        state.new.setdefault(aid, Actor(aid, name, kind, (), country, (), "text"))
        return _Found(span.start, head_at + 1, aid, "demonym", 0.8)

    # --- context ---------------------------------------------------------------------

    def _extend(self, doc: Doc, found: _Found, state: _DocState) -> _Found:
        """Possessive: "Hekmatyar's party" is the party he leads."""
        if found.actor_id not in self.registry or found.end + 1 >= len(doc):
            return found
        if doc[found.end].text not in {"'s", "’s", "'"}:
            return found
        head_at, head = _head_after(doc, found.end + 1)
        targets = self.registry.leader_targets(found.actor_id)
        if not targets or not head or self.registry.actor(found.actor_id).kind != "person":
            return found
        if head in lexicon.STATE_HEADS:
            pick = [t for t in targets if self.registry.actor(t).kind == "state"]
        elif head in lexicon.FORCE_HEADS or head in lexicon.GROUP_HEADS:
            pick = [t for t in targets if self.registry.actor(t).kind != "state"]
        else:
            return found
        if not pick:
            return found
        return _Found(found.start, head_at + 1, pick[0], "possessive", 0.9)

    def _learn(self, doc: Doc, found: _Found, state: _DocState) -> None:
        state.used.append(found.actor_id)
        kind = self._kind(found.actor_id, state)
        if kind == "person" and found.method != "possessive":
            self._learn_person(doc[found.start : found.end].text, found.actor_id, state)
        end = found.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acronym = doc[end + 1].text
            if acronym.isupper() and 2 <= len(acronym) <= 8:
                state.acronyms[acronym] = found.actor_id
                if (new := state.new.get(found.actor_id)) and acronym not in new.aliases:
                    state.new[found.actor_id] = replace(new, aliases=(*new.aliases, acronym))

    def _learn_person(self, text: str, aid: str, state: _DocState) -> None:
        """Remember surnames; in "X, son of Y" the first person named keeps the surname."""
        names = [text, *(self.registry.names(aid) if aid in self.registry else ())]
        for name in names:
            key = name_key(name).split()
            if len(key) < 2 or self.registry.demonym(key[-1]) is not None:
                continue
            if key[-1] not in state.named_here:
                state.people[key[-1]] = aid
                state.named_here.add(key[-1])

    def _kind(self, aid: str, state: _DocState) -> str:
        if aid in self.registry:
            return self.registry.actor(aid).kind
        return state.new[aid].kind if aid in state.new else ""


def sentence_texts(document: Document, sentences: Iterable[Sentence]) -> Iterator[str]:
    """The texts spaCy parses: each sentence's raw text, citation markers blanked."""
    return (blank_citations(document.text[s.start : s.end]) for s in sentences)


def _looks_like_place(doc: Doc, span: Span, state: _DocState, kind: str) -> bool:
    """ "in Herat", "Herat Province", or tagged as a place elsewhere in the document.

    A name the NER calls a person is a place only when its sentence says so (people
    share names with places): see :func:`_person_as_place`.
    """
    if kind == "person":
        return _person_as_place(doc, span)
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return (
        span.text in state.places
        or (before in _LOCATIVE and before != "of")
        or after in lexicon.PLACE_HEADS
    )


def _person_as_place(doc: Doc, span: Span) -> bool:
    """Whether a name tagged PERSON is used as a place: after "in/into/near" ("in
    Stepanakert"; "at/from" too for one word), after "the town of", one word as the
    object of a verb that takes places ("captured Jabrayil", "Shusha was seized"), the
    subject of "fell to", or with a settlement noun in apposition ("Stepanakert, the
    main town").

    Only names neither the registry nor the document has introduced get here, so a
    one-word name is rarely a person the text has not named in full before.
    """
    before = doc[span.start - 1] if span.start > 0 else None
    one_word = len(span) == 1
    if before is not None:
        word = before.lower_
        if word in _PLACE_PREPS or (one_word and word in _PLACE_PREPS_ONE_WORD):
            return True
        if word == "of" and span.start >= 2 and doc[span.start - 2].lower_ in _SETTLEMENTS:
            return True
    root = span.root
    head = root.head
    verb = head.lemma_.lower() if head.i != root.i else ""
    if one_word and root.dep_ in ("dobj", "nsubjpass") and verb in _PLACE_VERBS:
        return True  # a full name is a person even when captured ("Gul Aqa was captured")
    if root.dep_ == "nsubj" and verb == "fall" and any(c.lower_ == "to" for c in head.children):
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in _SETTLEMENTS for c in root.children)


def _in_compound(doc: Doc, start: int) -> bool:
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _PREFIXES


def _place_texts(docs: Iterable[Doc]) -> frozenset[str]:
    """Texts NER tags as a place somewhere in the document (to reject "Herat" as ORG)."""
    return frozenset(e.text for d in docs for e in d.ents if e.label_ in _PLACE_LABELS)


def _head_after(doc: Doc, at: int) -> tuple[int, str]:
    """The first lowercase word within two tokens after ``at`` that is a head noun."""
    for i in range(at, min(at + 3, len(doc))):
        word = doc[i].lower_
        if word in _HEADS:
            return i, word
        if not doc[i].is_lower or doc[i].is_punct:
            break
    return -1, ""


def _infer_kind(span: Span, label: str, doc: Doc) -> str | None:
    """The kind of an actor not in the registry, or None when it is not an actor."""
    if label not in _NEW_FROM and not _defines_acronym(doc, span):
        return None
    words = {w.lower_ for w in span}
    if words & lexicon.NOT_ACTOR_WORDS or not span[0].text[:1].isupper():
        return None
    if len(span) == 1 and words & lexicon.GENERIC_WORDS:
        return None
    if label == "PERSON":
        return "person" if span[0].is_title else None
    if label == "NORP":
        return "civilian_group" if span.text.endswith("s") and len(span) == 1 else None
    for kind, keys in lexicon.KIND_KEYWORDS:
        if words & keys:
            return kind
    return "armed_group"


def _defines_acronym(doc: Doc, span: Span) -> bool:
    """A name of several words followed by an acronym: "Army of Republika Srpska (VRS)".

    The letters need not match: acronyms often come from another language.
    """
    end = span.end
    if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return False
    acronym = doc[end + 1].text
    if not (acronym.isupper() and acronym.isalpha() and 2 <= len(acronym) <= 8):
        return False
    return initials(span.text) == acronym or sum(t.is_title for t in span) >= 2


def _mention(document: Document, sentence: Sentence, doc: Doc, found: _Found) -> EntityMention:
    start = sentence.start + doc[found.start].idx
    end = sentence.start + doc[found.end - 1].idx + len(doc[found.end - 1].text)
    return EntityMention(
        doc_id=document.id,
        sentence_id=sentence.id,
        start=start,
        end=end,
        text=document.text[start:end],
        kind="actor",
        entity_id=found.actor_id,
        method=found.method,
        score=found.score,
    )


def resolve_actors(
    document: Document,
    sentences: Sequence[Sentence],
    *,
    registry: ActorRegistry | None = None,
    nlp: Language | None = None,
) -> tuple[list[EntityMention], list[Actor]]:
    """Resolve the actor mentions of one document (see :class:`ActorResolver`)."""
    return ActorResolver(registry, nlp)(document, sentences)


def merge_actors(groups: Iterable[Iterable[Actor]]) -> list[Actor]:
    """Merge actors found in several documents: one actor per id, aliases united."""
    merged: dict[str, Actor] = {}
    for actor in (a for group in groups for a in group):
        old = merged.get(actor.id)
        if old is None:
            merged[actor.id] = actor
            continue
        aliases = tuple(dict.fromkeys(old.aliases + actor.aliases))
        affs = tuple(dict.fromkeys(old.affiliations + actor.affiliations))
        merged[actor.id] = Actor(
            old.id, old.name, old.kind, aliases, old.country or actor.country, affs, old.source
        )
    return list(merged.values())
