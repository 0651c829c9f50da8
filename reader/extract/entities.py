"""Named people, groups and places, with character offsets into the text.

Built in, rule based, English and Spanish, no model to download. The approach:

1. Find runs of capitalised words, allowing the connectors that live inside names
   ("Jorge del Castillo", "Apurimac and Ene River Valley", "National Chamber of Fishing of
   Piura") and one line break (cables wrap lines in the middle of names).
2. Cut each run where a connector joins two separate names ("Peru and Colombia"), drop the
   words that are capitalised only because a sentence or heading starts there, titles
   ("Ambassador", "Judge") and nationality adjectives, and the possessive 's.
3. Type each name from evidence: place names (GeoNames), given names, head nouns
   ("... Commission" is a group, "... Valley" a place), the words around it ("agency
   Dirandro", "through Cayramayo", "Shining Path guerrillas", "McKinley writes"), and,
   inside one document, its aliases ("Sendero Luminoso (Shining Path)", "Narcotics Affairs
   Section ... NAS") and its longer forms ("McKinley" is the surname of "P. Michael
   McKinley").
4. Headlines, title-case headings and all-capitals lines are unreliable evidence of a name:
   there, only names already found in the prose of the document, and known places, are kept.

Pure functions: no database, no Textual.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from reader.extract import lexicon as lx
from reader.extract.gazetteer import is_demonym, is_place, places
from reader.models import EntityType, Extraction, Mention
from reader.text.cables import REPRINTED_HEADER_LINE_RE, TELEGRAM_LINE_RE
from reader.text.countries import first_words as country_first_words
from reader.text.countries import is_country
from reader.text.fold import fold
from reader.text.given import is_given_name
from reader.text.language import language_of
from reader.text.names import (
    GROUP_CONNECTORS,
    NAME_SUFFIXES,
    OFFICE_HEADS,
    OFFICE_QUALIFIERS,
    PERSON_PARTICLES,
    PERSON_TITLES,
    TITLE_ABBREVIATIONS,
)
from reader.text.organisations import organisation_table

# -- tokens ----------------------------------------------------------------------------------


def _alternation(words: frozenset[str]) -> str:
    """A regex alternation of ``words``, longest first; a space stands for spaces or tabs."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w).replace(r"\ ", r"[ \t]+") for w in ordered) + ")"


# "Gen.", "Sra.", "Jr.": a title or suffix with its full stop is one capitalised word
_ABBREV = _alternation(frozenset(w.title() for w in TITLE_ABBREVIATIONS | NAME_SUFFIXES)) + r"\."
_CAPWORD = (
    r"(?:\p{Lu}\.(?:\p{Lu}\.)+"  # U.S., D.C.
    + r"|\p{Lu}{2}\.(?:\p{Lu}{2}\.)+"  # EE.UU., FF.AA.: a Spanish plural's doubled letters
    + r"|" + _ABBREV
    + r"|\p{Lu}\.(?=[ \t]+\p{Lu})"  # an initial: P. Michael
    # the Arabic article, written in lower case and joined to its name: al-Qadhafi, el-Din
    + r"|[ae]l-\p{Lu}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*"
    + r"|(?:Mc|Mac|O['’]|D['’])?\p{Lu}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*)"
)
# the lower-case words that may stand between two capitalised words of one name ("le" and
# "ter" are particles, but the runs have never taken them)
_CONNECTOR = _alternation((GROUP_CONNECTORS | PERSON_PARTICLES) - {"le", "ter"})
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_RUN = regex.compile(
    # (the lookahead only says what every capitalised word starts with: the search skips
    # ahead on it, twice as fast as trying each alternative of a word at every character)
    rf"(?=\p{{Lu}}|[ae]l-)(?<![\p{{L}}\p{{M}}\p{{N}}_@/#.-]){_CAPWORD}"
    rf"(?:{_SEP}(?:{_CONNECTOR}{_SEP})*{_CAPWORD})*"
    rf"(?![\p{{L}}\p{{N}}_@/-])"
)
_WORD_IN_RUN = regex.compile(rf"{_CAPWORD}|[\p{{L}}&]+")
# (searched backwards from the position: ten times faster than forwards)
_WORD_BEFORE = regex.compile(r"(?r)([\p{L}\p{M}'’.-]*[\p{L}\p{M}.])[^\p{L}\p{N}]{0,4}?$")
_WORD_AFTER = regex.compile(r"^[\s,)\]\"”’]{0,4}([\p{L}\p{M}'’-]+)")
_POSSESSIVE = regex.compile(r"['’]s?$")
_POSSESSIVE_S = regex.compile(r"['’]s$")
_ACRONYM = regex.compile(
    r"^(?:\p{Lu}\.){2,}$|^\p{Lu}[\p{Lu}\d&-]{1,7}$|^\p{Lu}{2,3}[a-z]?\p{Lu}{1,3}$"
)

_ALPHA_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*")
_OPEN_PAREN_GAP = regex.compile(
    r"[ \t]*\n?[ \t]*\([ \t]*(?:(?:aka|a\.k\.a\.?|alias|also known as)[ \t\n]+)?[\"“]?"
)
# what may follow a name in parentheses for it to be the whole gloss ("(FARC)", "(FARC, for
# its Spanish initials)", "(VRAE por sus siglas)"), not the start of a longer one ("Ramadan
# (Eid al-Fitr)") nor the first of a list ("Oasis Group (ConocoPhillips, Marathon, Hess)")
_PAREN_ALIAS_END = regex.compile(
    r"[\"”]?[ \t]*(?:\)|[,;][ \t]*(?:\p{Ll}|\d)|\n?[ \t]*"
    r"(?:by|for|in|as|por|pela|pelas|pelo|en|em|pour|selon)[ \t\n])")
_LOWER = regex.compile(r"\p{Ll}")
_APOSTROPHE_NAME = regex.compile(r"['’][\p{L}]{2,}$")  # O'Brien, D'Alessio
_CARTEL_AFTER = regex.compile(r"[ \t]*\n?[ \t]*(cartels?|cártel)\b")
_REDACTED = regex.compile(r"X{3,}")
_HEADER_ENDS = regex.compile(r"^-+[ \t]*header ends[ \t]*-+[ \t]*$", regex.MULTILINE)
_REF_BLOCK = regex.compile(r"^[ \t]*REFS?:.*?(?:\n[ \t]*\n|\Z)", regex.MULTILINE | regex.DOTALL)
# A cable's header flattened onto one paragraph (the cables.csv layout): "SUBJECT: POLISH PM
# TUSK'S VISIT TO MOSCOW REF: A. MOSCOW 267 B. MOSCOW 5585 Classified By: ..."
_HEADER_PART_ENDS = r"(?=[ \t\n]+(?:REFS?:|(?i:classified[ \t]+by))|\n[ \t]*\n|\Z)"
_REF_INLINE = regex.compile(r"(?<=\s)REFS?:[ \t].{0,600}?" + _HEADER_PART_ENDS, regex.DOTALL)
_SUBJECT = regex.compile(r"SUBJECT:[ \t]*(.{1,400}?)" + _HEADER_PART_ENDS, regex.DOTALL)


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    words: list[str]
    titled: bool = False  # a title such as "Ambassador" stood before it
    sentence_start: bool = False
    weak: bool = False  # no evidence, and unlikely to be a name without some
    guess: bool = False  # its votes are only a default guess
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    type: EntityType | None = None

    @property
    def text(self) -> str:
        return " ".join(self.words)


