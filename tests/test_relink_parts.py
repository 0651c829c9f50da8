"""The full re-link works in parts (whole components, each committed on its own): the parts
give what one re-link of the whole index gives, other connections write between them, and a
judgement made meanwhile holds at the end."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.services import judging, linking
from reader.services.importer import import_paths
from reader.store import Store
from tests.test_interrupted import alive, descendants_of
from tests.test_one_linker import TEXTS, _write, partition

Suggestions = frozenset[tuple[str, str, float, str]]


def suggestions(store: Store) -> Suggestions:
    """The suggestions, by content (the clusters' references, not their ids)."""
    return frozenset((store.cluster_ref(a) or "", store.cluster_ref(b) or "", round(s, 4), r)
                     for a, b, s, r in store.conn.execute(
                         "SELECT a, b, score, reason FROM suggestions"))


def entity_documents(store: Store) -> list[tuple[int, ...]]:
    return store.conn.execute("SELECT * FROM entity_documents ORDER BY 1, 2").fetchall()


def state(store: Store, stats: linking.RelinkStats) -> tuple[object, ...]:
    """What a re-link leaves, by content."""
    return (partition(store), suggestions(store), entity_documents(store), stats.entities,
            stats.suggestions)


def relinked(db: Path, part: int, monkeypatch: pytest.MonkeyPatch,
             helper: bool = True) -> tuple[object, ...]:
    monkeypatch.setattr(linking, "PART_CLUSTERS", part)
    monkeypatch.setattr(linking, "HELPER", helper)
    store = Store(db)
    try:
        stats = linking.relink(store)
        assert helper or not stats.helped
        return state(store, stats)
    finally:
        store.close()


def _index(tmp_path: Path, files: list[Path], judge: bool = True) -> Path:
    db = tmp_path / "whole.sqlite"
    store = Store(db)
    try:
        assert not import_paths(store, files).failed
        if judge:  # a wall and a join, so that the parts must honour both
            rows = store.conn.execute(
                "SELECT id, entity_id FROM clusters ORDER BY id").fetchall()
            by_entity: dict[int, list[int]] = {}
            for cluster, entity in rows:
                by_entity.setdefault(entity, []).append(cluster)
            shared = next(c for c in by_entity.values() if len(c) >= 2)
            judging.judge_not_same(store, shared[0], shared[1])
            singles = [c[0] for c in by_entity.values() if len(c) == 1]
            judging.judge_same_clusters(store, singles[0], singles[-1])
    finally:
        store.close()
    return db


def test_parts_give_the_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)))
    small = tmp_path / "small.sqlite"
    shutil.copyfile(db, small)
    whole = relinked(db, 10**9, monkeypatch)
    assert relinked(small, 2, monkeypatch) == whole
    # and again from what the parts wrote: nothing moves
    assert relinked(small, 3, monkeypatch) == whole


def test_parts_give_the_whole_on_real_articles(tmp_path: Path, shared_data: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((shared_data / "seeds").iterdir())
    files += sorted((shared_data / "dev" / "articles").iterdir())
    db = _index(tmp_path, files)
    small = tmp_path / "small.sqlite"
    shutil.copyfile(db, small)
    assert relinked(small, 40, monkeypatch) == relinked(db, 10**9, monkeypatch)


def _slowly(_fraction: float) -> None:
    """Parts this small take no time: this process would link them all before a helper
    has started. Written slowly, they leave it time to take some."""
    time.sleep(0.1)


def test_a_helper_process_links_parts_on_the_other_core(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper process links some of the parts while this process links others and writes
    them all: the index ends as one process alone leaves it."""
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)))
    alone = tmp_path / "alone.sqlite"
    shutil.copyfile(db, alone)
    monkeypatch.setattr(linking, "PART_CLUSTERS", 2)
    store = Store(db)
    try:
        stats = linking.relink(store, _slowly)
        assert stats.helped > 0
        helped = state(store, stats)
    finally:
        store.close()
    assert helped == relinked(alone, 2, monkeypatch, helper=False)


def test_a_helper_is_started_from_a_process_with_threads_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader imports in a thread: the helper starts from the fork server, never forked
    from this process, so it helps there too."""
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)), judge=False)
    monkeypatch.setattr(linking, "PART_CLUSTERS", 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    store = Store(db)
    try:
        assert linking.relink(store, _slowly).helped > 0
    finally:
        stop.set()
        other.join()
        store.close()


def test_no_helper_inside_an_open_transaction(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside the caller's transaction (an index brought up to date) a helper would not see
    what this process wrote: the re-link runs alone."""
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)), judge=False)
    monkeypatch.setattr(linking, "PART_CLUSTERS", 2)
    store = Store(db)
    try:
        with store.transaction():
            assert linking.relink(store).helped == 0
    finally:
        store.close()


def test_no_helper_when_no_process_can_be_had(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where shared memory or a new process cannot be had, the re-link runs alone, and
    gives the same index."""
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)))
    alone = tmp_path / "alone.sqlite"
    shutil.copyfile(db, alone)

    class NoSharedMemory:
        def Value(self, *_args: object) -> None:  # (multiprocessing's name)
            raise OSError("no shared memory here")

    monkeypatch.setattr(linking, "take_processes", lambda warm: NoSharedMemory())
    monkeypatch.setattr(linking, "give_back_processes", lambda: None)
    monkeypatch.setattr(linking, "PART_CLUSTERS", 2)
    store = Store(db)
    try:
        stats = linking.relink(store)
        assert stats.helped == 0
        got = state(store, stats)
    finally:
        store.close()
    assert got == relinked(alone, 2, monkeypatch, helper=False)


