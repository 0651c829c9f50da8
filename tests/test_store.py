"""The SQLite index: schema version, WAL, refusing foreign files, transactions, where it lives.

Real SQLite files in tmp_path; no mocks of the store.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import ENV_VAR, default_db_path, resolve_db_path
from reader.extract import extract
from reader.link import link_document_clusters
from reader.models import ParsedDocument
from reader.services import views
from reader.store import SCHEMA_VERSION, Store, StoreError

TEXT = (
    "Ambassador P. Michael McKinley met officials in Lima on Monday. McKinley said the "
    "investigation into Vladimiro Montesinos would continue."
)


def make_doc(title: str = "Embassy notes", body: str = TEXT) -> ParsedDocument:
    return ParsedDocument(kind="article", source=f"/tmp/{title}.txt", title=title, body=body)


def add(store: Store, doc: ParsedDocument) -> int:
    with store.transaction():
        doc_id, _ = store.insert_document(doc, *link_document_clusters(extract(doc.body)))
        return doc_id


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "index.sqlite")
    yield s
    s.close()


# -- schema and journal --------------------------------------------------------------------------


def test_schema_version_is_recorded(tmp_path):
    db = tmp_path / "index.sqlite"
    Store(db).close()
    raw = sqlite3.connect(db)
    try:
        (value,) = raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    finally:
        raw.close()
    assert int(value) == SCHEMA_VERSION >= 1
    s = Store(db)  # reopening keeps it
    try:
        assert s.schema_version() == SCHEMA_VERSION
    finally:
        s.close()


def test_wal_mode(store, tmp_path):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    raw = sqlite3.connect(tmp_path / "index.sqlite")  # persistent: another connection sees it
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    finally:
        raw.close()


def test_reader_is_not_blocked_by_an_open_write(tmp_path):
    db = tmp_path / "index.sqlite"
    writer, reader = Store(db), Store(db)
    try:
        add(writer, make_doc("first"))
        with writer.transaction():
            writer.insert_document(make_doc("second", TEXT + " More."), [], [])
            # uncommitted: the reader sees the committed state at once, without waiting
            assert [d.title for d in reader.list_documents()] == ["first"]
        assert sorted(d.title for d in reader.list_documents()) == ["first", "second"]
    finally:
        writer.close()
        reader.close()


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "index.sqlite"
    Store(db).close()
    raw = sqlite3.connect(db)
    raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                (str(SCHEMA_VERSION + 5),))
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)


# -- files that are not our index ------------------------------------------------------------------


def test_random_bytes_are_refused_untouched(tmp_path):
    db = tmp_path / "index.sqlite"
    db.write_bytes(os.urandom(8192))
    original = db.read_bytes()

    with pytest.raises(StoreError) as info:
        Store(db)

    message = str(info.value)
    assert str(db) in message
    assert "not a usable SQLite file" in message
    assert db.read_bytes() == original
    assert files_in(tmp_path) == ["index.sqlite"]  # no -wal / -shm left behind


def _foreign_sqlite(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE foo (x INTEGER, y TEXT)")
    raw.executemany("INSERT INTO foo VALUES (?, ?)", [(1, "one"), (2, "two")])
    raw.commit()
    raw.close()


def test_other_applications_sqlite_is_refused(tmp_path):
    db = tmp_path / "other.sqlite"
    _foreign_sqlite(db)

    with pytest.raises(StoreError, match="not a cablereader index") as info:
        Store(db)
    assert str(db) in str(info.value)

    raw = sqlite3.connect(db)
    try:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"foo"}  # none of our tables were created
        assert raw.execute("SELECT x, y FROM foo ORDER BY x").fetchall() == [(1, "one"),
                                                                             (2, "two")]
    finally:
        raw.close()


def test_other_applications_sqlite_is_not_modified(tmp_path):
    db = tmp_path / "other.sqlite"
    _foreign_sqlite(db)
    original = db.read_bytes()

    with pytest.raises(StoreError):
        Store(db)

    assert db.read_bytes() == original
    assert files_in(tmp_path) == ["other.sqlite"]


# -- transactions ----------------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_failed_transaction_leaves_nothing(store):
    add(store, make_doc("kept"))
    before = store.counts()
    assert before.articles == 1 and before.mentions > 0

    with pytest.raises(Boom), store.transaction():
        doc = make_doc("lost", "Keiko Fujimori visited Arequipa and Cusco with Rafael Rey.")
        store.insert_document(doc, *link_document_clusters(extract(doc.body)))
        assert store.counts().articles == 2  # it was written inside the transaction
        raise Boom

    assert store.counts() == before
    assert [d.title for d in store.list_documents()] == ["kept"]
    assert store.search("Arequipa") == []  # no orphan search row
    assert views.entity_mentions(store, "Keiko Fujimori") == []
    assert not store.conn.in_transaction
    add(store, make_doc("after"))  # the store is still usable
    assert store.counts().articles == 2


def test_duplicate_content_is_refused_atomically(store):
    doc = make_doc("once")
    add(store, doc)
    before = store.counts()
    with pytest.raises(sqlite3.IntegrityError):
        add(store, doc)
    assert store.counts() == before
    assert store.known_hashes([doc.content_hash, "0" * 64]) == {doc.content_hash: 1}


# -- where the index lives -------------------------------------------------------------------------


def test_db_flag_beats_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.sqlite"))
    assert resolve_db_path(str(tmp_path / "from-flag.sqlite")) == tmp_path / "from-flag.sqlite"
    assert resolve_db_path(None) == tmp_path / "from-env.sqlite"


def test_default_without_flag_or_environment(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    path = resolve_db_path(None)
    assert path == default_db_path()
    assert path.name == "index.sqlite"
    assert "cablereader" in str(path)


def test_paths_expand_user(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(ENV_VAR, "~/env.sqlite")
    assert resolve_db_path(None) == tmp_path / "env.sqlite"
    assert resolve_db_path("~/flag.sqlite") == tmp_path / "flag.sqlite"


def test_cli_uses_flag_then_environment(tmp_path, monkeypatch, capsys):
    article = tmp_path / "note.txt"
    article.write_text("Embassy notes\n\n" + TEXT + "\n", encoding="utf-8")
    env_db = tmp_path / "env" / "index.sqlite"
    flag_db = tmp_path / "flag" / "index.sqlite"
    monkeypatch.setenv(ENV_VAR, str(env_db))

    assert main(["--db", str(flag_db), "import", str(article)]) == 0
    assert flag_db.is_file()
    assert not env_db.exists()

    assert main(["import", str(article)]) == 0
    assert env_db.is_file()
    out = capsys.readouterr().out
    assert f"into {flag_db}" in out and f"into {env_db}" in out


def _schema(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns, and indexes with their columns, as SQLite reports them."""
    out: dict[str, object] = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                "NOT LIKE 'sqlite_%' AND name NOT LIKE 'documents_fts_%'"):
        out[f"table {name}"] = conn.execute(f"PRAGMA table_info({name})").fetchall()
        for _seq, index, unique, _origin, partial in conn.execute(f"PRAGMA index_list({name})"):
            cols = [r[2] for r in conn.execute(f"PRAGMA index_info({index})")]
            out[f"index {index}"] = (name, cols, unique, partial)
    return out


