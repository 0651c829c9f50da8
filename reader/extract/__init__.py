"""Extraction: people, groups and places with offsets (pure functions, no database, no UI).

The rules load lazily: importing `reader.extract.gazetteer` for `fold` does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.extract.entities import Extraction, extract

__all__ = ["Extraction", "extract"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reader.extract import entities

        return getattr(entities, name)
    raise AttributeError(name)
