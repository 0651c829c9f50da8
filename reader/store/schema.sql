-- The cablereader index: the current schema in one piece.
-- A fresh index is created from this file; an older one is brought here by the numbered
-- steps in migrations.py (a test checks that both arrive at the same tables and indexes).
-- Column order matters for that comparison: columns added by a migration come last.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- meta holds the schema version, upkeep left to the services (`pending`) and whether the
-- sample corpus was offered to this index (`sample_offered`).

-- One row per document; a cable is keyed by its reference id whichever file it came from.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'cable')),
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    byline TEXT,
    date TEXT,
    url TEXT,
    ref_id TEXT,
    origin TEXT,
    classification TEXT,
    subject TEXT,
    body TEXT NOT NULL,
    words INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sample INTEGER NOT NULL DEFAULT 0,  -- imported from the bundled sample corpus
    routing TEXT  -- a cable's routing indicator (its share of the routing table below)
);
CREATE INDEX documents_kind_date ON documents (kind, date);
CREATE UNIQUE INDEX documents_ref_id ON documents (ref_id) WHERE ref_id IS NOT NULL;

-- Other files in which an already-stored document was seen.
CREATE TABLE document_sources (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    PRIMARY KEY (document_id, source)
);

-- Entities: the result of linking (rewritten by the linker; judgements live elsewhere).
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('person', 'group', 'place')),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0
);

-- A name in a document, at [start, end) of its body.
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('person', 'group', 'place')),
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    norm TEXT NOT NULL DEFAULT '',
    cluster_id INTEGER
);
CREATE INDEX mentions_document ON mentions (document_id, start);
CREATE INDEX mentions_entity ON mentions (entity_id, document_id, start);
CREATE INDEX mentions_cluster ON mentions (cluster_id);
CREATE INDEX mentions_norm ON mentions (norm);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, body, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);

-- One entity as one document names it (the unit the linker joins). `component`: the
-- clusters joined by any edge the linker weighs, judged or not; entities never cross it.
CREATE TABLE clusters (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    names TEXT NOT NULL,
    isolated INTEGER NOT NULL DEFAULT 0,
    entity_id INTEGER,
    component INTEGER
);
CREATE INDEX clusters_document ON clusters (document_id);
CREATE INDEX clusters_entity ON clusters (entity_id);
CREATE INDEX clusters_component ON clusters (component);

-- The name index: every distinct (type, name), its block keys, and the clusters bearing it.
CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (type, name)
);
CREATE TABLE name_blocks (
    block TEXT NOT NULL,
    name_id INTEGER NOT NULL REFERENCES names (id),
    PRIMARY KEY (block, name_id)
) WITHOUT ROWID;
CREATE TABLE cluster_names (
    name_id INTEGER NOT NULL REFERENCES names (id),
    cluster_id INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    PRIMARY KEY (name_id, cluster_id)
) WITHOUT ROWID;
CREATE INDEX cluster_names_cluster ON cluster_names (cluster_id);

-- The user's word on linking; never rewritten by the linker.
CREATE TABLE judgements (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    kind TEXT NOT NULL CHECK (kind IN ('same', 'not_same', 'split_mention', 'split_document',
                                       'hide', 'rename')),
    a TEXT NOT NULL,
    b TEXT,
    value TEXT,
    active INTEGER NOT NULL DEFAULT 1
);

-- Pairs of clusters close enough to show, not to link.
CREATE TABLE suggestions (
    a INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    score REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX suggestions_b ON suggestions (b);

-- Where an article cites a cable (an id, a header, a description), as found in its text.
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    ref_id TEXT,
    year INTEGER,
    month INTEGER,
    day INTEGER,
    origin TEXT,
    confidence REAL NOT NULL
);
CREATE INDEX citations_document ON citations (document_id);

-- Which post each routing indicator stands for (DE RUEHPE #1938: LIMA), and in how many of the
-- imported cables' headers: learnt from the cables, never typed in.
CREATE TABLE routing (
    indicator TEXT NOT NULL,
    post TEXT NOT NULL,
    cables INTEGER NOT NULL,
    PRIMARY KEY (indicator, post)
) WITHOUT ROWID;

-- Which cables an article reports on, resolved from its citations (judgements win).
CREATE TABLE cites (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ref_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('explicit', 'likely', 'confirmed')),
    confidence REAL NOT NULL,
    rank INTEGER NOT NULL DEFAULT 1,
    citation_id INTEGER,
    kind TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, ref_id)
) WITHOUT ROWID;
CREATE INDEX cites_ref ON cites (ref_id);

CREATE TABLE cite_judgements (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    content_hash TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('cites', 'does_not_cite')),
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cite_judgements_hash ON cite_judgements (content_hash);

-- Near-duplicate detection: each article's MinHash and the earlier article it copies.
CREATE TABLE fingerprints (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    minhash BLOB NOT NULL,
    duplicate_of INTEGER REFERENCES documents (id),
    similarity REAL
);
CREATE INDEX fingerprints_duplicate_of ON fingerprints (duplicate_of);

-- Each entity as one document names it: how many of its mentions there, where the first one
-- starts, and the document's kind and date (the order of the cross-references panel), so that
-- the panel reads one page of an entity's documents, and its counts, through an index.
-- Derived from `mentions`: every store write that gives mentions another entity (a document
-- written, linking, judgements, removal) refreshes the rows it touched, in its transaction.
CREATE TABLE entity_documents (
    entity_id INTEGER NOT NULL,
    document_id INTEGER NOT NULL,
    cable INTEGER NOT NULL,
    date TEXT,
    mentions INTEGER NOT NULL,
    first_start INTEGER NOT NULL,
    PRIMARY KEY (entity_id, document_id)
) WITHOUT ROWID;
CREATE INDEX entity_documents_listed ON entity_documents (entity_id, cable, date, document_id);
CREATE INDEX entity_documents_document ON entity_documents (document_id);
