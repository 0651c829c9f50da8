"""`detect_citations`: every way a text can cite a cable, in one pass per form.

Order matters: URLs first (their ids are not counted twice), then reprinted headers and the
REF blocks under them (ids there are *references* to other cables), then the ids left in the
prose, then the descriptive citations of sentences that hold none of the above, then the
passages the text quotes.
"""

from __future__ import annotations

import bisect

from reader.cite.descriptive import find_descriptive
from reader.cite.forms import find_routing, find_so_called, find_wikileaks_numbers
from reader.cite.headers import HeaderMatch, find_headers, find_references
from reader.cite.ids import find_ids, find_urls
from reader.cite.models import Citation
from reader.cite.posts import origin_of_post
from reader.cite.quotes import find_quotations
from reader.text.cables import ref_id, ref_id_year


class _Spans:
    """Taken character ranges; a new match overlapping one of them is dropped."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # the taken ranges never overlap one another, so their ends are sorted like their
        # starts: only the last range starting before ``end`` can reach past ``start``
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def items(self) -> list[tuple[int, int]]:
        return list(zip(self._starts, self._ends, strict=True))


def _ref_id(year: int | None, post: str, serial: int) -> str | None:
    return None if year is None else ref_id(year, post, serial)


def _references(text: str, headers: list[HeaderMatch]) -> list[Citation]:
    """REF-block ids, dated by the header of the cable they stand in (the nearest before)."""
    out: list[Citation] = []
    starts = [h.start for h in headers]
    for r in find_references(text):
        i = bisect.bisect_right(starts, r.start) - 1
        header = headers[i] if i >= 0 else None
        year = r.year
        basis = "id" if r.explicit_year else None
        confidence = 1.0 if r.explicit_year else 0.2
        if year is None and header is not None and header.year is not None:
            year = header.year
            if r.post == header.post and r.serial > header.serial:
                year -= 1  # serials restart every January: a higher one is last year's
            basis, confidence = "citing_cable", 0.5 * header.confidence + 0.1
        out.append(Citation(kind="reference", start=r.start, end=r.end,
                            text=text[r.start : r.end], ref_id=_ref_id(year, r.post, r.serial),
                            post=r.post, serial=r.serial, year=year,
                            origin=origin_of_post(r.post), confidence=round(confidence, 2),
                            basis=basis))
    return out


def detect_citations(text: str, doc_date: str | None = None) -> list[Citation]:
    """The cables ``text`` cites, in order of position.

    ``doc_date`` (ISO, the document's own date) is the last resort for the year of a reprinted
    header that has no date line and no year nearby.
    """
    found: list[Citation] = []
    taken = _Spans()

    for u in find_urls(text):
        found.append(Citation(kind="url", start=u.start, end=u.end, text=text[u.start : u.end],
                              ref_id=u.ref_id, post=u.post, serial=u.serial,
                              year=ref_id_year(u.ref_id),
                              origin=origin_of_post(u.post), confidence=1.0, basis="url"))
        taken.add(u.start, u.end)

    headers: list[HeaderMatch] = []
    for h in find_headers(text, doc_date):
        if taken.overlaps(h.start, h.end):
            continue
        headers.append(h)
        found.append(Citation(kind="header", start=h.start, end=h.end, text=text[h.start : h.end],
                              ref_id=_ref_id(h.year, h.post, h.serial), post=h.post,
                              serial=h.serial, year=h.year, month=h.month, day=h.day,
                              origin=origin_of_post(h.post), confidence=h.confidence,
                              basis=h.basis))
        taken.add(h.start, h.end)

    if "REF" in text:
        for r in _references(text, headers):
            if taken.overlaps(r.start, r.end):
                continue
            found.append(r)
            taken.add(r.start, r.end)

    for i in find_ids(text):
        if taken.overlaps(i.start, i.end):
            continue
        found.append(Citation(kind="ref_id", start=i.start, end=i.end, text=text[i.start : i.end],
                              ref_id=i.ref_id, post=i.post, serial=i.serial,
                              year=ref_id_year(i.ref_id),
                              origin=origin_of_post(i.post),
                              confidence=1.0 if i.known_post else 0.9, basis="id"))
        taken.add(i.start, i.end)

    for routed in find_routing(text):
        if not taken.overlaps(routed.start, routed.end):
            found.append(Citation(kind="routing", start=routed.start, end=routed.end,
                                  text=text[routed.start : routed.end], serial=routed.serial,
                                  year=routed.year, confidence=0.95 if routed.year else 0.6,
                                  basis="date_time_group" if routed.year else None))
            taken.add(routed.start, routed.end)
    for s in find_so_called(text):
        if not taken.overlaps(s.start, s.end):
            found.append(Citation(kind="so_called", start=s.start, end=s.end,
                                  text=text[s.start : s.end], origin=s.city, serial=s.serial,
                                  confidence=0.9, basis="text"))
            taken.add(s.start, s.end)
    for n in find_wikileaks_numbers(text):
        if not taken.overlaps(n.start, n.end):
            found.append(Citation(kind="wikileaks_id", start=n.start, end=n.end,
                                  text=text[n.start : n.end], serial=n.number, confidence=1.0,
                                  basis="id"))
            taken.add(n.start, n.end)
    for p in find_descriptive(text, taken.items()):
        start, end = p.head
        constraints = sum(x is not None for x in (p.year, p.month, p.day, p.post))
        confidence = round(min(0.8, 0.35 + 0.15 * (p.year is not None)
                               + 0.15 * (p.post is not None) + 0.05 * constraints), 2)
        found.append(Citation(kind="descriptive", start=start, end=end, text=text[start:end],
                              post=p.post, year=p.year, month=p.month, day=p.day,
                              origin=origin_of_post(p.post) if p.post else None,
                              confidence=confidence, basis="text" if p.year else None,
                              spans=tuple(sorted(set(p.spans)))))

    for q in find_quotations(text):
        if not taken.overlaps(q.start, q.end):
            found.append(Citation(kind="quotation", start=q.start, end=q.end,
                                  text=text[q.start : q.end], confidence=0.9, basis="quoted"))

    found.sort(key=lambda c: (c.start, c.end))
    return found
