"""The schema's history, one numbered step per version, and the fresh schema.

A fresh index is created from `schema.sql` at SCHEMA_VERSION. An index written by an older
cablereader is brought up by the steps below, in order. Steps are frozen once released: a
change to the schema is a new step here plus the same change in `schema.sql`.

Some steps need work that only the layers above can do (normalising names, linking). They
leave a note in `meta` (`pending`), which the services carry out when they open the index.
"""

from __future__ import annotations

import sqlite3
from importlib.resources import files

SCHEMA_VERSION = 9

PENDING_RENORMALISE = "renormalise"  # fill mentions.norm
PENDING_RELINK = "relink"  # rebuild the name index and the entities
PENDING_RECITE = "recite"  # find every article's citations again, and the cables they mean


def statements(script: str) -> list[str]:
    """The statements of an SQL script (no semicolons inside our strings or comments)."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def fresh_schema() -> list[str]:
    return statements(files("reader.store").joinpath("schema.sql").read_text("utf-8"))


def create_fresh(conn: sqlite3.Connection) -> None:
    for statement in fresh_schema():
        conn.execute(statement)


# -- the released steps ----------------------------------------------------------------------

_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'cable')), source TEXT NOT NULL,
    title TEXT NOT NULL, outlet TEXT, byline TEXT, date TEXT, url TEXT, ref_id TEXT,
    origin TEXT, classification TEXT, subject TEXT, body TEXT NOT NULL,
    words INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX IF NOT EXISTS documents_kind_date ON documents (kind, date);
CREATE UNIQUE INDEX IF NOT EXISTS documents_ref_id ON documents (ref_id) WHERE ref_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS document_sources (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source TEXT NOT NULL, PRIMARY KEY (document_id, source));
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL CHECK (type IN ('person', 'group', 'place')),
    key TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('person', 'group', 'place')),
    entity_id INTEGER NOT NULL REFERENCES entities (id));
CREATE INDEX IF NOT EXISTS mentions_document ON mentions (document_id, start);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity_id);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5 (
    title, body, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')
"""

_V3 = """
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, names TEXT NOT NULL,
    isolated INTEGER NOT NULL DEFAULT 0, entity_id INTEGER);
CREATE INDEX IF NOT EXISTS clusters_document ON clusters (document_id);
CREATE INDEX IF NOT EXISTS clusters_entity ON clusters (entity_id);
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (type, name));
CREATE TABLE IF NOT EXISTS name_blocks (
    block TEXT NOT NULL, name_id INTEGER NOT NULL REFERENCES names (id),
    PRIMARY KEY (block, name_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cluster_names (
    name_id INTEGER NOT NULL REFERENCES names (id),
    cluster_id INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    PRIMARY KEY (name_id, cluster_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cluster_names_cluster ON cluster_names (cluster_id);
CREATE TABLE IF NOT EXISTS judgements (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    kind TEXT NOT NULL CHECK (kind IN ('same', 'not_same', 'split_mention', 'split_document',
                                       'hide', 'rename')),
    a TEXT NOT NULL, b TEXT, value TEXT, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS suggestions (
    a INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    score REAL NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS suggestions_b ON suggestions (b)
"""

_V4 = """
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    ref_id TEXT, year INTEGER, month INTEGER, day INTEGER, origin TEXT,
    confidence REAL NOT NULL);
CREATE INDEX IF NOT EXISTS citations_document ON citations (document_id);
CREATE TABLE IF NOT EXISTS cites (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ref_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('explicit', 'likely', 'confirmed')),
    confidence REAL NOT NULL, rank INTEGER NOT NULL DEFAULT 1, citation_id INTEGER,
    PRIMARY KEY (document_id, ref_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cites_ref ON cites (ref_id);
CREATE TABLE IF NOT EXISTS cite_judgements (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    content_hash TEXT NOT NULL, ref_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('cites', 'does_not_cite')),
    active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS fingerprints (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    minhash BLOB NOT NULL, duplicate_of INTEGER REFERENCES documents (id), similarity REAL)
"""

