"""Dates as prose writes them (English, Spanish, Portuguese, French), and the cable years they
may name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.text.cables import YEAR, plausible_year, year_of_two_digits
from reader.text.months import AMBIGUOUS_MONTH_WORDS, month_numbers

__all__ = ["MONTHS", "DateMatch", "dates_in", "day_months_in", "parse_date", "plausible_year",
           "year_of_two_digits"]

MONTHS: dict[str, int] = month_numbers(unaccented=True)
"""Month words of the four languages, spelled out and abbreviated, with and without accents →
month number. Those that are everyday words too (``out``, Portuguese for October; ``may``)
count only with a capital (see `dates_in`) or inside a date with a day and a year."""

def _trie(words: list[str]) -> str:
    """One regular expression for these words that tries each first letter once, not every
    word in turn (dozens of month words at every position of a long body were slow); longer
    words win, as the alternation's order made them before."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + pattern(tree) + ")"


# Long names first (the expression is greedy); the three-letter forms only with a full stop or
# as the whole word.
_MONTH = _trie(sorted(MONTHS, key=len, reverse=True))
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


_NOT_ENGLISH_AMBIGUOUS = AMBIGUOUS_MONTH_WORDS - set(month_numbers(("en",)))


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
        if m.group("m3") and word.lower() in _NOT_ENGLISH_AMBIGUOUS and (
                text[m.end("m3") : m.end("m3") + 1] != "."):
            # "Out 2009" begins an English sentence more often than it dates a Portuguese one:
            # without a day or an abbreviation's full stop ("Set. 2009"), the year alone
            found.append(DateMatch(m.start("y3"), m.end("y3"), date.year, None, None))
            continue
        found.append(date)
    return found


# "dated 13th January", "le 6 décembre": a day and a month with no year after them
_DAY_MONTH_RE = re.compile(
    rf"(?<![\w/.-])(?P<d>{_DAY})(?:st|nd|rd|th|º|°|er)?\s+(?:of\s+|de\s+|du\s+)?"
    rf"(?P<m>{_MONTH})\b(?!\.?,?\s+(?:de\s+|del\s+)?\d{{4}})", re.IGNORECASE)


def day_months_in(text: str) -> list[tuple[int, int]]:
    """(month, day) of each day named without a year ("dated 13th January"). Without a
    year to hold it, a month word counts only with its capital ("may 13" is no date)."""
    out = []
    for m in _DAY_MONTH_RE.finditer(text):
        word = m.group("m")
        if word[0].isupper() and (month := MONTHS.get(word.lower().rstrip("."))):
            out.append((month, int(m.group("d"))))
    return out
