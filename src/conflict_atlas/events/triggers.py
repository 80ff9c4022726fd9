"""Spot event mentions: verbal, nominal and named triggers in a parsed sentence.

A :class:`Trigger` points at the token that heads the event mention ("captured", "fall",
"invasion", "Battle"); its type comes from the lexicon (``data/events/triggers.yaml``).
Table rows and their headers are handled in :mod:`conflict_atlas.events.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from conflict_atlas.events.ontology import Entry, Lexicon
from conflict_atlas.nlp import ACTOR_LABEL, PLACE_LABEL

_VERB_TAGS = ("VERB",)
_NOUN_TAGS = ("NOUN", "PROPN")


@dataclass(frozen=True, slots=True)
class Trigger:
    """An event mention in a spaCy Doc: head token index, type and how it was found."""

    token: int
    type: str
    kind: str  # verb | noun | name
    lemma: str
    start: int  # character offsets within the Doc text
    end: int


# Entity labels of parties and places: an event noun inside such a name is no event.
_NAME_LABELS = frozenset({"ORG", "NORP", "PERSON", "GPE", "FAC", "LOC", ACTOR_LABEL, PLACE_LABEL})
_NO_NEED = ""
# Needs that are grammatical roles rather than words: any direct object ("warned its
# citizens"), any clausal complement ("stated that ..."); '@place' is a direct object the
# entity recogniser calls a place ("took Kidal").
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", PLACE_LABEL})
_ROLE_NEEDS = {"@object": ("dobj",), "@clause": ("ccomp",)}


def _need(token: Token, entry: Entry) -> str | None:
    """The needed child word found under ``token`` ("" when none is needed, None if absent)."""
    if not entry.needs:  # an object or modifier may still retype it ("seized power")
        deps: tuple[str, ...] = (
            ("dobj", "nsubjpass") if token.pos_ == "VERB" else ("amod", "compound")
        )
        objects = (c.lemma_.lower() for c in token.children if c.dep_ in deps)
        return next((o for o in objects if o in entry.retype), _NO_NEED)
    for role, deps in _ROLE_NEEDS.items():
        if role in entry.needs and any(c.dep_ in deps for c in token.children):
            return role
    if "@place" in entry.needs and any(
        c.dep_ == "dobj" and c.ent_type_ in _PLACE_LABELS for c in token.children
    ):
        return "@place"
    # objects and particles first: in "rebel groups formed an alliance" the alliance decides
    for child in sorted(token.children, key=lambda c: c.dep_.startswith("nsubj")):
        for word in (child.lemma_.lower(), child.lower_):
            if word in entry.needs:
                return word
        if child.dep_ == "prep":
            for g in child.children:
                for word in (g.lemma_.lower(), g.lower_):
                    if word in entry.needs:
                        return word
    return None


def _lemma_candidates(token: Token, lexicon: Lexicon) -> list[str]:
    """The tagger's lemma, then guesses for the forms it misses ("relaunched" -> "relaunch").

    Regular endings are stripped, irregular past forms come from the lexicon's
    ``irregular`` table, and a "re-" prefix is taken off and put back ("retook" ->
    "retake").
    """
    word = token.lower_
    out = [token.lemma_.lower(), word]
    stems = [word]
    if word.startswith("re") and len(word) > 5:
        stems.append(word[2:])
    for stem in stems:
        prefix = word[: len(word) - len(stem)]
        guesses = [lexicon.irregular.get(stem, "")]
        for ending, tails in (("ied", ("y",)), ("ed", ("", "e")), ("ing", ("", "e")), ("s", ("",))):
            if stem.endswith(ending) and len(stem) > len(ending) + 2:
                guesses += [stem[: -len(ending)] + tail for tail in tails]
        out += [prefix + g for g in guesses if g]
    return out


def _verb_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    if token.pos_ not in _VERB_TAGS:
        return None
    lemma = next((w for w in _lemma_candidates(token, lexicon) if w in lexicon.verbs), None)
    if lemma is None:
        return None
    entry = lexicon.verbs[lemma]
    need = _need(token, entry)
    if need is None:
        return None
    if token.dep_ == "amod":  # a participle describing a noun: "captured soldiers"
        return None
    objects = [c.lemma_.lower() for c in token.children if c.dep_ == "dobj"]
    stopped = any(o in lexicon.objects_not_events for o in objects)
    if stopped and not entry.needs and need not in entry.retype:
        return None
    if any(o in lexicon.objects_not_events for o in _controlled(token)):
        return None
    kind = entry.type_for(need)
    return Trigger(token.i, kind, "verb", lemma, token.idx, token.idx + len(token))


def _controlled(token: Token) -> list[str]:
    """What "took control of X" takes: X's lemma, when the object is "control"."""
    return [
        pobj.lemma_.lower()
        for obj in token.children
        if obj.dep_ == "dobj" and obj.lemma_.lower() == "control"
        for prep in obj.children
        if prep.dep_ == "prep" and prep.lower_ in ("of", "over")
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _noun_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    lemma = token.lemma_.lower()
    entry = lexicon.nouns.get(lemma) or lexicon.nouns.get(token.lower_)
    if entry is None or token.pos_ not in _NOUN_TAGS or token.dep_ == "compound":
        return None
    if token.ent_type_ in _NAME_LABELS:  # "the Northern Alliance" names a party
        return None
    need = _need(token, entry)
    if need is None:
        return None
    kind = entry.type_for(need)
    return Trigger(token.i, kind, "noun", lemma, token.idx, token.idx + len(token))


def _name_spans(doc: Doc) -> list[Span]:
    spans: list[Span] = list(doc.ents)
    for chunk in doc.noun_chunks:
        while len(chunk) > 1 and chunk[0].dep_ in ("det", "poss"):
            chunk = chunk[1:]
        spans.append(chunk)
    for token in doc:
        if token.lower_ == "of" and token.head.pos_ == "PROPN":
            right = list(token.subtree)
            spans.append(doc[token.head.left_edge.i : right[-1].i + 1])
    return spans


def _name_triggers(doc: Doc, lexicon: Lexicon) -> list[Trigger]:
    found: list[Trigger] = []
    for span in _name_spans(doc):
        if not span[0].is_title and not span[0].like_num:
            continue
        text = span.text.strip()
        for name in lexicon.names:
            if name.pattern.search(text):
                head = span.root
                found.append(
                    Trigger(head.i, name.type, "name", text, span.start_char, span.end_char)
                )
                break
    return found


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[Trigger]:
    """All event triggers of ``doc`` in text order; a named event hides the words inside it."""
    named = _name_triggers(doc, lexicon)
    starts = [t.idx for t in doc]
    covered = {i for t in named for i, at in enumerate(starts) if t.start <= at < t.end}
    found = {t.token: t for t in named}
    for token in doc:
        if token.i in covered or token.i in found:
            continue
        trigger = _verb_trigger(token, lexicon) or _noun_trigger(token, lexicon)
        if trigger is not None:
            found[token.i] = trigger
    return sorted(found.values(), key=lambda t: t.start)
