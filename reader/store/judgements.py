"""The user's judgements as rows, and the mention and cluster edits some of them make.
What each judgement means lives in `reader.link.judgements`; this file only stores."""

from __future__ import annotations

import json
from collections.abc import Iterable

from reader.rows import JudgementRow
from reader.store.base import Base, StoreError

_COLS = "id, created, kind, a, b, value, active"


def _row(r: tuple[int, str, str, str, str | None, str | None, int]) -> JudgementRow:
    return JudgementRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]))


class JudgementTables(Base):
    def add_judgement(self, kind: str, a: str, b: str | None = None,
                      value: str | None = None) -> int:
        jid = self.conn.execute("INSERT INTO judgements (kind, a, b, value) VALUES (?, ?, ?, ?)",
                                (kind, a, b, value)).lastrowid
        assert jid is not None
        return jid

    def last_judgement_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM judgements")
                   .fetchone()[0])

    def active_judgements(self) -> list[JudgementRow]:
        return [_row(r) for r in self.conn.execute(
            f"SELECT {_COLS} FROM judgements WHERE active = 1 ORDER BY id")]

    def judgement(self, judgement_id: int | None) -> JudgementRow | None:
        """One judgement by id (None: the latest still in force)."""
        if judgement_id is None:
            r = self.conn.execute(f"SELECT {_COLS} FROM judgements WHERE active = 1 "
                                  "ORDER BY id DESC LIMIT 1").fetchone()
        else:
            r = self.conn.execute(f"SELECT {_COLS} FROM judgements WHERE id = ?",
                                  (judgement_id,)).fetchone()
        return _row(r) if r else None

    def set_judgement_active(self, judgement_id: int, active: bool) -> None:
        self.conn.execute("UPDATE judgements SET active = ? WHERE id = ?",
                          (int(active), judgement_id))

    def documents_by_hash(self, hashes: Iterable[str]
                          ) -> dict[str, tuple[int, str, str, str | None]]:
        """(id, kind, title, ref id) of the documents with these content hashes that are in
        the index."""
        out: dict[str, tuple[int, str, str, str | None]] = {}
        for h in set(hashes):
            row = self.conn.execute("SELECT id, kind, title, ref_id FROM documents "
                                    "WHERE content_hash = ?", (h,)).fetchone()
            if row is not None:
                out[h] = (row[0], row[1], row[2], row[3])
        return out

    def cluster_names(self, cluster_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """(the cluster's own name, its entity's displayed name) of these clusters."""
        out: dict[int, tuple[str, str]] = {}
        for cid in set(cluster_ids):
            row = self.conn.execute(
                "SELECT c.name, coalesce(e.name, c.name) FROM clusters c LEFT JOIN entities e "
                "ON e.id = c.entity_id WHERE c.id = ?", (cid,)).fetchone()
            if row is not None:
                out[cid] = (row[0], row[1])
        return out

    def mention_at(self, content_hash: str, start: int, end: int) -> tuple[int, str] | None:
        """(id, text) of the mention at [start, end) of the document with this hash."""
        row = self.conn.execute(
            "SELECT m.id, m.text FROM mentions m JOIN documents d ON d.id = m.document_id "
            'WHERE d.content_hash = ? AND m.start = ? AND m."end" = ? ORDER BY m.id LIMIT 1',
            (content_hash, start, end)).fetchone()
        return (row[0], row[1]) if row else None

    def confirmed_clusters(self) -> set[int]:
        """Clusters the user has confirmed as the same as another."""
        refs = {ref for a, b in self.conn.execute(
            "SELECT a, b FROM judgements WHERE active = 1 AND kind = 'same'") for ref in (a, b)}
        return set(self.clusters_by_ref(refs).values()) if refs else set()

    # -- mentions and clusters ---------------------------------------------------------------

    def mention(self, mention_id: int) -> tuple[int, int, int, str, str, str, str, int]:
        """(document, start, end, norm, type, text, document hash, cluster) of a mention."""
        row = self.conn.execute(
            'SELECT m.document_id, m.start, m."end", m.norm, m.type, m.text, d.content_hash, '
            "m.cluster_id FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE m.id = ?", (mention_id,)).fetchone()
        if row is None:
            raise StoreError(f"no mention {mention_id}")
        return row

    def cluster_of_mention(self, mention_id: int) -> int:
        return self.mention(mention_id)[7]

    def entity_clusters(self, entity_id: int, document_id: int | None = None) -> list[int]:
        """The clusters of an entity (in one document), oldest first."""
        sql = "SELECT id FROM clusters WHERE entity_id = ?"
        args: tuple[int, ...] = (entity_id,)
        if document_id is not None:
            sql += " AND document_id = ?"
            args += (document_id,)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY id", args)]

    def anchor(self, entity_id: int) -> int:
        """The oldest cluster of an entity (where entity judgements are pinned)."""
        ids = self.entity_clusters(entity_id)
        if not ids:
            raise StoreError(f"no entity {entity_id} (see `mentions NAME --json` for ids)")
        return ids[0]

    def isolate_mention(self, mention_id: int, key: str, name: str) -> int:
        """Give one mention a cluster (and entity) of its own; returns the cluster."""
        doc_id, _s, _e, _norm, etype, _t, _h, _c = self.mention(mention_id)
        q = self.conn.execute
        cid = q("INSERT INTO clusters (document_id, type, key, name, names, isolated) "
                "VALUES (?, ?, ?, ?, ?, 2)",
                (doc_id, etype, key, name, json.dumps([key]))).lastrowid
        assert cid is not None
        q("INSERT INTO entities (id, type, key, name) VALUES (?, ?, ?, ?)",
          (cid, etype, key, name))
        q("UPDATE clusters SET entity_id = ?, component = (SELECT component FROM clusters "
          "WHERE id = (SELECT cluster_id FROM mentions WHERE id = ?)) WHERE id = ?",
          (cid, mention_id, cid))
        q("UPDATE mentions SET cluster_id = ?, entity_id = ? WHERE id = ?",
          (cid, cid, mention_id))
        self.refresh_entity_documents([doc_id])
        return cid

    def return_mention(self, content_hash: str, start: int, end: int) -> int | None:
        """Undo `isolate_mention`: the mention goes back to the cluster of its document that
        bears its name; the split-off cluster goes. Returns that home cluster."""
        q = self.conn.execute
        m = q("SELECT m.id, m.cluster_id, m.document_id, m.type, m.norm FROM mentions m "
              "JOIN documents d ON d.id = m.document_id JOIN clusters c ON c.id = m.cluster_id "
              'WHERE d.content_hash = ? AND m.start = ? AND m."end" = ? AND c.isolated = 2',
              (content_hash, start, end)).fetchone()
        if m is None:
            return None
        mid, split, doc_id, etype, norm = m
        home = q("SELECT id, entity_id FROM clusters WHERE document_id = ? AND type = ? AND "
                 "isolated < 2 AND (key = ? OR EXISTS (SELECT 1 FROM json_each(names) "
                 "WHERE value = ?)) ORDER BY id LIMIT 1", (doc_id, etype, norm, norm)).fetchone()
        if home is None:
            return None
        q("UPDATE mentions SET cluster_id = ?, entity_id = ? WHERE id = ?", (home[0], home[1], mid))
        self.refresh_entity_documents([doc_id])
        q("DELETE FROM suggestions WHERE a = ? OR b = ?", (split, split))
        entity = q("SELECT entity_id FROM clusters WHERE id = ?", (split,)).fetchone()[0]
        q("DELETE FROM clusters WHERE id = ?", (split,))
        q("DELETE FROM entities WHERE id = ? AND NOT EXISTS (SELECT 1 FROM clusters "
          "WHERE entity_id = ?)", (entity, entity))
        return int(home[0])
