"""The few organisations that nearly every cable story names (the State Department, the
United Nations, NATO, the CIA…), under their names in English, Spanish, Portuguese and
French, from `data/organisation_aliases.json`. Names are compared after a caller-supplied
normalisation (the linker's); a name listed under two organisations is left out."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from importlib import resources

__all__ = ["organisation_table"]


@cache
def organisation_table(normalise: Callable[[str], str]) -> dict[str, str]:
    """Normalised name -> the organisation's key."""
    data = resources.files("reader.text").joinpath("data/organisation_aliases.json")
    found: dict[str, set[str]] = defaultdict(set)
    for key, names in json.loads(data.read_text("utf-8")).items():
        if key.startswith("_"):
            continue
        for name in (key, *names):
            if normal := normalise(name):
                found[normal].add(key)
    return {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}