def test_the_helper_stops_when_another_connection_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper's part may have been read before another connection's write: once one is
    seen, that part is linked again under the lock, the helper stops, and this process
    links the rest. The result is the whole index's, the judgement made meanwhile included."""
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)), judge=False)
    monkeypatch.setattr(linking, "PART_CLUSTERS", 2)
    store, other = Store(db), Store(db)
    pair = store.conn.execute(
        "SELECT min(id), max(id) FROM clusters WHERE entity_id = id").fetchone()
    calls: list[float] = []

    def between_parts(fraction: float) -> None:
        calls.append(fraction)
        if len(calls) == 6:  # (the helper has started by then)
            judging.judge_same_clusters(other, pair[0], pair[1])
        _slowly(fraction)

    seen: list[tuple[bool, bool]] = []  # (after the write, linked by the helper) a part
    real = linking._worked_out

    def watched(*args):  # type: ignore[no-untyped-def]
        for item in real(*args):
            seen.append((len(calls) >= 6, item[4]))
            yield item

    monkeypatch.setattr(linking, "_worked_out", watched)
    try:
        stats = linking.relink(store, between_parts)
        assert stats.helped and any(after for after, _h in seen)
        # after the write, the helper's part in hand at most; then this process alone
        assert sum(helper for after, helper in seen if after) <= 1
        got = (partition(store), suggestions(store), entity_documents(store))
    finally:
        store.close()
        other.close()
    again = tmp_path / "again.sqlite"
    shutil.copyfile(db, again)
    store = Store(again)
    try:  # one more re-link, alone, of the same index and judgements: nothing moves
        monkeypatch.setattr(linking, "HELPER", False)
        linking.relink(store)
        assert (partition(store), suggestions(store), entity_documents(store)) == got
        entities = store.entities_of_clusters(pair)
        assert entities[pair[0]] == entities[pair[1]]
    finally:
        store.close()


HELPED_RELINK = """
import sys
from reader.services import linking
from reader.store import Store
linking.PART_CLUSTERS = 1
store = Store(sys.argv[1])
def said(fraction):
    print("part", flush=True)
    if fraction > 0.3:
        import time
        time.sleep(30)  # killed here, between parts
linking.relink(store, said)
"""


def test_a_killed_relink_leaves_no_helper_behind(tmp_path: Path) -> None:
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)), judge=False)
    proc = subprocess.Popen([sys.executable, "-c", HELPED_RELINK, str(db)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for _ in range(2):  # the plan is made, and a first part written: the helper runs
            assert proc.stdout.readline().startswith("part")
        helpers = descendants_of(proc.pid)  # (the fork server, and the helper it forked)
        assert len(helpers) >= 2, "no helper was started"
    finally:
        proc.kill()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(h) for h in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(h) for h in helpers), "a helper outlived its re-link"


def test_another_connection_writes_between_parts_and_its_judgement_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)), judge=False)
    monkeypatch.setattr(linking, "PART_CLUSTERS", 2)
    store, other = Store(db), Store(db)
    other.conn.execute("PRAGMA busy_timeout = 0")  # a held lock would fail it at once
    pair = store.conn.execute(
        "SELECT min(id), max(id) FROM clusters WHERE entity_id = id").fetchone()
    calls: list[float] = []

    def between_parts(fraction: float) -> None:
        calls.append(fraction)
        if len(calls) == 3:  # between two parts: the lock is free, a judgement goes in
            judging.judge_same_clusters(other, pair[0], pair[1])

    try:
        linking.relink(store, between_parts)
        assert len(calls) > 4
        entities = store.entities_of_clusters(pair)
        assert entities[pair[0]] == entities[pair[1]]
        assert entity_documents(store) == [tuple(r) for r in store.conn.execute(
            "SELECT m.entity_id, m.document_id, d.kind = 'cable', d.date, count(*), "
            "min(m.start) FROM mentions m JOIN documents d ON d.id = m.document_id "
            "GROUP BY 1, 2 ORDER BY 1, 2")]
    finally:
        store.close()
        other.close()


