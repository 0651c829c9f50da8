"""Which cable an article reports on, and copies, end to end on real files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from reader.services import judging
from reader.services.citations import resolve_citations
from reader.services.importer import import_paths
from reader.store import Store


def _cables(shared_data: Path, tmp_path: Path, wanted: int = 40) -> Path:
    """The two cables the seeds report on, plus other 2009 Lima cables as distractors."""
    csv.field_size_limit(1 << 30)
    rows = []
    with (shared_data / "cables" / "cables.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, escapechar="\\", doublequote=False):
            if row[2] in ("09LIMA345", "09LIMA1667") or (
                    row[2].startswith("09LIMA") and len(rows) < wanted):
                rows.append(row)
    path = tmp_path / "cables" / "cables.csv"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


def test_seed_articles_resolve_to_their_cable_from_descriptions(
        tmp_path: Path, shared_data: Path) -> None:
    gold = json.loads((shared_data / "seeds-gold.json").read_text(encoding="utf-8"))["docs"]
    store = Store(tmp_path / "c.sqlite")
    # articles first, cables after: citations are resolved again when cables arrive
    import_paths(store, [shared_data / "seeds"])
    import_paths(store, [_cables(shared_data, tmp_path)])
    for row in store.iter_export_articles():
        name = Path(row.source).name
        if name in gold:
            assert list(row.cites[:1]) == gold[name]["cites"], name
            top = store.document_cites(row.article_id)[0]
            assert top.status == "likely" and top.cable_id is not None
    store.close()


def test_explicit_ids_unknown_ids_and_judgements(tmp_path: Path, shared_data: Path) -> None:
    store = Store(tmp_path / "c.sqlite")
    import_paths(store, [_cables(shared_data, tmp_path, wanted=5)])
    article = tmp_path / "a.md"
    article.write_text(
        "---\ntitle: Two cables\n---\n\nThe cable 09 LIMA 345 and the dispatch at "
        "http://wikileaks.org/cable/2009/11/09LIMA1667.html were cited, and a reference "
        "number 10LIMA9999 that nobody could find. Call +51 1 618 2000 or see ISBN "
        "978-0-14-312854-0 for more.\n", encoding="utf-8")
    import_paths(store, [article])
    doc = store.conn.execute("SELECT id FROM documents WHERE source LIKE '%a.md'").fetchone()[0]
    cites = {c.ref_id: c for c in store.document_cites(doc)}
    assert set(cites) == {"09LIMA345", "09LIMA1667", "10LIMA9999"}
    assert cites["09LIMA345"].status == "explicit" and cites["09LIMA345"].cable_id
    assert cites["10LIMA9999"].cable_id is None  # cited, not imported
    covered = [a.id for a in store.coverage("09LIMA345")]
    assert covered == [doc]
    # a reader rejects one citation and adds another: both stick
    judging.judge_cite(store, doc, "09LIMA1667", cites=False)
    judging.judge_cite(store, doc, "09LIMA999", cites=True)
    resolve_citations(store, [doc])
    refs = {c.ref_id: c.status for c in store.document_cites(doc)}
    assert "09LIMA1667" not in refs and refs["09LIMA999"] == "confirmed"
    store.close()


def test_a_republished_seed_is_a_copy_and_different_articles_are_not(
        tmp_path: Path, shared_data: Path) -> None:
    seed = (shared_data / "seeds" / "000_282738029e04aca8.txt").read_text(encoding="utf-8")
    body_start = seed.index("A March 2009")
    body_end = seed.index("View InSight")
    copy = ("Home | World | Americas | Opinion\n\n"
            "Leaked cable ties Peru's army to cocaine routes\n\n"
            "By Staff | Republished with permission\n\n"
            + seed[body_start:body_end]
            + "\nMore from our partners\n\nSubscribe to our newsletter\n")
    folder = tmp_path / "in"
    folder.mkdir()
    for p in (shared_data / "seeds").iterdir():
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "zz-republished.txt").write_text(copy, encoding="utf-8")
    store = Store(tmp_path / "d.sqlite")
    import_paths(store, [folder])
    rows = {Path(r.source).name: r for r in store.iter_export_articles()}
    original = rows["000_282738029e04aca8.txt"]
    assert rows["zz-republished.txt"].duplicate_of == original.article_id
    assert original.duplicate_of is None
    assert rows["003_2ae2b84cfdc96f55.txt"].duplicate_of is None
    also = store.copies_of(original.article_id)
    assert [a.title for a in also] == [rows["zz-republished.txt"].title]
    store.close()
