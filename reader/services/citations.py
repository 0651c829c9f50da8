"""Which cables an article reports on, and on what evidence. The user's verdicts win.

- An id, a cable URL or a reprinted header names the cable: *explicit*.
- A passage the article quotes (six words or more) that a cable's body holds, word for word,
  is strong evidence for that cable: *likely*, kind "quotation".
- Otherwise a cable is *likely* only on evidence beyond a date: a name the article shares
  with it that few documents name (a *rare* name), together with the cable's origin (the
  article names its city or country) or its date (the article dates an event or a document
  in the days or weeks before the cable). The names are the linker's entities, so a name
  matches across languages and spellings; the more rare names and the surer the date, the
  higher the score. A guess is kept only when it stands out from the next best one: the top
  cable is a cite at CITE_MIN or more, and cables from CANDIDATE_MIN are kept as
  candidates. Below that nothing is kept, shown or exported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reader.cite import Citation, detect_citations, origin_matches
from reader.cite.dates import dates_in, day_months_in
from reader.cite.forms import find_routing, find_so_called, find_wikileaks_numbers
from reader.cite.posts import CITY_POST
from reader.cite.quotes import LOOKUP_WORDS, QUOTED_WORDS
from reader.link import normalise_untitled
from reader.store import Store, StoreError
from reader.store.citations import CitationRecord
from reader.text.cables import post_country
from reader.text.cables import ref_id as make_ref_id
from reader.text.countries import country_table
from reader.text.fold import fold

CITE_MIN = 0.6  # a guess this sure is a cite
CANDIDATE_MIN = 0.3  # below this a guess is dropped
QUOTED_IN_AT_MOST = 3  # a passage more cables hold is boilerplate, not evidence
RARE_SHARE = 0.005  # a rare name: in at most this share of the index's documents...
RARE_AT_LEAST = 20  # ...or in this many, in a small index
KNOWN_TIMES = 10  # names up to ten times as common add to a candidate's score, never make one
REPORTED_WITHIN = 45  # days after an event that a cable reporting it may be dated
_ARTICLE_ABOUT_CABLES = re.compile(
    r"wikileaks|cablegate|\bc[aâ]bles?\b|\btelegram|\bdespacho|\bmemorand", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def recite(store: Store, document_ids: Sequence[int] | None = None) -> None:
    """Find the citations of these articles (all, by default) again, then their cables."""
    ids = list(store.article_ids() if document_ids is None else document_ids)
    for i in range(0, len(ids), CITE_BATCH):
        with store.transaction():
            for doc_id in ids[i : i + CITE_BATCH]:
                doc = store.get_document(doc_id)
                if doc is None:
                    continue
                store.save_citations(doc_id,
                                     citation_records(detect_citations(doc.body, doc.date)))
    resolve_citations(store, ids)


def citation_records(citations: Iterable[Citation]) -> list[CitationRecord]:
    """The citations an article's text holds, as the store keeps them (the REF lines of a
    reprinted cable name other cables, not the story's: they are left out)."""
    return [(c.kind, c.start, c.end, c.text, c.ref_id, c.year, c.month, c.day, c.origin,
             c.confidence) for c in citations if c.kind != "reference"]


@dataclass
class _Cite:
    status: str
    confidence: float
    rank: int
    citation: int | None
    kind: str


CITE_BATCH = 200  # articles whose cables are worked out and written in one transaction


def resolve_citations(store: Store, document_ids: Sequence[int]) -> None:
    """Work out the cables these articles cite, CITE_BATCH articles a transaction (each
    article's cites are replaced whole), so that the lock is not held for all of them."""
    total = store.document_count() or 1
    rare = max(RARE_AT_LEAST, int(total * RARE_SHARE))
    for i in range(0, len(document_ids), CITE_BATCH):
        with store.transaction():
            for doc_id in document_ids[i : i + CITE_BATCH]:
                _resolve_one(store, doc_id, total, rare)


def _resolve_one(store: Store, doc_id: int, total: int, rare: int) -> None:
    try:
        content_hash = store.content_hash(doc_id)
    except StoreError:
        return
    found = _evidence(store, doc_id, total, rare)
    for verdict, ref_id in store.cite_verdicts(content_hash):
        if verdict == "cites":
            found[ref_id] = _Cite("confirmed", 1.0, 1, None, "judgement")
        else:
            found.pop(ref_id, None)
    store.replace_cites(doc_id, [(ref, c.status, c.confidence, c.rank, c.citation,
                                  c.kind) for ref, c in found.items()])


