"""Linking across documents, for every occasion, through the one linker (`link.resolve`).

- `relink`: the whole index at once (after a large import, or on request).
- `link_new`: after a few documents were added.
- `relink_around`: after a judgement or an undo, and for `link_new`.
- `relink_within`: the components that removed documents leave behind.

`relink_around` re-links a *scope*: the components (see `link.resolve`) of the seed clusters
and of every cluster their names reach (the same name, or a name that scores at least LINK
through the block index). A component holds every cluster joined to it by any edge the
linker weighs, whether the edge was taken or refused (a wall, an incoherent merge), so no
edge leaves a scope made of whole components, and the linker gives the scope the partition
it would get in a re-link of the whole index: the same documents give the same entities
whatever the order or batching of their import. The user's walls order the linker's work
(`Constraints.walled`: the links of a cluster named by a wall are weighed last), and a scope
keeps that order for its clusters even when a wall's other end lies outside it, so a scope
and the whole index weigh the same links in the same order. Candidate names come from the index here
(memory does not grow with the corpus) and from memory inside the scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.link import names as name_rules
from reader.link.judgements import Constraints, cluster_refs, constraints
from reader.link.names import LINK, SUGGEST, block_keys, compare, oversized_blocks
from reader.link.resolve import (
    ANY_TYPE,
    MARKS,
    Resolution,
    acronym_meanings,
    ambiguous_acronyms,
    bears_surname,
    holder_type,
    is_alias_acronym,
    link_names,
    resolve,
)
from reader.models import ClusterRow
from reader.store import Store


@dataclass(frozen=True, slots=True)
class RelinkStats:
    clusters: int
    entities: int
    suggestions: int


def judged(store: Store) -> Constraints:
    """The user's judgements in force, as constraints on today's cluster ids."""
    rows = store.active_judgements()
    return constraints(rows, store.clusters_by_ref(cluster_refs(rows)))


def _blocks(entries: Iterable[tuple[int, str, str]]) -> dict[tuple[str, str], frozenset[str]]:
    return {(t, n): block_keys(t, n) for _, t, n in entries if not n.startswith(MARKS)}


def _entries(clusters: Iterable[ClusterRow]) -> list[tuple[int, str, str]]:
    """(cluster, type, name) for every name a cluster is linked under (a mark under any
    type: see `link.resolve.holder_type`)."""
    return [(c.id, holder_type(c.type, n), n) for c in clusters for n in link_names(c)]


def _scope_oversized(store: Store, rows: Sequence[ClusterRow]) -> set[tuple[str, str]]:
    """The blocks of these clusters' names that the whole index makes oversized
    (`names.MAX_BLOCK`)."""
    keys = {(t, k) for (t, _n), ks in _blocks(_entries(rows)).items() for k in ks}
    return store.oversized_blocks(keys, name_rules.MAX_BLOCK)


def block_limits(store: Store, cluster_ids: Iterable[int]
                 ) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The (type, block key) pairs of these clusters' names, and those of them that the
    index makes oversized now (`names.MAX_BLOCK`). After documents are added or removed,
    a block whose side of the limit changed must have its names linked again
    (`relink_blocks`)."""
    keys = {(t, k) for (t, _n), ks in _blocks(_entries(store.cluster_rows(list(cluster_ids))))
            .items() for k in ks}
    return keys, store.oversized_blocks(keys, name_rules.MAX_BLOCK)


def relink_blocks(store: Store, keys: set[tuple[str, str]],
                  oversized_before: set[tuple[str, str]]) -> int:
    """Re-link the names filed under the blocks of KEYS that crossed the size limit since
    OVERSIZED_BEFORE was taken (in either direction). Call inside a transaction."""
    now = store.oversized_blocks(keys, name_rules.MAX_BLOCK)
    crossed = now ^ oversized_before
    return relink_around(store, store.clusters_in_blocks(crossed)) if crossed else 0


UNLOCKED_TRIES = 3  # times a full re-link is worked out without the write lock


def relink(store: Store) -> RelinkStats:
    """Link every cluster again from scratch; the user's judgements win.

    Outside a transaction the linking is worked out without the write lock (two thirds of
    the time: the reader and other imports write meanwhile), then written under it if no
    other connection wrote in between (SQLite's data_version says); else it is worked out
    again under the lock. So the lock is held for the writing only: about 6 s for all of
    cables.csv instead of 21 s."""
    for _attempt in range(0 if store.conn.in_transaction else UNLOCKED_TRIES):
        version = store.data_version()
        clusters = store.cluster_rows()
        judgements = judged(store)
        oversized = oversized_blocks(_blocks(_entries(clusters)))
        res = resolve(clusters, judgements, oversized=oversized)
        with store.transaction():
            if store.data_version() == version:
                _write_relink(store, clusters, res)
                return RelinkStats(len(clusters), len(res.entities), len(res.suggestions))
        # another connection wrote meanwhile (a judgement, a batch): try again; a writer
        # that never pauses gets the same under the lock
    with store.transaction():
        clusters = store.cluster_rows()
        oversized = oversized_blocks(_blocks(_entries(clusters)))
        res = resolve(clusters, judged(store), oversized=oversized)
        _write_relink(store, clusters, res)
    return RelinkStats(len(clusters), len(res.entities), len(res.suggestions))


