"""Ingest: files → :class:`reader.models.ParsedDocument` (headless; no Textual here).

Public API (see :mod:`reader.ingest.parse`): ``iter_files``, ``iter_documents``,
``decode_bytes``, ``IngestError``, ``SUPPORTED_SUFFIXES``.
"""

from __future__ import annotations

from reader.ingest.decode import decode_bytes
from reader.ingest.errors import IngestError
from reader.ingest.parse import SUPPORTED_SUFFIXES, iter_documents, iter_files, sniff_format

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "decode_bytes",
    "iter_documents",
    "iter_files",
    "sniff_format",
]
