"""Linking speed: re-linking a whole cables.csv index from scratch, and adding one article.

    python benchmarks/link.py [--db INDEX]

Without --db, imports ../shared/data/cables/cables.csv into a fresh temporary index first
(about a minute and a half). Prints the machine, the index size, the full re-link time
(median of 3) and the time to import and link one new article (median of 5 articles).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CABLES = REPO.parent / "shared" / "data" / "cables" / "cables.csv"

ARTICLE = """A new look at the {n} cable

Diplomats in Lima wrote that Vladimir Montesinos kept ties to officers of the army long
after Alberto Fujimori left office, and that General Edwin Donayre denied any link to
traffickers in the VRAE. The Narcotics Affairs Section shared the report with Dirandro
and the FBI, according to story number {n}.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "benchmarks"))
    from import_cables import machine

    from reader.services import views
    from reader.services.importer import import_paths
    from reader.services.linking import relink
    from reader.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "link-bench.sqlite"
        store = Store(db)
        if store.is_empty():
            print("importing cables.csv …", file=sys.stderr)
            import_paths(store, [CABLES])
        counts = store.counts()
        clusters = store.conn.execute("SELECT count(*) FROM clusters").fetchone()[0]
        full = []
        for _ in range(3):
            started = time.perf_counter()
            stats = relink(store)
            full.append(time.perf_counter() - started)
        one = []
        for n in range(5):
            path = Path(tmp) / f"article-{n}.txt"
            path.write_text(ARTICLE.format(n=n), encoding="utf-8")
            started = time.perf_counter()
            summary = import_paths(store, [path])
            one.append(time.perf_counter() - started)
            assert summary.imported == 1
        linked = views.entity_mentions(store, "Vladimir Montesinos")
        store.close()
    docs = {r.article_id for r in linked}
    print(f"machine      : {machine()}")
    print(f"index        : {counts.articles + counts.cables} documents, "
          f"{counts.mentions} mentions, {clusters} clusters → {stats.entities} entities, "
          f"{stats.suggestions} suggestions")
    print(f"full re-link : median {statistics.median(full):.1f} s (3 runs)")
    print(f"one article  : median {statistics.median(one) * 1000:.0f} ms, max "
          f"{max(one) * 1000:.0f} ms (import, extract, link; 5 articles)")
    print(f"check        : 'Vladimir Montesinos' in the new articles is linked across "
          f"{len(docs)} documents")


if __name__ == "__main__":
    main()