def _write_relink(store: Store, clusters: Sequence[ClusterRow], res: Resolution) -> None:
    """Write a whole re-link: the name index (made again from the clusters, rather than
    kept in memory through the linking), the entities, their suggestions."""
    entries = _entries(clusters)
    store.rebuild_name_index(entries, _blocks(entries))
    del entries
    store.write_entities(res.entities.values(), res.entity_of, res.component_of,
                         res.suggestions, None)


def link_new(store: Store, cluster_ids: Sequence[int]) -> None:
    """Index the names of newly written clusters and link them (one transaction)."""
    if not cluster_ids:
        return
    with store.transaction():
        entries = _entries(store.cluster_rows(cluster_ids))
        blocks = _blocks(entries)
        keys = {(t, k) for (t, _n), ks in blocks.items() for k in ks}
        before = store.oversized_blocks(keys, name_rules.MAX_BLOCK)
        store.index_names(entries, blocks)
        # a block these names made oversized is no key any more: the names filed under it
        # are linked again, as a full re-link would link them
        crossed = store.oversized_blocks(keys, name_rules.MAX_BLOCK) - before
        relink_around(store, [*cluster_ids, *store.clusters_in_blocks(crossed)])


def relink_around(store: Store, seeds: Iterable[int]) -> int:
    """Re-link the scope of these clusters (see the module's docstring); returns its size.
    Call inside a transaction."""
    seeds = sorted(set(seeds))
    if not seeds:
        return 0
    judgements = judged(store)
    reached_clusters: set[int] = set(seeds)
    grey: list[tuple[int, str, str, float, str]] = []  # seed, type, other name, score, why
    seed_rows = store.cluster_rows(seeds)
    no_key = _scope_oversized(store, seed_rows)
    for c in seed_rows:
        names = link_names(c)
        marks = [n for n in names if n.startswith(MARKS)]
        reached_clusters |= {k for _n, k, _e, _i in store.clusters_holding(ANY_TYPE, marks)}
        reached: set[str] = {n for n in names if not n.startswith(MARKS)}
        for name in reached.copy():
            keys = [k for k in block_keys(c.type, name) if (c.type, k) not in no_key]
            for other in store.names_in_blocks(c.type, keys):
                if other in reached:
                    continue
                a, b = sorted((name, other))
                match = compare(c.type, a, b)
                if match.score >= LINK or (c.type == "person" and (
                        bears_surname(name, other) or bears_surname(other, name))):
                    reached.add(other)
                elif match.score >= SUGGEST:
                    grey.append((c.id, c.type, other, match.score, match.reason))
        reached_clusters |= {k for _n, k, _e, _i in store.clusters_holding(c.type, sorted(reached))}
    scope = sorted(set(store.clusters_of_components(
        store.components_of_clusters(reached_clusters))) | set(seeds))
    rows = store.cluster_rows(scope)
    res = resolve(rows, judgements.within(scope), _ambiguous(store, rows),
                  oversized=_scope_oversized(store, rows))
    store.write_entities(res.entities.values(), res.entity_of, res.component_of,
                         res.suggestions, scope)
    _suggest_outside(store, grey, res.entity_of)
    return len(scope)


def relink_within(store: Store, scope: Iterable[int]) -> int:
    """Re-link exactly these clusters, which must be whole components (see the module's
    docstring) less clusters that are gone: after documents were removed, no edge can lead
    out of their former components, so no name lookup is needed (`relink_around` would
    reach, through the names, far beyond them). Returns the scope's size. Call inside a
    transaction."""
    scope = sorted(set(scope))
    if not scope:
        return 0
    rows = store.cluster_rows(scope)
    res = resolve(rows, judged(store).within(scope), _ambiguous(store, rows),
                  oversized=_scope_oversized(store, rows))
    store.write_entities(res.entities.values(), res.entity_of, res.component_of,
                         res.suggestions, scope)
    return len(scope)


def _ambiguous(store: Store, rows: Sequence[ClusterRow]) -> set[tuple[str, str]]:
    """Acronyms of these clusters that the whole index uses with more than one meaning."""
    local = acronym_meanings(rows)
    by_type: dict[str, list[str]] = {}
    for etype, name in local:
        by_type.setdefault(etype, []).append(name)
    meanings = {}
    for etype, names in by_type.items():
        for name, keys in store.alias_meanings(etype, names).items():
            meanings[(etype, name)] = {k for k in keys if is_alias_acronym(name, k)}
    return ambiguous_acronyms({k: v for k, v in meanings.items() if v})


def _suggest_outside(store: Store, grey: Sequence[tuple[int, str, str, float, str]],
                     entity_of: dict[int, int]) -> None:
    """Grey-zone pairs between the seeds and names outside the scope: suggestions. (Pairs
    inside the scope were weighed by the linker, walls included; no wall reaches outside.)"""
    out = []
    for seed, etype, other, score, why in grey:
        for _n, cluster, _entity, isolated in store.clusters_holding(etype, [other])[:20]:
            if isolated or cluster in entity_of:
                continue
            out.append((seed, cluster, score, why))
            break
    store.add_suggestions(out)
