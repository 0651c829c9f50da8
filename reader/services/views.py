"""What each pane of the reader and each reading command shows, as typed objects.

Headless: the reader's workers and the command line call these with a store and display the
result. The store answers with raw rows; here they are put together, and each cross-reference
gets the reason it is linked (`reader.link.names.explain`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from reader.link import normalise_name
from reader.link.names import block_keys, explain, sound
from reader.rows import (
    CiteRow,
    CopyRow,
    CoverageRow,
    DocumentListRow,
    DocumentMatch,
    DocumentRow,
    ElsewhereRow,
    EntityMatch,
    EntitySummary,
    FoundMention,
    JudgementRow,
    MentionRow,
    SearchHit,
    SuggestionRow,
)
from reader.store import Store, StoreError
from reader.text.fold import fold
from reader.text.plural import counted

XREF_LIMIT = 200  # documents listed in the cross-references of one entity (a page)
SEARCH_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Link:
    """Why a mention belongs to its entity: `kind` is confirmed | same_name | fuzzy | chain."""

    kind: str
    score: float
    text: str


def link_of(etype: str, entity_key: str, cluster_key: str | None, norm: str,
            confirmed: bool) -> Link:
    why = explain(etype, entity_key, cluster_key or "", norm, confirmed)
    score = why["score"]
    return Link(kind=str(why["kind"]), score=float(score) if isinstance(score, int | float)
                else 0.0, text=str(why["text"]))


# -- the document list and the reading pane ------------------------------------------------


def document_list(store: Store) -> list[DocumentListRow]:
    """Every document: articles first (newest first), then cables."""
    return store.list_documents()


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document with what the reading pane and the cables panel show of it.

    For an article: the cables it cites and, for each, the other articles that cover it. For
    a cable: no cites, and the articles that cover it under its own reference id.
    """

    document: DocumentRow
    mentions: tuple[MentionRow, ...]
    cites: tuple[CiteRow, ...]
    coverage: Mapping[str, tuple[CoverageRow, ...]]
    copies: tuple[CopyRow, ...]

    @property
    def is_cable(self) -> bool:
        return self.document.kind == "cable"

    def covered_by(self) -> tuple[CoverageRow, ...]:
        """For a cable: the articles that report on it, copies and samples included (each
        row says whether it is one); `coverage_count` counts them apart."""
        ref = self.document.ref_id
        return self.coverage.get(ref, ()) if ref else ()

    def coverage_count(self, ref_id: str | None = None) -> CoverageCount:
        """How many independent articles cover a cable (for a cable: itself; for an article,
        one it cites, this article aside), apart from copies and samples."""
        rows = self.covered_by() if ref_id is None else self.coverage.get(ref_id, ())
        return coverage_count(rows, None if self.is_cable else self.document.id)


@dataclass(frozen=True, slots=True)
class CoverageCount:
    """The coverage of a cable: independent real articles, copies of another article in the
    list (or of the article being read), and articles from the sample corpus."""

    articles: int
    copies: int
    samples: int

    @property
    def text(self) -> str:
        """"Covered by 2 articles (and 1 copy, 3 samples)"."""
        head = f"Covered by {counted(self.articles, 'article')}"
        rest = [counted(n, w) for n, w in ((self.copies, "copy"), (self.samples, "sample"))
                if n]
        return head + (f" (and {', '.join(rest)})" if rest else "")


def coverage_count(rows: Iterable[CoverageRow], reading: int | None = None) -> CoverageCount:
    """Samples apart; a copy counts as coverage only when what it copies is neither in the
    list nor READING (the document being read)."""
    rows = list(rows)
    present = {r.id for r in rows} | ({reading} if reading is not None else set())
    samples = sum(1 for r in rows if r.sample)
    copies = sum(1 for r in rows if not r.sample and r.duplicate_of in present)
    return CoverageCount(len(rows) - samples - copies, copies, samples)


def document_view(store: Store, doc_id: int) -> DocumentView | None:
    """None when the document is no longer in the index."""
    doc = store.get_document(doc_id)
    if doc is None:
        return None
    mentions = tuple(store.document_mentions(doc_id))
    cites: tuple[CiteRow, ...] = ()
    coverage: dict[str, tuple[CoverageRow, ...]] = {}
    if doc.kind == "cable":
        if doc.ref_id:
            coverage[doc.ref_id] = tuple(store.coverage(doc.ref_id))
    else:
        cites = tuple(store.document_cites(doc_id))
        for c in cites:
            coverage[c.ref_id] = tuple(store.coverage(c.ref_id, exclude=doc_id))
    return DocumentView(doc, mentions, cites, coverage, tuple(store.copies_of(doc_id)))


# -- cross-references ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """The entity named in another document (its first mention there), and why linked."""

    row: ElsewhereRow
    link: Link


