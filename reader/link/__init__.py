"""Names to entities inside one document: normalisation and local clusters.

A mention's entity key is its normalised name (case and accents folded, titles, possessives
and punctuation removed). Inside one document a short form takes the key of the full name it
abbreviates ("McKinley" -> "P. Michael McKinley", "Saturno Vergara" -> "Hernan Saturno
Vergara"), and an alias the document itself declares ("NAS" defined as "Narcotics Affairs
Section", "Sendero Luminoso (Shining Path)") takes the key of the name it stands for. Each
group of mentions is a local cluster; across documents, `link.resolve` (the one linker)
decides which clusters are one entity, and `link.judgements` what the user's word does.

Pure functions: no database, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from reader.models import Extraction, LinkedMention, LocalCluster, Mention
from reader.text.countries import country_table, foreign_only
from reader.text.fold import fold
from reader.text.given import is_given_name
from reader.text.names import (
    GROUP_CONNECTORS,
    GROUP_HEADS,
    INSTITUTION_HEADS,
    OFFICE_HEADS,
    OFFICE_QUALIFIERS,
    PATRONYMIC,
    PERSON_PARTICLES,
    PERSON_TITLES,
)
from reader.text.organisations import organisation_table

__all__ = ["LinkedMention", "LocalCluster", "link_document", "link_document_clusters",
           "normalise_name"]

_PUNCT = re.compile(r"[.\u2019'`´,;:!?\"“”()\[\]{}\\]")
_POSSESSIVE = re.compile(r"['’]s?$")


def normalise_name(text: str, titles: bool = True) -> str:
    """The comparison form of a name; with TITLES, without the titles before it (a person's
    name: an institution keeps its first word, "General Assembly", "Justice Center").

    >>> normalise_name("Amb. P. Michael McKinley's")
    'p michael mckinley'
    >>> normalise_name("Cristina Fernández de Kirchner")
    'cristina fernandez de kirchner'
    """
    text = _POSSESSIVE.sub("", text.strip())
    words = fold(text.replace("-", " ")).split()
    while titles and len(words) > 1 and words[0] in PERSON_TITLES:
        words.pop(0)
    out: list[str] = []
    run: list[str] = []  # consecutive single letters: "J. R." and "J.R." are both "jr"
    for w in (_PUNCT.sub("", w) for w in words):
        if len(w) == 1:
            run.append(w)
            continue
        out.append("".join(run))
        run = []
        out.append(w)
    out.append("".join(run))
    return " ".join(w for w in out if w)


def normalise_untitled(text: str) -> str:
    """The comparison form of an institution's or a place's name (titles kept: "DR Congo")."""
    return normalise_name(text, titles=False)


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@lru_cache(maxsize=200_000)
def is_bare_title(text: str) -> bool:
    """Is this name only a title ("Vice President", "Political Counselor", "el Canciller")?

    >>> is_bare_title("Prime Minister"), is_bare_title("Prime Minister Alan Garcia")
    (True, False)
    """
    from reader.link.names import is_common_word

    words = [fold(w) for w in _WORD.findall(text)]
    heads = [w for w in words if w in OFFICE_HEADS or w in PERSON_TITLES]
    # an office's portfolio before its head is part of the title ("Defense Attaché",
    # "Finance Minister"): an everyday word, not a name
    portfolio = bool(words) and words[-1] in OFFICE_HEADS and len(words) <= 4 and not any(
        w in GROUP_CONNECTORS or w in INSTITUTION_HEADS for w in words)  # ("Council of
    # Ministers" is a body)
    return bool(heads) and all(
        w in OFFICE_HEADS or w in OFFICE_QUALIFIERS or w in PERSON_TITLES
        or w in GROUP_CONNECTORS
        or (portfolio and is_common_word(w) and not is_given_name(w)) for w in words)


CONTEXT_MARK = "%"  # "%arg": the country a document is about, kept with a generic name
STORY_MARK = "^"  # "^arg": a country the document names, kept with people and acronyms
MAIN_STORY_MARK = STORY_MARK + "="  # "^=arg": the country the document names most
NOT_A_COUNTRY = STORY_MARK + "!"  # a country's name in another language than the text's
POST_MARK = "$"  # "$per": the country of the post a cable came from, kept with acronyms
# names that are not names but what a document is about
MARKED = (CONTEXT_MARK, STORY_MARK, POST_MARK)


@lru_cache(maxsize=200_000)
def is_generic(key: str) -> bool:
    """Is this an institution's name made only of everyday words around its head noun
    ("Supreme Court", "Ministry of Health", "Christian Democratic Party", "UK Embassy")?
    Many countries have one: the name alone says not which. ("El País" is made of everyday
    words too, but it is no institution's name.)"""
    words = [w for w in key.split() if w not in GROUP_CONNECTORS]
    if len(words) < 2:  # ("the Assembly", "Congress": the head noun alone)
        return len(words) == 1 and words[0] in INSTITUTION_HEADS
    if any(w in _MANY_COUNTRIES for w in words):
        return False  # ("International Court of Justice", "World Bank": one for all)
    before_of = _head_before_connector(key)
    if words[-1] in INSTITUTION_HEADS:
        rest = words[:-1]
    elif words[0] in INSTITUTION_HEADS:
        rest = words[1:]
    elif before_of in INSTITUTION_HEADS:  # ("American Chamber of Commerce")
        rest = [w for w in words if w != before_of]
    else:
        return False
    # ("Government of Russia" is Russia's; a "UK Embassy" is in every capital)
    sent = words[-1] in _SENT_ABROAD or words[0] in _SENT_ABROAD
    return all(_everyday(w) for w in rest) and (sent or not _names_a_country_or_body(rest))


def _everyday(word: str) -> bool:
    """A word that many institutions' names share ("socialist", "coordination", "ministers"):
    common in one of the readers' languages, if less so than a block key must be, and not
    made from a country's name ("Brazilian": that country's)."""
    from reader.link.names import is_common_word, is_fairly_common_word

    return is_common_word(word) or (
        (is_fairly_common_word(word) or (
            word.endswith("s") and is_fairly_common_word(word[:-1])))
        and not _from_a_country_name(word))


@lru_cache(maxsize=50_000)
def _from_a_country_name(word: str) -> bool:
    """Does WORD begin as a country's one-word name does, all but its last two letters (at
    least four): "brazilian", "mexicanos", "iraqi"?"""
    return any(" " not in name and len(name) >= 4 and word.startswith(name[: max(4, len(name) - 2)])
               for name in country_table(normalise_untitled))


# words that make an institution one of many countries together, not one of each
_MANY_COUNTRIES = frozenset({"international", "internacional", "internationale", "world",
                             "mundial", "mondial", "mondiale", "global", "interamerican",
                             "interamericana", "interamericano", "inter", "multinational",
                             "cooperation", "cooperacion", "cooperacao"})


def _head_before_connector(key: str) -> str:
    """The word before a name's first "of" ("chamber" in "american chamber of commerce"),
    or ""."""
    words = key.split()
    k = next((k for k, w in enumerate(words) if w == "of" and k > 0), 0)
    return words[k - 1] if k else ""


# institutions a country keeps in other countries: its name does not say where
_SENT_ABROAD = frozenset({"embassy", "embassies", "embajada", "embaixada", "ambassade",
                          "consulate", "consulado", "delegation", "delegations", "delegación",
                          "delegacion", "delegação", "delegacao", "délégation", "team",
                          "teams", "equipo", "guard", "guards"})


def _names_a_country_or_body(words: Sequence[str]) -> bool:
    """Do these words name a country or a well-known organisation ("of Russia", "European
    Union")? Then the institution is that one's."""
    bodies = organisation_table(normalise_untitled)
    return bool(countries_in(" ".join(words))) or any(g in bodies for g in _grams(words))


def _grams(words: Sequence[str], longest: int = 4) -> Iterator[str]:
    """The runs of one to LONGEST consecutive words."""
    for n in range(1, min(longest, len(words)) + 1):
        for k in range(len(words) - n + 1):
            yield " ".join(words[k : k + n])


@lru_cache(maxsize=100_000)
def countries_in(key: str) -> frozenset[str]:
    """The countries (alpha-3) named inside a name ("government of colombia": COL)."""
    countries = country_table(normalise_untitled)
    return frozenset(countries[g] for g in _grams(key.split()) if g in countries)


def _country_counts(mentions: Sequence[Mention], keys: Sequence[str],
                    countries: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m, k in zip(mentions, keys, strict=True):
        if m.type == "place" and (code := countries.get(k)) is not None:
            counts[code] = counts.get(code, 0) + 1
    return counts


# The country every cable is written from, and most of their coverage is about: naming it
# says nothing of which story a document tells.
UBIQUITOUS_COUNTRY = "USA"
STORY_COUNTRIES = 5


def story_countries(mentions: Sequence[Mention], keys: Sequence[str],
                    countries: dict[str, str]) -> list[str]:
    """The countries a document names (its most named first, at most STORY_COUNTRIES), the
    United States left out: which story a name given alone belongs to."""
    counts = _country_counts(mentions, keys, countries)
    counts.pop(UBIQUITOUS_COUNTRY, None)
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    return [c.lower() for c in ranked[:STORY_COUNTRIES]]


@lru_cache(maxsize=8)
def _countries_for(language: str) -> dict[str, str]:
    """The country names a text in LANGUAGE may use: in English, not "Franca" (a town in
    Brazil, and França in Portuguese) nor "Tailandia"."""
    table = country_table(normalise_untitled)
    if language != "en":
        return table
    foreign = foreign_only(normalise_untitled)
    return {k: v for k, v in table.items() if k not in foreign}


def document_country(mentions: Sequence[Mention], keys: Sequence[str],
                     countries: dict[str, str], home: str | None = None) -> str | None:
    """The country a generic institution of this document belongs to: HOME, the country of
    a cable's post, when it is not the United States (an embassy reports on its host: a
    "Ministry of Interior" in a cable from Havana is Cuba's, whichever country the cable
    names most); else the one the document names most, the United States aside (every cable
    names them); else the United States if it names them. None on a tie, or when it names
    no country (and has no HOME)."""
    if home and home != "usa":
        return home
    counts = _country_counts(mentions, keys, countries)
    us = counts.pop(UBIQUITOUS_COUNTRY, 0)
    if not counts:
        return home or ("usa" if us else None)
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return home
    return max(counts, key=counts.__getitem__).lower()


def _all_initials(acronym: str, name: str) -> bool:
    """Is every letter of ACRONYM an initial of one of NAME's words, in any order ("VRAE"
    for "Apurimac and Ene River Valley", spelt in Spanish)? A place's acronym is spelt from
    its own name, not from a longer one ("USP", the University of Sao Paulo)."""
    letters, initials = _letters_and_initials(acronym, name)
    return bool(letters) and _initials_found(letters, initials) == len(letters)


def _letters_and_initials(acronym: str, name: str) -> tuple[list[str], list[str]]:
    """The letters of ACRONYM, and the initials of NAME's words other than connectors."""
    letters = [ch for ch in fold(acronym) if ch.isalpha()]
    initials = [w[0] for w in (fold(x) for x in _WORD.findall(name))
                if w not in GROUP_CONNECTORS and w not in PERSON_PARTICLES]
    return letters, initials


def _initials_found(letters: Sequence[str], initials: Sequence[str]) -> int:
    """How many of the letters are initials, each initial used once, in any order."""
    pool = list(initials)
    found = 0
    for ch in letters:
        if ch in pool:
            pool.remove(ch)
            found += 1
    return found


@lru_cache(maxsize=100_000)
def acronym_fits(acronym: str, name: str) -> bool:
    """Could ACRONYM be made from NAME's words? Either most of its letters (three in five)
    are initials of the name's words, in any order (a translated name keeps its acronym's
    letters but not their order: "Revolutionary Armed Forces of Colombia (FARC)"), or it is
    made of the beginnings of the name's syllables, in order, from its first letter
    ("Dirección Antidrogas (DIRANDRO)").

    >>> acronym_fits("FARC", "Revolutionary Armed Forces of Colombia")
    True
    >>> acronym_fits("COMEP", "Middle East")
    False
    """
    letters, initials = _letters_and_initials(acronym, name)
    if len(letters) < 2 or len(initials) < 2:
        return False
    if _of_tail_spells(letters, name):
        return False
    found = _initials_found(letters, initials)
    if found >= 2 and found >= 0.6 * len(letters):
        return True
    joined = "".join(w for w in (fold(x) for x in _WORD.findall(name)))
    if len(letters) < 3 or not joined or letters[0] != joined[0]:
        return False
    rest = iter(joined)
    return all(ch in rest for ch in letters)  # a subsequence, in order


def own_words(key: str) -> tuple[list[str], list[str]]:
    """A person's name split at its first "bin" ("son of"): the person's own words, and
    those of the father's line and family after it ("Isa bin Salman Al Khalifa")."""
    words = key.split()
    cut = next((k for k, w in enumerate(words) if w in PATRONYMIC and k > 0), len(words))
    return words[:cut], [w for w in words[cut + 1 :] if w not in PERSON_PARTICLES]


_OF = frozenset({"of", "for", "on", "de", "del", "do", "da", "dos", "das", "du", "des", "di",
                 "para", "pour", "sobre", "sur"})
_ON = frozenset({"on", "sobre", "sur"})


def _of_tail_spells(letters: Sequence[str], name: str) -> bool:
    """Is the acronym spelt by the words after the name's "of" (or "for", "on") alone, and
    not from its first word? Then it is the acronym of what follows: "the Human Rights
    Committee of the Qadhafi Development Foundation (QDF)", "Latin American Operations for
    the Motion Picture Association (MPA)", "the Open-Ended Session on Nuclear Suppliers
    Group (NSG)"."""
    words = [fold(x) for x in _WORD.findall(name)]
    cut = next((k for k, w in enumerate(words) if w in _OF and k > 0), None)
    if cut is None or letters[0] == words[0][0]:
        return False
    if words[cut] in _ON and words[-1] not in GROUP_HEADS:
        return False  # what a treaty is on is no body: "Treaty on Conventional Armed Forces
        # in Europe (CFE)"
    _, tail = _letters_and_initials("", " ".join(words[cut + 1 :]))
    return _initials_found(letters, tail) == len(letters)


def _tokens(key: str) -> list[str]:
    return [t for t in key.split() if t not in PERSON_PARTICLES]


ALL_PAIRS_UP_TO = 200  # distinct full names in one document compared all with all


def _variant_pairs(names: Sequence[int], keys: Sequence[str]) -> Iterator[tuple[int, int]]:
    """The pairs of full names of one document to compare as spelling variants, in order:
    all of them for an ordinary document; for a very long one (a book, a dump), only names
    that share the start or the end of a word ("Qadhafi" and "Gadhafi" share "afi"), so
    that the work stays near linear."""
    if len(names) <= ALL_PAIRS_UP_TO:
        for x, i in enumerate(names):
            for j in names[x + 1 :]:
                yield i, j
        return
    position = {i: x for x, i in enumerate(names)}
    blocks: dict[str, list[int]] = {}
    for i in names:
        for tok in _tokens(keys[i]):
            for block in {"<" + tok[:3], tok[-3:] + ">"}:
                blocks.setdefault(block, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) > ALL_PAIRS_UP_TO:
            continue  # a word half the names share says nothing about spelling
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j) if position[i] < position[j] else (j, i))
    yield from sorted(pairs, key=lambda p: (position[p[0]], position[p[1]]))


