"""Scale: a generated corpus (cables.csv × k and synthetic articles), imported with the real
command line into a fresh index, then the reader's panel, search and cold start on it.

    python benchmarks/scale.py [--k 1] [--articles 200] [--keep DIR] [--seed 12]
                               [--panel-n 100] [--runs 20]

Prints the machine (cores, RAM, Python, SQLite, the load average at start and end) and one
table: corpus size; import documents/s, words/s and peak memory; panel p50/p95 for the
most-mentioned entity, the 500 most-mentioned and random entities; search p50/p95 for a common
word, a rare word and a phrase; reader cold start and its memory; adding one article.

--keep DIR keeps the corpus and the index in DIR, and reuses a corpus made there with the
same --k, --articles and --seed (the index is always built afresh). Memory: "largest
process" is the peak resident set of the biggest process of the tree (/usr/bin/time's
%M); "all processes" the peak of the summed proportional set sizes (/proc, polled every
0.2 s), which counts pages shared by forked workers once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import DEFAULT_CSV, Cited, article_text, generate

from reader.rows import EntityExport
from reader.services import views
from reader.store import Store

TIME = "/usr/bin/time"
# the reader, headless, until the document list is filled and the first document drawn (as
# benchmarks/reader_open.py); then out at once: the app's teardown is no part of a start
READER_CHILD = r"""
import asyncio, os, sys, time
from pathlib import Path
from reader.ui.app import CableReaderApp
from reader.ui.body import BodyView
from reader.ui.panes import ArticleTable