@dataclass(frozen=True, slots=True)
class XrefView:
    """The entity under the cursor: who or what, where else it is named (one page of the
    other documents: `offset` onwards, `total` in all), suggestions."""

    entity: EntitySummary
    elsewhere: tuple[Elsewhere, ...]
    suggestions: tuple[SuggestionRow, ...]
    total: int = 0  # documents other than the one read that name the entity
    offset: int = 0  # where this page of `elsewhere` starts among them

    @property
    def more(self) -> bool:
        """Documents beyond this page."""
        return self.offset + len(self.elsewhere) < self.total


def xref_view(store: Store, entity_id: int, document_id: int,
              limit: int = XREF_LIMIT, offset: int = 0) -> XrefView | None:
    """None when the entity is gone (re-linked or hidden meanwhile). ELSEWHERE holds LIMIT
    documents from OFFSET (articles first, then cables, by date); each costs the same
    whatever the entity's size: its rows are read in order from an index."""
    entity = store.entity_summary(entity_id)
    if entity is None:
        return None
    elsewhere = tuple(
        Elsewhere(r, link_of(r.type, r.entity_key, r.cluster_key, r.norm, r.confirmed))
        for r in store.entity_elsewhere(entity_id, document_id, limit=limit, offset=offset))
    return XrefView(entity, elsewhere, tuple(store.entity_suggestions(entity_id)),
                    total=store.entity_elsewhere_count(entity_id, document_id),
                    offset=offset)


# -- `mentions NAME` -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NamedMention(FoundMention):
    """A found mention and why it belongs to the entity (the fields of `cablereader
    mentions NAME --json`, in order)."""

    link: Link


@dataclass(frozen=True, slots=True)
class EntityChoice:
    """An entity that a looked-up name may mean: its name, type, how many documents name
    it, the name of it that came closest and how close (0-100)."""

    id: int
    name: str
    type: str
    documents: int
    mentions: int
    matched: str
    score: float

    @property
    def text(self) -> str:
        """"Vladimiro Montesinos (person, 35 documents)"."""
        return f"{self.name} ({self.type}, {counted(self.documents, 'document')})"


@dataclass(frozen=True, slots=True)
class NameLookup:
    """What `mentions NAME` shows: the entity chosen for NAME (None: nothing close), the
    other close ones, and the chosen entity's mentions."""

    chosen: EntityChoice | None
    others: tuple[EntityChoice, ...]
    mentions: tuple[NamedMention, ...]

    @property
    def text(self) -> str:
        """"showing Vladimiro Montesinos (person, 35 documents); also: …"."""
        if self.chosen is None:
            return "no person, group or place by that name"
        also = f"; also: {', '.join(o.text for o in self.others)}" if self.others else ""
        return f"showing {self.chosen.text}{also}"


MATCH_FROM = 75.0  # how close (token set ratio, 0-100) a name must be to be a candidate
ALSO_FROM = 85.0  # how close another entity must be to be named as a close match
ALSO_MOST = 5


def _closeness(query: str, name: str) -> tuple[float, float]:
    """(how well each word of the query is found among the name's words, on average: a
    name may have more words than the query, not fewer; the whole strings' likeness)."""
    words = name.split()
    if not words or not query:
        return 0.0, 0.0
    found = [max(fuzz.ratio(w, x) for x in words) for w in query.split()]
    return sum(found) / len(found), fuzz.ratio(query, name)


