"""The reader driven with Textual's pilot on real index files: what is on screen after each
navigation flow."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rich.text import Text
from textual.command import CommandList
from textual.widgets import Input, OptionList, Static

from reader.rows import MentionRow
from reader.services.importer import import_paths, import_sample_if_empty
from reader.store import Store
from reader.ui.app import CableReaderApp, render_body
from reader.ui.body import BodyView
from reader.ui.panes import ArticleTable, XrefList
from reader.ui.screens import HelpScreen, ImportScreen, MergeScreen, SearchScreen

REPO = Path(__file__).resolve().parents[1]
SIZE = (120, 40)


def sample_db(tmp_path: Path) -> Path:
    db = tmp_path / "sample.sqlite"
    store = Store(db)
    import_sample_if_empty(store)
    store.close()
    return db


def db_with(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "t.sqlite"
    store = Store(db)
    import_paths(store, [folder])
    store.close()
    return db


async def settle(app: CableReaderApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def step_to_linked_name(app: CableReaderApp, pilot, kind: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Press n until the cursor is on a name (of KIND) that the panel has rows for."""
    body = app.query_one(BodyView)
    xref = app.query_one(XrefList)
    for _ in range(len(body.mentions)):
        await pilot.press("n")
        await settle(app, pilot)
        mention = body.current_mention
        if xref.option_count and mention is not None and kind in (None, mention.type):
            return


def header_text(app: CableReaderApp) -> str:
    content = app.query_one("#doc-header", Static).content
    return content.plain if isinstance(content, Text) else str(content)


def xref_head(app: CableReaderApp) -> str:
    content = app.query_one("#xref-head", Static).content
    return content.plain if isinstance(content, Text) else str(content)


