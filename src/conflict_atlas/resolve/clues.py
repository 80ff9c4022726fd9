"""What the words around a name tell the actor resolver: a place, a head noun, a kind.

Rules of English about names in sentences, shared by :mod:`conflict_atlas.resolve.actors`:
"in Herat" and "the town of Fuzuli" are places, "Soviet troops" names troops, an unknown
organisation with "Party" in its name is a party, "the Houthis" are a group.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from conflict_atlas.nlp import PLACE_LABEL
from conflict_atlas.resolve import lexicon
from conflict_atlas.resolve.normalize import initials
from conflict_atlas.resolve.things import names_a_thing, thing_kind

LOCATIVE = frozenset(
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
NEW_FROM = frozenset({"ORG", "PERSON", "NORP"})
_PREFIXES = frozenset({"anti", "pro", "non", "ex"})
HEADS = lexicon.FORCE_HEADS | lexicon.STATE_HEADS | lexicon.GROUP_HEADS | lexicon.PEOPLE_HEADS
#: Heads of armed men of a group named by its adjective: "Houthi fighters".
ARMED_HEADS = (
    lexicon.FORCE_HEADS | lexicon.GROUP_HEADS | frozenset(lexicon.SIDES) | {"gunmen"}
) - lexicon.CIVILIAN_HEADS
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", PLACE_LABEL})
_DASHES = frozenset({"-", "–", "—"})
_ARMED_THINGS = frozenset({"weapon", "vehicle", "aircraft", "vessel"})
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


def looks_like_place(doc: Doc, span: Span, places: frozenset[str], kind: str) -> bool:
    """ "in Herat", "Herat Province", or tagged as a place elsewhere in the document
    (``places``: texts the NER tags as places).

    A name the NER calls a person is a place only when its sentence says so (people
    share names with places): see :func:`person_as_place`.
    """
    if kind == "person":
        return person_as_place(doc, span)
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return (
        span.text in places
        or (before in LOCATIVE and before != "of")
        or after in lexicon.PLACE_HEADS
    )


def person_as_place(doc: Doc, span: Span) -> bool:
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


def in_compound(doc: Doc, start: int) -> bool:
    """ "anti-Taliban", "pro-PDPA": a name inside a word that describes, not names."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _PREFIXES


def place_texts(docs: Iterable[Doc]) -> frozenset[str]:
    """Texts NER tags as a place somewhere in the document (to reject "Herat" as ORG)."""
    return frozenset(e.text for d in docs for e in d.ents if e.label_ in _PLACE_LABELS)


def head_after(doc: Doc, at: int) -> tuple[int, str]:
    """The first lowercase word within two tokens after ``at`` that is a head noun."""
    for i in range(at, min(at + 3, len(doc))):
        word = doc[i].lower_
        if word in HEADS:
            return i, word
        if not doc[i].is_lower or doc[i].is_punct:
            break
    return -1, ""


def modifies_noun(doc: Doc, span: Span) -> bool:
    """Whether a name is an adjective of the common noun after it ("Houthi fighters",
    "the Assad regime", "Houthi-held"): then it does not name a person."""
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text in _DASHES and span.end + 1 < len(doc):
        return doc[span.end + 1].is_lower or after.text != "-"  # "Houthi-held", "Houthi–Saleh"
    root = span.root
    if root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end:
        return root.head.pos_ == "NOUN"  # "a Houthi ballistic missile"
    if after is None or not after.is_lower or not after.is_alpha:
        return False
    return after.pos_ == "NOUN" or (not after.pos_ and after.lower_ in HEADS | ARMED_HEADS)


def plural_group(doc: Doc, span: Span, label: str) -> bool:
    """ "the Houthis", "the Serbs": a one-word plural name after "the" names a group."""
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return (
        len(span) == 1
        and label in ("PERSON", "NORP")
        and before == "the"
        and span.text.endswith("s")
        and not span.text.endswith("ss")
    )


def infer_kind(span: Span, label: str, doc: Doc) -> str | None:
    """The kind of an actor not in the registry, or None when it is not an actor."""
    if label not in NEW_FROM and not defines_acronym(doc, span):
        return None
    words = {w.lower_ for w in span}
    if words & lexicon.NOT_ACTOR_WORDS or not span[0].text[:1].isupper():
        return None
    if len(span) == 1 and words & lexicon.GENERIC_WORDS:
        return None
    if names_a_thing(doc, span):
        return None
    if plural_group(doc, span, label):
        return "civilian_group" if label == "NORP" else "armed_group"
    if label == "PERSON":
        return "person" if span[0].is_title else None
    if label == "NORP":
        return "civilian_group" if span.text.endswith("s") and len(span) == 1 else None
    for kind, keys in lexicon.KIND_KEYWORDS:
        if words & keys:
            return kind
    return "armed_group"


def defines_acronym(doc: Doc, span: Span) -> bool:
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


def acronym_after(doc: Doc, span: Span) -> str | None:
    """The acronym a name defines in brackets after it, "(PDPA)"; None when there is none
    or when it cannot be this name's: a one-word name whose initial the acronym does not
    start with is the end of a longer name ("... for the former Yugoslavia (ICTY)")."""
    end = span.end
    if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return None
    acronym = doc[end + 1].text
    if not (acronym.isupper() and 2 <= len(acronym) <= 8):
        return None
    words = [t for t in span if t.is_alpha]
    if len(words) == 1 and acronym[0] != words[0].text[0].upper():
        return None
    return acronym


def one_word_name(doc: Doc, span: Span, kind: str) -> bool:
    """Whether one capitalised word the NER took for a name is one: not a common noun
    ("Deaths", "Peace" at the head of a line), not a people's adjective ("Hutu
    extremists"), not a place the sentence names with a place noun ("the Rusumo bridge")."""
    word = span[0]
    common = word.pos_ and word.pos_ != "PROPN" and not word.text.isupper()
    if common and (word.i == 0 or not word.ent_type_):
        return False  # "Deaths" heading a line; but "UNPROFOR", "the Interahamwe"
    if kind == "person" and modifies_noun(doc, span):
        return False
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return kind != "person" or after not in lexicon.PLACE_NOUNS


def known_as(doc: Doc, end: int) -> str | None:
    """The other name given after a name: "the Houthi movement, formally known as Ansar
    Allah", "..., also called X"."""
    i = end + 1 if end < len(doc) and doc[end].text == "," else end
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    if i >= len(doc) or doc[i].lemma_.lower() not in lexicon.NAMING_VERBS:
        return None
    i += 2 if i + 1 < len(doc) and doc[i + 1].lower_ == "as" else 1
    start = i
    while i < len(doc) and doc[i].is_title:
        i += 1
    return doc[start:i].text if i > start else None


def of_name(doc: Doc, at: int) -> bool:
    """Whether "of" and a name follow ``at``: "fighters of the National Movement"."""
    if at >= len(doc) or doc[at].lower_ != "of":
        return False
    after = [t for t in doc[at + 1 : at + 3] if t.lower_ != "the"]
    return bool(after) and after[0].is_title


def armed_thing(token: Token) -> bool:
    """A weapon, vehicle, aircraft or ship a state's forces use ("warships", "jets")."""
    return token.is_lower and thing_kind(token.lower_) in _ARMED_THINGS
