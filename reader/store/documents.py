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
    # -- imports in progress (see services.open_index) -----------------------------------------

    def imports_running(self) -> list[str]:
        """The imports recorded and not cleared, each as "pid:start:nonce"."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'imports_running'"
                                ).fetchone()
        return [x for x in (row[0].split(",") if row and row[0] else []) if x]

    def _set_imports(self, tokens: Iterable[str]) -> None:
        self.conn.execute("INSERT INTO meta (key, value) VALUES ('imports_running', ?) ON "
                          "CONFLICT (key) DO UPDATE SET value = excluded.value",
                          (",".join(sorted(set(tokens))),))

    def import_started(self, token: str) -> None:
        with self.transaction():
            self._set_imports([*self.imports_running(), token])

    def import_ended(self, token: str) -> None:
        with self.transaction():
            self._set_imports(t for t in self.imports_running() if t != token)

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
        return self.insert_document_rows(
            doc, [(lm.mention.start, lm.mention.end, lm.mention.text, lm.mention.type,
                   lm.entity_type, lm.entity_key, lm.norm) for lm in linked],
            [(c.type, c.key, c.name, c.names) for c in clusters], sample)

    def insert_document_rows(
            self, doc: ParsedDocument, linked: Sequence[tuple[int, int, str, str, str, str, str]],
            clusters: Sequence[tuple[str, str, str, tuple[str, ...]]], sample: bool = False
    ) -> tuple[int, list[int]]:
        """`insert_document` with plain tuples, as the import's workers send them: each
        mention (start, end, text, type, its cluster's type and key, norm); each cluster
        (type, key, name, names)."""
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
        # each cluster starts as its own entity and component: ids given here, in bulk
        first = int(q("SELECT coalesce(max(id), 0) + 1 FROM clusters").fetchone()[0])
        cids = range(first, first + len(clusters))
        for cid, (ctype, key, _name, _names) in zip(cids, clusters, strict=True):
            ids[(ctype, key)] = cid
        self.conn.executemany(
            "INSERT INTO clusters (id, document_id, type, key, name, names, entity_id, "
            "component) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(cid, doc_id, ctype, key, name, json.dumps(list(names)), cid, cid)
             for cid, (ctype, key, name, names) in zip(cids, clusters, strict=True)])
        self.conn.executemany(
            "INSERT INTO entities (id, type, key, name) VALUES (?, ?, ?, ?)",
            [(cid, ctype, key, name)
             for cid, (ctype, key, name, _n) in zip(cids, clusters, strict=True)])
        self.conn.executemany(
            'INSERT INTO mentions (document_id, start, "end", text, type, entity_id, norm, '
            "cluster_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, start, end, text, mtype, ids[(ctype, key)], norm, ids[(ctype, key)])
             for start, end, text, mtype, ctype, key, norm in linked],
        )
        # each cluster is its own entity yet: the document's rows of `entity_documents`
        firsts: dict[int, tuple[int, int]] = {}
        for start, _end, _text, _mtype, ctype, key, _norm in linked:
            e = ids[(ctype, key)]
            n, first_start = firsts.get(e, (0, start))
            firsts[e] = (n + 1, min(first_start, start))
        self.conn.executemany(
            "INSERT INTO entity_documents (entity_id, document_id, cable, date, mentions, "
            "first_start) VALUES (?, ?, ?, ?, ?, ?)",
            [(e, doc_id, int(doc.kind == "cable"), doc.date, n, first_start)
             for e, (n, first_start) in firsts.items()])
        return doc_id, list(cids)

    def mentions_without_norm(self) -> list[tuple[int, str]]:
        return self.conn.execute("SELECT id, text FROM mentions WHERE norm = ''").fetchall()

    def set_norms(self, rows: Iterable[tuple[str, int]]) -> None:
        self.conn.executemany("UPDATE mentions SET norm = ? WHERE id = ?", rows)
