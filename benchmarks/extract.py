"""Time entity extraction alone (`reader.extract.extract`) and report words per second.

    python benchmarks/extract.py [--data ../shared/data] [--cables 1500] [--repeat 3]
                                 [--profile FILE]

Reads the first N cables of ``cables/cables.csv`` and the dev articles (``dev/articles``)
with the project's own ingest, as the importer does, outside the timing. The rules' data
(places, given names, word frequencies) is loaded first, on other text, so it is not timed.
Then each pass extracts every document once: the first pass starts with the extractor's
caches empty for these words, later passes find them full. Words are ``len(body.split())``.

It imports whatever ``reader`` is on the path: to compare with another commit, run it with
``PYTHONPATH`` pointing at that commit's tree (``git archive HEAD reader | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import statistics
import sys
import time
from pathlib import Path

import reader.extract.entities
from reader.extract import extract
from reader.ingest.parse import iter_documents
from reader.models import ParsedDocument

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WARM_UP = (
    "Ambassador P. Michael McKinley met President Alan Garcia in Lima. The Narcotics Affairs "
    "Section (NAS) and DIRANDRO raided a lab in the Apurimac and Ene River Valley (VRAE). "
    "El ministro de Defensa, Antero Flores Araoz, habló con el Presidente de Colombia."
)


def read(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    docs = (d for d in iter_documents(path) if isinstance(d, ParsedDocument))
    return [(d.body, d.kind) for d in itertools.islice(docs, limit)]


def one_pass(docs: list[tuple[str, str]]) -> tuple[float, float]:
    """The pass's wall time and CPU time (on a shared machine, the CPU time is steadier)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for body, kind in docs:
        extract(body, kind)
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cables", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the first pass")
    args = parser.parse_args()

    cables = read(args.data / "cables" / "cables.csv", args.cables)
    articles = [doc for p in sorted((args.data / "dev" / "articles").iterdir())
                for doc in read(p)]
    extract(WARM_UP, "article")
    extract(WARM_UP, "cable")

    print(f"extractor: {reader.extract.entities.__file__}")
    print(f"python {sys.version.split()[0]}")
    for name, docs in ((f"{len(cables)} cables", cables), (f"{len(articles)} dev articles",
                                                          articles)):
        words = sum(len(body.split()) for body, _ in docs)
        times: list[tuple[float, float]] = []
        for n in range(args.repeat):
            if n == 0 and args.profile and docs is cables:
                profile = cProfile.Profile()
                profile.enable()
                times.append(one_pass(docs))
                profile.disable()
                profile.dump_stats(args.profile)
            else:
                times.append(one_pass(docs))
        for label, k in (("wall", 0), ("cpu", 1)):
            secs = [t[k] for t in times]
            rates = ", ".join(f"{words / t:,.0f}" for t in secs)
            print(f"{name}, {words:,} words, {label}: words/s per pass {rates} "
                  f"(first {words / secs[0]:,.0f}, median {words / statistics.median(secs):,.0f})")


if __name__ == "__main__":
    main()
