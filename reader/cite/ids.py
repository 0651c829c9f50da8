"""Cable reference ids (``09LIMA345``) in every written form, and WikiLeaks cable URLs.

A reference id is a two-digit year, the post's letters and a serial: ``09`` ``LIMA`` ``345``.
The compact form (``09LIMA345``, ``09LIMA0345``) is distinctive enough to accept any post of
four letters or more (``10USUNNEWYORK12``); three-letter posts, mixed case and the loose forms
(``09 LIMA 345``, ``09-LIMA-345``, ``09 BUENOS AIRES 1272``) need a post from `posts.KNOWN_POSTS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.cite.posts import KNOWN_POSTS, normalise_post
from reader.text.cables import REF_ID_SERIAL, REF_ID_YEAR, ref_id, valid_serial, valid_year_digits
from reader.text.months import month_numbers

# unknown letters that spell an English month are no post: 09APRIL2010 is a date
_MONTH_WORDS = frozenset(word.upper() for word in month_numbers(("en",)))


@dataclass(frozen=True, slots=True)
class IdMatch:
    start: int
    end: int
    ref_id: str
    post: str
    serial: int
    known_post: bool


def make_ref_id(yy: str, letters: str, serial: str, *, loose: bool) -> tuple[str, str, int] | None:
    """Validate the three parts; return (canonical id, post, serial) or None."""
    if not valid_year_digits(yy) or not valid_serial(serial):
        return None
    post = normalise_post(letters)
    if not post.isalpha() or not post.isascii() or len(post) < 3:
        return None
    known = post in KNOWN_POSTS
    if not known and (loose or len(post) < 4 or post in _MONTH_WORDS or not letters.isupper()):
        return None
    number = int(serial)
    return ref_id(int(yy), post, number), post, number


_CANONICAL_RE = re.compile(
    rf"({REF_ID_YEAR})[\s_-]*([A-Za-z][A-Za-z \t-]*?[A-Za-z])[\s_-]*({REF_ID_SERIAL})"
)


def canonical_ref_id(s: str) -> str | None:
    """The canonical form of a reference id written any way, or None when it is not one.

    >>> canonical_ref_id("09 lima 0345")
    '09LIMA345'
    >>> canonical_ref_id("09 BUENOS AIRES 1272")
    '09BUENOSAIRES1272'
    >>> canonical_ref_id("2010ABC123") is None
    True
    """
    m = _CANONICAL_RE.fullmatch(s.strip())
    if not m:
        return None
    yy, letters, serial = m.groups()
    loose = s.strip() != f"{yy}{letters}{serial}" or not letters.isupper()
    made = make_ref_id(yy, letters, serial, loose=loose)
    return made[0] if made else None


# -- in running text ------------------------------------------------------------------------

# One pattern for the compact form (09LIMA345, 09LIMA0345, 09Lima345) and the loose ones
# (09 LIMA 345, 09-LIMA-345, 09 BUENOS AIRES 1272: one line, upper case). It starts with the
# digits: a leading look-behind would slow every position of a long text down, so what may
# not come before an id is checked by hand.
_SEP = r"(?:[ \t]+|[ \t]*-[ \t]*)"
_ID_RE = re.compile(
    rf"({REF_ID_YEAR})(?:{_SEP}(?P<loose>[A-Z]{{3,}}(?:[ \t][A-Z]{{2,}}){{0,3}}){_SEP}"
    rf"|(?P<compact>[A-Za-z]{{3,40}}))({REF_ID_SERIAL})(?![\w@/]|-\w|\.[A-Za-z0-9])"
)


def _free_before(text: str, pos: int) -> bool:
    """Nothing glued to the front of an id: not ``x09LIMA345``, ``2010ABC123``, ``a/09...``."""
    if pos == 0:
        return True
    c = text[pos - 1]
    return not (c.isalnum() or c in "_@#/.-")


def find_ids(text: str) -> Iterator[IdMatch]:
    """Reference ids written in ``text``, compact and loose, in order of position."""
    found: list[IdMatch] = []
    for m in _ID_RE.finditer(text):
        if not _free_before(text, m.start()):
            continue
        yy, serial = m.group(1), m.group(4)
        if m.group("compact"):
            letters = m.group("compact")
            made = make_ref_id(yy, letters, serial, loose=not letters.isupper())
        else:
            made = make_ref_id(yy, m.group("loose"), serial, loose=True)
        if made:
            found.append(IdMatch(m.start(), m.end(), *made, made[1] in KNOWN_POSTS))
    found.sort(key=lambda i: i.start)
    return iter(found)


# -- URLs -----------------------------------------------------------------------------------

_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+"
    r"|(?<![\w@/.])(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"'()\[\]{}]*"
    r"|(?<![\w/.])/cables?/\d{4}/\d{2}/[^\s<>\"'()\[\]{}]+",
    re.IGNORECASE,
)
# the id inside a URL: a path segment or a query value, maybe with _a / .html after it
_ID_IN_URL_RE = re.compile(
    rf"(?<=[/=])({REF_ID_YEAR})([A-Za-z]{{3,40}})({REF_ID_SERIAL})"
    r"(?=_[A-Za-z0-9]{1,3}\b|\.html?\b|[?&#/]|$)"
)
_URL_HINTS = ("/cable", "cable.php", "cablegate", "plusd", "wikileaks")
_CABLE_URL_HINT = re.compile(r"cable|plusd|wikileaks|/\d{4}/\d{2}/", re.IGNORECASE)


def find_urls(text: str) -> Iterator[IdMatch]:
    """WikiLeaks-style cable URLs: the whole URL as the span, its reference id canonical."""
    low = text.lower()
    if not any(hint in low for hint in _URL_HINTS):
        return
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(".,;:!?")
        if not _CABLE_URL_HINT.search(url):
            continue
        for inner in _ID_IN_URL_RE.finditer(url):
            yy, letters, serial = inner.groups()
            made = make_ref_id(yy, letters.upper(), serial, loose=False)
            if made:
                yield IdMatch(m.start(), m.start() + len(url), *made, made[1] in KNOWN_POSTS)
                break
