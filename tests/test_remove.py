"""Removing documents (`cablereader remove`, `services.documents`) and the sample corpus:
only the default index gets it, on its first run, marked as samples.

Real SQLite files in tmp_path, built with the importer; our own prose.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import ENV_VAR
from reader.services import judging, open_index, views
from reader.services.documents import find_documents, remove_documents, remove_samples
from reader.services.importer import SAMPLE_OFFERED, first_run_sample, import_paths
from reader.services.linking import relink
from reader.store import Store

CABLE_BODY = """\
C O N F I D E N T I A L LIMA 000999

SUBJECT: OLD NETWORKS IN THE SECURITY SERVICES

1. (C) Officers who served under Vladimiro Montesinos still trade favours with businessmen
and judges in Lima, several prosecutors told embassy staff. Files on drug flights have gone
missing from the archives of the national police.
"""

ARTICLE = """\
---
title: Envoy warns of old networks in Lima
outlet: The Daily Example
date: 2011-02-10
---
A confidential cable, 09LIMA999, sent from the embassy in Lima, described how officers who
served under Vladimiro Montesinos still traded favours with businessmen and judges. The
ambassador wrote that files on drug flights had gone missing from the archives of the
national police, and that nobody in the government wanted to reopen the old cases.
"""

COPY = ARTICLE.replace("title: Envoy warns of old networks in Lima",
                       "title: Old networks still reach Lima").replace(
    "date: 2011-02-10", "date: 2011-02-12")
SECOND_COPY = COPY.replace("title: Old networks still reach Lima",
                           "title: Lima networks, a cable says").replace(
    "date: 2011-02-12", "date: 2011-02-14")

OTHER = """\
Talks in Arequipa

