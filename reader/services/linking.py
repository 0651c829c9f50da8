"""Linking across documents, for every occasion, through the one linker (`link.resolve`).

- `relink`: the whole index, in parts (after a large import, or on request; see `_Plan`).
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

import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import Synchronized

from reader.link import MARKED
from reader.link import names as name_rules
from reader.link.judgements import Constraints, cluster_refs, constraints
from reader.link.names import LINK, SUGGEST, block_keys, compare
from reader.link.resolve import (
    ANY_TYPE,
    MARKS,
    Resolution,
    acronym_meanings,
    ambiguous_acronyms,
    bears_surname,
    find_root,
    forget_clusters,
    forget_names,
    holder_type,
    is_alias_acronym,
    is_one_word_person,
    link_names,
    linkable_names,
    memory_neighbours,
    resolve,
)
from reader.models import ClusterRow
from reader.services.collector import collector_paused, pause_for_good
from reader.services.workers import exit_with, give_back_processes, take_processes
from reader.store import Store


@dataclass(frozen=True, slots=True)
class RelinkStats:
    clusters: int
    entities: int
    suggestions: int
    helped: int = 0  # parts a helper process linked (see `_Helper`)


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


PART_CLUSTERS = 60_000  # clusters re-linked (and committed) together in a full re-link
READ_CLUSTERS = 50_000  # clusters read at a time while the parts are worked out


def relink(store: Store, progress: Callable[[float], None] | None = None) -> RelinkStats:
    """Link every cluster again from scratch; the user's judgements win.

    In parts, so that memory does not grow with the index and no transaction holds the
    write lock for long (see `_Plan`): the components of the whole index are worked out
    from its names alone, then re-linked a part (whole components, about PART_CLUSTERS
    clusters) at a time, each part in its own transaction (or in the caller's, if one is
    open). Each part gets the partition a re-link of the whole index at once would give it,
    and so does the whole. PROGRESS gets the fraction done."""
    with collector_paused():  # (see services.collector)
        return _relink(store, progress)


def _relink(store: Store, progress: Callable[[float], None] | None) -> RelinkStats:
    say = progress or (lambda _f: None)
    first_version = store.data_version()
    max_id = store.next_cluster_id() - 1
    last_judgement = store.last_judgement_id()
    plan = _Plan.make(store, judged(store), max_id)  # (its writes commit a lot at a time)
    forget_clusters()
    say(0.3)
    total = sum(len(p) for p in plan.parts) or 1
    done = helped = 0
    # (a part's writes land all over the large indexes: with SQLite's small default cache,
    # the pages they dirty spill to the WAL and are written again before the part commits)
    with store.bulk_writes():
        for number, scope, res, version, by_helper in _worked_out(store, plan, first_version):
            helped += by_helper
            # worked out without the write lock, written under it unless another connection
            # wrote since (then worked out again under it): a large part takes seconds
            with store.transaction():
                if store.data_version() != version:
                    scope, res = plan.link(store, number)
                store.write_entities(res.entities.values(), res.entity_of, res.component_of,
                                     res.suggestions, scope, recount=True)
            del res
            forget_clusters()
            done += len(plan.parts[number])
            say(0.3 + 0.65 * done / total)
    stale = plan.suggestions_across_parts(store)  # (read without the lock)
    orphans = store.entities_without_clusters()
    with store.transaction():
        plan.write_suggestions_between_parts(store, judged(store), stale)
        store.drop_entities_without_clusters(orphans)
        if store.data_version() != first_version:
            # another connection wrote meanwhile: documents it added, judgements it made,
            # are linked again around their clusters, now that every part is written
            later = store.cluster_ids_from(max_id + 1)
            relink_around(store, [*later, *_judged_clusters(store, after=last_judgement)])
    say(1.0)
    return RelinkStats(plan.clusters, store.counts().entities, store.suggestion_count(),
                       helped)


def _worked_out(store: Store, plan: _Plan, version: int
                ) -> Iterator[tuple[int, list[int], Resolution, int, bool]]:
    """Every part of PLAN linked (in no set order), with the data version its work was read
    at (VERSION for a helper's: as at the start) and whether the helper linked it.

    A helper process, when one can be had (`_Helper`), takes parts too: this process takes
    the next part whenever no helper's result is waiting, and writes them all. A component
    larger than a part is linked here, once the helper has ended: in the helper it would
    take as much memory again as this process holds, and beside it, both would."""
    n = len(plan.parts)
    shared = array("q", (k for k in range(n) if len(plan.parts[k]) <= PART_CLUSTERS))
    helper = _Helper.start(store, plan, shared) if len(shared) > 1 else None
    got: set[int] = set()
    try:
        while len(got) < n:
            number: int | None = None
            if helper is not None and not helper.ready():
                # (the shared parts all taken, the helper's last is awaited: it ends, and
                # its memory goes, before the large ones are linked here)
                taken = _take(helper.counter, len(shared))
                number = shared[taken] if taken is not None else None
            elif helper is None:
                number = next(k for k in range(n) if k not in got)
            if number is None:
                assert helper is not None
                item = helper.receive()  # (waits for it when nothing is left to take here)
                if item is None:  # done, or gone: what it took and never sent is ours
                    helper.stop()
                    helper = None
                    continue
                number, scope, res = item
                if store.data_version() != version:
                    # another connection wrote: the helper's work may predate it (this part
                    # is linked again, under the lock), and the rest is ours
                    helper.stop()
                    helper = None
                got.add(number)
                yield number, scope, res, version, True
                continue
            now = store.data_version()
            scope, res = plan.link(store, number)
            got.add(number)
            yield number, scope, res, now, False
    finally:
        if helper is not None:
            helper.stop()


def _take(counter: Synchronized[int], n: int) -> int | None:
    """The next part nobody took yet (and take it), or None."""
    with counter.get_lock():
        k = counter.value
        if k >= n:
            return None
        counter.value = k + 1
    return k


class _Helper:
    """A process that links parts of a full re-link on the other core, while this one links
    others and writes them all. It starts from a lean fork server (`take_processes`: not
    from this process, whose memory the import and the plan have grown; not from the
    extraction's warm server, unless another thread's import is using it meanwhile):
    it gets the plan's few arrays and the neighbours of names (about 20 MB pickled at
    4 x cables.csv), reads the index through its own connection (never writes) and sends
    each part's resolution back."""

    def __init__(self, proc: BaseProcess, conn: Connection, counter: Synchronized[int]) -> None:
        self.proc, self.conn, self.counter = proc, conn, counter
        self.stopped = False

    @classmethod
    def start(cls, store: Store, plan: _Plan, parts: array[int]) -> _Helper | None:
        """A helper that takes PARTS (their numbers) with this process, if one can be
        had: not inside a transaction (it would not see what it wrote), nor on one core."""
        path = str(store.path)
        if (not HELPER or path == ":memory:" or store.conn.in_transaction
                or (os.cpu_count() or 1) < 2):
            return None
        ctx = take_processes(warm=False)
        lean = replace(plan, head={}, grey=[])  # (what linking a part needs)
        try:
            counter = ctx.Value("i", 0)
            mine, theirs = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_help, name="cablereader-relink", daemon=True,
                               args=(path, lean, parts, counter, theirs, os.getpid()))
            proc.start()
        except (OSError, EOFError):  # (no shared memory, no processes to be had here, the
            give_back_processes()  # server gone meanwhile: one core it is)
            return None
        theirs.close()
        return cls(proc, mine, counter)

    def ready(self) -> bool:
        return self.conn.poll()

    def receive(self) -> tuple[int, list[int], Resolution] | None:
        try:
            item: tuple[int, list[int], Resolution] | None = self.conn.recv()
        except (EOFError, OSError):
            return None
        return item

    def stop(self) -> None:
        """No more parts: the helper ends after the one it is on (its result unread)."""
        with self.counter.get_lock():
            self.counter.value = 1 << 30
        self.conn.close()
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(timeout=5)
        if not self.stopped:
            self.stopped = True
            give_back_processes(clean=not self.proc.is_alive())


