"""reader.text: folding, month names, name words and the cable format (the bottom layer)."""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from reader.text import cables, months, names
from reader.text.fold import fold, fold_same_length, strip_accents

TEXT_PACKAGE = Path(__file__).resolve().parents[1] / "reader" / "text"

# -- the layer ------------------------------------------------------------------------------


def test_text_imports_nothing_else_from_reader():
    for path in TEXT_PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                targets = [node.module or ""] if node.level == 0 else ["reader.text"]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target == "reader" or target.startswith("reader."):
                    assert target.startswith("reader.text"), f"{path.name} imports {target}"


# -- folding --------------------------------------------------------------------------------


def test_fold_strips_accents_case_and_extra_space():
    assert fold("Bogotá") == "bogota"
    assert fold("  José   María\tDÍAZ ") == "jose maria diaz"
    assert fold("O’Brien") == "o'brien"
    assert fold("Straße") == "strasse"
    assert fold("Lima") == "lima"


def test_strip_accents_keeps_case():
    assert strip_accents("Perú, Apurímac, São Paulo") == "Peru, Apurimac, Sao Paulo"


def test_fold_same_length_keeps_every_offset():
    text = "“Bogotá” — la embajada de EE.UU. en Perú’s capital\u00a0ñ"
    folded = fold_same_length(text)
    assert len(folded) == len(text)
    assert folded == "\"Bogota\" - la embajada de EE.UU. en Peru's capital n"


# -- months ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", months.LANGUAGES)
def test_every_language_names_twelve_months(language):
    table = months.month_numbers((language,), abbreviations=False)
    assert sorted(set(table.values())) == list(range(1, 13))


def test_every_month_word_maps_to_one_month_in_1_to_12():
    seen: dict[str, int] = {}
    for language in months.LANGUAGES:
        for word, number in months.month_numbers((language,), unaccented=True).items():
            assert 1 <= number <= 12
            assert word == word.lower()
            assert seen.setdefault(word, number) == number, f"{word} names two months"


def test_month_numbers_examples():
    every = months.month_numbers(unaccented=True)
    assert every["février"] == every["fevrier"] == every["fev"] == 2
    assert every["março"] == every["marco"] == 3
    assert every["setiembre"] == every["sept"] == every["set"] == 9
    assert every["out"] == 10
    assert every["dic"] == every["dez"] == every["décembre"] == 12
    english = months.month_numbers(("en",))
    assert "enero" not in english and english["may"] == 5


def test_ambiguous_month_words_are_month_words():
    assert set(months.AMBIGUOUS_MONTH_WORDS).issubset(months.month_numbers())
    assert "out" in months.AMBIGUOUS_MONTH_WORDS
    assert "out" not in months.month_numbers(("en", "es"))


def test_military_months():
    assert months.MILITARY_MONTHS[0] == "JAN" and months.MILITARY_MONTHS[8] == "SEP"
    assert len(months.MILITARY_MONTHS) == 12


# -- names ----------------------------------------------------------------------------------


def test_titles_and_abbreviations():
    for short in names.TITLE_ABBREVIATIONS:
        assert f"{short}." in names.PERSON_TITLES
    assert "gen" in names.PERSON_TITLES and "st." in names.PERSON_TITLES
    assert "st" not in names.PERSON_TITLES
    assert {"ambassador", "presidente", "fr."} <= names.PERSON_TITLES
    assert not names.NAME_SUFFIXES & names.PERSON_TITLES
    assert {"de la", "van", "bin"} <= names.PERSON_PARTICLES
    assert {"of", "para", "&"} <= names.GROUP_CONNECTORS


# -- the cable format -------------------------------------------------------------------------


def test_years_of_the_release():
    assert cables.year_of_two_digits(9) == 2009
    assert cables.year_of_two_digits(66) == 1966
    assert cables.year_of_two_digits(11) == 2011
    assert cables.year_of_two_digits(12) is None
    assert cables.year_of_two_digits(65) is None
    assert cables.plausible_year(1966) and cables.plausible_year(2010)
    assert not cables.plausible_year(1965) and not cables.plausible_year(2012)


def test_reference_id_grammar():
    assert cables.ref_id(2009, "LIMA", 345) == "09LIMA345"
    assert cables.ref_id(1966, "BUENOSAIRES", 2481) == "66BUENOSAIRES2481"
    assert cables.ref_id_year("09LIMA345") == 2009
    assert cables.is_ref_id("09LIMA345")
    assert cables.is_ref_id("08SECTION01GF02BISHIEK21")  # garbled, but in the release
    assert not cables.is_ref_id("09lima345")
    assert not cables.is_ref_id("2009LIMA345")
    assert not cables.is_ref_id("09LIMA")
    assert cables.valid_serial("0345") and cables.valid_serial("123456")
    assert not cables.valid_serial("0") and not cables.valid_serial("1234567")
    assert cables.valid_year_digits("09") and not cables.valid_year_digits("45")