def _evidence(store: Store, doc_id: int, total: int, rare: int) -> dict[str, _Cite]:
    """The cables one article cites, and candidates, by the evidence its text holds."""
    found: dict[str, _Cite] = {}
    descriptions = []
    for cid, kind, text, ref_id, year, month, day, origin, conf in store.citations_of(doc_id):
        if ref_id:
            _offer(found, ref_id, _Cite("explicit", conf, 1, cid, kind))
        elif kind in ("routing", "so_called", "wikileaks_id"):
            for ref, cite in _named_cable(store, cid, kind, text, year):
                _offer(found, ref, cite)
        elif kind == "quotation":
            words = _WORD.findall(text)[:LOOKUP_WORDS]
            if len(words) < QUOTED_WORDS:
                continue
            refs = store.cables_with_phrase(words, QUOTED_IN_AT_MOST + 1)
            if 0 < len(refs) <= QUOTED_IN_AT_MOST:
                confidence = round(0.95 / len(refs), 3)
                for ref in refs:
                    _offer(found, ref, _Cite("likely", confidence, _rank(1, confidence), cid,
                                             "quotation"))
        elif year is not None or origin is not None:
            descriptions.append((cid, year, month, day, origin))
    if not any(c.status == "explicit" or c.kind == "quotation" for c in found.values()):
        for ref, cite in _by_names(store, doc_id, descriptions, total, rare):
            _offer(found, ref, cite)
    return found


CABLE_YEARS = range(1966, 2011)  # the years of the leak's cables


def _named_cable(store: Store, cid: int, kind: str, text: str, year: int | None
                 ) -> list[tuple[str, _Cite]]:
    """The cable a routing line, a "so-called" name or a WikiLeaks number points at."""
    if kind == "wikileaks_id":
        number = find_wikileaks_numbers(text)
        # WikiLeaks' number is kept as it is cited: the index does not know its cables' numbers
        return [(f"WikiLeaks #{n.number}", _Cite("explicit", 1.0, 1, cid, kind))
                for n in number[:1]]
    if kind == "routing":
        routed = find_routing(text)
        if not routed:
            return []
        post = store.post_of_routing(routed[0].station)
        serial = routed[0].serial
    else:
        named = find_so_called(text)
        if not named:
            return []
        post = _post_of_city(named[0].city)
        serial = named[0].serial
        year = None
    if post is None:
        return []
    if year is not None:
        return [(make_ref_id(year, post, serial), _Cite("explicit", 0.95, 1, cid, kind))]
    refs = store.cables_with_serial(post, serial, CABLE_YEARS)
    confidence = round(0.9 / len(refs), 3) if refs else 0.0
    return [(ref, _Cite("likely", confidence, _rank(1, confidence), cid, kind)) for ref in refs]


def _post_of_city(city: str) -> str | None:
    """The post of a city named before a serial, capitalised words before it aside ("The
    Reykjavik 13 cable")."""
    words = city.split()
    for k in range(len(words)):
        name = " ".join(words[k:])
        post = CITY_POST.get(name) or CITY_POST.get(fold(name).title())
        if post is not None:
            return post
    return None


def _offer(found: dict[str, _Cite], ref: str, cite: _Cite) -> None:
    if ref not in found or found[ref].confidence < cite.confidence:
        found[ref] = cite


# -- evidence by names ---------------------------------------------------------------------


@dataclass
class _Candidate:
    document: int
    origin: str | None
    date: str | None
    rare: float = 0.0
    known: float = 0.0


def _by_names(store: Store, doc_id: int, descriptions: list[tuple[int, int | None, int | None,
              int | None, str | None]], total: int, rare: int
              ) -> list[tuple[str, _Cite]]:
    doc = store.get_document(doc_id)
    if doc is None or not _ARTICLE_ABOUT_CABLES.search(doc.body):
        return []
    named = store.named_entities_within(doc_id, rare * KNOWN_TIMES)
    weights = {e: math.log(1 + total / n) for e, n in named}
    rare_ones = [e for e, n in named if n <= rare]
    if not rare_ones:
        return []
    candidates: dict[str, _Candidate] = {}
    for d, ref, origin, when, entity in store.cables_naming(rare_ones):
        c = candidates.setdefault(ref, _Candidate(d, origin, when))
        c.rare += weights[entity]
    known = [e for e, n in named if n > rare]
    by_document = {c.document: c for c in candidates.values()}
    if known:
        for d, entity in store.documents_naming(list(by_document), known):
            by_document[d].known += 0.5 * weights[entity]
    places = _places(store.place_norms(doc_id))
    dates = _dates(doc.body, doc.date, descriptions)
    described = [o for _, _, _, _, o in descriptions if o]
    scored: list[tuple[float, str, int | None]] = []
    for ref, c in candidates.items():
        at_origin = _at_origin(c.origin, places, described)
        dated, citation = _dated(c.date, dates)
        if not (at_origin or dated):
            continue  # a rare name alone is a story about the same people, not a source
        scored.append((c.rare + c.known + at_origin + dated, ref, citation))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out = []
    for rank, (score, ref, citation) in enumerate(scored[:3], start=1):
        confidence = _confidence(score, [s for s, r, _ in scored if r != ref])
        if confidence >= CANDIDATE_MIN:
            out.append((ref, _Cite("likely", confidence, _rank(rank, confidence), citation,
                                   "names")))
    return out