async def main():
    app = CableReaderApp(db_path=Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        while not (app.query_one(ArticleTable).row_count and app.query_one(BodyView).text):
            await pilot.pause(0.005)
        app.query_one(BodyView).render_line(0)
        print(time.perf_counter(), flush=True)
        os._exit(0)

asyncio.run(main())
"""
QUERIES = {"common word": "government", "rare word": "Montesinos",
           "phrase": '"human rights"'}

# -- running a command and watching its memory ------------------------------------------------


@dataclass
class Run:
    wall: float  # seconds
    largest_mb: float  # peak RSS of the biggest process in the tree
    all_mb: float  # peak of the tree's summed PSS
    returncode: int
    stdout: str
    stderr: str


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB; (0, 0) when it is gone."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return pss, rss


def run_measured(cmd: Sequence[str]) -> Run:
    """Run CMD; its wall time and peak memory (of the whole process tree)."""
    peak_all = peak_one = 0
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tfile:
        timed = os.path.exists(TIME)
        full = [TIME, "-f", "%M", "-o", tfile.name, *cmd] if timed else list(cmd)
        started = time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        done = threading.Event()

        def watch() -> None:
            nonlocal peak_all, peak_one
            while not done.wait(0.2):
                tree = _children()
                pids, todo = [], [proc.pid]
                while todo:
                    pid = todo.pop()
                    pids.append(pid)
                    todo += tree.get(pid, [])
                sizes = [_memory_kb(p) for p in pids if p != proc.pid or not timed]
                peak_all = max(peak_all, sum(p for p, _ in sizes))
                peak_one = max([peak_one, *(r for _, r in sizes)])

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        out, err = proc.communicate()
        wall = time.perf_counter() - started
        done.set()
        watcher.join()
        if timed:
            with contextlib.suppress(ValueError, IndexError):
                peak_one = max(peak_one, int(tfile.read().strip().splitlines()[-1]))
    return Run(wall, peak_one / 1024, peak_all / 1024, proc.returncode, out, err)


def cablereader() -> list[str]:
    script = Path(sys.executable).parent / "cablereader"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())"]


# -- phases ---------------------------------------------------------------------------------


def corpus(folder: Path, k: int, articles: int, seed: int, limit: int | None
           ) -> dict[str, int]:
    """The manifest of the corpus in FOLDER, generated unless one with these settings is
    there."""
    manifest = folder / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if (m["k"], m["articles"], m["seed"], m["limit"]) == (k, articles, seed, limit):
            print(f"reusing the corpus in {folder}", file=sys.stderr)
            return dict(m)
    print(f"generating k={k}, {articles} articles in {folder} …", file=sys.stderr)
    shutil.rmtree(folder / "articles", ignore_errors=True)
    generate(DEFAULT_CSV, folder, k, articles, seed, limit)
    return dict(json.loads(manifest.read_text()))


def fresh_index(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def import_corpus(db: Path, folder: Path) -> Run:
    print("importing …", file=sys.stderr)
    run = run_measured([*cablereader(), "--db", str(db), "import", str(folder / "cables.csv"),
                        str(folder / "articles")])
    if run.returncode not in (0, 1):
        raise SystemExit(f"the import failed:\n{run.stderr[-3000:]}")
    return run


def timed(fn: Callable[[], object], runs: int = 1) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def document_naming(store: Store, e: EntityExport) -> int | None:
    """A document that names entity E (the palette's lookup, else all its mentions)."""
    for match in store.find_entities(e.name, 30):
        if match.id == e.entity_id and match.document_id is not None:
            return int(match.document_id)
    mentions = store.mentions_of_entity(e.entity_id)
    return mentions[0].article_id if mentions else None


def panel_times(store: Store, entities: Sequence[EntityExport], runs: int = 1) -> list[float]:
    out: list[float] = []
    for e in entities:
        doc = document_naming(store, e)
        if doc is not None:
            out += timed(partial(views.xref_view, store, e.entity_id, doc), runs)
    return out


def panels(db: Path, n: int, seed: int) -> dict[str, list[float]]:
    print("panels …", file=sys.stderr)
    store = Store(db)
    try:
        entities = sorted(store.iter_export_entities(), key=lambda e: -e.mentions)
        rng = random.Random(seed)
        top = entities[:500]
        return {
            f"most-mentioned ({entities[0].name}, {entities[0].mentions:,} mentions; 5 runs)":
                panel_times(store, entities[:1], runs=5),
            f"500 most-mentioned ({min(n, len(top))} of them)":
                panel_times(store, rng.sample(top, min(n, len(top)))),
            f"random entities ({min(n, len(entities))})":
                panel_times(store, rng.sample(entities, min(n, len(entities)))),
        }
    finally:
        store.close()


def searches(db: Path, runs: int) -> dict[str, tuple[list[float], int]]:
    print("searches …", file=sys.stderr)
    store = Store(db)
    try:
        out = {}
        for label, q in QUERIES.items():
            hits = len(views.search(store, q, limit=50))
            out[f"{label}: {q} ({hits} hits)"] = (
                timed(partial(views.search, store, q, limit=50), runs), hits)
        return out
    finally:
        store.close()


def cold_starts(db: Path, runs: int = 3) -> list[tuple[float, Run]]:
    """Process launch to the document list filled and the first document drawn."""
    print("reader cold start …", file=sys.stderr)
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        run = run_measured([sys.executable, "-c", READER_CHILD, str(db)])
        if run.returncode != 0:
            raise SystemExit(f"the reader failed to start:\n{run.stderr[-3000:]}")
        out.append((float(run.stdout.strip().splitlines()[-1]) - started, run))
    return out


def add_articles(db: Path, folder: Path, runs: int = 3) -> list[float]:
    """`cablereader import one.md` into the big index, RUNS times (a new article each)."""
    print("adding one article …", file=sys.stderr)
    cited = [Cited(**c) for line in (folder / "quotes.jsonl").read_text().splitlines()[:runs]
             for c in json.loads(line)["cites"][:1]]
    rng = random.Random(1)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, c in enumerate(cited):
            path = Path(tmp) / f"one-{n}.md"
            path.write_text(article_text(900_000 + n, [c], rng)[0], encoding="utf-8")
            run = run_measured([*cablereader(), "--db", str(db), "import", str(path)])
            if run.returncode != 0:
                raise SystemExit(f"adding one article failed:\n{run.stderr[-3000:]}")
            out.append(run.wall)
    return out


# -- the report -----------------------------------------------------------------------------


def machine() -> str:
    cpu, ram = "unknown CPU", 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {ram:.0f} GiB RAM, Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.system()}")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ms(values: Sequence[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:,.0f} ms, p95 {p95 * 1000:,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, default=1,
                        help="copies of cables.csv (default 1: 6,712 cables; 38: 255,056)")
    parser.add_argument("--articles", type=int, default=200,
                        help="synthetic articles citing the cables (default 200)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the corpus and index here")
    parser.add_argument("--seed", type=int, default=12, help="of the generator (default 12)")
    parser.add_argument("--panel-n", type=int, default=100,
                        help="entities timed among the top 500, and at random (default 100)")
    parser.add_argument("--runs", type=int, default=20, help="runs of each search")
    parser.add_argument("--limit", type=int, help="only the first N cables (a quick try)")
    args = parser.parse_args()
    if not DEFAULT_CSV.is_file():
        raise SystemExit(f"not found: {DEFAULT_CSV}")
    load_start = load()
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        m = corpus(folder, args.k, args.articles, args.seed, args.limit)
        db = folder / "index.sqlite"
        fresh_index(db)
        imported = import_corpus(db, folder)
        index_mb = db.stat().st_size / 1e6
        store = Store(db)
        counts = store.counts()
        store.close()
        panel = panels(db, args.panel_n, args.seed)
        search = searches(db, args.runs)
        starts = cold_starts(db)
        added = add_articles(db, folder)
    docs = m["cables"] + m["articles"]
    rows: list[tuple[str, str]] = [
        ("corpus", f"k = {args.k}{f' of {args.limit} rows' if args.limit else ''}: "
                   f"{m['cables']:,} cables, {m['articles']:,} articles, "
                   f"{m['words']:,} words"),
        ("index", f"{counts.cables:,} cables, {counts.articles:,} articles, "
                  f"{counts.mentions:,} mentions, {counts.entities:,} entities, "
                  f"{index_mb:,.0f} MB"),
        ("import, end to end", f"{imported.wall:,.1f} s: {docs / imported.wall:,.1f} "
                               f"documents/s, {m['words'] / imported.wall:,.0f} words/s"
                               + ("" if imported.returncode == 0 else " (some files failed)")),
        ("import, peak memory", f"largest process {imported.largest_mb:,.0f} MB, "
                                f"all processes {imported.all_mb:,.0f} MB"),
    ]
    rows += [(f"panel, {label}", ms(values)) for label, values in panel.items()]
    rows += [(f"search, {label}", ms(values)) for label, (values, _) in search.items()]
    walls = [s for s, _ in starts]
    rows += [
        (f"reader cold start ({len(walls)} runs)",
         f"median {statistics.median(walls):.2f} s, max {max(walls):.2f} s"),
        ("reader, peak memory", f"{max(r.largest_mb for _, r in starts):,.0f} MB"),
        (f"adding one article ({len(added)} runs)",
         f"median {statistics.median(added):.2f} s, max {max(added):.2f} s "
         "(`cablereader import one.md`, process start included)"),
    ]
    print(f"machine : {machine()}")
    print(f"load    : {load_start} at start, {load()} at end (1, 5, 15 min)")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"| {'-' * width} | --- |")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
