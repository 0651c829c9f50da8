"""Which cables an article reports on: explicit ids directly; descriptions ("a March 2009
cable from Lima") ranked against the imported cables by date window, origin, and the people
and groups both documents name, weighted by rarity. The user's verdicts win."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reader.cite import origin_matches
from reader.store import Store, StoreError

LIKELY_KEPT = 3  # candidate cables kept per description


def resolve_citations(store: Store, document_ids: Sequence[int]) -> None:
    with store.transaction():
        for doc_id in document_ids:
            try:
                content_hash = store.content_hash(doc_id)
            except StoreError:
                continue
            found: dict[str, tuple[str, float, int, int | None]] = {}
            for cid, ref_id, year, month, day, origin, conf in store.citations_of(doc_id):
                if ref_id:
                    if conf > found.get(ref_id, ("", 0.0, 0, None))[1]:
                        found[ref_id] = ("explicit", conf, 1, cid)
                    continue
                ranked = rank_cables(store, doc_id, year, month, day, origin)
                for rank, (ref, share) in enumerate(ranked[:LIKELY_KEPT], start=1):
                    confidence = round(conf * share, 3)
                    if ref not in found or found[ref][1] < confidence:
                        found[ref] = ("likely", confidence, rank, cid)
            for verdict, ref_id in store.cite_verdicts(content_hash):
                if verdict == "cites":
                    found[ref_id] = ("confirmed", 1.0, 1, None)
                else:
                    found.pop(ref_id, None)
            store.replace_cites(doc_id, [(ref, *rest) for ref, rest in found.items()])


def _window(year: int, month: int | None, day: int | None) -> tuple[str, str]:
    if month and day:
        return (f"{year:04}-{month:02}-{max(1, day - 3):02}",
                f"{year:04}-{month:02}-{day + 3:02}~")
    if month:
        return f"{year:04}-{month:02}-01", f"{year:04}-{month:02}-31~"
    return f"{year:04}-01-01", f"{year:04}-12-31~"


def rank_cables(store: Store, doc_id: int, year: int | None, month: int | None,
                day: int | None, origin: str | None) -> list[tuple[str, float]]:
    """Cables that fit a description, best first, with each one's share of the evidence."""
    if year is None:
        return []
    cables = store.cables_between(*_window(year, month, day))
    if origin:
        cables = [c for c in cables if c[2] and origin_matches(origin, c[2])]
    if not cables:
        return []
    total = store.document_count() or 1
    weights = {e: math.log(1 + total / max(store.entity_document_count(e), 1))
               for e in store.named_entities(doc_id)}
    ids = [c[0] for c in cables]
    scores = dict.fromkeys(ids, 0.05)
    for d, e in store.documents_naming(ids, list(weights)):
        scores[d] += weights[e]
    if month and day:
        for c in cables:
            if c[3] and c[3][:10] == f"{year:04}-{month:02}-{day:02}":
                scores[c[0]] += 1.0
    ranked = sorted(cables, key=lambda c: -scores[c[0]])
    top = [scores[c[0]] for c in ranked[:LIKELY_KEPT]]
    runner_up = top[1] if len(top) > 1 else 0.0
    out = []
    for c in ranked[:LIKELY_KEPT]:
        sc = scores[c[0]]
        share = sc / (sc + runner_up) if c is ranked[0] else sc / (sc + top[0])
        out.append((c[1], round(min(0.99, share), 3)))
    return out
