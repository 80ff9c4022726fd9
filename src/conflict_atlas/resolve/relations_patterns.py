"""The relation pattern file: word lists and templates, compiled to regular expressions.

Templates (``data/relations/patterns.yaml``, documented at its top and in
``docs/network.md``) are matched against a sentence whose resolved actor mentions are
replaced by one token each (``§3§``); every token is followed by one space, so a template
item compiles to a regex piece that consumes ``"token "``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from conflict_atlas.errors import AtlasError
from conflict_atlas.resolve.yaml_data import safe_load

#: Tokens of a sentence: a possessive, a word (with inner apostrophes or dots), or one
#: punctuation character. Hyphens split words, so "US-backed" is "US - backed".
TOKEN_RE = re.compile(r"'s\b|\w+(?:['.]\w+)*|[^\w\s]")
MENTION = r"§\d+§ "
ENDPOINTS = ("source", "target", "members")
_QUANTIFIER = re.compile(r"(\?|\{\d+,\d+\})$")
_APPOSITION_MAX = 12


class RelationPatternError(AtlasError):
    """A relation pattern file is missing, malformed, or has a template that cannot compile."""


@dataclass(frozen=True, slots=True)
class KindRule:
    """Which actor kinds may be the source and the target of a relation kind."""

    source: frozenset[str] | None = None
    target: frozenset[str] | None = None
    same_kind: bool = False


@dataclass(frozen=True, slots=True)
class RelationPattern:
    """One compiled template: ``regex`` finds every match, at any token, overlapping."""

    kind: str
    template: str
    regex: re.Pattern[str]
    source_kinds: frozenset[str] | None = None
    target_kinds: frozenset[str] | None = None
    needs: tuple[frozenset[str], ...] = ()  # a word of each set must be in the sentence

    def may_match(self, words: frozenset[str]) -> bool:
        """False when a word the template requires is missing from ``words`` (lowercase)."""
        return all(words & need for need in self.needs)


@dataclass(frozen=True, slots=True)
class PatternSet:
    """Everything the relation extractor reads from the pattern files."""

    kinds: Mapping[str, KindRule]
    patterns: tuple[RelationPattern, ...]
    blockers: frozenset[str]
    past: frozenset[str]
    compound_heads: frozenset[str]
    event_skip_kinds: frozenset[str]
    max_evidence: int


@dataclass(frozen=True, slots=True)
class EventSettings:
    """What relations from events read from the pattern files (section ``events``)."""

    skip_kinds: frozenset[str]
    max_evidence: int


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` as the matcher sees them (curly apostrophes made straight)."""
    return TOKEN_RE.findall(text.replace("’", "'"))


def _phrases(words: Iterable[str]) -> str:
    """A case-insensitive alternation of phrases, each as its tokens plus spaces."""
    forms = sorted({" ".join(tokens(w)) + " " for w in words if tokens(w)}, key=len, reverse=True)
    if not forms:
        return "(?!)"
    return "(?i:" + "|".join(re.escape(f) for f in forms) + ")"


