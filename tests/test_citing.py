"""Which cable an article reports on, from the evidence its text holds: quotations, rare names
with the cable's origin or date, and nothing on a date alone. Cables generated here, articles
written here, in four languages."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader.cite import detect_citations
from reader.cite.dates import dates_in
from reader.cite.quotes import find_quotations
from reader.services.importer import import_paths
from reader.store import Store

# (ref id, created, origin, body): invented cables, each naming its own people
CABLES = [
    ("09LIMA301", "03/12/2009 17:05", "Embassy Lima",
     "1. (C) Congressman Teodoro Valdivieso Huaman told poloff that the regional police "
     "chief had sold seized fuel to traffickers in the valley for three years. He said the "
     "prosecutor would open a case before the end of the month. Valdivieso added that the "
     "army commander knew of the sales and did nothing to stop them.\nMCKINLEY"),
    ("09LIMA355", "03/20/2009 11:00", "Embassy Lima",
     "1. (U) The embassy hosted a reception for the trade delegation. Minister Rosa Elvira "
     "Quintanilla spoke about exports of asparagus and copper.\nMCKINLEY"),
    ("09QUITO210", "03/13/2009 09:30", "Embassy Quito",
     "1. (C) Congressman Teodoro Valdivieso Huaman of Peru visited Quito to meet border "
     "officials, who described the fuel trade along the frontier.\nHODGES"),
    ("09BOGOTA880", "03/12/2009 10:00", "Embassy Bogota",
     "1. (SBU) The Ministry of Agriculture presented its coffee figures for the year.\nBROWNFIELD"),
    ("07MADRID2210", "12/06/2007 12:00", "Embassy Madrid",
     "1. (C) Senator Eulalia Ferrandiz Soler told the ambassador that the prosecutor would "
     "appeal the ruling within the week.\nAGUIRRE"),
    ("07MADRID2198", "11/21/2007 12:00", "Embassy Madrid",
     "1. (C) Senator Eulalia Ferrandiz Soler discussed the budget with econoff and the "
     "regional elections of the spring.\nAGUIRRE"),
]


# the header column of the release: where a cable's routing indicator is learnt from
HEADERS = {"09LIMA301": "VZCZCXYZ0001\nOO RUEHWEB\n\nDE RUEHPE #0301/01 0711705\nZNY CCCCC "
                        "ZZH\nO 121705Z MAR 09\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC"}


def _write_cables(folder: Path) -> Path:
    path = folder / "cables.csv"
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL)
        for n, (ref, created, origin, body) in enumerate(CABLES, start=1):
            w.writerow([n, created, ref, origin, "CONFIDENTIAL", "", HEADERS.get(ref, ""), body])
    return path


@pytest.fixture
def index(tmp_path: Path) -> Store:
    store = Store(tmp_path / "i.sqlite")
    import_paths(store, [_write_cables(tmp_path / "cables")])
    yield store
    store.close()


def _cites(store: Store, tmp_path: Path, name: str, text: str) -> tuple[list[str], dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    import_paths(store, [path])
    row = next(r for r in store.iter_export_articles() if r.source.endswith(name))
    return list(row.cites), {"evidence": row.cite_evidence, "candidates": row.candidates}


def test_a_quoted_passage_points_at_the_cable_that_holds_it(index: Store, tmp_path: Path) -> None:
    text = ("Leaked cable on fuel smuggling\n\nAccording to WikiLeaks, a congressman said "
            "“the regional police chief had sold seized fuel to traffickers in the valley” "
            "and nobody acted.\n")
    cites, more = _cites(index, tmp_path, "q.txt", text)
    assert cites == ["09LIMA301"]
    assert more["evidence"][0]["kind"] == "quotation"


def test_a_translated_quotation_is_no_evidence(index: Store, tmp_path: Path) -> None:
    text = ("Cable filtrado\n\nSegún WikiLeaks, el cable dice que «el jefe policial regional "
            "vendía combustible incautado a los traficantes del valle».\n")
    cites, more = _cites(index, tmp_path, "t.txt", text)
    assert cites == [] and more["candidates"] == ()


def test_a_date_alone_proposes_no_cable(index: Store, tmp_path: Path) -> None:
    # a same-year cable from another post, and a same-day one: nothing but the date is shared
    text = ("A cable from March 12, 2009\n\nA WikiLeaks cable dated March 12, 2009 describes "
            "a quiet week.\n")
    cites, more = _cites(index, tmp_path, "d.txt", text)
    assert cites == [] and more["candidates"] == ()


def test_a_rare_name_with_the_origin_and_the_date_is_a_cite(index: Store,
                                                             tmp_path: Path) -> None:
    # Spanish: the congressman is named in a Lima cable and a Quito one; the embassy and the
    # month tell which
    text = ("Congresista vendía combustible, según WikiLeaks\n\nUn cable de la embajada de "
            "Estados Unidos en Lima, de marzo de 2009, cuenta que el congresista Teodoro "
            "Valdivieso Huaman habló con diplomáticos sobre el combustible incautado.\n")
    cites, more = _cites(index, tmp_path, "es.txt", text)
    assert cites == ["09LIMA301"]
    assert more["evidence"][0]["kind"] == "names"


def test_a_french_description_with_a_day_is_a_cite(index: Store, tmp_path: Path) -> None:
    # the senator is in two Madrid cables; the message's day says which
    text = ("Câbles WikiLeaks : la sénatrice et le procureur\n\nDans un message daté du 6 "
            "décembre 2007, l'ambassadeur rapporte que la sénatrice Eulalia Ferrandiz Soler "
            "attendait un appel du procureur.\n")
    cites, _ = _cites(index, tmp_path, "fr.txt", text)
    assert cites == ["07MADRID2210"]


def test_a_rare_name_alone_is_no_cite(index: Store, tmp_path: Path) -> None:
    # the same people, but neither the post nor a date: a story about them, not a source
    text = ("Perfil\n\nUn cable de WikiLeaks menciona a la senadora Eulalia Ferrandiz Soler, "
            "conocida por su carrera.\n")
    cites, _ = _cites(index, tmp_path, "perfil.txt", text)
    assert cites == []


def test_quotations_in_every_mark_and_cut_at_ellipses() -> None:
    text = ('He said "one two three four five six seven" and «un dos tres cuatro cinco seis» '
            'and “a b c d e f … g h i j k l” but "too short here".')
    got = [" ".join(q.words) for q in find_quotations(text)]
    assert got == ["one two three four five six seven", "un dos tres cuatro cinco seis",
                   "a b c d e f", "g h i j k l"]
    # a closing mark is not taken for an opening one
    text = 'los "individuos" amenazados por la lucha contra "Gobiernos de la region y otros".'
    assert [" ".join(q.words) for q in find_quotations(text)] == [
        "Gobiernos de la region y otros"]


@pytest.mark.parametrize("text, expected", [
    ("un message daté du 6 décembre 2007", (2007, 12, 6)),
    ("11 dez 2010 - 12h01", (2010, 12, 11)),
    ("em 3 de março de 2008", (2008, 3, 3)),
    ("enviado el 22 de agosto de 2009", (2009, 8, 22)),
])
def test_dates_in_four_languages(text: str, expected: tuple[int, int, int]) -> None:
    d = dates_in(text)[0]
    assert (d.year, d.month, d.day) == expected


@pytest.mark.parametrize("text, expected", [
    ("Dans un message daté du 6 Décembre 2007, Uribe explique", (2007, 12, 6)),
    ("segundo uma correspondência secreta datada de 2007.", (2007, None, None)),
    ("Y es el arranque de un informe secreto, enviado el 22 de agosto de 2009, en el que",
     (2009, 8, 22)),
])
def test_descriptions_in_french_portuguese_and_spanish(text: str, expected: tuple) -> None:
    found = [c for c in detect_citations(text) if c.kind == "descriptive"]
    assert [(c.year, c.month, c.day) for c in found] == [expected]


def test_a_reprint_s_routing_line_names_the_cable(index: Store, tmp_path: Path) -> None:
    # the indicator RUEHPE stands for Lima because an imported cable's header says so
    text = ("Leaked cable: the congressman and the fuel\n\nThe blog has published the whole "
            "cable that the embassy sent, and we reprint its opening lines below for our "
            "readers.\n\nDE RUEHPE #0301/01 0711705\nZNY CCCCC ZZH\nO 121705Z MAR 09\n"
            "FM AMEMBASSY LIMA\n\nA congressman spoke to the embassy of fuel sold to "
            "traffickers and of the police who did nothing to stop them.\n")
    cites, more = _cites(index, tmp_path, "routing.txt", text)
    assert cites == ["09LIMA301"] and more["evidence"][0]["kind"] == "routing"


def test_an_unknown_routing_indicator_names_nothing(index: Store, tmp_path: Path) -> None:
    text = ("Another reprint of a cable\n\nThe blog has published another cable, and we "
            "reprint its opening lines below for our readers.\n\nDE RUEHXX #0301/01 "
            "0711705\nZNY CCCCC ZZH\nO 121705Z MAR 09\n\nA quiet week in a faraway place, "
            "the cable says, with nothing to report to the department.\n")
    cites, _ = _cites(index, tmp_path, "unknown-routing.txt", text)
    assert cites == []


@pytest.mark.parametrize("phrase", [
    "the so-called Lima 355 cable",
    "The Lima 355 cable",
    "el cable Lima 355",
    "el llamado cable Lima 355",
    "o chamado telegrama «Lima 355»",
    "le câble dit « Lima 355 »",
])
def test_the_so_called_cable_is_found_by_post_and_serial(index: Store, tmp_path: Path,
                                                         phrase: str) -> None:
    text = f"Asparagus and copper\n\nWikiLeaks published {phrase} about exports.\n"
    cites, more = _cites(index, tmp_path, "so-called.txt", text)
    assert cites == ["09LIMA355"] and more["evidence"][0]["kind"] == "so_called"


def test_a_wikileaks_number_is_kept_as_cited(index: Store, tmp_path: Path) -> None:
    text = "A leak\n\nThe document, WikiLeaks ID 240473, was published in December.\n"
    cites, more = _cites(index, tmp_path, "number.txt", text)
    assert cites == ["WikiLeaks #240473"]
    assert more["evidence"][0]["kind"] == "wikileaks_id"


def test_a_year_beside_a_post_is_no_serial() -> None:
    from reader.cite.forms import find_so_called

    assert find_so_called("the Lima 2009 cable and the March 2009 cable") == []


def test_a_case_file_s_document_number_is_no_wikileaks_number() -> None:
    from reader.cite.forms import find_wikileaks_numbers

    assert find_wikileaks_numbers("Case Control No. 200404239, Document Number 000001") == []
    assert [n.number for n in find_wikileaks_numbers("cable no. 240473")] == [240473]
