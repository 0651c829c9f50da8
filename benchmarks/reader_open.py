"""Reader speed: cold start with 10,000 documents, and opening a 200 KB document.

    python benchmarks/reader_open.py [--db INDEX]

Without --db, builds a fresh index in a temporary folder: the 6,712 cables of
../shared/data/cables/cables.csv, generated articles made of cable sentences up to 10,000
documents, and one article of about 200 KB. (Building takes a couple of minutes; pass --keep
to keep it and --db to reuse it.)

Cold start is measured from the launch of a new Python process to the first usable screen
(document list filled, first document drawn), headless, five times; opening is measured
in-process from the request to the drawn body with its highlighted names.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CABLES = REPO.parent / "shared" / "data" / "cables" / "cables.csv"
TARGET_DOCS = 10_000
BIG_TITLE = "Benchmark: a 200 KB article of prose"

CHILD = r"""
import asyncio, sys, time
from pathlib import Path
from reader.ui.app import CableReaderApp
from reader.ui.body import BodyView
from reader.ui.panes import ArticleTable

async def main():
    app = CableReaderApp(db_path=Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            await pilot.pause(0.005)
            if app.query_one(ArticleTable).row_count and app.query_one(BodyView).text:
                break
        app.query_one(BodyView).render_line(0)
        print(time.perf_counter(), flush=True)

asyncio.run(main())
"""


def build_index(db: Path) -> None:
    from reader.services.importer import import_paths
    from reader.store import Store

    store = Store(db)
    print(f"building {db} …", file=sys.stderr)
    import_paths(store, [CABLES])
    csv.field_size_limit(1 << 30)
    with CABLES.open(encoding="utf-8", newline="") as fh:
        bodies = [r[7] for r in csv.reader(fh, escapechar="\\", doublequote=False)]
    sentences = prose_sentences(bodies[:2000])
    rng = random.Random(42)
    need = TARGET_DOCS - store.counts().articles - store.counts().cables - 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(max(0, need)):
            body = "\n\n".join(" ".join(rng.sample(sentences, 4)) for _ in range(6))
            (folder / f"{i:05}.md").write_text(
                f"---\ntitle: Generated article {i}\noutlet: Benchmark Wire\n"
                f"date: 2011-01-{i % 28 + 1:02}\n---\n\n{body}\n", encoding="utf-8")
        write_big(folder / "big.md", sentences, rng)
        import_paths(store, [folder])
    print(f"index: {store.counts()}", file=sys.stderr)
    store.close()


def prose_sentences(bodies: list[str]) -> list[str]:
    """Sentences of running prose from cable bodies (no headings, no capitals lines)."""
    out = []
    for b in bodies:
        for s in b.split(". "):
            s = " ".join(s.split())
            letters = [c for c in s if c.isalpha()]
            if (40 < len(s) < 300 and s[:1].isupper() and letters
                    and sum(c.islower() for c in letters) / len(letters) > 0.7):
                out.append(s + ".")
    return out


def write_big(path: Path, sentences: list[str], rng: random.Random) -> None:
    """About 210 KB of prose paragraphs made of cable sentences."""
    paragraphs: list[str] = []
    size = 0
    while size < 210_000:
        p = " ".join(rng.sample(sentences, 5))
        paragraphs.append(p)
        size += len(p.encode()) + 2
    path.write_text(f"---\ntitle: {BIG_TITLE}\noutlet: Benchmark Wire\ndate: 2011-12-31\n"
                    f"---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def ensure_big(db: Path) -> None:
    """Add the 200 KB document to an index that lacks it."""
    from reader.services.importer import import_paths
    from reader.store import Store

    store = Store(db)
    try:
        if store.conn.execute("SELECT 1 FROM documents WHERE title = ?",
                              (BIG_TITLE,)).fetchone():
            return
        csv.field_size_limit(1 << 30)
        with CABLES.open(encoding="utf-8", newline="") as fh:
            bodies = [r[7] for r in csv.reader(fh, escapechar="\\", doublequote=False)]
        sentences = prose_sentences(bodies[:2000])
        with tempfile.TemporaryDirectory() as tmp:
            write_big(Path(tmp) / "big.md", sentences, random.Random(7))
            import_paths(store, [Path(tmp) / "big.md"])
    finally:
        store.close()


def cold_start(db: Path, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(db)], capture_output=True,
                             text=True)
        if out.returncode != 0:
            raise SystemExit(f"the reader failed to start:\n{out.stderr[-3000:]}")
        ready = float(out.stdout.strip().splitlines()[-1])
        times.append(ready - started)
    return times


async def open_big(db: Path, runs: int = 5) -> tuple[list[float], int, int]:
    from reader.store import Store
    from reader.ui.app import CableReaderApp
    from reader.ui.body import BodyView

    store = Store(db)
    row = store.conn.execute("SELECT id, length(body) FROM documents WHERE title = ?",
                             (BIG_TITLE,)).fetchone()
    small = store.conn.execute("SELECT id FROM documents WHERE title != ? LIMIT 1",
                               (BIG_TITLE,)).fetchone()[0]
    store.close()
    doc_id, size = row
    app = CableReaderApp(db_path=db)
    times = []
    mentions = 0
    async with app.run_test(size=(120, 40)) as pilot:
        body = app.query_one(BodyView)
        for _ in range(runs):
            app.open_document(small, None)
            while app.document is None or app.document["id"] != small:
                await pilot.pause(0.01)
            await pilot.pause(0.2)
            started = time.perf_counter()
            app.open_document(doc_id, None)
            while app.document is None or app.document["id"] != doc_id:
                await pilot.pause(0.001)
            for y in range(body.scrollable_content_region.height):
                body.render_line(y)
            times.append(time.perf_counter() - started)
            mentions = len(body.mentions)
    return times, size, mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "benchmarks"))
    from import_cables import machine

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "reader-bench.sqlite"
        if not db.exists():
            build_index(db)
            if args.keep:
                print(f"kept {db}", file=sys.stderr)
        ensure_big(db)
        from reader.store import Store

        store = Store(db)
        counts = store.counts()
        store.close()
        starts = cold_start(db)
        opens, size, mentions = asyncio.run(open_big(db))
        if args.keep and args.db is None:
            keep = REPO / "benchmarks" / "results"
            keep.mkdir(exist_ok=True)
            db.replace(keep / db.name)
    print(f"machine    : {machine()}")
    print(f"index      : {counts.articles + counts.cables} documents, "
          f"{counts.mentions} mentions")
    print(f"cold start : median {statistics.median(starts):.2f} s, max {max(starts):.2f} s "
          f"({len(starts)} runs; process launch to list and first document drawn)")
    print(f"open 200KB : median {statistics.median(opens) * 1000:.0f} ms, "
          f"max {max(opens) * 1000:.0f} ms ({size / 1000:.0f} KB, {mentions} names)")


if __name__ == "__main__":
    main()
