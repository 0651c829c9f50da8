"""The side panel (cross-references of the name under the cursor) and the first page of a
search, p50/p95.

    python benchmarks/panel.py INDEX [--runs N] [--top N] [--random N] [--seed S]
    python benchmarks/panel.py INDEX --multiply K --out BIGGER

INDEX: an index holding cables.csv (`cablereader --db INDEX import .../cables.csv`). Prints
p50/p95 of `views.xref_view` (what the reader asks on every cursor move) for the entity with
the most mentions (RUNS times), the 500 most-mentioned entities and 200 entities drawn at
random, each opened from its first document; then `views.search` for common words.

`--multiply K` writes a copy of INDEX with every document K times (new ids, content hashes
and reference ids; each copy's mentions keep their entities, so an entity named in N
documents is named in K*N): a quick way to measure the panel at K times the corpus without
importing it K times. The copy is opened once with the store (bringing its schema and
precomputed tables up to date) before it is measured.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.services import views
from reader.store import Store

SEARCHES = ["the", "government", "Montesinos", '"prime minister"']


def _ms(seconds: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _entities(conn: sqlite3.Connection) -> list[tuple[int, int, int]]:
    """(entity, mentions, its first document) for every entity with a mention, most
    mentioned first (read once, outside the measurement)."""
    return conn.execute(
        "SELECT m.entity_id, count(*) AS n, min(m.document_id) FROM mentions m "
        "JOIN entities e ON e.id = m.entity_id WHERE e.hidden = 0 "
        "GROUP BY m.entity_id ORDER BY n DESC, m.entity_id").fetchall()


def multiply(src: Path, out: Path, k: int) -> None:
    """A copy of SRC with every document K times (see the module's docstring)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(src) as conn:  # fold the WAL into the file before copying it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(src, out)
    conn = sqlite3.connect(out, isolation_level=None)
    q = conn.execute
    doc_off = q("SELECT max(id) FROM documents").fetchone()[0]
    cl_off = q("SELECT max(id) FROM clusters").fetchone()[0]
    m_off = q("SELECT max(id) FROM mentions").fetchone()[0]
    cols = [r[1] for r in q("PRAGMA table_info(documents)") if r[1] != "id"]
    q("BEGIN")
    for i in range(1, k):
        do, co, mo = doc_off * i, cl_off * i, m_off * i
        select = ", ".join(
            f"content_hash || '#{i}'" if c == "content_hash" else
            f"ref_id || '-{i}'" if c == "ref_id" else f'"{c}"' for c in cols)
        names = ", ".join(f'"{c}"' for c in cols)
        q(f"INSERT INTO documents (id, {names}) "
          f"SELECT id + {do}, {select} FROM documents WHERE id <= {doc_off}")
        q(f"INSERT INTO clusters SELECT id + {co}, document_id + {do}, type, key, name, names, "
          f"isolated, entity_id, component FROM clusters WHERE id <= {cl_off}")
        q(f"INSERT INTO mentions (id, document_id, start, \"end\", text, type, entity_id, norm, "
          f"cluster_id) SELECT id + {mo}, document_id + {do}, start, \"end\", text, type, "
          f"entity_id, norm, cluster_id + {co} FROM mentions WHERE id <= {m_off}")
        q(f"INSERT INTO suggestions SELECT a + {co}, b + {co}, score, reason FROM suggestions "
          f"WHERE a <= {cl_off} AND b <= {cl_off}")
        q(f"INSERT INTO cluster_names SELECT name_id, cluster_id + {co} FROM cluster_names "
          f"WHERE cluster_id <= {cl_off}")
    q("COMMIT")
    q("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    tables = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    store = Store(out)  # an older index is migrated here (its precomputed tables filled)
    if "entity_documents" in tables and hasattr(store, "rebuild_entity_documents"):
        with store.transaction():  # the copies' rows
            store.rebuild_entity_documents()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=20, help="runs for the single entity")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--top", type=int, default=500, help="the N most-mentioned entities")
    parser.add_argument("--random", type=int, default=200, help="N entities at random")
    parser.add_argument("--multiply", type=int, metavar="K")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"not found: {args.db}")
    if args.multiply:
        if not args.out:
            raise SystemExit("--multiply needs --out")
        started = time.perf_counter()
        multiply(args.db, args.out, args.multiply)
        print(f"wrote {args.out} ({args.multiply}x) in {time.perf_counter() - started:.0f} s")
        return
    store = Store(args.db)
    try:
        counts = store.counts()
        print(f"index: {counts.cables} cables, {counts.articles} articles, "
              f"{counts.mentions} mentions, {counts.entities} entities")
        entities = _entities(store.conn)
        top, n, doc = entities[0]
        name = store.entity_summary(top)
        print(f"most mentioned: {name.name if name else top} ({n} mentions)")

        def panel(entity: int, document: int) -> Callable[[], object]:
            return lambda: views.xref_view(store, entity, document)

        panel(top, doc)()  # warm the cache once
        rows = [("most-mentioned", [_timed(panel(top, doc)) for _ in range(args.runs)])]
        rows.append((f"{args.top} most-mentioned",
                     [_timed(panel(e, d)) for e, _n, d in entities[:args.top]]))
        rng = random.Random(args.seed)
        sample = rng.sample(entities, min(args.random, len(entities)))
        rows.append((f"{args.random} random", [_timed(panel(e, d)) for e, _n, d in sample]))
        if not args.no_search:
            for query in SEARCHES:
                views.search(store, query)
                rows.append((f"search {query}",
                             [_timed(lambda q=query: views.search(store, q))
                              for _ in range(10)]))
        print(f"{'':24} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
        for label, times in rows:
            p50, p95 = _ms(times)
            print(f"{label:24} {p50:9.1f} {p95:9.1f} {max(times) * 1000:9.1f}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
