"""Across documents: which local clusters (one entity as one document names it) are the same
entity. Pure: the store hands in the clusters and the user's judgements, and writes back the
result.

1. The user's "same" judgements join clusters first; "not same" judgements are walls that no
   automatic link may cross; clusters split off by the user are not linked automatically.
2. Clusters that share a name of the same type are joined ("same name").
3. Distinct names are compared only with the candidates that share a block key with them
   (a surname, its sound, a rare word, an acronym's letters): never all pairs. A score at or
   above LINK joins; between SUGGEST and LINK the pair is only suggested.

The entity of a cluster is the smallest cluster id of its group, so ids are stable as long
as the group keeps its oldest member.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.link.names import LINK, SUGGEST, block_keys, compare

MAX_POSTINGS = 400


@dataclass(frozen=True, slots=True)
class ClusterRow:
    id: int
    type: str
    key: str
    name: str
    names: tuple[str, ...]
    isolated: bool = False


@dataclass(slots=True)
class Resolution:
    entity_of: dict[int, int] = field(default_factory=dict)
    entity_name: dict[int, str] = field(default_factory=dict)
    entity_key: dict[int, str] = field(default_factory=dict)
    entity_type: dict[int, str] = field(default_factory=dict)
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


def is_acronym_of(name: str, key: str, names: tuple[str, ...]) -> bool:
    """Is NAME a short, one-word alias (an acronym) of the cluster's longer key?"""
    return " " not in name and len(name) <= 8 and " " in key


def _one_meaning(etype: str, keys: set[str]) -> bool:
    """Do all these expansions name one thing (the same or spelling variants)?"""
    first = next(iter(keys))
    return all(k == first or compare(etype, first, k).score >= LINK for k in keys)


def resolve(clusters: list[ClusterRow], same: Iterable[tuple[int, int]] = (),
            not_same: Iterable[tuple[int, int]] = ()) -> Resolution:
    groups = _Groups(c.id for c in clusters)
    by_id = {c.id: c for c in clusters}
    for a, b in not_same:
        if a in by_id and b in by_id:
            groups.wall(a, b)
    for a, b in same:
        if a in by_id and b in by_id:
            groups.union(a, b, force=True)

    # 2. the same name. An acronym a document defines for a longer name counts as a name
    # only where the whole index uses it for one name ("MP" for both "Public Ministry" and
    # "Military Police" links nothing).
    meanings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in clusters:
        for n in c.names:
            if n != c.key and is_acronym_of(n, c.key, c.names):
                meanings[(c.type, n)].add(c.key)
    ambiguous = {k for k, keys in meanings.items() if not _one_meaning(k[0], keys)}
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in clusters:
        if c.isolated:
            continue
        for n in c.names:
            if n == c.key or (c.type, n) not in ambiguous:
                holders[(c.type, n)].append(c.id)
    for ids in holders.values():
        first = ids[0]
        for other in ids[1:]:
            groups.union(first, other)

    # 3. similar names, through block keys
    names = list(holders)
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    name_blocks: list[list[tuple[str, str]]] = []
    for idx, (etype, name) in enumerate(names):
        keys = [(etype, k) for k in block_keys(etype, name)]
        name_blocks.append(keys)
        for k in keys:
            postings[k].append(idx)
    suggestions: dict[tuple[int, int], tuple[float, str]] = {}
    for idx, (etype, name) in enumerate(names):
        keys = sorted(name_blocks[idx], key=lambda k: len(postings[k]))
        usable = [k for k in keys if len(postings[k]) <= MAX_POSTINGS] or keys[:1]
        seen: set[int] = set()
        for k in usable:
            for other in postings[k]:
                if other <= idx or other in seen:
                    continue
                seen.add(other)
                match = compare(etype, name, names[other][1])
                if match.score < SUGGEST:
                    continue
                a, b = holders[(etype, name)][0], holders[names[other]][0]
                if match.score >= LINK:
                    if not groups.union(a, b):
                        continue
                else:
                    pair = (min(a, b), max(a, b))
                    if match.score > suggestions.get(pair, (0.0, ""))[0]:
                        suggestions[pair] = (match.score, match.reason)

    result = Resolution()
    members: dict[int, list[int]] = defaultdict(list)
    for c in clusters:
        members[groups.find(c.id)].append(c.id)
    for root, ids in members.items():
        entity = min(ids)
        keys = Counter(by_id[i].key for i in ids)
        top = max(keys.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        anchor = next(by_id[i] for i in sorted(ids) if by_id[i].key == top)
        types = Counter(by_id[i].type for i in ids)
        for i in ids:
            result.entity_of[i] = entity
        result.entity_name[entity] = anchor.name
        result.entity_key[entity] = anchor.key
        result.entity_type[entity] = types.most_common(1)[0][0]
        del root
    for (a, b), (score, reason) in suggestions.items():
        if result.entity_of[a] != result.entity_of[b] and not groups.blocked(
                groups.find(a), groups.find(b)):
            result.suggestions.append((a, b, score, reason))
    return result
