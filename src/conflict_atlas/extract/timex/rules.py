"""Turn regex matches into meanings (:mod:`exprs`), with guards against number look-alikes."""

from __future__ import annotations

import re
from collections.abc import Callable

from conflict_atlas.extract.timex.exprs import (
    Absolute,
    Duration,
    Expr,
    Found,
    Recurrence,
    Relative,
    Vague,
    Weekday,
)
from conflict_atlas.extract.timex.lexicon import Lexicon
from conflict_atlas.extract.timex.values import Point

Handler = Callable[[re.Match[str], str], list[Found]]
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z.'’]*)[ \u00a0]+$")
_PREV_HYPHEN_WORD = re.compile(r"([A-Za-z]+)-$")
_NEXT_WORD = re.compile(r"^[ \u00a0]+([A-Za-z]+)")
_NEXT_LOWER = re.compile(r"[ \u00a0]+[a-z]")
_NAME_AFTER = re.compile(r"['’]?[ \u00a0]+[A-Z]")
_ORDINAL_SUFFIX = re.compile(r"(st|nd|rd|th)$")
_DIRECTION = {
    "later": 1,
    "afterwards": 1,
    "afterward": 1,
    "after": 1,
    "on": 1,
    "earlier": -1,
    "before": -1,
    "ago": -1,
    "previously": -1,
    "prior": -1,
    "beforehand": -1,
}
_REL_DET = {
    "following": 1,
    "next": 1,
    "subsequent": 1,
    "succeeding": 1,
    "previous": -1,
    "preceding": -1,
    "prior": -1,
    "last": -1,
}
_REL_MOD = {
    "later": "after",
    "earlier": "before",
    "early": "early",
    "late": "late",
    "mid": "mid",
    "the end of": "end",
    "the beginning of": "start",
    "the start of": "start",
    "the middle of": "mid",
    "the rest of": "after",
}
_QUARTERS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


