"""Issue 12: a large import streams (bounded memory) and links in linear time.

- `decode.decode_stream` gives `decode_bytes`'s text, piece by piece, whatever the encoding;
  a streamed cables.csv gives the same documents and the same "row N" errors.
- A block key shared by more than `names.MAX_BLOCK` names is no key (`oversized_blocks`), and
  the incremental path, the full re-link and any batching agree when a block crosses it.
"""

from __future__ import annotations

import codecs
import contextlib
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.ingest import IngestError, decode_bytes, iter_documents
from reader.ingest import decode as decode_module
from reader.ingest.cablecsv import iter_cables_csv
from reader.ingest.decode import decode_stream
from reader.link import names as name_rules
from reader.link.names import block_keys, oversized_blocks
from reader.link.resolve import memory_neighbours
from reader.services.importer import _expected_records, import_paths
from reader.services.linking import relink
from reader.store import Store
from tests.test_ingest import cable_row, csv_row
from tests.test_one_linker import TEXTS, _write, partition

LINES = ("Línea con acentos FernÃ¡ndez\r\nSegunda \x1b[31mroja\x1b[0m línea\u2028sep\n"
         "tercera\rcuarta \x0c fin “quote” â€œmojiâ€\x9d\n")


@pytest.mark.parametrize("encoded", [
    (LINES * 400).encode("utf-8"),
    codecs.BOM_UTF8 + (LINES * 400).encode("utf-8"),
    codecs.BOM_UTF16_LE + (LINES * 400).encode("utf-16-le"),
    codecs.BOM_UTF16_BE + (LINES * 400).encode("utf-16-be"),
    (LINES.replace("“", '"').replace("”", '"') * 400).encode("cp1252", "replace"),
    ("Привет мир, это проверка кодировки.\r\n" * 400).encode("cp1251"),
], ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252", "cp1251"])
@pytest.mark.parametrize("chunk", [7, 251, 4096, 1 << 20])
def test_stream_decodes_as_whole(tmp_path: Path, encoded: bytes, chunk: int) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(encoded)
    pieces = list(decode_stream(path, chunk_size=chunk))
    assert "".join(pieces) == decode_bytes(encoded)
    assert all(p.endswith("\n") for p in pieces[:-1]), "pieces end at line ends"


@pytest.mark.parametrize(("data", "error"), [
    (b"", "empty file"),
    (b"  \n \n" * 50, "empty file (only whitespace)"),
    (b"text\n" * 100 + b"\x00", "binary file (not text)"),
    (b"%PDF-1.4 stuff", "binary file (not text: PDF)"),
    (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "not valid UTF-16"),
])
def test_stream_fails_as_whole(tmp_path: Path, data: bytes, error: str) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError) as whole:
        decode_bytes(data)
    with pytest.raises(IngestError) as streamed:
        list(decode_stream(path, chunk_size=16))
    assert str(whole.value) == str(streamed.value) == error


