"""Resolve actor mentions in sentences to canonical actors.

Methods, tried in order for each candidate span (rule entity, NER entity or run of
capitalised words): an acronym defined earlier in the document ("... (PDPA)"), an exact
registry alias, a surname of a person named earlier in the document ("Assad",
"al-Assad", "President Assad"), a demonym used as an actor ("Soviet troops" are the
Soviet Union's forces, "the Soviets" the state), the normalized and vowel-blind keys,
fuzzy matching, a possessive ("Massoud's forces" is the faction he leads), armed men of
a group named by its adjective ("Houthi fighters"), and finally a new actor from NER
with an inferred kind, so a conflict without a registry still gets its actors. Sides
the text names by a common noun ("the rebels", "coalition aircraft") are actors too
(:mod:`conflict_atlas.resolve.sides`).

What the document is about decides which registry names apply (its
:class:`~conflict_atlas.models.Setting`); text the place stage resolved as a place is
never an actor, nor is a weapon, a vehicle, a ship or a medium
(:mod:`conflict_atlas.resolve.things`). Once the whole document is read, names of one
referent become one actor (:mod:`conflict_atlas.resolve.identity`).

Example:
    >>> mentions, actors = resolve_actors(document, sentences)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from conflict_atlas.models import (
    Actor,
    Document,
    EntityMention,
    Sentence,
    Setting,
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
)
from conflict_atlas.resolve import identity, lexicon
from conflict_atlas.resolve.clues import (
    ARMED_HEADS,
    HEADS,
    LOCATIVE,
    acronym_after,
    in_compound,
    infer_kind,
    known_as,
    looks_like_place,
    modifies_noun,
    of_name,
    one_word_name,
    place_texts,
)
from conflict_atlas.resolve.docstate import DocState, Found, text_actor
from conflict_atlas.resolve.forces import StateForces
from conflict_atlas.resolve.leaders import Possessives, leaders, with_leaders
from conflict_atlas.resolve.normalize import name_key
from conflict_atlas.resolve.registry import ActorRegistry, Match
from conflict_atlas.resolve.spans import Candidate, candidates, sub_spans

_NOT_SIDES = frozenset({"person", "state", "state_forces"})
#: Heads of armed men named "<adjective> forces" whatever the text calls them.
_FORCES_WORDS = lexicon.FORCE_HEADS | {"fighters", "gunmen"}
_NAME_ENTS = frozenset({"", "NORP", "ORG", "PERSON", "GPE", "ACTOR"})
#: The score of a surname of a person the document has named in full.
_DOC_SURNAME = 0.9


class ActorResolver(StateForces, Possessives):
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
    ) -> None:
        self.registry = registry if registry is not None else ActorRegistry.load()
        self.nlp = nlp if nlp is not None else load_nlp()
        # places are told apart after the parse (``place_spans``), not by ruler patterns
        self.ruler = f"{ACTOR_RULER}_{self.registry.fingerprint()}"
        if self.ruler not in self.nlp.pipe_names:
            pairs = (
                (form, aid) for aid in self.registry.entries for form in self.registry.names(aid)
            )
            patterns = phrase_patterns(pairs)
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
        setting: Setting | None = None,
        place_spans: frozenset[tuple[int, int]] = frozenset(),
    ) -> tuple[list[EntityMention], list[Actor]]:
        """Return the actor mentions of ``sentences`` and the actors they refer to.

        ``docs`` are spaCy Docs of the sentences already made by :meth:`parse` (so other
        stages can share one parse); by default they are made here without the parser.
        ``setting`` says where and when the document is set: registry names scoped to
        other countries or periods do not apply (without it every name does).
        ``place_spans`` are the ``(start, end)`` character offsets of the text the place
        stage resolved as places: a candidate overlapping one is never an actor.
        """
        if docs is None:
            texts = sentence_texts(document, sentences)
            docs = list(pipe_texts(self.nlp, texts, disable=self.disable))
        spans = sorted(place_spans)
        state = DocState(
            doc_id=document.id,
            places=place_texts(docs),
            setting=setting,
            place_starts=tuple(s for s, _ in spans),
            place_ends=tuple(e for _, e in spans),
        )
        mentions: list[EntityMention] = []
        for sentence, doc in zip(sentences, docs, strict=True):
            state.named_here = set()
            state.offset = sentence.start
            for found in self.resolve_doc(doc, state):
                mentions.append(_mention(document, sentence, doc, found))
        merges = self._merges(state)
        mentions = [
            replace(m, entity_id=identity.resolved(merges, m.entity_id))
            if m.entity_id in merges
            else m
            for m in mentions
        ]
        return mentions, self._actors(state, merges)

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

    def _actors(self, state: DocState, merges: dict[str, str]) -> list[Actor]:
        used = [a for a in dict.fromkeys(state.used) if a not in merges]
        actors = {a: self.registry.actor(a) for a in used if a in self.registry}
        actors |= {a: state.new[a] for a in state.new if a not in merges}
        leads = {
            identity.resolved(merges, p): identity.resolved(merges, g)
            for p, g in state.leads.items()
        }
        actors |= with_leaders(actors, leads)  # "the VRS under Mladić"
        for old, new in merges.items():  # what was merged away lends its names
            target = identity.resolved(merges, new)
            gone, kept = state.new.get(old), actors.get(target)
            if gone is not None and kept is not None and kept.source == "text":
                extra = (n for n in (gone.name, *gone.aliases) if n != kept.name)
                aliases = tuple(dict.fromkeys((*kept.aliases, *extra)))
                actors[target] = replace(kept, aliases=aliases)
        return list(actors.values())

    def _merges(self, state: DocState) -> dict[str, str]:
        """Ids to merge once the document is read (see :mod:`~conflict_atlas.resolve.identity`)."""
        persons = [
            (aid, self._name(aid, state), aid not in self.registry)
            for aid in dict.fromkeys([*state.used, *state.new])
            if self._kind(aid, state) == "person"
        ]
        merges = identity.person_merges(persons)
        for sid, named in state.named_forces.items():
            derived = self.registry.derived.get(sid)
            if derived is not None and derived != named:
                merges[derived] = named
        merges |= identity.plural_merges(state.adjectival, state.plurals)
        merges |= identity.side_merges(state.sides.own, state.sides.bindings)
        return merges

    def resolve_doc(self, doc: Doc, state: DocState) -> list[Found]:
        """Resolve the candidate spans of one sentence ``doc``."""
        out: list[Found] = []
        until = 0
        for cand in candidates(doc, keep=lambda ent: self._keeps(doc, ent, state)):
            if cand.start < until:
                continue
            found = self._resolve(doc, cand, state)
            if found is None:
                continue
            found = self._extend(doc, found, state)
            self._learn(doc, found, state)
            out.append(found)
            until = found.end
        out.extend(self._sides(doc, out, state))
        owners = {i: f.actor_id for f in out for i in range(f.start, f.end)}
        for person, group in leaders(doc, owners, lambda aid: self._kind(aid, state)):
            state.leads[person] = group
        return sorted(out, key=lambda f: f.start)

    def _keeps(self, doc: Doc, ent: Span, state: DocState) -> bool:
        """Whether a name the rules found stands: a registry name that applies to this
        document, a place name the place stage resolved (when it says which it did)."""
        if ent.label_ == PLACE_LABEL:
            return not state.place_starts or _is_place(doc, ent, state)
        aid = ent.ent_id_
        return aid not in self.registry or self.registry.fits(aid, state.setting, ent.text)

    # --- resolution ------------------------------------------------------------------

    def _resolve(self, doc: Doc, cand: Candidate, state: DocState) -> Found | None:
        span = doc[cand.start : cand.end]
        if in_compound(doc, cand.start):
            return None  # "anti-Taliban", "pro-PDPA" describe, they do not name
        if (aid := state.acronyms.get(span.text)) is not None:
            return Found(cand.start, cand.end, aid, "acronym")
        setting = state.setting
        sid = self.registry.demonym(span[:-1].text, setting=setting) if len(span) > 1 else None
        if sid is not None and span[-1].lower_ in HEADS:
            return self._demonym_found(doc, span[:-1], sid, state)
        match = self._match(doc, span, cand, state)
        guess = match is None or (match.method == "surname" and match.score < _DOC_SURNAME)
        if guess and _is_place(doc, span, state):
            return None  # a name the place stage resolved: a town, not a namesake person
        if match is None and cand.label != ACTOR_LABEL:
            match_span = self._inner(span, state)
            if match_span is not None:
                return match_span
        if match is not None and match.method == "demonym":
            return self._demonym_found(doc, span, match.actor_id, state)
        if match is not None:
            return self._found(doc, span, match, state)
        return self._adjectival(doc, span, state) or self._new(doc, span, cand, state)

    def _match(self, doc: Doc, span: Span, cand: Candidate, state: DocState) -> Match | None:
        setting = state.setting
        if cand.ent_id and cand.ent_id in self.registry:
            return Match(cand.ent_id, "exact")
        if (state_id := self.registry.demonym(span.text, setting=setting)) is not None:
            return Match(state_id, "demonym")
        surname = _surname(span)
        if surname and not modifies_noun(doc, span) and (pid := state.people.get(surname)):
            return Match(pid, "surname", _DOC_SURNAME)
        match = self.registry.lookup(span.text, fuzzy=len(span) > 1, setting=setting)
        if match is None and len(span) == 1 and cand.label != "NORP":
            return None if modifies_noun(doc, span) else self._registry_surname(span.text, state)
        return match

    def _registry_surname(self, word: str, state: DocState) -> Match | None:
        ids = self.registry.surname(word, setting=state.setting)
        ranked = sorted(ids, key=lambda a: -self.registry.entries[a].prominence)
        if len(ranked) == 1 or (
            len(ranked) > 1
            and self.registry.entries[ranked[0]].prominence
            > self.registry.entries[ranked[1]].prominence
        ):
            return Match(ranked[0], "surname", 0.7)
        return None

    def _inner(self, span: Span, state: DocState) -> Found | None:
        """A registry name or an acronym the document defined inside a longer, noisy
        span ("Tajik Atta Muhammad Nur", "lightly armed ARBiH units")."""
        for sub in sub_spans(span):
            if (aid := state.acronyms.get(sub.text)) is not None:
                return Found(sub.start, sub.end, aid, "acronym")
            match = self.registry.lookup(sub.text, fuzzy=False, setting=state.setting)
            if match is not None and (len(sub) > 1 or match.method == "exact"):
                return Found(sub.start, sub.end, match.actor_id, match.method, match.score)
        return None

    def _found(self, doc: Doc, span: Span, match: Match, state: DocState) -> Found | None:
        if match.actor_id not in self.registry:
            return Found(span.start, span.end, match.actor_id, match.method, match.score)
        kind = self.registry.actor(match.actor_id).kind
        if kind == "state" and len(span) == 1 and match.method != "demonym":
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if before in LOCATIVE:
                return None  # "in Pakistan" is a place, left to the place resolver
        found = Found(span.start, span.end, match.actor_id, match.method, match.score)
        after = doc[found.end].lower_ if found.end < len(doc) else ""
        if after in lexicon.UN_FIELD_HEADS and self._is_un(match.actor_id):
            mission = self.mission(state, united_nations=True)  # "UN peacekeepers"
            if mission is not None:
                return Found(span.start, found.end + 1, mission, "mission", 0.8)
        if kind == "state" and found.end < len(doc):
            head = doc[found.end].lower_
            if head in lexicon.FORCE_HEADS or head in lexicon.STATE_HEADS:
                return self._demonym(doc, found, state) or found
        return found

    def _adjectival(self, doc: Doc, span: Span, state: DocState) -> Found | None:
        """ "Houthi fighters", "Serb paramilitaries": armed men of a group its adjective
        names; one actor per adjective, the group itself once the text names it by its
        plural ("the Houthis"). A known group's adjective before any noun is the group
        ("a Houthi missile")."""
        word = span[0]
        if len(span) != 1 or not word.is_title:
            return None
        known = state.new_keys.get(f"adjective:{name_key(span.text)}")
        after_word = doc[span.end].lower_ if span.end < len(doc) else ""
        if known is not None and after_word not in ARMED_HEADS | lexicon.PLACE_NOUNS:
            return Found(span.start, span.end, known, "adjective", 0.7)  # "the Interahamwe"
        if span.end >= len(doc):
            return None
        after = doc[span.end]
        if after.lower_ in lexicon.CIVILIAN_HEADS and word.ent_type_ in ("NORP", "PERSON"):
            aid = text_actor(state, f"{span.text} {after.text}", "civilian_group")
            return Found(span.start, span.end + 1, aid, "adjective", 0.7)  # "Tutsi civilians"
        if word.lower_ in lexicon.GENERIC_WORDS or word.pos_ not in ("PROPN", ""):
            return None  # "Government forces", "Muslim militias": a capital, not a name
        if word.ent_type_ not in _NAME_ENTS or (not word.pos_ and not word.ent_type_):
            return None  # "November coalition": a date
        key = name_key(span.text)
        if key in state.plurals and modifies_noun(doc, span):  # "Houthi-held", "a Houthi missile"
            return Found(span.start, span.end, state.plurals[key], "adjective", 0.7)
        if after.lower_ not in ARMED_HEADS or after.lower_ in lexicon.STATE_HEADS:
            return None
        if of_name(doc, span.end + 1):
            return None  # "Tuareg fighters of the MNLA": the fighters are the MNLA's
        known = state.new_keys.get(f"adjective:{key}")
        if known is None:
            head = "forces" if after.lower_ in _FORCES_WORDS else after.text
            known = text_actor(state, f"{span.text} {head}", "armed_group")
            state.new_keys[f"adjective:{key}"] = known
            state.adjectival[known] = key
        return Found(span.start, span.end + 1, known, "adjective", 0.7)

    def _new(self, doc: Doc, span: Span, cand: Candidate, state: DocState) -> Found | None:
        kind = infer_kind(span, cand.label, doc)
        if kind is None or looks_like_place(doc, span, state.places, kind):
            return None
        if kind == "state_forces" and (named := self._forces_name(span, state)) is not None:
            return named
        if kind == "person" and self.registry.demonym(span[0].text, setting=state.setting):
            kind = "civilian_group"  # "Burundian Hutu" are people of a country, not a person
        if len(span) == 1 and not one_word_name(doc, span, kind):
            return None
        name = span.text.removesuffix("'s").removesuffix("’s").strip()
        aid = text_actor(state, name, kind)
        if kind == "armed_group" and name.endswith("s") and len(span) == 1:
            state.plurals.setdefault(name_key(name)[:-1], aid)  # "the Houthis"
        return Found(span.start, span.end, aid, "ner", 0.5)

    # --- sides -----------------------------------------------------------------------

    def _sides(self, doc: Doc, found: Sequence[Found], state: DocState) -> list[Found]:
        """Side words of the sentence ("the rebels"): see :mod:`~conflict_atlas.resolve.sides`."""
        owners = {
            i: f.actor_id
            for f in found
            if self._kind(f.actor_id, state) not in _NOT_SIDES
            for i in range(f.start, f.end)
        }
        taken = {i for f in found for i in range(f.start, f.end)}
        spans = state.sides.find(
            doc,
            owners,
            taken,
            lambda side, written, kind, adjective: self._side_actor(
                state, side, written, kind, adjective
            ),
        )
        return [Found(i, i + 1, aid, "side", 0.6) for i, aid in spans]

    def _side_actor(
        self, state: DocState, side: str, written: str, kind: str, adjective: str | None
    ) -> str:
        """The document's own actor for a side ("rebels", "Syrian rebels"); peacekeepers
        are the peace operation serving where and when the document is set."""
        if side == "peacekeepers" and (mission := self.mission(state)) is not None:
            return mission
        sid = self.registry.demonym(adjective, setting=state.setting) if adjective else None
        owner = self.registry.actor(sid) if sid is not None else None
        aid = content_id("side", state.doc_id, written, kind)
        country = owner.country if owner is not None else None
        state.new[aid] = Actor(aid, written, kind, (), country, (), "text")
        return aid

    # --- context ---------------------------------------------------------------------

    def _learn(self, doc: Doc, found: Found, state: DocState) -> None:
        state.used.append(found.actor_id)
        kind = self._kind(found.actor_id, state)
        if kind == "person" and found.method != "possessive":
            self._learn_person(doc[found.start : found.end].text, found.actor_id, state)
        acronym = acronym_after(doc, doc[found.start : found.end])
        other = acronym or known_as(doc, found.end)
        if other is not None:
            state.acronyms[other] = found.actor_id
            if (new := state.new.get(found.actor_id)) and other not in new.aliases:
                state.new[found.actor_id] = replace(new, aliases=(*new.aliases, other))

    def _learn_person(self, text: str, aid: str, state: DocState) -> None:
        """Remember surnames; in "X, son of Y" the first person named keeps the surname."""
        names = [text, *(self.registry.names(aid) if aid in self.registry else ())]
        for name in names:
            key = identity.name_words(name)
            if len(key) < 2 or self.registry.demonym(key[-1]) is not None:
                continue
            if key[-1] not in state.named_here:
                state.people[key[-1]] = aid
                state.named_here.add(key[-1])


def sentence_texts(document: Document, sentences: Iterable[Sentence]) -> Iterator[str]:
    """The texts spaCy parses: each sentence's raw text, citation markers blanked."""
    return (blank_citations(document.text[s.start : s.end]) for s in sentences)


def _is_place(doc: Doc, span: Span, state: DocState) -> bool:
    """Whether the place stage resolved text overlapping ``span`` as a place."""
    end = span[-1].idx + len(span[-1])
    return state.in_place(state.offset + span[0].idx, state.offset + end)


def _surname(span: Span) -> str | None:
    """The one word a span names a person by, particles and titles aside ("Assad",
    "al-Assad", "President Assad"), or None when it has more words."""
    words = identity.name_words(span.text)
    return words[0] if len(words) == 1 else None


def _mention(document: Document, sentence: Sentence, doc: Doc, found: Found) -> EntityMention:
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