class _Compiler:
    """Turns template items into regex pieces, with the word lists of the pattern files."""

    def __init__(
        self,
        words: Mapping[str, Sequence[str]],
        *,
        group_heads: Sequence[str],
        clause_stops: Sequence[str],
        apposition_stops: Sequence[str],
        demonyms: Sequence[str],
    ) -> None:
        self.words = words
        stops = _phrases(clause_stops)
        word = r"\w[^ ]* "
        self.gap = rf"(?!{stops}){word}(?:- {word})*"
        appos_word = rf"(?!{_phrases(apposition_stops)})[^ ,]+ "
        self.apposition = rf"(?:, (?:{appos_word}){{1,{_APPOSITION_MAX}}}, )?"
        owner = rf"(?:{MENTION}'s )?"  # "Pakistan's ISI": the ISI is the actor
        unit = rf"{owner}{MENTION}(?:\( (?:[^()\s]+ ){{1,8}}\) )?(?:{_phrases(group_heads)})?"
        before = r"(?:(?i:the|his|her|its|their|former|then) )?(?:[A-Z][\w.']* ){0,3}"
        last = r"(?:, )?(?i:and|or|as well as) "
        self.unit = rf"{before}{unit}"
        self.list = rf"{before}{unit}(?:(?:, {before}{unit})*{last}{before}{unit})?"
        self.members = rf"{before}{unit}(?:, {before}{unit})*{last}{before}{unit}"
        self.demonyms = (
            "(?:"
            + "|".join(re.escape(d) + " " for d in sorted(demonyms, key=len, reverse=True))
            + ")"
            if demonyms
            else None
        )

    def compile(self, template: str) -> re.Pattern[str]:
        """The regex of ``template``; a match's group ``all`` spans the matched tokens."""
        items = _split_items(template)
        body = "".join(self._item(item, template) for item in items)
        names = set(re.findall(r"\?P<(\w+)>", body))
        if not ({"source", "target"} <= names or names == {"members"}):
            raise RelationPatternError(
                f"template {template!r} needs {{source}} and {{target}}, or {{members}}"
            )
        try:
            return re.compile(rf"(?:(?<= )|^)(?=(?P<all>{body}))")
        except re.error as exc:
            raise RelationPatternError(f"template {template!r} does not compile: {exc}") from exc

    def _item(self, item: str, template: str) -> str:
        if item.startswith("{") and item.endswith("}"):
            return self._placeholder(item[1:-1], template)
        found = _QUANTIFIER.search(item)
        if found is None or len(item) == len(found.group(1)):
            return self._piece(item, template)
        quantifier = found.group(1)
        return f"(?:{self._piece(item[: -len(quantifier)], template)}){quantifier}"

    def needs(self, template: str) -> tuple[frozenset[str], ...]:
        """For each required literal or word-list item, the first words it may start with."""
        found = []
        for item in _split_items(template):
            quantifier = _QUANTIFIER.search(item)
            if item.startswith(("{", "_", "~")) or (
                quantifier and not quantifier.group(1).startswith("{1")
            ):
                continue
            item = item[: quantifier.start()] if quantifier else item
            options = item.strip("()").split("|")
            words = [
                w for o in options for w in (self.words.get(o[1:], ()) if o[0] == "@" else [o])
            ]
            found.append(frozenset(tokens(w)[0].lower() for w in words if tokens(w)))
        return tuple(found)

    def _placeholder(self, name: str, template: str) -> str:
        slot, _, extra = name.partition("|")
        role, _, size = slot.partition(":")
        if role not in ENDPOINTS or extra not in ("", "demonym") or size not in ("", "one"):
            raise RelationPatternError(f"template {template!r}: unknown placeholder {{{name}}}")
        body = self.members if role == "members" else self.unit if size else self.list
        if extra and self.demonyms:
            body = f"{body}|{self.demonyms}"
        return f"(?P<{role}>{body})"

    def _piece(self, item: str, template: str) -> str:
        if item == "_":
            return self.gap
        if item == "~appos":
            return self.apposition
        if item.startswith("@"):
            if item[1:] not in self.words:
                raise RelationPatternError(f"template {template!r}: no word list {item}")
            return _phrases(self.words[item[1:]])
        if len(item) > 2 and item.startswith("(") and item.endswith(")"):
            item = item[1:-1]
        options = item.split("|")
        if any(not o or _special(o) for o in options):
            raise RelationPatternError(f"template {template!r}: bad alternatives in {item!r}")
        named = [self._piece(o, template) for o in options if o.startswith("@")]
        plain = [o for o in options if not o.startswith("@")]
        pieces = [*named, _phrases(plain)] if plain else named
        return pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"


def _special(option: str) -> bool:
    """An alternative may be a word list or literal words, not a gap or a quantified item."""
    return any(w[0] in "{_~" or w.endswith("?") or "{" in w for w in option.split())


def _split_items(template: str) -> list[str]:
    """Template items: split on spaces, keeping ``(a|one of the)`` groups whole."""
    return re.findall(r"\([^()]*\)\S*|\S+", template)


# --- loading -----------------------------------------------------------------------------


def _read(path: Path | None) -> dict[str, Any]:
    where = str(path) if path else "data/relations/patterns.yaml"
    try:
        if path is None:
            ref = resources.files("conflict_atlas.data").joinpath("relations", "patterns.yaml")
            text = ref.read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        data = safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RelationPatternError(f"cannot read relation patterns {where}: {exc}") from exc
    if not isinstance(data, dict):
        raise RelationPatternError(f"relation patterns {where} must be a mapping")
    return data


