"""Dates as prose writes them (English and Spanish), and the cable years they may name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.text.cables import YEAR, plausible_year, year_of_two_digits
from reader.text.months import AMBIGUOUS_MONTH_WORDS, month_numbers

__all__ = ["MONTHS", "DateMatch", "dates_in", "parse_date", "plausible_year",
           "year_of_two_digits"]

MONTHS: dict[str, int] = month_numbers(("en", "es"))
"""English and Spanish month words, spelled out and abbreviated → month number. Portuguese and
French ones are left out (``out``, Portuguese for October, is an everyday English word)."""

# Long names first; the three-letter forms only with a full stop or as the whole word.
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th|º|°)?"

# One pattern for every written form; named groups say which part is which.
DATE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    # 12 March 2009 / 12th of March, 2009 / 12 de marzo de 2009 / 12 de marzo del 2009
    rf"(?P<d1>{_DAY}){_ORD}\s+(?:of\s+|de\s+)?(?P<m1>{_MONTH})\.?,?\s+(?:de\s+|del\s+)?(?P<y1>{YEAR})"
    # March 12, 2009 / March 12th 2009
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY}){_ORD},?\s+(?P<y2>{YEAR})"
    # March 2009 / March of 2009 / marzo de 2009 / marzo del 2009
    rf"|(?P<m3>{_MONTH})\.?,?\s+(?:of\s+|de\s+|del\s+)?(?P<y3>{YEAR})"
    # 2009-03-12 (ISO)
    rf"|(?P<y4>{YEAR})-(?P<mo4>0[1-9]|1[0-2])-(?P<d4>[0-2]\d|3[01])"
    # 2009 alone
    rf"|(?P<y5>{YEAR})"
    r")(?![\w/-]|\.\d|,\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None


def parse_date(match: re.Match[str]) -> DateMatch:
    g = match.groupdict()
    year = month = day = None
    for suffix in "12345":
        y = g.get("y" + suffix)
        if y:
            year = int(y)
            m = g.get("m" + suffix)
            if m:
                month = MONTHS[m.lower().rstrip(".")]
            elif g.get("mo" + suffix):
                month = int(g["mo" + suffix])
            d = g.get("d" + suffix)
            if d:
                day = int(d)
            break
    return DateMatch(match.start(), match.end(), year, month, day)


def dates_in(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """The dates written in ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    found = []
    for m in DATE_RE.finditer(text, start, end):
        date = parse_date(m)
        # "May 2009" is a date, "you may 2009..." is not worth guessing: a month word that is
        # also a common word needs a capital
        word = m.group("m1") or m.group("m2") or m.group("m3")
        if word and not word[0].isupper() and word.lower() in AMBIGUOUS_MONTH_WORDS:
            continue
        found.append(date)
    return found
