"""Typed rows that cross from the store to the services, the command line and the reader.

Plain frozen dataclasses: the store fills them from SQL, the layers above read them. Exports
take their field lists from these types.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class JudgementRow:
    """One of the user's judgements on linking, as stored."""

    id: int
    created: str
    kind: str
    a: str
    b: str | None
    value: str | None
    active: bool
