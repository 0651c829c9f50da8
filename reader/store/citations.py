"""Citations found in articles, the cables they are resolved to, the user's verdicts on them,
and near-duplicate fingerprints. SQL only: the ranking is `services.citations`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.rows import CiteJudgementRow
from reader.store.base import Base, StoreError

# id, kind, text, ref id, year, month, day, origin, confidence
CitationRow = tuple[int, str, str, str | None, int | None, int | None, int | None, str | None,
                    float]
# kind, start, end, text, ref id, year, month, day, origin, confidence
CitationRecord = tuple[str, int, int, str, str | None, int | None, int | None, int | None,
                       str | None, float]
# ref id, status, confidence, rank, citation, kind of evidence
CiteRecord = tuple[str, str, float, int, int | None, str]

_CITE_COLS = "id, created, content_hash, ref_id, verdict, active"


def _cite_row(r: tuple[int, str, str, str, str, int]) -> CiteJudgementRow:
    return CiteJudgementRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]))


class CitationTables(Base):
    def save_citations(self, document_id: int, citations: Iterable[CitationRecord]) -> None:
        """Store the citations found in one document, replacing earlier ones."""
        self.conn.execute("DELETE FROM citations WHERE document_id = ?", (document_id,))
        self.conn.executemany(
            'INSERT INTO citations (document_id, kind, start, "end", text, ref_id, year, month, '
            "day, origin, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(document_id, *c) for c in citations])

    def cables_with_phrase(self, words: Sequence[str], limit: int) -> list[str]:
        """Ref ids of (at most LIMIT) cables whose body holds these words in this order
        (the full-text index's tokens: case and accents aside)."""
        phrase = '"' + " ".join(w.replace('"', "") for w in words) + '"'
        # The full-text match drives, row by row (CROSS JOIN fixes the order), and LIMIT stops
        # it early. Left to itself, SQLite walks every cable by the kind index and probes the
        # match's list for each: 5 ms a quotation at 250,000 cables, before the match itself.
        return [r[0] for r in self.conn.execute(
            "SELECT d.ref_id FROM documents_fts f CROSS JOIN documents d ON d.id = f.rowid "
            "WHERE f.documents_fts MATCH ? AND d.kind = 'cable' LIMIT ?",
            ("body : " + phrase, limit))]

    def post_of_routing(self, indicator: str) -> str | None:
        """The post a routing indicator stands for in most of the imported cables."""
        row = self.conn.execute("SELECT post FROM routing WHERE indicator = ? "
                                "ORDER BY cables DESC LIMIT 1", (indicator,)).fetchone()
        return None if row is None else str(row[0])

    def cables_with_serial(self, post: str, serial: int, years: Sequence[int]) -> list[str]:
        """Ref ids of imported cables of this post with this serial, in any of these years."""
        ids = [f"{y % 100:02d}{post}{serial}" for y in years]
        return [r[0] for r in self.conn.execute(
            f"SELECT ref_id FROM documents WHERE kind = 'cable' AND ref_id IN "
            f"({self.marks(ids)})", ids)]

    def place_norms(self, document_id: int) -> list[str]:
        """The normalised names of the places a document names."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT norm FROM mentions WHERE document_id = ? AND type = 'place'",
            (document_id,))]

    def named_entities_within(self, document_id: int, most: int) -> list[tuple[int, int]]:
        """(entity, documents naming it) for the people and groups a document names that at
        most MOST documents name (hidden entities left out)."""
        out = []
        for (entity_id,) in self.conn.execute(
                "SELECT DISTINCT m.entity_id FROM mentions m JOIN entities e ON e.id = "
                "m.entity_id WHERE m.document_id = ? AND e.hidden = 0 AND e.type IN "
                "('person', 'group')", (document_id,)).fetchall():
            n = int(self.conn.execute(
                "SELECT count(*) FROM (SELECT DISTINCT document_id FROM mentions "
                "WHERE entity_id = ? LIMIT ?)", (entity_id, most + 1)).fetchone()[0])
            if n <= most:
                out.append((entity_id, n))
        return out

    def cables_naming(self, entity_ids: Sequence[int]
                      ) -> list[tuple[int, str, str | None, str | None, int]]:
        """(document, ref id, origin, date, entity) for each cable naming one of these."""
        out: list[tuple[int, str, str | None, str | None, int]] = []
        for i in range(0, len(entity_ids), 500):
            chunk = entity_ids[i : i + 500]
            out += self.conn.execute(
                "SELECT DISTINCT d.id, d.ref_id, d.origin, d.date, m.entity_id FROM mentions m "
                f"JOIN documents d ON d.id = m.document_id WHERE m.entity_id IN "
                f"({self.marks(chunk)}) AND d.kind = 'cable'", tuple(chunk)).fetchall()
        return out

    def citations_of(self, document_id: int) -> list[CitationRow]:
        """(id, kind, text, ref id, year, month, day, origin, confidence) of each citation,
        in the order of the text."""
        return self.conn.execute(
            "SELECT id, kind, text, ref_id, year, month, day, origin, confidence FROM citations "
            "WHERE document_id = ? ORDER BY start", (document_id,)).fetchall()

    def content_hash(self, document_id: int) -> str:
        row = self.conn.execute("SELECT content_hash FROM documents WHERE id = ?",
                                (document_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document {document_id}")
        return str(row[0])

    def document_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def documents_signature(self) -> tuple[int, int]:
        """(the highest document id, how many documents were ever removed): changes when any
        are added or removed, and costs two index lookups whatever the index's size."""
        top = self.conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'documents_removed'"
                                ).fetchone()
        return int(top), int(row[0]) if row else 0

    def documents_naming(self, document_ids: Sequence[int], entity_ids: Sequence[int]
                         ) -> list[tuple[int, int]]:
        """(document, entity) pairs: which of these documents name which of these entities."""
        out: list[tuple[int, int]] = []
        if not entity_ids:
            return out
        for i in range(0, len(document_ids), 500):
            chunk = document_ids[i : i + 500]
            out += self.conn.execute(
                f"SELECT DISTINCT document_id, entity_id FROM mentions WHERE document_id IN "
                f"({self.marks(chunk)}) AND entity_id IN ({self.marks(entity_ids)})",
                (*chunk, *entity_ids)).fetchall()
        return out

    def replace_cites(self, document_id: int, cites: Iterable[CiteRecord]) -> None:
        self.conn.execute("DELETE FROM cites WHERE document_id = ?", (document_id,))
        self.conn.executemany(
            "INSERT INTO cites (document_id, ref_id, status, confidence, rank, citation_id, "
            "kind) VALUES (?, ?, ?, ?, ?, ?, ?)", [(document_id, *c) for c in cites])

    def cite_verdicts(self, content_hash: str) -> list[tuple[str, str]]:
        """(verdict, ref id) of the user's cite judgements on a document, oldest first."""
        return self.conn.execute(
            "SELECT verdict, ref_id FROM cite_judgements WHERE content_hash = ? AND active = 1 "
            "ORDER BY id", (content_hash,)).fetchall()

    def add_cite_judgement(self, content_hash: str, ref_id: str, cites: bool) -> int:
        jid = self.conn.execute(
            "INSERT INTO cite_judgements (content_hash, ref_id, verdict) VALUES (?, ?, ?)",
            (content_hash, ref_id, "cites" if cites else "does_not_cite")).lastrowid
        assert jid is not None
        return jid

    def cite_judgement(self, judgement_id: int) -> CiteJudgementRow | None:
        r = self.conn.execute(f"SELECT {_CITE_COLS} FROM cite_judgements WHERE id = ?",
                              (judgement_id,)).fetchone()
        return _cite_row(r) if r else None

    def list_cite_judgements(self, include_undone: bool = False) -> list[CiteJudgementRow]:
        return [_cite_row(r) for r in self.conn.execute(
            f"SELECT {_CITE_COLS} FROM cite_judgements "
            + ("" if include_undone else "WHERE active = 1 ") + "ORDER BY id")]

    def set_cite_judgement_active(self, judgement_id: int, active: bool) -> None:
        self.conn.execute("UPDATE cite_judgements SET active = ? WHERE id = ?",
                          (int(active), judgement_id))

    def article_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents WHERE kind = 'article' ORDER BY id")]

    # -- copies ------------------------------------------------------------------------------

    def save_fingerprint(self, document_id: int, blob: bytes) -> None:
        self.conn.execute("INSERT OR REPLACE INTO fingerprints (document_id, minhash) "
                          "VALUES (?, ?)", (document_id, blob))

    def all_fingerprints(self) -> list[tuple[int, bytes]]:
        return self.conn.execute(
            "SELECT f.document_id, f.minhash FROM fingerprints f JOIN documents d "
            "ON d.id = f.document_id WHERE d.kind = 'article' ORDER BY f.document_id").fetchall()

    def set_duplicate(self, document_id: int, original: int | None, sim: float | None) -> None:
        # (an original removed meanwhile by another process is no original)
        self.conn.execute("UPDATE fingerprints SET duplicate_of = ?, similarity = ? "
                          "WHERE document_id = ? AND (? IS NULL OR EXISTS "
                          "(SELECT 1 FROM documents WHERE id = ?))",
                          (original, sim, document_id, original, original))
