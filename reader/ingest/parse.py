"""The ingest entry points: which files to read, and what documents they hold.

``iter_files`` expands the paths a user gives; ``iter_documents`` sniffs one file's format
(by content first, extension second) and hands it to the matching importer:

========================  =================================================================
cables.csv layout          :mod:`reader.ingest.cablecsv` (one document per row)
cablegate "Cable Viewer"   :mod:`reader.ingest.cablegate`
other HTML                 :mod:`reader.ingest.html` (a saved article)
Markdown (.md/.markdown)   :mod:`reader.ingest.text` with Markdown reduction
anything else that is text :mod:`reader.ingest.text` (plain or saved-web-page text)
========================  =================================================================

Every string that leaves here has passed the terminal-safety filter of
:mod:`reader.ingest.decode` (HTML entities such as ``&#27;`` are decoded after the file's own
bytes were cleaned, so documents are filtered again).
"""

from __future__ import annotations

import errno
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.config import max_document_bytes, too_large
from reader.ingest.cablecsv import iter_cables_csv, looks_like_cables_csv
from reader.ingest.cablegate import is_cablegate_page, parse_cablegate_page
from reader.ingest.decode import (
    decode_bytes,
    decode_stream,
    normalise_newlines,
    strip_controls,
)
from reader.ingest.errors import IngestError
from reader.ingest.html import decode_html, parse_article_html
from reader.ingest.text import parse_text_document
from reader.models import ParsedDocument

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "decode_bytes",
    "iter_documents",
    "iter_files",
    "sniff_format",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".csv"}
)
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_START_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_ANYWHERE_RE = re.compile(r"<(?:head|body)\b[^>]*>", re.I)
_CONTROL_CHECK_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SNIFF_CHARS = 2048
_CSV_KINDS = frozenset({"cables-csv", "csv"})
STREAM_FROM = 8 << 20  # bytes: a file this large is decoded as a stream (any .csv is)


def sniff_format(head: str, suffix: str) -> str:
    """``"cables-csv"``, ``"html"``, ``"csv"`` (another CSV), ``"markdown"`` or ``"text"``.

    Content wins over the extension for HTML and the cables.csv layout (a page saved as .txt
    is still HTML); otherwise the extension decides.
    """
    suffix = suffix.lower()
    if looks_like_cables_csv(head):
        return "cables-csv"
    if suffix in _HTML_SUFFIXES or _HTML_START_RE.match(head[:_SNIFF_CHARS]):
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix not in SUPPORTED_SUFFIXES and _HTML_ANYWHERE_RE.search(head[:_SNIFF_CHARS]):
        return "html"
    return "text"


def iter_documents(path: Path) -> Iterator[ParsedDocument | IngestError]:
    """The documents in one file.

    Raises IngestError when the whole file cannot be imported (unreadable, empty, binary,
    undecodable, a CSV in another layout, no article text).  For cables.csv, a bad row is
    yielded as an ``IngestError("row N: reason")`` and the other rows continue.
    """
    path = Path(path)
    html_hint = path.suffix.lower() in _HTML_SUFFIXES
    source = str(path)
    try:
        size = path.stat().st_size
        if path.suffix.lower() != ".csv" and size > max_document_bytes():
            raise IngestError(too_large(size))  # one article: refused before it is read
        if html_hint:
            text = decode_html(path.read_bytes())
        elif path.suffix.lower() == ".csv" or size >= STREAM_FROM:
            # streamed: a large file (cables.csv) is never held whole, in bytes or text
            pieces = decode_stream(path)
            first = next(pieces)
            if sniff_format(first[: 4 * _SNIFF_CHARS], path.suffix) in _CSV_KINDS:
                # Fields come straight from the already-cleaned text: no second filter.
                yield from iter_cables_csv(itertools.chain((first,), pieces), source)
                return
            text = first + "".join(pieces)
        else:
            text = decode_bytes(path.read_bytes())
    except IsADirectoryError:
        raise IngestError("is a folder, not a file") from None
    except OSError as error:
        raise IngestError(f"cannot read file: {error.strerror or error}") from None
    kind = sniff_format(text[: 4 * _SNIFF_CHARS], path.suffix)
    if kind in _CSV_KINDS:
        yield from iter_cables_csv(text, source)
        return
    if kind == "html":
        if is_cablegate_page(text):
            yield _safe(parse_cablegate_page(text, source))
        else:
            yield _safe(_with_title(parse_article_html(text, source), path))
        return
    document = parse_text_document(text, source, markdown=kind == "markdown")
    yield _safe(_with_title(document, path))


def iter_files(paths: Iterable[Path],
               skipped: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    """Files to import, in order.

    A file is yielded as given (whatever its extension: ``iter_documents`` sniffs it).  A
    folder is walked recursively: hidden entries (names starting with '.') are skipped, only
    files with a supported suffix are taken, and within each folder files come before
    sub-folders, each sorted by name (so ``cables.csv`` is read before ``html/``, and a cable's
    cables.csv row is imported before its cablegate page).  A path that does not exist raises
    FileNotFoundError.  Each file is yielded once.  A file inside a folder that is not taken
    (an unsupported suffix, such as ``.pdf``), a folder that cannot be read and a link back
    to a folder already read are appended to SKIPPED with the reason, when given; hidden
    entries are left out without a word.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, "no such file or folder", str(path))
        candidates = _walk(path, set(), skipped) if path.is_dir() else iter((path,))
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                yield candidate


def unsupported_reason(path: Path) -> str:
    """Why a file in a folder is not imported."""
    suffix = path.suffix.lower()
    kind = f"{suffix} files" if suffix else "files without an extension"
    return f"{kind} are not imported (only {', '.join(sorted(SUPPORTED_SUFFIXES))})"


def _walk(folder: Path, visited: set[Path],
          skipped: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    real = folder.resolve()
    if real in visited:  # a symlink loop, or a second link to a folder already read
        if skipped is not None:
            skipped.append((folder, "a link to a folder already read (a loop?)"))
        return
    visited.add(real)
    try:
        entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    except OSError as exc:
        if skipped is not None:
            skipped.append((folder, f"cannot read this folder ({exc.strerror or exc})"))
        return
    files = sorted((e for e in entries if e.is_file()), key=_name_key)
    folders = sorted((e for e in entries if e.is_dir()), key=_name_key)
    for e in files:
        if e.suffix.lower() in SUPPORTED_SUFFIXES:
            yield e
        elif skipped is not None:
            skipped.append((e, unsupported_reason(e)))
    for sub in folders:
        yield from _walk(sub, visited, skipped)


def _name_key(path: Path) -> tuple[str, str]:
    return (path.name.casefold(), path.name)


def _with_title(document: ParsedDocument, path: Path) -> ParsedDocument:
    if document.title.strip():
        return document
    return document.model_copy(update={"title": path.stem})


def _safe(document: ParsedDocument) -> ParsedDocument:
    """Filter every string field for terminal control characters (cheap when clean). The
    source is the file's path as it is, so that it names the file (it is spelt safely
    wherever it is shown)."""
    updates: dict[str, str] = {}
    for name, value in document:
        if name == "source":
            continue
        if isinstance(value, str) and _CONTROL_CHECK_RE.search(value):
            cleaned = strip_controls(normalise_newlines(value))
            updates[name] = cleaned if name == "body" else " ".join(cleaned.split())
    return document.model_copy(update=updates) if updates else document