_V5 = """
CREATE INDEX IF NOT EXISTS mentions_cluster ON mentions (cluster_id);
CREATE INDEX IF NOT EXISTS mentions_norm ON mentions (norm);
CREATE INDEX IF NOT EXISTS cite_judgements_hash ON cite_judgements (content_hash);
CREATE INDEX IF NOT EXISTS fingerprints_duplicate_of ON fingerprints (duplicate_of)
"""


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _pending(conn: sqlite3.Connection, task: str) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'pending'").fetchone()
    tasks = [t for t in (row[0].split(",") if row else []) if t]
    if task not in tasks:
        tasks.append(task)
    conn.execute("INSERT INTO meta (key, value) VALUES ('pending', ?) ON CONFLICT (key) "
                  "DO UPDATE SET value = excluded.value", (",".join(tasks),))


def step_1(conn: sqlite3.Connection) -> None:
    for s in statements(_V1):
        conn.execute(s)


def step_2(conn: sqlite3.Connection) -> None:
    """Mentions keep their normalised name (to explain their link); filled by the services."""
    if "norm" not in _columns(conn, "mentions"):
        conn.execute("ALTER TABLE mentions ADD COLUMN norm TEXT NOT NULL DEFAULT ''")
    _pending(conn, PENDING_RENORMALISE)


def step_3(conn: sqlite3.Connection) -> None:
    """Entities come from linking clusters (one entity as one document names it); the user's
    judgements, suggestions and hidden entities. Needs foreign keys off (see `migrate`)."""
    q = conn.execute
    had_mentions = q("SELECT 1 FROM mentions LIMIT 1").fetchone() is not None
    q("ALTER TABLE entities RENAME TO entities_v2")
    q("CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT NOT NULL CHECK (type IN "
      "('person', 'group', 'place')), key TEXT NOT NULL, name TEXT NOT NULL, "
      "hidden INTEGER NOT NULL DEFAULT 0)")
    for s in statements(_V3):
        q(s)
    if "cluster_id" not in _columns(conn, "mentions"):
        q("ALTER TABLE mentions ADD COLUMN cluster_id INTEGER")
    # one cluster per document and former entity; the former entities' ids are kept
    q("INSERT INTO clusters (document_id, type, key, name, names, entity_id) "
      "SELECT m.document_id, e.type, e.key, e.name, json_array(e.key), e.id "
      "FROM mentions m JOIN entities_v2 e ON e.id = m.entity_id "
      "GROUP BY m.document_id, e.id")
    q("INSERT INTO entities (id, type, key, name) SELECT id, type, key, name FROM entities_v2")
    q("UPDATE mentions SET cluster_id = (SELECT c.id FROM clusters c WHERE "
      "c.document_id = mentions.document_id AND c.entity_id = mentions.entity_id)")
    q("DROP TABLE entities_v2")
    if had_mentions:
        _pending(conn, PENDING_RELINK)


def step_4(conn: sqlite3.Connection) -> None:
    """Citations, cites and their judgements; near-duplicate fingerprints."""
    for s in statements(_V4):
        conn.execute(s)


def step_5(conn: sqlite3.Connection) -> None:
    """Indexes for the lookups the linker and the reader make."""
    for s in statements(_V5):
        conn.execute(s)


def step_6(conn: sqlite3.Connection) -> None:
    """Clusters remember their component (what a re-link around new documents must cover);
    the linker's names now include the country a name is: both need a re-link."""
    if "component" not in _columns(conn, "clusters"):
        conn.execute("ALTER TABLE clusters ADD COLUMN component INTEGER")
    conn.execute("CREATE INDEX IF NOT EXISTS clusters_component ON clusters (component)")
    if conn.execute("SELECT 1 FROM clusters LIMIT 1").fetchone() is not None:
        _pending(conn, PENDING_RELINK)


