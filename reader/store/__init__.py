"""The only module that speaks SQL.

One SQLite file holds documents, their mentions, entities and a full-text index (FTS5).
WAL mode and a busy timeout let the reader and an import run at the same time. The schema
carries a version number; `migrate()` brings an older file up to date.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.link import LinkedMention, normalise_name

if TYPE_CHECKING:
    import sqlite_utils
from reader.models import ParsedDocument

SCHEMA_VERSION = 2


class StoreError(Exception):
    """The index file cannot be opened or is not a cablereader index."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'cable')),
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    byline TEXT,
    date TEXT,
    url TEXT,
    ref_id TEXT,
    origin TEXT,
    classification TEXT,
    subject TEXT,
    body TEXT NOT NULL,
    words INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS documents_kind_date ON documents (kind, date);
CREATE UNIQUE INDEX IF NOT EXISTS documents_ref_id ON documents (ref_id) WHERE ref_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS document_sources (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    PRIMARY KEY (document_id, source)
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('person', 'group', 'place')),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (type, key)
);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('person', 'group', 'place')),
    entity_id INTEGER NOT NULL REFERENCES entities (id)
);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions (document_id, start);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity_id);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5 (
    title, body, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
"""

_DOC_COLUMNS = (
    "content_hash", "kind", "source", "title", "outlet", "byline", "date", "url",
    "ref_id", "origin", "classification", "subject", "body", "words",
)


class Store:
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

    # -- schema -------------------------------------------------------------------------

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for schema work (loaded on first use, so
        the reader's start does not pay for it)."""
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
        with self.transaction():
            if version < 1:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
            if version < 2:
                self._migrate_to_2()
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )

    def _migrate_to_2(self) -> None:
        """Version 2: each mention keeps its normalised name (to explain its link)."""
        if "norm" not in self.db["mentions"].columns_dict:
            self.conn.execute("ALTER TABLE mentions ADD COLUMN norm TEXT NOT NULL DEFAULT ''")
        rows = self.conn.execute("SELECT id, text FROM mentions WHERE norm = ''").fetchall()
        self.conn.executemany(
            "UPDATE mentions SET norm = ? WHERE id = ?",
            [(normalise_name(text), mid) for mid, text in rows],
        )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a document, its mentions and its search entry go in together."""
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

    # -- writing ------------------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> dict[str, int]:
        """Which of these content hashes are already stored (hash -> document id)."""
        found: dict[str, int] = {}
        hashes = list(hashes)
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, h in self.conn.execute(
                f"SELECT id, content_hash FROM documents WHERE content_hash IN ({marks})", chunk
            ):
                found[h] = doc_id
        return found

    def add_source(self, document_id: int, source: str) -> None:
        """Remember that an already-stored document was also seen in another file."""
        self.conn.execute(
            "INSERT OR IGNORE INTO document_sources (document_id, source) VALUES (?, ?)",
            (document_id, source),
        )

    def _entity_ids(self, linked: Sequence[LinkedMention]) -> dict[tuple[str, str], int]:
        keys = {(m.entity_type, m.entity_key): m.entity_name for m in linked}
        ids: dict[tuple[str, str], int] = {}
        cur = self.conn
        for (etype, key), name in keys.items():
            row = cur.execute(
                "SELECT id FROM entities WHERE type = ? AND key = ?", (etype, key)
            ).fetchone()
            if row is None:
                ent_id = cur.execute(
                    "INSERT INTO entities (type, key, name) VALUES (?, ?, ?)", (etype, key, name)
                ).lastrowid
                assert ent_id is not None
                ids[(etype, key)] = ent_id
            else:
                ids[(etype, key)] = row[0]
        return ids

    def insert_document(self, doc: ParsedDocument, linked: Sequence[LinkedMention]) -> int:
        """Write one document with its mentions and FTS row. Call inside `transaction()`."""
        values = doc.model_dump()
        values["content_hash"] = doc.content_hash
        values["words"] = len(doc.body.split())
        cols = ", ".join(_DOC_COLUMNS)
        marks = ", ".join("?" * len(_DOC_COLUMNS))
        cur = self.conn.execute(
            f"INSERT INTO documents ({cols}) VALUES ({marks})",
            [values[c] for c in _DOC_COLUMNS],
        )
        doc_id = cur.lastrowid
        assert doc_id is not None
        self.conn.execute(
            "INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)",
            (doc_id, doc.title, doc.body),
        )
        if linked:
            ids = self._entity_ids(linked)
            self.conn.executemany(
                'INSERT INTO mentions (document_id, start, "end", text, type, entity_id, norm) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, lm.mention.start, lm.mention.end, lm.mention.text, lm.mention.type,
                     ids[(lm.entity_type, lm.entity_key)], lm.norm)
                    for lm in linked
                ],
            )
        return doc_id

    # -- reading ------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "articles": q("SELECT count(*) FROM documents WHERE kind='article'").fetchone()[0],
            "cables": q("SELECT count(*) FROM documents WHERE kind='cable'").fetchone()[0],
            "entities": q("SELECT count(*) FROM entities").fetchone()[0],
            "mentions": q("SELECT count(*) FROM mentions").fetchone()[0],
        }

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def list_documents(self) -> list[dict[str, Any]]:
        """Every document's list row: articles first (newest first), then cables."""
        rows = self.conn.execute(
            "SELECT id, kind, title, outlet, date, ref_id, origin FROM documents "
            "ORDER BY kind = 'cable', date DESC, id"
        )
        cols = ("id", "kind", "title", "outlet", "date", "ref_id", "origin")
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def get_document(self, doc_id: int) -> dict[str, Any] | None:
        cur = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def document_mentions(self, doc_id: int) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            'SELECT m.id, m.start, m."end", m.text, m.type, m.entity_id, e.name '
            "FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.document_id = ? ORDER BY m.start",
            (doc_id,),
        )
        cols = ("id", "start", "end", "text", "type", "entity_id", "entity_name")
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def entity_summary(self, entity_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT e.id, e.name, e.type, e.key, "
            "(SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = e.id), "
            "(SELECT count(*) FROM mentions WHERE entity_id = e.id) "
            "FROM entities e WHERE e.id = ?",
            (entity_id,),
        ).fetchone()
        if row is None:
            return None
        return dict(zip(("id", "name", "type", "key", "documents", "mentions"), row,
                        strict=True))

    def entity_elsewhere(self, entity_id: int, document_id: int,
                         limit: int = 500, context: int = 70) -> list[dict[str, Any]]:
        """The entity's mentions in other documents: the first in each document, with the
        number of mentions there and the text around it."""
        cur = self.conn.execute(
            'SELECT m.id, m.document_id, d.kind, d.title, d.ref_id, d.date, m.start, m."end", '
            "m.text, m.norm, e.key, count(*) OVER (PARTITION BY m.document_id), "
            "substr(d.body, max(1, m.start - :ctx + 1), m.\"end\" - max(0, m.start - :ctx) "
            "+ :ctx), max(0, m.start - :ctx) "
            "FROM mentions m JOIN documents d ON d.id = m.document_id "
            "JOIN entities e ON e.id = m.entity_id "
            "WHERE m.entity_id = :eid AND m.document_id != :doc "
            "ORDER BY d.kind = 'cable', d.date, m.document_id, m.start",
            {"eid": entity_id, "doc": document_id, "ctx": context},
        )
        cols = ("mention_id", "document_id", "kind", "title", "ref_id", "date", "start", "end",
                "text", "norm", "entity_key", "count", "context", "context_start")
        out: list[dict[str, Any]] = []
        seen: set[int] = set()
        for r in cur:
            row = dict(zip(cols, r, strict=True))
            if row["document_id"] in seen:
                continue
            seen.add(row["document_id"])
            out.append(row)
            if len(out) >= limit:
                break
        return out

    def find_documents(self, text: str, limit: int = 30) -> list[dict[str, Any]]:
        """Documents whose title or reference id contains TEXT (for the command palette)."""
        like = f"%{text}%"
        cur = self.conn.execute(
            "SELECT id, kind, title, ref_id, date FROM documents "
            "WHERE title LIKE ? OR ref_id LIKE ? ORDER BY kind = 'cable', date DESC LIMIT ?",
            (like, like, limit),
        )
        return [dict(zip(("id", "kind", "title", "ref_id", "date"), r, strict=True))
                for r in cur]

    def find_entities(self, text: str, limit: int = 30) -> list[dict[str, Any]]:
        """Entities whose name contains TEXT, the most mentioned first (command palette)."""
        cur = self.conn.execute(
            "SELECT e.id, e.name, e.type, "
            "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n, "
            "(SELECT m.document_id FROM mentions m WHERE m.entity_id = e.id "
            " ORDER BY m.document_id LIMIT 1), "
            "(SELECT m.id FROM mentions m WHERE m.entity_id = e.id "
            " ORDER BY m.document_id, m.start LIMIT 1) "
            "FROM entities e WHERE e.name LIKE ? ORDER BY n DESC LIMIT ?",
            (f"%{text}%", limit),
        )
        cols = ("id", "name", "type", "mentions", "document_id", "mention_id")
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def iter_export_mentions(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(
            'SELECT m.document_id, d.source, d.title, m.start, m."end", m.text, m.type, '
            "m.entity_id, e.name FROM mentions m "
            "JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id "
            "ORDER BY m.document_id, m.start"
        )
        cols = ("article_id", "source", "title", "start", "end", "text", "type",
                "entity_id", "entity_name")
        for r in cur:
            yield dict(zip(cols, r, strict=True))

    def iter_export_articles(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT id, source, kind, title, outlet, byline, date, url, ref_id, origin, "
            "classification, subject FROM documents ORDER BY id"
        )
        cols = [d[0] for d in cur.description]
        for r in cur:
            row = dict(zip(cols, r, strict=True))
            row["article_id"] = row.pop("id")
            row["cites"] = []
            row["duplicate_of"] = None
            yield row

    def iter_export_entities(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT e.id, e.name, e.type, "
            "(SELECT json_group_array(DISTINCT m.text) FROM mentions m WHERE m.entity_id = e.id), "
            "(SELECT count(DISTINCT m.document_id) FROM mentions m WHERE m.entity_id = e.id), "
            "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) "
            "FROM entities e ORDER BY e.id"
        )
        for ent_id, name, etype, aliases, n_docs, n_mentions in cur:
            if not n_mentions:
                continue
            yield {
                "entity_id": ent_id,
                "name": name,
                "type": etype,
                "aliases": sorted(a for a in json.loads(aliases) if a != name),
                "articles": n_docs,
                "mentions": n_mentions,
            }

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search; raises StoreError with a readable message on bad syntax."""
        try:
            cur = self.conn.execute(
                "SELECT d.id, d.kind, d.title, d.outlet, d.date, "
                "snippet(documents_fts, 1, '\x02', '\x03', ' … ', 12) "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ?",
                (query, limit),
            )
            rows = cur.fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        cols = ("id", "kind", "title", "outlet", "date", "snippet")
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def entity_mentions(self, name: str) -> list[dict[str, Any]]:
        """Mentions of every entity called NAME: its normalised key, that key as the end of a
        longer name ("Saturno Vergara" finds "Hernan Saturno Vergara"), or a surface form."""
        key = normalise_name(name)
        if not key:
            return []
        cur = self.conn.execute(
            'SELECT m.document_id, d.title, d.source, m.start, m."end", m.text, m.type, '
            "e.id, e.name, substr(d.body, max(1, m.start - 59), m.\"end\" - m.start + 120) "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN documents d ON d.id = m.document_id "
            "WHERE m.entity_id IN ("
            "  SELECT id FROM entities WHERE key = :key OR key LIKE '% ' || :key "
            "  UNION SELECT entity_id FROM mentions WHERE lower(text) = lower(:name)) "
            "ORDER BY e.id, d.kind, d.date, m.start",
            {"key": key, "name": name},
        )
        cols = ("article_id", "title", "source", "start", "end", "text", "type",
                "entity_id", "entity_name", "context")
        return [dict(zip(cols, r, strict=True)) for r in cur]
