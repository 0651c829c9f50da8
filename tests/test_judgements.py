"""The user's judgements: a rejection separates exactly its pair, in every linking path;
undo and redo by id, for links and for cables; the list and the export in words."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.services import judging
from reader.services.exports import export_fields
from reader.services.importer import import_paths
from reader.services.judgement_log import GONE, judgement_entries
from reader.services.linking import relink
from reader.store import Store, StoreError
from tests.test_citing import _write_cables

# Five short stories that all name Peru, and two that name Montesinos in two spellings.
STORIES = {
    "a.txt": "Fuel\n\nThe army of Peru sold seized fuel, a congressman said in Lima.\n",
    "b.txt": "Coca\n\nFarmers in Peru planted more coca this year, officials said.\n",
    "c.txt": "Border\n\nPeru and Ecuador met about the border trade on Monday.\n",
    "d.txt": "Mining\n\nA mining company left Peru after the protests in the south.\n",
    "e.txt": "Elections\n\nVoters in Peru chose a new congress, and Vladimiro Montesinos "
             "watched from prison.\n",
    "f.txt": "Prison\n\nVladimir Montesinos spoke to a judge in Lima about his pension.\n",
}

Groups = frozenset[frozenset[int]]


def _index(tmp_path: Path) -> Store:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in STORIES.items():
        title, body = text.split("\n\n", 1)
        (folder / name).write_text(f"---\ntitle: {title}\n---\n{body}", encoding="utf-8")
    store = Store(tmp_path / "j.sqlite")
    import_paths(store, [folder])
    return store


def groups(store: Store) -> Groups:
    """Clusters grouped by entity (cluster ids stay put across re-linking)."""
    by: dict[int, set[int]] = {}
    for cid, eid in store.conn.execute("SELECT id, entity_id FROM clusters"):
        by.setdefault(eid, set()).add(cid)
    return frozenset(frozenset(g) for g in by.values())


def entity_of(store: Store, cluster_id: int) -> int:
    return int(store.conn.execute("SELECT entity_id FROM clusters WHERE id = ?",
                                  (cluster_id,)).fetchone()[0])


def clusters_named(store: Store, key: str) -> list[int]:
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM clusters WHERE key = ? ORDER BY id", (key,))]


def without(before: Groups, rejected: int) -> Groups:
    """BEFORE with one cluster taken out of its group into a group of its own."""
    return frozenset({*(g - {rejected} for g in before if g - {rejected}),
                      frozenset({rejected})})


def test_a_rejection_moves_exactly_the_rejected_cluster(tmp_path: Path) -> None:
    """Whichever two of the five Peru clusters are judged apart (the first in content order
    included, where the shared name's links meet), the second leaves, the first stays with
    the three others, nothing else moves, and a full re-link agrees."""
    store = _index(tmp_path)
    peru = clusters_named(store, "peru")
    assert len(peru) == 5 and len({entity_of(store, c) for c in peru}) == 1
    before = groups(store)
    for a in peru:
        for b in peru:
            if a == b:
                continue
            jid = judging.judge_not_same(store, a, b)
            assert groups(store) == without(before, b), (a, b)
            relink(store)
            assert groups(store) == without(before, b), (a, b)
            judging.undo(store, jid)
            assert groups(store) == before
    store.close()


def test_a_same_judgement_wins_over_a_rejection(tmp_path: Path) -> None:
    store = _index(tmp_path)
    a, b, *_ = clusters_named(store, "peru")
    judging.judge_not_same(store, a, b)
    assert entity_of(store, a) != entity_of(store, b)
    judging.judge_same_clusters(store, a, b)
    assert entity_of(store, a) == entity_of(store, b)
    relink(store)
    assert entity_of(store, a) == entity_of(store, b)
    store.close()


def test_a_rejected_fuzzy_link_stays_apart_and_the_rest_holds(tmp_path: Path) -> None:
    store = _index(tmp_path)
    (vladimiro,), (vladimir,) = (clusters_named(store, "vladimiro montesinos"),
                                 clusters_named(store, "vladimir montesinos"))
    assert entity_of(store, vladimiro) == entity_of(store, vladimir)
    before = groups(store)
    judging.judge_not_same(store, vladimir, vladimiro)
    assert groups(store) == without(before, vladimiro)
    relink(store)
    assert groups(store) == without(before, vladimiro)
    store.close()


def _lima_cables(shared_data: Path, folder: Path, most: int) -> Path:
    csv.field_size_limit(1 << 30)
    rows = []
    with (shared_data / "cables" / "cables.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, escapechar="\\", doublequote=False):
            if "LIMA" in row[2]:
                rows.append(row)
            if len(rows) >= most:
                break
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cables.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


def test_rejecting_one_peru_on_a_real_index(tmp_path: Path, shared_data: Path) -> None:
    """The seeds, the dev articles and 150 cables from Lima: rejecting one link of a seed's
    Peru takes only the other document's Peru out; the seed's stays with all the rest."""
    store = Store(tmp_path / "real.sqlite")
    import_paths(store, [shared_data / "seeds", shared_data / "dev" / "articles",
                         _lima_cables(shared_data, tmp_path / "cables", 150)])
    q = store.conn.execute
    (eid, n), *_ = q("SELECT entity_id, count(*) n FROM clusters WHERE key = 'peru' "
                     "GROUP BY entity_id ORDER BY n DESC").fetchall()
    peru = [r[0] for r in q("SELECT id FROM clusters WHERE entity_id = ? ORDER BY id", (eid,))]
    assert n >= 20
    seed = q("SELECT c.id FROM clusters c JOIN documents d ON d.id = c.document_id WHERE "
             "c.entity_id = ? AND d.source LIKE '%seeds%' ORDER BY c.id", (eid,)).fetchone()[0]
    cable = q("SELECT c.id FROM clusters c JOIN documents d ON d.id = c.document_id WHERE "
              "c.entity_id = ? AND d.kind = 'cable' ORDER BY c.id DESC", (eid,)).fetchone()[0]
    # (the first cluster in content order is where the shared name's links meet)
    first = min(store.cluster_rows(peru), key=lambda c: c.ref).id
    before = groups(store)
    for a, b in [(seed, cable), (seed, first), (first, seed), (cable, seed)]:
        if a == b:
            continue
        jid = judging.judge_not_same(store, a, b)
        assert groups(store) == without(before, b), (a, b)
        assert len(store.entity_clusters(entity_of(store, a))) == len(peru) - 1
        relink(store)
        assert groups(store) == without(before, b), (a, b)
        judging.undo(store, jid)
        assert groups(store) == before
    store.close()


def test_undo_and_redo_every_kind(tmp_path: Path) -> None:
    store = _index(tmp_path)
    start = groups(store)
    a, b, *_ = clusters_named(store, "peru")
    mention = store.conn.execute(
        "SELECT id FROM mentions WHERE cluster_id = ? ORDER BY id", (a,)).fetchone()[0]
    montesinos = entity_of(store, clusters_named(store, "vladimiro montesinos")[0])
    e_doc = store.conn.execute("SELECT document_id FROM clusters WHERE id = ?",
                               (clusters_named(store, "vladimiro montesinos")[0],)).fetchone()[0]

    made = [
        judging.judge_not_same(store, a, b),
        judging.split_mention(store, mention),
        judging.split_document(store, montesinos, e_doc),
        judging.hide_entity(store, entity_of(store, b)),
        judging.rename_entity(store, entity_of(store, clusters_named(store, "lima")[0]),
                              "Lima, Peru"),
    ]
    judged = groups(store)
    names = dict(store.conn.execute("SELECT id, name FROM entities"))
    hidden = {r[0] for r in store.conn.execute("SELECT id FROM entities WHERE hidden = 1")}
    assert judged != start and hidden
    for jid in reversed(made):
        assert not judging.undo(store, jid).active  # type: ignore[union-attr]
    assert groups(store) == start
    assert not store.conn.execute("SELECT 1 FROM entities WHERE hidden = 1").fetchall()
    for jid in made:
        assert judging.redo(store, jid).active
    assert groups(store) == judged
    assert dict(store.conn.execute("SELECT id, name FROM entities")) == names
    assert {r[0] for r in store.conn.execute("SELECT id FROM entities WHERE hidden = 1")} == hidden
    relink(store)
    assert groups(store) == judged
    with pytest.raises(StoreError, match="no judgement 999"):
        judging.undo(store, 999)
    with pytest.raises(StoreError, match=f"judgement {made[0]} is already in force"):
        judging.redo(store, made[0])
    judging.undo(store, made[0])
    with pytest.raises(StoreError, match=f"judgement {made[0]} is already withdrawn"):
        judging.undo(store, made[0])
    store.close()


def test_redo_of_a_split_mention_isolates_it_again(tmp_path: Path) -> None:
    store = _index(tmp_path)
    a = clusters_named(store, "peru")[0]
    mention = store.conn.execute(
        "SELECT id FROM mentions WHERE cluster_id = ? ORDER BY id", (a,)).fetchone()[0]
    entity = entity_of(store, a)
    jid = judging.split_mention(store, mention)
    alone = store.cluster_of_mention(mention)
    assert alone != a and entity_of(store, alone) != entity
    judging.undo(store, jid)
    assert store.cluster_of_mention(mention) == a
    judging.redo(store, jid)
    again = store.cluster_of_mention(mention)
    assert again != a and entity_of(store, again) != entity_of(store, a)
    assert len(store.entity_clusters(entity_of(store, again))) == 1
    store.close()


def _article_and_cables(tmp_path: Path) -> tuple[Store, int]:
    store = Store(tmp_path / "c.sqlite")
    import_paths(store, [_write_cables(tmp_path / "cables")])
    path = tmp_path / "story.txt"
    path.write_text("---\ntitle: Fuel sold\n---\nA congressman said that the police sold "
                    "seized fuel in the valley.\n", encoding="utf-8")
    import_paths(store, [path])
    doc = next(r.article_id for r in store.iter_export_articles() if r.kind == "article")
    return store, doc


def _cites(store: Store, doc: int) -> list[str]:
    row = next(r for r in store.iter_export_articles() if r.article_id == doc)
    return list(row.cites)


def test_undo_and_redo_a_cable_judgement(tmp_path: Path) -> None:
    store, doc = _article_and_cables(tmp_path)
    assert "09LIMA301" not in _cites(store, doc)
    cid = judging.judge_cite(store, doc, "09LIMA301", True)
    assert _cites(store, doc) == ["09LIMA301"]
    assert not judging.undo_cite(store, cid).active
    assert "09LIMA301" not in _cites(store, doc)
    assert judging.redo_cite(store, cid).active
    assert _cites(store, doc) == ["09LIMA301"]
    with pytest.raises(StoreError, match=f"cable judgement c{cid} is already in force"):
        judging.redo_cite(store, cid)
    with pytest.raises(StoreError, match="no cable judgement c99"):
        judging.undo_cite(store, 99)
    store.close()


def test_the_list_names_names_and_documents(tmp_path: Path) -> None:
    store = _index(tmp_path)
    a, b, *_ = clusters_named(store, "peru")
    titles = dict(store.conn.execute(
        "SELECT c.id, d.title FROM clusters c JOIN documents d ON d.id = c.document_id"))
    jid = judging.judge_not_same(store, a, b)
    # a judgement on a document that is no longer in the index
    ref_b = store.cluster_ref(b)
    assert ref_b is not None
    store.add_judgement("same", "0" * 16 + "|place|peru", ref_b)
    entries = judgement_entries(store)
    assert [e.kind for e in entries] == ["not_same", "same"]
    first, gone = entries
    assert first.id == jid and first.label == str(jid)
    assert first.describe == (f"not the same: “Peru” in ‹{titles[a]}› ≠ “Peru” in "
                              f"‹{titles[b]}›")
    assert first.documents == (titles[a], titles[b])
    assert gone.describe == f"the same: {GONE} = “Peru” in ‹{titles[b]}›"
    assert gone.documents == ("", titles[b])
    assert "|" not in first.describe + gone.describe  # no content references
    store.close()


def test_judge_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _index(tmp_path)
    a, b, *_ = clusters_named(store, "peru")
    ma, mb = (store.conn.execute("SELECT id FROM mentions WHERE cluster_id = ?",
                                 (c,)).fetchone()[0] for c in (a, b))
    store.close()
    db = ["--db", str(tmp_path / "j.sqlite")]
    assert main([*db, "judge", "not-same", str(ma), str(mb)]) == 0
    assert "recorded [1] not the same: “Peru” in ‹" in capsys.readouterr().out
    assert main([*db, "judge", "undo", "999"]) == 1
    assert "no judgement 999" in capsys.readouterr().err
    assert main([*db, "judge", "undo", "1"]) == 0
    assert capsys.readouterr().out.startswith("withdrew [1] not the same: “Peru”")
    assert main([*db, "judge", "undo", "1"]) == 1
    assert "judgement 1 is already withdrawn" in capsys.readouterr().err
    assert main([*db, "judge", "list"]) == 0
    assert capsys.readouterr().out == ""
    assert main([*db, "judge", "redo", "1"]) == 0
    assert capsys.readouterr().out.startswith("restored [1] not the same")
    assert main([*db, "judge", "redo", "1"]) == 1
    assert "judgement 1 is already in force" in capsys.readouterr().err
    assert main([*db, "judge", "list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[1] 20") and "not the same: “Peru” in ‹" in out and "|" not in out
    store = Store(tmp_path / "j.sqlite")
    assert entity_of(store, a) != entity_of(store, b)
    store.close()


def test_cable_judgements_in_the_list_and_the_export(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    store, doc = _article_and_cables(tmp_path)
    yes = judging.judge_cite(store, doc, "09LIMA301", True)
    no = judging.judge_cite(store, doc, "09LIMA355", False)
    store.close()
    db = ["--db", str(tmp_path / "c.sqlite")]
    assert main([*db, "judge", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [f"[c{yes}]", f"[c{no}]"]
    assert lines[0].endswith("cable: ‹Fuel sold› reports on 09LIMA301")
    assert lines[1].endswith("cable: ‹Fuel sold› does not report on 09LIMA355")
    assert main([*db, "judge", "undo", f"c{no}"]) == 0
    assert "withdrew [c" in capsys.readouterr().out
    assert main([*db, "judge", "undo", f"c{no}"]) == 1
    assert "already withdrawn" in capsys.readouterr().err

    assert main([*db, "export", "judgements"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["kind"], r["b"], r["ref_id"], r["active"]) for r in rows] == [
        ("cites", "09LIMA301", "09LIMA301", 1), ("not_cites", "09LIMA355", "09LIMA355", 0)]
    assert rows[0]["documents"] == ["Fuel sold"]
    assert list(rows[0]) == list(export_fields("judgements"))
    # the fields exported before come first, in their order
    assert export_fields("judgements")[:7] == ("id", "created", "kind", "a", "b", "value",
                                               "active")
    assert main([*db, "export", "judgements", "--format", "csv"]) == 0
    table = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["kind"] for r in table] == ["cites", "not_cites"]
