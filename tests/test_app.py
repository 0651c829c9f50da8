"""The reader app started on a real index (pilot tests)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Static

from reader.cli import import_sample_if_empty
from reader.store import Store
from reader.ui.app import CableReaderApp, render_body

REPO = Path(__file__).resolve().parents[1]


def sample_db(tmp_path: Path) -> Path:
    db = tmp_path / "sample.sqlite"
    store = Store(db)
    import_sample_if_empty(store)
    store.close()
    return db


def test_first_run_imports_the_sample_corpus(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    store = Store(db)
    try:
        counts = store.counts()
        sources = {Path(r["source"]).name for r in store.iter_export_articles()}
    finally:
        store.close()
    corpus = {p.name for p in (REPO / "corpus").iterdir() if p.name.lower() != "readme.md"}
    assert counts["articles"] == len(corpus) >= 12
    assert sources == corpus
    assert counts["entities"] > 30


async def test_app_lists_documents_and_shows_a_highlighted_body(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.row_count >= 12
        await pilot.press("down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = app.query_one("#body", Static).content
        assert isinstance(body, Text) and len(body.plain) > 500
        assert body.spans, "people, groups and places are highlighted"


def test_untrusted_markup_is_shown_literally() -> None:
    body = "See [bold red]x[/] and [@click=app.quit]y[/] for Lima."
    text = render_body(body, [{"start": body.index("Lima"), "end": len(body) - 1,
                                "type": "place"}])
    assert text.plain == body
