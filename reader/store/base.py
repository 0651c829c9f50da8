"""What every part of the store shares: the connection, transactions, the error type."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TRIES = 10  # times the busy timeout (30 s): how long a writer waits for another
# the errors of SQLite that a user can act on, in their words
_PLAIN = (("readonly", "the index is read-only here"),
          ("read-only", "the index is read-only here"),
          ("locked", "the index is busy: another import or relink is writing to it"),
          ("busy", "the index is busy: another import or relink is writing to it"),
          ("disk is full", "the disk is full"),
          ("disk I/O error", "the disk could not be read or written"))


def plain_error(exc: sqlite3.Error) -> str | None:
    """SQLite's reason in words a user can act on, or None for an error of ours."""
    text = str(exc)
    return next((said for key, said in _PLAIN if key in text), None)

_FILL_ENTITY_DOCUMENTS = (
    "INSERT INTO entity_documents (entity_id, document_id, cable, date, mentions, first_start) "
    "SELECT g.e, g.d, d.kind = 'cable', d.date, g.n, g.f FROM (SELECT entity_id AS e, "
    "document_id AS d, count(*) AS n, min(start) AS f FROM mentions m {where} "
    "GROUP BY {group}) g JOIN documents d ON d.id = g.d")


class StoreError(Exception):
    """The index file cannot be opened, is not a cablereader index, or lacks a row asked for."""


class Base:
    """One SQLite connection in autocommit mode; `transaction()` groups writes."""

    conn: sqlite3.Connection
    path: Path
    # told when a write waits for another writer ("the index is busy… retrying")
    busy_note: Callable[[str], None] | None = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing. Nested calls join the transaction already open. A busy index is
        waited for (BUSY_TRIES times the busy timeout, saying so through `busy_note`);
        SQLite's errors a user can act on (busy, read-only, disk full) become StoreError."""
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        self._begin()
        try:
            yield conn
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            said = plain_error(exc)
            if said is None:
                raise
            raise StoreError(f"{self.path}: {said}") from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {plain_error(exc) or exc}") from exc
        except sqlite3.DatabaseError:  # (a deferred foreign key: the lock is let go)
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        for attempt in range(1, BUSY_TRIES + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                said = plain_error(exc)
                if said is None or "busy" not in said or attempt == BUSY_TRIES:
                    raise StoreError(f"{self.path}: {said or exc}") from exc
                if self.busy_note is not None:
                    self.busy_note(f"{said}; waiting and retrying ({attempt}/{BUSY_TRIES - 1})…")

    @contextmanager
    def bulk_writes(self, cache_mib: int = 64) -> Iterator[None]:
        """A larger page cache while an import, or a full re-link, writes (fewer pages
        spilled to the WAL before their transaction commits); every batch still commits on
        its own, so the index is never half-written. The cache is bounded, and restored
        after."""
        conn = self.conn
        before = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mib)}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {int(before)}")

    def close(self) -> None:
        self.conn.close()

    def data_version(self) -> int:
        """SQLite's data_version of this connection: it changes when another connection
        commits a write (this connection's own writes leave it as it is)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def interrupt(self) -> None:
        """Stop the query this connection is running (from any thread): it fails with an
        error, its transaction is rolled back."""
        self.conn.interrupt()

    @staticmethod
    def marks(values: object) -> str:
        """`?, ?, ?` for an IN list of len(values) parameters."""
        return ",".join("?" * len(values))  # type: ignore[arg-type]

    # -- each entity's documents (the `entity_documents` table, derived from `mentions`) ------

    def refresh_entity_documents(self, document_ids: Iterable[int]) -> None:
        """Count again which entities these documents name, how often and where first.
        Every write that gives mentions another entity (or removes them) refreshes what it
        touched, in its transaction: these documents, the (entity, document) pairs of
        `refresh_entity_documents_of`, or every document of some entities
        (`recount_entity_documents`)."""
        self._recount_by("document_id", document_ids)

    def refresh_entity_documents_of(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Count again these (entity, document) pairs only (each an index seek into the
        mentions' entity index): what moving a cluster between entities touches, its old
        entity and its new one in its document."""
        pairs = sorted(set(pairs))
        self.conn.executemany(
            "DELETE FROM entity_documents WHERE entity_id = ? AND document_id = ?", pairs)
        self.conn.executemany(_FILL_ENTITY_DOCUMENTS.format(
            where="WHERE m.entity_id = ? AND m.document_id = ?",
            group="m.entity_id, m.document_id"), pairs)

    def recount_entity_documents(self, entity_ids: Iterable[int]) -> None:
        """Count again every document of these entities (each an index seek)."""
        self._recount_by("entity_id", entity_ids)

    def _recount_by(self, column: str, ids: Iterable[int]) -> None:
        """Delete and count again the rows whose COLUMN (entity_id or document_id) is one
        of IDS, 500 at a time."""
        values = sorted(set(ids))
        q = self.conn.execute
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            marks = self.marks(chunk)
            q(f"DELETE FROM entity_documents WHERE {column} IN ({marks})", chunk)
            q(_FILL_ENTITY_DOCUMENTS.format(where=f"WHERE m.{column} IN ({marks})",
                                            group="m.entity_id, m.document_id"), chunk)

    def rebuild_entity_documents(self) -> None:
        """Count every entity's documents again, all at once (benchmarks/panel.py)."""
        self.conn.execute("DELETE FROM entity_documents")
        self.conn.execute(_FILL_ENTITY_DOCUMENTS.format(where="",
                                                        group="m.entity_id, m.document_id"))

    # Provided by the parts of the store named in the comment; declared here so that each
    # part can use the others' (the parts are mixed into one `Store`).

    def confirmed_clusters(self) -> set[int]:  # judgements.py
        raise NotImplementedError

    def clusters_by_ref(self, refs: Iterable[str]) -> dict[str, int]:  # linking.py
        raise NotImplementedError