# -- lexical tests -------------------------------------------------------------------------


# The language of the text being read (set by `extract`). How common a word is counts in
# English, which every text here borrows from, and in the text's own language; the scale of
# the other languages is shifted by one, so that "common" stays about as strict: Spanish
# "Así", "Nada" and "Según" (Zipf 5.6 to 6.1) are common words, "García" (4.8) is a name.
_LANGUAGE: ContextVar[str] = ContextVar("language", default="en")
OWN_LANGUAGE_SHIFT = 1.0


def _common_english(word: str) -> float:
    """Zipf frequency of a word in English or, shifted down, in the text's language."""
    return _commonness(word, _LANGUAGE.get())


# Bounded caches: a word's lexical tests are pure, and most words recur, but a whole leak
# has millions of distinct words (names, misspellings): an unbounded cache grows with it.
WORD_CACHE_SIZE = 100_000


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _commonness(word: str, language: str, shift: float = OWN_LANGUAGE_SHIFT) -> float:
    from wordfreq import zipf_frequency

    english = max(zipf_frequency(word, "en"), 0.0)
    if language == "en":
        return english
    return max(english, zipf_frequency(word, language) - shift)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word)) and len(word.replace(".", "")) >= 2


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _is_connector(word: str) -> bool:
    f = fold(word)
    return f in GROUP_CONNECTORS or f in PERSON_PARTICLES


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _is_title(word: str) -> bool:
    return fold(word) in PERSON_TITLES


def _is_known_group(text: str) -> bool:
    """Is this the name of an organisation every cable story names (the well-kept alias
    data of `reader.text.organisations`, in four languages), or one of the lexicon's?"""
    f = fold(text)
    return f in lx.KNOWN_GROUPS or f in organisation_table(fold)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _is_not_name(word: str) -> bool:
    f = fold(word).rstrip(".")
    return f in lx.FUNCTION_WORDS or f in lx.NOT_NAMES


@cache
def _place_first_words() -> frozenset[str]:
    """The first words of the (folded) place names."""
    return frozenset(p.split(" ", 1)[0] for p in places())


def _is_place_phrase(phrase: str) -> bool:
    """`is_place` for a phrase of words, most of which name no place: their first word is
    tested first, for less than folding the phrase costs (an ASCII phrase's folded form
    begins with its first word in lower case)."""
    if phrase.isascii():
        head = phrase.split(None, 1)
        if head and head[0].lower() not in _place_first_words():
            return False
    return is_place(phrase)


# -- regions of a text -------------------------------------------------------------------


def _skipped_ranges(text: str, kind: str) -> list[tuple[int, int]]:
    """Character ranges that are not prose: cable furniture and a site's preview block.

    In an article, only a reprinted cable header line ("S E C R E T LIMA 000345").
    """
    if kind != "cable":
        return [(m.start(), m.end()) for m in REPRINTED_HEADER_LINE_RE.finditer(text)]
    ranges: list[tuple[int, int]] = []
    ends = _HEADER_ENDS.search(text)
    if ends:
        ranges.append((0, ends.end()))
    for m in _REF_BLOCK.finditer(text):
        ranges.append((m.start(), m.end()))
    for m in _REF_INLINE.finditer(text, 0, 3000):
        ranges.append((m.start(), m.end()))
    for m in TELEGRAM_LINE_RE.finditer(text):
        line_end = text.find("\n", m.start())
        ranges.append((m.start(), len(text) if line_end < 0 else line_end))
    ranges.extend(_classified_by_tails(text))
    return ranges


_CLASSIFIED_BY = regex.compile(r"(?i)classified[ \t]+by[ \t]*:[ \t]*")
_CLASSIFICATION_ENDS = regex.compile(r"(?i)\breasons?\b|\bfor[ \t]+reasons?\b|\n[ \t]*\n")


def _classified_by_tails(text: str) -> list[tuple[int, int]]:
    """In a cable's "Classified By:" line only the person names anyone: "Ambassador Liliana
    Ayalde, Ambassador, State, Front Office; REASON: 1.4 (b)" gives the ambassador, not the
    office (nor the State Department, named so in every cable). The person is the first part
    before a comma, or the first two when the surname comes first ("Hodges, Heather M")."""
    out: list[tuple[int, int]] = []
    for m in _CLASSIFIED_BY.finditer(text):
        start = m.end()
        end_m = _CLASSIFICATION_ENDS.search(text, start, start + 300)
        stop = end_m.start() if end_m else min(len(text), start + 300)
        if end_m is not None and end_m.group().strip():
            # "CLIFFORD SOBEL REASONS 1.4 (B)", "ADAM ERELI FOR REASONS": the reasons are no
            # part of the name
            line_end = text.find("\n", end_m.start())
            out.append((end_m.start(), len(text) if line_end < 0 else line_end))
        parts = regex.split(r"[,;]", text[start:stop])
        if len(parts) < 2:
            continue
        keep = 1
        if len(parts[0].split()) == 1 and 1 <= len(parts[1].split()) <= 3:
            keep = 2  # surname first
        kept = sum(len(p) + 1 for p in parts[:keep]) - 1
        if start + kept < stop:
            out.append((start + kept, stop))
    return out


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


_LETTER = regex.compile(r"\p{L}")
_UPPER_LETTER = regex.compile(r"\p{Lu}")


def _line_shape(line: str) -> str:
    """'caps' for an all-capitals line, 'title' for a headline-case line, else 'prose'."""
    upper = len(_UPPER_LETTER.findall(line))  # (counted in C: every line of every text)
    # (a line of capitals is mostly letters: one with capitals for a fifth of its characters
    # or fewer is not, and its letters need no counting)
    if upper >= 7 and upper > 0.2 * len(line):
        letters = len(_LETTER.findall(line))
        if letters >= 8 and upper / letters > 0.8:
            return "caps"
    if line.rstrip().endswith((".", "?", "!", ",", ";", '"', "”")):
        return "prose"
    words = [w for w in _ALPHA_WORD.findall(line) if len(w) >= 4]
    if len(words) >= 2:
        capped = [w for w in words if w[0].isupper()]
        if len(capped) / len(words) >= 0.7 and sum(
                1 for w in capped if _common_english(fold(w)) >= 4.0
                and not is_given_name(w) and not is_place(w)) >= 2:
            return "title"
    return "prose"


# A rule or an empty line: "-----", "- - -", "=== ===".
_SEPARATOR_LINE = regex.compile(r"^[ \t]*(?:[-=_*~#](?:[ \t]*[-=_*~#]){2,}[ \t]*)?$")
# A cable's subject line ("SUBJECT: Peru Signs Agreement") is a headline, wherever it stands.
_LABELLED_HEADING = regex.compile(r"^[ \t]*(?:SUBJECT|SUBJ|Subject)[ \t]*:")


def _shape_at(text: str, ls: int, le: int) -> str:
    """The line's shape; a headline is a title-case line standing on its own."""
    if _CLASSIFIED_BY.search(text, ls, le):
        return "prose"  # ("CLASSIFIED BY: Gene A. Cretz, Ambassador", in any case: its
        # person is found by the rules for that line)
    shape = _line_shape(text[ls:le])
    if shape != "title":
        return shape
    prev_s = text.rfind("\n", 0, max(0, ls - 1)) + 1
    prev_line = text[prev_s : ls - 1] if ls > 0 else ""
    next_e = text.find("\n", le + 1)
    next_line = text[le + 1 : len(text) if next_e < 0 else next_e] if le < len(text) else ""
    if _SEPARATOR_LINE.match(prev_line) and _SEPARATOR_LINE.match(next_line):
        return "title"
    if _LABELLED_HEADING.match(text[ls:le]):
        return "title"
    return "prose"


