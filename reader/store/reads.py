"""Reading queries: what the reader, the command line and the exports ask of the index.

SQL only; rows leave as the typed rows of `reader.rows`. Nothing here links or explains: a
row carries the raw fields (keys, norms, whether a cluster is confirmed) and the services
above say why a mention is linked.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator

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
RANK_WINDOW = 2000  # search ranks at most this many matches (the latest documents')


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
        """Every document's list row: articles first (newest first), then cables; whether
        it is a sample, and the article it is a copy of."""
        rows = self.conn.execute(
            "SELECT id, kind, title, outlet, date, ref_id, origin, sample, "
            "(SELECT f.duplicate_of FROM fingerprints f WHERE f.document_id = documents.id) "
            "FROM documents ORDER BY kind = 'cable', date DESC, id"
        )
        return [DocumentListRow(i, kind, title, outlet, date, ref_id, origin, bool(sample), copy)
                for i, kind, title, outlet, date, ref_id, origin, sample, copy in rows]

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
        """Articles that report on a cable (copies and samples marked), best evidence
        first."""
        cur = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.date, c.status, c.confidence, f.duplicate_of, "
            "d.sample = 1 "
            "FROM cites c JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN fingerprints f ON f.document_id = d.id "
            "WHERE c.ref_id = ? AND d.id != ? AND (c.status != 'likely' OR c.rank = 1) "
            "ORDER BY c.status = 'likely', d.date",
            (ref_id, exclude if exclude is not None else -1))
        return [CoverageRow(i, title, outlet, date, status, confidence, copy_of, bool(sample))
                for i, title, outlet, date, status, confidence, copy_of, sample in cur]

    def copies_of(self, document_id: int) -> list[CopyRow]:
        """Other publications of the same text ("also published as")."""
        row = self.conn.execute("SELECT duplicate_of FROM fingerprints WHERE document_id = ?",
                                (document_id,)).fetchone()
        original = row[0] if row and row[0] else document_id
        cur = self.conn.execute(  # (two lookups: an OR over both tables would scan them)
            "SELECT id, title, outlet, date FROM documents WHERE id = :o AND id != :me "
            "UNION SELECT d.id, d.title, d.outlet, d.date FROM fingerprints f "
            "JOIN documents d ON d.id = f.document_id WHERE f.duplicate_of = :o "
            "AND d.id != :me ORDER BY 4", {"o": original, "me": document_id})
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
        """Full-text search, best first; each hit with its snippet and where in the body
        its first matched word starts. Raises StoreError with a readable message on bad
        syntax.

        The ranking reads only the full-text index, and at most RANK_WINDOW matches: those
        of the most recently added documents (FTS5 walks its matches in rowid order and stops
        there). A query matching fewer documents is ranked exactly as over the whole index; a
        word that most documents contain, whose bm25 weight is next to nothing, gets the best
        of the latest RANK_WINDOW matches instead of a ranking of the whole corpus. The
        snippet and the hit's offset (which read the document's text) are made for the
        LIMIT hits alone, not for every match."""
        try:
            ranked = [r[0] for r in self.conn.execute(
                "SELECT rowid FROM (SELECT rowid, bm25(documents_fts) AS score "
                "FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT ?) "
                "ORDER BY score, rowid DESC LIMIT ?", (query, RANK_WINDOW, limit))]
            hits = []
            for doc_id in ranked:
                row = self.conn.execute(
                    "SELECT d.id, d.kind, d.title, d.outlet, d.date, d.ref_id, "
                    f"snippet(documents_fts, 1, '{_HIT_START}', '{_HIT_END}', ' … ', 12), "
                    f"instr(highlight(documents_fts, 1, '{_HIT_START}', '{_HIT_END}'), "
                    f"'{_HIT_START}') "
                    "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                    "WHERE documents_fts MATCH ? AND documents_fts.rowid = ?",
                    (query, doc_id)).fetchone()
                if row is not None:
                    hits.append(row)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [SearchHit(doc_id, kind, title, outlet, date, snippet_spans(snippet or ""),
                          ref_id, at - 1 if at else None)
                for doc_id, kind, title, outlet, date, ref_id, snippet, at in hits]

    # -- entities ----------------------------------------------------------------------------

    def entity_summary(self, entity_id: int) -> EntitySummary | None:
        """The entity with how many documents and mentions name it (summed over its rows
        in `entity_documents`: one per document, not one per mention)."""
        row = self.conn.execute(
            "SELECT e.id, e.name, e.type, e.key, "
            "(SELECT count(*) FROM entity_documents WHERE entity_id = e.id), "
            "(SELECT coalesce(sum(mentions), 0) FROM entity_documents WHERE entity_id = e.id) "
            "FROM entities e WHERE e.id = ?",
            (entity_id,),
        ).fetchone()
        return EntitySummary(*row) if row is not None else None

    def entity_elsewhere_count(self, entity_id: int, document_id: int) -> int:
        """How many documents other than DOCUMENT_ID name the entity."""
        return int(self.conn.execute(
            "SELECT count(*) FROM entity_documents WHERE entity_id = ? AND document_id != ?",
            (entity_id, document_id)).fetchone()[0])

    def entity_elsewhere(self, entity_id: int, document_id: int, limit: int = 500,
                         context: int = 70, offset: int = 0) -> list[ElsewhereRow]:
        """The entity's mentions in other documents: the first in each document, with the
        number of mentions there and the text around it; articles first, then cables, by
        date. One page (LIMIT documents from OFFSET) read in order from the index of
        `entity_documents`; the first mention and its text are looked up for those alone."""
        cur = self.conn.execute(
            'SELECT m.id, p.document_id, d.kind, d.title, d.ref_id, d.date, m.start, m."end", '
            "m.text, m.norm, e.key, p.mentions, m.cluster_id, c.key, e.type, "
            "substr(d.body, max(1, m.start - :ctx + 1), m.\"end\" - max(0, m.start - :ctx) "
            "+ :ctx), max(0, m.start - :ctx) "
            "FROM (SELECT document_id, mentions, first_start, cable, date FROM entity_documents "
            "      WHERE entity_id = :eid AND document_id != :doc "
            "      ORDER BY cable, date, document_id LIMIT :limit OFFSET :offset) p "
            "JOIN entities e ON e.id = :eid "
            "JOIN documents d ON d.id = p.document_id "
            "JOIN mentions m ON m.id = (SELECT f.id FROM mentions f WHERE f.document_id = "
            "p.document_id AND f.start = p.first_start AND f.entity_id = :eid "
            "ORDER BY f.id LIMIT 1) "
            "LEFT JOIN clusters c ON c.id = m.cluster_id "
            "ORDER BY p.cable, p.date, p.document_id",
            {"eid": entity_id, "doc": document_id, "ctx": context, "limit": limit,
             "offset": offset},
        )
        rows = cur.fetchall()
        confirmed = self.confirmed_clusters() if rows else set()
        return [ElsewhereRow(*[*r, r[12] in confirmed]) for r in rows]

    def entity_suggestions(self, entity_id: int, limit: int = 50) -> list[SuggestionRow]:
        """Suggested (not linked) entities for this one, with score and reason, the best
        first, one row per suggested entity. From the entity's clusters to their pairs
        through the index of each side of `suggestions` (no scan of the pairs)."""
        cur = self.conn.execute(
            "SELECT p.score, p.reason, p.mine, p.other, p.entity_id, p.name, p.type, "
            "(SELECT count(*) FROM entity_documents WHERE entity_id = p.entity_id) "
            "FROM (SELECT s.score, s.reason, s.mine, s.other, o.entity_id, e.name, e.type "
            "      FROM (SELECT x.score, x.reason, x.a AS mine, x.b AS other FROM clusters k "
            "            JOIN suggestions x ON x.a = k.id WHERE k.entity_id = :e "
            "            UNION ALL "
            "            SELECT x.score, x.reason, x.b, x.a FROM clusters k "
            "            JOIN suggestions x ON x.b = k.id WHERE k.entity_id = :e) s "
            "      JOIN clusters o ON o.id = s.other AND o.entity_id != :e "
            "      JOIN entities e ON e.id = o.entity_id WHERE e.hidden = 0 "
            "      ORDER BY s.score DESC LIMIT :limit) p "
            "ORDER BY p.score DESC",
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
            "(SELECT coalesce(sum(x.mentions), 0) FROM entity_documents x "
            " WHERE x.entity_id = e.id) AS n, "
            "(SELECT min(x.document_id) FROM entity_documents x WHERE x.entity_id = e.id), "
            "(SELECT m.id FROM entity_documents x JOIN mentions m ON m.document_id = "
            " x.document_id AND m.start = x.first_start AND m.entity_id = e.id "
            " WHERE x.entity_id = e.id ORDER BY x.document_id LIMIT 1) "
            "FROM entities e WHERE e.name LIKE ? AND e.hidden = 0 ORDER BY n DESC LIMIT ?",
            (f"%{text}%", limit),
        )
        return [EntityMatch(*r) for r in cur]

    def names_near(self, key: str, prefixes: Iterable[str], blocks: Iterable[str],
                   limit: int = 400) -> list[tuple[str, str, int]]:
        """(type, name, entity) for the linker's names (normalised) that a looked-up name may
        mean: KEY itself under any type, names filed under a block key that starts with one
        of PREFIXES ("person:vladimiro" finds "person:vladimiro|mo", the block of
        "vladimiro montesinos"), and names filed under one of BLOCKS. Index lookups only
        (the names' unique index, the block keys' primary key)."""
        q = self.conn.execute
        name_ids: dict[int, None] = {}
        for prefix in sorted(set(prefixes)):
            name_ids.update(dict.fromkeys(r[0] for r in q(
                "SELECT name_id FROM name_blocks WHERE block >= ? AND block < ? LIMIT ?",
                (prefix, prefix + "\uffff", limit))))
        keys = sorted(set(blocks))
        if keys:
            name_ids.update(dict.fromkeys(r[0] for r in q(
                f"SELECT name_id FROM name_blocks WHERE block IN ({self.marks(keys)}) LIMIT ?",
                [*keys, limit])))
        out: list[tuple[str, str, int]] = []
        sql = ("SELECT DISTINCT n.type, n.name, c.entity_id FROM names n JOIN cluster_names cn "
               "ON cn.name_id = n.id JOIN clusters c ON c.id = cn.cluster_id WHERE ")
        out += q(sql + "n.type IN ('person', 'group', 'place') AND n.name = ?", (key,)).fetchall()
        ids = list(name_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            out += q(sql + f"n.id IN ({self.marks(chunk)})", chunk).fetchall()
        return out

    def entities_named_as(self, norm: str) -> list[int]:
        """Entities with a mention whose normalised name is NORM (the mentions' norm index)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE norm = ? LIMIT 200", (norm,))]

    def entity_briefs(self, ids: Iterable[int]) -> list[tuple[int, str, str, int, int]]:
        """(id, name, type, documents naming it, mentions) for those of IDS that exist and
        are not hidden."""
        out: list[tuple[int, str, str, int, int]] = []
        for entity_id in sorted(set(ids)):
            row = self.conn.execute(
                "SELECT e.id, e.name, e.type, (SELECT count(*) FROM entity_documents x "
                "WHERE x.entity_id = e.id), (SELECT coalesce(sum(x.mentions), 0) FROM "
                "entity_documents x WHERE x.entity_id = e.id) FROM entities e "
                "WHERE e.id = ? AND e.hidden = 0",
                (entity_id,)).fetchone()
            if row is not None:
                out.append(row)
        return out

    def mentions_of_entity(self, entity_id: int) -> list[EntityMentionRow]:
        """Every mention of one entity, with the text around it and what explains its link,
        by document (articles first, then cables, by date)."""
        cur = self.conn.execute(
            'SELECT m.document_id, d.title, d.source, m.start, m."end", m.text, m.type, '
            "e.id, e.name, substr(d.body, max(1, m.start - 59), m.\"end\" - m.start + 120), "
            "m.id, m.cluster_id, c.key, m.norm, e.key "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN clusters c ON c.id = m.cluster_id "
            "JOIN documents d ON d.id = m.document_id "
            "WHERE m.entity_id = ? AND e.hidden = 0 "
            "ORDER BY d.kind, d.date, m.document_id, m.start", (entity_id,))
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
