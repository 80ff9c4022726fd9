"""Normal forms of names, so spelling variants meet in one index key.

Two levels:

``name_key``  case, diacritics, apostrophes, hyphens and punctuation folded, a leading
              article and a trailing possessive dropped, and the Persian ezafe connector
              (``-e``, ``-i``, ``-ye``, ``-yi`` written as its own word) removed:
              "Hezb-e Islami" and "Hezb-i Islami" share ``"hezb islami"``.
``skeleton``  ``name_key`` with vowels removed from every word but its first letter,
              repeated letters collapsed and y treated as a vowel, so
              romanisations that differ only in vowels meet: "Hizb-i Islami",
              "Hezbi Islami", "Ittehad-e"/"Ittihad-i", "Mohammad"/"Muhammad".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

EZAFE = frozenset({"e", "i", "ye", "yi", "y"})
ARTICLES = frozenset({"the"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'"})
_DASHES = re.compile(r"[-‐‑‒–—_/]")
_NON_WORD = re.compile(r"[^a-z0-9' ]+")
_SPACES = re.compile(r"\s+")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lowercase ASCII folding: diacritics stripped, typographic apostrophes unified."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():  # nothing to decompose: the common case, without the char loop
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.casefold()


def words(text: str) -> list[str]:
    """Folded words of ``text``: dashes split words, other punctuation is dropped."""
    folded = _DASHES.sub(" ", fold(text))
    folded = folded.replace("'s ", " ").removesuffix("'s").replace("s' ", "s ")
    folded = _NON_WORD.sub(" ", folded).replace("'", "")
    return [w for w in _SPACES.split(folded) if w]


@lru_cache(maxsize=1 << 16)  # looked up for every candidate span of every sentence
def name_key(text: str) -> str:
    """The first-level index key of a name (see module docstring)."""
    tokens = words(text)
    while tokens and tokens[0] in ARTICLES:
        tokens = tokens[1:]
    kept = [t for i, t in enumerate(tokens) if i == 0 or t not in EZAFE]
    return " ".join(kept)


def skeleton(text: str) -> str:
    """The second-level, vowel-blind key of a name (see module docstring)."""
    out = []
    for word in name_key(text).split():
        head, tail = word[0], _VOWELS.sub("", word[1:])
        out.append(_REPEATS.sub(r"\1", head + tail))
    return " ".join(out)


def initials(text: str) -> str:
    """Upper-case initials of the significant words ("People's Democratic Party of
    Afghanistan" gives ``"PDPA"``); connectors such as "of", "the", "and" are skipped."""
    skip = {"of", "the", "and", "for", "in", "de", "al"}
    return "".join(w[0].upper() for w in words(text) if w not in skip and w[0].isalpha())