def _at_sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"“‘'(*_#>[":
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in ".!?:;)]”•–—|":
        return True
    if ch == "\n":
        # A new line after a blank line, or after a line that ended a sentence.
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        return j < 0 or text[j] in "\n.!?:;)\"”"
    return False


def _word_before(text: str, pos: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def _word_after(text: str, pos: int) -> str:
    m = _WORD_AFTER.match(text[pos : pos + 40])
    return m.group(1) if m else ""


# -- step 1 and 2: runs of capitalised words, cut and trimmed ---------------------------------


def _capitalised(word: str) -> bool:
    """Does this word of a run begin a name's word ("Qadhafi", and "al-Qadhafi": the Arabic
    article joined to its name)?"""
    return word[0].isupper() or (word[2:3] == "-" and word[3:4].isupper())


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), *m.span()) for m in _WORD_IN_RUN.finditer(text, start, end)]


def _split_run(text: str, toks: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """Cut a run at connectors that join two names rather than belong to one."""
    pieces: list[list[tuple[str, int, int]]] = [[]]
    i = 0
    while i < len(toks):
        word, s, _ = toks[i]
        # A line break after a short line (a heading, a dateline) ends the name.
        if pieces[-1]:
            gap = text[pieces[-1][-1][2] : s]
            if "\n" in gap:
                ls, _ = _line_bounds(text, pieces[-1][-1][2])
                if pieces[-1][-1][2] - ls < 40:
                    pieces.append([])
        if not _capitalised(word) or word == "&":
            # a run of connectors between two capitalised words
            j = i
            while j < len(toks) and (not _capitalised(toks[j][0]) or toks[j][0] == "&"):
                j += 1
            conn = [t[0].lower() for t in toks[i:j]]
            if not _keep_connectors(pieces[-1], conn, toks[j:]) and not _spelt_by_acronym(
                    text, pieces[-1], toks[j:]) and not _place_across(pieces[-1], conn, toks[j:]):
                pieces.append([])
            else:
                pieces[-1].extend(toks[i:j])
            i = j
            continue
        if _REDACTED.fullmatch(word):
            pieces.append([])  # "NGOs XXXXXXXXXXXX": a redacted name ends any name
            i += 1
            continue
        if pieces[-1] and _starts_a_name_inside(text, pieces[-1], toks, i):
            pieces.append([])
        pieces[-1].append(toks[i])
        if word.endswith(("'s", "’s")) and len(word) > 3 and not _possessive_inside(
                word, toks[i + 1][0] if i + 1 < len(toks) else ""):
            pieces.append([])  # "Peru's La Republica": a possessive ends a name
        i += 1
    return [p for p in pieces if p]


def _possessive_inside(word: str, after: str) -> bool:
    """Is this possessive part of an institution's name ("People's Congress", "Women's
    Union"): a common noun's, right before the institution's head noun?"""
    stem = word[:-2]
    return (fold(after) in lx.GROUP_HEADS and not is_place(stem) and not is_given_name(stem)
            and _common_english(fold(stem)) >= 4.0)


def _place_across(left: list[tuple[str, int, int]], conn: list[str],
                  right: list[tuple[str, int, int]]) -> bool:
    """Do the connectors stand inside a place's name ("Rio de Janeiro", "Bosnia and
    Herzegovina", "Mato Grosso do Sul")? Then they belong to it."""
    middle = " ".join(conn)
    for a in range(1, min(3, len(left)) + 1):
        head = " ".join(t[0] for t in left[-a:])
        for b in range(1, min(3, len(right)) + 1):
            if _is_place_phrase(f"{head} {middle} " + " ".join(t[0] for t in right[:b])):
                return True
    return False


_ACRONYM_AFTER = regex.compile(r"[ \t]*\(([A-Z]{2,8})\)")


def _spelt_by_acronym(text: str, left: list[tuple[str, int, int]],
                      right: list[tuple[str, int, int]]) -> bool:
    """Is the whole run the name that the acronym in parentheses after it spells, letter by
    letter ("Multinational Force and Observers (MFO)")? Then a connector inside it is part
    of the name."""
    if not left or not right:
        return False
    m = _ACRONYM_AFTER.match(text, right[-1][2])
    if m is None:
        return False
    initials = "".join(t[0][0] for t in (*left, *right) if t[0][0].isupper())
    return initials == m.group(1)


def _starts_a_name_inside(text: str, before: list[tuple[str, int, int]],
                          toks: list[tuple[str, int, int]], i: int) -> bool:
    """Does a new name start at toks[i], after a role or an institution?

    "Director-General of the Institute ... Amb. Carlos Henrique Cardim": a title followed by a
    capitalised word starts a person's name; so does a given name after words that are not
    themselves a name ("Staff Antonio Salgado", "WHA DAS Chris McMullen").
    """
    word = toks[i][0]
    nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
    if (len(before) >= 2 and is_given_name(before[0][0]) and not is_given_name(before[-1][0])
            and is_given_name(word) and nxt[:1].isupper()
            and "\n" in text[before[-1][2] : toks[i][1]]):
        return True  # a list, a name a line: "Director Jaime Bermudez\nFrancisco Gonzalez"
    if _is_title(word) and nxt[:1].isupper() and not _is_title(before[-1][0]) and (
            fold(before[-1][0]) not in OFFICE_QUALIFIERS) and not (  # "Vice Minister"
            _portfolio(before)) and not (  # "Interior Minister", "Deputy Finance Minister"
            is_given_name(before[-1][0]) and not _is_acronym(before[-1][0])):
        return True  # (but in "Jaime Mayor Oreja" a given name comes first: a surname)
    if not is_given_name(word) or not nxt[:1].isupper():
        return False
    return all(
        len(w.rstrip(".")) > 1 and (_is_acronym(w) or _is_title(w) or (
            _common_english(fold(w)) >= 4.0 and not is_given_name(w) and not is_place(w)))
        for w, _, _ in before
    ) and not (_is_place_phrase(" ".join(t[0] for t in before[-2:]) + " " + word)
               or _is_place_phrase(before[-1][0] + " " + word))  # "New York Times"


def _portfolio(words: list[tuple[str, int, int]]) -> bool:
    """Do these words, before a title, say which office it is ("Interior", "Deputy Finance",
    "Colombian Defense")? Titles, qualifiers, nationalities and common words, no name."""
    return len(words) <= 2 and all(
        _is_title(w) or fold(w) in OFFICE_QUALIFIERS or _nationality(fold(w))
        or (_common_english(fold(w)) >= 3.5 and not is_given_name(w) and not is_place(w))
        for w, _, _ in words)


# the head nouns of groups and places; the words that make a phrase an organisation's
_HEADS = lx.GROUP_HEADS | lx.PLACE_HEADS
_ORG_WORDS = lx.GROUP_HEADS | lx.GROUP_STARTS | lx.NON_ENTITY_HEADS


def _keep_connectors(left: list[tuple[str, int, int]], conn: list[str],
                     right: list[tuple[str, int, int]]) -> bool:
    if not left or not right:
        return False
    lw = [fold(t[0]) for t in left]
    rw = [fold(t[0]) for t in right]
    joined = " ".join(conn)
    # Spanish and other name particles between two parts of a person's name.
    if (joined in PERSON_PARTICLES and joined not in ("y", "el", "la", "al")
            and _HEADS.isdisjoint(lw)
            and lw[-1] not in lx.GROUP_STARTS):
        return True
    heads = _HEADS
    org_like = bool(
        not _ORG_WORDS.isdisjoint(lw)
        or set(rw) & heads
        or lw[0] in lx.GROUP_STARTS
    )
    if joined in ("of", "for", "de", "del", "de la", "de los", "de las", "para", "without",
                  "sin", "of the", "for the", "do", "da", "dos", "das", "du", "des"):
        # "Minister Laura Matamoros of Costa Rica": a titled person's name ends before "of"
        titled_person = any(_is_title(left[k][0]) and k + 1 < len(left)
                            and is_given_name(left[k + 1][0]) for k in range(min(2, len(left))))
        # "Richard Downie of the Center for ...": so does a given name and a surname
        titled_person = titled_person or (
            len(left) >= 2 and is_given_name(left[0][0]) and not set(lw) & lx.GROUP_HEADS
            and not _is_acronym(left[0][0]) and lw[0] not in lx.GROUP_STARTS)
        return org_like and not titled_person
    if joined in ("in", "en", "on", "to", "against", "contra", "the"):
        # "Board in Washington" is a board and a place; "Life Without Drugs" one name.
        return lw[-1] not in heads and rw[-1] in heads and len(rw) >= 2
    if joined in ("and", "y", "&"):
        # "Apurimac and Ene River Valley", "Commission for Development and Life ...":
        # kept when what follows is the longer head of one name, or the name began as an
        # institution's name does; never between two complete names ("Toledo and Congress").
        if _is_place_phrase(" ".join(t[0] for t in left)) and not set(rw) & lx.PLACE_HEADS:
            return False
        if len(rw) >= 2 and rw[-1] in heads and rw[0] not in heads and not (
                len(lw) >= 2 and (is_demonym(right[0][0]) or is_place(right[0][0]))):
            return True  # (but "Medco Energi and Libyan National Oil Corporation": two)
        named = [w for w, (word, _, _) in zip(lw, left, strict=True)
                 if w not in lx.FUNCTION_WORDS]  # ("The Ministry of ...")
        if len(named) >= 3 and (named[0] in lx.DEMONYMS or is_demonym(left[0][0])):
            named = named[1:]  # ("the Swiss Service for Analysis and Prevention")
        return bool(named) and named[0] in lx.GROUP_STARTS and len(named) >= 2 and not (
            _is_place_phrase(" ".join(t[0] for t in right))  # ("the Ministry of Health and Chile")
            or is_given_name(right[0][0]))
    return False


def _trim(text: str, toks: list[tuple[str, int, int]], sentence_start: bool) -> tuple[
        list[tuple[str, int, int]], bool]:
    """Drop words capitalised only by position, titles, demonyms; report a title was seen."""
    titled = False
    toks = list(toks)
    # "Defense Minister Antero Flores Araoz", "Commanding General Donayre": a title phrase
    # made of common words ending in a title word.
    for k in range(1, min(3, len(toks) - 1)):
        if _is_title(toks[k][0]) and all(
            _is_title(t[0]) or fold(t[0]) in OFFICE_QUALIFIERS
            or (_common_english(fold(t[0])) >= 3.5 and not is_given_name(t[0]))
            for t in toks[:k]
        ) and not _institution_after(text, toks[k + 1 :]):
            toks = toks[k + 1 :]
            # ("Vice President of the Board": the body whose office it is, not its holder)
            titled = bool(toks) and _capitalised(toks[0][0])
            break
    first = True
    while toks:
        word = toks[0][0]
        f = fold(word).rstrip(".")
        at_start = sentence_start and first
        if _is_title(word) and len(toks) > 1 and not _institution_after(text, toks[1:]):
            titled = True
            toks.pop(0)
            # "Judge de la Cruz": name particles after a title belong to the name;
            # "Director of the National Chamber": other connectors do not.
            k = 0
            while k < len(toks) and not _capitalised(toks[k][0]):
                k += 1
            if " ".join(t[0].lower() for t in toks[:k]) not in PERSON_PARTICLES:
                if k:  # "Chief of Army Staff", "Vice President of the Board": the body
                    titled = False  # whose office it is, not its holder
                toks = toks[k:]
                first = False
                continue
            break
        elif f in ("el", "la", "los", "las") and len(toks) > 1 and toks[1][0][0].isupper() and (
                not is_country(" ".join(t[0] for t in toks[1:]))):
            break  # El Comercio, La Republica (but "los EE.UU.": the article goes)
        elif len(toks) > 1 and is_demonym(f"{word} {toks[1][0]}") and (
                len(toks) == 2 or not _rest_is_organisation(toks[2:])):
            toks.pop(0)  # "Costa Rican officials", "Sri Lankans": a nationality in two words
        elif _drop_leading(text, word, toks, at_start):
            pass
        else:
            break
        toks.pop(0)
        first = False
    # trailing connectors and generic words
    while toks and (_is_connector(toks[-1][0]) and not _capitalised(toks[-1][0])):
        toks.pop()
    while toks and _is_not_name(toks[-1][0]) and not _is_acronym(toks[-1][0]):
        toks.pop()
        while toks and _is_connector(toks[-1][0]) and not _capitalised(toks[-1][0]):
            toks.pop()
    return toks, titled


def _institution_after(text: str, rest: list[tuple[str, int, int]]) -> bool:
    """Does a title word begin an institution's name rather than stand before a person's
    ("General Assembly", "General People's Committee", "General Staff" where the text
    writes "staff")?"""
    if not rest or not rest[0][0][:1].isupper():
        return False  # ("Director of the Chamber": an office of it, the title goes)
    words = [fold(t[0]) for t in rest if t[0][:1].isupper()]
    return bool(words) and (any(w in lx.GROUP_HEADS for w in words)
                            or _used_in_lower_case(text, words[-1]))


def _drop_leading(text: str, word: str, toks: list[tuple[str, int, int]], at_start: bool) -> bool:
    """Is this first word of a phrase not part of the name that follows?"""
    if len(toks) > 1 and fold(word) in country_first_words() and (
            is_country(" ".join(t[0] for t in toks[:3]))
            or is_country(" ".join(t[0] for t in toks[:2]))):
        return False  # "Estados Unidos", "Reino Unido": common words, and a country
    f = fold(word).rstrip(".")
    if _is_not_name(word) and not (word.isupper() and len(word) >= 2):
        return True  # function words, months, headings (an acronym such as UN stays)
    if f in lx.GENERIC_ALONE and len(toks) > 1 and _is_title(toks[1][0]):
        return True  # "Army commander General ..."
    if _is_connector(word) and not word[0].isupper():
        return True
    if (is_demonym(word) or f in lx.DEMONYMS) and (
            len(toks) == 1 or not _rest_is_organisation(toks[1:])):
        return True  # "Mexican citizen", but "Peruvian National Police" stays whole
    if at_start and len(toks) > 1 and is_given_name(word) and toks[1][0][:1].isupper() and (
            f not in lx.FUNCTION_WORDS and not _is_not_name(toks[1][0])):
        return False  # "David Cameron said": a given name, however common, and its surname
    return at_start and _capitalised_by_position(text, word)


def _rest_is_organisation(toks: list[tuple[str, int, int]]) -> bool:
    """Do these words, after a nationality, name an organisation ("Peruvian National
    Police"), or make one with it ("American Airlines", "Egyptian Gazette")?"""
    words = [fold(t[0]) for t in toks]
    if len(words) == 1:
        return words[0] in _NAMED_WITH_NATIONALITY
    return words[-1] in lx.GROUP_HEADS or _head_before_of(words) in lx.GROUP_HEADS


# companies and papers whose name is a nationality and a head noun: the nationality is
# part of the name ("American Airlines", "Irish Times"), unlike "Mexican Senate"
_NAMED_WITH_NATIONALITY = frozenset({"airlines", "airline", "airways", "times", "post", "daily",
                                     "gazette", "herald", "tribune", "journal", "review",
                                     "television", "radio", "express", "observer"})


def _capitalised_by_position(text: str, word: str) -> bool:
    """At a sentence start: is this word just a common word with a capital letter?"""
    # how common the word is in the text's own language, unshifted: a given name or a place
    # that is also one of the language's everyday words ("Segundo", "Nada") is that word
    everyday = _commonness(word.lower(), _LANGUAGE.get(), shift=0.0)
    if is_given_name(word) and everyday < 5.0:
        return False
    if is_place(word) and everyday < 5.5:
        return False
    if _is_acronym(word) or _is_known_group(word):
        return False
    if _POSSESSIVE_S.sub("", word) in _capitalised_inside(text):
        return False  # written with a capital inside sentences too: a name ("Clinton's aides")
    low = word.lower()
    if _common_english(low) >= 4.0:
        return True
    if low.endswith("s") and _common_english(low[:-1]) >= 4.0:
        return True
    # the same word written in lower case elsewhere in the text
    return low in _lower_words(text)


_CAPITALISED_INSIDE = regex.compile(
    r"(?<=[\p{L},][ \t]|[\p{Ll},][ \t]*\n[ \t]*)(\p{Lu}[\p{L}\p{M}'’-]*?)(?:['’]s)?(?![\p{L}\p{M}])"
)
_inside_cache: dict[int, tuple[str, frozenset[str]]] = {}


def _capitalised_inside(text: str) -> frozenset[str]:
    """Capitalised words the text also writes inside a sentence (computed once per text)."""
    hit = _inside_cache.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    words = frozenset(m for m in _CAPITALISED_INSIDE.findall(text) if len(m) > 1)
    _inside_cache.clear()
    _inside_cache[id(text)] = (text, words)
    return words


_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}'’-]*")
_lower_cache: dict[int, tuple[str, frozenset[str]]] = {}


