"""Removing documents (`cablereader remove`, and the reader): the documents and everything
derived from them go in one transaction, then what they touched is linked and cited again.

The user's judgements stay: they name documents by content hash, so they apply again if a
removed document is imported again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.services.citations import resolve_citations
from reader.services.importer import mark_copies
from reader.services.linking import block_limits, relink_blocks, relink_within
from reader.store import Store
from reader.text.plural import counted


@dataclass(frozen=True, slots=True)
class Found:
    """The documents that the names a user gave stand for, and the names that stand for
    none."""

    ids: tuple[int, ...]
    missing: tuple[str, ...]


def find_documents(store: Store, specs: Iterable[str]) -> Found:
    """Each spec is a document id, a cable reference id or a source path as stored."""
    ids: dict[int, None] = {}
    missing: list[str] = []
    for spec in specs:
        found = store.documents_named(spec)
        if not found:
            missing.append(spec)
        ids.update(dict.fromkeys(found))
    return Found(tuple(ids), tuple(missing))


@dataclass(frozen=True, slots=True)
class Removal:
    """What `remove_documents` did."""

    articles: int
    cables: int
    relinked: int  # clusters linked again (those that shared a component with the removed)
    recited: int  # articles whose citations were resolved again

    @property
    def documents(self) -> int:
        return self.articles + self.cables

    @property
    def text(self) -> str:
        """"removed 3 documents (2 articles, 1 cable)"."""
        if not self.documents:
            return "removed no documents"
        parts = [counted(n, word) for n, word in ((self.articles, "article"),
                                                  (self.cables, "cable")) if n]
        return f"removed {counted(self.documents, 'document')} ({', '.join(parts)})"


def remove_documents(store: Store, ids: Sequence[int]) -> Removal:
    """Delete these documents (ids not in the index are ignored) with their mentions,
    clusters, entities left empty, suggestions, citations, cites, search rows, routing rows,
    and the copy marks that point at them; then re-link the clusters that shared a component
    with theirs (`relink_within`: so no entity keeps a removed document's names; a full
    re-link gives the same entities, as a component is all that a cluster's link can
    depend on, the index-wide counts aside), resolve again the
    citations of the articles that cited a removed cable, and look again for the originals
    of their copies. One transaction: all of it or nothing."""
    with store.transaction():
        kinds = store.document_kinds(ids)
        if not kinds:
            return Removal(0, 0, 0, 0)
        doomed = sorted(kinds)
        removed_clusters = set(store.clusters_of_documents(doomed))
        neighbours = set(store.clusters_of_components(
            store.components_of_clusters(removed_clusters))) - removed_clusters
        citing = set(store.articles_citing(store.cable_refs(doomed))) - set(doomed)
        keys, oversized = block_limits(store, removed_clusters)
        copies = store.delete_documents(doomed)
        relinked = relink_within(store, neighbours)
        # a block that the removal brought back under the size limit is a key again
        relinked += relink_blocks(store, keys, oversized)
        if citing:
            resolve_citations(store, sorted(citing))
        mark_copies(store, copies)
    articles = sum(1 for k in kinds.values() if k == "article")
    return Removal(articles, len(kinds) - articles, relinked, len(citing))


def remove_samples(store: Store) -> Removal:
    """Remove every document imported from the sample corpus."""
    return remove_documents(store, store.sample_document_ids())