def step_7(conn: sqlite3.Connection) -> None:
    """A cite keeps the kind of its evidence (id, quotation, names…); articles' quotations
    are citations now, and a guess needs evidence beyond a date: find them all again. The
    routing indicators of the cables' headers and the posts they stand for."""
    if "kind" not in _columns(conn, "cites"):
        conn.execute("ALTER TABLE cites ADD COLUMN kind TEXT NOT NULL DEFAULT ''")
    # (the routing indicators are learnt from cables imported from now on)
    conn.execute("CREATE TABLE IF NOT EXISTS routing (indicator TEXT NOT NULL, post TEXT NOT "
                 "NULL, cables INTEGER NOT NULL, PRIMARY KEY (indicator, post)) WITHOUT ROWID")
    if conn.execute("SELECT 1 FROM documents WHERE kind = 'article' LIMIT 1").fetchone():
        _pending(conn, PENDING_RECITE)


def step_8(conn: sqlite3.Connection) -> None:
    """Documents from the sample corpus are marked (those of an older index stay unmarked:
    nothing tells them apart), and a cable keeps its routing indicator, so that removing it
    takes its share of the routing table. An older index had its first run: the sample
    corpus is not offered to it again."""
    columns = _columns(conn, "documents")
    if "sample" not in columns:
        conn.execute("ALTER TABLE documents ADD COLUMN sample INTEGER NOT NULL DEFAULT 0")
    if "routing" not in columns:
        conn.execute("ALTER TABLE documents ADD COLUMN routing TEXT")
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('sample_offered', '1')")


_V9 = """
CREATE TABLE IF NOT EXISTS entity_documents (
    entity_id INTEGER NOT NULL, document_id INTEGER NOT NULL, cable INTEGER NOT NULL,
    date TEXT, mentions INTEGER NOT NULL, first_start INTEGER NOT NULL,
    PRIMARY KEY (entity_id, document_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_documents_listed
    ON entity_documents (entity_id, cable, date, document_id);
CREATE INDEX IF NOT EXISTS entity_documents_document ON entity_documents (document_id)
"""


def step_9(conn: sqlite3.Connection) -> None:
    """Each entity's documents with its mention count and first mention there, for the
    cross-references panel (read a page at a time through an index): filled from the
    mentions here, kept by the store from then on. The mentions' entity index covers the
    document and the start too (an entity's mentions grouped by document, in order)."""
    columns = [r[2] for r in conn.execute("PRAGMA index_info(mentions_entity)")]
    if columns != ["entity_id", "document_id", "start"]:
        conn.execute("DROP INDEX IF EXISTS mentions_entity")
        conn.execute("CREATE INDEX mentions_entity ON mentions (entity_id, document_id, start)")
    for s in statements(_V9):
        conn.execute(s)
    conn.execute("DELETE FROM entity_documents")
    conn.execute(
        "INSERT INTO entity_documents (entity_id, document_id, cable, date, mentions, "
        "first_start) SELECT g.e, g.d, d.kind = 'cable', d.date, g.n, g.f FROM (SELECT "
        "entity_id AS e, document_id AS d, count(*) AS n, min(start) AS f FROM mentions "
        "GROUP BY entity_id, document_id) g JOIN documents d ON d.id = g.d")


STEPS = {1: step_1, 2: step_2, 3: step_3, 4: step_4, 5: step_5, 6: step_6, 7: step_7,
         8: step_8, 9: step_9}
assert sorted(STEPS) == list(range(1, SCHEMA_VERSION + 1))


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """From `version` (0: an empty file) to SCHEMA_VERSION, in one transaction."""
    rebuild = 1 <= version < 3  # step 3 copies a table: foreign keys must be off
    if rebuild:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version == 0:
                create_fresh(conn)
            else:
                for n in range(version + 1, SCHEMA_VERSION + 1):
                    STEPS[n](conn)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        if rebuild:
            conn.execute("PRAGMA legacy_alter_table = OFF")
            conn.execute("PRAGMA foreign_keys = ON")