def _lower_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case (computed once per text)."""
    hit = _lower_cache.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    words = frozenset(_LOWER_WORD.findall(text))
    _lower_cache.clear()
    _lower_cache[id(text)] = (text, words)
    return words


def _used_in_lower_case(text: str, word: str) -> bool:
    """Is this word (in lower case) a common word that the text itself writes in lower
    case? Then it is not a surname there ("the statute", "a summer fellow")."""
    return _common_english(word) >= 3.5 and word in _lower_words(text)


# -- step 3: typing --------------------------------------------------------------------------


def _vote(span: _Span, text: str, prev_word: str, next_word: str) -> None:
    words = span.words
    f_words = [fold(w) for w in words]
    surface = span.text
    votes = span.votes
    n = len(words)
    pw, nw = fold(prev_word), fold(next_word)
    place = _is_place_phrase(surface)

    if n == 1 and _is_acronym(words[0]):
        if place:
            votes["place"] += 3
        else:
            votes["group"] += 1.5
        return
    if f_words[-1] in lx.GROUP_HEADS or (n >= 2 and f_words[0] in lx.GROUP_STARTS) or (
            _head_before_of(f_words) in lx.GROUP_HEADS):  # "Export Development Bank of Iran"
        votes["group"] += 3
    if f_words[-1] in lx.PLACE_HEADS:
        votes["place"] += 2.5
    elif n >= 2 and f_words[0] in lx.PLACE_STARTS and f_words[-1] not in lx.GROUP_HEADS:
        votes["place"] += 3.5  # "Region XIV", "Lake Titicaca"
    if place:
        votes["place"] += 4
    if n >= 2 and f_words[0] in ("el", "la", "los", "las") and not place:
        votes["group"] += 2.5  # El Comercio, La República
    # an acronym before common words names a body ("NATO Allies", "UN Mission"), even when
    # its letters spell a given name ("Nato")
    acronym_first = n >= 2 and _is_acronym(words[0]) and not words[1].isupper()
    if acronym_first:
        votes["group"] += 2
    elif n >= 2 and is_given_name(words[0]) and f_words[0] not in lx.GROUP_STARTS and not (
            _used_in_lower_case(text, f_words[-1])):  # ("Summer Fellow", "IRENA Statute")
        votes["person"] += 2.5
    if n >= 2 and len(words[0].rstrip(".")) == 1:
        votes["person"] += 2  # P. Michael McKinley, Robert C Ward
    if n >= 2 and any(len(w.rstrip(".")) == 1 and w[0].isupper() for w in words[1:-1]):
        votes["person"] += 1.5
    if span.titled:
        votes["person"] += 3
    elif prev_word[:1].islower() and (pw in PERSON_TITLES or pw in OFFICE_HEADS) and not (
            place):
        votes["person"] += 2.5  # "Libyan leader Gadhafi", "el presidente Uribe"
    if pw in lx.GROUP_CUES_BEFORE:
        votes["group"] += 2
    if nw in lx.GROUP_CUES_AFTER:
        votes["group"] += 2
    if nw in lx.PERSON_CUES_AFTER and not place and not (
            nw == "who" and n == 1 and _common_english(f_words[0]) >= 4.0
            and not is_given_name(words[0])):
        votes["person"] += 1.5  # (but "the Cabinet, who": a body of people)
    if pw in ("aka", "a.k.a", "a.k.a.", "alias", "alias."):
        votes["person"] += 2
    if prev_word == "The" and not span.sentence_start and not place:
        votes["group"] += 2  # "published by The Guardian"
    if _is_known_group(surface):
        votes["group"] += 3
    if pw in lx.PLACE_CUES_BEFORE and n == 1 and not votes and _common_english(f_words[0]) < 4:
        votes["place"] += 1.2


_OF = frozenset({"of", "de", "del", "da", "do", "dos", "das", "du", "des", "for", "para"})


def _head_before_of(f_words: list[str]) -> str:
    """The head noun of a name that continues with "of" ("Bank of Iran", "Banco do Brasil"):
    the word before its first such connector, or "" when there is none."""
    k = next((k for k, w in enumerate(f_words) if w in _OF), 0)
    return f_words[k - 1] if k > 0 else ""


def _propagate(text: str, spans: list[_Span], aliases: list[tuple[int, int]]) -> None:
    """Share type evidence inside a document: same surface, aliases, short forms."""
    by_surface: dict[str, list[_Span]] = defaultdict(list)
    for s in spans:
        by_surface[fold(s.text)].append(s)
    for group in by_surface.values():
        # evidence of one kind counts once (its strongest), not once per occurrence
        total: dict[str, float] = defaultdict(float)
        for s in group:
            for t, v in s.votes.items():
                total[t] = max(total[t], v)
        weak = all(s.weak for s in group)
        guess = all(s.guess for s in group)
        for s in group:
            s.votes = defaultdict(float, total)
            s.weak, s.guess = weak, guess
    for a, b in aliases:
        sa, sb = spans[a], spans[b]
        merged: defaultdict[str, float] = defaultdict(float)
        for t, v in list(sa.votes.items()) + list(sb.votes.items()):
            merged[t] = max(merged[t], v)
        weak = sa.weak and sb.weak
        guess = sa.guess and sb.guess
        for s in by_surface[fold(sa.text)] + by_surface[fold(sb.text)]:
            s.votes = defaultdict(float, merged)
            # a name given with its translation or acronym is a name
            s.weak = False
    # A single word (or a tail) that ends a person's longer name in this text is that person.
    # A name typed a person only for being made of rare words ("Moammar Gadhafi") counts
    # less, but still more than a preposition before the short form ("aides of Gadhafi").
    person_tails: dict[str, float] = {}
    for s in spans:
        if (max(s.votes, key=s.votes.__getitem__, default=None) == "person"
                and len(s.words) >= 2):
            weight = 2.0 if s.guess else 5.0
            fw = [fold(w) for w in s.words]
            for k in range(1, len(fw)):
                for tail in (" ".join(fw[k:]), fw[k]):  # and the first of two surnames
                    if _used_in_lower_case(text, tail.rsplit(" ", 1)[-1]):
                        continue  # ("Start Date", "Army Staff": "date" is no surname)
                    if weight > person_tails.get(tail, 0.0):
                        person_tails[tail] = weight
    for s in spans:
        key = fold(s.text)
        weight = person_tails.get(key, 0.0)
        if weight and key not in GROUP_CONNECTORS and not (weight < 5 and is_place(key)):
            s.votes["person"] += weight
            s.weak = False


def _looks_like_person(span: _Span) -> bool:
    words = span.words
    if len(words) >= 2 and is_given_name(words[0]) and not _is_acronym(words[0]):
        return True
    # ("Haarde (Independence Party)": a name the evidence already calls a person's)
    return bool(span.votes) and not span.guess and max(
        span.votes, key=span.votes.__getitem__) == "person"


def _looks_like_institution(words: list[str]) -> bool:
    f = [fold(w) for w in words]
    return f[-1] in lx.GROUP_HEADS or _head_before_of(f) in lx.GROUP_HEADS


def _kinds_clash(a: _Span, b: _Span) -> bool:
    """A person's name next to an institution's, in parentheses, gives an affiliation, not
    another name: "the Chamber of Deputies (Hector Larios)", "Garibaldi Alves (Brazilian
    Democratic Movement Party)"."""
    return ((_looks_like_person(a) and _looks_like_institution(b.words))
            or (_looks_like_person(b) and _looks_like_institution(a.words)))


