"""Cable citations: reference ids, URLs, reprinted headers, REF lines, descriptions."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cite import Citation, canonical_ref_id, detect_citations, origin_matches
from reader.cite.dates import dates_in
from reader.cite.posts import KNOWN_POSTS, is_known_post


def kinds(text: str, doc_date: str | None = None) -> list[tuple[str, str | None]]:
    return [(c.kind, c.ref_id) for c in detect_citations(text, doc_date)]


def only(text: str, kind: str, doc_date: str | None = None) -> Citation:
    found = [c for c in detect_citations(text, doc_date) if c.kind == kind]
    assert len(found) == 1, found
    return found[0]


def assert_offsets(text: str, citations: list[Citation]) -> None:
    for c in citations:
        assert text[c.start : c.end] == c.text
        for s, e in c.spans:
            assert 0 <= s < e <= len(text)


# -- reference ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("09LIMA345", "09LIMA345"),
        ("09 LIMA 345", "09LIMA345"),
        ("09LIMA0345", "09LIMA345"),
        ("09-LIMA-345", "09LIMA345"),
        ("09BUENOSAIRES1272", "09BUENOSAIRES1272"),
        ("09 BUENOS AIRES 1272", "09BUENOSAIRES1272"),
        ("06STATE12345", "06STATE12345"),
        ("10USUNNEWYORK12", "10USUNNEWYORK12"),
        ("07 STATE 012345", "07STATE12345"),
        ("08 MEXICO 4410", "08MEXICO4410"),
        ("89MOSCOW5", "89MOSCOW5"),
    ],
)
def test_every_written_form_of_an_id_is_canonical(written, canonical):
    text = f"The newspaper quoted cable {written}, which it obtained from WikiLeaks."
    c = only(text, "ref_id")
    assert c.ref_id == canonical
    assert c.text == written
    assert c.confidence == 1.0
    assert canonical_ref_id(written) == canonical


def test_canonical_ref_id_rejects_what_is_not_an_id():
    assert canonical_ref_id("09lima345") == "09LIMA345"
    assert canonical_ref_id(" 09 Buenos Aires 01272 ") == "09BUENOSAIRES1272"
    for bad in ("2010ABC123", "09LIMA", "LIMA345", "09LIMA0", "45LIMA12", "09 FOO 12",
                "09LIMA1234567", "", "09MAY2009"):
        assert canonical_ref_id(bad) is None, bad


def test_a_made_up_id_is_still_an_id():
    # whether it was imported is for the caller to say
    text = "A cable numbered 10LIMA99999 does not exist in the release."
    assert kinds(text) == [("ref_id", "10LIMA99999")]


def test_an_unknown_post_counts_in_the_compact_form_only():
    assert kinds("Cable 08ZANZIBAR12 was cited.") == [("ref_id", "08ZANZIBAR12")]
    assert only("Cable 08ZANZIBAR12 was cited.", "ref_id").confidence < 1.0
    assert kinds("Cable 08 ZANZIBAR 12 was cited.") == []


def test_several_ids_and_their_offsets():
    text = "Cables 09LIMA345 and 09 LIMA 1667 (and again 09LIMA345) were published."
    found = detect_citations(text)
    assert [c.ref_id for c in found] == ["09LIMA345", "09LIMA1667", "09LIMA345"]
    assert_offsets(text, found)
    assert found[0].origin == "Lima" and found[0].year == 2009 and found[0].serial == 345


# -- URLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/cable/2009/03/09LIMA345.html",
        "https://wikileaks.org/plusd/cables/09LIMA345_a.html",
        "wikileaks.org/plusd/cables/09LIMA345_a.html",
        "http://cablegatesearch.net/cable.php?id=09LIMA345",
        "http://cablegate.wikileaks.org/cable/2009/03/09LIMA345.html",
    ],
)
def test_wikileaks_cable_urls(url):
    text = f"The original is at {url}. Read it."
    c = only(text, "url")
    assert c.ref_id == "09LIMA345"
    assert c.text == url
    assert kinds(text) == [("url", "09LIMA345")]  # the id inside is not counted again


def test_a_url_without_a_cable_is_no_citation():
    assert kinds("See https://www.example.com/news/2010/12/article-2010123.html now.") == []


# -- reprinted headers --------------------------------------------------------------------------

REPRINT = """\
The embassy's message, as published by the newspaper, begins:

