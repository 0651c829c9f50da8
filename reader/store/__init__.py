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
from reader.store.base import StoreError, plain_error
from reader.store.citations import CitationTables
from reader.store.documents import DocumentWrites
from reader.store.judgements import JudgementTables
from reader.store.linking import LinkTables
from reader.store.reads import ReadQueries
from reader.store.removal import RemovalTables

if TYPE_CHECKING:
    import sqlite_utils


def _check_place(path: Path, create: bool) -> None:
    """The file exists, or may be created (with its folder)."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not an index file")
    if path.exists():
        return
    if not create:
        raise StoreError(f"{path}: no index here (check the path; `cablereader --db {path} "
                         "import …` makes one)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create its folder ({exc.strerror or exc})") from exc


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    """A connection; read-only ones by URI, and `immutable` when even the WAL's shared
    memory file cannot be made (an index in a read-only folder)."""
    try:
        if not readonly:
            return sqlite3.connect(str(path), timeout=30, check_same_thread=False,
                                   isolation_level=None)
        uri = path.resolve().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30,
                               check_same_thread=False, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if "unable to open" not in str(exc):
                raise  # (busy, say: immutable would ignore the WAL, and recent writes)
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=30,
                                   check_same_thread=False, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the index ({_said(exc)})") from exc


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """An empty file, or a cablereader index of a schema this version knows; else refused
    (nothing has been written yet)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if not tables:
        return
    version = None
    if {"meta", "documents"} <= tables:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row and str(row[0]).isdigit() else None
    if version is None:
        raise StoreError(f"{path}: this SQLite file is not a cablereader index; it was left "
                         "as it is")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: index schema {version} is newer than this cablereader "
                         f"understands ({SCHEMA_VERSION}); upgrade cablereader (the file "
                         "was left as it is)")


def _said(exc: sqlite3.Error) -> str:
    return plain_error(exc) or str(exc)

SCHEMA_VERSION = migrations.SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "StoreError"]


JOURNAL_LIMIT = 64 * 1024 * 1024  # bytes of WAL kept after a checkpoint


class Store(ReadQueries, DocumentWrites, LinkTables, JudgementTables, CitationTables,
            RemovalTables):
    """A cablereader index in one SQLite file."""

    def __init__(self, path: Path | str, *, create: bool = True, readonly: bool = False
                 ) -> None:
        """Open the index at PATH. CREATE: make it (and its folder) when it does not exist;
        otherwise a missing file is an error and nothing is created. READONLY: never write
        (no journal switch, no migration), which also reads an index in a read-only folder.
        A file that is not ours, or of a newer schema, is refused before anything in it
        changes. Every failure is a StoreError with a one-line reason."""
        self.path = Path(path)
        memory = str(path) == ":memory:"
        if not memory:
            _check_place(self.path, create and not readonly)
        conn = _connect(self.path, readonly and not memory)
        try:
            _check_ours(conn, self.path)  # before anything in the file changes
            if not readonly:
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            if not readonly:
                conn.execute("PRAGMA synchronous=NORMAL")
                # the WAL file is cut back to 64 MiB after a checkpoint: a full re-link in
                # parts of a large index would otherwise leave it gigabytes long
                conn.execute(f"PRAGMA journal_size_limit={JOURNAL_LIMIT}")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path}: not a usable SQLite file ({exc})") from exc
        except StoreError:
            conn.close()
            raise
        self.conn = conn
        self.readonly = readonly
        try:
            if readonly:
                if self.schema_version() != SCHEMA_VERSION:
                    raise StoreError(f"{path}: this index needs an upgrade, which a read-only "
                                     "index cannot have; open it once with write access")
            else:
                self.migrate()
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError(f"{path}: {_said(exc)}") from exc
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