def _version_1(path: Path) -> None:
    """An index as the first cablereader wrote it: built by the first migration step."""
    from reader.store import migrations

    conn = sqlite3.connect(path, isolation_level=None)
    migrations.step_1(conn)
    conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
    body = "Ambassador P. Michael McKinley wrote from Lima."
    conn.execute("INSERT INTO documents (id, content_hash, kind, source, title, body) VALUES "
                 "(1, 'h1', 'article', 'a.txt', 't', ?)", (body,))
    conn.execute("INSERT INTO documents_fts (rowid, title, body) VALUES (1, 't', ?)", (body,))
    conn.execute("INSERT INTO entities (id, type, key, name) VALUES "
                 "(7, 'person', 'p michael mckinley', 'P. Michael McKinley'), "
                 "(8, 'place', 'lima', 'Lima')")
    conn.execute('INSERT INTO mentions (document_id, start, "end", text, type, entity_id) VALUES '
                 "(1, 11, 30, 'P. Michael McKinley', 'person', 7), (1, 42, 46, 'Lima', 'place', 8)")
    conn.close()


def test_a_migrated_index_has_the_fresh_schema(tmp_path):
    fresh = Store(tmp_path / "fresh.sqlite")
    _version_1(tmp_path / "old.sqlite")
    migrated = Store(tmp_path / "old.sqlite")
    try:
        assert migrated.schema_version() == fresh.schema_version() == SCHEMA_VERSION
        assert _schema(migrated.conn) == _schema(fresh.conn)
    finally:
        fresh.close()
        migrated.close()


