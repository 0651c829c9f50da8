"""The scale corpus generator (benchmarks/generate.py) on a slice of the real cables.csv."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest

from reader.ingest.cablecsv import iter_cables_csv
from reader.models import ParsedDocument
from reader.services.importer import import_paths
from reader.store import Store
from tests.conftest import SHARED_DATA

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import CREATED_FORMAT, SHIFT_DAYS, generate, rows  # noqa: E402

ROWS = 20  # two copies: 40 cables, imported without the process pool


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = SHARED_DATA / "cables" / "cables.csv"
    if not source.is_file():
        pytest.skip(f"real data not found at {SHARED_DATA}")
    out = tmp_path_factory.mktemp("scale")
    generate(source, out, k=2, articles=12, seed=3, limit=ROWS)
    return out


def test_copies_have_unique_ids_and_shifted_dates(corpus: Path) -> None:
    generated = list(rows(corpus / "cables.csv"))
    original, copy = generated[:ROWS], generated[ROWS:]
    assert len(copy) == ROWS
    ids = [r[2] for r in generated]
    assert len(set(ids)) == len(ids)
    docs = [d for d in iter_cables_csv((corpus / "cables.csv").read_text(encoding="utf-8"),
                                       "cables.csv")]
    assert all(isinstance(d, ParsedDocument) for d in docs)  # every id is a valid ref id
    renamed = 0
    for a, b in zip(original, copy, strict=True):
        was = datetime.strptime(a[1], CREATED_FORMAT)
        now = datetime.strptime(b[1], CREATED_FORMAT)
        assert abs((now - was).days) == SHIFT_DAYS and now.year == was.year
        assert b[2][:2] == a[2][:2] and b[2] != a[2]
        renamed += a[7] != b[7]
    assert renamed > ROWS // 2  # names (and the header's serial) differ in the copies


def test_quotes_occur_in_the_cited_cable(corpus: Path) -> None:
    bodies = {r[2]: " ".join(r[7].split()) for r in rows(corpus / "cables.csv")}
    records = [json.loads(line) for line in
               (corpus / "quotes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 12
    for record in records:
        text = (corpus / "articles" / record["file"]).read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: ")
        for cite in record["cites"]:
            assert 6 <= len(cite["quote"].split()) <= 12
            assert cite["quote"] in bodies[cite["ref"]]
            assert cite["quote"] in text and cite["ref"] in text


def test_the_corpus_imports_cleanly(corpus: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "index.sqlite")
    summary = import_paths(store, [corpus / "cables.csv", corpus / "articles"])
    assert summary.failed == []
    assert summary.imported == 2 * ROWS + 12
    counts = store.counts()
    assert (counts.cables, counts.articles) == (2 * ROWS, 12)
    cited = {ref for a in store.iter_export_articles() for ref in a.cites}
    wanted = {c["ref"] for line in (corpus / "quotes.jsonl").read_text().splitlines()
              for c in json.loads(line)["cites"]}
    assert wanted <= cited
    store.close()