def _words(value: Any) -> list[str]:
    words = list(value or ())
    if any(isinstance(w, bool) for w in words):
        raise RelationPatternError(
            f'word list {words!r} holds a YAML boolean: quote words such as "no" and "on"'
        )
    return [str(w) for w in words]


def _kind_rule(raw: Mapping[str, Any] | None) -> KindRule:
    raw = raw or {}
    return KindRule(
        source=frozenset(_words(raw["source"])) if raw.get("source") else None,
        target=frozenset(_words(raw["target"])) if raw.get("target") else None,
        same_kind=bool(raw.get("same_kind", False)),
    )


def _merged(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Later files extend word lists and patterns and replace scalar settings."""
    out: dict[str, Any] = {"words": {}, "kinds": {}, "patterns": [], "events": {}}
    lists = (
        "blockers",
        "past",
        "compound_heads",
        "group_heads",
        "clause_stops",
        "apposition_stops",
    )
    for part in parts:
        for name, words in (part.get("words") or {}).items():
            out["words"][name] = [*out["words"].get(name, []), *_words(words)]
        for key in lists:
            out[key] = [*out.get(key, []), *_words(part.get(key))]
        out["kinds"].update(part.get("kinds") or {})
        out["events"].update(part.get("events") or {})
        out["patterns"].extend(part.get("patterns") or ())
    return out


def _pattern(raw: Any, compiler: _Compiler, kinds: Mapping[str, KindRule]) -> RelationPattern:
    if not isinstance(raw, dict) or "kind" not in raw or "template" not in raw:
        raise RelationPatternError(f"pattern {raw!r} needs a kind and a template")
    kind, template = str(raw["kind"]), str(raw["template"])
    if kind not in kinds:
        raise RelationPatternError(f"pattern {template!r}: kind {kind!r} is not under 'kinds'")
    return RelationPattern(
        kind=kind,
        template=template,
        regex=compiler.compile(template),
        needs=compiler.needs(template),
        source_kinds=frozenset(_words(raw["source_kinds"])) if raw.get("source_kinds") else None,
        target_kinds=frozenset(_words(raw["target_kinds"])) if raw.get("target_kinds") else None,
    )


def load_patterns(paths: Sequence[str | Path] = (), *, demonyms: Sequence[str] = ()) -> PatternSet:
    """The bundled pattern file extended by the YAML files in ``paths``.

    ``demonyms`` are the words ``{source|demonym}`` / ``{target|demonym}`` accept.
    """
    return _load(tuple(str(p) for p in paths), tuple(sorted(set(demonyms))))


def event_settings(paths: Sequence[str | Path] = ()) -> EventSettings:
    """The ``events`` settings of the pattern files, without compiling any template."""
    events = _data(tuple(str(p) for p in paths))["events"]
    return EventSettings(
        skip_kinds=frozenset(_words(events.get("skip_kinds"))),
        max_evidence=int(events.get("max_evidence", 5)),
    )


@lru_cache(maxsize=8)
def _data(paths: tuple[str, ...]) -> dict[str, Any]:
    """The bundled pattern file merged with ``paths`` (shared: do not modify)."""
    return _merged([_read(None), *(_read(Path(p)) for p in paths)])


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...], demonyms: tuple[str, ...]) -> PatternSet:
    data = _data(paths)
    kinds = {str(k): _kind_rule(v) for k, v in data["kinds"].items()}
    compiler = _Compiler(
        data["words"],
        group_heads=data["group_heads"],
        clause_stops=data["clause_stops"],
        apposition_stops=data["apposition_stops"],
        demonyms=demonyms,
    )
    events = event_settings(paths)
    return PatternSet(
        kinds=kinds,
        patterns=tuple(_pattern(raw, compiler, kinds) for raw in data["patterns"]),
        blockers=frozenset(w.lower() for w in data["blockers"]),
        past=frozenset(w.lower() for w in data["past"]),
        compound_heads=frozenset(w.lower() for w in data["compound_heads"]),
        event_skip_kinds=events.skip_kinds,
        max_evidence=events.max_evidence,
    )
