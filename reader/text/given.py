"""Given names in common use, from gender-guesser's name dictionary (packaged data, offline).

A word that is a given name says that the words after it are more likely a surname: the
extractor and the linker both ask.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

from reader.text.fold import fold

__all__ = ["given_names", "is_given_name"]


@cache
def given_names() -> frozenset[str]:
    """Folded first names in common use (frequency over a small threshold)."""
    data = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
    names: set[str] = set()
    with data.open("rb") as fh:
        for raw in fh:
            if raw.startswith(b"#") or len(raw) < 31:
                continue
            line = raw.decode("utf-8", "replace")
            name = line[3:29].strip()
            if not name or "+" in name:
                continue
            freq = 0
            for ch in line[30:86]:
                if ch in "123456789ABCDabcd":
                    freq += int(ch, 16)
            if freq >= 1:
                names.add(fold(name))
    return frozenset(names)


@lru_cache(maxsize=200_000)
def is_given_name(word: str) -> bool:
    return fold(word.rstrip(".")) in given_names()
