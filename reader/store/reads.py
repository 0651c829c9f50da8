"""Reading queries: what the reader, the command line and the exports ask of the index.

SQL only; rows leave as the typed rows of `reader.rows`. Nothing here links or explains: a
row carries the raw fields (keys, norms, whether a cluster is confirmed) and the services
above say why a mention is linked.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator

from reader.rows import (
    ArticleExport,
    CiteRow,
    CopyRow,
    Counts,
    CoverageRow,
    DocumentListRow,
    DocumentMatch,
    DocumentRow,
    ElsewhereRow,
    EntityExport,
    EntityMatch,
    EntityMentionRow,
    EntitySummary,
    JudgementRow,
    MentionExport,
    MentionRow,
    SearchHit,
    Spans,
    SuggestionRow,
)
from reader.store.base import Base, StoreError

_HIT_START, _HIT_END = "\x02", "\x03"  # what FTS5 puts around matched words in a snippet
_HIT_MARKS = re.compile("([\x02\x03])")


def snippet_spans(marked: str) -> Spans:
    """An FTS5 snippet with its hit markers turned into (text, is a hit) spans."""
    spans: list[tuple[str, bool]] = []
    inside = False
    for part in _HIT_MARKS.split(marked):
        if part == _HIT_START:
            inside = True
        elif part == _HIT_END:
            inside = False
        elif part:
            if spans and spans[-1][1] == inside:
                spans[-1] = (spans[-1][0] + part, inside)
            else:
                spans.append((part, inside))
    return tuple(spans)


class ReadQueries(Base):
    """Queries that only read."""

    # -- judgements --------------------------------------------------------------------------

    def list_judgements(self, include_undone: bool = False) -> list[JudgementRow]:
        cur = self.conn.execute(
            "SELECT id, created, kind, a, b, value, active FROM judgements "
            + ("" if include_undone else "WHERE active = 1 ") + "ORDER BY id")
        return [JudgementRow(jid, created, kind, a, b, value, bool(active))
                for jid, created, kind, a, b, value, active in cur]

    # -- documents ---------------------------------------------------------------------------

    def counts(self) -> Counts:
        q = self.conn.execute
        return Counts(
            articles=q("SELECT count(*) FROM documents WHERE kind='article'").fetchone()[0],
            cables=q("SELECT count(*) FROM documents WHERE kind='cable'").fetchone()[0],
            entities=q("SELECT count(*) FROM entities").fetchone()[0],
            mentions=q("SELECT count(*) FROM mentions").fetchone()[0],
        )

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def list_documents(self) -> list[DocumentListRow]:
        """Every document's list row: articles first (newest first), then cables."""
        rows = self.conn.execute(
            "SELECT id, kind, title, outlet, date, ref_id, origin FROM documents "
            "ORDER BY kind = 'cable', date DESC, id"
        )
        return [DocumentListRow(*r) for r in rows]

    def get_document(self, doc_id: int) -> DocumentRow | None:
        row = self.conn.execute(
            "SELECT id, content_hash, kind, source, title, outlet, byline, date, url, ref_id, "
            "origin, classification, subject, body, words, imported_at "
            "FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return DocumentRow(*row) if row is not None else None

    def document_mentions(self, doc_id: int) -> list[MentionRow]:
        cur = self.conn.execute(
            'SELECT m.id, m.start, m."end", m.text, m.type, m.entity_id, e.name, m.cluster_id '
            "FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.document_id = ? AND e.hidden = 0 ORDER BY m.start",
            (doc_id,),
        )
        return [MentionRow(*r) for r in cur]

    def document_cites(self, document_id: int) -> list[CiteRow]:
        """The cables a document cites, with whether each is in the index."""
        cur = self.conn.execute(
            "SELECT c.ref_id, c.status, c.confidence, c.rank, d.id, d.title, d.date, c.kind "
            "FROM cites c LEFT JOIN documents d ON d.ref_id = c.ref_id AND d.kind = 'cable' "
            "WHERE c.document_id = ? ORDER BY c.status = 'likely', c.rank, c.confidence DESC",
            (document_id,))
        return [CiteRow(*r) for r in cur]

    def coverage(self, ref_id: str, exclude: int | None = None) -> list[CoverageRow]:
        """Articles that report on a cable (copies marked), best evidence first."""
        cur = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.date, c.status, c.confidence, f.duplicate_of "
            "FROM cites c JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN fingerprints f ON f.document_id = d.id "
            "WHERE c.ref_id = ? AND d.id != ? AND (c.status != 'likely' OR c.rank = 1) "
            "ORDER BY c.status = 'likely', d.date",
            (ref_id, exclude if exclude is not None else -1))
        return [CoverageRow(*r) for r in cur]

    def copies_of(self, document_id: int) -> list[CopyRow]:
        """Other publications of the same text ("also published as")."""
        row = self.conn.execute("SELECT duplicate_of FROM fingerprints WHERE document_id = ?",
                                (document_id,)).fetchone()
        original = row[0] if row and row[0] else document_id
        cur = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.date FROM documents d LEFT JOIN fingerprints f "
            "ON f.document_id = d.id WHERE (d.id = :o OR f.duplicate_of = :o) AND d.id != :me "
            "ORDER BY d.date", {"o": original, "me": document_id})
        return [CopyRow(*r) for r in cur]

    def find_documents(self, text: str, limit: int = 30) -> list[DocumentMatch]:
        """Documents whose title or reference id contains TEXT (for the command palette)."""
        like = f"%{text}%"
        cur = self.conn.execute(
            "SELECT id, kind, title, ref_id, date FROM documents "
            "WHERE title LIKE ? OR ref_id LIKE ? ORDER BY kind = 'cable', date DESC LIMIT ?",
            (like, like, limit),
        )
        return [DocumentMatch(*r) for r in cur]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search; raises StoreError with a readable message on bad syntax."""
        try:
            cur = self.conn.execute(
                "SELECT d.id, d.kind, d.title, d.outlet, d.date, "
                f"snippet(documents_fts, 1, '{_HIT_START}', '{_HIT_END}', ' … ', 12) "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ?",
                (query, limit),
            )
            rows = cur.fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [SearchHit(doc_id, kind, title, outlet, date, snippet_spans(snippet or ""))
                for doc_id, kind, title, outlet, date, snippet in rows]

    # -- entities ----------------------------------------------------------------------------

    def entity_summary(self, entity_id: int) -> EntitySummary | None:
        row = self.conn.execute(
            "SELECT e.id, e.name, e.type, e.key, "
            "(SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = e.id), "
            "(SELECT count(*) FROM mentions WHERE entity_id = e.id) "
            "FROM entities e WHERE e.id = ?",
            (entity_id,),
        ).fetchone()
        return EntitySummary(*row) if row is not None else None

    def entity_elsewhere(self, entity_id: int, document_id: int,
                         limit: int = 500, context: int = 70) -> list[ElsewhereRow]:
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
        out: list[ElsewhereRow] = []
        seen: set[int] = set()
        confirmed: set[int] | None = None
        for r in cur:
            if r[1] in seen:
                continue
            seen.add(r[1])
            if confirmed is None:
                confirmed = self.confirmed_clusters()
            out.append(ElsewhereRow(*[*r, r[12] in confirmed]))
            if len(out) >= limit:
                break
        return out

    def entity_suggestions(self, entity_id: int, limit: int = 50) -> list[SuggestionRow]:
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
        out: list[SuggestionRow] = []
        seen: set[int] = set()
        for r in cur:
            if r[4] in seen:
                continue
            seen.add(r[4])
            out.append(SuggestionRow(*r))
        return out

    def find_entities(self, text: str, limit: int = 30) -> list[EntityMatch]:
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
        return [EntityMatch(*r) for r in cur]

    def entity_mentions(self, key: str, surface: str | None = None) -> list[EntityMentionRow]:
        """Mentions of every entity called KEY (a normalised name, `reader.link.normalise_name`):
        one of its names, a name ending with KEY ("saturno vergara" finds "Hernan Saturno
        Vergara"), or a mention whose text is SURFACE (case aside; default: KEY)."""
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
            # a surface form: its norm is KEY (an index on mentions.norm finds it)
            "  UNION SELECT entity_id FROM mentions WHERE norm = :key "
            "  AND lower(text) = lower(:name)) "
            "ORDER BY e.id, d.kind, d.date, m.start",
            {"key": key, "name": surface if surface is not None else key},
        )
        rows = cur.fetchall()
        confirmed = self.confirmed_clusters() if rows else set()
        return [EntityMentionRow(*[*r, r[11] in confirmed]) for r in rows]

    # -- exports -----------------------------------------------------------------------------

    def iter_export_mentions(self) -> Iterator[MentionExport]:
        cur = self.conn.execute(
            'SELECT m.document_id, d.source, d.title, m.start, m."end", m.text, m.type, '
            "m.entity_id, e.name FROM mentions m "
            "JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id "
            "WHERE e.hidden = 0 ORDER BY m.document_id, m.start"
        )
        for r in cur:
            yield MentionExport(*r)

    def iter_export_articles(self) -> Iterator[ArticleExport]:
        """Every document with the cables it cites (explicit, confirmed, or a likely one of
        rank 1) and the evidence for each, the candidates it may cite (likely, of a later
        rank), and the article it is a copy of."""
        cites: dict[int, list[str]] = {}
        evidence: dict[int, list[dict[str, object]]] = {}
        candidates: dict[int, list[dict[str, object]]] = {}
        for doc_id, ref_id, status, kind, confidence, rank in self.conn.execute(
                "SELECT document_id, ref_id, status, kind, confidence, rank FROM cites "
                "ORDER BY document_id, status = 'likely', rank, confidence DESC, ref_id"):
            item: dict[str, object] = {"ref_id": ref_id, "status": status, "kind": kind,
                                       "confidence": confidence}
            if status != "likely" or rank == 1:
                cites.setdefault(doc_id, []).append(ref_id)
                evidence.setdefault(doc_id, []).append(item)
            else:
                del item["status"]
                candidates.setdefault(doc_id, []).append(item)
        cur = self.conn.execute(
            "SELECT d.id, d.source, d.kind, d.title, d.outlet, d.byline, d.date, d.url, "
            "d.ref_id, d.origin, d.classification, d.subject, f.duplicate_of "
            "FROM documents d LEFT JOIN fingerprints f ON f.document_id = d.id ORDER BY d.id"
        )
        for r in cur:
            yield ArticleExport(*[*r[:12], tuple(cites.get(r[0], ())), r[12],
                                  tuple(evidence.get(r[0], ())),
                                  tuple(candidates.get(r[0], ()))])

    def iter_export_entities(self) -> Iterator[EntityExport]:
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
            yield EntityExport(
                entity_id=ent_id,
                name=name,
                type=etype,
                aliases=tuple(sorted(a for a in json.loads(aliases) if a != name)),
                articles=n_docs,
                mentions=n_mentions,
            )
