"""Every lookup the hot paths make uses an index: importing a document and linking it,
opening it in the reader with its cross-references, judging a link and undoing it.

The statements are captured from a real store while it works; each is explained by SQLite
and must not scan a table that grows with the corpus (mentions, clusters, names, ...).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from reader.services import judging, views
from reader.services.importer import import_paths
from reader.store import Store

GROWING = ("mentions", "clusters", "names", "name_blocks", "cluster_names", "suggestions",
           "citations", "cites", "fingerprints", "entities", "documents", "entity_documents")

# the statements checked (the panel's rows are also refreshed with INSERT ... SELECT)
WATCHED = ("SELECT", "UPDATE", "DELETE", "INSERT INTO ENTITY_DOCUMENTS")

TEXTS = [
    "One\n\nVladimiro Montesinos met Alberto Fujimori and the Narcotics Affairs Section "
    "(NAS) in Lima.\n",
    "Two\n\nVladimir Montesinos spoke with Keiko Fujimori and the NAS in Lima.\n",
]


_ALIASED = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+AS)?\s+(\w+)", re.IGNORECASE)


def _tables(sql: str) -> dict[str, str]:
    """The tables behind the aliases of a statement (EXPLAIN names a table by its alias)."""
    return {alias: table for table, alias in _ALIASED.findall(sql) if table in GROWING}


def _scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    # (the trace gives statements with their parameters' values written in)
    try:
        plan = conn.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?")).fetchall()
    except sqlite3.Error:
        return []  # several statements: skipped
    tables = _tables(sql)
    out = []
    for row in plan:
        detail = str(row[-1])
        if not detail.startswith("SCAN "):
            continue
        name = detail.split()[1]
        # a SCAN is a whole table (or a whole index: "SCAN s USING INDEX suggestions_b")
        if tables.get(name, name) in GROWING:
            out.append(detail)
    return out


def test_hot_paths_use_indexes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    store = Store(tmp_path / "q.sqlite")
    import_paths(store, [folder / "0.txt"])
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    import_paths(store, [folder / "1.txt"])
    doc = store.list_documents()[0].id
    view = views.document_view(store, doc)
    assert view is not None and view.mentions
    m = view.mentions[0]
    views.xref_view(store, m.entity_id, doc)
    views.entity_mentions(store, "Montesinos")
    # a name looked up fuzzily: block keys and their prefixes, norms, no scan of the mentions
    assert views.lookup_entity(store, "Vladimiro").chosen is not None
    views.lookup_entity(store, "Vladmir Montesino")
    views.search(store, "Montesinos")
    views.index_signature(store)
    other = next(x for x in view.mentions if x.entity_id != m.entity_id)
    judging.judge_not_same(store, m.cluster_id, other.cluster_id)
    judging.undo(store)
    store.conn.set_trace_callback(None)

    # statements that read the whole index on purpose: the document list, counts, relink
    whole = ("SELECT id, kind, title", "SELECT count(*) FROM documents",
             "SELECT count(*) FROM mentions", "SELECT count(*) FROM entities")
    bad = {}
    for sql in dict.fromkeys(s.strip() for s in seen):
        if not sql.upper().startswith(WATCHED) or sql.startswith(whole):
            continue
        scans = _scans(store.conn, sql)
        if scans:
            bad[sql[:120]] = scans
    store.close()
    assert not bad, bad


def test_a_quoted_passage_is_looked_up_in_the_full_text_index_first(tmp_path: Path) -> None:
    """The phrase is matched once and drives: each matching row's document is found by its
    id, never by a walk over every cable (by the kind index) probing the matches; also once
    the planner has statistics."""
    store = Store(tmp_path / "p.sqlite")
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    store.cables_with_phrase(["one", "two", "three", "four", "five", "six"], 4)
    store.conn.set_trace_callback(None)
    sql = next(s for s in seen if "documents_fts" in s).replace(
        "'body : \"one two three four five six\"'", "?")
    for analysed in (False, True):
        if analysed:
            store.conn.execute("ANALYZE")
        plan = [str(r[-1]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, ["x"])]
        assert plan[0].startswith("SCAN f VIRTUAL TABLE"), plan
        assert plan[1:] == ["SEARCH d USING INTEGER PRIMARY KEY (rowid=?)"], plan
    store.close()


def test_suggestions_are_read_from_the_entitys_clusters(tmp_path: Path) -> None:
    """The panel's suggestions on every cursor move: from the entity's clusters to their
    pairs through each side's index of `suggestions`, never a pass over all the pairs (also
    once the planner has statistics)."""
    store = Store(tmp_path / "s.sqlite")
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    store.entity_suggestions(1)
    store.conn.set_trace_callback(None)
    sql = next(s for s in seen if "suggestions" in s)
    for analysed in (False, True):
        if analysed:
            store.conn.execute("ANALYZE")
        plan = [str(r[-1]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert not [p for p in plan if p.startswith("SCAN") and p.split()[1] in ("x", "k", "o")]
        assert "SEARCH x USING PRIMARY KEY (a=?)" in plan, plan
        assert "SEARCH x USING INDEX suggestions_b (b=?)" in plan, plan
        assert any(p.startswith("SEARCH k USING COVERING INDEX clusters_entity") for p in plan)
    store.close()