def lookup_entity(store: Store, name: str) -> NameLookup:
    """The entity NAME means, found by any of its names: the names its documents give it
    (normalised: case, accents, titles), its displayed name, a name the user gave it; the
    words of NAME may be misspelt or some of them missing ("Vladimiro" finds Vladimiro
    Montesinos). The closest wins; among names about as close, the entity named in more
    documents. Index lookups only: the name index's block keys (and their prefixes), the
    mentions' normalised names, the user's renames."""
    key = normalise_name(name)
    folded = fold(name)
    if not key:
        return NameLookup(None, (), ())
    words = [w for w in key.split() if len(w) >= 3]
    prefixes = {f"{t}:{w}" for t in ("person", "group", "place") for w in words}
    blocks = {f"{t}:{b}" for t in ("person", "group", "place") for b in block_keys(t, key)}
    blocks |= {f"{t}:~{sound(w)}" for t in ("person", "group", "place") for w in words
               if len(w) >= 4}
    names: dict[int, set[str]] = {}
    for _t, n, entity_id in store.names_near(key, prefixes, blocks):
        if entity_id is not None:
            names.setdefault(entity_id, set()).add(n)
    for entity_id in store.entities_named_as(key):
        names.setdefault(entity_id, set()).add(key)
    for entity_id, new_name in _renames(store):
        names.setdefault(entity_id, set()).add(fold(new_name))
    scored: dict[int, tuple[float, float, str]] = {}
    for entity_id, ns in names.items():
        for n in ns:
            best = max(_closeness(key, n), _closeness(folded, n))
            if best[0] >= MATCH_FROM and (entity_id not in scored
                                          or best > scored[entity_id][:2]):
                scored[entity_id] = (*best, n)
    top = sorted(scored, key=lambda e: scored[e][:2], reverse=True)[:40]
    choices = []
    for entity_id, ename, etype, docs, n_mentions in store.entity_briefs(top):
        # the displayed name counts too (a rename, or a name the query spells better)
        shown = max(_closeness(folded, fold(ename)), scored[entity_id][:2])
        matched = scored[entity_id][2]
        choices.append(EntityChoice(entity_id, ename, etype, docs, n_mentions, matched,
                                    shown[0]))
    if not choices:
        return NameLookup(None, (), ())

    def rank(c: EntityChoice) -> float:
        # closeness first; then how much the index says about the entity (an exact name
        # borne by one stray mention does not beat the person named in many documents)
        exact = _closeness(key, c.matched)[1]
        return (c.score + 4 * math.log10(1 + c.documents) + 4 * math.log10(1 + c.mentions)
                + 0.05 * exact)

    choices.sort(key=lambda c: (rank(c), -c.id), reverse=True)
    chosen = choices[0]
    others = tuple(c for c in choices[1:] if c.score >= ALSO_FROM)[:ALSO_MOST]
    mentions = tuple(
        NamedMention(r.article_id, r.title, r.source, r.start, r.end, r.text, r.type,
                     r.entity_id, r.entity_name, r.context, r.mention_id, r.cluster_id,
                     link_of(r.type, r.entity_key, r.cluster_key, r.norm, r.confirmed))
        for r in store.mentions_of_entity(chosen.id))
    return NameLookup(chosen, others, mentions)


def _renames(store: Store) -> list[tuple[int, str]]:
    """(entity, the name the user gave it) for the renames in force."""
    rows = [j for j in store.active_judgements() if j.kind == "rename" and j.value]
    if not rows:
        return []
    clusters = store.clusters_by_ref(j.a for j in rows)
    entities = store.entities_of_clusters(clusters.values())
    out = []
    for j in rows:
        cluster = clusters.get(j.a)
        if cluster is not None and entities.get(cluster) is not None and j.value:
            out.append((entities[cluster], j.value))
    return out


def entity_mentions(store: Store, name: str) -> list[NamedMention]:
    """Mentions of the entity NAME means (`lookup_entity`), by document."""
    return list(lookup_entity(store, name).mentions)


# -- finding ---------------------------------------------------------------------------------


QUERY_CHARS = 500  # a longer query is refused: no one types it, and its cost has no bound
QUERY_TERMS = 32  # nor more words than this


def search(store: Store, query: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """Full-text search (FTS5 syntax), best first; StoreError on a bad query. The query's
    cost is bounded: at most QUERY_CHARS characters and QUERY_TERMS words (a word repeated
    counts each time: "garcia garcia garcia …" made SQLite read the same list for minutes)."""
    if len(query) > QUERY_CHARS:
        raise StoreError(f"the search is too long ({len(query):,} characters; at most "
                         f"{QUERY_CHARS})")
    if len(_QUERY_WORD.findall(query)) > QUERY_TERMS:
        raise StoreError(f"the search has too many words (at most {QUERY_TERMS})")
    return store.search(query, limit=limit)


_QUERY_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Found:
    """Documents by title or cable id, entities by name (the command palette)."""

    documents: tuple[DocumentMatch, ...]
    entities: tuple[EntityMatch, ...]


def find(store: Store, text: str, limit: int = 20) -> Found:
    text = text.strip()
    if len(text) < 2:
        return Found((), ())
    return Found(tuple(store.find_documents(text, limit)),
                 tuple(store.find_entities(text, limit)))


def find_entities(store: Store, text: str, limit: int = 30,
                  exclude: int | None = None) -> list[EntityMatch]:
    """Entities by name, the most mentioned first, without EXCLUDE (merge with…)."""
    text = text.strip()
    if len(text) < 2:
        return []
    return [e for e in store.find_entities(text, limit) if e.id != exclude]


def index_signature(store: Store) -> tuple[int, int]:
    """What the reader polls to notice documents another process added or removed: the
    highest id and a count of removals (cheap; unlike SQLite's data_version it means the
    same on every connection, and the reader's workers each open their own)."""
    return store.documents_signature()


def judgements(store: Store, include_undone: bool = False) -> list[JudgementRow]:
    """The user's judgements in force (or all of them), oldest first."""
    return store.list_judgements(include_undone=include_undone)
