"""Time `detect_citations` over the real cables and over generated articles.

    python benchmarks/citations.py [--data ../shared/data] [--articles 1000] [--dedup]

1. The 6,712 bodies of ``cables/cables.csv`` (``doc_date`` = the created column): counts per
   kind, time, and how often the first reprinted header of a cable names the cable itself.
2. ``--articles`` generated articles, assembled from sentences written here with random ids
   in every written form, random dates, embassies, and look-alikes that must not be cited
   (phone numbers, ISBNs, dates, E.O. lines, TAGS lines, file names): recall of the planted
   ids and descriptive citations, and the number of false citations.
3. ``--dedup``: MinHash fingerprints of the first 1,000 cable bodies with reader.dedup and,
   when it is installed, with datasketch (the measurement behind reader.dedup's docstring).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from reader.cite import detect_citations
from reader.cite.posts import KNOWN_POSTS, POST_ORIGIN

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def read_cables(path: Path) -> list[list[str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, escapechar="\\", doublequote=False))


def iso_date(created: str) -> str | None:
    try:
        month, day, year = created.split()[0].split("/")
    except ValueError:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def bench_cables(rows: list[list[str]]) -> None:
    kinds: Counter[str] = Counter()
    own_header = own_header_right = 0
    per_doc: list[float] = []
    start = time.perf_counter()
    for row in rows:
        body = row[7]
        t0 = time.perf_counter()
        found = detect_citations(body, iso_date(row[1]))
        per_doc.append(time.perf_counter() - t0)
        kinds.update(c.kind for c in found)
        headers = [c for c in found if c.kind == "header"]
        if headers:
            own_header += 1
            own_header_right += headers[0].ref_id == row[2]
    elapsed = time.perf_counter() - start
    megabytes = sum(len(r[7]) for r in rows) / 1e6
    print(f"cables.csv: {len(rows)} bodies, {megabytes:.1f} MB, {elapsed:.2f} s "
          f"({megabytes / elapsed:.1f} MB/s; median {statistics.median(per_doc) * 1e3:.2f} ms, "
          f"max {max(per_doc) * 1e3:.0f} ms per body)")
    print("  citations:", dict(kinds.most_common()))
    print(f"  first header names the cable itself: {own_header_right}/{own_header}")


# -- generated articles -----------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]
CITIES = {"LIMA": "Lima", "BOGOTA": "Bogota", "MEXICO": "Mexico City",
          "BUENOSAIRES": "Buenos Aires", "CARACAS": "Caracas", "QUITO": "Quito",
          "MADRID": "Madrid", "LONDON": "London", "CAIRO": "Cairo", "BRASILIA": "Brasilia"}
FILLER = [
    "The government has not commented on the allegations.",
    "Officials said the investigation would continue into next year.",
    "Opposition lawmakers called for hearings in congress.",
    "The ministry said in a statement that it respects the freedom of the press.",
    "Several analysts said the revelations were embarrassing but not surprising.",
    "Human rights groups welcomed the publication.",
    "The newspaper said it had received the documents weeks earlier.",
    "El ministerio no respondió a las preguntas de este diario.",
    "Los analistas consultados dijeron que el informe confirma sospechas antiguas.",
]
LOOKALIKES = [
    "For tips call +51 1 618 2000 or (202) 647-4000.",
    "The book (ISBN 978-0-14-312854-0) costs $24.95, about 2,300 soles.",
    "The hearing is set for 2011/03/12 at 10:30, and the deadline is 12/03/2011.",
    "E.O. 12958: DECL: 03/13/2034",
    "TAGS: PGOV PREL PINR SNAR KCRM PE",
    "Download the full report as report-2010-final.pdf or see article-2010123.",
    "The contract 2010ABC123 was signed in room 12B.",
    "Comments are closed. Posted 13 Dec 2010 09:41.",
]


def _id_forms(yy: str, post: str, serial: int) -> list[str]:
    city = POST_ORIGIN[post].upper()
    spaced = city if post.replace(" ", "") == city.replace(" ", "") else post
    return [f"{yy}{post}{serial}", f"{yy} {spaced} {serial}", f"{yy}{post}{serial:04d}",
            f"{yy}-{post}-{serial}"]


Described = tuple[int, int, str]


def make_article(rng: random.Random) -> tuple[str, set[str], list[Described]]:
    """An article, the ids it cites, and the (year, month, origin) of what it describes."""
    sentences: list[str] = []
    expected: set[str] = set()
    described: list[Described] = []
    for _ in range(rng.randint(1, 3)):
        post = rng.choice(sorted(CITIES))
        yy = rng.choice(["06", "07", "08", "09", "10"])
        serial = rng.randint(1, 3000)
        ref = f"{yy}{post}{serial}"
        form = rng.choice(_id_forms(yy, post, serial))
        year = 2000 + int(yy)
        template = rng.choice([
            "The cable, {form}, was published on Sunday.",
            "According to cable {form}, officials were warned in advance.",
            "The full text is at http://cablegate.wikileaks.org/cable/{year}/03/{ref}.html today.",
            "See wikileaks.org/plusd/cables/{ref}_a.html for the original.",
            "Reference {form} was cited by the newspaper.",
        ])
        sentences.append(template.format(form=form, ref=ref, year=year))
        expected.add(ref)
    if rng.random() < 0.7:
        post = rng.choice(sorted(CITIES))
        month = rng.randint(1, 12)
        year = rng.choice([2006, 2007, 2008, 2009])
        city = CITIES[post]
        sentences.append(rng.choice([
            f"A {MONTHS[month - 1]} {year} U.S. diplomatic cable from {city} describes the plan.",
            f"According to a cable sent from the US embassy in {city} in {MONTHS[month - 1]} "
            f"{year}, the minister was informed.",
            f"Un cable diplomático de la embajada de Estados Unidos en {city}, fechado en "
            f"{MESES[month - 1]} de {year}, lo confirma.",
            f"The document, dated {rng.randint(1, 28)} {MONTHS[month - 1]} {year}, was written "
            f"by the embassy in {city}.",
        ]))
        described.append((year, month, POST_ORIGIN[post]))
    for _ in range(rng.randint(4, 12)):
        sentences.append(rng.choice(FILLER + LOOKALIKES))
    rng.shuffle(sentences)
    return " ".join(sentences), expected, described


def bench_articles(n: int) -> None:
    rng = random.Random(2010)
    articles = [make_article(rng) for _ in range(n)]
    planted = sum(len(ids) for _, ids, _ in articles)
    planted_desc = sum(len(d) for _, _, d in articles)
    found_ids = false_ids = found_desc = extra_desc = 0
    start = time.perf_counter()
    results = [detect_citations(text, "2010-12-13") for text, _, _ in articles]
    elapsed = time.perf_counter() - start
    for (_, expected, described), cits in zip(articles, results, strict=True):
        got = {c.ref_id for c in cits if c.kind in ("ref_id", "url")}
        found_ids += len(got & expected)
        false_ids += len(got - expected) + sum(1 for c in cits if c.kind == "header")
        desc = {(c.year, c.month, c.origin) for c in cits if c.kind == "descriptive"}
        found_desc += len(desc & set(described))
        extra_desc += len(desc - set(described))
    print(f"generated: {n} articles, {elapsed:.3f} s ({elapsed / n * 1e3:.2f} ms each)")
    print(f"  planted ids found {found_ids}/{planted}, false ids {false_ids}; descriptive "
          f"found with the right year, month and origin {found_desc}/{planted_desc}, "
          f"other descriptive {extra_desc}")


# -- fingerprints -----------------------------------------------------------------------------


def bench_dedup(rows: list[list[str]]) -> None:
    import numpy as np

    from reader import dedup

    bodies = [r[7] for r in rows[:1000]]
    t0 = time.perf_counter()
    words = [dedup.normalise(b) for b in bodies]
    t_norm = time.perf_counter() - t0
    texts = [" ".join(w) for w in words]
    t0 = time.perf_counter()
    for t in texts:
        dedup.fingerprint(t)
    t_own = time.perf_counter() - t0
    print(f"dedup: {len(bodies)} bodies, {sum(map(len, words))} words; normalise {t_norm:.2f} s;"
          f" reader.dedup.fingerprint (normalising again) {t_own:.2f} s")

    def shingles(w: list[str]) -> set[str]:
        return {" ".join(w[i : i + dedup.SHINGLE]) for i in range(len(w) - dedup.SHINGLE + 1)}

    rng = random.Random(0)
    pairs = []
    for w in words[:300]:
        if len(w) < 100:
            continue
        cut = rng.randint(0, len(w) // 2)
        pairs.append((w, w[cut:] + ["home", "news", "menu", "about", "share"] * 5))
    exact = [len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b)) for a, b in pairs]
    own_err = [dedup.similarity(dedup.fingerprint(" ".join(a)), dedup.fingerprint(" ".join(b)))
               - e for (a, b), e in zip(pairs, exact, strict=True)]
    print(f"  reader.dedup error vs exact Jaccard: mean {np.mean(own_err):+.3f}, "
          f"std {np.std(own_err):.3f} ({len(pairs)} pairs)")
    try:
        from datasketch import MinHash
    except ImportError:
        print("  datasketch not installed")
        return

    def ds(w: list[str]) -> MinHash:
        m = MinHash(num_perm=dedup.NUM_PERM)
        m.update_batch([" ".join(w[i : i + dedup.SHINGLE]).encode()
                        for i in range(len(w) - dedup.SHINGLE + 1)])
        return m

    t0 = time.perf_counter()
    for w in words:
        ds(w)
    t_ds = time.perf_counter() - t0
    ds_err = [ds(a).jaccard(ds(b)) - e for (a, b), e in zip(pairs, exact, strict=True)]
    print(f"  datasketch MinHash.update_batch on the normalised words {t_ds:.2f} s "
          f"(+ normalise = {t_ds + t_norm:.2f} s end to end); error mean {np.mean(ds_err):+.3f}, "
          f"std {np.std(ds_err):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--dedup", action="store_true")
    args = parser.parse_args()
    csv_path = args.data / "cables" / "cables.csv"
    print(f"{len(KNOWN_POSTS)} known posts")
    rows = read_cables(csv_path) if csv_path.is_file() else []
    if rows:
        bench_cables(rows)
    else:
        print(f"no {csv_path}: skipping the cables")
    bench_articles(args.articles)
    if args.dedup and rows:
        bench_dedup(rows)


if __name__ == "__main__":
    main()