def test_a_version_1_index_is_migrated_with_its_data(tmp_path):
    """An index written before mentions kept their normalised name, before clusters and
    judgements, is brought up to date and linked when it is opened."""
    from reader.services import open_index
    from reader.services.linking import relink

    db = tmp_path / "old.sqlite"
    _version_1(db)
    store = open_index(db)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.pending() == []
        rows = dict(store.conn.execute("SELECT text, norm FROM mentions").fetchall())
        assert rows == {"P. Michael McKinley": "p michael mckinley", "Lima": "lima"}
        # each mention has a cluster, each cluster an entity, names are indexed
        linked = store.conn.execute(
            "SELECT count(*) FROM mentions m JOIN clusters c ON c.id = m.cluster_id "
            "JOIN entities e ON e.id = c.entity_id AND e.id = m.entity_id").fetchone()[0]
        assert linked == 2
        found = views.entity_mentions(store, "McKinley")
        assert found[0].entity_name == "P. Michael McKinley"
        relink(store)
        assert store.counts().entities == 2
    finally:
        store.close()


def test_version_7_index_gets_the_sample_mark_and_is_not_offered_the_sample(tmp_path):
    """Schema 8: documents gain `sample` (0 for what an older index holds) and `routing`;
    an index that had its first run is not offered the sample corpus again. The step can run
    twice."""
    from reader.store import migrations

    db = tmp_path / "old.sqlite"
    store = Store(db)
    add(store, make_doc())
    store.conn.execute("ALTER TABLE documents DROP COLUMN routing")
    store.conn.execute("ALTER TABLE documents DROP COLUMN sample")
    store.conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    store.close()

    store = Store(db)
    try:
        assert store.schema_version() == SCHEMA_VERSION >= 8
        assert [r.sample for r in store.list_documents()] == [False]
        assert store.setting("sample_offered") == "1"
        migrations.step_8(store.conn)  # idempotent
        assert _schema(store.conn) == _schema(Store(tmp_path / "fresh.sqlite").conn)
    finally:
        store.close()


def test_index_signature_changes_when_another_connection_adds_or_removes(tmp_path):
    reader_side = Store(tmp_path / "dv.sqlite")
    writer_side = Store(tmp_path / "dv.sqlite")
    try:
        before = views.index_signature(reader_side)
        assert before == (0, 0)
        add(writer_side, make_doc())
        added = views.index_signature(reader_side)
        assert added != before
        with writer_side.transaction():
            writer_side.delete_documents([added[0]])
        removed = views.index_signature(reader_side)
        assert removed != added and removed[1] == 1
    finally:
        reader_side.close()
        writer_side.close()


def test_a_removed_cable_takes_its_share_of_the_routing_table(store):
    from reader.services.documents import remove_documents

    cable = ParsedDocument(kind="cable", source="cables.csv#09LIMA1", title="t", body=TEXT,
                           ref_id="09LIMA1", routing="RUEHPE")
    doc_id = add(store, cable)
    assert store.conn.execute("SELECT indicator, post, cables FROM routing").fetchall() == [
        ("RUEHPE", "LIMA", 1)]
    remove_documents(store, [doc_id])
    assert store.conn.execute("SELECT count(*) FROM routing").fetchone()[0] == 0


def test_the_default_index_is_the_one_neither_flag_nor_environment_names(monkeypatch):
    from reader.config import is_default_db

    monkeypatch.delenv(ENV_VAR, raising=False)
    assert is_default_db(None)
    assert not is_default_db("new.sqlite")
    monkeypatch.setenv(ENV_VAR, "/tmp/elsewhere.sqlite")
    assert not is_default_db(None)
