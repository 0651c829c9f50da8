"""Passages an article quotes: evidence for the cable whose body holds the same words.

A quotation is what stands between a pair of quotation marks ("…", “…”, «…», „…“, ‘…’) and
runs to QUOTED_WORDS words or more, in any language. Ellipses and square brackets mark where
the writer cut or changed the original ("… [we] say …"), so each piece between them is a
passage of its own; a short piece is dropped. A translation will not be found in an English
cable, and need not be: the words are looked up as they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QUOTED_WORDS", "QuotedPassage", "find_quotations"]

QUOTED_WORDS = 6  # fewer words are a phrase many texts share ("a voluptuous blonde")
LOOKUP_WORDS = 10  # the words looked up: enough to be the cable's own, few enough to survive
# a writer's small changes further on

_CLOSING = {'"': '"', "“": "”", "«": "»", "„": "“", "‘": "’", "”": "”"}
# an opening mark follows no letter and precedes no space, so that a closing mark is never
# taken for the next opening one ('"individuos" amenazados por … "Gobiernos"')
_OPENING = re.compile(r"(?<!\w)[\"“«„‘”](?=\S)")
_LONGEST = 2000
_CUT = re.compile(r"\.\.\.|…|\[[^\]\n]{0,40}\]|\(\.\.\.\)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class QuotedPassage:
    start: int
    end: int
    words: tuple[str, ...]  # the first LOOKUP_WORDS words, as written


def find_quotations(text: str) -> list[QuotedPassage]:
    """The quoted passages of QUOTED_WORDS words or more, in order (offsets into TEXT)."""
    out: list[QuotedPassage] = []
    at = 0
    while (m := _OPENING.search(text, at)) is not None:
        start = m.end()
        close = _CLOSING[m.group()]
        end = text.find(close, start, start + _LONGEST)
        line_end = text.find("\n", start, end if end >= 0 else start + _LONGEST)
        if end < 0 or line_end >= 0:
            at = start  # no closing mark on this line: not a quotation
            continue
        at = end + 1
        piece_start = start
        for cut in [*_CUT.finditer(text, start, end), None]:
            piece_end = cut.start() if cut is not None else end
            words = [w.group() for w in _WORD.finditer(text, piece_start, piece_end)]
            if len(words) >= QUOTED_WORDS:
                out.append(QuotedPassage(piece_start, piece_end, tuple(words[:LOOKUP_WORDS])))
            if cut is not None:
                piece_start = cut.end()
    return out
