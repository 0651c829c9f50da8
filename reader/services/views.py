"""What each pane of the reader and each reading command shows, as typed objects.

Headless: the reader's workers and the command line call these with a store and display the
result. The store answers with raw rows; here they are put together, and each cross-reference
gets the reason it is linked (`reader.link.names.explain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reader.link import normalise_name
from reader.link.names import explain
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
from reader.store import Store

XREF_LIMIT = 500  # documents listed in the cross-references of one entity
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
        """For a cable: the articles that report on it."""
        ref = self.document.ref_id
        return self.coverage.get(ref, ()) if ref else ()


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
    """The entity under the cursor: who or what, where else it is named, suggestions."""

    entity: EntitySummary
    elsewhere: tuple[Elsewhere, ...]
    suggestions: tuple[SuggestionRow, ...]


def xref_view(store: Store, entity_id: int, document_id: int,
              limit: int = XREF_LIMIT) -> XrefView | None:
    """None when the entity is gone (re-linked or hidden meanwhile)."""
    entity = store.entity_summary(entity_id)
    if entity is None:
        return None
    elsewhere = tuple(
        Elsewhere(r, link_of(r.type, r.entity_key, r.cluster_key, r.norm, r.confirmed))
        for r in store.entity_elsewhere(entity_id, document_id, limit=limit))
    return XrefView(entity, elsewhere, tuple(store.entity_suggestions(entity_id)))


# -- `mentions NAME` -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NamedMention(FoundMention):
    """A found mention and why it belongs to the entity (the fields of `cablereader
    mentions NAME --json`, in order)."""

    link: Link


def entity_mentions(store: Store, name: str) -> list[NamedMention]:
    """Mentions of every entity called NAME: one of its names, a name ending with NAME, or a
    surface form; grouped by entity."""
    key = normalise_name(name)
    if not key:
        return []
    return [
        NamedMention(r.article_id, r.title, r.source, r.start, r.end, r.text, r.type,
                     r.entity_id, r.entity_name, r.context, r.mention_id, r.cluster_id,
                     link_of(r.type, r.entity_key, r.cluster_key, r.norm, r.confirmed))
        for r in store.entity_mentions(key, name)
    ]


# -- finding ---------------------------------------------------------------------------------


def search(store: Store, query: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """Full-text search (FTS5 syntax), best first; StoreError on a bad query."""
    return store.search(query, limit=limit)


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
    """What the reader polls to notice documents another process added or removed."""
    return store.documents_signature()


def judgements(store: Store, include_undone: bool = False) -> list[JudgementRow]:
    """The user's judgements in force (or all of them), oldest first."""
    return store.list_judgements(include_undone=include_undone)