SCALE = 2.0  # score points (a third of a rare name's weight) that make a guess e times likelier


def _confidence(score: float, others: Sequence[float]) -> float:
    """How sure a guess is, against the other candidates: the scores are summed weights of
    evidence (logarithms), so each candidate's share is exp(score / SCALE), normalised."""
    rest = sum(math.exp((o - score) / SCALE) for o in others)
    return round(min(0.95, 1.0 / (1.0 + rest)), 3)


def _rank(rank: int, confidence: float) -> int:
    """A guess's rank: 1 only for a cite (CITE_MIN or more); candidates rank 2 and after (the
    store reads "explicit, confirmed, or likely of rank 1" as the cables cited)."""
    return rank if rank > 1 or confidence >= CITE_MIN else 2


def _places(norms: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The places a document names: their folded names, and the countries among them."""
    countries = country_table(normalise_untitled)
    names = {fold(n) for n in norms}
    return frozenset(names), frozenset(countries[n] for n in norms if n in countries)


def _at_origin(origin: str | None, places: tuple[frozenset[str], frozenset[str]],
               described: list[str]) -> float:
    """How well the article names the cable's post: a description's sender 4, its city 3,
    its country 2, else 0."""
    if not origin:
        return 0.0
    if any(origin_matches(d, origin) for d in described):
        return 4.0
    city = fold(origin.split(" ", 1)[-1]) if " " in origin else fold(origin)
    names, countries = places
    if city in names:
        return 3.0
    country = post_country(origin)
    return 2.0 if country is not None and country.upper() in countries else 0.0


@dataclass(frozen=True)
class _Dates:
    described_days: tuple[tuple[date, int], ...]  # a document's date, in a description
    described_months: tuple[tuple[int, int, int], ...]
    described_years: tuple[tuple[int, int], ...]
    days: tuple[date, ...]  # a day the article names (an event's, most often)
    months: tuple[tuple[int, int], ...]  # a month of a year
    day_months: tuple[tuple[int, int], ...]  # "dated 13th January": a day of no year


def _dates(body: str, published: str | None, descriptions: list[tuple[int, int | None,
           int | None, int | None, str | None]]) -> _Dates:
    """The dates an article names before its own date (the cable precedes the story)."""
    limit = _iso(published) or date(9999, 12, 31)
    described_days, described_months, described_years = [], [], []
    for cid, year, month, day, _origin in descriptions:
        if year and month and day and (d := _make(year, month, day)) and d < limit:
            described_days.append((d, cid))
        elif year and month:
            described_months.append((year, month, cid))
        elif year:
            described_years.append((year, cid))
    days: list[date] = []
    months: list[tuple[int, int]] = []
    for m in dates_in(body):
        if m.year and m.month and m.day and (d := _make(m.year, m.month, m.day)) and d < limit:
            days.append(d)
        elif m.year and m.month and (m.year, m.month) < (limit.year, limit.month):
            months.append((m.year, m.month))
    return _Dates(tuple(described_days), tuple(described_months), tuple(described_years),
                  tuple(days), tuple(months), tuple(day_months_in(body)))


def _dated(when: str | None, dates: _Dates) -> tuple[float, int | None]:
    """How well the article's dates fit a cable dated WHEN, in the same points as a name's
    weight, with the description the best fit came from. A description's date is the
    document's: its day 12, a few weeks after it 4 (the day of the events reported), its
    month 5, its year 1. A date elsewhere in the text is most often an event's, which a
    cable reports within days or weeks: that day 4, the two weeks after 2, six weeks 1;
    the day and month of an unnamed year 4; a month 1."""
    cable = _iso(when)
    if cable is None:
        return 0.0, None
    best: tuple[float, int | None] = (0.0, None)

    def fit(points: float, cid: int | None) -> None:
        nonlocal best
        if points > best[0]:
            best = (points, cid)

    for d, cid in dates.described_days:
        gap = (cable - d).days
        fit(12.0 if abs(gap) <= 1 else 4.0 if 0 <= gap <= REPORTED_WITHIN else 0.0, cid)
    for year, month, cid in dates.described_months:
        fit(5.0 if (cable.year, cable.month) == (year, month) else 0.0, cid)
    for year, cid in dates.described_years:
        fit(1.0 if cable.year == year else 0.0, cid)
    for d in dates.days:
        gap = (cable - d).days
        fit(4.0 if abs(gap) <= 1 else 2.0 if 0 <= gap <= 14
            else 1.0 if 0 <= gap <= REPORTED_WITHIN else 0.0, None)
    for year, month in dates.months:
        start = date(year, month, 1)
        fit(1.0 if start <= cable <= start + timedelta(days=31 + REPORTED_WITHIN) else 0.0,
            None)
    if (cable.month, cable.day) in dates.day_months:
        fit(4.0, None)
    return best


def _iso(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

