"""Comparing two names: is it the same person, group or place, how sure, and why.

The rules are stated for names, not for documents:

- People: the surnames of the shorter name must all be found, in order, in the longer one
  (exactly, as a spelling variant, or with the same sound: "Qaddafi" and "Gadhafi"); and when
  both names carry given names, those must agree too (an initial agrees with a name that
  starts with it; "Vladimir" agrees with "Vladimiro"). A shared surname alone is never a
  link: "Alberto Fujimori" and "Keiko Fujimori" disagree on the given name, "Víctor Rivera
  Félix" and "Manuel Rivera Niebla" on both. A name without a given name ("Saturno Vergara")
  links only through two surnames; one surname is at most a suggestion. An initial first is
  the first given name, and in an Arabic name (bin, al, Abdullah) the first given names must
  agree: a later one is the father's ("Ahmad Ali Abdullah Saleh" is Ali Abdullah Saleh's
  son). Names that sound alike are spellings of one only with as many syllables.
- Groups and places: the same name, an acronym and its expansion ("UN", "United Nations"), or
  a close spelling of a multi-word name ("Narcotic Affairs Section").

`compare` returns a score in [0, 1] and a short reason; LINK and SUGGEST are the thresholds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import ratio

from reader.text.fold import fold
from reader.text.frequency import LEAST_ZIPF, zipf_at_least, zipf_table
from reader.text.given import is_given_name
from reader.text.names import GROUP_CONNECTORS, PATRONYMIC, PERSON_PARTICLES

LINK = 0.9
SUGGEST = 0.75

_STOP = PERSON_PARTICLES | GROUP_CONNECTORS | {"the"}


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    reason: str


NO_MATCH = Match(0.0, "")


@lru_cache(maxsize=100_000)
def sound(token: str) -> str:
    """A rough phonetic key: the consonant skeleton, with look-alike sounds merged.

    >>> sound("qaddafi") == sound("gadhafi") == sound("kadhafi")
    True
    """
    t = token.lower()
    t = re.sub(r"(?<=[bcdfgjklmnpqrstvwxz])h", "", t)  # dh, kh, th, ph → d, k, t, p
    t = t.replace("ph", "f").replace("ck", "k").replace("qu", "k").replace("x", "ks")
    t = re.sub(r"[cgkq]", "k", t)
    t = re.sub(r"[szç]", "s", t)
    t = re.sub(r"[vwb]", "b", t)
    t = re.sub(r"[yij]", "i", t)
    t = re.sub(r"(.)\1+", r"\1", t)
    if not t:
        return ""
    return t[0] + re.sub(r"[aeiouh]", "", t[1:])


@lru_cache(maxsize=200_000)
def person_parts(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(given names, surnames) of a normalised person name."""
    tokens = [t for t in key.split() if t not in PERSON_PARTICLES]
    if not tokens:
        return (), ()
    given: list[str] = []
    for t in tokens[:-1]:
        if len(t) == 1 or is_given_name(t):
            given.append(t)
        else:
            break
    return tuple(given), tuple(tokens[len(given) :])


def _token_sim(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) >= 4 and len(b) >= 4:
        key = sound(a)
        if key == sound(b) and len(key) >= 3 and ratio(a, b) >= (
                60 if len(key) >= 4 else 70) and _syllables(a) == _syllables(b):
            # Qaddafi / Gadhafi, Suleiman / Soliman (not Abaza / Abbas, nor Salman /
            # Soliman, nor Shabaab / Shababiya: another count of syllables)
            return 0.92
        r = ratio(a, b) / 100
        if r >= 0.85:
            return r
        if JaroWinkler.similarity(a, b) >= 0.93:
            return 0.88
    return 0.0


_VOWELS = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=100_000)
def _syllables(token: str) -> int:
    return len(_VOWELS.findall(token))


