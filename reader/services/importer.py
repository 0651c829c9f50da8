"""The import pipeline, shared by the command line and the reader.

Import: files -> ingest -> extract -> link -> store. Each batch of documents is written in
one transaction with its mentions and search rows, so the index never holds half a document;
a file that fails is reported with its reason and the others go on. Extraction of large
batches (cables.csv) runs in a process pool on every core.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cite import Citation, detect_citations
from reader.config import sample_corpus_dir
from reader.dedup import (
    CopyIndex,
    Stacked,
    excerpts_among,
    fingerprint,
    from_bytes,
    is_copy,
    similarity,
    to_bytes,
)
from reader.extract import extract
from reader.ingest import SUPPORTED_SUFFIXES, IngestError, iter_documents, iter_files
from reader.link import link_document_clusters
from reader.models import FileFailure, ImportSummary, LinkedMention, LocalCluster, ParsedDocument
from reader.services import import_token
from reader.services.citations import citation_records, resolve_citations
from reader.services.collector import collector_paused, pause_for_good
from reader.services.linking import link_new, relink
from reader.services.workers import exit_with, give_back_processes, take_processes
from reader.store import Store, StoreError
from reader.text.cables import post_country

if TYPE_CHECKING:  # (no fork server on Windows)
    from multiprocessing.context import ForkServerContext, SpawnContext

BATCH_SIZE = 400
PARALLEL_MIN_DOCS = 64
START_WORKERS_FROM = 1 << 20  # bytes to import: the workers' server is started at once
WORKER_BATCHES = 8  # batches (of BATCH_SIZE documents) per set of worker processes


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an import is: files done of all files, documents written, the current file."""

    files_done: int
    files_total: int
    documents: int
    current: str
    fraction: float = 0.0  # of all the bytes to import, an estimate inside a large file


ProgressCallback = Callable[[Progress], None]


Analysis = tuple[list[LinkedMention], list[LocalCluster]]


@dataclass(frozen=True, slots=True)
class Extras:
    """What an article also yields: the cables it cites and its near-duplicate fingerprint."""

    citations: list[Citation]
    fingerprint: bytes | None


def analyse(body: str, kind: str, origin: str | None = None) -> Analysis:
    """Extract one document's mentions and cluster them inside the document (a pure
    function; runs in worker processes). A cable's ORIGIN (its post) tells its country."""
    return link_document_clusters(extract(body, kind), home=post_country(origin))


# A few sentences in each language the readers read, written here. Analysing them loads
# every table that analysing any document reads (`warm_up`).
_WARM_UP = (
    ("Ambassador John Smith met Foreign Minister Maria Lopez and the Ministry of Defense in "
     "Lima on Monday. The Colombian army and the FARC (Revolutionary Armed Forces of "
     "Colombia) said that Cusco and Ayacucho were calm. Smith told President Garcia so.",
     "cable", "Embassy Lima"),
    ("El ministro de Defensa, Pedro Gómez, habló en Bogotá con el presidente de Venezuela "
     "y con la Fiscalía General. Según un cable de la embajada, Gómez negó todo.",
     "article", None),
    ("O ministro da Fazenda, João Silva, disse em Brasília que o Itamaraty e a Polícia "
     "Federal não comentam o telegrama da embaixada dos Estados Unidos.",
     "article", None),
    ("Le président de la République a reçu à Paris le ministre des Affaires étrangères, "
     "Jean Dupont, selon un câble de l'ambassade américaine publié par WikiLeaks.",
     "article", None),
)


def warm_up() -> None:
    """Load what analysing a document reads (word frequencies in the four languages, the
    tables made from them, places, regions, given names, organisations) by analysing a
    few sentences; processes forked afterwards share it (see services.preload)."""
    from reader.link.names import common_words
    from reader.text.frequency import zipf_table

    for body, kind, origin in _WARM_UP:
        analyse(body, kind, origin)
        analyse_extras(body, kind, "2010-12-01")
    for lang in ("en", "es", "pt", "fr"):
        zipf_table(lang)
    common_words()


def analyse_extras(body: str, kind: str, date: str | None) -> Extras:
    if kind != "article":
        return Extras([], None)
    fp = fingerprint(body)
    return Extras(detect_citations(body, date), to_bytes(fp) if fp is not None else None)


# What crosses the process boundary: plain tuples, not objects (measured on 300 cables:
# pickling the analyses as LinkedMention/Mention/LocalCluster objects took ten times as long
# as building and pickling these tuples, and twice the bytes).
MentionRow = tuple[int, int, str, str, str, str, str]  # start, end, text, type, cluster
#                                                        type, cluster key, norm
ClusterTuple = tuple[str, str, str, tuple[str, ...]]  # type, key, name, names
Compact = tuple[list[MentionRow], list[ClusterTuple]]


