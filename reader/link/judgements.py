"""What the user's judgements mean to the linker: one module, pure.

A judgement is stored as data (`JudgementRow`: kind, the clusters it names by their content
reference, a value) and never rewritten by the linker. This module turns the judgements in
force into constraints, and every linking path (one new document, a batch, the whole index,
the re-linking after a judgement or an undo) applies the same constraints:

- `same` (a, b): a and b are one entity, whatever the scores and walls say.
- `not_same` (a, b): a wall. No automatic link may put a and b in one entity; they are not
  suggested to each other either. It separates exactly that pair: b (the one rejected)
  leaves a's entity, a stays with the rest. The linker weighs the links of clusters named
  by walls after all others, a judgement's first cluster before its second (`walled`), so
  the rest of the entity forms first, a joins it, and b is the odd one out.
- `split_document` (a): cluster a is linked to nothing automatically (only `same` joins it).
- `split_mention` ("hash|@start-end"): that mention leaves its cluster for a cluster of its
  own, which is then isolated like a split document. Applied by the store when it is
  recorded (it changes which mentions a cluster holds), and reversed by an undo.
- `hide` (a): the entity holding a is hidden (not shown, not exported).
- `rename` (a, value): the entity holding a shows `value`; the latest rename wins.

Undo marks a judgement inactive (soft delete, as nomenklatura's resolver does): it stays in
the history (`judge list --all`, `export judgements`).

Judgements name clusters by reference, so they survive re-imports and re-linking: a cluster
whose document is no longer in the index simply leaves its judgement without effect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from reader.rows import JudgementRow

KINDS = ("same", "not_same", "split_mention", "split_document", "hide", "rename")
PAIR_KINDS = ("same", "not_same")
ENTITY_KINDS = ("hide", "rename")
FIRST, REJECTED = 1, 2  # the two ends of a wall, in the order their links are weighed


@dataclass(slots=True)
class Constraints:
    """The judgements in force, in terms of cluster ids."""

    same: list[tuple[int, int]] = field(default_factory=list)
    not_same: list[tuple[int, int]] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)  # clusters whose entity is hidden
    renamed: dict[int, str] = field(default_factory=dict)  # cluster -> name, latest wins
    # clusters named by walls -> when their links are weighed: FIRST (the first cluster of
    # a not-same judgement) before REJECTED (its second), both after every other cluster's.
    # Kept for a cluster even when its wall's other end is outside a scope, so a scope and
    # the whole index weigh its links in the same order.
    walled: dict[int, int] = field(default_factory=dict)

    def within(self, ids: Iterable[int]) -> Constraints:
        """The part of these constraints that concerns only the given clusters."""
        keep = set(ids)
        return Constraints(
            same=[p for p in self.same if keep.issuperset(p)],
            not_same=[p for p in self.not_same if keep.issuperset(p)],
            hidden=self.hidden & keep,
            renamed={c: n for c, n in self.renamed.items() if c in keep},
            walled={c: r for c, r in self.walled.items() if c in keep},
        )


def constraints(judgements: Iterable[JudgementRow],
                cluster_of: Callable[[str], int | None] | Mapping[str, int]) -> Constraints:
    """The constraints of the active judgements, in the order they were made."""
    look = cluster_of.get if isinstance(cluster_of, Mapping) else cluster_of
    out = Constraints()
    for j in sorted(judgements, key=lambda j: j.id):
        if not j.active or j.kind not in (*PAIR_KINDS, *ENTITY_KINDS):
            continue
        a = look(j.a)
        if a is None:
            continue
        if j.kind in PAIR_KINDS:
            b = look(j.b) if j.b else None
            if b is None:
                continue
            if j.kind == "same":
                out.same.append((a, b))
            else:
                out.not_same.append((a, b))
                out.walled[a] = max(out.walled.get(a, 0), FIRST)
                out.walled[b] = REJECTED
        elif j.kind == "hide":
            out.hidden.add(a)
        else:
            out.renamed.pop(a, None)  # keep the dict in judgement order: latest last
            out.renamed[a] = j.value or ""
    return out


def cluster_refs(judgements: Iterable[JudgementRow]) -> set[str]:
    """The cluster references that active judgements name (mention splits excluded)."""
    out: set[str] = set()
    for j in judgements:
        if j.active and j.kind != "split_mention":
            out.add(j.a)
            if j.b:
                out.add(j.b)
    return out


def mention_ref(content_hash: str, start: int, end: int) -> str:
    return f"{content_hash}|@{start}-{end}"


def parse_mention_ref(ref: str) -> tuple[str, int, int]:
    h, span = ref.split("|@", 1)
    start, end = (int(x) for x in span.split("-"))
    return h, start, end
