"""What every part of the store shares: the connection, transactions, the error type."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


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

    @contextmanager
    def bulk_writes(self, cache_mib: int = 64) -> Iterator[None]:
        """A larger page cache while an import writes (fewer pages spilled to the WAL
        before their transaction commits); every batch still commits on its own, so the
        index is never half-written. The cache is bounded, and restored after."""
        conn = self.conn
        before = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mib)}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {int(before)}")

    def close(self) -> None:
        self.conn.close()

    @staticmethod
    def marks(values: object) -> str:
        """`?, ?, ?` for an IN list of len(values) parameters."""
        return ",".join("?" * len(values))  # type: ignore[arg-type]

    # Provided by the parts of the store named in the comment; declared here so that each
    # part can use the others' (the parts are mixed into one `Store`).

    def confirmed_clusters(self) -> set[int]:  # judgements.py
        raise NotImplementedError

    def clusters_by_ref(self, refs: Iterable[str]) -> dict[str, int]:  # linking.py
        raise NotImplementedError