def compact(analysis: Analysis) -> Compact:
    linked, clusters = analysis
    return ([(lm.mention.start, lm.mention.end, lm.mention.text, lm.mention.type,
              lm.entity_type, lm.entity_key, lm.norm) for lm in linked],
            [(c.type, c.key, c.name, c.names) for c in clusters])


def _analyse_chunk(jobs: list[tuple[str, str, str | None, str | None]]
                   ) -> list[tuple[Compact, Extras]]:
    return [(compact(analyse(b, k, o)), analyse_extras(b, k, d)) for b, k, d, o in jobs]


def _die_with(parent: int) -> None:
    """In a worker: exit when the import that started it is gone; batch work only."""
    exit_with(parent, every=1.0)
    pause_for_good()  # (see services.collector)


class _Pool:
    """Extraction in worker processes (every core), started only when a batch is worth it.

    `submit` returns at once with a function that waits for the results, so the main process
    writes one batch while the workers analyse the next.
    """

    def __init__(self) -> None:
        self._executor: Executor | None = None
        self._batches = 0  # given to the current workers
        # where the workers come from (see services.workers), taken until `close`
        self._context: ForkServerContext | SpawnContext | None = None

    def start_soon(self) -> None:
        """For an import large enough to need workers: start their server now, so that it
        loads its tables (about 2 s) while this process reads the first batch."""
        if (os.cpu_count() or 1) >= 2 and self._context is None:
            self._context = take_processes(warm=True, start=True)

    def submit(self, docs: list[ParsedDocument]
               ) -> Callable[[], list[tuple[Compact, Extras]]]:
        jobs: list[tuple[str, str, str | None, str | None]] = [
            (d.body, d.kind, d.date, d.origin) for d in docs]
        workers = os.cpu_count() or 1
        if len(jobs) < PARALLEL_MIN_DOCS or workers < 2:
            results = _analyse_chunk(jobs)
            return lambda: results
        if self._executor is not None and self._batches >= WORKER_BATCHES:
            # fresh workers every WORKER_BATCHES batches: whatever a worker's caches hold
            # (the extraction's memoised lines and words) goes with it, so the workers'
            # memory does not grow with the corpus. The batch in flight finishes first (its
            # results stay in its futures). (Not `max_tasks_per_child`: it can hang on 3.11.)
            self._executor.shutdown(wait=True)
            self._executor = None
        if self._executor is None:
            self._batches = 0
            if self._context is None:
                self._context = take_processes(warm=True)
            # workers forked from a server process that has loaded the tables they read,
            # never from this one: they do not inherit what the import holds
            self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=self._context,
                                                 initializer=_die_with, initargs=(os.getpid(),))
        self._batches += 1
        futures = [self._executor.submit(_analyse_chunk, jobs[i : i + 16])
                   for i in range(0, len(jobs), 16)]
        return lambda: [a for f in futures for a in f.result()]

    def close(self, clean: bool = True) -> None:
        """No more batches. CLEAN: not after an error (see `services.workers`)."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None
        if self._context is not None:
            self._context = None
            # (its tables go: the re-link needs the memory more)
            give_back_processes(clean=clean)


class _Writer:
    """Writes batches of documents, one transaction each, one batch behind the analysis."""

    def __init__(self, store: Store, pool: _Pool, summary: ImportSummary,
                 sample: bool = False) -> None:
        self.store = store
        self.sample = sample
        self.pool = pool
        self.summary = summary
        self.pending: tuple[list[ParsedDocument],
                            Callable[[], list[tuple[Compact, Extras]]]] | None = None
        self.new_articles: list[int] = []
        self.new_cables = 0
        self.in_flight: set[str] = set()
        self.written = 0
        self.deferred = False  # a large import: link everything once at the end

    def add(self, batch: list[ParsedDocument]) -> None:
        known = self.store.known_hashes(d.content_hash for d in batch)
        fresh: list[ParsedDocument] = []
        for doc in batch:
            h = doc.content_hash
            if h in known:
                self.summary.already_present += 1
                self.store.add_source(known[h], doc.source)
            elif h in self.in_flight:
                self.summary.already_present += 1
            else:
                self.in_flight.add(h)
                fresh.append(doc)
        if not fresh:
            return
        job = self.pool.submit(fresh)
        self.flush()
        self.pending = (fresh, job)
        # the hashes not yet written: those of the batch in the pool (the index knows the rest)
        self.in_flight = {d.content_hash for d in fresh}

    def flush(self) -> None:
        if self.pending is None:
            return
        fresh, job = self.pending
        self.pending = None
        analysed = job()
        defer = len(fresh) >= DEFER_LINKING_FROM
        self.deferred |= defer
        written = 0
        with self.store.transaction():
            # asked again under the write lock: another import may have written some of
            # these since `add` asked (each is then "already present", never an error)
            present = self.store.known_hashes(d.content_hash for d in fresh)
            for doc, ((linked, clusters), extras) in zip(fresh, analysed, strict=True):
                if doc.content_hash in present:
                    self.summary.already_present += 1
                    self.store.add_source(present[doc.content_hash], doc.source)
                    continue
                written += 1
                doc_id, _ = self.store.insert_document_rows(doc, linked, clusters,
                                                            sample=self.sample)
                if doc.kind == "article":
                    self.new_articles.append(doc_id)
                    self.store.save_citations(doc_id, citation_records(extras.citations))
                    if extras.fingerprint is not None:
                        self.store.save_fingerprint(doc_id, extras.fingerprint)
                else:
                    self.new_cables += 1
        self.summary.imported += written
        self.written += written


def expand_paths(paths: Iterable[Path],
                 skipped: list[FileFailure] | None = None
                 ) -> tuple[list[Path], list[FileFailure]]:
    """Files to import under the given paths; paths that do not exist are failures. Files
    in a folder that are not imported (a .pdf…) are appended to SKIPPED, when given."""
    files: list[Path] = []
    missing: list[FileFailure] = []
    passed: list[tuple[Path, str]] = []
    for p in paths:
        if not p.exists():
            missing.append(FileFailure(path=str(p), reason="no such file or folder"))
            continue
        files.extend(iter_files([p], passed))
    if skipped is not None:
        skipped.extend(FileFailure(path=str(p), reason=why) for p, why in passed)
    return files, missing


def import_paths(
    store: Store, paths: Iterable[Path], progress: ProgressCallback | None = None,
    sample: bool = False,
) -> ImportSummary:
    """Import files and folders (recursively) into the store. SAMPLE: the files are the
    bundled sample corpus (its documents are marked, and `remove --samples` finds them)."""
    skipped: list[FileFailure] = []
    files, missing = expand_paths(paths, skipped)
    summary = ImportSummary(failed=list(missing), files_seen=len(files), skipped=skipped)
    sizes = [_size(p) for p in files]
    total_bytes = sum(sizes) or 1
    done_bytes = 0
    pool = _Pool()
    writer = _Writer(store, pool, summary, sample=sample)

    def report(n: int, path: Path, rows_done: int, rows_expected: int) -> None:
        if progress is None:
            return
        inside = sizes[n] * min(1.0, rows_done / rows_expected) if rows_expected else 0.0
        progress(Progress(n, len(files), writer.written, str(path),
                          min(1.0, (done_bytes + inside) / total_bytes)))

    first_cluster = store.next_cluster_id()
    # recorded until the names are linked: an import killed before that is finished by the
    # next command that opens the index (services.open_index)
    token = import_token()
    # an earlier import of this same process that failed left its documents unlinked:
    # this one links everything (its record goes with this one's)
    own = [t for t in store.imports_running() if t.split(":")[:2] == token.split(":")[:2]]
    store.import_started(token)
    try:
        if total_bytes >= START_WORKERS_FROM:
            pool.start_soon()  # (inside: whatever happens next, `close` stops it)
        with collector_paused(), ExitStack() as bulk:
            bulk.enter_context(store.bulk_writes())
            # a batch fills across files: many small files (articles) are analysed by the
            # workers together, not one by one in this process
            batch: list[ParsedDocument] = []
            for n, path in enumerate(files):
                expected = _expected_records(path, sizes[n])
                report(n, path, 0, expected)
                seen_in_file = 0
                try:
                    for item in iter_documents(path):
                        seen_in_file += 1
                        if isinstance(item, IngestError):
                            summary.failed.append(FileFailure(path=str(path),
                                                              reason=str(item)))
                            continue
                        batch.append(item)
                        if len(batch) >= BATCH_SIZE:
                            writer.add(batch)
                            batch = []
                            report(n, path, seen_in_file, expected)
                except IngestError as exc:
                    summary.failed.append(FileFailure(path=str(path), reason=str(exc)))
                except StoreError:
                    raise  # the index cannot be written (busy, full): the import stops
                except Exception as exc:  # a bug or an unexpected file: report it, go on
                    summary.failed.append(
                        FileFailure(path=str(path), reason=f"{type(exc).__name__}: {exc}")
                    )
                done_bytes += sizes[n]
            if batch:
                writer.add(batch)
            writer.flush()
            bulk.close()  # (the writes' page cache, and the workers' memory, are freed
            pool.close()  # before linking: the re-link and its helper hold the most)
            if writer.written:
                def linking(fraction: float | None) -> None:
                    if progress:  # (in tenths: a log gets a line for each)
                        done = "" if fraction is None else f" {int(fraction * 10) * 10}%"
                        progress(Progress(len(files), len(files), writer.written,
                                          f"linking names…{done}", 0.99))

                linking(None)
                link_after_import(store, first_cluster, full=writer.deferred or bool(own),
                                  progress=linking)
                # citations: all articles again when new cables may now answer a description
                resolve_citations(store, store.article_ids() if writer.new_cables
                                  else writer.new_articles)
                mark_copies(store, writer.new_articles)
        for t in (token, *own):
            store.import_ended(t)
        if progress:
            progress(Progress(len(files), len(files), writer.written, "", 1.0))
    except BaseException:
        pool.close(clean=False)  # (a worker may have been cut off as it started)
        raise
    finally:
        pool.close()
    return summary


DEFER_LINKING_FROM = 100
FULL_RELINK_FROM = 2000


def link_after_import(store: Store, first_cluster: int, full: bool = False,
                      progress: Callable[[float], None] | None = None) -> None:
    """Link the new clusters across documents: one by one through the name blocks for a
    few documents, or a full re-link when the import brought many (PROGRESS gets the
    fraction done)."""
    new = store.cluster_ids_from(first_cluster)
    if full or len(new) >= FULL_RELINK_FROM:
        relink(store, progress)
    else:
        link_new(store, new)


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
    count, carry = 0, b""
    try:
        with path.open("rb") as f:  # in pieces cut at line ends: memory stays flat
            while chunk := f.read(1 << 20):
                data = carry + chunk
                cut = data.rfind(b"\n") + 1
                count += len(_CSV_ROW_START.findall(data, 0, cut))
                carry = data[cut:]
    except OSError:
        return 0
    return count + len(_CSV_ROW_START.findall(carry))


def mark_copies(store: Store, new_articles: list[int]) -> None:
    """Recognise new articles that republish an older one (same text, other menu or
    headline): the earliest publication is the original."""
    if not new_articles:
        return
    index: CopyIndex[int] = CopyIndex()
    prints = {doc_id: from_bytes(blob) for doc_id, blob in store.all_fingerprints()}
    for doc_id, fp in prints.items():
        index.add(doc_id, fp)
    ids = list(prints)
    table = Stacked.of([prints[i] for i in ids])
    found: list[tuple[int, int, float]] = []  # worked out first, then written at once
    for doc_id in new_articles:
        mine = prints.get(doc_id)
        if mine is None:
            continue
        best: tuple[int, float] | None = None
        # the same text (LSH finds it), or an excerpt of an earlier one (compared with all)
        others = {*index.candidates(mine),
                  *(ids[k] for k in excerpts_among(mine, table))}
        for other in sorted(others):
            if other == doc_id:
                continue
            sim = similarity(mine, prints[other])
            if is_copy(mine, prints[other]) and (best is None or other < best[0]):
                best = (other, sim)
        if best is not None and best[0] < doc_id:
            found.append((doc_id, best[0], round(best[1], 3)))
    with store.transaction():
        for doc_id, original, sim in found:
            store.set_duplicate(doc_id, original, sim)


SAMPLE_OFFERED = "sample_offered"  # meta key: the sample corpus was offered to this index


def sample_files() -> list[Path]:
    """The sample corpus's articles (not its README), or none when it is not installed."""
    corpus = sample_corpus_dir()
    if corpus is None:
        return []
    return sorted(p for p in corpus.iterdir() if p.is_file() and p.name.lower() != "readme.md"
                  and p.suffix.lower() in SUPPORTED_SUFFIXES)


def import_sample_if_empty(store: Store) -> ImportSummary | None:
    """An empty index gets the bundled sample corpus, its documents marked as samples (for
    tests and demonstrations; the reader's first run goes through `first_run_sample`)."""
    if not store.is_empty():
        return None
    files = sample_files()
    if not files:
        return None
    summary = import_paths(store, files, sample=True)
    with store.transaction():
        store.set_setting(SAMPLE_OFFERED, "1")
    return summary


def first_run_sample(store: Store, default_index: bool) -> ImportSummary | None:
    """The reader's first run on the default index: it is filled with the sample corpus,
    once. An index named by --db or $CABLEREADER_DB never gets it (its invented articles
    would count as coverage of real cables), and neither does an index that was offered it
    before, even if the user emptied it since."""
    if not default_index or store.setting(SAMPLE_OFFERED) is not None:
        return None
    if not store.is_empty():
        with store.transaction():
            store.set_setting(SAMPLE_OFFERED, "0")  # filled by an import before its first run
        return None
    return import_sample_if_empty(store)