HELPER = True  # whether a full re-link may start a helper (see `_Helper`)


def _help(path: str, plan: _Plan, parts: array[int], counter: Synchronized[int],
          conn: Connection, parent: int) -> None:
    """The helper's loop: take the next of PARTS, link it, send it; until none is left or
    the process PARENT is gone."""
    pause_for_good()  # (batch work only: see services.collector)
    exit_with(parent)  # (a part takes seconds: killed, the parent leaves no helper behind)
    try:
        store = Store(path, create=False)
        try:
            while True:
                taken = _take(counter, len(parts))
                if taken is None:
                    break
                number = parts[taken]
                scope, res = plan.link(store, number)
                forget_names()  # (its memory stays one part's)
                conn.send((number, scope, res))
            conn.send(None)
        finally:
            store.close()
    except BaseException:
        # the re-link ended without us (the pipe is closed), or this part failed: either
        # way the parent links what we took and never sent, and meets any error itself
        pass
    finally:
        conn.close()


def _judged_clusters(store: Store, after: int = 0) -> list[int]:
    """The clusters named by judgements made after the judgement AFTER."""
    rows = [j for j in store.active_judgements() if j.id > after]
    if not rows:
        return []
    j = constraints(rows, store.clusters_by_ref(cluster_refs(rows)))
    return sorted({c for pair in (*j.same, *j.not_same) for c in pair}
                  | j.hidden | set(j.renamed))


