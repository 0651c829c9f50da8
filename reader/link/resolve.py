"""The one linker: which local clusters (one entity as one document names it) are the same
entity. Pure: callers hand in clusters, the user's judgements as constraints, and which
acronyms are ambiguous in the whole index; they get back a partition into entities.

Every path runs this function: a full re-link over the whole index, the re-linking around a
new document or batch, and the re-linking after a judgement or an undo. Its result depends on
the set of clusters only, never on their order or ids:

1. Edges. Clusters sharing a name of the same type (score 1). Names that share a block key
   (`names.block_keys`, a rule on the name alone) and score at least LINK (`names.compare`).
   An acronym a document defines counts as a shared name only when the whole index uses it
   for one meaning ("MP" for both "Public Ministry" and "Military Police" links nothing).
2. The user's "same" judgements join first; then the edges, strongest first, in an order
   fixed by the clusters' content references. "Not same" judgements are walls no edge may
   cross; clusters split off by the user take no automatic edge.
3. Pairs that score between SUGGEST and LINK are suggestions, not links.

Because entities are the connected parts of a graph whose edges depend only on the two names
they join, a subset of clusters that is closed under edges and walls can be re-linked on its
own and gives the same answer as the whole index (see `services.linking`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from reader.link.judgements import Constraints
from reader.link.names import LINK, SUGGEST, block_keys, compare
from reader.models import ClusterRow, EntityRecord

# (type, name) -> other names of that type that share a block key with it
Neighbours = Callable[[str, str], Iterable[str]]


@dataclass(slots=True)
class Resolution:
    entity_of: dict[int, int] = field(default_factory=dict)  # cluster id -> entity id
    entities: dict[int, EntityRecord] = field(default_factory=dict)
    suggestions: list[tuple[int, int, float, str]] = field(default_factory=list)


class _Groups:
    """Union-find over cluster ids, with walls (negative judgements) between clusters."""

    def __init__(self, ids: Iterable[int]) -> None:
        self.parent = {i: i for i in ids}
        self.walls: dict[int, set[int]] = defaultdict(set)  # root -> clusters it must avoid

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def wall(self, a: int, b: int) -> None:
        self.walls[self.find(a)].add(b)
        self.walls[self.find(b)].add(a)

    def blocked(self, ra: int, rb: int) -> bool:
        wa, wb = self.walls.get(ra), self.walls.get(rb)
        if wa and any(self.find(x) == rb for x in wa):
            return True
        return bool(wb and any(self.find(x) == ra for x in wb))

    def union(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force and self.blocked(ra, rb):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if rb in self.walls:
            self.walls[ra] |= self.walls.pop(rb)
        return True


def is_alias_acronym(name: str, key: str) -> bool:
    """Is NAME a short, one-word alias (an acronym) of a cluster whose key is longer?"""
    return name != key and " " not in name and len(name) <= 8 and " " in key


def acronym_meanings(clusters: Iterable[ClusterRow]) -> dict[tuple[str, str], set[str]]:
    """For each acronym alias, the keys of the clusters that declare it."""
    meanings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in clusters:
        for n in c.names:
            if is_alias_acronym(n, c.key):
                meanings[(c.type, n)].add(c.key)
    return meanings


def one_meaning(etype: str, keys: Iterable[str]) -> bool:
    """Do all these expansions name one thing (the same or spelling variants)?"""
    ordered = sorted(keys)
    first = ordered[0]
    return all(k == first or compare(etype, first, k).score >= LINK for k in ordered[1:])


def ambiguous_acronyms(meanings: Mapping[tuple[str, str], Iterable[str]]
                       ) -> set[tuple[str, str]]:
    return {k for k, keys in meanings.items() if not one_meaning(k[0], keys)}


def memory_neighbours(names: Iterable[tuple[str, str]]) -> Neighbours:
    """Candidate lookup over a set of names held in memory (postings by block key)."""
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for etype, name in names:
        for k in block_keys(etype, name):
            postings[(etype, k)].append(name)

    def near(etype: str, name: str) -> Iterable[str]:
        seen: set[str] = {name}
        for k in block_keys(etype, name):
            for other in postings.get((etype, k), ()):
                if other not in seen:
                    seen.add(other)
                    yield other

    return near


def linkable_names(c: ClusterRow, ambiguous: set[tuple[str, str]]) -> list[str]:
    """The names through which a cluster links: its key, and its aliases that are not
    ambiguous acronyms. A cluster the user split off links through none."""
    if c.isolated:
        return []
    return [n for n in c.names if n == c.key or (c.type, n) not in ambiguous]


def resolve(clusters: Sequence[ClusterRow], judged: Constraints | None = None,
            ambiguous: set[tuple[str, str]] | None = None,
            neighbours: Neighbours | None = None) -> Resolution:
    """Partition the clusters into entities.

    `ambiguous`: acronyms with more than one meaning in the whole index (default: computed
    from these clusters, right when they are the whole index). `neighbours`: the candidate
    lookup (default: in memory over these clusters' names); only names held by these
    clusters are used.
    """
    judged = judged or Constraints()
    ordered = sorted(clusters, key=lambda c: (c.ref, c.id))
    by_id = {c.id: c for c in ordered}
    if ambiguous is None:
        ambiguous = ambiguous_acronyms(acronym_meanings(ordered))
    groups = _Groups(by_id)
    for a, b in judged.not_same:
        if a in by_id and b in by_id:
            groups.wall(a, b)
    for a, b in judged.same:
        if a in by_id and b in by_id:
            groups.union(a, b, force=True)

    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in ordered:
        for n in linkable_names(c, ambiguous):
            holders[(c.type, n)].append(c.id)

    # edges: (strength, first name, second name, cluster a, cluster b)
    edges: list[tuple[float, str, str, int, int]] = []
    for (_etype, name), ids in holders.items():
        edges.extend((1.0, name, name, ids[0], other) for other in ids[1:])
    near = neighbours or memory_neighbours(holders)
    suggested: dict[tuple[int, int], tuple[float, str]] = {}
    for (etype, name), ids in holders.items():
        for other in near(etype, name):
            if other <= name or (etype, other) not in holders:
                continue  # each pair once, from its smaller name
            match = compare(etype, name, other)
            if match.score < SUGGEST:
                continue
            a, b = ids[0], holders[(etype, other)][0]
            if match.score >= LINK:
                edges.append((match.score, name, other, a, b))
            else:
                pair = (a, b) if by_id[a].ref <= by_id[b].ref else (b, a)
                if match.score > suggested.get(pair, (0.0, ""))[0]:
                    suggested[pair] = (match.score, match.reason)
    edges.sort(key=lambda e: (-e[0], e[1], e[2], by_id[e[3]].ref, by_id[e[4]].ref))
    for _score, _n1, _n2, a, b in edges:
        groups.union(a, b)

    result = Resolution()
    members: dict[int, list[ClusterRow]] = defaultdict(list)
    for c in ordered:
        members[groups.find(c.id)].append(c)
    for group in members.values():
        record = entity_record(group, judged)
        for c in group:
            result.entity_of[c.id] = record.id
        result.entities[record.id] = record
    for (a, b), (score, reason) in sorted(suggested.items()):
        if result.entity_of[a] != result.entity_of[b] and not groups.blocked(
                groups.find(a), groups.find(b)):
            result.suggestions.append((a, b, score, reason))
    return result


def entity_record(group: Sequence[ClusterRow], judged: Constraints | None = None
                  ) -> EntityRecord:
    """An entity's id, type, key and display name: a function of its clusters (and the
    judgements on them), whatever order they came in. The id is the smallest cluster id."""
    keys = Counter(c.key for c in group)
    top = max(keys.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    # the display name: of the clusters with the top key, a mixed-case spelling first
    name = min((c.name for c in group if c.key == top),
               key=lambda n: (n.isupper(), n.islower(), n))
    types = Counter(c.type for c in group)
    etype = max(types.items(), key=lambda kv: (kv[1], kv[0]))[0]
    hidden = False
    if judged is not None:
        ids = {c.id for c in group}
        hidden = bool(judged.hidden & ids)
        renames = [(c, n) for c, n in judged.renamed.items() if c in ids]
        if renames:
            name = renames[-1][1]  # dict order is judgement order: the latest wins
    return EntityRecord(id=min(c.id for c in group), type=etype, key=top, name=name,
                        hidden=hidden)