def _big_csv(tmp_path: Path) -> tuple[Path, str]:
    rows = []
    for n in range(1, 301):
        if n % 50 == 7:
            rows.append(csv_row(str(n), "03/12/2009 21:09", f"09LIMA{n}", "Embassy Lima"))
        elif n % 50 == 23:
            rows.append(cable_row(n, "not-a-ref", "Body.\n"))
        else:
            body = f"1. (C) Cable {n} says \"hi\",\nover two lines \\ with a backslash.\n"
            rows.append(cable_row(n, f"09LIMA{n}", body))
    text = "\r\n".join(rows) + "\r\n"
    path = tmp_path / "cables.csv"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_streamed_csv_keeps_documents_and_row_numbers(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path, text = _big_csv(tmp_path)
    whole = list(iter_cables_csv(decode_bytes(text.encode()), str(path)))
    monkeypatch.setattr(decode_module, "STREAM_CHUNK", 97)  # rows span many pieces
    streamed = list(iter_documents(path))
    assert [repr(x) for x in streamed] == [repr(x) for x in whole]
    errors = [x for x in streamed if isinstance(x, IngestError)]
    assert [e.row for e in errors] == [n for n in range(1, 301) if n % 50 in (7, 23)]
    assert str(errors[0]) == "row 7: 4 columns, expected 8"
    assert str(errors[1]) == "row 23: 'not-a-ref' is not a cable reference id"
    assert sum(isinstance(x, IngestError) for x in streamed) == 12
    assert _expected_records(path, 2_000_000) == 300


def test_oversized_block_is_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(name_rules, "MAX_BLOCK", 3)
    names = [("group", f"embassy {city}") for city in
             ("lima", "quito", "bogota", "caracas", "santiago")] + [("group", "embasy lima")]
    blocks = {n: block_keys(*n) for n in names}
    over = oversized_blocks(blocks)
    assert ("group", "embassy") in over and ("group", "lima") not in over
    near = memory_neighbours(names, over)
    # "embassy quito" shares only the oversized key with "embassy lima": no candidate;
    # "embasy lima" still is one, through "lima" (the block is split by the other keys)
    assert "embassy quito" not in set(near("group", "embassy lima"))
    assert "embasy lima" in set(near("group", "embassy lima"))
    # without the limit, every pair of the block is a candidate
    monkeypatch.setattr(name_rules, "MAX_BLOCK", 100)
    assert "embassy quito" in set(memory_neighbours(names)("group", "embassy lima"))


@pytest.mark.parametrize("batch", [1, 3])
def test_batches_crossing_the_block_limit_give_the_full_relink(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """With a tiny MAX_BLOCK, blocks ("~mntsns", "fujimori"...) become oversized in the
    middle of the import: linking batch by batch, all at once and a full re-link agree."""
    monkeypatch.setattr(name_rules, "MAX_BLOCK", 2)
    names = sorted(TEXTS)
    whole = Store(tmp_path / "all.sqlite")
    try:
        import_paths(whole, _write(tmp_path / "all", names))
        expected = partition(whole)
    finally:
        whole.close()
    store = Store(tmp_path / "steps.sqlite")
    try:
        files = _write(tmp_path / "steps", names)
        for i in range(0, len(files), batch):
            import_paths(store, files[i : i + batch])
        assert partition(store) == expected
        relink(store)
        assert partition(store) == expected
    finally:
        store.close()


def test_removal_that_shrinks_a_block_gives_the_full_relink(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing documents can bring a block back under the limit: its names link again
    as a full re-link links them."""
    from reader.services.documents import remove_documents

    monkeypatch.setattr(name_rules, "MAX_BLOCK", 2)
    store = Store(tmp_path / "r.sqlite")
    try:
        import_paths(store, _write(tmp_path / "in", sorted(TEXTS)))
        doomed = [r[0] for r in store.conn.execute(
            "SELECT id FROM documents WHERE source LIKE '%c.txt' OR source LIKE '%k.txt' "
            "OR source LIKE '%h.txt'")]
        remove_documents(store, doomed)
        after = partition(store)
        relink(store)
        assert partition(store) == after
    finally:
        store.close()


def _one_article_files(tmp_path: Path, n: int) -> Path:
    """A folder of N one-article files (enough, from PARALLEL_MIN_DOCS, for the workers)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03}.txt").write_text(
            f"Note {i}\n\nAmbassador Maria Lopez met President Alan Garcia in Lima on day {i}.",
            encoding="utf-8")
    return folder


def test_small_files_are_analysed_together_by_the_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder of many one-article files fills batches across files: the workers analyse
    them, not this process one file at a time (which also kept the extraction's data and
    caches in this process, beside the re-link's)."""
    from reader.services import importer

    folder = _one_article_files(tmp_path, importer.PARALLEL_MIN_DOCS + 6)
    here: list[str] = []
    real = importer.analyse

    def counted(body, kind, origin=None):  # type: ignore[no-untyped-def]
        here.append(kind)  # (the workers run their own copy of the module, uncounted)
        return real(body, kind, origin)

    monkeypatch.setattr(importer, "analyse", counted)
    store = Store(tmp_path / "index.sqlite")
    try:
        summary = import_paths(store, [folder])
        assert summary.imported == importer.PARALLEL_MIN_DOCS + 6 and not summary.failed
        assert here == []
    finally:
        store.close()


def _servers_left() -> list[str]:
    """The fork servers among this process's children."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            with contextlib.suppress(OSError):
                found.append(Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"))
    return [c for c in found if "forkserver" in c]


needs_servers = pytest.mark.skipif(
    not Path(f"/proc/self/task/{os.getpid()}/children").exists()
    or (os.cpu_count() or 1) < 2 or "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="needs two cores, a fork server and /proc's children lists")


@needs_servers
def test_the_workers_server_and_its_tables_are_gone_once_the_workers_are_done(
        tmp_path: Path) -> None:
    """The workers come from a fork server that loaded the extraction's tables (about
    300 MB); once they are done it goes too, before the re-link needs the memory."""
    from reader.services import importer

    folder = _one_article_files(tmp_path, importer.PARALLEL_MIN_DOCS + 2)
    store = Store(tmp_path / "index.sqlite")
    try:
        assert import_paths(store, [folder]).imported == importer.PARALLEL_MIN_DOCS + 2
    finally:
        store.close()
    assert _servers_left() == []


@needs_servers
def test_an_import_that_fails_at_once_leaves_no_server_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large import starts its workers' server before its first batch; if the index then
    refuses the import, the server (and its memory) goes with it."""
    from reader.services import importer
    from reader.store import StoreError

    folder = _one_article_files(tmp_path, 3)
    monkeypatch.setattr(importer, "START_WORKERS_FROM", 0)
    store = Store(tmp_path / "index.sqlite")

    def refused(*_args: object) -> None:
        raise StoreError("the index is busy")

    monkeypatch.setattr(store, "import_started", refused)
    try:
        with pytest.raises(StoreError):
            import_paths(store, [folder])
    finally:
        store.close()
    assert _servers_left() == []


def _tables_loaded() -> int:
    """(in a worker) How many frequency tables this process holds."""
    from reader.text.frequency import zipf_table

    return zipf_table.cache_info().currsize


def _tables_in_a_worker(warm: bool) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from reader.services.workers import give_back_processes, take_processes

    context = take_processes(warm=warm)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            return pool.submit(_tables_loaded).result()
    finally:
        give_back_processes()


@needs_servers
def test_workers_come_warm_after_a_lean_server_served_a_re_link() -> None:
    """The re-link's helper comes from a lean server; the next import's workers still come
    from a warm one (multiprocessing reads what a server preloads only when it starts it),
    and no server is left once each is done."""
    assert _tables_in_a_worker(warm=False) == 0
    assert _servers_left() == []
    assert _tables_in_a_worker(warm=True) == 4
    assert _servers_left() == []


def test_the_workers_server_loads_what_analysing_reads() -> None:
    """Imported by the fork server, `reader.services.preload` leaves wordfreq's lists and
    the tables made from them, places and given names loaded (and shared by every worker
    forked from it)."""
    script = (
        "import wordfreq\n"
        "import reader.services.preload\n"
        "from reader.extract.gazetteer import places\n"
        "from reader.text.frequency import zipf_table\n"
        "from reader.text.given import given_names\n"
        "print(zipf_table.cache_info().currsize, places.cache_info().currsize,\n"
        "      given_names.cache_info().currsize,\n"
        "      wordfreq.get_frequency_dict.cache_info().currsize)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["4", "1", "1", "4"]


@needs_servers
def test_a_server_that_may_have_a_stray_process_is_kept_not_waited_for() -> None:
    """After an error (Ctrl-C as a worker starts), a worker may never end until this
    process does, and a server waits for every process it forked before it exits: it is
    kept, not stopped, or the import would hang there."""
    import time

    from reader.services import workers

    server = workers._Server()
    context = server.take(warm=False)
    stray = context.Process(target=time.sleep, args=(60,), daemon=True)
    stray.start()
    started = time.monotonic()
    server.give_back(clean=False)
    server.take(warm=True)  # (the other kind: kept all the same)
    server.give_back()
    assert time.monotonic() - started < 5
    assert len(_servers_left()) == 1
    stray.terminate()
    stray.join()
    workers._stop_server()
    assert _servers_left() == []