def _parts(store: Store, unions: _Unions, max_id: int) -> tuple[list[array[int]], array[int]]:
    """The clusters, grouped by component and packed into parts of about PART_CLUSTERS
    (a component larger than that is a part of its own), in order of smallest id; and, for
    each component's root, its part. Counted and placed in arrays (a counting sort), not in
    a dictionary of lists."""
    find = unions.find
    part_of = array("q", bytes(8 * (max_id + 1)))  # a root's size, then its part
    for i in store.iter_cluster_ids(max_id):
        part_of[find(i)] += 1
    bounds: list[int] = [0]  # where each part starts among all the clusters
    filled = 0
    for root in range(1, max_id + 1):
        n = part_of[root]
        if not n:
            continue
        if filled and filled + n > PART_CLUSTERS:
            bounds.append(bounds[-1] + filled)
            filled = 0
        part_of[root] = len(bounds) - 1
        filled += n
    if filled:
        bounds.append(bounds[-1] + filled)
    placed = array("q", bytes(8 * bounds[-1]))
    at = array("q", bounds[:-1])
    for i in store.iter_cluster_ids(max_id):
        part = part_of[find(i)]
        placed[at[part]] = i
        at[part] += 1
    return [placed[bounds[k] : bounds[k + 1]] for k in range(len(bounds) - 1)], part_of


class _Unions:
    """Union-find over cluster ids 0..size, in an array (a few bytes a cluster)."""

    def __init__(self, size: int) -> None:
        self.parent = array("q", range(size + 1))

    def find(self, i: int) -> int:
        return find_root(self.parent, i)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


