"""Pydantic models at the boundaries between ingest, extract, link, store and the UI.

Headless: nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocKind = Literal["article", "cable"]
EntityType = Literal["person", "group", "place"]


class ParsedDocument(BaseModel):
    """One document as an importer reads it from a file, before extraction."""

    model_config = ConfigDict(frozen=True)

    kind: DocKind
    source: str = Field(description="file path; for a cable from cables.csv: 'cables.csv#<REFID>'")
    title: str
    body: str
    outlet: str | None = None
    byline: str | None = None
    date: str | None = Field(default=None, description="ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
    url: str | None = None
    ref_id: str | None = None
    origin: str | None = None
    classification: str | None = None
    subject: str | None = None

    @property
    def content_hash(self) -> str:
        """Identity of the content: identical text is imported once.

        A cable is identified by its reference id (the same cable reaches us as a cablegate
        page and as a cables.csv row); an article by its normalised headline, outlet and body.
        """
        if self.kind == "cable" and self.ref_id:
            key = "cable:" + self.ref_id.upper()
        else:
            # the same text under another headline or outlet is a republication, kept as its
            # own document (and later recognised as a copy), not dropped
            parts = (self.title, self.outlet or "", self.body)
            key = "article:" + "\x1f".join(" ".join(p.split()) for p in parts)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Mention(BaseModel):
    """A named person, group or place at [start, end) of a document's stored body."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    type: EntityType


class FileFailure(BaseModel):
    """A file (or one record of it) that could not be imported, and why."""

    path: str
    reason: str


class ImportSummary(BaseModel):
    imported: int = 0
    already_present: int = 0
    failed: list[FileFailure] = Field(default_factory=list)
    files_seen: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed
