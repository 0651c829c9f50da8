"""The linker's tables: clusters, the name index (names, their block keys, who bears them),
entities and suggestions. SQL only: what to write is decided in `services.linking`."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from reader.models import ClusterRow, EntityRecord
from reader.store.base import Base

# A cluster's reference: by content, so it survives re-imports and does not depend on the
# order of imports. A cluster split off for one mention adds that mention's start.
_REF = ("d.content_hash || '|' || c.type || '|' || c.key || CASE WHEN c.isolated = 2 THEN "
        "'|@' || (SELECT min(m.start) FROM mentions m WHERE m.cluster_id = c.id) ELSE '' END")

Suggestion = tuple[int, int, float, str]


def _chunks(values: Sequence[int] | Sequence[str], size: int = 500
            ) -> Iterable[Sequence[int] | Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


class LinkTables(Base):
    # -- clusters ----------------------------------------------------------------------------

    def cluster_rows(self, ids: Sequence[int] | None = None) -> list[ClusterRow]:
        sql = (f"SELECT c.id, {_REF}, c.type, c.key, c.name, c.names, c.isolated "
               "FROM clusters c JOIN documents d ON d.id = c.document_id")
        rows: Iterable[tuple[int, str, str, str, str, str, int]]
        if ids is None:
            rows = self.conn.execute(sql)
        else:
            rows = (row for chunk in _chunks(sorted(set(ids))) for row in self.conn.execute(
                f"{sql} WHERE c.id IN ({self.marks(chunk)})", list(chunk)))
        # one string object per distinct name, however many clusters bear it (a full
        # re-link holds every cluster: "u.s." or "@usa" once, not once per document)
        same: dict[str, str] = {}
        one = same.setdefault
        rows = list(rows)
        # every row's names in one parse (a JSON array of their arrays): a call each costs
        # more than the parsing
        names = json.loads(f"[{','.join(r[5] for r in rows)}]")
        return [ClusterRow(i, ref, one(t, t), one(k, k), one(n, n),
                           tuple(one(x, x) for x in ns), bool(iso))
                for (i, ref, t, k, n, _ns, iso), ns in zip(rows, names, strict=True)]

    def iter_cluster_rows(self, size: int, last: int) -> Iterator[list[ClusterRow]]:
        """Every cluster up to id LAST, SIZE at a time in order of id (memory holds one
        lot)."""
        after = 0
        while True:
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM clusters WHERE id > ? AND id <= ? ORDER BY id LIMIT ?",
                (after, last, size))]
            if not ids:
                return
            after = ids[-1]
            yield self.cluster_rows(ids)

    def iter_cluster_names(self, size: int, last: int, spaced_key: bool = False
                           ) -> Iterator[tuple[str, str, list[str]]]:
        """(type, key, names) of every cluster up to id LAST (SPACED_KEY: of those whose
        key has several words), read SIZE at a time."""
        where = "AND key LIKE '% %'" if spaced_key else ""
        after = 0
        while True:
            rows = self.conn.execute(
                f"SELECT id, type, key, names FROM clusters WHERE id > ? AND id <= ? {where} "
                "ORDER BY id LIMIT ?", (after, last, size)).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            names = json.loads(f"[{','.join(r[3] for r in rows)}]")
            for (_i, t, k, _ns), ns in zip(rows, names, strict=True):
                yield t, k, ns

    def iter_cluster_ids(self, last: int) -> Iterator[int]:
        """Every cluster id up to LAST, in order, read as it goes."""
        for (i,) in self.conn.execute("SELECT id FROM clusters WHERE id <= ? ORDER BY id",
                                      (last,)):
            yield i

    def clusters_by_entity(self, last: int) -> Iterator[tuple[int, list[int]]]:
        """(entity, its clusters up to id LAST) for every entity of more than one such
        cluster, read as it goes."""
        current: tuple[int, list[int]] | None = None
        for entity, cluster in self.conn.execute(
                "SELECT entity_id, id FROM clusters INDEXED BY clusters_entity "
                "WHERE entity_id IS NOT NULL ORDER BY entity_id"):
            if cluster > last:
                continue
            if current is not None and current[0] == entity:
                current[1].append(cluster)
                continue
            if current is not None and len(current[1]) > 1:
                yield current
            current = (entity, [cluster])
        if current is not None and len(current[1]) > 1:
            yield current

    def clusters_of_entities(self, entities: Iterable[int]) -> list[tuple[int, list[int]]]:
        out: dict[int, list[int]] = defaultdict(list)
        for e, c in self._lookup("entity_id, id", "entity_id", entities):
            out[e].append(c)
        return list(out.items())

    def cluster_ids_from(self, first: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM clusters WHERE id >= ? ORDER BY id", (first,))]

    def next_cluster_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM clusters")
                   .fetchone()[0])

    def _lookup(self, select: str, column: str, values: Iterable[int]) -> list[tuple[int, ...]]:
        """`SELECT select FROM clusters WHERE column IN values`, in chunks of 500."""
        out: list[tuple[int, ...]] = []
        for chunk in _chunks(sorted(set(values))):
            out += self.conn.execute(
                f"SELECT {select} FROM clusters WHERE {column} IN ({self.marks(chunk)})",
                list(chunk)).fetchall()
        return out

    def entities_of_clusters(self, ids: Iterable[int]) -> dict[int, int]:
        return {row[0]: row[1] for row in self._lookup("id, entity_id", "id", ids)}

    def components_of_clusters(self, ids: Iterable[int]) -> set[int]:
        return {row[0] for row in self._lookup("DISTINCT component", "id", ids)}

    def clusters_of_components(self, components: Iterable[int]) -> list[int]:
        return [row[0] for row in self._lookup("id", "component", components)]

    def clusters_by_ref(self, refs: Iterable[str]) -> dict[str, int]:
        """The cluster each reference points at now (refs of absent documents are left out).
        Where a document has a split-off cluster with the same key, the original wins."""
        out: dict[str, int] = {}
        for ref in set(refs):
            parts = ref.split("|")
            if len(parts) < 3:
                continue
            h, t, k = parts[0], parts[1], "|".join(parts[2:])
            at = None
            if "|@" in ref:
                k, at_s = ref.split("|", 2)[2].rsplit("|@", 1)
                at = int(at_s) if at_s.isdigit() else None
            if at is None:
                row = self.conn.execute(
                    "SELECT c.id FROM clusters c JOIN documents d ON d.id = c.document_id "
                    "WHERE d.content_hash = ? AND c.type = ? AND c.key = ? AND c.isolated < 2 "
                    "ORDER BY c.isolated, c.id LIMIT 1", (h, t, k)).fetchone()
            else:
                row = self.conn.execute(
                    "SELECT c.id FROM clusters c JOIN documents d ON d.id = c.document_id "
                    "JOIN mentions m ON m.cluster_id = c.id WHERE d.content_hash = ? AND "
                    "c.type = ? AND c.key = ? AND c.isolated = 2 AND m.start = ? LIMIT 1",
                    (h, t, k, at)).fetchone()
            if row is not None:
                out[ref] = row[0]
        return out

    def cluster_ref(self, cluster_id: int) -> str | None:
        row = self.conn.execute(
            f"SELECT {_REF} FROM clusters c JOIN documents d ON d.id = c.document_id "
            "WHERE c.id = ?", (cluster_id,)).fetchone()
        return row[0] if row else None

    def set_isolated(self, cluster_ids: Iterable[int], flag: int) -> None:
        self.conn.executemany("UPDATE clusters SET isolated = ? WHERE id = ?",
                              [(flag, c) for c in cluster_ids])

    # -- the name index ----------------------------------------------------------------------

    def index_names(self, entries: Iterable[tuple[int, str, str]],
                    blocks: Mapping[tuple[str, str], Iterable[str]]) -> None:
        """Record that cluster bears (type, name); names seen for the first time get their
        block keys from `blocks`."""
        q = self.conn.execute
        for cluster_id, etype, name in entries:
            row = q("SELECT id FROM names WHERE type = ? AND name = ?", (etype, name)).fetchone()
            if row is None:
                name_id = q("INSERT INTO names (type, name) VALUES (?, ?)",
                            (etype, name)).lastrowid
                self.conn.executemany(
                    "INSERT OR IGNORE INTO name_blocks (block, name_id) VALUES (?, ?)",
                    [(f"{etype}:{k}", name_id) for k in blocks.get((etype, name), ())])
            else:
                name_id = row[0]
            q("INSERT OR IGNORE INTO cluster_names (name_id, cluster_id) VALUES (?, ?)",
              (name_id, cluster_id))

    def reindex_names(self, clusters: Sequence[int], entries: Iterable[tuple[int, str, str]],
                      blocks: Mapping[tuple[str, str], Iterable[str]],
                      name_ids: dict[tuple[str, str], int]) -> None:
        """Index these CLUSTERS again under ENTRIES (cluster, type, name), in place: what
        they bore before is dropped, names new to the index are added with the block keys
        of BLOCKS. The index stays whole for every other cluster, whoever else writes
        meanwhile. NAME_IDS remembers the ids of names seen (the caller's, across lots)."""
        q = self.conn.execute
        for chunk in _chunks(sorted(set(clusters))):
            q(f"DELETE FROM cluster_names WHERE cluster_id IN ({self.marks(chunk)})", chunk)
        entries = list(entries)
        unknown = sorted({(t, n) for _c, t, n in entries if (t, n) not in name_ids})
        self.conn.executemany("INSERT OR IGNORE INTO names (type, name) VALUES (?, ?)", unknown)
        by_type: dict[str, list[str]] = defaultdict(list)
        for t, n in unknown:
            by_type[t].append(n)
        for t, names in by_type.items():
            for chunk in _chunks(names):
                for i, n in q(f"SELECT id, name FROM names WHERE type = ? AND name IN "
                              f"({self.marks(chunk)})", (t, *chunk)):
                    name_ids[(t, n)] = i
        # (in the order of each table's key: a lot's rows land in the fewest pages, where
        # in the clusters' order each would touch a page of its own in a large index)
        self.conn.executemany(
            "INSERT OR IGNORE INTO name_blocks (block, name_id) VALUES (?, ?)",
            sorted((f"{t}:{k}", name_ids[(t, n)]) for t, n in unknown
                   for k in blocks.get((t, n), ())))
        self.conn.executemany(
            "INSERT OR IGNORE INTO cluster_names (name_id, cluster_id) VALUES (?, ?)",
            sorted((name_ids[(t, n)], c) for c, t, n in entries))

    def names_without_clusters(self) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM names n WHERE NOT EXISTS "
            "(SELECT 1 FROM cluster_names cn WHERE cn.name_id = n.id)")]

    def drop_names(self, name_ids: Sequence[int]) -> None:
        """Forget these names if still no cluster bears them."""
        for chunk in _chunks(list(name_ids)):
            marks = self.marks(chunk)
            gone = " AND NOT EXISTS (SELECT 1 FROM cluster_names cn WHERE cn.name_id = {})"
            self.conn.execute(f"DELETE FROM name_blocks WHERE name_id IN ({marks})"
                              + gone.format("name_blocks.name_id"), chunk)
            self.conn.execute(f"DELETE FROM names WHERE id IN ({marks})"
                              + gone.format("names.id"), chunk)

    def oversized_blocks(self, blocks: Iterable[tuple[str, str]], limit: int
                         ) -> set[tuple[str, str]]:
        """Of these (type, block key) pairs, those that more than LIMIT names some cluster
        bears are filed under."""
        keys = sorted({f"{t}:{k}" for t, k in blocks})
        out: set[tuple[str, str]] = set()
        for chunk in _chunks(keys):
            for (block,) in self.conn.execute(
                    "SELECT b.block FROM name_blocks b WHERE b.block IN "
                    f"({self.marks(chunk)}) AND EXISTS (SELECT 1 FROM cluster_names cn "
                    "WHERE cn.name_id = b.name_id) GROUP BY b.block HAVING count(*) > ?",
                    (*chunk, limit)):
                etype, key = block.split(":", 1)
                out.add((etype, key))
        return out

    def clusters_in_blocks(self, blocks: Iterable[tuple[str, str]]) -> list[int]:
        """The clusters bearing a name filed under one of these (type, block key) pairs."""
        keys = sorted({f"{t}:{k}" for t, k in blocks})
        out: set[int] = set()
        for chunk in _chunks(keys):
            out |= {r[0] for r in self.conn.execute(
                "SELECT DISTINCT cn.cluster_id FROM name_blocks b JOIN cluster_names cn "
                f"ON cn.name_id = b.name_id WHERE b.block IN ({self.marks(chunk)})", chunk)}
        return sorted(out)

    def names_in_blocks(self, etype: str, blocks: Iterable[str]) -> list[str]:
        """Distinct names of this type filed under any of these block keys."""
        keys = [f"{etype}:{b}" for b in blocks]
        if not keys:
            return []
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT n.name FROM name_blocks b JOIN names n ON n.id = b.name_id "
            f"WHERE b.block IN ({self.marks(keys)})", keys)]

    def clusters_holding(self, etype: str, names: Sequence[str]
                         ) -> list[tuple[str, int, int, bool]]:
        """(name, cluster, entity, isolated) for every cluster bearing one of these names."""
        out: list[tuple[str, int, int, bool]] = []
        for chunk in _chunks(list(names)):
            out += [(n, c, e, bool(iso)) for n, c, e, iso in self.conn.execute(
                "SELECT n.name, c.id, c.entity_id, c.isolated FROM names n "
                "JOIN cluster_names cn ON cn.name_id = n.id JOIN clusters c "
                f"ON c.id = cn.cluster_id WHERE n.type = ? AND n.name IN ({self.marks(chunk)})",
                (etype, *chunk))]
        return out

    def alias_meanings(self, etype: str, names: Sequence[str]) -> dict[str, set[str]]:
        """For each name, the keys of the clusters that bear it as an alias (not as key)."""
        out: dict[str, set[str]] = defaultdict(set)
        for chunk in _chunks(list(names)):
            for name, key in self.conn.execute(
                    "SELECT n.name, c.key FROM names n JOIN cluster_names cn ON cn.name_id = n.id "
                    "JOIN clusters c ON c.id = cn.cluster_id WHERE n.type = ? AND "
                    f"n.name IN ({self.marks(chunk)}) AND c.key != n.name", (etype, *chunk)):
                out[name].add(key)
        return out

    # -- entities and suggestions --------------------------------------------------------------

    def write_entities(self, entities: Iterable[EntityRecord], entity_of: Mapping[int, int],
                       component_of: Mapping[int, int], suggestions: Sequence[Suggestion],
                       scope: Sequence[int], recount: bool = False) -> None:
        """Replace the entities of the clusters in scope by these, and record each cluster's
        component: only the rows that change are written. The scope must hold whole
        entities. RECOUNT: count every document of these entities again (a full re-link's
        repair), not only what moved."""
        q = self.conn.execute
        q("PRAGMA defer_foreign_keys = ON")  # checked at commit, when every mention has one
        old = set(self.entities_of_clusters(scope).values())
        self.conn.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in old])
        # every pair inside the scope, whichever of its clusters comes first (looked up by
        # its first cluster, then kept if its second is in the scope too)
        inside = set(scope)
        gone = [(a, b) for chunk in _chunks(sorted(inside)) for a, b in q(
            f"SELECT a, b FROM suggestions WHERE a IN ({self.marks(chunk)})", list(chunk))
            if b in inside]
        self.conn.executemany("DELETE FROM suggestions WHERE a = ? AND b = ?", gone)
        self.conn.executemany(
            "INSERT OR REPLACE INTO entities (id, type, key, name, hidden) VALUES (?, ?, ?, ?, ?)",
            [(e.id, e.type, e.key, e.name, int(e.hidden)) for e in entities])
        now = {c: (e, k) for c, e, k in self._lookup("id, entity_id, component", "id",
                                                       entity_of)}
        current = {c: e for c, (e, _k) in now.items()}
        changed = [(e, c) for c, e in entity_of.items() if current.get(c) != e]
        # (in the clusters' order: their rows, and their mentions', are then found in the
        # order they lie in the file)
        in_order = sorted(entity_of.items())
        self.conn.executemany(
            "UPDATE clusters SET entity_id = ?, component = ? WHERE id = ?",
            [(e, k, c) for c, e in in_order
             if now.get(c) != (e, k := component_of.get(c, c))])
        if recount:  # (a repair too: every mention gets its cluster's entity)
            self.conn.executemany(
                "UPDATE mentions SET entity_id = ? WHERE cluster_id = ? AND entity_id != ?",
                [(e, c, e) for c, e in in_order])
            self.recount_entity_documents({*old, *entity_of.values()})
            self.add_suggestions(suggestions)
            return
        self.conn.executemany("UPDATE mentions SET entity_id = ? WHERE cluster_id = ?",
                              changed)
        document_of = {row[0]: row[1] for row in self._lookup(
            "id, document_id", "id", [c for _e, c in changed])}
        self.refresh_entity_documents_of(
            [(e, document_of[c]) for e, c in changed]
            + [(current[c], document_of[c]) for _e, c in changed if c in current])
        self.add_suggestions(suggestions)

    def suggestion_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0])

    def iter_suggestion_pairs(self) -> Iterator[tuple[int, int]]:
        yield from self.conn.execute("SELECT a, b FROM suggestions")

    def delete_suggestions(self, pairs: Iterable[tuple[int, int]]) -> None:
        self.conn.executemany("DELETE FROM suggestions WHERE a = ? AND b = ?",
                              [(min(a, b), max(a, b)) for a, b in pairs])

    def entities_without_clusters(self) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM entities e WHERE NOT EXISTS "
            "(SELECT 1 FROM clusters c WHERE c.entity_id = e.id)")]

    def drop_entities_without_clusters(self, ids: Sequence[int]) -> None:
        """Delete these entities if still no cluster is theirs (and their counts)."""
        for chunk in _chunks(list(ids)):
            marks = self.marks(chunk)
            self.conn.execute(
                f"DELETE FROM entities WHERE id IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM clusters c WHERE c.entity_id = entities.id)", chunk)
            self.conn.execute(
                f"DELETE FROM entity_documents WHERE entity_id IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM entities e WHERE e.id = entity_documents.entity_id)", chunk)

    def add_suggestions(self, suggestions: Iterable[Suggestion]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO suggestions (a, b, score, reason) VALUES (?, ?, ?, ?)",
            [(min(a, b), max(a, b), s, r) for a, b, s, r in suggestions])