Vladimir Montesinos was named again by the prosecutors in Arequipa on Tuesday,
while Keiko Fujimori met the mayor of Arequipa to talk about water.
"""


def write_inbox(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "article.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "copy.md").write_text(COPY, encoding="utf-8")
    (folder / "copy2.md").write_text(SECOND_COPY, encoding="utf-8")
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    with (folder / "cables.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerow(
            ["1", "03/12/2009 21:09", "09LIMA999", "Embassy Lima", "CONFIDENTIAL", "",
             "", CABLE_BODY])
    return folder


@pytest.fixture
def store(tmp_path: Path):
    index = open_index(tmp_path / "index.sqlite")
    summary = import_paths(index, [write_inbox(tmp_path / "in")])
    assert summary.imported == 5 and summary.ok, summary
    yield index
    index.close()


def ids_by_title(store: Store) -> dict[str, int]:
    return {r.title: r.id for r in store.list_documents()}


def partition(store: Store) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for cluster, entity in store.conn.execute("SELECT id, entity_id FROM clusters"):
        groups.setdefault(entity, set()).add(cluster)
    return {frozenset(g) for g in groups.values()}


def count(store: Store, sql: str, *args: object) -> int:
    return int(store.conn.execute(sql, args).fetchone()[0])


# -- removing --------------------------------------------------------------------------------


def test_removing_a_cable_takes_everything_derived_from_it(store: Store) -> None:
    cable = ids_by_title(store)["OLD NETWORKS IN THE SECURITY SERVICES"]
    assert store.search("prosecutors") and count(store, "SELECT count(*) FROM routing") >= 0
    mentioned = {r.article_id for r in views.entity_mentions(store, "Vladimiro Montesinos")}
    assert cable in mentioned

    done = remove_documents(store, [cable])

    assert (done.articles, done.cables, done.text) == (0, 1, "removed 1 document (1 cable)")
    assert store.get_document(cable) is None
    for table in ("mentions", "clusters", "citations", "cites", "fingerprints",
                  "document_sources"):
        assert count(store, f"SELECT count(*) FROM {table} WHERE document_id = ?", cable) == 0
    assert all(h.id != cable for h in store.search("prosecutors"))
    # no entity keeps the removed document's names; no entity is left without a cluster
    assert count(store, "SELECT count(*) FROM entities e WHERE NOT EXISTS (SELECT 1 FROM "
                        "clusters c WHERE c.entity_id = e.id)") == 0
    assert count(store, "SELECT count(*) FROM mentions m JOIN clusters c ON c.id = "
                        "m.cluster_id WHERE m.entity_id != c.entity_id") == 0
    assert cable not in {r.article_id for r in views.entity_mentions(store, "Montesinos")}
    # the articles still cite 09LIMA999 by its id; the cable is simply not in the index
    article = ids_by_title(store)["Envoy warns of old networks in Lima"]
    view = views.document_view(store, article)
    assert view is not None and [(c.ref_id, c.cable_id) for c in view.cites] == [
        ("09LIMA999", None)]


def test_removal_leaves_the_entities_a_full_relink_gives(store: Store) -> None:
    other = ids_by_title(store)["Talks in Arequipa"]
    remove_documents(store, [other])
    after = partition(store)
    relink(store)
    assert partition(store) == after


def test_removing_an_original_makes_its_first_copy_the_original(store: Store) -> None:
    ids = ids_by_title(store)
    original = ids["Envoy warns of old networks in Lima"]
    first, second = ids["Old networks still reach Lima"], ids["Lima networks, a cable says"]
    rows = {r.id: r for r in store.list_documents()}
    assert rows[first].copy_of == original and rows[second].copy_of == original
    remove_documents(store, [original])
    rows = {r.id: r for r in store.list_documents()}
    assert rows[first].copy_of is None
    assert rows[second].copy_of == first


def test_judgements_are_kept_and_apply_again_when_the_document_comes_back(
        store: Store, tmp_path: Path) -> None:
    other = ids_by_title(store)["Talks in Arequipa"]
    keiko = next(m for m in store.document_mentions(other) if m.text == "Keiko Fujimori")
    judging.rename_entity(store, keiko.entity_id, "Keiko Sofia Fujimori")
    judgements = store.list_judgements()
    assert judgements

    remove_documents(store, [other])
    assert store.list_judgements() == judgements  # kept, by content hash
    assert views.lookup_entity(store, "Keiko Sofia Fujimori").chosen is None

    import_paths(store, [tmp_path / "in" / "other.txt"])
    back = views.lookup_entity(store, "Keiko Sofia Fujimori")
    assert back.chosen is not None and back.chosen.name == "Keiko Sofia Fujimori"


def test_documents_are_named_by_id_ref_id_or_source(store: Store, tmp_path: Path) -> None:
    ids = ids_by_title(store)
    cable = ids["OLD NETWORKS IN THE SECURITY SERVICES"]
    source = str(tmp_path / "in" / "other.txt")
    found = find_documents(store, [str(cable), "09lima999", source, "nothing-like-it"])
    assert found.ids == (cable, ids["Talks in Arequipa"])
    assert found.missing == ("nothing-like-it",)
    assert remove_documents(store, []).text == "removed no documents"


def test_cli_remove_all_or_nothing(store: Store, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = str(store.path)
    before = store.counts()
    assert main(["--db", db, "remove", "09LIMA999", "no-such-document"]) == 1
    err = capsys.readouterr().err
    assert "no document 'no-such-document'" in err
    assert "nothing removed: 1 document not found" in err
    assert store.counts() == before

    article = str(tmp_path / "in" / "article.md")
    assert main(["--db", db, "remove", "09LIMA999", article, "copy.md"]) == 1
    capsys.readouterr()
    assert main(["--db", db, "remove", "09LIMA999", article,
                 str(tmp_path / "in" / "copy.md")]) == 0
    assert capsys.readouterr().out == "removed 3 documents (2 articles, 1 cable)\n"
    assert store.counts().articles == before.articles - 2

    assert main(["--db", db, "remove"]) == 2  # neither documents nor --samples
    assert "DOCUMENT... or --samples" in capsys.readouterr().err


# -- the sample corpus -----------------------------------------------------------------------


def test_samples_only_in_the_default_index_on_its_first_run(tmp_path: Path) -> None:
    other = Store(tmp_path / "named.sqlite")
    assert first_run_sample(other, default_index=False) is None
    assert other.is_empty()
    other.close()

    store = Store(tmp_path / "default.sqlite")
    summary = first_run_sample(store, default_index=True)
    assert summary is not None and summary.imported >= 10 and summary.ok
    rows = store.list_documents()
    assert rows and all(r.sample for r in rows)
    assert store.setting(SAMPLE_OFFERED) == "1"

    # emptied by the user: not filled again
    done = remove_samples(store)
    assert done.documents == len(rows) and store.is_empty()
    assert first_run_sample(store, default_index=True) is None
    assert store.is_empty()
    store.close()


def test_an_index_filled_before_its_first_run_gets_no_sample(tmp_path: Path) -> None:
    store = Store(tmp_path / "default.sqlite")
    import_paths(store, [write_inbox(tmp_path / "in")])
    assert first_run_sample(store, default_index=True) is None
    assert not any(r.sample for r in store.list_documents())
    assert store.setting(SAMPLE_OFFERED) == "0"
    store.close()


def test_samples_are_marked_in_coverage_and_removed_by_the_cli(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "default.sqlite"
    monkeypatch.setenv(ENV_VAR, str(db))
    store = Store(db)
    first_run_sample(store, default_index=True)
    import_paths(store, [write_inbox(tmp_path / "in")])
    real = {r.id for r in store.list_documents() if not r.sample}
    assert len(real) == 5
    cited = {ref for r in store.list_documents() if r.sample
             for ref in (c.ref_id for c in store.document_cites(r.id))}
    assert cited
    covering = [row for ref in cited for row in store.coverage(ref)]
    assert covering and all(row.sample for row in covering)
    store.close()

    assert main(["remove", "--samples"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("removed the samples: ") and "articles" in out
    store = Store(db)
    assert {r.id for r in store.list_documents()} == real
    store.close()
    assert main(["remove", "--samples"]) == 0
    assert capsys.readouterr().out == "no sample documents in the index\n"
