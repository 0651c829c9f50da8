"""The one exception the importers raise (or yield, for one bad record of a multi-record file)."""

from __future__ import annotations


class IngestError(Exception):
    """A file, or one record of a multi-record file, that cannot be imported.

    ``str(e)`` is a short human reason ("empty file", "binary file (not text)",
    "row 17: 5 columns, expected 8").  ``row`` is the 1-based record number when the error
    concerns one record of a multi-record file (cables.csv), else ``None``.
    """

    def __init__(self, reason: str, *, row: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row

    def __str__(self) -> str:
        return self.reason