VZCZCXYZ0007
PP RUEHWEB

DE RUEHPE #0345/01 0712157
ZNY SSSSS ZZH
P 122157Z MAR 09
FM AMEMBASSY LIMA
TO RUEHC/SECSTATE WASHDC PRIORITY 0184

S E C R E T SECTION 01 OF 03 LIMA 000345

NOFORN
SIPDIS

E.O. 12958: DECL: 03/13/2034
TAGS: PGOV PREL PINR SNAR PE
SUBJECT: A MADE-UP SUBJECT LINE FOR THIS TEST

REF: A. LIMA 1865
B. IIR 6 876 0037 08
C. 08 STATE 112233

Classified By: a made-up officer, reasons 1.4 (b) and (d).

1. (S/NF) Summary: text written for the test, about nothing at all.
"""


def test_a_header_takes_its_year_from_the_date_time_group():
    c = only(REPRINT, "header")
    assert c.ref_id == "09LIMA345"
    assert (c.year, c.month, c.day) == (2009, 3, 12)
    assert c.basis == "date_line"
    assert c.confidence >= 0.9
    assert c.text == "S E C R E T SECTION 01 OF 03 LIMA 000345"


def test_ref_lines_are_references_to_other_cables():
    refs = [c for c in detect_citations(REPRINT) if c.kind == "reference"]
    assert [c.ref_id for c in refs] == ["08LIMA1865", "08STATE112233"]
    # LIMA 1865 has no year: the citing cable's, minus one as 1865 > 345 (serials restart)
    assert refs[0].confidence < refs[1].confidence == 1.0
    assert all(c.kind != "ref_id" for c in detect_citations(REPRINT))  # no IIR, no E.O.


def test_the_declassification_date_is_not_the_cables_year():
    text = ("C O N F I D E N T I A L LIMA 001667\n\nE.O. 12958: DECL: 2019/11/25\n"
            "TAGS: SNAR MX PE\nSUBJECT: MADE UP\n")
    c = only(text, "header")
    assert c.year is None and c.ref_id is None and c.post == "LIMA" and c.serial == 1667
    c = only(text, "header", doc_date="2010-12-01")
    assert (c.ref_id, c.basis, c.confidence) == ("10LIMA1667", "doc_date", 0.3)


def test_a_header_takes_the_year_the_article_mentions_before_it():
    text = ("The cable, from November 2009, reads in part:\n\n"
            "C O N F I D E N T I A L LIMA 001667\n\nE.O. 12958: DECL: 2019/11/25\n")
    c = only(text, "header", doc_date="2010-12-01")
    assert (c.ref_id, c.basis) == ("09LIMA1667", "nearby_year")
    assert 0.3 < c.confidence < 0.9


def test_a_bare_header_line():
    text = "Some introduction from 2008.\n\nUNCLAS\nBOGOTA 004036\n\nSIPDIS\n"
    assert kinds(text) == [("header", "08BOGOTA4036")]
    text = "Classified headers are reprinted:\nBUENOS AIRES 001272\nE.O. 12958: N/A\n"
    assert kinds(text, "2009-10-02") == [("header", "09BUENOSAIRES1272")]


def test_the_cables_own_body_in_cables_csv(shared_data):
    csv.field_size_limit(2**31 - 1)
    path = shared_data / "cables" / "cables.csv"
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, escapechar="\\", doublequote=False):
            if row[2] == "09LIMA345":
                break
        else:
            pytest.skip("09LIMA345 not in cables.csv")
    found = detect_citations(row[7], "2009-03-12")
    header = next(c for c in found if c.kind == "header")
    assert header.ref_id == "09LIMA345"
    refs = {c.ref_id for c in found if c.kind == "reference"}
    assert {"08LIMA1865", "08LIMA1640"} <= refs
    assert not any(c.kind == "ref_id" and c.post == "IIR" for c in found)


# -- descriptive --------------------------------------------------------------------------------


def desc(text: str) -> list[tuple[int | None, int | None, int | None, str | None]]:
    found = [c for c in detect_citations(text) if c.kind == "descriptive"]
    assert_offsets(text, found)
    return [(c.year, c.month, c.day, c.origin) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A March 2009 U.S. diplomatic cable from Lima describes the army's finances.",
         (2009, 3, None, "Lima")),
        ("The document dated 12 March 2009 is signed by the ambassador.",
         (2009, 3, 12, None)),
        ("According to a cable sent from the US embassy in Lima in November 2009, the agency "
         "asked for help.", (2009, 11, None, "Lima")),
        ("A 2009 U.S. diplomatic cable describes the plan. The embassy in Mexico City wrote that "
         "the cartels were spreading.", (2009, None, None, "Mexico")),
        ("In a 2008 cable, the US Embassy in Buenos Aires reported on the talks.",
         (2008, None, None, "Buenos Aires")),
        ("The Bogota embassy cable of October 14, 2007 was classified secret.",
         (2007, 10, 14, "Bogota")),
        ("A cable from the U.S. Embassy in Peru, dated March 12, 2009, says so.",
         (2009, 3, 12, "Lima")),
        ("A memo written in February 2010 by the US consulate in Sao Paulo describes it.",
         (2010, 2, None, "Sao Paulo")),
    ],
)
def test_descriptive_citations_in_english(text, expected):
    assert desc(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El diario citó un cable diplomático de la embajada de Estados Unidos en Lima, fechado "
         "en marzo de 2009.", (2009, 3, None, "Lima")),
        ("Según un cable de 2009, el ministro lo sabía.", (2009, None, None, None)),
        ("Un cable enviado desde Bogotá el 3 de febrero de 2008 lo confirma.",
         (2008, 2, 3, "Bogota")),
        ("El documento, fechado el 12 de marzo de 2009, fue redactado por la embajada "
         "estadounidense en Quito.", (2009, 3, 12, "Quito")),
        ("Un despacho de la embajada norteamericana en México, de noviembre de 2009, lo "
         "detalla.", (2009, 11, None, "Mexico")),
    ],
)
def test_descriptive_citations_in_spanish(text, expected):
    assert desc(text) == [expected]


def test_date_and_place_in_adjacent_sentences_are_one_document():
    text = ("A March 2009 cable from Lima describes the scheme. The document, dated 12 March "
            "2009, names three generals.")
    assert desc(text) == [(2009, 3, 12, "Lima")]


def test_different_documents_stay_apart():
    text = ("A 2008 cable from Lima describes the first meeting. Another cable, from 2009, "
            "describes the second.")
    assert desc(text) == [(2008, None, None, "Lima"), (2009, None, None, None)]


def test_a_date_that_is_not_the_documents_is_not_taken():
    text = "The cable says officials met on November 13, 2009 in a Lima hotel."
    assert desc(text) == []
    text = "The cable was sent last year. Officials met on November 13, 2009."
    assert desc(text) == []


def test_a_foreign_embassy_is_not_the_sender():
    text = "The Mexican embassy in Lima issued a statement. A 2009 cable described the visit."
    assert desc(text) == [(2009, None, None, None)]


def test_no_description_without_a_year_or_a_sender():
    assert desc("The cable says the army was corrupt. The document is long.") == []
    assert desc("He watched the 2009 cable TV debate.") == []
    assert desc("They signed a Memorandum of Understanding in 2009.") == []


def test_an_explicit_id_in_the_sentence_wins_over_the_description():
    text = ("A confidential cable, 09LIMA345, sent from the embassy in Lima in March 2009, "
            "described the ties in detail.")
    assert kinds(text) == [("ref_id", "09LIMA345")]


def test_seed_article_000(shared_data):
    text = (shared_data / "seeds" / "000_282738029e04aca8.txt").read_text(encoding="utf-8")
    found = detect_citations(text, "2010-12-13")
    assert_offsets(text, found)
    assert any(c.kind == "quotation" for c in found)  # (the seed quotes the cable)
    found = [c for c in found if c.kind != "quotation"]
    assert [c.kind for c in found] == ["descriptive"]
    c = found[0]
    # "A March 2009 U.S. diplomatic cable from Lima" + "the document dated 12 March 2009"
    assert (c.year, c.month, c.day, c.origin, c.post) == (2009, 3, 12, "Lima", "LIMA")
    assert c.text == "March 2009 U.S. diplomatic cable from Lima"


def test_seed_article_003(shared_data):
    text = (shared_data / "seeds" / "003_2ae2b84cfdc96f55.txt").read_text(encoding="utf-8")
    found = [c for c in detect_citations(text, "2010-12-13") if c.kind != "quotation"]
    assert [c.kind for c in found] == ["descriptive"]
    c = found[0]
    # "citing a 2009 U.S. diplomatic cable it received from Wikileaks"; the next sentence
    # names only "the US Embassy's Narcotics Affairs Section", no city: the sender is implied
    # (the article is about Peru) but never written, so it stays None. The meeting date in
    # that sentence (November 13, 2009) is the meeting's, not the cable's.
    assert (c.year, c.month, c.day, c.origin) == (2009, None, None, None)


# -- look-alikes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The hearing was on 2009/03/12, postponed from 12/03/2009 at 21:09.",
        "Call the embassy on +51 1 618 2000 or the department on (202) 647-4000.",
        "ISBN 978-0-14-312854-0, 320 pages, $24.95 or 2,300 soles.",
        "E.O. 12958: DECL: 03/13/2034",
        "TAGS: PGOV PREL PINR PTER SNAR KCRM PE",
        "B. IIR 6 876 0037 08",
        "Download report-09ABC12.pdf or read article-2010123 and file 10LIMA345.doc.",
        "Ticket 2010ABC123 was issued on 09MAY2009 at 0930Z, flight 10DEC09.",
        "P 122157Z MAR 09\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC PRIORITY 0184",
        "Posted 13 Dec 2010 09:41 by staff; 1,091 readers; 25 comments.",
    ],
)
def test_no_citation_from_look_alikes(text):
    assert detect_citations(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In May 2009 the embassy wrote.", [(2009, 5)]),
        ("the figures may 2009 differ", []),  # a common word: a month only with a capital
        ("en Set. 2009", [(2009, 9)]),
        ("un cable de set. 2009", []),
        ("Out 2009", [(2009, None)]),  # Portuguese October: not a month word in prose here
    ],
)
def test_month_words_that_are_also_common_words(text, expected):
    assert [(d.year, d.month) for d in dates_in(text)] == expected


def test_posts():
    assert len(KNOWN_POSTS) >= 250
    assert {"LIMA", "BUENOSAIRES", "MEXICO", "STATE", "USUNNEWYORK"} <= KNOWN_POSTS
    assert "SECSTATE" not in KNOWN_POSTS
    assert is_known_post("Buenos Aires") and is_known_post("SECSTATE")
    assert origin_matches("Lima", "Embassy Lima")
    assert origin_matches("Mexico", "Embassy Mexico")
    assert origin_matches("Sao Paulo", "Consulate Sao Paulo")
    assert not origin_matches("Mexico", "Consulate Monterrey")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("09 LIMA345-/.:\nREFCOS cabledocument2009March")),
               max_size=300))
def test_offsets_always_hold(text):
    assert_offsets(text, detect_citations(text, "2010-01-01"))


def test_no_textual_import():
    code = ("import sys, reader.cite, reader.dedup; "
            "print([m for m in sys.modules if m.startswith(('textual', 'reader.ui'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
