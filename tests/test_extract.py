"""The extractor on tricky cases, in sentences written for these tests."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.extract import extract
from reader.extract.gazetteer import fold, is_demonym


def found(text: str, kind: str = "article") -> dict[str, str]:
    """surface -> type, checking every offset on the way."""
    ex = extract(text, kind)
    out: dict[str, str] = {}
    for m in ex.mentions:
        assert text[m.start : m.end] == m.text
        out[" ".join(m.text.split())] = m.type
    return out


def test_initials_and_titles_are_handled() -> None:
    got = found("A cable signed by Amb. P. Michael McKinley reached Washington. "
                "Ambassador McKinley later met Judge Hernan Saturno Vergara and General "
                "Edwin Donayre.")
    assert got["P. Michael McKinley"] == "person"
    assert got["McKinley"] == "person"
    assert got["Hernan Saturno Vergara"] == "person"
    assert got["Edwin Donayre"] == "person"
    assert not any(k.startswith(("Amb", "Judge", "General")) for k in got)


def test_title_phrases_are_not_part_of_the_name() -> None:
    got = found("The talks were led by Defense Minister Antero Flores Araoz and by "
                "Commanding General Williams Zapata.")
    assert got == {"Antero Flores Araoz": "person", "Williams Zapata": "person"}


def test_spanish_particles_stay_inside_names() -> None:
    got = found("Former Foreign Minister Jorge del Castillo met Cristina Fernández de "
                "Kirchner in Buenos Aires; Judge de la Cruz was not there.")
    assert got["Jorge del Castillo"] == "person"
    assert got["Cristina Fernández de Kirchner"] == "person"
    assert got["Buenos Aires"] == "place"
    assert got["de la Cruz"] == "person"


def test_spanish_text() -> None:
    got = found("El presidente Alan García dijo en Lima que la Policía Nacional del Perú "
                "no negociará con Sendero Luminoso.")
    assert got["Alan García"] == "person"
    assert got["Lima"] == "place"
    assert got["Policía Nacional del Perú"] == "group"
    assert got["Sendero Luminoso"] == "group"


def test_acronym_defined_by_initials_is_an_alias() -> None:
    text = ("Agents met the Narcotics Affairs Section on Monday. "
            "Later the NAS said it would help.")
    ex = extract(text)
    names = [m.text for m in ex.mentions]
    assert names == ["Narcotics Affairs Section", "NAS"]
    assert ex.aliases == [(1, 0)]


def test_apposition_in_parentheses_is_an_alias_and_shares_the_type() -> None:
    text = ("Fighting continued in the Apurimac and Ene River Valley (VRAE by its Spanish "
            "acronym), a base of the Sendero Luminoso (Shining Path) guerrillas.")
    ex = extract(text)
    by_text = {m.text: m for m in ex.mentions}
    assert by_text["Apurimac and Ene River Valley"].type == "place"
    assert by_text["VRAE"].type == "place"
    assert by_text["Sendero Luminoso"].type == "group"
    assert by_text["Shining Path"].type == "group"
    pairs = {(ex.mentions[a].text, ex.mentions[b].text) for a, b in ex.aliases}
    assert ("VRAE", "Apurimac and Ene River Valley") in pairs
    assert ("Shining Path", "Sendero Luminoso") in pairs


def test_sentence_initial_capitals_are_not_names() -> None:
    got = found("Corruption is nothing new in the army. Officers said the fuel was sold. "
                "Citing an analyst, the report names no one. Soon after, Dirandro acted.")
    assert "Corruption" not in got and "Officers" not in got and "Citing" not in got
    assert "Soon" not in got


def test_headline_case_confirms_only_names_found_in_the_prose() -> None:
    text = ("Peru Army Linked to Drug Trafficking\n\n"
            "A cable from Lima says the army in Peru took payments.")
    got = found(text)
    assert "Peru Army" not in got and "Drug Trafficking" not in got and "Army" not in got
    assert got["Peru"] == "place"
    ex = extract(text)
    assert any(m.start == 0 and m.text == "Peru" for m in ex.mentions)


def test_nationality_adjectives_are_not_entities() -> None:
    got = found("Mexican traffickers paid Peruvian officers, and a Colombian citizen was "
                "beaten, while the Peruvian National Police watched.")
    assert not {"Mexican", "Peruvian", "Colombian"} & set(got)
    assert got["Peruvian National Police"] == "group"


def test_possessives_and_cartels() -> None:
    got = found("Peru's La Republica said Fujimori's men helped the Tijuana cartel and "
                "the Sinaloa\ncartel.")
    assert got["Peru"] == "place"
    assert got["La Republica"] == "group"
    assert got["Tijuana cartel"] == "group"
    assert got["Sinaloa cartel"] == "group"
    assert "Fujimori's" not in got


def test_cable_furniture_and_jargon_are_skipped() -> None:
    text = ("C O N F I D E N T I A L LIMA 001667\n\nSIPDIS\n"
            "E.O. 12958: DECL: 2019/11/25\nTAGS: SNAR MX PE\n"
            "SUBJECT: Peru Signs Agreement with Mexico\n\n"
            "REF: A. LIMA 1865\nB. IIR 6 876 0037 08\n\n"
            "1. (C) XXXXXXXXXXXX told Poloff that General Edwin Donayre met the\n"
            "Peruvian National Police (PNP) in Ayacucho.\n")
    got = found(text, "cable")
    assert "LIMA" not in got and "SIPDIS" not in got and "SNAR" not in got
    assert "Poloff" not in got and "XXXXXXXXXXXX" not in got and "IIR" not in got
    assert got["Edwin Donayre"] == "person"
    assert got["PNP"] == "group"
    assert got["Ayacucho"] == "place"
    assert got["Peru"] == "place" and got["Mexico"] == "place"


def test_names_broken_across_wrapped_lines() -> None:
    text = ("officials said the Director of the National Chamber of Fishing of Piura, Rolando\n"
            "Eugenio Velasco Heysen, met regional commanders. Later Velasco denied it.")
    got = found(text, "cable")
    assert got["Rolando Eugenio Velasco Heysen"] == "person"
    assert got["National Chamber of Fishing of Piura"] == "group"
    assert got["Velasco"] == "person"


def test_operations_cases_and_ships_are_not_entities() -> None:
    got = found("Operation Lena in 2002 seized cocaine in Arequipa. In the Pota Case the "
                "ship Colibri sailed from Callao.")
    assert "Lena" not in got and "Operation Lena" not in got
    assert "Pota" not in got and "Colibri" not in got
    assert got["Arequipa"] == "place" and got["Callao"] == "place"


def test_demonym_rule() -> None:
    assert is_demonym("Peruvian") and is_demonym("Mexican") and is_demonym("Iraqi")
    assert not is_demonym("Peru") and not is_demonym("Montesinos")
    assert fold("Fernández") == "fernandez"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_offsets_always_match_the_text(text: str) -> None:
    for kind in ("article", "cable"):
        for m in extract(text, kind).mentions:
            assert text[m.start : m.end] == m.text
            assert m.type in ("person", "group", "place")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(
    ["Lima", "the", "Peru", "and", "of", "Ambassador", "McKinley", "(", ")", ".", "\n",
     "NAS", "de", "la", "Cruz", "Shining", "Path", "’s", "cartel", ",", "Valley"]),
    max_size=60))
def test_offsets_on_name_like_noise(words: list[str]) -> None:
    text = " ".join(words)
    mentions = extract(text).mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def _gold_surfaces(gold_file: Path, key: str) -> dict[str, str]:
    doc = json.loads(gold_file.read_text(encoding="utf-8"))["docs"][key]
    return {" ".join(m["text"].split()): m["type"] for m in doc["mentions"]}


@pytest.mark.parametrize("ref_id", ["09LIMA345", "09LIMA1667"])
def test_real_cables_recall(shared_data: Path, ref_id: str) -> None:
    """On the annotated cables, nearly every gold name is found with its type."""
    csv.field_size_limit(1 << 30)
    with (shared_data / "cables" / "cables.csv").open(encoding="utf-8", newline="") as fh:
        body = next(r[7] for r in csv.reader(fh, escapechar="\\", doublequote=False)
                    if r[2] == ref_id)
    gold = _gold_surfaces(shared_data / "cables-gold.json", f"cables.csv#{ref_id}")
    got = found(body, "cable")
    hits = [s for s in gold if got.get(s) == gold[s]]
    assert len(hits) / len(gold) >= 0.9


def test_press_names_and_sentence_initial_surnames() -> None:
    got = found("The story was published by The Guardian and the New York Times. Secretary "
                "of State Hillary Clinton met officials in Madrid. Clinton's aides said little.")
    assert got["Guardian"] == "group"
    assert got["New York Times"] == "group"
    assert got["Hillary Clinton"] == "person"
    assert got["Clinton"] == "person"
    assert got["Madrid"] == "place"
    assert "Secretary" not in got and "State" not in got


@pytest.mark.parametrize("text, name, kind", [
    # a headline framed by rules, and a cable's subject line, only confirm names of the prose
    ("He said so.\n- - - \nExpect Criticism, Ambassador Warns\n- - - \n6. The Ambassador "
     "spoke again.\n", "Warns", "cable"),
    ("TAGS: PGOV\nSUBJECT: Government Appointed Commissioner Warns of Unrest\n\n1. (C) The "
     "commissioner spoke.\n", "Warns", "cable"),
    # a body of people, described: "who" after an everyday word is no sign of a person
    ("The Governor will forward the draft to the Cabinet who will pass it on.", "Cabinet",
     "cable"),
    # a described office holder; an adjective before "Government"
    ("Arson targeted a Salafist MP on Monday.", "Salafist MP", "cable"),
    ("The 2007 Caretaker Government's hands were tied.", "Caretaker", "cable"),
    # followers of a creed or a leader, in four languages
    ("It was provocateurs, rather than Islamists, who stormed the embassies.", "Islamists",
     "cable"),
    ("Los chavistas y los Fujimoristas votaron en contra.", "Fujimoristas", "article"),
    ("Shura Council member Fuad Al-Hajji, who is Shi'a, told the Ambassador so.", "Shi'a",
     "cable"),
])
def test_words_that_name_no_one(text: str, name: str, kind: str) -> None:
    assert name not in {m.text for m in extract(text, kind).mentions}


@pytest.mark.parametrize("text, expected", [
    # an office in lower case before a name says it is a person's, in each language
    ("Libyan leader Moammar Gadhafi spoke. The aides of Gadhafi said so.",
     {("Moammar Gadhafi", "person"), ("Gadhafi", "person")}),
    ("Lo dijo el presidente Uribe ante el Congreso de Colombia.", {("Uribe", "person")}),
    ("O ex-líder colombiano falou. Segundo o presidente Lula, não.", {("Lula", "person")}),
    ("Selon le président Sarkozy, non.", {("Sarkozy", "person")}),
    # an office after a body's acronym: the body stays, the holder goes
    ("The FBI Director spoke in Lima.", {("FBI", "group"), ("Lima", "place")}),
    # Spanish plural abbreviations, without their article
    ("Explicó a los EE.UU. el haberlo sacado de la mediación.", {("EE.UU.", "place")}),
    # an organisation from the alias data is a group, even at a sentence start
    ("Wikileaks: Uribe veía a Chávez como un peligro. Los cables de wikileaks lo dicen.",
     {("Wikileaks", "group")}),
    ("O Departamento de Estado não comentou.", {("Departamento de Estado", "group")}),
    # continents in the four languages, and regions of any country
    ("Uma ameaça comparável à de Hitler na Europa.", {("Europa", "place")}),
    ("Les troupes sont en Amérique du Sud et en Afrique.",
     {("Amérique du Sud", "place"), ("Afrique", "place")}),
    ("The army moved into Antioquia and Sinaloa last week.",
     {("Antioquia", "place"), ("Sinaloa", "place")}),
])
def test_names_found_and_typed(text: str, expected: set[tuple[str, str]]) -> None:
    found = {(m.text, m.type) for m in extract(text).mentions}
    assert expected <= found, found


def test_a_gloss_that_goes_on_is_no_alias() -> None:
    x = extract("They celebrate the end of Ramadan (Eid holidays) on the day Iran announces.")
    assert x.aliases == []
    x = extract('The Shining Path ("Sendero Luminoso") attacked a patrol.')
    assert len(x.aliases) == 1


@pytest.mark.parametrize("text, kept, gone", [
    # titles in Spanish, Portuguese and French are not part of the name
    ("El comandante Gonzalo habló con el Embajador Pérez.", {"Gonzalo", "Pérez"},
     {"El Comandante Gonzalo", "Embajador Pérez"}),
    ("O Embaixador Antonio Patriota e o Prefeito Eduardo Paes falaram.",
     {"Antonio Patriota", "Eduardo Paes"}, {"Embaixador Antonio Patriota"}),
    ("Le Ministre Bernard Kouchner et le Général Dupont ont parlé.",
     {"Bernard Kouchner", "Dupont"}, {"Ministre Bernard Kouchner"}),
    # an office alone, or described, is not an entity
    ("He met the UNSG Special Representative and Assistant Administrator Jones.", {"Jones"},
     {"UNSG Special Representative", "Assistant Administrator Jones"}),
    # a relation between two is not a name
    ("The EU-Libyan talks and the US-Peruvian deal went on.", set(),
     {"EU-Libyan", "US-Peruvian"}),
    # "and" between two complete names
    ("Medco Energi and Libyan National Oil Corporation signed.",
     {"Libyan National Oil Corporation"}, {"Medco Energi and Libyan National Oil Corporation"}),
    ("The UK Asylum and Immigration Tribunal ruled.", {"UK Asylum and Immigration Tribunal"},
     set()),
])
def test_titles_relations_and_lists(text: str, kept: set[str], gone: set[str]) -> None:
    found = {m.text for m in extract(text).mentions}
    assert kept <= found, found
    assert not found & gone, found


def test_the_classification_line_names_only_the_person() -> None:
    text = ("SUBJECT: GOP SEEKS A NEW SYSTEM\n"
            "Classified By: Ambassador Liliana Ayalde, Ambassador, State, Front Office; "
            "REASON: 1.4(B), (D)\n\n1. (S) Interior Minister Filizzola told the Ambassador "
            "that Liliana Ayalde was right.\n")
    found = {m.text for m in extract(text, "cable").mentions}
    assert "Front Office" not in found and "State" not in found
    assert "Liliana Ayalde" in found


def test_an_acronym_in_parentheses_keeps_its_whole_name() -> None:
    found = {m.text for m in extract(
        "Egypt asked for contributions to the Multinational Force and Observers (MFO).")
        .mentions}
    assert "Multinational Force and Observers" in found
    found = {m.text for m in extract(
        "Medco Energi and Libyan National Oil Corporation (NOC) signed.").mentions}
    assert "Libyan National Oil Corporation" in found


def test_a_list_in_parentheses_and_an_acronym_inside_a_name_make_no_alias() -> None:
    x = extract("The Oasis Group (ConocoPhillips, Marathon, Hess and Occidental) remains.")
    assert x.aliases == []
    x = extract("One of the US Navy ships left. The UN said nothing.")
    assert x.aliases == []


def test_a_redacted_name_ends_any_name() -> None:
    found = {m.text for m in extract(
        "The NGOs XXXXXXXXXXXX told us. Embassy contact XXXXXXXXXXXX Garcia said so.",
        "cable").mentions}
    assert not any("XXXX" in t for t in found)


def test_an_institution_after_the_article_keeps_its_and() -> None:
    found = {m.text for m in extract("The Ministry of Mines and Energy said no.").mentions}
    assert "Ministry of Mines and Energy" in found


def test_the_reasons_of_a_classification_are_no_part_of_a_name() -> None:
    text = ("SUBJECT: X\nClassified By: CLIFFORD SOBEL REASONS 1.4 (B) AND (D)\n\n"
            "1. (C) Ambassador Clifford Sobel met the minister.\n")
    assert not any("REASONS" in m.text for m in extract(text, "cable").mentions)


def test_connectors_inside_a_place_name_belong_to_it() -> None:
    got = found("Deputy Ana Souza (PT, Rio de Janeiro) said so; later she flew from Rio de "
                "Janeiro to Mato Grosso do Sul. Bosnia and Herzegovina voted.", "cable")
    assert got["Rio de Janeiro"] == "place"
    assert got["Mato Grosso do Sul"] == "place"
    assert got["Bosnia and Herzegovina"] == "place"
    assert "Janeiro" not in got


def test_a_title_before_of_names_the_body_not_a_person() -> None:
    got = found("He called on the Chief of Army Staff at noon. Rosa Mena was elected Vice "
                "President of the Water Board of Directors in May.", "cable")
    assert got.get("Army Staff") != "person"
    assert got.get("Water Board of Directors") == "group"


def test_a_title_word_that_begins_an_institution_is_no_title() -> None:
    got = found("The UN General Assembly voted. Reported septel, the General People's "
                "Congress met in Sirte, and the Women's Union protested.", "cable")
    assert got["General Assembly"] == "group"
    assert got["General People's Congress"] == "group"
    assert got["Women's Union"] == "group"
    assert "People" not in got and "Assembly" not in got


def test_a_word_the_text_writes_in_lower_case_is_no_surname() -> None:
    # a form: "Start Date" is a label, and "date" a word of the text
    form = ("Rank/Name: MAJ OMAR HASSAN FARID\nCourse: INFANTRY OFFICERS ADVANCED COURSE\n"
            "Start Date: 1/1/2010\nEnd Date: 5/1/2010\nThe date may change.\n")
    got = found(form, "cable")
    assert got.get("Date") != "person" and got.get("Start Date") != "person"
    got = found("The Embassy will host a Summer Fellow in June; the fellow will need housing. "
                "Ambassador Harnish signed the IRENA Statute; the statute enters into force "
                "later.", "cable")
    assert got.get("Summer Fellow") != "person"
    assert got.get("IRENA Statute") != "person"


def test_plural_nationalities_are_no_names() -> None:
    got = found("Many Turks believe the opposite, and Iraqis agree; Peruvians do not. Raul "
                "Cubas won the vote.", "cable")
    assert not {"Turks", "Iraqis", "Peruvians"} & set(got)
    assert got["Raul Cubas"] == "person"


def test_the_head_noun_before_of_makes_a_group() -> None:
    got = found("about freezing the assets of the Export Development Bank of Iran and three "
                "affiliated entities.", "cable")
    assert got["Export Development Bank of Iran"] == "group"
    got = found("O empréstimo do Banco do Brasil ajudou Pedro do Amaral, disse o Ministério "
                "das Relações Exteriores.")
    assert got["Banco do Brasil"] == "group"
    assert got["Pedro do Amaral"] == "person"


def test_pointers_to_other_cables_are_no_names() -> None:
    got = found("Officials asked about the Export Development Bank of Iran (REFTEL B) and "
                "the Additional Protocol (REFTELS C); see Para 5.", "cable")
    assert not any(k.upper().startswith(("REFTEL", "PARA")) for k in got)


def test_french_and_arabic_titles_are_stripped() -> None:
    got = found("Mme Sarkozy visited Doha, where Amir Hamad received Shaykh Tamim.", "cable")
    assert got["Sarkozy"] == "person"
    assert got["Hamad"] == "person"
    assert "Mme" not in got and "Amir Hamad" not in got


def test_a_person_named_in_full_ends_before_of() -> None:
    got = found("In Washington I met Dr. Richard Downie of the Center for Hemispheric Defense "
                "Studies, and later George Bush of Texas.", "cable")
    assert got["Richard Downie"] == "person"
    assert got["Center for Hemispheric Defense Studies"] == "group"
    assert got["George Bush"] == "person"  # (George is a town in South Africa, too)


def test_a_nationality_before_an_institution_with_of_stays() -> None:
    got = found("A survey by the American Chamber of Commerce showed it.", "cable")
    assert got["American Chamber of Commerce"] == "group"


def test_plural_plans_and_agreements_are_no_entities() -> None:
    got = found("Japan wants such rules as part of the Free Trade Agreements it has "
                "negotiated, and the Action Plans of the region.", "cable")
    assert not {"Free Trade Agreements", "Action Plans"} & set(got)


def test_a_portfolio_before_a_title_is_part_of_the_title() -> None:
    got = found("Members such as former Interior Minister Jaime Mayor Oreja spoke, and Deputy "
                "Interior Minister Camacho agreed.", "cable")
    assert got["Jaime Mayor Oreja"] == "person"  # (Mayor is his surname here, no title)
    assert got["Camacho"] == "person"
    assert "Interior" not in got


def test_plural_acronyms_and_nationalities_in_er_are_no_names() -> None:
    got = found("Most IOCs and NGOs left Tripoli, while Icelanders and Surinamers voted.",
                "cable")
    assert not {"IOCs", "NGOs", "Icelanders", "Surinamers"} & set(got)


def test_an_affiliation_in_parentheses_is_no_alias() -> None:
    ex = extract("the PAN factions in the Senate (Santiago Creel) and the Chamber of Deputies "
                 "(Hector Larios) met.", "cable")
    names = [m.text for m in ex.mentions]
    assert "Hector Larios" in names and "Chamber of Deputies" in names
    assert not ex.aliases


def test_a_place_in_capitals_is_nobody_s_initials() -> None:
    ex = extract("David Cameron visited Washington, D.C. last week.", "cable")
    first = ex.mentions[0]
    assert (first.text, first.type) == ("David Cameron", "person")
    assert not ex.aliases  # (D.C. is not David Cameron's initials)


def test_a_document_s_head_before_of_makes_no_entity() -> None:
    got = found("Costa Rica signed the Search and Rescue Memorandum of Understanding with "
                "the United States.", "cable")
    assert "Understanding" not in got


def test_a_family_is_not_the_person_of_its_name() -> None:
    ex = extract("Fidel Castro spoke. The Castro family owns land, and Castro said so.", "cable")
    types = [(m.text, m.type) for m in ex.mentions]
    assert types == [("Fidel Castro", "person"), ("Castro", "group"), ("Castro", "person")]


def test_kinds_of_bodies_and_people_in_capitals_are_no_names() -> None:
    got = found("The TDYers met the IOCs and the NGOs. The Paris Club agreed.", "cable")
    assert not {"TDYers", "IOCs", "NGOs"} & set(got)
    assert got["Paris Club"] == "group"  # (Paris is a given name, too)


def test_a_country_s_name_in_another_language_is_no_country_in_english() -> None:
    got = found("Socialist leader Hollande met the Ambassador, and Hollande said France "
                "would wait.", "cable")
    assert got["Hollande"] == "person" and got["France"] == "place"
    got = found("O presidente visitou a Holanda e os EUA ontem, disse o governo.")
    assert got["Holanda"] == "place" and got["EUA"] == "place"


def test_a_party_after_a_name_the_text_calls_a_person_s_is_no_alias() -> None:
    ex = extract("Prime Minister Haarde (Independence Party) agreed with the Althing.", "cable")
    assert [m.text for m in ex.mentions][:2] == ["Haarde", "Independence Party"]
    assert not ex.aliases


def test_many_people_of_a_region_are_no_name() -> None:
    got = found("SOUTH ASIANS and Latin Americans work in Dubai.", "cable")
    assert not {"SOUTH ASIANS", "Latin Americans"} & set(got)


@pytest.mark.parametrize("text, name", [
    ("Officials said Muammar al-Qadhafi would attend.", "Muammar al-Qadhafi"),
    ("The minister met Ayman al-Zawahiri's envoy.", "Ayman al-Zawahiri"),
    ("Le ministre a reçu Gamal el-Din hier.", "Gamal el-Din"),
    ("El canciller Saud al-Faisal llegó a Madrid.", "Saud al-Faisal"),
])
def test_the_arabic_article_joined_to_a_name_is_part_of_it(text, name) -> None:
    x = extract(text)
    assert any(m.text.startswith(name) and m.type == "person" for m in x.mentions), x.mentions


def test_a_flattened_cable_header_names_only_what_the_prose_names() -> None:
    # the cables.csv layout runs subject, references and classification into one paragraph
    text = ("E.O. 12958: DECL: 02/14/2018 TAGS: PREL PL RS\n\nSUBJECT: POLISH PM TUSK'S VISIT "
            "TO MOSCOW REF: A. MOSCOW 267 B. WARSAW 5585 CLASSIFIED BY: Alice G. Wells, "
            "reasons 1.4 (b/d).\n\n1. (C) Prime Minister Tusk spent two days in Moscow. "
            "--------------- WHAT PUTIN'S TEAM WANTED --------------- Officials said little.")
    x = extract(text, "cable")
    surfaces = {m.text for m in x.mentions}
    assert "Alice G. Wells" in surfaces  # the classification line keeps its person
    assert not any("VISIT" in s or "WARSAW" in s or "REF" in s for s in surfaces)
    assert not any("PUTIN" in s for s in surfaces)  # a heading confirms, it finds nothing


@pytest.mark.parametrize("text, gone", [
    ("Two Costa Rican officials met the minister.", "Costa Rican"),
    ("A group of Sri Lankans arrived on Tuesday.", "Sri Lankans"),
    ("The Saudi Arabian delegation left early.", "Saudi Arabian"),
])
def test_a_nationality_in_two_words_is_no_name(text, gone) -> None:
    assert not any(gone in m.text for m in extract(text).mentions)


def test_an_institution_after_a_two_word_nationality_keeps_it() -> None:
    got = found("The South African Police Service and the Costa Rican Coast Guard met.")
    assert got["South African Police Service"] == "group"
    assert got["Costa Rican Coast Guard"] == "group"


def test_the_name_that_ends_a_cable_is_its_signer() -> None:
    x = extract("1. (C) The minister met the Ambassador in Tripoli. End comment.\nCRETZ",
                "cable")
    assert x.mentions[-1].text == "CRETZ" and x.mentions[-1].type == "person"
    x = extract("1. (C) The minister spoke about relations with Turkey", "cable")
    assert x.mentions[-1].type == "place"  # a country there is no signature


@pytest.mark.parametrize("name", ["Turkey", "Burma", "Macedonia", "Ivory Coast", "Bosnia"])
def test_the_press_names_of_renamed_countries_are_countries(name) -> None:
    from reader.text.countries import is_country

    assert is_country(name, "en")


def test_a_currency_is_no_country_and_a_hospital_no_person() -> None:
    x = extract("The loan is worth US$ 40 million (R$ 70 million). The US agreed.", "cable")
    assert [m.text for m in x.mentions] == ["US"] and x.mentions[0].start > 40
    got = found("She was treated at the Albert Einstein Hospital in Sao Paulo.")
    assert got["Albert Einstein Hospital"] == "group"


def test_a_company_named_by_a_nationality_keeps_it() -> None:
    got = found("She flew American Airlines; the Irish Times and the Egyptian Gazette wrote.")
    assert got["American Airlines"] == "group" and got["Irish Times"] == "group"
    assert "Airlines" not in got


def test_a_list_of_names_a_line_each_is_several_names() -> None:
    got = found("Participants:\nPresidential Communications Director Jaime Bermudez\n"
                "Francisco Gonzalez, MFA (notetaker)", "cable")
    assert got["Jaime Bermudez"] == "person" and got["Francisco Gonzalez"] == "person"
    # a name wrapped at the end of a long line stays whole
    got = found("We then met at length with the Communications Director Jaime Bermudez\n"
                "Merizalde in Bogota.", "cable")
    assert "Jaime Bermudez Merizalde" in got


def test_a_repeated_header_s_subject_only_confirms_names() -> None:
    text = ("SUBJECT: RELATIONS WITH AN ASSERTIVE UZBEKISTAN \n \nC O N F I D E N T I A L "
            "MOSCOW 000337 TAGS: PGOV\n\nSUBJECT: RELATIONS WITH AN ASSERTIVE UZBEKISTAN "
            "MOSCOW 00000337 001.2 OF 002 Classified By: Susan M. Elliott, reasons 1.4.\n\n"
            "1. (C) Uzbekistan refused to join the force.")
    surfaces = {m.text for m in extract(text, "cable").mentions}
    assert not any("ASSERTIVE" in s or "RELATIONS" in s for s in surfaces)


def test_a_classification_line_between_blank_lines_is_no_headline() -> None:
    text = ("REF: 08 TRIPOLI 227\n\nCLASSIFIED BY: Gene A. Cretz, Ambassador, U.S. Embassy - "
            "Tripoli, U.S. Dept of State. REASON: 1.4 (b), (d)\n\n1. (C) The Ambassador met "
            "officials.  End comment.\nCRETZ .")
    got = found(text, "cable")
    assert got["Gene A. Cretz"] == "person" and got["CRETZ"] == "person"


def test_a_classification_line_in_capitals_or_inside_a_header_keeps_its_person() -> None:
    text = ("SUBJECT: A CAUTIONARY TALE TRIPOLI 00000155  001.2 OF 002   CLASSIFIED BY: GENE A. "
            "CRETZ, AMBASSADOR, U.S. EMBASSY - TRIPOLI, REASON: 1.4 (b), (d)\n\n"
            "1. (C) The Ambassador met officials.")
    got = found(text, "cable")
    assert got["GENE A. CRETZ"] == "person"


def test_a_soft_line_break_of_the_cables_release_does_not_cut_a_name() -> None:
    text = ("He met the deputy director of the Service for Analysis and \\\n"
            "Prevention (Swiss Intelligence) on Monday.")
    got = found(text, "cable")  # (offsets and texts as stored, backslash and all)
    assert got.get("Service for Analysis and \\ Prevention") == "group"
    assert "Prevention" not in got


def test_an_institution_for_two_things_is_one_name() -> None:
    assert found("He spoke at the Center for Strategic and International Studies.") == {
        "Center for Strategic and International Studies": "group"}
    assert "Swiss Service for Analysis and Prevention" in found(
        "The Swiss Service for Analysis and Prevention (SAP) warned them.")
    # but a country or a person after "and" is a second name
    assert found("The Ministry of Health and Chile agreed.") == {
        "Ministry of Health": "group", "Chile": "place"}
    assert found("The Ministry of Defense and Carlos Perez agreed.") == {
        "Ministry of Defense": "group", "Carlos Perez": "person"}


def test_a_gloss_with_dates_is_no_alias() -> None:
    text = "Former president Rodrigo Carazo (Unidad, 1978-1982) spoke against it."
    ex = extract(text)
    assert not ex.aliases
    text = "The Revolutionary Armed Forces of Colombia (FARC, 1964) attacked."
    assert extract(text).aliases


@pytest.mark.parametrize("text, name", [
    ("New parks include one in Region XIV, near the coast.", "Region XIV"),
    ("The boat sank in Lake Titicaca last week.", "Lake Titicaca"),
    ("La marcha llegó a la Región Metropolitana el lunes.", "Región Metropolitana"),
    ("Les pêcheurs du Lac Kivu ont protesté.", "Lac Kivu"),
])
def test_a_name_that_begins_with_a_kind_of_place_is_a_place(text, name) -> None:
    assert found(text).get(name) == "place"


def test_a_german_newspaper_is_a_group() -> None:
    got = found("The Berliner Zeitung and the Frankfurter Allgemeine Zeitung agreed.")
    assert got == {"Berliner Zeitung": "group", "Frankfurter Allgemeine Zeitung": "group"}
