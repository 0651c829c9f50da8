"""Linking across documents: the hard cases with real names from the cables, in both
directions, and the user's judgements surviving re-imports and re-linking."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader.link import normalise_name
from reader.link.names import LINK, SUGGEST, compare
from reader.models import ParsedDocument
from reader.services import judging, views
from reader.services.importer import analyse, import_paths
from reader.services.linking import relink
from reader.store import Store


def score(etype: str, a: str, b: str) -> float:
    return compare(etype, normalise_name(a), normalise_name(b)).score


MUST_LINK = [
    ("person", "P. Michael McKinley", "P Michael McKinley"),
    ("person", "P. Michael McKinley", "Michael McKinley"),
    ("person", "Hernan Saturno Vergara", "Saturno Vergara"),
    ("person", "Cristina Fernández de Kirchner", "Cristina Fernandez"),
    ("person", "Cristina Fernández de Kirchner", "Cristina Kirchner"),
    ("person", "MONTESINOS", "Montesinos"),
    ("person", "Vladimiro Montesinos", "Vladimir Montesinos"),
    ("person", "Vladimiro Montesinos", "VLADIMIRO MONTESINOS TORRES"),
    ("person", "Muammar Qaddafi", "Muammar Gadhafi"),
    ("person", "Eric Omar Angulo Urtusuastegui", "Erick Angulo Urtusvastegui"),
    ("person", "Saulo Mauricio Parra Tejada", "Saulo Parra Tejada"),
    ("person", "Alan Garcia", "Alan García Pérez"),
    ("group", "Narcotics Affairs Section", "NARCOTIC AFFAIRS SECTION"),
    ("place", "Perú", "Peru"),
]

MUST_NOT_LINK = [
    ("person", "Víctor Rivera Félix", "Manuel Rivera Niebla"),
    ("person", "Alberto Fujimori", "Keiko Fujimori"),
    ("person", "Nestor Kirchner", "Cristina Fernández de Kirchner"),
    ("person", "Hillary Clinton", "Bill Clinton"),
    ("person", "Karzai", "Ahmed Wali Karzai"),
    ("person", "Hamid Karzai", "Ahmed Wali Karzai"),
    ("person", "Ricardo Rivera Landell", "Manuel Rivera Niebla"),
    ("person", "Javier Gomez Morales", "Miguel Morales Morales"),
    ("person", "Alfonso Perez Zepeda", "Jorge Perez"),
    ("person", "Enrique Ochoa Garcia", "Misael Medina Garcia"),
    ("person", "Torrijos", "Vladimiro Montesinos Torres"),
    ("group", "Tijuana cartel", "Sinaloa cartel"),
    ("group", "Peruvian National Police", "Bolivian National Police"),
    ("group", "CENAPI", "DEVIDA"),
    ("place", "Mexico", "Mexico City"),
]


@pytest.mark.parametrize(("etype", "a", "b"), MUST_LINK)
def test_names_that_must_link(etype: str, a: str, b: str) -> None:
    assert score(etype, a, b) >= LINK
    assert score(etype, b, a) >= LINK


@pytest.mark.parametrize(("etype", "a", "b"), MUST_NOT_LINK)
def test_names_that_must_not_link(etype: str, a: str, b: str) -> None:
    assert score(etype, a, b) < LINK
    assert score(etype, b, a) < LINK


def test_a_surname_alone_is_only_a_suggestion() -> None:
    assert SUGGEST <= score("person", "Karzai", "Ahmed Wali Karzai") < LINK
    assert SUGGEST <= score("group", "UN", "United Nations") < LINK


def _doc(source: str, body: str, title: str | None = None) -> ParsedDocument:
    return ParsedDocument(kind="article", source=source, title=title or source, body=body)


def _add(store: Store, doc: ParsedDocument) -> int:
    from reader.services.importer import link_after_import

    first = store.next_cluster_id()
    with store.transaction():
        doc_id, _ = store.insert_document(doc, *analyse(doc.body, doc.kind))
    link_after_import(store, first)
    return doc_id


def _entity(store: Store, doc_id: int, text: str) -> int:
    row = store.conn.execute("SELECT entity_id FROM mentions WHERE document_id = ? AND text = ?",
                             (doc_id, text)).fetchone()
    assert row is not None, text
    return int(row[0])


def test_cross_document_links_and_walls(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite")
    a = _add(store, _doc("a.txt", "Former spy chief Vladimiro Montesinos met Alberto Fujimori "
                                  "and the judge Hernan Saturno Vergara in Lima."))
    b = _add(store, _doc("b.txt", "Vladimir Montesinos was seen with Keiko Fujimori, while "
                                  "Saturno Vergara stayed in Lima."))
    assert _entity(store, a, "Vladimiro Montesinos") == _entity(store, b, "Vladimir Montesinos")
    assert _entity(store, a, "Hernan Saturno Vergara") == _entity(store, b, "Saturno Vergara")
    assert _entity(store, a, "Alberto Fujimori") != _entity(store, b, "Keiko Fujimori")
    # the same after a full re-link
    relink(store)
    assert _entity(store, a, "Vladimiro Montesinos") == _entity(store, b, "Vladimir Montesinos")
    assert _entity(store, a, "Alberto Fujimori") != _entity(store, b, "Keiko Fujimori")
    rows = views.entity_mentions(store, "Vladimir Montesinos")
    reasons = {r.text: r.link.text for r in rows}
    assert reasons["Vladimiro Montesinos"] == "same name"
    assert reasons["Vladimir Montesinos"].startswith("similar name 0.9")
    store.close()


def test_judgements_survive_reimport_and_relink(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Report one\n\nThe ambassador met Vladimiro Montesinos and Alberto Fujimori in Lima. "
        "Sharing is a word that the site menu printed as a name: Sharing.\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "Report two\n\nVladimir Montesinos spoke with Keiko Fujimori and with "
        "Manuel Rivera Niebla in Lima.\n", encoding="utf-8")
    (folder / "c.txt").write_text(
        "Report three\n\nVladimiro Montesinos and Victor Rivera Felix were named in Lima.\n",
        encoding="utf-8")
    db = tmp_path / "j.sqlite"
    store = Store(db)
    import_paths(store, [folder])
    ids = {r.source.rsplit("/", 1)[-1]: r.article_id for r in store.iter_export_articles()}
    a, b, c = ids["a.txt"], ids["b.txt"], ids["c.txt"]
    monte_a = _entity(store, a, "Vladimiro Montesinos")
    assert monte_a == _entity(store, b, "Vladimir Montesinos")

    # 1. confirm two entities are one (Keiko and Alberto, for the test's sake)
    judging.judge_same(store, _entity(store, a, "Alberto Fujimori"),
                       _entity(store, b, "Keiko Fujimori"))
    # 2. reject the fuzzy link between the two spellings of Montesinos
    cl = {r.text: r.cluster_id for r in views.entity_mentions(store, "Montesinos")}
    judging.judge_not_same(store, cl["Vladimiro Montesinos"], cl["Vladimir Montesinos"])
    # 3. split c's mention of Montesinos off
    mention_c = store.conn.execute(
        "SELECT id FROM mentions WHERE document_id = ? AND text = 'Vladimiro Montesinos'",
        (c,)).fetchone()[0]
    judging.split_mention(store, mention_c)
    # 4. hide the false entity "Rivera"-free "Lima"? hide Lima (a place, for the test)
    judging.hide_entity(store, _entity(store, a, "Lima"))

    def check() -> None:
        assert _entity(store, a, "Alberto Fujimori") == _entity(store, b, "Keiko Fujimori")
        assert _entity(store, a, "Vladimiro Montesinos") != _entity(store, b,
                                                                    "Vladimir Montesinos")
        assert _entity(store, c, "Vladimiro Montesinos") not in (
            _entity(store, a, "Vladimiro Montesinos"), _entity(store, b, "Vladimir Montesinos"))
        hidden = store.conn.execute(
            "SELECT hidden FROM entities WHERE id = ?", (_entity(store, a, "Lima"),)).fetchone()
        assert hidden[0] == 1
        assert all(m.text != "Lima" for m in store.document_mentions(b))

    check()
    import_paths(store, [folder])  # re-import: nothing new
    relink(store)
    check()
    store.close()
    store = Store(db)  # and after reopening
    relink(store)
    check()

    # undo, latest first: the hidden entity comes back, then the split mention rejoins
    judging.undo(store)
    assert any(m.text == "Lima" for m in store.document_mentions(b))
    judging.undo(store)
    assert _entity(store, c, "Vladimiro Montesinos") == _entity(store, a, "Vladimiro Montesinos")
    exported = views.judgements(store, include_undone=True)
    assert [j.kind for j in exported] == ["same", "not_same", "split_mention", "hide"]
    assert [j.active for j in exported] == [True, True, False, False]
    store.close()


def test_one_more_article_links_incrementally(tmp_path: Path, shared_data: Path) -> None:
    """Importing one article next to real cables links its names without a full re-link."""
    csv.field_size_limit(1 << 30)
    rows = []
    with (shared_data / "cables" / "cables.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, escapechar="\\", doublequote=False):
            if "LIMA" in row[2]:
                rows.append(row)
            if len(rows) >= 120:
                break
    small = tmp_path / "cables.csv"
    with small.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerows(rows)
    store = Store(tmp_path / "inc.sqlite")
    import_paths(store, [small])
    before = store.counts().entities
    article = tmp_path / "new.txt"
    article.write_text("A new story\n\nThe cables show that Vladimir Montesinos kept his "
                       "influence in Lima, according to analysts.\n", encoding="utf-8")
    import_paths(store, [article])
    doc = store.conn.execute("SELECT id FROM documents WHERE source LIKE '%new.txt'").fetchone()[0]
    entity = _entity(store, doc, "Vladimir Montesinos")
    others = store.conn.execute(
        "SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = ?", (entity,)
    ).fetchone()[0]
    assert others > 1, "linked to the cables that name Vladimiro Montesinos"
    assert store.counts().entities <= before + 3
    store.close()
