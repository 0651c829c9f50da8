"""Folding: the forms under which two spellings of a word compare equal.

Three strengths, from light to strong:

- `strip_accents`: the letters without their diacritics (``Bogotá`` → ``Bogota``), case kept.
  Compatibility characters are decomposed too (``ﬁ`` → ``fi``), so the length may change.
- `fold_same_length`: accents and typographic quotes, dashes and no-break spaces replaced one
  character for one, so every offset into the folded text is an offset into the original.
  Only precomposed Latin letters (U+00C0..U+024F) are folded; anything else is left alone.
- `fold`: the lookup key for names and words: accents stripped, case folded, ``’`` written
  ``'``, runs of white space made one space.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_same_length", "strip_accents"]


def strip_accents(text: str) -> str:
    """``text`` decomposed (NFKD) with its combining marks removed; case is kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """The case- and accent-folded key of ``text``, with white space normalised."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(strip_accents(text).casefold().replace("’", "'").split())


def _one_for_one() -> dict[int, str]:
    """The translation table of `fold_same_length`."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        plain = strip_accents(chr(code))
        if len(plain) == 1 and plain != chr(code) and plain.isascii():
            table[code] = plain
    # curly quotes, en and em dashes, the no-break space
    table.update({ord("’"): "'", ord("‘"): "'", ord("“"): '"', ord("”"): '"',
                  ord("–"): "-", ord("—"): "-", ord("\u00a0"): " "})
    return table


_ONE_FOR_ONE = _one_for_one()


def fold_same_length(text: str) -> str:
    """Accents and typographic punctuation folded one character for one: offsets stay valid."""
    return text.translate(_ONE_FOR_ONE)
