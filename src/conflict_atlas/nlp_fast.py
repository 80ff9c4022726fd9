"""Faster ways for two stock en_core_web_sm components to reach the same annotations.

:func:`speed_up` is applied by ``conflict_atlas.nlp.load_nlp`` to the loaded pipeline:

- The rule lemmatizer tests each candidate lemma with ``form in index``, where ``index``
  is a plain list of a part of speech's known words (57,528 nouns): a linear scan, about
  0.3 ms for each word it has not lemmatised before. :class:`WordList` keeps the list and
  answers ``in`` from a set.
- The attribute ruler (tag → POS/morphology mapping and exceptions) runs spaCy's token
  ``Matcher`` over 180 patterns, each tried at every token: a tenth of the parse time.
  Nearly all its patterns are one token with equality or set tests on token attributes;
  :class:`AttributeRuleIndex` looks those up by value from ``Doc.to_array`` and leaves
  the rest (longer patterns, regexes, operators) to a ``Matcher`` of their own. The
  ruler then applies the same matches, in the same order, as before.

Both only change how the answer is found, never which rules apply: the tokens' tags,
POS, morphology, dependencies, lemmas and entities are the ones the stock pipeline gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: Token attributes compared by string (their hash in ``Doc.to_array``).
_STRING_ATTRS = frozenset({"TAG", "DEP", "LOWER", "ORTH", "NORM"})
#: Boolean lexical flags (0 or 1 in ``Doc.to_array``).
_FLAG_ATTRS = frozenset({"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE"})
#: Which equality test to index a pattern by, first found first.
_INDEX_ORDER = ("TAG", "LOWER", "DEP", "ORTH", "NORM", *sorted(_FLAG_ATTRS))

Match = tuple[int, int, int, int]  # (rule, match id, start, end) as AttributeRuler.match
_MAX_ROWS = 200_000  # distinct attribute rows remembered before starting afresh


def speed_up(nlp: Language) -> None:
    """Swap in the faster lemma index lookup and attribute-rule matching (see above)."""
    index_lemma_lists(nlp)
    index_attribute_rules(nlp)


class WordList(list[str]):
    """A list of words whose ``in`` test is a set lookup (order and contents unchanged)."""

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def index_lemma_lists(nlp: Language) -> None:
    """Give the rule lemmatizer's ``lemma_index`` word lists a set lookup.

    The lists are only ever tested for membership by the lemmatizer, so a
    :class:`WordList` of the same words gives the same lemmas. Pipelines without a
    rule lemmatizer are left as they are.
    """
    if "lemmatizer" not in nlp.component_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for pos, words in list(table.items()):
        if type(words) is list:
            table[pos] = WordList(words)


def index_attribute_rules(nlp: Language) -> None:
    """Match the attribute ruler's patterns through an :class:`AttributeRuleIndex`."""
    if "attribute_ruler" not in nlp.component_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler):
        ruler.match = AttributeRuleIndex(ruler).match  # type: ignore[method-assign]


@dataclass(frozen=True, slots=True)
class _Check:
    """One test on a token attribute: equal to ``value``, (not) in ``values``, or its
    string matching ``regex`` (``re.search``, as spaCy's REGEX; answers kept by value)."""

    column: int
    value: int = 0
    values: frozenset[int] = frozenset()
    negated: bool = False
    is_set: bool = False
    regex: re.Pattern[str] | None = None
    strings: StringStore | None = None
    seen: dict[int, bool] = field(default_factory=dict)

    def holds(self, row: Sequence[int]) -> bool:
        found = row[self.column]
        if self.regex is not None and self.strings is not None:
            answer = self.seen.get(found)
            if answer is None:
                answer = self.seen[found] = self.regex.search(self.strings[found]) is not None
            return answer
        if not self.is_set:
            return found == self.value
        return (found in self.values) != self.negated


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern of attribute rule number ``rule``: ``checks`` hold on its first token,
    ``after[k]`` on the token ``k + 1`` places later."""

    rule: int
    key: int
    checks: tuple[_Check, ...]
    after: tuple[tuple[_Check, ...], ...] = ()

    def starts(self, row: Sequence[int]) -> bool:
        """Whether the first token's tests hold on ``row``."""
        return all(check.holds(row) for check in self.checks)

    def follows(self, rows: Sequence[Sequence[int]], i: int) -> bool:
        """Whether the tokens after ``rows[i]`` pass the tests of the later tokens."""
        if i + len(self.after) >= len(rows):
            return False
        return all(
            all(check.holds(rows[i + k]) for check in checks)
            for k, checks in enumerate(self.after, 1)
        )


