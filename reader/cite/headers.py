"""Reprinted cable headers (``C O N F I D E N T I A L LIMA 001667``) and REF lines.

A header names the post and the serial but not the year. The year comes, in this order, from:

1. a date line near the header: the date-time group ``P 122157Z MAR 09``, or a ``date:
   11/25/2009`` / ``Date: 2009-11-25`` line of a cablegate page (confidence 0.9);
2. a year the text just before the header mentions (``a cable from 2009 reads:``;
   confidence 0.6);
3. the document's own date, last (confidence 0.3).

``E.O. 12958: DECL: 03/13/2034`` is the declassification date, never the cable's; lines with
``DECL`` or ``E.O.`` are skipped when looking for a year. The routing line ``DE RUEHPE
#0345/01 0712157`` carries the serial (checked against the header's) but no year.

A ``REF:`` block inside a reprinted cable points at *other* cables: its ids come back as
citations of kind ``reference``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.cite.dates import MONTHS
from reader.cite.posts import KNOWN_POSTS, normalise_post
from reader.text.cables import (
    BARE_HEADER_RE,
    CLASSIFICATIONS,
    DTG_RE,
    EO_MARK,
    MARKED_HEADER_RE,
    REF_ID_SERIAL,
    REF_ID_YEAR,
    ROUTING_RE,
    SPACED_CLASSIFICATIONS,
    YEAR,
    plausible_year,
    year_of_two_digits,
)

_META_DATE_RE = re.compile(
    r"(?im)^[ \t]*(?:date|created|dated|sent)[ \t]*:[ \t]*"
    r"(?:(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})"
    r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2}))"
)
_EFTO_RE = re.compile(r"E[ ]?F[ ]?T[ ]?O\s*$")
_YEAR_IN_PROSE_RE = re.compile(rf"(?<![\w/.:-])({YEAR})(?![\w/]|-\d|\.\d)")
_DECL_LINE_RE = re.compile(rf"DECL|{EO_MARK}|DECLASSIFY", re.IGNORECASE)

_REF_START_RE = re.compile(r"REF(?:S|TELS?)?(?:[ \t]*:|[ \t]+(?=[A-Z]\.[ \t]))")
_REF_END_RE = re.compile(
    r"\n[ \t]*\n|\n[ \t]*(?:Classified|CLASSIFIED|SUBJECT|TAGS|E\.O\.|1\.|Summary|SUMMARY)"
)
_REF_ITEM_RE = re.compile(
    rf"(?<![\w.-])(?:(?P<yy>{REF_ID_YEAR})[ \t]*-?[ \t]*)?"
    rf"(?P<post>[A-Z]{{3,}}(?:[ ][A-Z]{{2,}}){{0,3}})[ \t]*-?[ \t]*(?P<serial>{REF_ID_SERIAL})"
    r"(?![\w/.]|\.\d)"
)


# where a marked header may start (a search for these is much faster than the header pattern)
_MARKERS = (*SPACED_CLASSIFICATIONS, *CLASSIFICATIONS, "SECTION", "SCTION", "SECTON", "SECTIO")


def _literal_positions(text: str, needles: tuple[str, ...]) -> list[int]:
    """Where the needles occur (str.find runs at C speed; a regex alternation would not)."""
    found = set()
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            found.add(pos)
            pos = text.find(needle, pos + 1)
    return sorted(found)


def _marker_positions(text: str) -> list[int]:
    return _literal_positions(text, _MARKERS)


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    start: int
    end: int
    post: str
    serial: int
    year: int | None
    month: int | None
    day: int | None
    confidence: float
    basis: str | None


@dataclass(frozen=True, slots=True)
class RefMatch:
    start: int
    end: int
    post: str
    serial: int
    year: int | None
    explicit_year: bool


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : len(text) if end < 0 else end]


def _date_line_year(text: str, start: int, end: int) -> tuple[int, int | None, int | None] | None:
    """The nearest date-time group or date: line around a header."""
    lo, hi = max(0, start - 2500), min(len(text), end + 1500)
    best: tuple[int, tuple[int, int | None, int | None]] | None = None
    for m in DTG_RE.finditer(text, lo, hi):
        year = year_of_two_digits(int(m.group("yy")))
        if year is None:
            continue
        distance = abs(m.start() - start)
        value = (year, MONTHS[m.group("mon").lower()], int(m.group("day")))
        if best is None or distance < best[0]:
            best = (distance, value)
    for m in _META_DATE_RE.finditer(text, lo, hi):
        if m.group("y"):
            value = (int(m.group("y")), int(m.group("m")), int(m.group("d")))
        else:
            value = (int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        if not plausible_year(value[0]):
            continue
        distance = abs(m.start() - start)
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


def _prose_year(text: str, start: int) -> int | None:
    """The nearest plausible year in the text just before a header (the article's framing:
    "a cable from March 2009 reads:"), outside DECL/E.O. lines. The cable's own text after the
    header is not used: the years it mentions are those of its subject."""
    lo = max(0, start - 600)
    best: int | None = None
    for m in _YEAR_IN_PROSE_RE.finditer(text, lo, start):
        if not _DECL_LINE_RE.search(_line_at(text, m.start())):
            best = int(m.group(1))  # the last one before the header is the nearest
    return best


def _doc_year(doc_date: str | None) -> int | None:
    if not doc_date:
        return None
    m = re.match(r"\s*((?:19|20)\d{2})", doc_date)
    if not m:
        return None
    year = int(m.group(1))
    return year if plausible_year(year) else None


def _header_year(
    text: str, start: int, end: int, serial: int, doc_date: str | None
) -> tuple[int | None, int | None, int | None, float, str | None]:
    dated = _date_line_year(text, start, end)
    if dated:
        routing = ROUTING_RE.search(text, max(0, start - 2500), start)
        confirmed = routing is not None and int(routing.group("serial")) == serial % 10000
        return (*dated, 0.95 if confirmed else 0.9, "date_line")
    year = _prose_year(text, start)
    if year is not None:
        return year, None, None, 0.6, "nearby_year"
    year = _doc_year(doc_date)
    if year is not None:
        return year, None, None, 0.3, "doc_date"
    return None, None, None, 0.2, None


def find_headers(text: str, doc_date: str | None = None) -> list[HeaderMatch]:
    """Reprinted cable headers with the year worked out as the module docstring says."""
    raw: dict[int, tuple[int, str, str]] = {}
    last_end = -1
    for pos in _marker_positions(text):
        if pos < last_end:
            continue  # "SECTION" inside a header already found at "S E C R E T"
        m = MARKED_HEADER_RE.match(text, pos)
        if m is None or (pos and text[pos - 1].isalpha()):
            continue
        letters = m.group("post")
        if m.group("cls") and _EFTO_RE.search(m.group("cls")) and not text[
                m.end("cls") : m.start("post")].strip():
            letters = "EFTO" + letters  # the release files these as 09EFTOLONDON2187
        raw[pos] = (m.end(), letters, m.group("serial"))
        last_end = m.end()
    for m in BARE_HEADER_RE.finditer(text):
        start = m.start("post")
        if not any(s <= start < e for s, (e, _, _) in raw.items()):
            raw.setdefault(start, (m.end("serial"), m.group("post"), m.group("serial")))
    found: list[HeaderMatch] = []
    for start, (end, letters, serial_text) in sorted(raw.items()):
        post = _trim_post(letters)
        if post is None and letters.startswith("EFTO"):
            post = _trim_post(letters[4:])
        serial = int(serial_text)
        if post is None or serial == 0:
            continue
        year, month, day, confidence, basis = _header_year(text, start, end, serial, doc_date)
        found.append(HeaderMatch(start, end, post, serial, year, month, day, confidence, basis))
    return found


def _trim_post(letters: str) -> str | None:
    """``NOFORN LIMA`` → ``LIMA``: drop leading words until the rest is a known post."""
    words = letters.split()
    for i in range(len(words)):
        post = normalise_post(" ".join(words[i:]))
        if post in KNOWN_POSTS:
            return post
    return None


def find_references(text: str) -> list[RefMatch]:
    """The cables the ``REF:`` blocks of ``text`` point at.

    A reference with a year of its own (``REF: A. 08 LIMA 1865``) keeps it; the year of one
    without (``REF: A. LIMA 1865``) is left to the caller, who knows the citing cable's year
    (the same year, or the year before for the same post with a higher serial: serials
    restart every January). A line of other identifiers (``B. IIR 6 876 0037 08``) is skipped:
    its letters are no post.
    """
    found: list[RefMatch] = []
    for pos in _literal_positions(text, ("REF",)):
        start_m = _REF_START_RE.match(text, pos)
        if start_m is None or (pos and text[pos - 1].isalpha()):
            continue
        block_start = start_m.end()
        end_m = _REF_END_RE.search(text, block_start, min(len(text), block_start + 800))
        block_end = end_m.start() if end_m else min(len(text), block_start + 400)
        for m in _REF_ITEM_RE.finditer(text, block_start, block_end):
            post = _trim_post(m.group("post"))
            serial = int(m.group("serial"))
            if post is None or serial == 0:
                continue
            year = year_of_two_digits(int(m.group("yy"))) if m.group("yy") else None
            explicit = year is not None
            start = m.start() if explicit else m.start("post")
            found.append(RefMatch(start, m.end(), post, serial, year, explicit))
    return found
