"""Extraction gives the same output as before its speed-up (issue 12), byte for byte.

The digests in ``extract_digests.json`` were recorded from the extractor as it stood before
it was made faster: every document's mentions (start, end, type, text), aliases and
language, over the dev articles, the seed articles, our ``corpus/`` and the first 300
cables of ``cables.csv``. A change that is meant to change what is extracted records them
anew, on purpose::

    python tests/test_extract_same.py --record
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from reader.extract import extract
from reader.ingest.parse import iter_documents
from reader.models import Extraction, ParsedDocument

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DIGESTS = HERE / "extract_digests.json"
CABLES = 300


def digest(found: Extraction) -> str:
    """A short, exact digest of one document's extraction."""
    record = {
        "language": found.language,
        "mentions": sorted((m.start, m.end, m.type, m.text) for m in found.mentions),
        "aliases": [list(a) for a in found.aliases],
    }
    blob = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:20]


def documents(data: Path) -> Iterator[tuple[str, str, str]]:
    """(key, kind, body) of every golden document, read as the importer reads it."""
    for folder in (data / "dev" / "articles", data / "seeds", REPO / "corpus"):
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            for i, doc in enumerate(iter_documents(path)):
                if isinstance(doc, ParsedDocument):
                    yield f"{folder.name}/{path.name}#{i}", doc.kind, doc.body
    rows = iter_documents(data / "cables" / "cables.csv")
    cables = (d for d in rows if isinstance(d, ParsedDocument))
    for i, doc in enumerate(itertools.islice(cables, CABLES)):
        yield f"cables.csv#{i}:{doc.ref_id}", doc.kind, doc.body


def digests(data: Path) -> dict[str, str]:
    return {key: digest(extract(body, kind)) for key, kind, body in documents(data)}


def test_extraction_is_unchanged(shared_data: Path) -> None:
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    got = digests(shared_data)
    assert sorted(got) == sorted(expected), "the golden documents changed"
    changed = [key for key in expected if got[key] != expected[key]]
    assert not changed, f"{len(changed)} documents extract differently: {changed[:10]}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        sys.exit(__doc__)
    sys.path.insert(0, str(HERE))
    from conftest import SHARED_DATA

    DIGESTS.write_text(json.dumps(digests(SHARED_DATA), indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")
    print(f"recorded {DIGESTS}")
