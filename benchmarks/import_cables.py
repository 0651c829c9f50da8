"""Import the full cables.csv into a fresh index and report the speed.

    python benchmarks/import_cables.py [PATH/TO/cables.csv] [--db FILE]

Prints the machine's context (cores, CPU, Python) and the import's wall time, documents
and words per second. The default input is ../shared/data/cables/cables.csv.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import tempfile
import time
from pathlib import Path

from reader.services.importer import import_paths
from reader.store import Store

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "data" / "cables" / "cables.csv"


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu or 'unknown CPU'}), Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.system()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--db", type=Path, help="index file (default: a fresh temporary file)")
    args = parser.parse_args()
    if not args.csv.is_file():
        raise SystemExit(f"not found: {args.csv}")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite"
        if db.exists():
            raise SystemExit(f"{db} exists: the benchmark needs a fresh index")
        store = Store(db)
        started = time.perf_counter()
        summary = import_paths(store, [args.csv])
        elapsed = time.perf_counter() - started
        words = store.conn.execute("SELECT sum(words) FROM documents").fetchone()[0] or 0
        counts = store.counts()
        store.close()
        size = db.stat().st_size
    print(f"machine : {machine()}")
    print(f"input   : {args.csv} ({args.csv.stat().st_size / 1e6:.1f} MB)")
    print(f"result  : imported {summary.imported}, failed {len(summary.failed)}, "
          f"{counts.mentions} mentions, {counts.entities} entities, "
          f"index {size / 1e6:.0f} MB")
    print(f"time    : {elapsed:.1f} s  ({summary.imported / elapsed:.0f} documents/s, "
          f"{words / elapsed:,.0f} words/s, {words:,} words)")


if __name__ == "__main__":
    main()