class AttributeRuleIndex:
    """The matches of an AttributeRuler, with its simple one-token patterns indexed.

    A pattern is simple when it is one token whose tests are all equality (a string or a
    boolean) or ``IN``/``NOT_IN`` a list of strings, on attributes of ``_STRING_ATTRS``
    or ``_FLAG_ATTRS``. Each simple pattern is filed under one of its equality or ``IN``
    tests (by ``_INDEX_ORDER``), so a token only meets the patterns filed under its own
    values; the other patterns go to a ``Matcher`` under the ruler's own match ids. If
    the ruler's rules change later (added, cleared, reloaded), it falls back to the
    ruler's own matching.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.matcher, self.size = ruler.matcher, len(ruler.attrs)  # to notice a change
        self.attrs: list[int | str] = []  # the Doc.to_array columns
        self.index: dict[int, dict[int, list[_Rule]]] = {}
        self.scan: list[_Rule] = []  # simple patterns without an equality or IN test
        self.rest = Matcher(ruler.vocab, validate=ruler.validate)
        # Tokens with the same attribute values start the same patterns: remember them.
        self.starting: dict[tuple[int, ...], tuple[_Rule, ...]] = {}
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for number, entry in enumerate(entries):
            key = ruler.vocab.strings.add(str(number))
            for pattern in entry["patterns"]:
                tokens = self._tokens(pattern, ruler.vocab)
                if tokens is None:
                    self.rest.add(key, [pattern])
                else:
                    self._file(_Rule(number, key, tokens[0], tuple(tokens[1:])))

    def match(self, doc: Doc) -> list[Match]:
        """What ``AttributeRuler.match`` returns: (rule, match id, start, end), sorted."""
        if self.ruler.matcher is not self.matcher or len(self.ruler.attrs) != self.size:
            return AttributeRuler.match(self.ruler, doc)  # type: ignore[no-any-return]
        found: list[Match] = []
        if self.attrs and len(doc):
            array = doc.to_array(self.attrs).tolist()
            rows = [tuple(r) for r in array] if len(self.attrs) > 1 else [(v,) for v in array]
            if len(self.starting) > _MAX_ROWS:
                self.starting.clear()
            for i, row in enumerate(rows):
                rules = self.starting.get(row)
                if rules is None:
                    rules = self.starting[row] = self._starting(row)
                for rule in rules:
                    if not rule.after or rule.follows(rows, i):
                        found.append((rule.rule, rule.key, i, i + 1 + len(rule.after)))
        if len(self.rest):
            strings = self.ruler.vocab.strings
            for key, start, end in self.rest(doc, allow_missing=True):
                found.append((int(strings[key]), key, start, end))
        found.sort()
        return found

    def _starting(self, row: tuple[int, ...]) -> tuple[_Rule, ...]:
        """The simple patterns whose first token's tests hold on a token with ``row``."""
        filed = (
            rule for column, table in self.index.items() for rule in table.get(row[column], ())
        )
        return tuple(rule for rule in (*filed, *self.scan) if rule.starts(row))

    def _tokens(self, pattern: Any, vocab: Vocab) -> list[tuple[_Check, ...]] | None:
        """The tests of each token of a simple pattern, or None when it is not simple."""
        if not isinstance(pattern, list) or not pattern:
            return None
        tokens: list[tuple[_Check, ...]] = []
        for spec in pattern:
            checks = self._checks(spec, vocab)
            if checks is None:
                return None
            tokens.append(checks)
        return tokens

    def _checks(self, spec: Any, vocab: Vocab) -> tuple[_Check, ...] | None:
        """The tests of one token of a pattern, or None when one is not simple."""
        if not isinstance(spec, dict) or not spec:
            return None
        checks: list[_Check] = []
        for name, wanted in spec.items():
            attr = str(name).upper()
            if attr in _FLAG_ATTRS and isinstance(wanted, bool):
                checks.append(_Check(self._column(attr), value=int(wanted)))
            elif attr not in _STRING_ATTRS:
                return None
            elif isinstance(wanted, str):
                checks.append(_Check(self._column(attr), value=get_string_id(wanted)))
            elif _operator(wanted) in ("IN", "NOT_IN"):
                (op, words), *_ = wanted.items()
                values = frozenset(get_string_id(w) for w in words)
                column = self._column(attr)
                checks.append(_Check(column, values=values, negated=op == "NOT_IN", is_set=True))
            elif _operator(wanted) == "REGEX":
                (_, expression), *_ = wanted.items()
                regex = re.compile(expression)
                checks.append(_Check(self._column(attr), regex=regex, strings=vocab.strings))
            else:
                return None
        return tuple(checks)

    def _column(self, attr: str) -> int:
        if attr not in self.attrs:
            self.attrs.append(attr)
        return self.attrs.index(attr)

    def _file(self, rule: _Rule) -> None:
        """File ``rule`` under its first indexable test; the other tests stay checks."""
        for attr in _INDEX_ORDER:
            if attr not in self.attrs:
                continue
            column = self.attrs.index(attr)
            for check in rule.checks:
                if check.column != column or check.negated or check.regex is not None:
                    continue
                others = tuple(c for c in rule.checks if c is not check)
                table = self.index.setdefault(column, {})
                filed = _Rule(rule.rule, rule.key, others, rule.after)
                for value in check.values if check.is_set else (check.value,):
                    table.setdefault(value, []).append(filed)
                return
        self.scan.append(rule)


def _operator(wanted: object) -> str | None:
    """``IN``/``NOT_IN`` over a list of strings or ``REGEX`` with a string; else None."""
    if not isinstance(wanted, dict) or len(wanted) != 1:
        return None
    (op, value), *_ = wanted.items()
    if op in ("IN", "NOT_IN") and isinstance(value, list):
        return str(op) if all(isinstance(w, str) for w in value) else None
    return "REGEX" if op == "REGEX" and isinstance(value, str) else None