def _given_sim(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    s = _token_sim(a, b)
    if s:
        return s
    if a.startswith(b) or b.startswith(a):  # Alex / Alexander
        return 0.85 if min(len(a), len(b)) >= 3 else 0.0
    return 0.0


def _ordered_match(short: tuple[str, ...], long: tuple[str, ...],
                   sim: object) -> list[float] | None:
    """Match every token of `short` to a token of `long`, in order; None if impossible."""
    out: list[float] = []
    j = 0
    for s in short:
        best = 0.0
        best_j = -1
        for k in range(j, len(long)):
            v = sim(s, long[k])  # type: ignore[operator]
            if v > best:
                best, best_j = v, k
                if v == 1.0:
                    break
        if best_j < 0:
            return None
        out.append(best)
        j = best_j + 1
    return out


def compare_people(a: str, b: str) -> Match:
    if a == b:
        return Match(1.0, "same name")
    ga, sa = person_parts(a)
    gb, sb = person_parts(b)
    if not sa or not sb:
        return NO_MATCH
    short_key, long_key = (a, b) if len(a.split()) <= len(b.split()) else (b, a)
    if arabic_name(long_key) and not _keeps_the_family(short_key, long_key):
        return NO_MATCH
    # A given name the name list does not know ("Moammar" against "Muammar"): when only one
    # side has given names, the other side's extra leading words are read as given names.
    if ga and not gb and len(sb) > len(sa):
        gb, sb = sb[: len(sb) - len(sa)], sb[len(sb) - len(sa) :]
    elif gb and not ga and len(sa) > len(sb):
        ga, sa = sa[: len(sa) - len(sb)], sa[len(sa) - len(sb) :]
    short_s, long_s = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    surname = _ordered_match(short_s, long_s, _token_sim)
    if surname is None:
        # "Cristina Fernandez" / "Cristina Kirchner" against "Cristina Fernandez de Kirchner":
        # a shorter name may keep either of two surnames
        return NO_MATCH
    if ga and gb:
        short_g, long_g = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
        arabic = (arabic_name(a) or arabic_name(b)) and not (
            a.split()[0] in PATRONYMIC or b.split()[0] in PATRONYMIC)  # ("Ben Ali")
        if (len(short_g[0]) == 1 or arabic) and not _given_sim(
                short_g[0], long_g[0]):
            # An initial first stands for the first given name ("L. Brown" is not Raymond L.
            # Brown). An Arabic name chains the father's names after one's own: Ahmad Ali
            # Abdullah Saleh is the son of Ali Abdullah Saleh, Aisha Muammar al-Qadhafi the
            # daughter of Muammar (elsewhere a middle name may be the one in use: "Tayyip
            # Erdogan", "Saturno Vergara", whose first word is a surname)
            return NO_MATCH
        given = _ordered_match(short_g, long_g, _given_sim)
        if given is None:
            return NO_MATCH
        sims = surname + given
        score = 0.55 + 0.45 * (sum(sims) / len(sims))
        score -= 0.01 * (len(long_g) - len(short_g))
        exact = all(v == 1.0 for v in sims)
        return Match(round(min(score, 0.99), 3),
                     "same name, fewer parts" if exact else "similar name")
    exact = all(v == 1.0 for v in surname)
    if not ga and not gb:
        # two surname-only names: equal keys were caught above; spelling variants remain
        if len(short_s) >= 2:
            return Match(round(0.5 + 0.4 * (sum(surname) / len(surname)), 3),
                         "similar surnames")
        return Match(0.78, "similar surname") if min(surname) >= 0.88 else NO_MATCH
    # one name has a given name, the other only surnames
    if len(short_s) >= 2:
        return Match(round(0.8 + 0.12 * (sum(surname) / len(surname)), 3), "same surnames")
    return Match(0.76, "surname only") if exact else NO_MATCH


_ARABIC_PARTICLES = PATRONYMIC | {"al", "el", "abu", "abd", "abdel", "abdul"}
# Arabic given names of two parts: the servant of God's ("Abd el-Salam", "Abdul Rahman") and
# those ending in "al-Din", "al-Islam" ("Nasr al-Din", "Saif al-Islam")
_SERVANT_OF = frozenset({"abd", "abdel", "abdul", "abdal", "abdol"})
_COMPOUND_ENDS = frozenset({"din", "deen", "dine", "islam", "dawla", "daula", "haq", "haqq"})
_ARTICLE = frozenset({"al", "el", "ad", "ud", "ul", "ed"})


def _keeps_the_family(short: str, long: str) -> bool:
    """Can SHORT be a shorter form of LONG, a name built the Arabic way? Given name and
    father's name are a usual short form ("Yusuf Abdulkarim" for "Yusuf Abdulkarim
    Mohammed"), but a given name of two parts alone is only that ("Abd el-Salam" is not
    "Abdul Salaam Azimi"), and a short form does not cut one in two ("Mohamed Nasr",
    Mohamed son of Nasr, is not "Mohamed Nasr al-Din Allam")."""
    s, l_ = short.split(), long.split()
    if len(s) >= 2 and s[0] in _SERVANT_OF and all(w in _ARTICLE for w in s[1:-1]):
        return s[-1] == l_[-1]
    return not any(l_[k] == s[-1] and l_[k + 1] in _ARTICLE and l_[k + 2] in _COMPOUND_ENDS
                   for k in range(len(l_) - 2))


@lru_cache(maxsize=200_000)
def arabic_name(key: str) -> bool:
    """Is this normalised person name built the Arabic way: a particle of lineage or family
    ("bin", "al", "abu") or a name of the servant of God ("Abdullah", "Abdel Halim")?"""
    return any(t in _ARABIC_PARTICLES or (t.startswith("abd") and len(t) >= 6)
               for t in key.split())


@lru_cache(maxsize=100_000)
def _initials(key: str) -> str:
    words = [w for w in key.split() if w not in _STOP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


@lru_cache(maxsize=100_000)
def _is_word(token: str) -> bool:
    """Is this an English word in its own right (Zipf 3 or more), not a misspelling?"""
    return zipf_at_least(token, "en", 3.0)


@lru_cache(maxsize=500_000)
def _word_sim(a: str, b: str) -> bool:
    """May these two words of a group's name be one word spelt two ways? Not when both are
    words in their own right, other than a plural: "Southwest" is not "Southeast",
    "Narcotics" is "Narcotic"."""
    if a == b:
        return True
    if not _token_sim(a, b):
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long in (short + "s", short + "es", short + "n"):  # Asia / Asian
        return True
    if long.endswith(short):
        return False  # a prefix makes another word: "Nonimmigrant" is not "Immigrant"
    if _looks_like_acronym(a) and _looks_like_acronym(b):
        return False  # two acronyms differ in their letters: UNHCR is not the UNHRC
    return not (_is_word(a) and _is_word(b))


def _looks_like_acronym(token: str) -> bool:
    """A token of at most one vowel is read letter by letter ("unhcr", "fbi"), not spelt."""
    return sum(ch in "aeiouy" for ch in token) <= 1


def _is_country_name(key: str) -> bool:
    from reader.link import normalise_untitled
    from reader.text.countries import country_table

    return key in country_table(normalise_untitled)


def compare_groups(a: str, b: str, etype: str = "group") -> Match:
    if a == b:
        return Match(1.0, "same name")
    a_compact, b_compact = a.replace(" ", ""), b.replace(" ", "")
    if a_compact == b_compact:
        return Match(0.98, "same name")
    a_spaced, b_spaced = len(a_compact) != len(a), len(b_compact) != len(b)
    for short, long, spaced in ((a, b, a_spaced), (b, a, b_spaced)):
        if not spaced and 2 <= len(short) <= 8 and _initials(long) == short:
            # only suggested: letters alone are ambiguous ("UN" is also "Unión Nacional");
            # an acronym links where a document defines it (a shared name, see resolve)
            return Match(0.85, "acronym")
    if a_spaced and b_spaced:
        # the words that differ must differ only in spelling ("Narcotic"/"Narcotics")
        wa, wb = a.split(), b.split()
        if len(wa) == len(wb) and all(_word_sim(x, y) for x, y in zip(wa, wb, strict=True)):
            return Match(round(max(ratio(a, b) / 100, 0.9), 3), "spelling variant")
        r = ratio(a, b, score_cutoff=85) / 100
        if r:
            return Match(round(min(r, 0.89), 3), "similar name")
    elif etype == "place" and min(len(a), len(b)) >= 6 and not (
            _is_country_name(a) or _is_country_name(b)) and not (
            is_given_name(a) or is_given_name(b)):
        # (a country's names are all known, in four languages: "Franca" is a town in
        # Brazil, not France; "Somali" is not Somalia; and "Alexandra", a given name, is
        # not Alexandria)
        r = ratio(a, b) / 100
        if r >= 0.9:
            return Match(round(r, 3), "spelling variant")
    return NO_MATCH


def compare(etype: str, a: str, b: str) -> Match:
    """How likely two normalised names of the same type name one entity."""
    if etype == "person":
        return compare_people(a, b)
    return compare_groups(a, b, etype)


# A word this common in any of the readers' languages says little on its own about which
# entity a name is: "National", "Ministry", "Peru". Such words are not block keys by
# themselves. The rule depends on the word only (wordfreq's Zipf scale), never on how many
# names the index holds, so the candidates of a pair of names do not change with the order
# or size of an import: the same documents always give the same entities.
COMMON_ZIPF = 4.5
BLOCK_LANGUAGES = ("en", "es", "pt", "fr")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Folded words at or above COMMON_ZIPF in any of BLOCK_LANGUAGES (a few thousand each:
    wordfreq lists words from the most frequent down)."""
    return _words_at_least(COMMON_ZIPF)


@lru_cache(maxsize=2)
def _words_at_least(zipf: float) -> frozenset[str]:
    if zipf < LEAST_ZIPF:
        raise ValueError(f"the frequency tables stop at Zipf {LEAST_ZIPF}, not {zipf}")
    return frozenset(fold(word) for lang in BLOCK_LANGUAGES
                     for word, z in zipf_table(lang).items() if z >= zipf)


def is_common_word(word: str) -> bool:
    return word in common_words()


# A word at least this common is an everyday word of an institution's name ("Socialist
# Party", "Coordination Office"); a movement's own name is rarer ("Hamas", "Taliban").
FAIRLY_COMMON_ZIPF = 4.0


def is_fairly_common_word(word: str) -> bool:
    return word in _words_at_least(FAIRLY_COMMON_ZIPF)


# A block key that more than MAX_BLOCK names of one type share ("embassy", "mfa", the sound
# skeleton "~kn" of Khan, Kahn, Cohen...) says little about which entity a name is, in any
# language, and comparing all its pairs costs the square of its size: such a key is no key.
# It finds no candidates; names that share it are compared only through another key they
# share (a rarer word, its sound, the initials, the name without spaces), so an oversized
# block is split by the names' other keys rather than compared all-pairs. The count is of
# the distinct names of the index (those some cluster bears), a function of the documents
# indexed and not of the order of their import; when an import makes a block oversized, the
# names filed under it are linked again (`services.linking.link_new`), so the incremental
# path and a full re-link agree.
MAX_BLOCK = 100


def oversized_blocks(blocks: Mapping[tuple[str, str], Iterable[str]]
                     ) -> frozenset[tuple[str, str]]:
    """The (type, block key) pairs that more than MAX_BLOCK of these names' (type, name) ->
    block keys share."""
    sizes: Counter[tuple[str, str]] = Counter(
        (etype, k) for (etype, _name), keys in blocks.items() for k in keys)
    return frozenset(k for k, n in sizes.items() if n > MAX_BLOCK)


@lru_cache(maxsize=500_000)
def block_keys(etype: str, key: str) -> frozenset[str]:
    """Keys under which candidates for this name are looked up (no all-pairs scan).

    People: each uncommon surname and its sound; a name whose surnames are all common words
    ("Rice", "Brown") is looked up under its surnames as a whole; a name with a given name
    also under that and the first letters of its last surname. Groups and places: each
    uncommon word and its sound, the initials and the name without spaces; a name made only
    of common words under its first two words.
    """
    keys: set[str] = set()
    if etype == "person":
        given, surnames = person_parts(key)
        for s in surnames:
            if len(s) >= 3 and not is_common_word(s):
                keys.add(s)
                keys.add("~" + sound(s))
        if not keys and surnames:
            keys.add("=" + " ".join(surnames))
        if given and len(given[0]) >= 3 and surnames and len(surnames[-1]) >= 4:
            # a misspelt surname keeps the given name and its first letters
            # ("Ricardo Martinelli", "Ricardo Marinelli")
            keys.add(f"{given[0]}|{surnames[-1][:2]}")
        return frozenset(keys)
    words = [w for w in key.split() if w not in _STOP]
    for w in words:
        if (len(w) >= 3 or len(words) == 1) and not is_common_word(w):
            keys.add(w)
            if len(w) >= 4:
                keys.add("~" + sound(w))
    if not keys and words:
        keys.add("+" + " ".join(words[:2]))
    initials = _initials(key)
    if initials:
        keys.add(initials)
    compact = key.replace(" ", "")
    if compact != key:
        keys.add(compact)
    return frozenset(keys)


def explain(etype: str, entity_key: str, cluster_key: str, mention_norm: str,
            confirmed: bool = False) -> dict[str, object]:
    """Why a mention belongs to an entity, for people to read (panel, `mentions --json`)."""
    if confirmed:
        return {"kind": "confirmed", "score": 1.0, "text": "confirmed by you"}
    if cluster_key == entity_key:
        kind, score, text = "same_name", 1.0, "same name"
    else:
        m = compare(etype, entity_key, cluster_key)
        if m.score >= LINK:
            kind, score, text = "fuzzy", m.score, f"{m.reason} {m.score:.2f}"
        else:
            kind, score, text = "chain", m.score, "linked through another name"
    if mention_norm and mention_norm != cluster_key:
        text += " · short form or alias in its document"
    return {"kind": kind, "score": round(score, 3), "text": text}
