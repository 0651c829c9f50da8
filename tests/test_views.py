"""The views service (`reader.services.views`) and the exports service on a real small index
built with the importer: what each pane and each reading command gets."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import asdict, fields
from pathlib import Path

import pytest

from reader.rows import ArticleExport, EntityExport, MentionExport, SearchHit
from reader.services import open_index, views
from reader.services.exports import export_fields, iter_export, record
from reader.services.importer import import_paths
from reader.store import Store, StoreError
from reader.store.reads import snippet_spans

# our own prose: a cable, an article that cites it, the same article republished elsewhere,
# and an unrelated Spanish article that names the same man

CABLE_BODY = """\
C O N F I D E N T I A L LIMA 000999

SUBJECT: OLD NETWORKS IN THE SECURITY SERVICES

1. (C) Summary: Officers who served under Vladimiro Montesinos still trade favours with
businessmen and judges in Lima, several prosecutors told embassy staff. Files on drug flights
have gone missing from the archives of the national police. End summary.

2. (C) Prosecutors said that Montesinos keeps contacts inside the prison system and that
some of those contacts still answer his calls.
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

According to the cable, prosecutors in Lima told embassy staff that Montesinos kept contacts
inside the prison system, and that some of those contacts still answered his calls. Analysts
said the document confirmed what many reporters had long suspected about the reach of the
former adviser, whose influence outlasted the government he once served.
"""

COPY = ARTICLE.replace("title: Envoy warns of old networks in Lima",
                       "title: Old networks still reach Lima, cable says").replace(
    "outlet: The Daily Example", "outlet: The Weekly Mirror").replace(
    "date: 2011-02-10", "date: 2011-02-12")

SPANISH = """\
---
title: Elecciones en el Perú
outlet: Diario de Prueba
date: 2011-03-01
---
El presidente Alan García visitó Cusco y Arequipa el miércoles. Según el diario, García habló
con los alcaldes sobre la minería y el agua. Nadie habló del ex asesor Vladimiro Montesinos
durante la reunión, y el tema de la corrupción quedó para otro día.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    root = tmp_path_factory.mktemp("views")
    folder = root / "in"
    folder.mkdir()
    (folder / "article.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "copy.md").write_text(COPY, encoding="utf-8")
    (folder / "spanish.md").write_text(SPANISH, encoding="utf-8")
    with (folder / "cables.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerow(
            ["1", "03/12/2009 21:09", "09LIMA999", "Embassy Lima", "CONFIDENTIAL", "",
             "", CABLE_BODY])
    index = open_index(root / "index.sqlite")
    summary = import_paths(index, [folder])
    assert summary.imported == 4 and summary.ok, summary
    yield index
    index.close()


def doc_id(store: Store, title: str) -> int:
    return next(r.id for r in views.document_list(store) if r.title == title)


def test_document_list_puts_articles_first(store: Store) -> None:
    rows = views.document_list(store)
    assert [r.kind for r in rows] == ["article"] * 3 + ["cable"]
    assert rows[-1].ref_id == "09LIMA999" and rows[-1].origin == "Embassy Lima"
    assert rows[0].date is not None and rows[0].date >= (rows[1].date or "")


def test_document_view_of_an_article(store: Store) -> None:
    article = doc_id(store, "Envoy warns of old networks in Lima")
    view = views.document_view(store, article)
    assert view is not None and not view.is_cable
    assert view.document.outlet == "The Daily Example"
    assert [m.start for m in view.mentions] == sorted(m.start for m in view.mentions)
    for m in view.mentions:
        assert view.document.body[m.start:m.end] == m.text
    assert "Vladimiro Montesinos" in {m.entity_name for m in view.mentions}
    (cite,) = view.cites
    assert cite.ref_id == "09LIMA999" and cite.status == "explicit"
    cable = next(r for r in views.document_list(store) if r.kind == "cable")
    assert cite.cable_id == cable.id and cite.title == cable.title
    # the republished copy covers the same cable; it is marked as a copy
    others = view.coverage["09LIMA999"]
    copy = doc_id(store, "Old networks still reach Lima, cable says")
    assert [a.id for a in others] == [copy]
    assert others[0].duplicate_of == article
    assert [c.id for c in view.copies] == [copy]


def test_document_view_of_a_cable_lists_its_coverage(store: Store) -> None:
    cable = next(r.id for r in views.document_list(store) if r.kind == "cable")
    view = views.document_view(store, cable)
    assert view is not None and view.is_cable and view.cites == ()
    titles = {a.title for a in view.covered_by()}
    assert titles == {"Envoy warns of old networks in Lima",
                      "Old networks still reach Lima, cable says"}
    assert views.document_view(store, 10_000) is None


def test_xref_view_explains_each_link(store: Store) -> None:
    article = doc_id(store, "Envoy warns of old networks in Lima")
    view = views.document_view(store, article)
    assert view is not None
    mont = next(m for m in view.mentions if m.text == "Vladimiro Montesinos")
    xref = views.xref_view(store, mont.entity_id, article)
    assert xref is not None
    assert xref.entity.name == "Vladimiro Montesinos" and xref.entity.type == "person"
    assert xref.entity.documents == 4
    others = {e.row.document_id for e in xref.elsewhere}
    assert article not in others and len(others) == 3
    assert [e.row.kind for e in xref.elsewhere][-1] == "cable"  # articles first
    for e in xref.elsewhere:
        assert e.row.context[e.row.start - e.row.context_start:
                             e.row.end - e.row.context_start] == e.row.text
        assert e.link.kind in ("same_name", "fuzzy", "chain", "confirmed") and e.link.text
    assert views.xref_view(store, 10_000, article) is None


def test_entity_mentions_takes_any_spelling_of_the_name(store: Store) -> None:
    rows = views.entity_mentions(store, "MONTESINOS")
    assert rows and {r.entity_name for r in rows} == {"Vladimiro Montesinos"}
    assert {r.text for r in rows} == {"Vladimiro Montesinos", "Montesinos"}
    for r in rows:
        assert r.text in r.context
        assert r.link.text
    short = next(r for r in rows if r.text == "Montesinos")
    assert "short form" in short.link.text
    # the JSON of `mentions --json`: these keys, in this order, the link nested
    assert list(asdict(rows[0])) == [
        "article_id", "title", "source", "start", "end", "text", "type", "entity_id",
        "entity_name", "context", "mention_id", "cluster_id", "link"]
    assert list(asdict(rows[0])["link"]) == ["kind", "score", "text"]
    assert views.entity_mentions(store, "Nobody Atall") == []
    assert views.entity_mentions(store, "  ") == []


def test_search_snippets_come_in_spans(store: Store) -> None:
    hits = views.search(store, "prosecutors")
    assert len(hits) == 3  # the cable, the article and its copy
    for hit in hits:
        assert isinstance(hit, SearchHit)
        assert ("prosecutors", True) in hit.snippet or ("Prosecutors", True) in hit.snippet
        assert "\x02" not in hit.snippet_text and "\x03" not in hit.snippet_text
        assert not any(text == "" for text, _ in hit.snippet)
    with pytest.raises(StoreError, match="bad search query"):
        views.search(store, '"unbalanced')


def test_snippet_spans() -> None:
    assert snippet_spans("a \x02b\x03 c \x02d\x03\x02e\x03") == (
        ("a ", False), ("b", True), (" c ", False), ("de", True))
    assert snippet_spans("") == ()


def test_find_for_the_palette_and_merge(store: Store) -> None:
    found = views.find(store, "09LIMA999")
    assert [d.kind for d in found.documents] == ["cable"]
    found = views.find(store, "Montesinos")
    (ent,) = [e for e in found.entities if e.name == "Vladimiro Montesinos"]
    assert ent.document_id is not None and ent.mention_id is not None
    assert views.find(store, "M") == views.Found((), ())
    assert all(e.id != ent.id for e in views.find_entities(store, "Montesinos",
                                                           exclude=ent.id))


def test_exports_take_their_fields_from_the_rows(store: Store) -> None:
    assert export_fields("mentions") == tuple(f.name for f in fields(MentionExport)) == (
        "article_id", "source", "title", "start", "end", "text", "type", "entity_id",
        "entity_name")
    assert export_fields("articles") == tuple(f.name for f in fields(ArticleExport))
    assert export_fields("entities") == tuple(f.name for f in fields(EntityExport)) == (
        "entity_id", "name", "type", "aliases", "articles", "mentions")
    assert export_fields("judgements") == ("id", "created", "kind", "a", "b", "value",
                                           "active", "describe", "documents", "ref_id")
    articles = [record(r) for r in iter_export(store, "articles")]
    by_title = {str(a["title"]): a for a in articles}
    original = by_title["Envoy warns of old networks in Lima"]
    assert original["cites"] == ["09LIMA999"] and original["duplicate_of"] is None
    assert by_title["Old networks still reach Lima, cable says"]["duplicate_of"] == (
        original["article_id"])
    entities = [record(r) for r in iter_export(store, "entities")]
    mont = next(e for e in entities if e["name"] == "Vladimiro Montesinos")
    assert mont["aliases"] == ["Montesinos"]
    with pytest.raises(ValueError, match="unknown export"):
        iter_export(store, "nothing")


def test_views_of_an_empty_index(tmp_path: Path) -> None:
    """A fresh, empty index: every view answers, with nothing."""
    index = open_index(tmp_path / "empty.sqlite")
    try:
        assert views.document_list(index) == []
        assert views.search(index, "Lima") == []
        assert views.judgements(index) == []
        assert list(iter_export(index, "mentions")) == []
    finally:
        index.close()


# -- issue 11 --------------------------------------------------------------------------------


def test_covered_by_counts_copies_apart(store: Store) -> None:
    view = views.document_view(store, doc_id(store, "OLD NETWORKS IN THE SECURITY SERVICES"))
    assert view is not None
    assert len(view.covered_by()) == 2  # the rows stay: the article and its copy
    count = view.coverage_count()
    assert (count.articles, count.copies, count.samples) == (1, 1, 0)
    assert count.text == "Covered by 1 article (and 1 copy)"
    # for the article: its copy is no other coverage of the cable
    article = views.document_view(store, doc_id(store, "Envoy warns of old networks in Lima"))
    assert article is not None
    assert article.coverage_count("09LIMA999").text == "Covered by 0 articles (and 1 copy)"


def test_coverage_count_puts_samples_apart() -> None:
    from reader.rows import CoverageRow

    rows = [CoverageRow(1, "a", None, None, "explicit", 1.0, None),
            CoverageRow(2, "b", None, None, "explicit", 1.0, None, sample=True),
            CoverageRow(3, "c", None, None, "explicit", 1.0, 2, sample=True),
            CoverageRow(4, "d", None, None, "likely", 0.7, 99)]  # copy of one not listed
    count = views.coverage_count(rows)
    assert (count.articles, count.copies, count.samples) == (2, 0, 2)
    assert count.text == "Covered by 2 articles (and 2 samples)"


def test_the_list_marks_copies(store: Store) -> None:
    rows = {r.title: r for r in views.document_list(store)}
    original = rows["Envoy warns of old networks in Lima"]
    assert rows["Old networks still reach Lima, cable says"].copy_of == original.id
    assert original.copy_of is None
    assert not any(r.sample for r in rows.values())


def test_search_hits_carry_ref_id_outlet_and_where_the_hit_is(store: Store) -> None:
    hits = {h.id: h for h in views.search(store, "prosecutors")}
    cable = doc_id(store, "OLD NETWORKS IN THE SECURITY SERVICES")
    assert hits[cable].ref_id == "09LIMA999"
    article = doc_id(store, "Envoy warns of old networks in Lima")
    assert hits[article].outlet == "The Daily Example" and hits[article].ref_id is None
    for hit in hits.values():
        doc = store.get_document(hit.id)
        assert doc is not None and hit.hit_start is not None
        assert doc.body[hit.hit_start:].lower().startswith("prosecutors")
        assert "prosecutors" not in doc.body[:hit.hit_start].lower()  # the first one
    # a phrase: the first word of its first match; a hit in the title only: no offset
    (hit,) = [h for h in views.search(store, '"trade favours"')]
    doc = store.get_document(hit.id)
    assert doc is not None and hit.hit_start is not None
    assert doc.body[hit.hit_start:].startswith("trade favours")
    titled = views.search(store, "title : Elecciones")
    assert [h.hit_start for h in titled] == [None]


def test_lookup_says_which_entity_it_chose(store: Store) -> None:
    found = views.lookup_entity(store, "Vladimiro")
    assert found.chosen is not None and found.chosen.name == "Vladimiro Montesinos"
    assert found.text.startswith("showing Vladimiro Montesinos (person, 4 documents)")
    assert {m.entity_id for m in found.mentions} == {found.chosen.id}
    garcia = views.lookup_entity(store, "garcia")  # accents folded
    assert garcia.chosen is not None and garcia.chosen.name == "Alan García"
    assert views.lookup_entity(store, "Nobody Atall").text == (
        "no person, group or place by that name")
