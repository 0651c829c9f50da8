"""What every part of the store shares: the connection, transactions, the error type."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

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

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing. Nested calls join the transaction already open."""
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    @staticmethod
    def marks(values: object) -> str:
        """`?, ?, ?` for an IN list of len(values) parameters."""
        return ",".join("?" * len(values))  # type: ignore[arg-type]

    # -- each entity's documents (the `entity_documents` table, derived from `mentions`) ------

    def refresh_entity_documents(self, document_ids: Iterable[int]) -> None:
        """Count again which entities these documents name, how often and where first.
        Every write that gives mentions another entity (or removes them) refreshes what it
        touched, in its transaction: these documents, the (entity, document) pairs of
        `refresh_entity_documents_of`, or all of them (`rebuild_entity_documents`)."""
        ids = sorted(set(document_ids))
        q = self.conn.execute
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = self.marks(chunk)
            q(f"DELETE FROM entity_documents WHERE document_id IN ({marks})", chunk)
            q(_FILL_ENTITY_DOCUMENTS.format(where=f"WHERE m.document_id IN ({marks})",
                                            group="m.document_id, m.entity_id"), chunk)

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

    def rebuild_entity_documents(self) -> None:
        self.conn.execute("DELETE FROM entity_documents")
        self.conn.execute(_FILL_ENTITY_DOCUMENTS.format(where="",
                                                        group="m.entity_id, m.document_id"))

    # Provided by the parts of the store named in the comment; declared here so that each
    # part can use the others' (the parts are mixed into one `Store`).

    def confirmed_clusters(self) -> set[int]:  # judgements.py
        raise NotImplementedError

    def clusters_by_ref(self, refs: Iterable[str]) -> dict[str, int]:  # linking.py
        raise NotImplementedError