def _find_aliases(text: str, spans: list[_Span]) -> list[tuple[int, int]]:
    """Apposition in parentheses and acronyms spelled from a longer name's initials."""
    aliases: list[tuple[int, int]] = []
    for i in range(len(spans) - 1):
        a, b = spans[i], spans[i + 1]
        # (a parenthesis between them first: most neighbours have none)
        if "(" not in text[a.end : b.start] or not _OPEN_PAREN_GAP.fullmatch(
                text, a.end, b.start):
            continue
        end = _PAREN_ALIAS_END.match(text, b.end)
        if end and not _kinds_clash(a, b) and (
                # a gloss with a number after it describes ("Rodrigo Carazo (Unidad,
                # 1978-1982)": his party and years), unless it is an acronym ("(FARC, 2005)")
                not text[end.end() - 1].isdigit() or (
                    len(b.words) == 1 and _is_acronym(b.words[0]))):
            aliases.append((i + 1, i))
    initials: dict[str, int] = {}
    for i, s in enumerate(spans):
        caps = [w for w in s.words if _capitalised(w) and fold(w) not in GROUP_CONNECTORS]
        # (a name with an acronym inside, "US Navy", spells no acronym of its own: "UN")
        if len(caps) >= 2 and not any(_is_acronym(w) for w in caps):
            key = "".join(w[0] for w in caps).upper()
            initials.setdefault(key, i)
            if fold(caps[0]) in lx.DEMONYMS or is_demonym(caps[0]):
                initials.setdefault(key[1:], i)
        elif len(s.words) == 1 and _is_acronym(s.words[0]) and not is_place(s.words[0]):
            key = s.words[0].replace(".", "").upper()  # (D.C. is not David Cameron's)
            if key in initials and initials[key] != i:
                aliases.append((i, initials[key]))
    return aliases


