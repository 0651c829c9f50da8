"""Dates as prose writes them (English and Spanish), and the cable years they may name."""

from __future__ import annotations

import re
from dataclasses import dataclass

FIRST_YEAR = 1966
"""The oldest cable in the release is from 1966, the newest from February 2010."""
LAST_YEAR = 2011


def plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def year_of_two_digits(yy: int) -> int | None:
    """``09`` → 2009, ``66`` → 1966; None outside the release (``12``..``65``)."""
    if 66 <= yy <= 99:
        return 1900 + yy
    if 0 <= yy <= LAST_YEAR - 2000:
        return 2000 + yy
    return None


MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan enero ene",
        "february feb febrero",
        "march mar marzo",
        "april apr abril abr",
        "may mayo",
        "june jun junio",
        "july jul julio",
        "august aug agosto ago",
        "september sept sep septiembre setiembre set",
        "october oct octubre",
        "november nov noviembre",
        "december dec diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

# Long names first; the three-letter forms only with a full stop or as the whole word.
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_YEAR = r"(?:19[6-9]\d|20[01]\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th|º|°)?"

# One pattern for every written form; named groups say which part is which.
DATE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    # 12 March 2009 / 12th of March, 2009 / 12 de marzo de 2009 / 12 de marzo del 2009
    rf"(?P<d1>{_DAY}){_ORD}\s+(?:of\s+|de\s+)?(?P<m1>{_MONTH})\.?,?\s+(?:de\s+|del\s+)?(?P<y1>{_YEAR})"
    # March 12, 2009 / March 12th 2009
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY}){_ORD},?\s+(?P<y2>{_YEAR})"
    # March 2009 / March of 2009 / marzo de 2009 / marzo del 2009
    rf"|(?P<m3>{_MONTH})\.?,?\s+(?:of\s+|de\s+|del\s+)?(?P<y3>{_YEAR})"
    # 2009-03-12 (ISO)
    rf"|(?P<y4>{_YEAR})-(?P<mo4>0[1-9]|1[0-2])-(?P<d4>[0-2]\d|3[01])"
    # 2009 alone
    rf"|(?P<y5>{_YEAR})"
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
        # "may 2009" is a date, "you may 2009..." is not worth guessing: a bare three-letter
        # month needs a capital; "may" needs one too
        word = m.group("m1") or m.group("m2") or m.group("m3")
        if word and not word[0].isupper() and word.lower() in {"may", "mar", "set", "ago"}:
            continue
        found.append(date)
    return found
