"""Removing documents with everything derived from them, and the index's own settings.

SQL only: which documents, and what to re-link and re-cite afterwards, is decided in
`services.documents`. The user's judgements are never touched here: they name documents by
content hash and apply again if a removed document comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.store.base import Base
from reader.text.cables import post_of_ref_id


def _chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


class RemovalTables(Base):
    # -- settings (the meta table) ------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                          "DO UPDATE SET value = excluded.value", (key, value))

    # -- which documents ----------------------------------------------------------------------

    def documents_named(self, spec: str) -> list[int]:
        """Documents a user names: a document id, a cable reference id (any case), or a
        source path as stored (the file it was imported from, or another file in which the
        same document was seen)."""
        spec = spec.strip()
        q = self.conn.execute
        if spec.isdigit():
            row = q("SELECT id FROM documents WHERE id = ?", (int(spec),)).fetchone()
            if row is not None:
                return [row[0]]
        row = q("SELECT id FROM documents WHERE ref_id = ?", (spec.upper(),)).fetchone()
        if row is not None:
            return [row[0]]
        ids = {r[0] for r in q("SELECT id FROM documents WHERE source = ?", (spec,))}
        ids |= {r[0] for r in q("SELECT document_id FROM document_sources WHERE source = ?",
                                (spec,))}
        return sorted(ids)

    def sample_document_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents WHERE sample = 1 ORDER BY id")]

    def document_kinds(self, ids: Iterable[int]) -> dict[int, str]:
        """id -> kind (article | cable) for those of IDS that are in the index."""
        out: dict[int, str] = {}
        for chunk in _chunks(sorted(set(ids))):
            out.update(self.conn.execute(
                f"SELECT id, kind FROM documents WHERE id IN ({self.marks(chunk)})",
                list(chunk)).fetchall())
        return out

    def clusters_of_documents(self, ids: Iterable[int]) -> list[int]:
        out: list[int] = []
        for chunk in _chunks(sorted(set(ids))):
            out += [r[0] for r in self.conn.execute(
                f"SELECT id FROM clusters WHERE document_id IN ({self.marks(chunk)})",
                list(chunk))]
        return out

    def articles_citing(self, ref_ids: Iterable[str]) -> list[int]:
        refs = sorted(set(ref_ids))
        out: set[int] = set()
        for i in range(0, len(refs), 500):
            chunk = refs[i : i + 500]
            out |= {r[0] for r in self.conn.execute(
                f"SELECT document_id FROM cites WHERE ref_id IN ({self.marks(chunk)})", chunk)}
        return sorted(out)

    def cable_refs(self, ids: Iterable[int]) -> list[str]:
        out: list[str] = []
        for chunk in _chunks(sorted(set(ids))):
            out += [r[0] for r in self.conn.execute(
                f"SELECT ref_id FROM documents WHERE id IN ({self.marks(chunk)}) "
                "AND kind = 'cable' AND ref_id IS NOT NULL", list(chunk))]
        return out

    # -- removing -----------------------------------------------------------------------------

    def delete_documents(self, ids: Sequence[int]) -> list[int]:
        """Delete these documents and what hangs on them: search rows, sources, mentions,
        clusters with their place in the name index and their suggestions, their rows of
        `entity_documents`, citations,
        cites, fingerprints, their share of the routing table, entities left without a
        cluster, and the copy marks of other articles that point at them. (A name no cluster
        bears any more stays in `names`, bearing nothing, until the next full re-link:
        finding its block keys' rows would read the whole block table.) Call inside
        `transaction()`; re-linking and re-citing what remains is the caller's. Returns
        the articles that were copies of a removed one (unmarked now)."""
        ids = sorted(set(ids))
        q = self.conn.execute
        copies: set[int] = set()
        entities: set[int] = set()
        # counted, so that a reader polling the index notices (see documents_signature)
        q("INSERT INTO meta (key, value) VALUES ('documents_removed', ?) ON CONFLICT (key) DO "
          "UPDATE SET value = CAST(value AS INTEGER) + excluded.value", (len(ids),))
        for chunk in _chunks(ids):
            marks = self.marks(chunk)
            args = list(chunk)
            for indicator, ref_id in q(
                    f"SELECT routing, ref_id FROM documents WHERE id IN ({marks}) "
                    "AND routing IS NOT NULL AND ref_id IS NOT NULL", args).fetchall():
                post = post_of_ref_id(ref_id)
                q("UPDATE routing SET cables = cables - 1 WHERE indicator = ? AND post = ?",
                  (indicator, post))
                q("DELETE FROM routing WHERE indicator = ? AND post = ? AND cables <= 0",
                  (indicator, post))
            q("INSERT INTO documents_fts (documents_fts, rowid, title, body) "
              f"SELECT 'delete', id, title, body FROM documents WHERE id IN ({marks})", args)
            copies |= {r[0] for r in q(
                f"SELECT document_id FROM fingerprints WHERE duplicate_of IN ({marks})", args)}
            q("UPDATE fingerprints SET duplicate_of = NULL, similarity = NULL "
              f"WHERE duplicate_of IN ({marks})", args)
            entities |= {r[0] for r in q(
                f"SELECT DISTINCT entity_id FROM clusters WHERE document_id IN ({marks})", args)}
            # mentions, clusters (their names and suggestions), citations, cites,
            # fingerprints and sources go with their document (ON DELETE CASCADE)
            q(f"DELETE FROM documents WHERE id IN ({marks})", args)
            q(f"DELETE FROM entity_documents WHERE document_id IN ({marks})", args)
        for chunk in _chunks(sorted(entities)):
            q(f"DELETE FROM entities WHERE id IN ({self.marks(chunk)}) AND NOT EXISTS "
              "(SELECT 1 FROM clusters c WHERE c.entity_id = entities.id) AND NOT EXISTS "
              "(SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)", list(chunk))
        return sorted(copies - set(ids))