# -- the pass over a text -------------------------------------------------------------------


def extract(text: str, kind: str = "article") -> Extraction:
    """People, groups and places of a text, with their aliases inside it."""
    token = _LANGUAGE.set(language_of(text) if kind == "article" else "en")
    # Some bodies of the cables.csv release end their lines with a backslash, a soft break of
    # the export ("Service for Analysis and \" / "Protection"): it is read as a space, which
    # keeps every offset; the mentions keep the text as stored.
    read = text.replace("\\\n", " \n") if kind == "cable" else text
    try:
        found = _extract(read, kind)
    finally:
        _LANGUAGE.reset(token)
    if read is text:
        return found
    return Extraction(
        mentions=[m if "\\" not in text[m.start : m.end]
                  else m.model_copy(update={"text": text[m.start : m.end]})
                  for m in found.mentions],
        aliases=found.aliases, language=found.language)


_RULED_HEADING = regex.compile(r"-{5,}[ \t]*([^-\n]{3,200}?)[ \t]*-{5,}")


def _signs_the_cable(text: str, last: Mention) -> bool:
    """Is this last name of a cable its signature ("... End comment.  CRETZ"), standing after
    the last sentence: the chief of mission's surname, a person, however its capitals voted?
    (A country there is not, nor the last word of a sentence: "... in Ayacucho.")"""
    after = text[last.end :].strip()
    before = text[max(0, last.start - 80) : last.start].rstrip(" \t")
    return ((not after or (after == "." and text[last.end : last.end + 1].isspace()))
            and (not before or before.endswith(("\n", ".", "!", "?", ")", ":")))
            and len(last.text.split()) <= 2
            and not is_country(last.text) and not (" " in last.text and is_place(last.text)))


def _headings_in_prose(text: str) -> list[tuple[int, int]]:
    """Headings in capitals that a cable's flattened text runs into its prose: the subject
    ("SUBJECT: POLISH PM TUSK'S VISIT TO MOSCOW REF: ...") and a heading between two rules
    ("----- CRITICISM TARGETS GAMAL MUBARAK'S PET PROJECT -----")."""
    found = list(_SUBJECT.finditer(text, 0, 3000))  # (a reprint may repeat its header)
    if "-----" in text:
        found += _RULED_HEADING.finditer(text)
    return [(m.start(1), m.end(1)) for m in found if not _LOWER.search(m.group(1))]


