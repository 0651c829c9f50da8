"""The only module that speaks SQL.

One SQLite file holds documents, their mentions, entities and a full-text index (FTS5).
WAL mode and a busy timeout let the reader and an import run at the same time. The schema
carries a version number; `migrate()` brings an older file up to date.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.link import LinkedMention, LocalCluster, normalise_name
from reader.link.names import LINK, SUGGEST, block_keys, compare, explain
from reader.link.resolve import ClusterRow, Resolution, resolve

if TYPE_CHECKING:
    import sqlite_utils
from reader.models import ParsedDocument
from reader.store.base import StoreError
from reader.store.reads import ReadQueries

SCHEMA_VERSION = 4




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
    name TEXT NOT NULL
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

_SCHEMA_V3 = """
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    names TEXT NOT NULL,
    isolated INTEGER NOT NULL DEFAULT 0,
    entity_id INTEGER
);
CREATE INDEX IF NOT EXISTS clusters_document ON clusters (document_id);
CREATE INDEX IF NOT EXISTS clusters_entity ON clusters (entity_id);
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (type, name)
);
CREATE TABLE IF NOT EXISTS name_blocks (
    block TEXT NOT NULL,
    name_id INTEGER NOT NULL REFERENCES names (id),
    PRIMARY KEY (block, name_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cluster_names (
    name_id INTEGER NOT NULL REFERENCES names (id),
    cluster_id INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    PRIMARY KEY (name_id, cluster_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cluster_names_cluster ON cluster_names (cluster_id);
CREATE TABLE IF NOT EXISTS judgements (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    kind TEXT NOT NULL CHECK (kind IN ('same', 'not_same', 'split_mention', 'split_document',
                                       'hide', 'rename')),
    a TEXT NOT NULL,
    b TEXT,
    value TEXT,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS suggestions (
    a INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    score REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS suggestions_b ON suggestions (b);
"""

_SCHEMA_V4 = """
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    ref_id TEXT,
    year INTEGER,
    month INTEGER,
    day INTEGER,
    origin TEXT,
    confidence REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS citations_document ON citations (document_id);
CREATE TABLE IF NOT EXISTS cites (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ref_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('explicit', 'likely', 'confirmed')),
    confidence REAL NOT NULL,
    rank INTEGER NOT NULL DEFAULT 1,
    citation_id INTEGER,
    PRIMARY KEY (document_id, ref_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cites_ref ON cites (ref_id);
CREATE TABLE IF NOT EXISTS cite_judgements (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    content_hash TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('cites', 'does_not_cite')),
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS fingerprints (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    minhash BLOB NOT NULL,
    duplicate_of INTEGER REFERENCES documents (id),
    similarity REAL
);
"""

_DOC_COLUMNS = (
    "content_hash", "kind", "source", "title", "outlet", "byline", "date", "url",
    "ref_id", "origin", "classification", "subject", "body", "words",
)


class Store(ReadQueries):
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
        rebuild = 1 <= version < 3
        if rebuild:
            self.conn.execute("PRAGMA foreign_keys = OFF")
            self.conn.execute("PRAGMA legacy_alter_table = ON")
        try:
            self._migrate_from(version)
        finally:
            if rebuild:
                self.conn.execute("PRAGMA legacy_alter_table = OFF")
                self.conn.execute("PRAGMA foreign_keys = ON")

    def _migrate_from(self, version: int) -> None:
        with self.transaction():
            if version < 1:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
            if version < 2:
                self._migrate_to_2()
            if version < 3:
                self._migrate_to_3(fresh=version < 1)
            if version < 4:
                for statement in _SCHEMA_V4.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
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

    def _migrate_to_3(self, fresh: bool) -> None:
        """Version 3: entities come from linking clusters (one entity as one document names
        it) across documents; the user's judgements, suggestions and hidden entities."""
        q = self.conn.execute
        if not fresh:
            # entities lose their UNIQUE (type, key): a linked entity has many names
            # SQLite's way to change a table: copy into a new one, drop, rename (foreign keys
            # are off during this migration, see `migrate`)
            q("ALTER TABLE entities RENAME TO entities_v2")
            q("CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT NOT NULL CHECK (type IN "
              "('person', 'group', 'place')), key TEXT NOT NULL, name TEXT NOT NULL)")
        cols = {r[1] for r in q("PRAGMA table_info(entities)")}
        if "hidden" not in cols:
            q("ALTER TABLE entities ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0")
        for statement in _SCHEMA_V3.split(";"):
            if statement.strip():
                q(statement)
        if "cluster_id" not in {r[1] for r in q("PRAGMA table_info(mentions)")}:
            q("ALTER TABLE mentions ADD COLUMN cluster_id INTEGER")
        if fresh:
            return
        # one cluster per document and former entity; the former entities' ids are kept
        q("INSERT INTO clusters (document_id, type, key, name, names, entity_id) "
          "SELECT m.document_id, e.type, e.key, e.name, json_array(e.key), e.id "
          "FROM mentions m JOIN entities_v2 e ON e.id = m.entity_id "
          "GROUP BY m.document_id, e.id")
        q("INSERT INTO entities (id, type, key, name) SELECT id, type, key, name "
          "FROM entities_v2")
        q("UPDATE mentions SET cluster_id = (SELECT c.id FROM clusters c WHERE "
          "c.document_id = mentions.document_id AND c.entity_id = mentions.entity_id)")
        q("DROP TABLE entities_v2")
        for cid, etype, names in q("SELECT id, type, names FROM clusters").fetchall():
            self._index_names(cid, etype, json.loads(names))

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

    def _index_names(self, cluster_id: int, etype: str, names: Sequence[str]) -> None:
        """Record a cluster's names, and the block keys of names not seen before."""
        q = self.conn.execute
        for name in names:
            row = q("SELECT id FROM names WHERE type = ? AND name = ?", (etype, name)).fetchone()
            if row is None:
                name_id = q("INSERT INTO names (type, name) VALUES (?, ?)",
                            (etype, name)).lastrowid
                self.conn.executemany(
                    "INSERT OR IGNORE INTO name_blocks (block, name_id) VALUES (?, ?)",
                    [(f"{etype}:{k}", name_id) for k in block_keys(etype, name)],
                )
            else:
                name_id = row[0]
            q("INSERT OR IGNORE INTO cluster_names (name_id, cluster_id) VALUES (?, ?)",
              (name_id, cluster_id))

    def _entity_by_name(self, etype: str, names: Sequence[str]) -> int | None:
        """The entity of a linkable cluster that already bears one of these names."""
        marks = ",".join("?" * len(names))
        row = self.conn.execute(
            "SELECT c.entity_id FROM names n JOIN cluster_names cn ON cn.name_id = n.id "
            "JOIN clusters c ON c.id = cn.cluster_id "
            f"WHERE n.type = ? AND n.name IN ({marks}) AND c.isolated = 0 "
            "AND c.entity_id IS NOT NULL ORDER BY c.entity_id LIMIT 1",
            (etype, *names),
        ).fetchone()
        return row[0] if row else None

    def insert_document(self, doc: ParsedDocument, linked: Sequence[LinkedMention],
                        clusters: Sequence[LocalCluster] = (),
                        defer_linking: bool = False) -> int:
        """Write one document with its mentions, clusters and FTS row; each cluster joins the
        entity that already bears one of its names, or starts a new one. Call inside
        `transaction()`; cross-document fuzzy linking follows (`link_new`, `relink`)."""
        values = doc.model_dump()
        values["content_hash"] = doc.content_hash
        values["words"] = len(doc.body.split())
        cols = ", ".join(_DOC_COLUMNS)
        marks = ", ".join("?" * len(_DOC_COLUMNS))
        q = self.conn.execute
        doc_id = q(f"INSERT INTO documents ({cols}) VALUES ({marks})",
                   [values[c] for c in _DOC_COLUMNS]).lastrowid
        assert doc_id is not None
        q("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)",
          (doc_id, doc.title, doc.body))
        if not linked:
            return doc_id
        if not clusters:  # callers that only have mentions: one cluster per key
            seen: dict[tuple[str, str], LocalCluster] = {}
            for lm in linked:
                seen.setdefault((lm.entity_type, lm.entity_key), LocalCluster(
                    type=lm.entity_type, key=lm.entity_key, name=lm.entity_name,
                    names=(lm.entity_key,)))
            clusters = list(seen.values())
        cluster_ids: dict[tuple[str, str], tuple[int, int]] = {}
        for c in clusters:
            cid = q("INSERT INTO clusters (document_id, type, key, name, names) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (doc_id, c.type, c.key, c.name, json.dumps(list(c.names)))).lastrowid
            assert cid is not None
            # deferred (a large import): its own entity now, linked by `relink` at the end
            entity = None if defer_linking else self._entity_by_name(c.type, c.names)
            if entity is None:
                q("INSERT INTO entities (id, type, key, name) VALUES (?, ?, ?, ?)",
                  (cid, c.type, c.key, c.name))
                entity = cid
            q("UPDATE clusters SET entity_id = ? WHERE id = ?", (entity, cid))
            if not defer_linking:
                self._index_names(cid, c.type, c.names)
            cluster_ids[(c.type, c.key)] = (cid, entity)
        self.conn.executemany(
            'INSERT INTO mentions (document_id, start, "end", text, type, entity_id, norm, '
            "cluster_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc_id, lm.mention.start, lm.mention.end, lm.mention.text, lm.mention.type,
                 cluster_ids[(lm.entity_type, lm.entity_key)][1], lm.norm,
                 cluster_ids[(lm.entity_type, lm.entity_key)][0])
                for lm in linked
            ],
        )
        return doc_id

    # -- linking across documents ---------------------------------------------------------

    def _cluster_rows(self, where: str = "", params: Sequence[Any] = ()) -> list[ClusterRow]:
        rows = self.conn.execute(
            f"SELECT id, type, key, name, names, isolated FROM clusters {where}", params)
        return [ClusterRow(i, t, k, n, tuple(json.loads(ns)), bool(iso))
                for i, t, k, n, ns, iso in rows]

    def _lk(self, cluster_id: int) -> str:
        """A cluster's stable reference: it survives re-imports and re-linking."""
        h, t, k = self.conn.execute(
            "SELECT d.content_hash, c.type, c.key FROM clusters c JOIN documents d "
            "ON d.id = c.document_id WHERE c.id = ?", (cluster_id,)).fetchone()
        return f"{h}|{t}|{k}"

    def _cluster_of_lk(self, lk: str) -> int | None:
        h, t, k = lk.split("|", 2)
        row = self.conn.execute(
            "SELECT c.id FROM clusters c JOIN documents d ON d.id = c.document_id "
            "WHERE d.content_hash = ? AND c.type = ? AND c.key = ? ORDER BY c.isolated, c.id "
            "LIMIT 1", (h, t, k)).fetchone()
        return row[0] if row else None

    def _anchor(self, entity_id: int) -> int:
        row = self.conn.execute("SELECT min(id) FROM clusters WHERE entity_id = ?",
                                (entity_id,)).fetchone()
        if row is None or row[0] is None:
            raise StoreError(f"no entity {entity_id} (see `mentions NAME --json` for ids)")
        return int(row[0])

    def _judged_pairs(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        same: list[tuple[int, int]] = []
        not_same: list[tuple[int, int]] = []
        for kind, a, b in self.conn.execute(
                "SELECT kind, a, b FROM judgements WHERE active = 1 AND kind IN "
                "('same', 'not_same') ORDER BY id"):
            ca, cb = self._cluster_of_lk(a), self._cluster_of_lk(b)
            if ca is not None and cb is not None:
                (same if kind == "same" else not_same).append((ca, cb))
        return same, not_same

    def _apply_entity_judgements(self) -> None:
        """Hidden and renamed entities, re-applied after any re-linking."""
        q = self.conn.execute
        for kind, a, value in q("SELECT kind, a, value FROM judgements WHERE active = 1 AND "
                                "kind IN ('hide', 'rename') ORDER BY id").fetchall():
            cid = self._cluster_of_lk(a)
            if cid is None:
                continue
            entity = q("SELECT entity_id FROM clusters WHERE id = ?", (cid,)).fetchone()[0]
            if kind == "hide":
                q("UPDATE entities SET hidden = 1 WHERE id = ?", (entity,))
            else:
                q("UPDATE entities SET name = ? WHERE id = ?", (value, entity))

    def _write_resolution(self, res: Resolution, cluster_ids: Sequence[int] | None) -> None:
        """Write entity assignments for all clusters (None) or for a subset."""
        q = self.conn.execute
        q("PRAGMA defer_foreign_keys = ON")  # checked at commit, when every mention has one
        if cluster_ids is None:
            q("DELETE FROM entities")
            q("DELETE FROM suggestions")
        else:
            old = {r[0] for r in self.conn.execute(
                f"SELECT DISTINCT entity_id FROM clusters WHERE id IN "
                f"({','.join('?' * len(cluster_ids))})", list(cluster_ids))}
            self.conn.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in old])
        self.conn.executemany(
            "INSERT OR REPLACE INTO entities (id, type, key, name) VALUES (?, ?, ?, ?)",
            [(e, res.entity_type[e], res.entity_key[e], res.entity_name[e])
             for e in res.entity_name],
        )
        self.conn.executemany("UPDATE clusters SET entity_id = ? WHERE id = ?",
                              [(e, c) for c, e in res.entity_of.items()])
        if cluster_ids is None:
            q("UPDATE mentions SET entity_id = c.entity_id FROM clusters c "
              "WHERE c.id = mentions.cluster_id AND mentions.entity_id != c.entity_id")
        else:
            self.conn.executemany(
                "UPDATE mentions SET entity_id = ? WHERE cluster_id = ?",
                [(e, c) for c, e in res.entity_of.items()])
        self.conn.executemany(
            "INSERT OR REPLACE INTO suggestions (a, b, score, reason) VALUES (?, ?, ?, ?)",
            res.suggestions)
        self._apply_entity_judgements()

    def _rebuild_name_index(self, clusters: Sequence[ClusterRow]) -> None:
        """The names and their block keys, rebuilt in bulk from the clusters."""
        q = self.conn.execute
        q("DELETE FROM cluster_names")
        q("DELETE FROM name_blocks")
        q("DELETE FROM names")
        ids: dict[tuple[str, str], int] = {}
        pairs: list[tuple[int, int]] = []
        for c in clusters:
            for n in c.names:
                nid = ids.setdefault((c.type, n), len(ids) + 1)
                pairs.append((nid, c.id))
        self.conn.executemany("INSERT INTO names (id, type, name) VALUES (?, ?, ?)",
                              [(i, t, n) for (t, n), i in ids.items()])
        self.conn.executemany(
            "INSERT OR IGNORE INTO name_blocks (block, name_id) VALUES (?, ?)",
            [(f"{t}:{k}", i) for (t, n), i in ids.items() for k in block_keys(t, n)])
        self.conn.executemany(
            "INSERT OR IGNORE INTO cluster_names (name_id, cluster_id) VALUES (?, ?)", pairs)

    def relink(self) -> dict[str, int]:
        """Link every cluster again from scratch; the user's judgements win."""
        with self.transaction():
            clusters = self._cluster_rows()
            self._rebuild_name_index(clusters)
            same, not_same = self._judged_pairs()
            res = resolve(clusters, same, not_same)
            self._write_resolution(res, None)
        return {"clusters": len(clusters), "entities": len(res.entity_name),
                "suggestions": len(res.suggestions)}

    def _relink_subset(self, cluster_ids: Sequence[int]) -> None:
        """Re-link a group of clusters among themselves (after a judgement or an undo)."""
        if not cluster_ids:
            return
        marks = ",".join("?" * len(cluster_ids))
        clusters = self._cluster_rows(f"WHERE id IN ({marks})", list(cluster_ids))
        same, not_same = self._judged_pairs()
        ids = set(cluster_ids)
        res = resolve(clusters, [p for p in same if ids.issuperset(p)],
                      [p for p in not_same if ids.issuperset(p)])
        self.conn.execute(f"DELETE FROM suggestions WHERE a IN ({marks}) AND b IN ({marks})",
                          [*cluster_ids, *cluster_ids])
        self._write_resolution(res, cluster_ids)

    def next_cluster_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM clusters")
                   .fetchone()[0])

    def cluster_ids_from(self, first: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM clusters WHERE id >= ? ORDER BY id", (first,))]

    def link_new(self, cluster_ids: Sequence[int]) -> int:
        """Incremental: link newly imported clusters to existing entities by similar names.

        Candidates come through the name blocks, rarest first (no scan of the index); a score
        at or above LINK moves the new cluster's entity into the best existing one unless
        the user said they differ; the grey zone is stored as suggestions. Returns the links
        made.
        """
        if not cluster_ids:
            return 0
        q = self.conn.execute
        _, not_same = self._judged_pairs()
        walls = {frozenset(p) for p in not_same}
        made = 0
        with self.transaction():
            for cid in cluster_ids:
                row = q("SELECT type, names, isolated, entity_id FROM clusters WHERE id = ?",
                        (cid,)).fetchone()
                if row is None or row[2]:
                    continue
                etype, names_json, _, entity = row
                best: tuple[float, int] | None = None
                for name in json.loads(names_json):
                    for other_id, other_name in self._similar_names(etype, name):
                        m = compare(etype, name, other_name)
                        if m.score < SUGGEST:
                            continue
                        for other_cid, other_entity in q(
                                "SELECT c.id, c.entity_id FROM cluster_names cn JOIN clusters c "
                                "ON c.id = cn.cluster_id WHERE cn.name_id = ? AND c.isolated = 0 "
                                "AND c.entity_id != ? LIMIT 50", (other_id, entity)):
                            if frozenset((cid, other_cid)) in walls:
                                continue
                            if m.score >= LINK:
                                if best is None or m.score > best[0]:
                                    best = (m.score, other_entity)
                            else:
                                a, b = sorted((cid, other_cid))
                                q("INSERT OR REPLACE INTO suggestions (a, b, score, reason) "
                                  "VALUES (?, ?, ?, ?)", (a, b, m.score, m.reason))
                if best is not None:
                    entity = self._merge_entities(best[1], entity)
                    made += 1
        return made

    def _similar_names(self, etype: str, name: str, limit: int = 400) -> list[tuple[int, str]]:
        """Distinct names sharing a block key with NAME, through its rarest usable keys."""
        blocks = [f"{etype}:{k}" for k in block_keys(etype, name)]
        if not blocks:
            return []
        marks = ",".join("?" * len(blocks))
        sizes = self.conn.execute(
            f"SELECT block, count(*) FROM name_blocks WHERE block IN ({marks}) GROUP BY block",
            blocks).fetchall()
        usable = [b for b, n in sorted(sizes, key=lambda x: x[1]) if n <= limit]
        if not usable and sizes:
            usable = [min(sizes, key=lambda x: x[1])[0]]
        if not usable:
            return []
        marks = ",".join("?" * len(usable))
        return self.conn.execute(
            "SELECT DISTINCT n.id, n.name FROM name_blocks b JOIN names n ON n.id = b.name_id "
            f"WHERE b.block IN ({marks}) AND n.name != ? LIMIT ?",
            (*usable, name, limit)).fetchall()

    def _merge_entities(self, keep: int, gone: int) -> int:
        """Move every cluster and mention of entity `gone` into `keep` (the smaller id)."""
        if keep == gone:
            return keep
        keep, gone = min(keep, gone), max(keep, gone)
        q = self.conn.execute
        q("UPDATE clusters SET entity_id = ? WHERE entity_id = ?", (keep, gone))
        q("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (keep, gone))
        hidden = q("SELECT max(hidden) FROM entities WHERE id IN (?, ?)", (keep, gone)).fetchone()
        q("UPDATE entities SET hidden = ? WHERE id = ?", (hidden[0] or 0, keep))
        q("DELETE FROM entities WHERE id = ?", (gone,))
        q("DELETE FROM suggestions WHERE (a IN (SELECT id FROM clusters WHERE entity_id = ?)) "
          "AND (b IN (SELECT id FROM clusters WHERE entity_id = ?))", (keep, keep))
        return keep

    # -- the user's judgements -------------------------------------------------------------

    def _judge(self, kind: str, a: str, b: str | None = None, value: str | None = None) -> int:
        jid = self.conn.execute(
            "INSERT INTO judgements (kind, a, b, value) VALUES (?, ?, ?, ?)",
            (kind, a, b, value)).lastrowid
        assert jid is not None
        return jid

    def cluster_of_mention(self, mention_id: int) -> int:
        row = self.conn.execute("SELECT cluster_id FROM mentions WHERE id = ?",
                                (mention_id,)).fetchone()
        if row is None:
            raise StoreError(f"no mention {mention_id}")
        return int(row[0])

    def entity_of_mention(self, mention_id: int) -> int:
        row = self.conn.execute("SELECT entity_id FROM mentions WHERE id = ?",
                                (mention_id,)).fetchone()
        if row is None:
            raise StoreError(f"no mention {mention_id}")
        return int(row[0])

    def judge_same(self, entity_a: int, entity_b: int) -> int:
        """Confirm that two entities are one (merge them)."""
        with self.transaction():
            ca, cb = self._anchor(entity_a), self._anchor(entity_b)
            jid = self._judge("same", self._lk(ca), self._lk(cb))
            self._merge_entities(entity_a, entity_b)
            self._apply_entity_judgements()
        return jid

    def judge_same_clusters(self, cluster_a: int, cluster_b: int) -> int:
        """Confirm that two clusters (two documents' names) are one entity."""
        with self.transaction():
            q = self.conn.execute
            jid = self._judge("same", self._lk(cluster_a), self._lk(cluster_b))
            ea = q("SELECT entity_id FROM clusters WHERE id = ?", (cluster_a,)).fetchone()[0]
            eb = q("SELECT entity_id FROM clusters WHERE id = ?", (cluster_b,)).fetchone()[0]
            self._merge_entities(ea, eb)
            self._apply_entity_judgements()
        return jid

    def judge_not_same(self, cluster_a: int, cluster_b: int) -> int:
        """Two clusters name different entities: split them if linked, never link them."""
        with self.transaction():
            jid = self._judge("not_same", self._lk(cluster_a), self._lk(cluster_b))
            q = self.conn.execute
            ea = q("SELECT entity_id FROM clusters WHERE id = ?", (cluster_a,)).fetchone()[0]
            eb = q("SELECT entity_id FROM clusters WHERE id = ?", (cluster_b,)).fetchone()[0]
            # no more suggestions between the two entities (the wall holds for all of them)
            q("DELETE FROM suggestions WHERE (a IN (SELECT id FROM clusters WHERE entity_id = ?) "
              "AND b IN (SELECT id FROM clusters WHERE entity_id = ?)) OR (a IN (SELECT id "
              "FROM clusters WHERE entity_id = ?) AND b IN (SELECT id FROM clusters WHERE "
              "entity_id = ?))", (ea, eb, eb, ea))
            if ea == eb:
                ids = [r[0] for r in q("SELECT id FROM clusters WHERE entity_id = ?", (ea,))]
                self._relink_subset(ids)
        return jid

    def split_mention(self, mention_id: int) -> int:
        """Take one mention off its entity: it becomes an entity of its own."""
        with self.transaction():
            q = self.conn.execute
            row = q("SELECT m.document_id, m.start, m.\"end\", m.norm, m.type, m.text, "
                    "d.content_hash FROM mentions m JOIN documents d ON d.id = m.document_id "
                    "WHERE m.id = ?", (mention_id,)).fetchone()
            if row is None:
                raise StoreError(f"no mention {mention_id}")
            doc_id, start, end, norm, etype, text, h = row
            jid = self._judge("split_mention", f"{h}|@{start}-{end}")
            self._isolate_mention(mention_id, doc_id, etype, norm or normalise_name(text),
                                  " ".join(text.split()))
        return jid

    def _isolate_mention(self, mention_id: int, doc_id: int, etype: str, key: str,
                         name: str) -> int:
        q = self.conn.execute
        cid = q("INSERT INTO clusters (document_id, type, key, name, names, isolated) "
                "VALUES (?, ?, ?, ?, ?, 1)", (doc_id, etype, key, name,
                                               json.dumps([key]))).lastrowid
        assert cid is not None
        q("INSERT INTO entities (id, type, key, name) VALUES (?, ?, ?, ?)",
          (cid, etype, key, name))
        q("UPDATE clusters SET entity_id = ? WHERE id = ?", (cid, cid))
        q("UPDATE mentions SET cluster_id = ?, entity_id = ? WHERE id = ?",
          (cid, cid, mention_id))
        return cid

    def split_document(self, entity_id: int, document_id: int) -> int:
        """Take all of one document's mentions off an entity."""
        with self.transaction():
            q = self.conn.execute
            rows = q("SELECT id FROM clusters WHERE entity_id = ? AND document_id = ?",
                     (entity_id, document_id)).fetchall()
            if not rows:
                raise StoreError(f"document {document_id} does not name entity {entity_id}")
            jid = 0
            for (cid,) in rows:
                jid = self._judge("split_document", self._lk(cid))
                q("UPDATE clusters SET isolated = 1 WHERE id = ?", (cid,))
            rest = [r[0] for r in q("SELECT id FROM clusters WHERE entity_id = ?",
                                    (entity_id,))]
            self._relink_subset(rest)
        return jid

    def hide_entity(self, entity_id: int) -> int:
        with self.transaction():
            jid = self._judge("hide", self._lk(self._anchor(entity_id)))
            self.conn.execute("UPDATE entities SET hidden = 1 WHERE id = ?", (entity_id,))
        return jid

    def rename_entity(self, entity_id: int, name: str) -> int:
        name = " ".join(name.split())
        if not name:
            raise StoreError("a name cannot be empty")
        with self.transaction():
            jid = self._judge("rename", self._lk(self._anchor(entity_id)), value=name)
            self.conn.execute("UPDATE entities SET name = ? WHERE id = ?", (name, entity_id))
        return jid

    def undo_judgement(self, judgement_id: int | None = None) -> dict[str, Any] | None:
        """Withdraw a judgement (the latest when no id is given) and re-link what it touched."""
        q = self.conn.execute
        with self.transaction():
            row = q("SELECT id, kind, a, b FROM judgements WHERE active = 1 "
                    + ("AND id = ? " if judgement_id else "") + "ORDER BY id DESC LIMIT 1",
                    (judgement_id,) if judgement_id else ()).fetchone()
            if row is None:
                return None
            jid, kind, a, b = row
            q("UPDATE judgements SET active = 0 WHERE id = ?", (jid,))
            touched: set[int] = set()
            if kind == "split_mention":
                h, span = a.split("|@", 1)
                start, end = (int(x) for x in span.split("-"))
                m = q("SELECT m.id, m.cluster_id, m.document_id, m.type, m.norm FROM mentions m "
                      "JOIN documents d ON d.id = m.document_id WHERE d.content_hash = ? AND "
                      'm.start = ? AND m."end" = ?', (h, start, end)).fetchone()
                if m is not None:
                    home = q("SELECT id, entity_id FROM clusters WHERE document_id = ? AND "
                             "type = ? AND isolated = 0 AND id != ? AND (key = ? OR EXISTS "
                             "(SELECT 1 FROM json_each(names) WHERE value = ?)) LIMIT 1",
                             (m[2], m[3], m[1], m[4], m[4])).fetchone()
                    if home is not None:
                        q("UPDATE mentions SET cluster_id = ?, entity_id = ? WHERE id = ?",
                          (home[0], home[1], m[0]))
                        q("DELETE FROM entities WHERE id = ?", (m[1],))
                        q("DELETE FROM clusters WHERE id = ?", (m[1],))
            else:
                for lk in (a, b):
                    cid = self._cluster_of_lk(lk) if lk else None
                    if cid is None:
                        continue
                    if kind == "split_document":
                        q("UPDATE clusters SET isolated = 0 WHERE id = ?", (cid,))
                    entity = q("SELECT entity_id FROM clusters WHERE id = ?",
                               (cid,)).fetchone()[0]
                    touched |= {r[0] for r in q("SELECT id FROM clusters WHERE entity_id = ?",
                                                (entity,))}
                if kind in ("hide", "rename"):
                    q("UPDATE entities SET hidden = 0, name = (SELECT c.name FROM clusters c "
                      "WHERE c.entity_id = entities.id ORDER BY c.id LIMIT 1) WHERE id IN "
                      f"(SELECT entity_id FROM clusters WHERE id IN "
                      f"({','.join('?' * len(touched))}))", list(touched))
                    self._apply_entity_judgements()
                elif kind == "split_document":
                    # the document's clusters may join their old entity again
                    self.link_new_locked(sorted(touched))
                else:
                    self._relink_subset(sorted(touched))
        return {"id": jid, "kind": kind}

    def link_new_locked(self, cluster_ids: Sequence[int]) -> None:
        """Re-link clusters among themselves and with the entities their names reach."""
        q = self.conn.execute
        reach: set[int] = set(cluster_ids)
        for cid in cluster_ids:
            for (name,) in q("SELECT n.name FROM cluster_names cn JOIN names n ON "
                             "n.id = cn.name_id WHERE cn.cluster_id = ?", (cid,)).fetchall():
                reach |= {r[0] for r in q(
                    "SELECT cn.cluster_id FROM names n JOIN cluster_names cn ON "
                    "cn.name_id = n.id WHERE n.name = ?", (name,))}
        entities = {r[0] for r in q(
            f"SELECT entity_id FROM clusters WHERE id IN ({','.join('?' * len(reach))})",
            list(reach))}
        for e in entities:
            reach |= {r[0] for r in q("SELECT id FROM clusters WHERE entity_id = ?", (e,))}
        self._relink_subset(sorted(reach))

    # -- citations and copies (which cable an article reports on) -------------------------

    def save_citations(self, document_id: int, citations: Sequence[Any]) -> None:
        """Store the citations found in one document (replacing earlier ones)."""
        q = self.conn.execute
        q("DELETE FROM citations WHERE document_id = ?", (document_id,))
        self.conn.executemany(
            'INSERT INTO citations (document_id, kind, start, "end", text, ref_id, year, month, '
            "day, origin, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(document_id, c.kind, c.start, c.end, c.text, c.ref_id, c.year, c.month, c.day,
              c.origin, c.confidence) for c in citations if c.kind != "reference"])

    def save_fingerprint(self, document_id: int, blob: bytes) -> None:
        self.conn.execute("INSERT OR REPLACE INTO fingerprints (document_id, minhash) "
                          "VALUES (?, ?)", (document_id, blob))

    def all_fingerprints(self) -> list[tuple[int, bytes]]:
        return self.conn.execute(
            "SELECT f.document_id, f.minhash FROM fingerprints f JOIN documents d "
            "ON d.id = f.document_id WHERE d.kind = 'article' ORDER BY f.document_id").fetchall()

    def set_duplicate(self, document_id: int, original: int | None, sim: float | None) -> None:
        self.conn.execute("UPDATE fingerprints SET duplicate_of = ?, similarity = ? "
                          "WHERE document_id = ?", (original, sim, document_id))

    def article_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents WHERE kind = 'article' ORDER BY id")]

    def resolve_citations(self, document_ids: Sequence[int]) -> None:
        """Which cables these articles cite: explicit ids directly, descriptions ranked
        against the imported cables by date, origin and the people and groups both name.
        The user's cite judgements win."""
        from reader.cite import origin_matches

        q = self.conn.execute
        with self.transaction():
            for doc_id in document_ids:
                h = q("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if h is None:
                    continue
                q("DELETE FROM cites WHERE document_id = ?", (doc_id,))
                found: dict[str, tuple[str, float, int, int | None]] = {}
                for cid, ref_id, year, month, day, origin, conf in q(
                        "SELECT id, ref_id, year, month, day, origin, confidence "
                        "FROM citations WHERE document_id = ?", (doc_id,)).fetchall():
                    if ref_id:
                        if conf > found.get(ref_id, ("", 0.0, 0, None))[1]:
                            found[ref_id] = ("explicit", conf, 1, cid)
                        continue
                    ranked = self._rank_cables(doc_id, year, month, day, origin,
                                               origin_matches)
                    for rank, (ref, share) in enumerate(ranked[:3], start=1):
                        confidence = round(conf * share, 3)
                        if ref not in found or found[ref][1] < confidence:
                            found[ref] = ("likely", confidence, rank, cid)
                for verdict, ref_id in q(
                        "SELECT verdict, ref_id FROM cite_judgements WHERE content_hash = ? "
                        "AND active = 1 ORDER BY id", (h[0],)).fetchall():
                    if verdict == "cites":
                        found[ref_id] = ("confirmed", 1.0, 1, None)
                    else:
                        found.pop(ref_id, None)
                self.conn.executemany(
                    "INSERT INTO cites (document_id, ref_id, status, confidence, rank, "
                    "citation_id) VALUES (?, ?, ?, ?, ?, ?)",
                    [(doc_id, ref, st, conf, rank, cid)
                     for ref, (st, conf, rank, cid) in found.items()])

    def _rank_cables(self, doc_id: int, year: int | None, month: int | None,
                     day: int | None, origin: str | None, origin_matches: Any
                     ) -> list[tuple[str, float]]:
        """Cables that fit a description, best first, with each one's share of the evidence."""
        if year is None:
            return []
        q = self.conn.execute
        if month and day:
            lo = f"{year:04}-{month:02}-{max(1, day - 3):02}"
            hi = f"{year:04}-{month:02}-{day + 3:02}~"
        elif month:
            lo, hi = f"{year:04}-{month:02}-01", f"{year:04}-{month:02}-31~"
        else:
            lo, hi = f"{year:04}-01-01", f"{year:04}-12-31~"
        cables = q("SELECT id, ref_id, origin, date FROM documents WHERE kind = 'cable' "
                   "AND date BETWEEN ? AND ?", (lo, hi)).fetchall()
        if origin:
            cables = [c for c in cables if c[2] and origin_matches(origin, c[2])]
        if not cables:
            return []
        # the people and groups the article names, weighted by how rare they are
        ents = q("SELECT DISTINCT m.entity_id FROM mentions m JOIN entities e ON "
                 "e.id = m.entity_id WHERE m.document_id = ? AND e.hidden = 0 AND "
                 "e.type IN ('person', 'group')", (doc_id,)).fetchall()
        total = q("SELECT count(*) FROM documents").fetchone()[0] or 1
        weights: dict[int, float] = {}
        for (e,) in ents:
            df = q("SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = ?",
                   (e,)).fetchone()[0]
            weights[e] = math.log(1 + total / max(df, 1))
        ids = [c[0] for c in cables]
        scores = dict.fromkeys(ids, 0.05)
        if weights:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows = q(
                    f"SELECT DISTINCT document_id, entity_id FROM mentions WHERE document_id IN "
                    f"({','.join('?' * len(chunk))}) AND entity_id IN "
                    f"({','.join('?' * len(weights))})", (*chunk, *weights)).fetchall()
                for d, e in rows:
                    scores[d] += weights[e]
        if month and day:
            for c in cables:
                if c[3] and c[3][:10] == f"{year:04}-{month:02}-{day:02}":
                    scores[c[0]] += 1.0
        ranked = sorted(cables, key=lambda c: -scores[c[0]])
        top = [scores[c[0]] for c in ranked[:3]]
        runner_up = top[1] if len(top) > 1 else 0.0
        out = []
        for c in ranked[:3]:
            sc = scores[c[0]]
            share = sc / (sc + runner_up) if c is ranked[0] else sc / (sc + top[0])
            out.append((c[1], round(min(0.99, share), 3)))
        return out

    def judge_cite(self, document_id: int, ref_id: str, cites: bool) -> int:
        """The user confirms that an article reports on a cable, or rejects a likely one."""
        q = self.conn.execute
        h = q("SELECT content_hash FROM documents WHERE id = ?", (document_id,)).fetchone()
        if h is None:
            raise StoreError(f"no document {document_id}")
        with self.transaction():
            jid = q("INSERT INTO cite_judgements (content_hash, ref_id, verdict) "
                    "VALUES (?, ?, ?)", (h[0], ref_id, "cites" if cites else "does_not_cite")
                    ).lastrowid
        self.resolve_citations([document_id])
        assert jid is not None
        return jid

    def confirmed_clusters(self) -> set[int]:
        """Clusters the user has confirmed as the same as another."""
        out: set[int] = set()
        for a, b in self.conn.execute(
                "SELECT a, b FROM judgements WHERE active = 1 AND kind = 'same'"):
            for lk in (a, b):
                cid = self._cluster_of_lk(lk)
                if cid is not None:
                    out.add(cid)
        return out
