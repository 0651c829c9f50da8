"""Writing documents: one row each, with its search entry, mentions and local clusters."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from reader.models import LinkedMention, LocalCluster, ParsedDocument
from reader.store.base import Base
from reader.text.cables import post_of_ref_id

_DOC_COLUMNS = (
    "content_hash", "kind", "source", "title", "outlet", "byline", "date", "url",
    "ref_id", "origin", "classification", "subject", "body", "words", "sample", "routing",
)


class DocumentWrites(Base):
    def known_hashes(self, hashes: Iterable[str]) -> dict[str, int]:
        """Which of these content hashes are already stored (hash -> document id)."""
        found: dict[str, int] = {}
        hashes = list(hashes)
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            for doc_id, h in self.conn.execute(
                f"SELECT id, content_hash FROM documents WHERE content_hash IN "
                f"({self.marks(chunk)})", chunk
            ):
                found[h] = doc_id
        return found

    def add_source(self, document_id: int, source: str) -> None:
        """Remember that an already-stored document was also seen in another file."""
        self.conn.execute(
            "INSERT OR IGNORE INTO document_sources (document_id, source) VALUES (?, ?)",
            (document_id, source),
        )

    def insert_document(self, doc: ParsedDocument, linked: Sequence[LinkedMention],
                        clusters: Sequence[LocalCluster], sample: bool = False
                        ) -> tuple[int, list[int]]:
        """Write one document with its FTS row, local clusters and mentions. Each cluster
        starts as an entity of its own; linking across documents comes after
        (`services.linking`). Call inside `transaction()`. SAMPLE: the document comes from
        the bundled sample corpus. Returns the document id and the new cluster ids."""
        values = doc.model_dump()
        values["content_hash"] = doc.content_hash
        values["words"] = len(doc.body.split())
        values["sample"] = int(sample)
        routed = doc.routing and doc.ref_id and post_of_ref_id(doc.ref_id)
        values["routing"] = doc.routing if routed else None
        q = self.conn.execute
        doc_id = q(f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}) "
                   f"VALUES ({self.marks(_DOC_COLUMNS)})",
                   [values[c] for c in _DOC_COLUMNS]).lastrowid
        assert doc_id is not None
        q("INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)",
          (doc_id, doc.title, doc.body))
        if doc.routing and doc.ref_id and (post := post_of_ref_id(doc.ref_id)):
            # (documents.routing holds the indicator counted here, for `remove_documents`)
            # which post a routing indicator stands for, learnt from the cables themselves
            q("INSERT INTO routing (indicator, post, cables) VALUES (?, ?, 1) ON CONFLICT "
              "(indicator, post) DO UPDATE SET cables = cables + 1", (doc.routing, post))
        ids: dict[tuple[str, str], int] = {}
        for c in clusters:
            cid = q("INSERT INTO clusters (document_id, type, key, name, names) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (doc_id, c.type, c.key, c.name, json.dumps(list(c.names)))).lastrowid
            assert cid is not None
            q("INSERT INTO entities (id, type, key, name) VALUES (?, ?, ?, ?)",
              (cid, c.type, c.key, c.name))
            q("UPDATE clusters SET entity_id = ?, component = ? WHERE id = ?", (cid, cid, cid))
            ids[(c.type, c.key)] = cid
        self.conn.executemany(
            'INSERT INTO mentions (document_id, start, "end", text, type, entity_id, norm, '
            "cluster_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, lm.mention.start, lm.mention.end, lm.mention.text, lm.mention.type,
              ids[(lm.entity_type, lm.entity_key)], lm.norm,
              ids[(lm.entity_type, lm.entity_key)])
             for lm in linked],
        )
        # each cluster is its own entity yet: the document's rows of `entity_documents`
        firsts: dict[int, tuple[int, int]] = {}
        for lm in linked:
            e = ids[(lm.entity_type, lm.entity_key)]
            n, first = firsts.get(e, (0, lm.mention.start))
            firsts[e] = (n + 1, min(first, lm.mention.start))
        self.conn.executemany(
            "INSERT INTO entity_documents (entity_id, document_id, cable, date, mentions, "
            "first_start) VALUES (?, ?, ?, ?, ?, ?)",
            [(e, doc_id, int(doc.kind == "cable"), doc.date, n, first)
             for e, (n, first) in firsts.items()])
        return doc_id, list(ids.values())

    def mentions_without_norm(self) -> list[tuple[int, str]]:
        return self.conn.execute("SELECT id, text FROM mentions WHERE norm = ''").fetchall()

    def set_norms(self, rows: Iterable[tuple[str, int]]) -> None:
        self.conn.executemany("UPDATE mentions SET norm = ? WHERE id = ?", rows)