def link_document(extraction: Extraction) -> list[LinkedMention]:
    """Give each mention of one document an entity key; short forms join their full name."""
    linked, _ = link_document_clusters(extraction)
    return linked


def link_document_clusters(
    extraction: Extraction, home: str | None = None,
) -> tuple[list[LinkedMention], list[LocalCluster]]:
    """Cluster one document's mentions: aliases it declares, short forms, spelling variants.
    HOME, the country (alpha-3, lower case) of the post a cable came from, is the country of
    its generic institutions and acronyms, and stands for the country the document is about
    when it names none."""
    from reader.link.names import LINK, arabic_name, compare_people

    # a title alone ("Vice President", "the DCM") names an office, not an entity
    mentions = [m for m in extraction.mentions if not is_bare_title(m.text)]
    kept = {id(m): i for i, m in enumerate(mentions)}
    index_of = {old: kept[id(m)] for old, m in enumerate(extraction.mentions) if id(m) in kept}
    aliases = [(index_of[a], index_of[b]) for a, b in extraction.aliases
               if a in index_of and b in index_of]
    keys = [normalise_name(m.text, titles=m.type == "person") for m in mentions]
    parent = list(range(len(mentions)))
    alias_of: set[int] = set()  # mentions that joined through a declared alias

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Aliases the text declares: the alias joins the name it stands for.
    # A place in parentheses after a place is most often the place that contains it
    # ("Callao port (Lima)"): for places only an acronym is an alias ("... Valley (VRAE)").
    # A country is an alias only of itself: "Boeing (US)" says where Boeing is from, and
    # "Department of Public Information (DPI)" is not India for naming it.
    countries = _countries_for(extraction.language)
    foreign = foreign_only(normalise_untitled) if extraction.language == "en" else frozenset()
    for short, long in aliases:
        acronym = mentions[short].text.isupper() and " " not in mentions[short].text.strip()
        if mentions[long].type == "place" and not acronym:
            continue
        if acronym and not acronym_fits(mentions[short].text, mentions[long].text):
            continue  # "Middle East (COMEP)": the letters are not the name's
        if acronym and mentions[long].type == "place" and not _all_initials(
                mentions[short].text, mentions[long].text):
            continue  # "Sao Paulo (USP)": the university, not the city
        if countries.get(keys[short]) != countries.get(keys[long]):
            continue
        if mentions[short].type == mentions[long].type or acronym:
            parent[find(short)] = find(long)
            alias_of.add(short)

    # Mentions with the same key share a cluster.
    first_with_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        k = (m.type, keys[i])
        if k in first_with_key:
            parent[find(i)] = find(first_with_key[k])
        else:
            first_with_key[k] = i

    people = [i for i, m in enumerate(mentions) if m.type == "person"]
    full_names = sorted(
        (i for i in people if len(_tokens(keys[i])) >= 2), key=lambda i: -len(keys[i])
    )
    # Spelling variants of one full name in the same text ("Eric Omar Angulo Urtusuastegui",
    # "Erick Angulo Urtusvastegui").
    distinct = list({keys[i]: i for i in full_names}.values())
    for i, j in _variant_pairs(distinct, keys):
        if find(i) != find(j) and compare_people(keys[i], keys[j]).score >= LINK:
            parent[find(j)] = find(i)

    # Short forms of people's names: a mention whose words are the tail of a longer name, or
    # one of its surnames, joins the longest such name in the document.
    # Every rule below needs the short form's first word among the long name's words: the
    # full names are looked up by word, so the work grows with the mentions, not their square.
    with_word: dict[str, list[int]] = {}
    for j in full_names:
        for tok in dict.fromkeys(_tokens(keys[j])):
            with_word.setdefault(tok, []).append(j)
    found_for: dict[str, list[int]] = {}
    for i in people:
        toks = _tokens(keys[i])
        if not toks or i in alias_of:
            continue
        if keys[i] in found_for:
            candidates = found_for[keys[i]]
            roots = {find(j) for j in candidates}
            if len(roots) == 1:
                parent[find(i)] = roots.pop()
            continue
        candidates = []
        found_for[keys[i]] = candidates
        for j in with_word.get(toks[0], ()):
            if j == i or keys[j] == keys[i]:
                continue
            long_toks = _tokens(keys[j])
            if len(long_toks) <= len(toks):
                continue
            if arabic_name(keys[j]) and toks[0] != long_toks[0] and (
                    keys[i].split()[0] not in PATRONYMIC) and (
                    len(toks) > 1 or toks[0] in own_words(keys[j])[1]):
                # the father's names in an Arabic name: "Muammar Qadhafi" beside "Aisha
                # Muammar al-Qadhafi", "Abdalaziz" beside "Nayif bin Abdalaziz" (a family
                # name keeps its particle: "Bin Laden", "Ben Ali")
                continue
            if long_toks[-len(toks) :] == toks or (
                len(toks) == 1 and toks[0] in long_toks[1:]
            ) or _is_subsequence(toks, long_toks[1:]) or (
                # "Rene" after "Rene van der Linden": a given name alone, the one person of
                # the document who bears it
                len(toks) == 1 and long_toks[0] == toks[0] and is_given_name(toks[0])
            ):
                candidates.append(j)
        # Only when the short form is unambiguous in this document ("Rivera" alone, with two
        # Riveras named, stays on its own).
        roots = {find(j) for j in candidates}
        if len(roots) == 1:
            parent[find(i)] = roots.pop()

    clusters: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        clusters.setdefault(find(i), []).append(i)
    out: list[LinkedMention | None] = [None] * len(mentions)
    local: list[LocalCluster] = []
    context = document_country(mentions, keys, countries, home)
    story = story_countries(mentions, keys, countries)
    if home and home != "usa":
        story = story or [home]
    for members in clusters.values():
        head = _canonical(mentions, keys, members)
        etype = mentions[head].type
        key = keys[head]
        if not key:
            continue
        names = {key}
        for i in members:
            # a person's surname alone is a short form, not a name to match across documents
            if keys[i] and (etype != "person" or i in alias_of or len(_tokens(keys[i])) >= 2):
                names.add(keys[i])
        name = " ".join(mentions[head].text.split())
        if context and etype == "group" and is_generic(key) and not (
                names & organisation_table(normalise_untitled).keys()):
            names.add(CONTEXT_MARK + context)  # "Supreme Court" of which country
        if names & foreign:
            names.add(NOT_A_COUNTRY)  # "Franca" in an English text: a town, not França
        if etype == "person" or (etype == "group" and any(
                " " not in n and len(n) <= 8 for n in names)):
            # "Gutierrez" (and "Lino Gutierrez"), "AIT": in a story about which countries
            names.update(STORY_MARK + c for c in story)
            if story:
                names.add(MAIN_STORY_MARK + story[0])  # the country it names most
            if etype == "group" and home and home != "usa":
                names.add(POST_MARK + home)  # ("the MFA" of a cable: its host's)
        local.append(LocalCluster(type=etype, key=key, name=name, names=tuple(sorted(names))))
        for i in members:
            out[i] = LinkedMention(
                mention=mentions[i], entity_type=etype, entity_key=key,
                entity_name=name, norm=keys[i],
            )
    return [lm for lm in out if lm is not None], local


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    """Are the words of `short` contiguous inside `long`? ("saturno vergara")."""
    n = len(short)
    return n >= 2 and any(list(long[k : k + n]) == list(short) for k in range(len(long) - n + 1))


def _canonical(mentions: Sequence[Mention], keys: Sequence[str], members: list[int]) -> int:
    """The cluster's name: its longest name that is not an acronym, first seen first."""
    def rank(i: int) -> tuple[int, int, int]:
        text = mentions[i].text
        return (0 if text.isupper() and len(text) <= 8 else 1, len(_tokens(keys[i])), -i)

    return max(members, key=rank)
