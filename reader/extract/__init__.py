"""Extraction: people, groups and places with offsets (pure functions, no database, no UI)."""

from reader.extract.entities import Extraction, extract

__all__ = ["Extraction", "extract"]
