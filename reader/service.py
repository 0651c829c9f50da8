"""Headless operations shared by the command line and the reader: import, export.

Import: files -> ingest -> extract -> link -> store. Each batch of documents is written in
one transaction with its mentions and search rows, so the index never holds half a document;
a file that fails is reported with its reason and the others go on. Extraction of large
batches (cables.csv) runs in a process pool on every core.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reader.extract import extract
from reader.ingest import IngestError, iter_documents, iter_files
from reader.link import LinkedMention, link_document
from reader.models import FileFailure, ImportSummary, ParsedDocument
from reader.store import Store

BATCH_SIZE = 400
PARALLEL_MIN_DOCS = 64


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an import is: files done of all files, documents written, the current file."""

    files_done: int
    files_total: int
    documents: int
    current: str
    fraction: float = 0.0  # of all the bytes to import, an estimate inside a large file


ProgressCallback = Callable[[Progress], None]


def analyse(body: str, kind: str) -> list[LinkedMention]:
    """Extract and link one document's mentions (a pure function; runs in worker processes)."""
    return link_document(extract(body, kind))


def _analyse_args(args: tuple[str, str]) -> list[LinkedMention]:
    return analyse(*args)


class _Pool:
    """A process pool started only when a batch is large enough to be worth it."""

    def __init__(self) -> None:
        self._executor: Executor | None = None

    def map(self, docs: list[ParsedDocument]) -> list[list[LinkedMention]]:
        jobs = [(d.body, d.kind) for d in docs]
        workers = os.cpu_count() or 1
        if len(jobs) < PARALLEL_MIN_DOCS or workers < 2:
            return [_analyse_args(j) for j in jobs]
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=workers)
        return list(self._executor.map(_analyse_args, jobs, chunksize=16))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[FileFailure]]:
    """Files to import under the given paths; paths that do not exist are failures."""
    files: list[Path] = []
    missing: list[FileFailure] = []
    for p in paths:
        if not p.exists():
            missing.append(FileFailure(path=str(p), reason="no such file or folder"))
            continue
        files.extend(iter_files([p]))
    return files, missing


def import_paths(
    store: Store, paths: Iterable[Path], progress: ProgressCallback | None = None
) -> ImportSummary:
    """Import files and folders (recursively) into the store."""
    files, missing = expand_paths(paths)
    summary = ImportSummary(failed=list(missing), files_seen=len(files))
    sizes = [_size(p) for p in files]
    total_bytes = sum(sizes) or 1
    done_bytes = 0
    pool = _Pool()
    written = 0

    def report(n: int, path: Path, rows_done: int, rows_expected: int) -> None:
        if progress is None:
            return
        inside = sizes[n] * min(1.0, rows_done / rows_expected) if rows_expected else 0.0
        progress(Progress(n, len(files), written, str(path),
                          min(1.0, (done_bytes + inside) / total_bytes)))

    try:
        for n, path in enumerate(files):
            expected = _expected_records(path, sizes[n])
            report(n, path, 0, expected)
            batch: list[ParsedDocument] = []
            seen_in_file = 0
            try:
                for item in iter_documents(path):
                    seen_in_file += 1
                    if isinstance(item, IngestError):
                        summary.failed.append(FileFailure(path=str(path), reason=str(item)))
                        continue
                    batch.append(item)
                    if len(batch) >= BATCH_SIZE:
                        written += _write_batch(store, pool, batch, summary)
                        batch = []
                        report(n, path, seen_in_file, expected)
            except IngestError as exc:
                summary.failed.append(FileFailure(path=str(path), reason=str(exc)))
            except Exception as exc:  # a bug or an unexpected file: report it, go on
                summary.failed.append(
                    FileFailure(path=str(path), reason=f"{type(exc).__name__}: {exc}")
                )
            if batch:
                written += _write_batch(store, pool, batch, summary)
            done_bytes += sizes[n]
        if progress:
            progress(Progress(len(files), len(files), written, "", 1.0))
    finally:
        pool.close()
    return summary


_CSV_ROW_START = re.compile(rb'^"\d+","\d\d/\d\d/\d{4}', re.MULTILINE)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _expected_records(path: Path, size: int) -> int:
    """How many documents a large CSV holds (for progress), 0 when not worth asking."""
    if path.suffix.lower() != ".csv" or size < 1_000_000:
        return 0
    try:
        return len(_CSV_ROW_START.findall(path.read_bytes()))
    except OSError:
        return 0


def _write_batch(
    store: Store, pool: _Pool, batch: list[ParsedDocument], summary: ImportSummary
) -> int:
    """Write the new documents of a batch in one transaction; count the known ones."""
    known = store.known_hashes(d.content_hash for d in batch)
    fresh: list[ParsedDocument] = []
    seen: set[str] = set()
    for doc in batch:
        h = doc.content_hash
        if h in known:
            summary.already_present += 1
            store.add_source(known[h], doc.source)
        elif h in seen:
            summary.already_present += 1
        else:
            seen.add(h)
            fresh.append(doc)
    if not fresh:
        return 0
    analysed = pool.map(fresh)
    with store.transaction():
        for doc, linked in zip(fresh, analysed, strict=True):
            store.insert_document(doc, linked)
    summary.imported += len(fresh)
    return len(fresh)


def iter_export(store: Store, what: str) -> Iterator[dict[str, object]]:
    if what == "mentions":
        return store.iter_export_mentions()
    if what == "articles":
        return store.iter_export_articles()
    if what == "entities":
        return store.iter_export_entities()
    raise ValueError(f"unknown export {what!r}: choose mentions, articles or entities")
