"""The reader's access to the index: the views it shows and the judgements it writes.

Widgets and screens get this object (or one of its methods) in their constructor; they never
hold a store or reach into the app. Every method runs in a thread worker: each thread has its
own SQLite connection (workers never share one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from reader.models import ImportSummary
from reader.rows import DocumentListRow, EntityMatch, JudgementRow, SearchHit
from reader.services import judging, open_index, views
from reader.services.importer import Progress, import_paths
from reader.services.views import DocumentView, Found, XrefView
from reader.store import Store

ProgressCallback = Callable[[Progress], None]


class ReaderData:
    """One store connection per thread; views to read, judgements to write."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._searching: set[Store] = set()  # stores running a search now
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_index(self.db_path)
            self._local.store = store
        return store

    # -- views ---------------------------------------------------------------------------------

    def document_list(self) -> list[DocumentListRow]:
        return views.document_list(self.store)

    def document_view(self, document_id: int) -> DocumentView | None:
        return views.document_view(self.store, document_id)

    def xref_view(self, entity_id: int, document_id: int) -> XrefView | None:
        return views.xref_view(self.store, entity_id, document_id)

    def search(self, query: str, limit: int) -> list[SearchHit]:
        store = self.store
        with self._lock:
            self._searching.add(store)
        try:
            return views.search(store, query, limit)
        finally:
            with self._lock:
                self._searching.discard(store)

    def stop_searches(self) -> None:
        """Interrupt the searches running in workers (the user closed the search, or quit):
        a costly query does not run on after nobody waits for it."""
        with self._lock:
            running = list(self._searching)
        for store in running:
            store.interrupt()

    def find(self, text: str) -> Found:
        return views.find(self.store, text)

    def find_entities(self, text: str, exclude: int | None = None) -> list[EntityMatch]:
        return views.find_entities(self.store, text, 30, exclude=exclude)

    def judgements(self) -> list[JudgementRow]:
        return views.judgements(self.store)

    def index_signature(self) -> object:
        """Changes when documents are added or removed, by this process or another."""
        return views.index_signature(self.store)

    # -- writing -------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path],
                     progress: ProgressCallback | None = None) -> ImportSummary:
        """Import in a connection of its own, closed afterwards (an import is long)."""
        store = open_index(self.db_path)
        try:
            return import_paths(store, list(paths), progress=progress)
        finally:
            store.close()

    def judge_same(self, entity_a: int, entity_b: int) -> int:
        return judging.judge_same(self.store, entity_a, entity_b)

    def judge_same_clusters(self, cluster_a: int, cluster_b: int) -> int:
        return judging.judge_same_clusters(self.store, cluster_a, cluster_b)

    def judge_not_same(self, cluster_a: int, cluster_b: int) -> int:
        return judging.judge_not_same(self.store, cluster_a, cluster_b)

    def split_mention(self, mention_id: int) -> int:
        return judging.split_mention(self.store, mention_id)

    def split_document(self, entity_id: int, document_id: int) -> int:
        return judging.split_document(self.store, entity_id, document_id)

    def hide_entity(self, entity_id: int) -> int:
        return judging.hide_entity(self.store, entity_id)

    def rename_entity(self, entity_id: int, name: str) -> int:
        return judging.rename_entity(self.store, entity_id, name)

    def undo_judgement(self, kind: str, judgement_id: int) -> None:
        """Withdraw one judgement on links ("link") or on cites ("cite")."""
        if kind == "cite":
            judging.undo_cite(self.store, judgement_id)
        else:
            judging.undo(self.store, judgement_id)

    def redo_judgement(self, kind: str, judgement_id: int) -> None:
        """Put a withdrawn judgement back in force."""
        if kind == "cite":
            judging.redo_cite(self.store, judgement_id)
        else:
            judging.redo(self.store, judgement_id)

    def judge_cite(self, document_id: int, ref_id: str, cites: bool) -> int:
        return judging.judge_cite(self.store, document_id, ref_id, cites)
