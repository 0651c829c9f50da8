"""The only module that speaks SQL.

One SQLite file holds documents, their mentions, the linker's clusters and entities, the
user's judgements, citations and a full-text index (FTS5). WAL mode and a busy timeout let
the reader and an import run at the same time. The schema lives in `schema.sql`; older files
are brought up to date by the numbered steps in `migrations.py`.

The store imports nothing above the models: what to write is decided by `reader.services`.
"""

from __future__ import annotations

import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reader.store import migrations
from reader.store.base import StoreError
from reader.store.citations import CitationTables
from reader.store.documents import DocumentWrites
from reader.store.judgements import JudgementTables
from reader.store.linking import LinkTables
from reader.store.reads import ReadQueries
from reader.store.removal import RemovalTables

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = migrations.SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "StoreError"]


class Store(ReadQueries, DocumentWrites, LinkTables, JudgementTables, CitationTables,
            RemovalTables):
    """A cablereader index in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                str(path), timeout=30, check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the index ({exc})") from exc
        try:
            # Is this file ours (or empty)? Ask before changing anything in it.
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if tables and "documents" not in tables:
                raise StoreError(f"{path}: this SQLite file is not a cablereader index")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path}: not a usable SQLite file ({exc})") from exc
        except StoreError:
            conn.close()
            raise
        self.conn = conn
        try:
            self.migrate()
        except BaseException:
            conn.close()
            raise

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection (loaded on first use, so the reader's start
        does not pay for it)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def schema_version(self) -> int:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        """Create the schema or bring an older index up to SCHEMA_VERSION."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: index schema {version} is newer than this cablereader "
                f"understands ({SCHEMA_VERSION}); upgrade cablereader"
            )
        if version == SCHEMA_VERSION:
            return  # nothing to write: opening an index never takes the write lock
        migrations.migrate(self.conn, version)

    # -- upkeep that a migration asked the layers above to do ---------------------------------

    def pending(self) -> list[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'pending'").fetchone()
        return [t for t in (row[0].split(",") if row else []) if t]

    def done(self, task: str) -> None:
        rest = [t for t in self.pending() if t != task]
        self.conn.execute("INSERT INTO meta (key, value) VALUES ('pending', ?) ON CONFLICT (key) "
                          "DO UPDATE SET value = excluded.value", (",".join(rest),))
