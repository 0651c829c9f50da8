"""Three more ways coverage names a cable: a reprint's routing line, "the so-called Reykjavik
13 cable", and WikiLeaks' own number for it.

- A routing line ``DE RUEHPE #1938/01 3541710`` gives the sending station's routing indicator
  and the serial's last four digits; the date-time group near it (``P 191710Z DEC 08``) gives
  the year. Which post an indicator stands for is learnt from the imported cables' headers
  (the store keeps that table), so the text gives only the indicator.
- "The so-called Reykjavik 13 cable" (el llamado cable Reykjavik 13, o chamado telegrama…,
  le câble dit « Reykjavik 13 ») gives the post and the serial, not the year.
- "WikiLeaks ID 240473", "cable no. 240473": WikiLeaks' sequence number of the cable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.text.cables import DTG_RE, ROUTING_RE, year_of_two_digits
from reader.text.months import MILITARY_MONTHS

__all__ = ["NumberedCable", "RoutedCable", "SoCalled", "find_routing", "find_so_called",
           "find_wikileaks_numbers"]

_DTG_WITHIN = 400  # characters around a routing line where its date-time group stands


@dataclass(frozen=True, slots=True)
class RoutedCable:
    start: int
    end: int
    station: str
    serial: int  # the serial's last four digits
    year: int | None


def find_routing(text: str) -> list[RoutedCable]:
    """Routing lines with the year of the nearest date-time group (None without one)."""
    out = []
    for m in ROUTING_RE.finditer(text):
        dtgs = list(DTG_RE.finditer(text, max(0, m.start() - _DTG_WITHIN),
                                    min(len(text), m.end() + _DTG_WITHIN)))
        year = None
        if dtgs:
            near = min(dtgs, key=lambda d: abs(d.start() - m.end()))
            if near.group("mon") in MILITARY_MONTHS:
                year = year_of_two_digits(int(near.group("yy")))
        out.append(RoutedCable(m.start(), m.end(), m.group("station"), int(m.group("serial")),
                               year))
    return out


@dataclass(frozen=True, slots=True)
class SoCalled:
    start: int
    end: int
    city: str
    serial: int


_UPPER = "A-ZÀ-ÖØ-Þ"
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
_POST_SERIAL = (rf"(?P<city>[{_UPPER}][{_LETTER}-]+(?:[ ][{_UPPER}][{_LETTER}-]+){{0,2}})"
                r"[ \t-]+(?P<serial>\d{1,5})")
_SO_CALLED = re.compile(
    r"\b(?:so[- ]called|llamad[oa]|denominad[oa]|conocid[oa][ ]como|chamad[oa]|conhecid[oa]"
    r"[ ]como|dit|dite|surnomm[ée]e?|baptis[ée]e?)[ \t]+(?:(?:cable|câble|telegrama|telegram"
    rf"|despacho)[ \t]+)?[\"“«‘']?[ \t]*{_POST_SERIAL}\b")
# without "so-called", the word "cable" must stand beside the name ("the Reykjavik 13 cable",
# "el cable Reykjavik 13"), and a number that could be a year is one ("the Lima 2009 cable")
_NAMED_CABLE = [
    re.compile(rf"\b{_POST_SERIAL}[ \t]+(?:cable|dispatch|telegram)\b"),
    re.compile(rf"\b(?:cable|câble|telegrama)[ \t]+[\"“«‘]?[ \t]*{_POST_SERIAL}\b"),
]


def find_so_called(text: str) -> list[SoCalled]:
    """A cable named by its post and serial: "the so-called Reykjavik 13 cable", "the
    Reykjavik 13 cable", "el cable Reykjavik 13"."""
    found = [SoCalled(m.start(), m.end(), m.group("city"), int(m.group("serial")))
             for m in _SO_CALLED.finditer(text)]
    for m in (m for pattern in _NAMED_CABLE for m in pattern.finditer(text)):
        serial = int(m.group("serial"))
        if 1960 <= serial <= 2011 or any(
                f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
            continue
        found.append(SoCalled(m.start(), m.end(), m.group("city"), serial))
    return sorted(found, key=lambda f: f.start)


@dataclass(frozen=True, slots=True)
class NumberedCable:
    start: int
    end: int
    number: int


# (not "Document Number 000001": a case file's numbering, zero-padded)
_WIKILEAKS_NUMBER = re.compile(
    r"\b(?:wikileaks[ \t]+(?:id|no\.?|n[º°o]\.?|number|n[úu]mero|#)|(?:cable|câble|telegrama)"
    r"[ \t]+(?:id|no\.?|n[º°o]\.?|number|n[úu]mero|#))[ \t]*[:#]?[ \t]*"
    r"(?P<n>[1-9]\d{4,5})\b", re.IGNORECASE)


def find_wikileaks_numbers(text: str) -> list[NumberedCable]:
    """WikiLeaks' sequence numbers of cables ("WikiLeaks ID 240473", "cable no. 240473")."""
    return [NumberedCable(m.start(), m.end(), int(m.group("n")))
            for m in _WIKILEAKS_NUMBER.finditer(text)]