def _extract(text: str, kind: str) -> Extraction:
    skipped = _skipped_ranges(text, kind)
    skip_mask = _mask(len(text), skipped)
    spans: list[_Span] = []
    deferred_lines: dict[int, tuple[int, int]] = {}
    headings = _headings_in_prose(text) if kind == "cable" else []
    shapes: dict[tuple[int, int], str] = {}  # a line's (start, end) -> its shape
    for run in _RUN.finditer(text):
        rs, re_ = run.span()
        if skip_mask and _masked(skip_mask, rs, re_):
            continue
        heading = next((h for h in headings if h[0] <= rs < h[1]), None) if headings else None
        if heading is not None:
            deferred_lines[heading[0]] = heading  # names in it are confirmed, not found
            continue
        ls, le = _line_bounds(text, rs)
        shape = shapes.get((ls, le))
        if shape is None:
            shape = shapes[ls, le] = _shape_at(text, ls, le)
        if shape == "caps":
            # In a line of capitals, mixed-case names are still names, and so is a phrase
            # in capitals that ends in an organisation's head noun (NARCOTIC AFFAIRS SECTION).
            run_words = run.group().split()
            if not (_LOWER.search(run.group()) or (
                    len(run_words) >= 2 and fold(run_words[-1]) in lx.GROUP_HEADS)):
                deferred_lines[ls] = (ls, le)
                continue
        elif shape == "title":
            deferred_lines[ls] = (ls, le)
            continue
        toks = _tokens(text, rs, re_)
        for piece_no, piece in enumerate(_split_run(text, toks)):
            if len(piece) > 1 and fold(piece[0][0]) in lx.NON_ENTITY_STARTS:
                continue  # Operation Lena, Plan Colombia
            sentence_start = _at_sentence_start(text, piece[0][1]) if piece_no == 0 else False
            kept, titled = _trim(text, piece, sentence_start)
            if not kept:
                continue
            span = _make_span(text, kept, titled, sentence_start and kept[0] == piece[0])
            if span is not None:
                spans.append(span)
    aliases = _find_aliases(text, spans)
    _propagate(text, spans, aliases)
    _known_in_headings(text, spans, deferred_lines.values(), skip_mask, shapes)
    spans.sort(key=lambda s: (s.start, -s.end))
    # recompute aliases on the final ordering
    aliases = _find_aliases(text, spans)
    mentions: list[Mention] = []
    index_of: dict[int, int] = {}
    last_end = -1
    for i, s in enumerate(spans):
        if s.start < last_end:
            continue
        etype = _decide(s)
        if etype is None:
            continue
        if etype != "place" and is_country(text[s.start : s.end], _LANGUAGE.get()) and not (
                etype == "person" and is_given_name(text[s.start : s.end])):
            etype = "place"  # "Estados Unidos", "Pakistan": a country is a place, whatever
            # the words around it suggested (but "Dominique", French for Dominica, is a
            # given name too)
        index_of[i] = len(mentions)
        mentions.append(Mention(start=s.start, end=s.end, text=text[s.start : s.end], type=etype))
        last_end = s.end
    if kind == "cable" and mentions and _signs_the_cable(text, mentions[-1]):
        mentions[-1] = mentions[-1].model_copy(update={"type": "person"})
    kept_aliases = [(index_of[a], index_of[b]) for a, b in aliases
                    if a in index_of and b in index_of]
    return Extraction(mentions=mentions, aliases=kept_aliases, language=_LANGUAGE.get())


_PARTY_STATE = regex.compile(r"[RDI]-[A-Z]{2}")
_ACRONYM_KIND = regex.compile(r"[A-Z]{2,}(?:s|ers?|ees?)")
# "the Castro family", "el clan Gaddafi": the family, not one of them
_FAMILY = frozenset({"family", "families", "clan", "familia", "família", "famille", "dynasty"})
# An office named last ends a description of its holder, not a name ("Salafist MP"); but
# "general" and "fiscal" are adjectives too ("Contraloría General", "Consejo Fiscal").
_DESCRIBED_OFFICES = OFFICE_HEADS - {"general", "fiscal"}
# The followers of a creed or a leader, in the plural ("Islamists", "Chavistas",
# "Fujimoristas", "Gaullistes") are many people, never one name.
_ADHERENTS = ("ists", "istas", "istes")


