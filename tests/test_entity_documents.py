"""Each entity's documents (`entity_documents`: the mentions' count and first mention per
entity and document, what the cross-references panel pages through) stay what the mentions
say after every write that moves mentions between entities: import, judgements (merge,
split, hide) and their undo, a full relink, and removal. And the panel reads them a page at
a time.

The sample corpus (`corpus/`) imported into a real SQLite file in tmp_path.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.services import judging, open_index, views
from reader.services.documents import remove_documents
from reader.services.importer import import_paths
from reader.services.linking import relink
from reader.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def derived(store: Store) -> dict[tuple[int, int], tuple[int, int, int, str | None]]:
    """(entity, document) -> (mentions, first start, is a cable, date), from the mentions."""
    return {(e, d): (n, first, cable, date) for e, d, n, first, cable, date in store.conn.execute(
        "SELECT m.entity_id, m.document_id, count(*), min(m.start), doc.kind = 'cable', "
        "doc.date FROM mentions m JOIN documents doc ON doc.id = m.document_id "
        "GROUP BY m.entity_id, m.document_id")}


def stored(store: Store) -> dict[tuple[int, int], tuple[int, int, int, str | None]]:
    return {(e, d): (n, first, cable, date) for e, d, n, first, cable, date in store.conn.execute(
        "SELECT entity_id, document_id, mentions, first_start, cable, date "
        "FROM entity_documents")}


def assert_current(store: Store) -> None:
    assert stored(store) == derived(store)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("index")
    index = open_index(folder / "index.sqlite")
    summary = import_paths(index, [CORPUS])
    assert summary.ok and summary.imported >= 10, summary
    index.close()
    return folder / "index.sqlite"


@pytest.fixture
def store(built: Path, tmp_path: Path):
    copy = tmp_path / "index.sqlite"
    copy.write_bytes(built.read_bytes())
    index = open_index(copy)
    yield index
    index.close()


def big_entity(store: Store) -> tuple[int, int]:
    """(entity, a document naming it) for the entity named in the most documents."""
    entity, = store.conn.execute(
        "SELECT entity_id FROM mentions GROUP BY entity_id "
        "ORDER BY count(DISTINCT document_id) DESC, entity_id LIMIT 1").fetchone()
    doc, = store.conn.execute("SELECT min(document_id) FROM mentions WHERE entity_id = ?",
                              (entity,)).fetchone()
    return entity, doc


def test_after_import(store: Store) -> None:
    assert stored(store)
    assert_current(store)


def test_after_merge_split_hide_and_their_undo(store: Store) -> None:
    entity, doc = big_entity(store)
    other = next(e for e, in store.conn.execute(
        "SELECT DISTINCT entity_id FROM mentions WHERE document_id = ? AND entity_id != ?",
        (doc, entity)))
    judging.judge_same(store, entity, other)
    assert_current(store)
    judging.undo(store)
    assert_current(store)
    # split one document off, then one mention
    entity, doc = big_entity(store)
    judging.split_document(store, entity, doc)
    assert_current(store)
    mention, = store.conn.execute(
        "SELECT id FROM mentions WHERE entity_id = ? ORDER BY document_id DESC, start LIMIT 1",
        (entity,)).fetchone()
    judging.split_mention(store, mention)
    assert_current(store)
    judging.undo(store)  # the mention
    assert_current(store)
    jid = judging.undo(store)  # the document
    assert jid is not None
    judging.redo(store, jid.id)
    assert_current(store)
    judging.hide_entity(store, entity)
    assert_current(store)
    # not-same between two clusters of one entity
    a, b = (c for c, in store.conn.execute(
        "SELECT id FROM clusters WHERE entity_id = (SELECT entity_id FROM clusters "
        "GROUP BY entity_id HAVING count(*) >= 2 ORDER BY count(*) DESC LIMIT 1) "
        "ORDER BY id LIMIT 2"))
    judging.judge_not_same(store, a, b)
    assert_current(store)


def test_after_relink_and_removal(store: Store) -> None:
    store.conn.execute("DELETE FROM entity_documents")  # a full relink writes them all
    relink(store)
    assert_current(store)
    _entity, doc = big_entity(store)
    removal = remove_documents(store, [doc])
    assert removal.documents == 1
    assert not store.conn.execute("SELECT 1 FROM entity_documents WHERE document_id = ?",
                                  (doc,)).fetchone()
    assert_current(store)


def test_the_panel_pages_through_the_documents(store: Store) -> None:
    entity, doc = big_entity(store)
    summary = store.entity_summary(entity)
    assert summary is not None
    names = Counter(d for d, in store.conn.execute(
        "SELECT document_id FROM mentions WHERE entity_id = ?", (entity,)))
    assert (summary.documents, summary.mentions) == (len(names), sum(names.values()))
    whole = views.xref_view(store, entity, doc, limit=1000)
    assert whole is not None and whole.total == len(names) - 1 == len(whole.elsewhere)
    assert not whole.more
    # in order: articles first, then cables, by date; each its first mention and count
    order = [(r.row.kind == "cable", r.row.date or "", r.row.document_id)
             for r in whole.elsewhere]
    assert order == sorted(order)
    for item in whole.elsewhere:
        r = item.row
        first, = store.conn.execute(
            "SELECT min(start) FROM mentions WHERE entity_id = ? AND document_id = ?",
            (entity, r.document_id)).fetchone()
        assert (r.start, r.count) == (first, names[r.document_id])
        assert r.context[r.start - r.context_start:r.end - r.context_start] == r.text
    pages = []
    offset = 0
    while True:
        page = views.xref_view(store, entity, doc, limit=2, offset=offset)
        assert page is not None and page.total == whole.total
        pages += [e.row.document_id for e in page.elsewhere]
        if not page.more:
            break
        offset += 2
    assert pages == [e.row.document_id for e in whole.elsewhere]


def test_a_migrated_index_gets_its_entity_documents(store: Store) -> None:
    from reader.store import migrations

    store.conn.execute("DROP TABLE entity_documents")
    migrations.step_9(store.conn)
    migrations.step_9(store.conn)  # idempotent
    assert_current(store)


def test_search_ranks_within_a_window_of_the_latest_matches(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the window, the ranking of the whole index; above it, the best of the latest
    matches (by bm25), never a ranking of every match."""
    from reader.store import reads

    def full(query: str) -> list[int]:
        return [r[0] for r in store.conn.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
            "ORDER BY bm25(documents_fts), rowid DESC LIMIT 5", (query,))]

    everything = store.conn.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'the'").fetchone()[0]
    assert everything > 6
    assert [h.id for h in views.search(store, "the", limit=5)] == full("the")
    monkeypatch.setattr(reads, "RANK_WINDOW", 6)
    latest = [r[0] for r in store.conn.execute(
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'the' "
        "ORDER BY rowid DESC LIMIT 6")]
    hits = views.search(store, "the", limit=5)
    assert len(hits) == 5 and {h.id for h in hits} <= set(latest)
    ranked = [r[0] for r in store.conn.execute(
        "SELECT rowid, bm25(documents_fts) FROM documents_fts WHERE documents_fts MATCH 'the' "
        f"AND rowid IN ({','.join(map(str, latest))}) ORDER BY 2, rowid DESC LIMIT 5")]
    assert [h.id for h in hits] == ranked