class Rules:
    """Handlers keyed by rule name; each returns the expressions a match stands for."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.handlers: dict[str, Handler] = {
            "iso": self.iso,
            "day_range_dm": self.day_range,
            "day_range_md": self.day_range,
            "dmy": self.calendar,
            "mdy": self.calendar,
            "my": self.calendar,
            "month": self.month,
            "season_year": self.season,
            "season": self.season,
            "quarter": self.quarter,
            "decade": self.decade,
            "decade_short": self.decade,
            "decade_word": self.decade,
            "century": self.century,
            "year_pair": self.year_pair,
            "year": self.year,
            "relative": self.relative,
            "relative_around": self.relative_around,
            "relative_n": self.relative_n,
            "deictic": self.deictic,
            "present": self.present,
            "weekday": self.weekday,
            "duration": self.duration,
            "duration_bare": self.duration_bare,
            "set": self.recurrence,
        }

    # --- helpers -------------------------------------------------------------------
    def mod(self, m: re.Match[str], name: str = "mod") -> str | None:
        raw = m.groupdict().get(name)
        if not raw:
            return None
        key = _norm(raw).removeprefix("the ").rstrip("-")
        return self.lex.modifiers.get(key) or self.lex.modifiers.get(raw.lower())

    def day(self, text: str) -> int:
        return int(_ORDINAL_SUFFIX.sub("", text))

    def year_ok(self, text: str, start: int, end: int) -> bool:
        """Reject ids, counts and names that look like years ("Resolution 1386", "1900 troops")."""
        before = text[max(0, start - 40) : start]
        hyphen = _PREV_HYPHEN_WORD.search(before)
        if hyphen and hyphen.group(1).lower() not in self.lex.year_prefix_words:
            return False
        prev = _PREV_WORD.search(before)
        if prev:
            word = prev.group(1).rstrip(".").lower()
            if word in self.lex.non_year_before:
                return False
            capitalized = prev.group(1)[0].isupper()
            if capitalized and not self._temporal_word(word):
                return False
        nxt = _NEXT_WORD.search(text[end : end + 30])
        return not (nxt and nxt.group(1).lower() in self.lex.count_nouns)

    def _temporal_word(self, word: str) -> bool:
        lex = self.lex
        return (
            word in lex.anchoring_prepositions
            or word in lex.seasons
            or word == "the"
            or word.capitalize() in lex.months
            or word.capitalize() in lex.weekdays
            or word in lex.modifiers
            or word in ("ad", "a.d", "ce", "summer", "year")
        )

    def _found(self, m: re.Match[str], expr: Expr, group: str | int = 0) -> list[Found]:
        return [Found(m.start(group), m.end(group), expr, "")]

    # --- calendar dates ------------------------------------------------------------
    def iso(self, m: re.Match[str], text: str) -> list[Found]:
        point = Point(int(m["y"]), int(m["m"]), int(m["d"]))
        return self._found(m, Absolute(point)) if point.is_valid() else []

    def calendar(self, m: re.Match[str], text: str) -> list[Found]:
        groups = m.groupdict()
        year = int(m["y"]) if groups.get("y") else None
        if year is not None and not self.year_ok(text, m.start("y"), m.end("y")):
            return []
        day = self.day(m["d"]) if groups.get("d") else None
        point = Point(year, self.lex.month(m["mon"]), day)
        if year is None and not point.__class__(2000, point.month, day).is_valid():
            return []
        if not point.is_valid():
            return []
        return self._found(m, Absolute(point, self.mod(m)))

    def month(self, m: re.Match[str], text: str) -> list[Found]:
        word = m["mon"]
        if word == "May" and not text[: m.start()].endswith("-"):
            prev = _PREV_WORD.search(text[max(0, m.start() - 30) : m.start()])
            if not prev or prev.group(1).lower() not in self.lex.anchoring_prepositions:
                return []
        return self._found(m, Absolute(Point(None, self.lex.month(word)), self.mod(m)))

    def day_range(self, m: re.Match[str], text: str) -> list[Found]:
        year = int(m["y"]) if m["y"] else None
        month = self.lex.month(m["mon"])
        first = Point(year, month, self.day(m["d1"]))
        last = Point(year, month, self.day(m["d2"]))
        probe = (Point(2000, month, first.day), Point(2000, month, last.day))
        if not all(p.is_valid() for p in probe) or (first.day or 0) >= (last.day or 0):
            return []
        if m.start("mon") < m.start("d1"):  # "April 1–14, 1991"
            spans = ((m.start(), m.end("d1")), (m.start("d2"), m.end()))
        else:  # "1–14 April 1991"
            spans = ((m.start("d1"), m.end("d1")), (m.start("d2"), m.end()))
        return [
            Found(spans[0][0], spans[0][1], Absolute(first), "", 1),
            Found(spans[1][0], spans[1][1], Absolute(last), "", 1),
        ]

    def season(self, m: re.Match[str], text: str) -> list[Found]:
        word = m["season"]
        group = "core" if "core" in m.groupdict() else 0
        year = int(m["y"]) if m.groupdict().get("y") else None
        if word[0].isupper() and m.start("season") > 0:
            prev = _PREV_WORD.search(text[max(0, m.start("season") - 30) : m.start("season")])
            if (
                prev
                and prev.group(1)[0].isupper()
                and not self._temporal_word(prev.group(1).lower())
            ):
                return []  # a name such as "Prague Spring"
        if year is not None and not self.year_ok(text, m.start("y"), m.end("y")):
            return []
        if year is None and re.match(r"\s+of\b", text[m.end() :]):
            return []  # "the fall of the city"
        code = self.lex.seasons[word.lower()]
        return self._found(m, Absolute(Point(year, season=code), self.mod(m)), group)

    def quarter(self, m: re.Match[str], text: str) -> list[Found]:
        point = Point(int(m["y"]), quarter=_QUARTERS[m["q"].lower()])
        return self._found(m, Absolute(point))

    def decade(self, m: re.Match[str], text: str) -> list[Found]:
        groups = m.groupdict()
        if groups.get("decw"):
            decade = 190 + self.lex.decade_words[m["decw"].lower()]
        elif len(m["dec"]) == 2:
            decade = 190 + int(m["dec"][0]) if m["dec"] != "00" else 200
        else:
            decade = int(m["dec"][:3])
        return self._found(m, Absolute(Point(decade=decade), self.mod(m)))

    def century(self, m: re.Match[str], text: str) -> list[Found]:
        raw = m["c"].lower()
        number = self.lex.ordinals.get(raw) or int(_ORDINAL_SUFFIX.sub("", raw))
        if not 1 <= number <= 21:
            return []
        return self._found(m, Absolute(Point(century=number - 1), self.mod(m)))

    def year(self, m: re.Match[str], text: str) -> list[Found]:
        if not self.year_ok(text, m.start("y"), m.end("y")):
            return []
        return self._found(m, Absolute(Point(int(m["y"])), self.mod(m)))

    def year_pair(self, m: re.Match[str], text: str) -> list[Found]:
        if not self.year_ok(text, m.start("y"), m.end("y")):
            return []
        first = int(m["y"])
        second = first // 100 * 100 + int(m["y2"])
        if second <= first:
            second += 100
        if second - first > 30:
            return []
        return [
            Found(m.start(), m.end("y"), Absolute(Point(first), self.mod(m)), "", 1),
            Found(m.start("y2"), m.end("y2"), Absolute(Point(second)), "", 1),
        ]

    # --- relative, deictic, vague ----------------------------------------------------
    def relative(self, m: re.Match[str], text: str) -> list[Found]:
        det = _norm(m["det"])
        unit_word = m["unit"].lower()
        mod = _REL_MOD.get(_norm(m["rmod"])) if m["rmod"] else None
        if det == "the" and not mod:
            return []
        if det == "that" and unit_word in ("fall", "spring") and _NEXT_LOWER.match(text, m.end()):
            return []  # "cities that fall to the rebels"
        last = det.split()[-1]
        offset = _REL_DET.get(last, 0)
        deictic = det in ("this", "next", "last")
        return self._found(m, self._relative(unit_word, offset, mod, deictic))

    def _relative(self, unit_word: str, offset: int, mod: str | None, deictic: bool) -> Relative:
        if unit_word in self.lex.seasons:
            return Relative(self.lex.seasons[unit_word], offset, mod, deictic)
        if unit_word in self.lex.parts_of_day:
            return Relative("D", offset, mod, deictic, self.lex.parts_of_day[unit_word])
        unit = "W" if unit_word == "weekend" else self.lex.unit(unit_word)
        return Relative(unit, offset, mod, deictic)

    def relative_around(self, m: re.Match[str], text: str) -> list[Found]:
        offset = 1 if m["dir"].lower() == "after" else -1
        return self._found(m, Relative(self.lex.unit(m["unit"]), offset))

    def relative_n(self, m: re.Match[str], text: str) -> list[Found]:
        direction = _DIRECTION[m["dir"].lower()]
        number = self.lex.number(m["n"])
        if number is None:
            return self._found(m, Vague("FUTURE_REF" if direction > 0 else "PAST_REF"))
        unit = self.lex.unit(m["unit"])
        if unit not in ("D", "W", "M", "Y", "DE") or number != int(number):
            return self.duration(m, text)
        deictic = m["dir"].lower() == "ago"
        return self._found(m, Relative(unit, direction * int(number), None, deictic))

    def deictic(self, m: re.Match[str], text: str) -> list[Found]:
        word = m["word"].lower()
        offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        part = "NI" if word == "tonight" else None
        return self._found(m, Relative("D", offset, None, True, part))

    def present(self, m: re.Match[str], text: str) -> list[Found]:
        word = _norm(m["word"])
        if word in ("recently", "in recent years", "in the past"):
            return self._found(m, Vague("PAST_REF"))
        return self._found(m, Vague("FUTURE_REF" if word == "the future" else "PRESENT_REF"))

    def weekday(self, m: re.Match[str], text: str) -> list[Found]:
        return self._found(m, Weekday(self.lex.weekdays[m["wd"]]))

    # --- durations and sets ----------------------------------------------------------
    def duration(self, m: re.Match[str], text: str) -> list[Found]:
        if m.group()[0].isupper() and _NAME_AFTER.match(text, m.end()):
            return []  # a name: "the Six-Day War", "the Thirty Years' War"
        return self._found(m, Duration(self._period(m["n"], m["unit"])))

    def _period(self, count: str, unit_word: str) -> str:
        unit = self.lex.unit(unit_word)
        number = self.lex.number(count)
        if unit == "2W":
            unit, number = "W", (number or 0) * 2 if number is not None else None
        amount = "X" if number is None else (f"{number:g}")
        if unit.startswith("T"):
            return f"PT{amount}{unit[1:]}"
        return f"P{amount}{unit}"

    def duration_bare(self, m: re.Match[str], text: str) -> list[Found]:
        return self._found(m, Duration(f"PX{self.lex.unit(m['unit'])}"), "core")

    def recurrence(self, m: re.Match[str], text: str) -> list[Found]:
        if m["adv"]:
            word = m["adv"].lower()
            unit = {
                "annually": "Y",
                "yearly": "Y",
                "daily": "D",
                "weekly": "W",
                "monthly": "M",
                "nightly": "D",
            }[word]
            return self._found(m, Recurrence(f"P1{unit}"))
        if m["per"]:
            before = text[max(0, m.start() - 20) : m.start()].rstrip().lower()
            if m["per"].lower() == "a" and not re.search(
                r"(\d|million|billion|thousand|once|twice|times|dollars)$", before
            ):
                return []
            unit_word = m["punit"].lower()
            return self._found(
                m, Recurrence(f"P1{'Y' if unit_word == 'annum' else self.lex.unit(unit_word)}")
            )
        unit_word = m["unit"].lower()
        number = self.lex.number(m["n"]) if m["n"] else 1
        if unit_word in self.lex.seasons:
            return self._found(m, Recurrence(f"XXXX-{self.lex.seasons[unit_word]}"))
        if unit_word.capitalize() in self.lex.weekdays:
            return self._found(
                m, Recurrence(f"XXXX-WXX-{self.lex.weekdays[unit_word.capitalize()] + 1}")
            )
        unit = "D" if unit_word in self.lex.parts_of_day else self.lex.unit(unit_word)
        return self._found(m, Recurrence(f"P{number or 1:g}{unit}"))
