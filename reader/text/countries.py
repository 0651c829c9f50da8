"""Country names in English, Spanish, Portuguese and French: which country a name is.

From pycountry (ISO 3166-1: names, official and common names, and the translations it ships
for es, pt and fr), plus the short forms in `data/country_aliases.json` that the press uses
and ISO does not list (US, EE.UU., UK). A name that could be more than one country is not
in the table. Names are compared after a caller-supplied normalisation (the linker's).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from importlib import resources

from reader.text.fold import fold

__all__ = ["LANGUAGES", "country_forms", "country_table", "first_words", "foreign_only",
           "is_country", "plain"]

LANGUAGES = ("es", "pt", "fr")


def country_forms(translated: bool = True) -> Iterator[tuple[str, str]]:
    """(alpha-3 code, a name of that country) for every form known (with `translated`
    false, only the English names and the press's short forms)."""
    import gettext

    import pycountry

    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                        fallback=True) for lang in LANGUAGES]
    for country in pycountry.countries:
        code = country.alpha_3
        english = [getattr(country, attr, None) for attr in ("name", "official_name",
                                                               "common_name")]
        for name in filter(None, english):
            yield code, name
            if ", " in name:  # "Bolivia, Plurinational State of"
                yield code, name.split(", ")[0]
            for t in translations if translated else ():
                local = t.gettext(name)
                if local != name:
                    yield code, local
                    if ", " in local:
                        yield code, local.split(", ")[0]
    data = resources.files("reader.text").joinpath("data/country_aliases.json")
    for code, by_language in json.loads(data.read_text("utf-8")).items():
        if not code.startswith("_"):
            for language, names in by_language.items():
                if translated or language == "en":
                    for name in names:
                        yield code, name


@cache
def _table(normalise: Callable[[str], str]) -> dict[str, str]:
    codes: dict[str, set[str]] = defaultdict(set)
    for code, name in country_forms():
        key = normalise(name)
        if key:
            codes[key].add(code)
    return {key: next(iter(found)) for key, found in codes.items() if len(found) == 1}


def country_table(normalise: Callable[[str], str]) -> dict[str, str]:
    """Normalised country name -> alpha-3 code (ambiguous names left out)."""
    return _table(normalise)


@cache
def foreign_only(normalise: Callable[[str], str]) -> frozenset[str]:
    """Normalised names that are a country only in Spanish, Portuguese or French ("franca",
    "tailandia", "holanda", "dominique"): in an English text they are a town or a name."""
    english = {normalise(name) for _code, name in country_forms(translated=False)}
    return frozenset(_table(normalise).keys() - english)


def plain(text: str) -> str:
    """A name as the table below compares it: folded, without dots, hyphens as spaces
    ("EE.UU." and "ee uu" are one form; "États-Unis" is "etats unis")."""
    text = fold(text).replace(".", " ").replace("-", " ")
    return " ".join(w for w in text.replace("'", " ").split() if w not in _LEADING)


_LEADING = frozenset({"the", "el", "la", "los", "las", "le", "les", "l", "o", "a", "os", "as"})


@lru_cache(maxsize=200_000)
def is_country(text: str, language: str | None = None) -> bool:
    """Is this text, as written, the name of one country ("Estados Unidos", "the U.S.")? In
    an English text (LANGUAGE "en") only its English names and the press's short forms
    count: "Hollande" there is a French politician, "Franca" a town in Brazil."""
    table = _table(plain)
    key = plain(text)
    found = key if key in table else key.replace(" ", "")
    if found not in table:
        return False
    return language != "en" or found not in foreign_only(plain)


@cache
def first_words() -> frozenset[str]:
    """The first words of the country names of more than one word ("estados", "reino"), to
    ask `is_country` only where a country name may start."""
    return frozenset(key.split()[0] for key in _table(plain) if " " in key)