def _singular(word: str) -> str:
    """An English plural's singular, roughly ("agreements", "treaties"); else the word."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _nationality(word: str) -> bool:
    """Is this folded word a nationality, or its plural ("Peruvian", "Turks", "Iraqis")?"""
    if word in lx.DEMONYMS or is_demonym(word):
        return True
    if word.endswith("s") and (word[:-1] in lx.DEMONYMS or is_demonym(word[:-1])):
        return True
    # "Icelanders", "Surinamer", "New Zealander": a country's name and -er
    stem = word.removesuffix("s").removesuffix("er")
    return stem != word and len(stem) >= 4 and (
        is_country(stem) or is_country(stem + "e"))


def _make_span(text: str, kept: list[tuple[str, int, int]], titled: bool,
               sentence_start: bool) -> _Span | None:
    start, end = kept[0][1], kept[-1][2]
    words = [t[0] for t in kept]
    # possessive 's: "Peru's", "Fujimori's"
    surface = text[start:end]
    poss = _POSSESSIVE.search(surface)
    if poss and len(words[-1]) > 2 and not _APOSTROPHE_NAME.search(words[-1]):
        end = start + poss.start()
        words[-1] = _POSSESSIVE.sub("", words[-1])
    if not words[-1]:
        return None
    f_words = [fold(w) for w in words]
    # "Peru Signs Agreement": a place followed by capitalised common words (a headline or
    # subject line) is the place alone.
    if (len(words) >= 2 and is_place(words[0]) and not _is_place_phrase(" ".join(words))
            and not is_given_name(words[0])  # ("George Bush": George is a town, too)
            and f_words[-1] not in _HEADS
            and all(_common_english(w) >= 4.0 for w in f_words[1:])):
        end = kept[0][2]
        words, f_words = words[:1], f_words[:1]
    if len(words) == 1 and len(words[0]) <= 3 and text[end : end + 2].lstrip().startswith("$"):
        return None  # "US$ 40 million", "R$ 10": a currency, not a country
    after = _word_after(text, end)
    before = _word_before(text, start)
    # "the Tijuana cartel": a cartel's name takes the lower-case noun after it.
    if after in ("cartel", "cartels", "cártel") and not _is_acronym(words[-1]):
        m = _CARTEL_AFTER.match(text, end, end + 20)
        if m:
            end = m.end()
            words.append(m.group(1))
            f_words.append(fold(m.group(1)))
            after = _word_after(text, end)
    # plans, laws, reports, operations and court cases are not entities
    if (len(words) > 1 and (_singular(f_words[-1]) in lx.NON_ENTITY_HEADS
                            or _head_before_of(f_words) in lx.NON_ENTITY_HEADS)) or (
            f_words[0] in lx.NON_ENTITY_STARTS and len(words) > 1) or fold(after) in (
            "case", "caso", "operation", "plan"):
        return None
    if fold(before) in lx.VEHICLE_CUES_BEFORE:
        return None
    # "the Garcia Administration": the administration of a person named by surname.
    if len(words) == 2 and f_words[1] in ("administration", "government") and not (
            is_place(words[0]) or _is_acronym(words[0]) or f_words[0] in lx.NOT_NAMES
            or _common_english(f_words[0]) >= 4.0):
        span = _Span(start=start, end=start + len(words[0]), words=[words[0]])
        span.votes["person"] += 2
        # only a name the text gives elsewhere ("President Garcia"), not "the Caretaker
        # Government"
        span.weak = True
        return span
    f_all = fold(" ".join(words))
    if len(words) >= 2 and f_words[-1] in _DESCRIBED_OFFICES and not any(
            f in GROUP_CONNECTORS for f in f_words):
        # "Salafist MP", "FBI Director": whoever holds an office, described; what names the
        # body the office is of stays ("FBI")
        rest = words[:-1]
        if not (len(rest) == 1 and (_is_acronym(rest[0]) or is_place(rest[0])
                                    or _is_known_group(rest[0]))):
            return None
        end = kept[len(rest) - 1][2]
        words, f_words = rest, f_words[:-1]
        f_all = fold(" ".join(words))
    if _PARTY_STATE.fullmatch(text[start:end]):
        return None  # "(R-ME)", "(D-CA)": a US legislator's party and state, not a name
    if len(words) == 1 and "-" in words[0] and all(
            _is_acronym(p) or is_demonym(p) or fold(p) in lx.DEMONYMS or is_place(p)
            for p in words[0].split("-")):
        return None  # "GOP-GOM", "US-Peruvian", "EU-Libya": a relation between two
    if len(words) == 1:
        w = words[0]
        fw = fold(w)
        if fw in lx.GENERIC_ALONE or fw in lx.NOT_NAMES or _is_title(w) or (
                fw in lx.FUNCTION_WORDS and not w.isupper()):
            return None
        if w.upper() in lx.CABLE_JARGON or _REDACTED.fullmatch(w):
            return None
        if len(w) < 2:
            return None
        if _nationality(fw) or fw.endswith(_ADHERENTS):
            return None
        if _is_acronym(w) and len(w) <= 2 and not is_place(w) and w not in ("UN", "EU"):
            return None
        if _ACRONYM_KIND.fullmatch(w) and not is_place(w):
            return None  # "NGOs", "IOCs", "TDYers": a kind of body or of people
    if f_all in lx.NOT_NAMES:
        return None
    if len(words) >= 2 and f_words[-1].endswith("s") and _nationality(f_words[-1]) and all(
            _common_english(w) >= 4.0 for w in f_words[:-1]):
        return None  # "South Asians", "Latin Americans": many people, no name
    span = _Span(start=start, end=end, words=words, titled=titled,
                 sentence_start=sentence_start)
    if len(words) == 1 and fold(after) in _FAMILY and not _is_acronym(words[0]):
        span.type = "group"  # a family is many people, not the one of its name
        return span
    if is_country(text[start:end], _LANGUAGE.get()):
        span.type = "place"  # a country, whatever the words around it
        return span
    _vote(span, text, before, after)
    if len(words) == 1 and not span.votes:
        # quoted nicknames, ship names, glosses in parentheses, with no other evidence
        q_before = text[max(0, start - 1) : start]
        q_after = text[end : end + 1]
        if q_before and q_after and q_before in "\"“'‘(" and q_after in "\"”'’)":
            return None
    if not span.votes:
        # No evidence of its own. Capitalised common words ("Organized Crime") and a single
        # word at a sentence start are kept only if evidence turns up elsewhere in the text.
        zipfs = [0.0 if (is_place(w) or is_given_name(w)) else _common_english(fw)
                 for w, fw in zip(words, f_words, strict=True)]
        common = sum(zipfs) / len(zipfs) >= 3.5
        if len(words) >= 2 and all(z < 3.6 for z in zipfs) and not any(
                is_place(w) or _is_acronym(w) for w in words):
            span.votes["person"] += 0.8  # names made of rare words are mostly people's
        else:
            span.votes["group"] += 0.5
        # (a rare word at a sentence start, such as "Qaddafi", is most likely a name)
        span.weak = common or (sentence_start and len(words) == 1 and zipfs[0] >= 2.5)
        span.guess = True
    return span


def _decide(span: _Span) -> EntityType | None:
    if span.type is not None:
        return span.type
    if not span.votes or span.weak:
        return None
    best = max(span.votes, key=span.votes.__getitem__)
    if span.votes[best] <= 0:
        return None
    return best  # type: ignore[return-value]


def _cannot_start_known(line: str, word: str, end: int, first_words: frozenset[str]) -> bool:
    """Can no name known in the text, nor any place, start with this word of the line?

    A cheap test before trying every sub-sequence that starts there (each one folded and
    looked up): a name's folded form starts with its first word's. It answers only for an
    ASCII word that white space (or the line's end) follows, whose folded form is then
    simply ``word.lower()`` (or, alone and possessive, ``word[:-2].lower()``).
    """
    if not word.isascii() or (end < len(line) and not line[end].isspace()):
        return False
    low = word.lower()
    if low in first_words or low in _place_first_words():
        return False
    if len(word) > 3 and word.endswith("'s"):
        low = low[:-2]
        return low not in first_words and low not in _place_first_words()
    return True


def _known_in_headings(text: str, spans: list[_Span], lines: Iterable[tuple[int, int]],
                       skip_mask: bytearray | None,
                       shapes: dict[tuple[int, int], str]) -> None:
    """In headlines and capitals lines, keep only names known from the prose, and places.

    SHAPES holds the shapes of the lines already computed, by (start, end).
    """
    known: dict[str, _Span] = {}
    for s in spans:
        known.setdefault(fold(s.text), s)
    first_words = frozenset(key.split(" ", 1)[0] for key in known)
    for ls, le in lines:
        line = text[ls:le]
        shape = shapes.get((ls, le))
        if shape is None:
            shape = _shape_at(text, ls, le)
        taken: list[tuple[int, int]] = []
        for m in _RUN.finditer(line):
            toks = _tokens(line, m.start(), m.end())
            words = [t[0] for t in toks]
            # longest known sub-sequence first
            n = len(toks)
            i = 0
            while i < n:
                found = False
                if _cannot_start_known(line, toks[i][0], toks[i][2], first_words):
                    i += 1
                    continue
                for j in range(min(n, i + 6), i, -1):
                    sub = toks[i:j]
                    s0, e0 = sub[0][1], sub[-1][2]
                    surface = line[s0:e0]
                    if len(surface) > 3 and surface[-2:] in ("'s", "’s"):
                        e0 -= 2  # the possessive 's
                        surface = line[s0:e0]
                    key = fold(surface)
                    abs_s, abs_e = ls + s0, ls + e0
                    if skip_mask and _masked(skip_mask, abs_s, abs_e):
                        continue
                    src = known.get(key)
                    if src is None and shape == "caps" and (is_place(surface) and len(key) > 3):
                        src = _Span(start=0, end=0, words=[surface])
                        src.votes["place"] += 4
                    if src is None and shape == "title" and is_place(surface) and (
                            j - i > 1 or not _is_not_name(words[i])):
                        src = _Span(start=0, end=0, words=[surface])
                        src.votes["place"] += 4
                    if src is not None:
                        new = _Span(start=abs_s, end=abs_e, words=surface.split())
                        new.votes = src.votes
                        new.type = _decide(src)
                        spans.append(new)
                        taken.append((abs_s, abs_e))
                        i = j
                        found = True
                        break
                if not found:
                    i += 1


def _mask(n: int, ranges: list[tuple[int, int]]) -> bytearray | None:
    if not ranges:
        return None
    mask = bytearray(n)
    for s, e in ranges:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _masked(mask: bytearray, start: int, end: int) -> bool:
    return mask[start] == 1 or mask[end - 1] == 1