def test_header_lines():
    m = cables.MARKED_HEADER_RE.search("C O N F I D E N T I A L SECTION 01 OF 02 LIMA 001667")
    assert m and m.group("post") == "LIMA" and m.group("serial") == "001667"
    m = cables.MARKED_HEADER_RE.search("UNCLAS SIPDIS BUENOS AIRES 000123")
    assert m and m.group("post") == "BUENOS AIRES"
    m = cables.BARE_HEADER_RE.search("text\nLIMA 000345 NOFORN\nmore")
    assert m and m.group("serial") == "000345"
    m = cables.DTG_RE.search("P 191710Z DEC 08")
    assert m and (m.group("day"), m.group("mon"), m.group("yy")) == ("19", "DEC", "08")
    m = cables.ROUTING_RE.search("DE RUEHPE #1938/01 3541710")
    assert m and m.group("serial") == "1938"


@pytest.mark.parametrize("line", [
    "C O N F I D E N T I A L LIMA 001667",
    "SECRET SECTION 01 OF 02 LIMA 000345",
    "DE RUEHPE #1938/01 3541710",
    "P 191710Z DEC 08",
    "FM AMEMBASSY LIMA",
    "TO SECSTATE WASHDC PRIORITY 9999",
    "E.O. 12958: DECL: 03/13/2034",
    "TAGS: PGOV PREL SNAR PE",
    "REF: A. LIMA 1865",
    "SIPDIS",
    "2. (C)",
])
def test_telegram_lines(line):
    assert cables.TELEGRAM_LINE_RE.match(line)


@pytest.mark.parametrize("line", [
    "1. (C) Summary: President Garcia met the Ambassador.",
    "The Embassy in Lima reported on the elections.",
    "Secretary Clinton arrived on Monday.",
])
def test_prose_is_no_telegram_line(line):
    assert not cables.TELEGRAM_LINE_RE.match(line)


def test_cable_subject_and_portion_marking():
    body = ("E.O. 12958: DECL: 03/13/2034\nTAGS: PGOV PE\nSUBJECT: (C) PERU: THE LONG\n"
            "   SUBJECT LINE\nREF: LIMA 1865\n\n1. (C) Summary ...")
    subject = cables.cable_subject(body)
    assert subject == "(C) PERU: THE LONG SUBJECT LINE"
    assert cables.strip_portion_marking(subject) == "PERU: THE LONG SUBJECT LINE"
    assert cables.cable_subject("no subject here") is None


def test_a_cable_s_post_tells_its_country() -> None:
    from reader.text.cables import post_country

    assert post_country("Embassy San Jose") == "cri"  # the capital, not California's city
    assert post_country("Embassy Mexico") == "mex"  # the country's name (Mexico City)
    assert post_country("Consulate Sao Paulo") == "bra"
    assert post_country("Embassy Port Au Prince") == "hti"
    assert post_country("Secretary of State") is None
    assert post_country(None) is None


# -- word frequencies ------------------------------------------------------------------------


def test_frequency_tables_give_what_wordfreq_gives():
    from wordfreq import iter_wordlist, zipf_frequency

    from reader.text.frequency import LEAST_ZIPF, zipf_at_least, zipf_table

    listed = list(itertools.islice(iter_wordlist("es"), 0, 60_000, 150))
    asked = [*listed, "qaddafi", "fujimori", "xyzzy", "al-qaeda", "o'neill", "Summit", "rene",
             "disarmament", "año", "", "хххххххххххх", "ÇA", "straße", "g8", "&", "anti-drug",
             "well-known", "l'état"]
    for lang in ("es", "en"):
        for word in asked:
            for bar in (LEAST_ZIPF, 3.7, 4.0, 4.5, 2.0):
                assert zipf_at_least(word, lang, bar) == (zipf_frequency(word, lang) >= bar), (
                    word, lang, bar)
    table = zipf_table("es")
    assert table and min(table.values()) >= LEAST_ZIPF
    assert all(zipf_frequency(w, "es") == z for w, z in itertools.islice(table.items(), 0,
                                                                         None, 97))


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_frequency_tables_hold_every_listed_word_at_the_bar_with_its_value(lang: str) -> None:
    """The whole table against wordfreq's value of each listed word, down to the first word
    below the bar (as the tables were first made, one word at a time)."""
    from wordfreq import iter_wordlist, zipf_frequency

    from reader.text.frequency import LEAST_ZIPF, zipf_table

    expected: dict[str, float] = {}
    for word in iter_wordlist(lang):
        zipf = zipf_frequency(word, lang)
        if zipf < LEAST_ZIPF:
            break
        expected[word] = zipf
    assert zipf_table(lang) == expected


def _wordfreq_kept_after(first: str) -> int:
    """In a new process: run FIRST, read the Portuguese table, and tell how many lists
    wordfreq still keeps."""
    script = (
        "import wordfreq\n"
        "from reader.text.frequency import zipf_table\n"
        f"{first}\n"
        "assert len(zipf_table('pt')) > 10_000\n"
        "print(wordfreq.get_frequency_dict.cache_info().currsize"
        " + wordfreq.get_frequency_list.cache_info().currsize)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_frequency_tables_let_wordfreq_s_lists_go_unless_someone_used_them():
    assert _wordfreq_kept_after("pass") == 0
    assert _wordfreq_kept_after("wordfreq.zipf_frequency('casa', 'pt')") == 2