def test_first_run_imports_the_sample_corpus(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    store = Store(db)
    try:
        counts = store.counts()
        sources = {Path(r.source).name for r in store.iter_export_articles()}
    finally:
        store.close()
    corpus = {p.name for p in (REPO / "corpus").iterdir() if p.name.lower() != "readme.md"}
    assert counts.articles == len(corpus) >= 12
    assert sources == corpus
    assert counts.entities > 30


async def test_list_opens_first_document_and_highlights_names(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.query_one(ArticleTable).row_count == 12
        assert app.sub_title == "12 articles · 0 cables"
        body = app.query_one(BodyView)
        assert app.document is not None and body.text == app.document.body
        assert len(body.mentions) > 5
        assert app.document.title in header_text(app)
        await pilot.press("down")
        await settle(app, pilot)
        table = app.query_one(ArticleTable)
        assert table.cursor == 1
        assert app.document.id == table.rows[1].id


async def test_n_moves_the_cursor_and_fills_the_panel(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        body = app.query_one(BodyView)
        assert body.cursor == -1
        assert "Move to a name" in xref_head(app)
        await pilot.press("n")
        await settle(app, pilot)
        first = body.current_mention
        assert first is not None and body.cursor == 0
        assert first.entity_name in xref_head(app)
        await pilot.press("n", "n", "N")
        await settle(app, pilot)
        assert body.cursor == 1
        # the cursor's line is on screen
        line = body.line_of(body.mentions[1].start)
        top = int(body.scroll_offset.y)
        assert top <= line < top + body.scrollable_content_region.height


async def test_follow_a_cross_reference_and_come_back(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        body = app.query_one(BodyView)
        xref = app.query_one(XrefList)
        await step_to_linked_name(app, pilot)
        assert xref.option_count > 0
        start_doc, start_mention = app.document.id, body.current_mention
        assert start_mention is not None
        assert not app.check_action("back", ()) and not app.check_action("forward", ())
        await pilot.press("tab")
        assert app.focused is xref
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.document.id != start_doc
        landed = body.current_mention
        assert landed is not None and landed.entity_id == start_mention.entity_id
        assert app.focused is body
        assert app.check_action("back", ())
        await pilot.press("backspace")
        await settle(app, pilot)
        assert app.document.id == start_doc
        assert body.current_mention == start_mention
        assert app.check_action("forward", ())
        await pilot.press("alt+right")
        await settle(app, pilot)
        assert body.current_mention == landed


async def test_filter_as_you_type(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.query_one("#filter", Input).focus()
        await pilot.press(*"dirandro")
        await pilot.pause(0.3)
        table = app.query_one(ArticleTable)
        assert 1 <= table.row_count < 12
        await pilot.press("escape")
        assert app.focused is table


async def test_search_results_and_bad_syntax(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"Donayre")
        await settle(app, pilot)
        results = app.screen.query_one(OptionList)
        assert results.option_count >= 2
        await pilot.press(*' "unbalanced')
        await settle(app, pilot)
        status = app.screen.query_one("#search-status", Static).content
        assert "Not a valid search" in str(status)
        for _ in range(len(' "unbalanced')):
            await pilot.press("backspace")
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert "Donayre" in app.document.body


async def test_palette_opens_a_document_at_a_name(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Edwin Don")
        palette = app.screen.query_one(CommandList)
        for _ in range(50):
            await pilot.pause(0.05)
            if palette.option_count:
                break
        assert "Entity: Edwin Donayre" in str(palette.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        mention = app.query_one(BodyView).current_mention
        assert mention is not None and mention.entity_name == "Edwin Donayre"


async def test_merge_with_an_entity_found_by_name(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "n")
        await settle(app, pilot)
        mention = app.query_one(BodyView).current_mention
        assert mention is not None
        await pilot.press("m")
        assert isinstance(app.screen, MergeScreen)
        await pilot.press(*"Lima")
        await settle(app, pilot)
        candidates = app.screen.query_one(OptionList)
        assert candidates.option_count >= 1
        await pilot.press("enter", "down", "enter")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert not isinstance(app.screen, MergeScreen)
        assert [j.kind for j in app.data.judgements()] == ["same"]


async def test_help_lists_every_key(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(desc for _, rows in app.key_help() for _, desc in rows)
        for words in ("Next name", "Back", "Forward", "Search", "Import", "Quit",
                      "command palette"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_import_from_the_app_adds_documents(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text(
        "A new report from Quito\n\nThe ambassador in Quito, Heather Hodges, wrote that "
        "President Rafael Correa had met officials of the Ecuadorian police.\n",
        encoding="utf-8")
    (extra / "broken.txt").write_bytes(b"")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")  # in the list, i is filter text
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*str(extra), "enter")
        await settle(app, pilot)
        status = str(app.screen.query_one("#import-status", Static).content)
        assert "Imported 1" in status and "failed 1" in status
        log_text = " ".join(str(line.text) for line in app.screen.query_one("#import-log").lines)
        assert "broken.txt" in log_text and "empty" in log_text
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.query_one(ArticleTable).row_count == 13


async def test_untrusted_text_is_shown_literally(tmp_path: Path) -> None:
    body = ("Markup test\n\nSee [bold red]x[/] and [@click=app.quit]y[/] in Lima, and "
            "\x1b[31mred\x1b[0m text from Peru.\n")
    db = db_with(tmp_path, {"evil.txt": body})
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.query_one(BodyView)
        assert "[bold red]x[/]" in view.text and "[@click=app.quit]y[/]" in view.text
        assert "\x1b" not in view.text
        drawn = "\n".join(view.render_line(y).text
                          for y in range(view.scrollable_content_region.height))
        assert "[bold red]x[/]" in drawn and "[@click=app.quit]y[/]" in drawn
        assert "\x1b" not in drawn and "[31m" not in view.text and "red text" in view.text
        # clicking the would-be link does nothing
        line = next(i for i, (s, e) in enumerate(view._lines) if "@click" in view.text[s:e])
        col = view.text[view._lines[line][0] : view._lines[line][1]].index("@click")
        await pilot.click(BodyView, offset=(col + 2, line))
        await settle(app, pilot)
        assert app.is_running


def test_render_body_keeps_markup_literal() -> None:
    body = "See [bold red]x[/] and [@click=app.quit]y[/] for Lima."
    lima = MentionRow(1, body.index("Lima"), len(body) - 1, "Lima", "place", 1, "Lima")
    text = render_body(body, [lima])
    assert text.plain == body


@pytest.fixture
def real_db(tmp_path: Path, shared_data: Path) -> Path:
    """The seeds and the two cables they report on, as a real index."""
    csv.field_size_limit(1 << 30)
    rows = []
    with (shared_data / "cables" / "cables.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, escapechar="\\", doublequote=False):
            if row[2] in ("09LIMA345", "09LIMA1667", "06LIMA748"):
                rows.append(row)
    small = tmp_path / "cables.csv"
    with small.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerows(rows)
    db = tmp_path / "real.sqlite"
    store = Store(db)
    import_paths(store, [shared_data / "seeds", small])
    store.close()
    return db


async def test_montesinos_flow_on_the_real_seeds(real_db: Path) -> None:
    """Peru-army article → n to Montesinos → a cable that names him → back."""
    app = CableReaderApp(db_path=real_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.query_one(ArticleTable)
        for _ in range(table.row_count):
            if "Peru Army" in app.document.title:
                break
            await pilot.press("down")
            await settle(app, pilot)
        await pilot.press("enter")
        body = app.query_one(BodyView)
        for _ in range(len(body.mentions)):
            await pilot.press("n")
            if body.current_mention and "Montesinos" in body.current_mention.text:
                break
        await settle(app, pilot)
        here = body.current_mention
        assert here is not None and here.text == "Vladimiro Montesinos"
        xref = app.query_one(XrefList)
        assert xref.option_count >= 1
        assert "Vladimiro Montesinos" in xref_head(app)
        assert any(re.match(r"\d\d[A-Z]+\d+ ", str(xref.get_option_at_index(i).prompt))
                   for i in range(xref.option_count))  # a cable, by its id
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        assert app.document.kind == "cable"
        assert "montesinos" in body.current_mention.text.lower()
        await pilot.press("backspace")
        await settle(app, pilot)
        assert "Peru Army" in app.document.title
        assert body.current_mention == here


async def test_reject_a_link_then_undo(tmp_path: Path) -> None:
    """x on a cross-reference keeps the two apart; u withdraws the judgement."""
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        body = app.query_one(BodyView)
        xref = app.query_one(XrefList)
        await step_to_linked_name(app, pilot, "person")
        mention = body.current_mention
        assert mention is not None and xref.option_count
        before = xref.option_count
        await pilot.press("tab", "x")
        await pilot.pause(0.3)
        await settle(app, pilot)
        judgements = app.data.judgements()
        assert [j.kind for j in judgements] == ["not_same"]
        assert body.current_mention is not None and body.current_mention.id == mention.id
        assert xref.option_count < before or body.current_mention.entity_id != mention.entity_id
        await pilot.press("u")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert app.data.judgements() == []
        assert body.current_mention.entity_id == mention.entity_id
