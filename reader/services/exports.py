"""Exports: mentions, articles, entities and judgements as rows, and their field lists.

The field names and their order come from the row types in `reader.rows` (they are a
contract: README "Exports").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

from reader.rows import ArticleExport, EntityExport, JudgementEntry, MentionExport
from reader.services.judgement_log import judgement_entries
from reader.store import Store

# A CSV cell that starts with one of these is a formula to a spreadsheet: the CSV export puts
# an apostrophe before it (OWASP), and a restore takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ExportRow = MentionExport | ArticleExport | EntityExport | JudgementEntry

EXPORT_TYPES: dict[str, type[ExportRow]] = {
    "mentions": MentionExport,
    "articles": ArticleExport,
    "entities": EntityExport,
    "judgements": JudgementEntry,
}
EXPORTS = tuple(EXPORT_TYPES)

EXPORT_FIELDS: dict[str, tuple[str, ...]] = {
    what: tuple(f.name for f in fields(row_type)) for what, row_type in EXPORT_TYPES.items()
}


def export_fields(what: str) -> tuple[str, ...]:
    """The columns of an export, in order."""
    try:
        return EXPORT_FIELDS[what]
    except KeyError:
        raise ValueError(_unknown(what)) from None


def iter_export(store: Store, what: str) -> Iterator[ExportRow]:
    """The rows of one export, streamed from the index."""
    if what == "mentions":
        return store.iter_export_mentions()
    if what == "articles":
        return store.iter_export_articles()
    if what == "entities":
        return store.iter_export_entities()
    if what == "judgements":
        return iter(judgement_entries(store, include_undone=True))
    raise ValueError(_unknown(what))


def record(row: ExportRow) -> dict[str, object]:
    """A row as a plain JSON-ready mapping, fields in order: sequences become lists; a
    judgement's `active` stays 0 or 1, as exported before rows were typed."""
    out: dict[str, object] = {}
    for name in _FIELDS_OF[type(row)]:
        value = getattr(row, name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, bool):
            value = int(value)
        out[name] = value
    return out


_FIELDS_OF: dict[type, tuple[str, ...]] = {
    row_type: EXPORT_FIELDS[what] for what, row_type in EXPORT_TYPES.items()
}


def _unknown(what: str) -> str:
    return f"unknown export {what!r}: choose {', '.join(EXPORTS)}"