def test_a_part_is_worked_out_without_the_lock_and_again_if_another_wrote(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part is linked without the write lock (another connection writes meanwhile,
    without waiting), then written under it; when another did write, the part is linked
    again under the lock, and the result is still the whole index's."""
    db = _index(tmp_path, _write(tmp_path / "in", sorted(TEXTS)))
    shutil.copyfile(db, tmp_path / "copy.sqlite")
    expected = relinked(tmp_path / "copy.sqlite", 10**9, monkeypatch)
    monkeypatch.setattr(linking, "PART_CLUSTERS", 3)
    monkeypatch.setattr(linking, "HELPER", False)  # (every part linked here, in order)
    store, other = Store(db), Store(db)
    other.conn.execute("PRAGMA busy_timeout = 0")  # a held lock would fail it at once
    real_resolve = linking.resolve
    calls: list[bool] = []

    def resolve_while_another_writes(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(store.conn.in_transaction)
        if len(calls) == 2:
            with other.transaction():
                other.set_setting("probe", "1")
        return real_resolve(*args, **kwargs)

    monkeypatch.setattr(linking, "resolve", resolve_while_another_writes)
    try:
        stats = linking.relink(store)
        assert calls[:3] == [False, False, True]  # the second part again, under the lock
        assert state(store, stats) == expected
    finally:
        store.close()
        other.close()


def test_documents_imported_by_another_process_during_the_relink(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another import writes (and links) its documents between two parts: the re-link
    ends without error, and the index holds the entities of one import of everything."""
    late = ["c.txt", "l.txt"]  # Montesinos with Fujimori; surnames alone
    files = _write(tmp_path / "in", sorted(TEXTS))
    db = _index(tmp_path, [f for f in files if f.name not in late], judge=False)
    everything = tmp_path / "everything.sqlite"
    store = Store(everything)
    try:
        import_paths(store, files)
        expected = partition(store)
    finally:
        store.close()

    monkeypatch.setattr(linking, "PART_CLUSTERS", 2)
    store, other = Store(db), Store(db)
    calls: list[float] = []

    def between_parts(fraction: float) -> None:
        calls.append(fraction)
        if len(calls) == 3:
            assert not import_paths(other, [f for f in files if f.name in late]).failed

    try:
        linking.relink(store, between_parts)
        assert partition(store) == expected
    finally:
        store.close()
        other.close()


def test_the_wal_is_cut_back_after_checkpoints(tmp_path: Path) -> None:
    """A long re-link in parts writes the same pages once per part: the WAL file is cut
    back after each checkpoint instead of keeping its largest size."""
    from reader.store import JOURNAL_LIMIT

    store = Store(tmp_path / "wal.sqlite")
    try:
        limit = store.conn.execute("PRAGMA journal_size_limit").fetchone()[0]
        assert limit == JOURNAL_LIMIT
        with store.transaction():  # a transaction larger than the limit, then a checkpoint
            store.conn.execute("CREATE TABLE IF NOT EXISTS filler (b BLOB)")
            store.conn.executemany("INSERT INTO filler VALUES (zeroblob(1000000))",
                                   [()] * (JOURNAL_LIMIT // 1_000_000 + 8))
        with store.transaction():
            store.conn.execute("DROP TABLE filler")
        store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # (which truncates nothing)
        with store.transaction():
            store.set_setting("after", "1")
        wal = tmp_path / "wal.sqlite-wal"
        assert wal.stat().st_size <= JOURNAL_LIMIT
    finally:
        store.close()
