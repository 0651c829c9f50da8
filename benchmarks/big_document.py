"""How the analysis of one document (extraction, then its in-document linking) grows with
the document's size: a long article made here, full of people, groups and places, at 0.5,
1 and 2 MB. The time for 2 MB should be at most 2.2 times the time for 1 MB.

    python benchmarks/big_document.py [--sizes 0.5 1 2] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import random
import time

from reader.extract import extract
from reader.link import link_document_clusters

GIVEN = ["Ana", "Luis", "Marta", "Jorge", "Elena", "Pedro", "Sofia", "Raul", "Irene",
         "Tomas", "Lucia", "Diego", "Carmen", "Hugo", "Julia", "Pablo", "Rosa", "Ivan"]
SYLLABLES = ["ba", "ca", "do", "fe", "ga", "li", "mo", "ne", "pa", "ri", "so", "tu", "va",
             "zo", "ran", "ter", "mel", "qui", "sal", "dor"]
PLACES = ["Lima", "Cusco", "Arequipa", "Puno", "Tacna", "Piura", "Iquitos", "Callao"]
GROUPS = ["Ministry of Defense", "National Police", "Supreme Court", "Army", "Congress",
          "Ombudsman's Office", "Central Bank", "Electoral Board"]


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def article(size: int, rng: random.Random) -> str:
    """About SIZE bytes of prose naming many people (each in full once, then by surname)."""
    people = [f"{rng.choice(GIVEN)} {surname(rng)}" for _ in range(max(50, size // 400))]
    parts: list[str] = []
    total = 0
    while total < size:
        person = rng.choice(people)
        short = person.split()[-1] if rng.random() < 0.6 else person
        sentence = (f"In {rng.choice(PLACES)}, {short} met officials of the "
                    f"{rng.choice(GROUPS)} to discuss the report, and {rng.choice(people)} "
                    f"said the {rng.choice(GROUPS)} would answer within a week.")
        parts.append(sentence)
        total += len(sentence) + 1
        if rng.random() < 0.15:
            parts.append("\n\n")
    return " ".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1.0, 2.0],
                    help="document sizes in MB")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    times: dict[float, float] = {}
    for mb in args.sizes:
        text = article(int(mb * 1_000_000), random.Random(args.seed))
        started = time.perf_counter()
        extraction = extract(text, "article")
        _linked, clusters = link_document_clusters(extraction)
        times[mb] = time.perf_counter() - started
        print(f"{mb:4.1f} MB: {len(extraction.mentions):7,} mentions, {len(clusters):6,} "
              f"clusters, {times[mb]:6.1f} s")
    if 1.0 in times and 2.0 in times:
        print(f"2 MB / 1 MB: {times[2.0] / times[1.0]:.2f} (target ≤ 2.2)")


if __name__ == "__main__":
    main()
