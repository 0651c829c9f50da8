"""Pydantic models at the boundaries between ingest, extract, link, store and the UI.

Headless: nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
    routing: str | None = Field(
        default=None, description="a cable's routing indicator, as its header gives it (RUEHPE)")

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


@dataclass(frozen=True, slots=True)
class Extraction:
    """The mentions of one text, and which mentions a document itself declares aliases.

    `aliases` pairs indices into `mentions`: (short or second form, long or first form),
    from apposition ("Sendero Luminoso (Shining Path)") and acronym definitions.
    """

    mentions: list[Mention]
    aliases: list[tuple[int, int]]
    language: str = "en"  # the text's language, as `reader.text.language` tells it


class FileFailure(BaseModel):
    """A file (or one record of it) that could not be imported, or was skipped, and why."""

    path: str
    reason: str


class ImportSummary(BaseModel):
    imported: int = 0
    already_present: int = 0
    failed: list[FileFailure] = Field(default_factory=list)
    files_seen: int = 0
    # files in a folder that are not imported (unsupported type): reported, not failures
    skipped: list[FileFailure] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


# -- linking: what the pure linker and the store hand each other -----------------------------


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A mention with its local cluster (type, key) and that cluster's display name."""

    mention: Mention
    entity_type: str
    entity_key: str
    entity_name: str
    norm: str  # the mention's own normalised name


@dataclass(frozen=True, slots=True)
class LocalCluster:
    """One entity as one document names it: its key, display name and the names it declares
    for itself (acronyms, translations, "aka" aliases; not short forms such as a surname)."""

    type: str
    key: str
    name: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """A stored local cluster, as the linker sees it.

    `ref` identifies it by content (document hash, type, key): unlike `id`, it does not depend
    on the order of imports, so the linker orders its work by it and judgements point at it.
    """

    id: int
    ref: str
    type: str
    key: str
    name: str
    names: tuple[str, ...]
    isolated: bool = False


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity as the linker decides it: the smallest id of its clusters, its type, the
    key it is known by, the name it shows, and whether the user hid it."""

    id: int
    type: str
    key: str
    name: str
    hidden: bool = False