@dataclass
class _Plan:
    """A full re-link worked out from the names of the index, before any cluster is linked.

    - The components of the whole index, as `link.resolve.resolve` makes them: every edge
      it weighs joins one (clusters sharing a name; names of a block that score LINK; a
      person's one word and the full names that bear it; "same" judgements). Widened so
      that each holds whole current entities too, so a part can replace its entities
      without touching another's.
    - Per name, the names of its blocks that `resolve` could use (scoring SUGGEST or more,
      or bearing it as a surname): each pair is scored once here, and `near` gives the
      parts only those.
    - The acronyms the whole index uses with several meanings.
    - The grey pairs (SUGGEST to LINK) between names whose holders fall in different
      components: suggestions no part sees.
    Held in memory: the names (each once), a few bytes a cluster; never all the clusters.
    """

    clusters: int
    parts: list[array[int]]  # (8 bytes a cluster)
    part_of: array[int]  # a component's root -> its part
    ambiguous: set[tuple[str, str]]
    relevant: dict[tuple[str, str], dict[str, None]]
    unions: _Unions
    head: dict[tuple[str, str], tuple[int, str, int]]  # name -> its first holder (as resolve
    #                                                      orders them: walled last, by ref)
    grey: list[tuple[str, str, str, float, str]]

    def near(self, etype: str, name: str) -> Iterable[str]:
        return self.relevant.get((etype, name), ())

    @classmethod
    def make(cls, store: Store, judgements: Constraints, max_id: int) -> _Plan:
        # pass 1: what the acronyms mean (read light: only a key of several words has one)
        meanings: dict[tuple[str, str], set[str]] = {}
        for etype, key, names in store.iter_cluster_names(READ_CLUSTERS, max_id, spaced_key=True):
            for n in names:
                if is_alias_acronym(n, key) and not n.startswith(MARKED):
                    meanings.setdefault((etype, n), set()).add(key)
        ambiguous = ambiguous_acronyms(meanings)
        del meanings

        # pass 2: the name index again; who holds which name (each name's holders are one
        # component); how many names each block has
        name_ids: dict[tuple[str, str], int] = {}
        sizes: Counter[tuple[str, str]] = Counter()
        unions = _Unions(max_id)
        walled = judgements.walled
        head: dict[tuple[str, str], tuple[int, str, int]] = {}
        count = 0
        for rows in store.iter_cluster_rows(READ_CLUSTERS, max_id):
            count += len(rows)
            entries = _entries(rows)
            blocks = {tn: ks for tn, ks in _blocks(entries).items() if tn not in name_ids}
            for (t, _n), ks in blocks.items():
                sizes.update((t, k) for k in ks)
            with store.transaction():  # (in place: the index stays whole meanwhile)
                store.reindex_names([c.id for c in rows], entries, blocks, name_ids)
            for c in rows:
                order = (walled.get(c.id, 0), c.ref, c.id)
                for n in linkable_names(c, ambiguous):
                    hn = (holder_type(c.type, n), n)
                    was = head.get(hn)
                    if was is None:
                        head[hn] = order
                        continue
                    unions.union(was[2], c.id)
                    if order < was:
                        head[hn] = order
        del name_ids
        unborne = store.names_without_clusters()
        with store.transaction():
            store.drop_names(unborne)
        oversized = frozenset(b for b, n in sizes.items() if n > name_rules.MAX_BLOCK)
        del sizes
        for a, b in judgements.same:
            if a <= max_id and b <= max_id:
                unions.union(a, b)

        # the pairs of names in a block: scored once each
        near = memory_neighbours((hn for hn in head if not hn[1].startswith(MARKS)),
                                 oversized)
        relevant: dict[tuple[str, str], dict[str, None]] = {}
        grey: list[tuple[str, str, str, float, str]] = []
        for (etype, name), (_w, _r, first) in head.items():
            if name.startswith(MARKS):
                continue
            one_word = is_one_word_person(etype, name)
            for other in near(etype, name):
                if (etype, other) not in head:
                    continue
                if one_word and bears_surname(name, other):
                    relevant.setdefault((etype, name), {})[other] = None
                    unions.union(first, head[(etype, other)][2])
                if other <= name:
                    continue
                match = compare(etype, name, other)
                if match.score < SUGGEST:
                    continue
                relevant.setdefault((etype, name), {})[other] = None
                relevant.setdefault((etype, other), {})[name] = None
                if match.score >= LINK:
                    unions.union(first, head[(etype, other)][2])
                else:
                    grey.append((etype, name, other, match.score, match.reason))
        # a part replaces whole entities: the current ones join their clusters too
        for _entity, members in store.clusters_by_entity(max_id):
            for member in members[1:]:
                unions.union(members[0], member)
        parts, part_of = _parts(store, unions, max_id)
        # the grey pairs no part sees: between parts (each part suggests its own)
        grey = [g for g in grey if part_of[unions.find(head[(g[0], g[1])][2])]
                != part_of[unions.find(head[(g[0], g[2])][2])]]
        return cls(count, parts, part_of, ambiguous, relevant, unions, head, grey)

    def link(self, store: Store, number: int) -> tuple[list[int], Resolution]:
        """Link part NUMBER: its clusters, with the parts that judgements and entities
        written since the plan (by the reader, by another import) join to it, so that the
        scope holds whole entities and whole components."""
        judgements = judged(store)
        scope = self.widen(number, judgements, store)
        rows = store.cluster_rows(scope)
        return scope, resolve(rows, judgements.within(scope), self.ambiguous, self.near)

    def _part_of(self, cluster: int) -> int | None:
        last = len(self.unions.parent) - 1
        return self.part_of[self.unions.find(cluster)] if 0 < cluster <= last else None

    def widen(self, number: int, judgements: Constraints, store: Store) -> list[int]:
        """Part NUMBER, with every part that a "same" judgement, or an entity as the index
        now has it, joins to it (until none does), and the clusters newer than the plan in
        those entities."""
        parts = {number}
        newer: set[int] = set()
        pairs = judgements.same
        while True:
            scope = {i for k in parts for i in self.parts[k]} | newer
            reached = {c for pair in pairs if any(c in scope for c in pair) for c in pair}
            entities = set(store.entities_of_clusters(scope).values())
            reached |= {c for _e, members in store.clusters_of_entities(entities)
                        for c in members}
            more = {k for c in reached if (k := self._part_of(c)) is not None} - parts
            new = {c for c in reached if self._part_of(c) is None} - newer
            if not more and not new:
                return sorted(scope)
            parts |= more
            newer |= new

    def suggestions_across_parts(self, store: Store) -> list[tuple[int, int]]:
        """The suggestions stored now between clusters of different parts: no part wrote
        them, so they are the last re-link's (read as it goes)."""
        out = []
        for a, b in store.iter_suggestion_pairs():
            pa, pb = self._part_of(a), self._part_of(b)
            if pa is not None and pb is not None and pa != pb:
                out.append((a, b))
        return out

    def write_suggestions_between_parts(self, store: Store, judgements: Constraints,
                                        stale: list[tuple[int, int]]) -> None:
        """The grey pairs between parts (no part saw them), as `resolve` would suggest them:
        between the first holders, unless a wall stands between their entities (or they
        are one). They replace the STALE ones, the last re-link's."""
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for etype, name, other, score, reason in self.grey:
            a, b = self.head[(etype, name)], self.head[(etype, other)]
            pair = (a[2], b[2]) if a[1] <= b[1] else (b[2], a[2])
            if (score, reason) > best.get(pair, (0.0, "")):
                best[pair] = (score, reason)
        walls = judgements.not_same
        entity_of = store.entities_of_clusters(
            {c for pair in (*best, *walls) for c in pair})
        blocked = {frozenset((entity_of.get(a), entity_of.get(b))) for a, b in walls}
        out = [(a, b, s, r) for (a, b), (s, r) in sorted(best.items())
               if a in entity_of and b in entity_of  # (gone meanwhile: removed)
               and entity_of[a] != entity_of[b]
               and frozenset((entity_of[a], entity_of[b])) not in blocked]
        store.delete_suggestions(stale)
        store.add_suggestions(out)


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
