"""Reading queries: what the reader, the command line and the exports ask of the index.

SQL only; rows leave as plain values for the services above to shape.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from reader.link import normalise_name  # to be moved out: the store imports no linker
from reader.link.names import explain  # to be moved out
from reader.store.base import Base, StoreError


class ReadQueries(Base):
    """Queries that only read."""

    def confirmed_clusters(self) -> set[int]:  # provided by the judgements part
        raise NotImplementedError

    def list_judgements(self, include_undone: bool = False) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT id, created, kind, a, b, value, active FROM judgements "
            + ("" if include_undone else "WHERE active = 1 ") + "ORDER BY id")
        cols = ("id", "created", "kind", "a", "b", "value", "active")
        return [dict(zip(cols, r, strict=True)) for r in cur]


    def entity_suggestions(self, entity_id: int, limit: int = 50) -> list[dict[str, Any]]:
        """Suggested (not linked) entities for this one, with score and reason."""
        cur = self.conn.execute(
            "SELECT s.score, s.reason, mine.id, other.id, other.entity_id, e.name, e.type, "
            "(SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = e.id) "
            "FROM suggestions s "
            "JOIN clusters mine ON mine.id IN (s.a, s.b) AND mine.entity_id = :e "
            "JOIN clusters other ON other.id IN (s.a, s.b) AND other.id != mine.id "
            "AND other.entity_id != :e "
            "JOIN entities e ON e.id = other.entity_id WHERE e.hidden = 0 "
            "ORDER BY s.score DESC LIMIT :limit",
            {"e": entity_id, "limit": limit})
        out: list[dict[str, Any]] = []
        seen: set[int] = set()
        for score, reason, mine, other, other_entity, name, etype, docs in cur:
            if other_entity in seen:
                continue
            seen.add(other_entity)
            out.append({"score": score, "reason": reason, "cluster": mine,
                        "other_cluster": other, "entity_id": other_entity, "name": name,
                        "type": etype, "documents": docs})
        return out

    def export_judgements(self) -> Iterator[dict[str, Any]]:
        yield from self.list_judgements(include_undone=True)

    def document_cites(self, document_id: int) -> list[dict[str, Any]]:
        """The cables a document cites, with whether each is in the index."""
        cur = self.conn.execute(
            "SELECT c.ref_id, c.status, c.confidence, c.rank, d.id, d.title, d.date "
            "FROM cites c LEFT JOIN documents d ON d.ref_id = c.ref_id AND d.kind = 'cable' "
            "WHERE c.document_id = ? ORDER BY c.status = 'likely', c.rank, c.confidence DESC",
            (document_id,))
        cols = ("ref_id", "status", "confidence", "rank", "cable_id", "title", "date")
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def coverage(self, ref_id: str, exclude: int | None = None) -> list[dict[str, Any]]:
        """Articles that report on a cable (copies marked), best evidence first."""
        cur = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.date, c.status, c.confidence, f.duplicate_of "
            "FROM cites c JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN fingerprints f ON f.document_id = d.id "
            "WHERE c.ref_id = ? AND d.id != ? AND (c.status != 'likely' OR c.rank = 1) "
            "ORDER BY c.status = 'likely', d.date",
            (ref_id, exclude if exclude is not None else -1))
        cols = ("id", "title", "outlet", "date", "status", "confidence", "duplicate_of")
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def copies_of(self, document_id: int) -> list[dict[str, Any]]:
        """Other publications of the same text ("also published as")."""
        row = self.conn.execute("SELECT duplicate_of FROM fingerprints WHERE document_id = ?",
                                (document_id,)).fetchone()
        original = row[0] if row and row[0] else document_id
        cur = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.date FROM documents d LEFT JOIN fingerprints f "
            "ON f.document_id = d.id WHERE (d.id = :o OR f.duplicate_of = :o) AND d.id != :me "
            "ORDER BY d.date", {"o": original, "me": document_id})
        return [dict(zip(("id", "title", "outlet", "date"), r, strict=True)) for r in cur]

    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "articles": q("SELECT count(*) FROM documents WHERE kind='article'").fetchone()[0],
            "cables": q("SELECT count(*) FROM documents WHERE kind='cable'").fetchone()[0],
            "entities": q("SELECT count(*) FROM entities").fetchone()[0],
            "mentions": q("SELECT count(*) FROM mentions").fetchone()[0],
        }

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def list_documents(self) -> list[dict[str, Any]]:
        """Every document's list row: articles first (newest first), then cables."""
        rows = self.conn.execute(
            "SELECT id, kind, title, outlet, date, ref_id, origin FROM documents "
            "ORDER BY kind = 'cable', date DESC, id"
        )
        cols = ("id", "kind", "title", "outlet", "date", "ref_id", "origin")
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def get_document(self, doc_id: int) -> dict[str, Any] | None:
        cur = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def document_mentions(self, doc_id: int) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            'SELECT m.id, m.start, m."end", m.text, m.type, m.entity_id, e.name, m.cluster_id '
            "FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.document_id = ? AND e.hidden = 0 ORDER BY m.start",
            (doc_id,),
        )
        cols = ("id", "start", "end", "text", "type", "entity_id", "entity_name", "cluster_id")
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def entity_summary(self, entity_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT e.id, e.name, e.type, e.key, "
            "(SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = e.id), "
            "(SELECT count(*) FROM mentions WHERE entity_id = e.id) "
            "FROM entities e WHERE e.id = ?",
            (entity_id,),
        ).fetchone()
        if row is None:
            return None
        return dict(zip(("id", "name", "type", "key", "documents", "mentions"), row,
                        strict=True))

    def entity_elsewhere(self, entity_id: int, document_id: int,
                         limit: int = 500, context: int = 70) -> list[dict[str, Any]]:
        """The entity's mentions in other documents: the first in each document, with the
        number of mentions there and the text around it."""
        cur = self.conn.execute(
            'SELECT m.id, m.document_id, d.kind, d.title, d.ref_id, d.date, m.start, m."end", '
            "m.text, m.norm, e.key, count(*) OVER (PARTITION BY m.document_id), "
            "m.cluster_id, (SELECT key FROM clusters WHERE id = m.cluster_id), e.type, "
            "substr(d.body, max(1, m.start - :ctx + 1), m.\"end\" - max(0, m.start - :ctx) "
            "+ :ctx), max(0, m.start - :ctx) "
            "FROM mentions m JOIN documents d ON d.id = m.document_id "
            "JOIN entities e ON e.id = m.entity_id "
            "WHERE m.entity_id = :eid AND m.document_id != :doc "
            "ORDER BY d.kind = 'cable', d.date, m.document_id, m.start",
            {"eid": entity_id, "doc": document_id, "ctx": context},
        )
        cols = ("mention_id", "document_id", "kind", "title", "ref_id", "date", "start", "end",
                "text", "norm", "entity_key", "count", "cluster_id", "cluster_key", "type",
                "context", "context_start")
        out: list[dict[str, Any]] = []
        seen: set[int] = set()
        confirmed = self.confirmed_clusters()
        for r in cur:
            row = dict(zip(cols, r, strict=True))
            row["link"] = explain(row["type"], row["entity_key"], row["cluster_key"],
                                  row["norm"], row["cluster_id"] in confirmed)
            if row["document_id"] in seen:
                continue
            seen.add(row["document_id"])
            out.append(row)
            if len(out) >= limit:
                break
        return out

    def find_documents(self, text: str, limit: int = 30) -> list[dict[str, Any]]:
        """Documents whose title or reference id contains TEXT (for the command palette)."""
        like = f"%{text}%"
        cur = self.conn.execute(
            "SELECT id, kind, title, ref_id, date FROM documents "
            "WHERE title LIKE ? OR ref_id LIKE ? ORDER BY kind = 'cable', date DESC LIMIT ?",
            (like, like, limit),
        )
        return [dict(zip(("id", "kind", "title", "ref_id", "date"), r, strict=True))
                for r in cur]

    def find_entities(self, text: str, limit: int = 30) -> list[dict[str, Any]]:
        """Entities whose name contains TEXT, the most mentioned first (command palette)."""
        cur = self.conn.execute(
            "SELECT e.id, e.name, e.type, "
            "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n, "
            "(SELECT m.document_id FROM mentions m WHERE m.entity_id = e.id "
            " ORDER BY m.document_id LIMIT 1), "
            "(SELECT m.id FROM mentions m WHERE m.entity_id = e.id "
            " ORDER BY m.document_id, m.start LIMIT 1) "
            "FROM entities e WHERE e.name LIKE ? AND e.hidden = 0 ORDER BY n DESC LIMIT ?",
            (f"%{text}%", limit),
        )
        cols = ("id", "name", "type", "mentions", "document_id", "mention_id")
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def iter_export_mentions(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(
            'SELECT m.document_id, d.source, d.title, m.start, m."end", m.text, m.type, '
            "m.entity_id, e.name FROM mentions m "
            "JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id "
            "WHERE e.hidden = 0 ORDER BY m.document_id, m.start"
        )
        cols = ("article_id", "source", "title", "start", "end", "text", "type",
                "entity_id", "entity_name")
        for r in cur:
            yield dict(zip(cols, r, strict=True))

    def iter_export_articles(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT id, source, kind, title, outlet, byline, date, url, ref_id, origin, "
            "classification, subject FROM documents ORDER BY id"
        )
        cols = [d[0] for d in cur.description]
        for r in cur:
            row = dict(zip(cols, r, strict=True))
            row["article_id"] = row.pop("id")
            row["cites"] = [c["ref_id"] for c in self.document_cites(row["article_id"])
                            if c["status"] != "likely" or c["rank"] == 1]
            dup = self.conn.execute("SELECT duplicate_of FROM fingerprints WHERE "
                                    "document_id = ?", (row["article_id"],)).fetchone()
            row["duplicate_of"] = dup[0] if dup else None
            yield row

    def iter_export_entities(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT e.id, e.name, e.type, "
            "(SELECT json_group_array(DISTINCT m.text) FROM mentions m WHERE m.entity_id = e.id), "
            "(SELECT count(DISTINCT m.document_id) FROM mentions m WHERE m.entity_id = e.id), "
            "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) "
            "FROM entities e WHERE e.hidden = 0 ORDER BY e.id"
        )
        for ent_id, name, etype, aliases, n_docs, n_mentions in cur:
            if not n_mentions:
                continue
            yield {
                "entity_id": ent_id,
                "name": name,
                "type": etype,
                "aliases": sorted(a for a in json.loads(aliases) if a != name),
                "articles": n_docs,
                "mentions": n_mentions,
            }

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search; raises StoreError with a readable message on bad syntax."""
        try:
            cur = self.conn.execute(
                "SELECT d.id, d.kind, d.title, d.outlet, d.date, "
                "snippet(documents_fts, 1, '\x02', '\x03', ' … ', 12) "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ?",
                (query, limit),
            )
            rows = cur.fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        cols = ("id", "kind", "title", "outlet", "date", "snippet")
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def entity_mentions(self, name: str) -> list[dict[str, Any]]:
        """Mentions of every entity called NAME: one of its names, a name ending with NAME
        ("Saturno Vergara" finds "Hernan Saturno Vergara"), or a surface form; each with the
        reason it belongs to its entity."""
        key = normalise_name(name)
        if not key:
            return []
        cur = self.conn.execute(
            'SELECT m.document_id, d.title, d.source, m.start, m."end", m.text, m.type, '
            "e.id, e.name, substr(d.body, max(1, m.start - 59), m.\"end\" - m.start + 120), "
            "m.id, m.cluster_id, c.key, m.norm, e.key "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN clusters c ON c.id = m.cluster_id "
            "JOIN documents d ON d.id = m.document_id "
            "WHERE e.hidden = 0 AND m.entity_id IN ("
            "  SELECT c2.entity_id FROM names n JOIN cluster_names cn ON cn.name_id = n.id "
            "  JOIN clusters c2 ON c2.id = cn.cluster_id "
            "  WHERE n.name = :key OR n.name LIKE '% ' || :key "
            "  UNION SELECT entity_id FROM mentions WHERE lower(text) = lower(:name)) "
            "ORDER BY e.id, d.kind, d.date, m.start",
            {"key": key, "name": name},
        )
        cols = ("article_id", "title", "source", "start", "end", "text", "type",
                "entity_id", "entity_name", "context", "mention_id", "cluster_id")
        confirmed = self.confirmed_clusters()
        out = []
        for r in cur:
            row = dict(zip(cols, r[:12], strict=True))
            cluster_key, norm, entity_key = r[12], r[13], r[14]
            row["link"] = explain(row["type"], entity_key, cluster_key, norm,
                                  row["cluster_id"] in confirmed)
            out.append(row)
        return out

