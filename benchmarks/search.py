"""Full-text search on an index: the reader's `/` and `cablereader search`.

    python benchmarks/search.py INDEX [QUERY...]

INDEX: an index holding cables.csv (python benchmarks/import_cables.py --db FILE). Prints the
best of three runs of each query, with 50 hits asked for as the reader asks; the default
queries are common words (most documents match) and rare names.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from reader.services import views
from reader.store import Store

QUERIES = ["government", "the", "Montesinos", "NEAR(Montesinos Fujimori, 5)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("queries", nargs="*")
    args = parser.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"not found: {args.db}")
    store = Store(args.db)
    try:
        for query in args.queries or QUERIES:
            best = float("inf")
            hits = []
            for _ in range(3):
                started = time.perf_counter()
                hits = views.search(store, query)
                best = min(best, time.perf_counter() - started)
            print(f"{query!r}: {len(hits)} hits, {best * 1000:.0f} ms")
    finally:
        store.close()


if __name__ == "__main__":
    main()
