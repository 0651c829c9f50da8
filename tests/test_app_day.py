"""A day of work in the reader (issue 11): keys typed as text, imports that outlive their
window, documents written by another process, search, layout at 80×24, the panes after a
judgement. Each test drives the real app with Textual's pilot on a real index file."""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from textual.widgets import Input, OptionList, Static

from reader.services.importer import import_paths
from reader.store import Store
from reader.ui.app import POLL_SECONDS, CableReaderApp, key_table_markdown
from reader.ui.body import BodyView
from reader.ui.panes import ArticleTable, CableList, XrefList, list_filter
from reader.ui.screens import AskScreen, ImportScreen, NamesScreen, SearchScreen
from tests.test_app import REPO, SIZE, db_with, sample_db, settle, step_to_linked_name

NARROW_SIZE = (80, 24)


def plain(app: CableReaderApp, selector: str) -> str:
    content = app.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


def judgement_count(db: Path) -> int:
    store = Store(db)
    try:
        return len(store.active_judgements())
    finally:
        store.close()


async def test_letters_typed_in_the_list_go_to_the_filter(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, ArticleTable)
        # r (rename), u (undo), i (import), h (hide), q (quit): all text here
        await pilot.press(*"Donayre")
        await settle(app, pilot)
        assert not isinstance(app.screen, AskScreen)
        assert app.query_one("#filter", Input).value == "Donayre"
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleTable)
        await pilot.press(*"Fujimori hq")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert app.is_running
        assert app.query_one("#filter", Input).value == "DonayreFujimori hq"
        # the footer of the list shows no letter commands
        assert not app.check_action("hide", ()) and not app.check_action("import_files", ())
    assert judgement_count(db) == 0


async def test_list_filter_fields_sort_and_marks(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.query_one(ArticleTable)
        total = table.row_count
        dates = [e.row.date or "" for e in table.rows]
        await pilot.press("ctrl+s")  # newest first
        await pilot.pause(0.2)
        assert [e.row.date or "" for e in table.rows] == sorted(dates, reverse=True)
        await pilot.press("ctrl+s")  # oldest first
        await pilot.pause(0.2)
        assert [e.row.date or "~" for e in table.rows] == sorted(d or "~" for d in dates)
        await pilot.press(*"date:2011")
        await pilot.pause(0.3)
        assert 0 < table.row_count < total
        assert all((e.row.date or "").startswith("2011") for e in table.rows)
        assert "of" in str(app.query_one("#articles").border_subtitle)
    keep = list_filter("kind:cable")
    assert not any(keep(e) for e in table.rows)  # the sample holds articles only


async def test_an_empty_index_says_how_to_import(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=tmp_path / "empty.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        header = plain(app, "#doc-header")
        assert "This index is empty" in header and "import" in header
        assert app.sub_title == "0 articles · 0 cables"
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)


async def test_an_import_outlives_its_window(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    folder = tmp_path / "more"
    folder.mkdir()
    for n in range(30):
        (folder / f"note-{n:02}.txt").write_text(
            f"Embassy note {n}\n\nThe consul in Arequipa, Marta Quispe, met the mayor of "
            f"Puno on day {n} to discuss the border crossing at Desaguadero.\n",
            encoding="utf-8")
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = app.query_one(ArticleTable).row_count
        await pilot.press("ctrl+o")
        await pilot.press(*str(folder), "enter")
        await pilot.press("escape")  # close the window at once
        assert not isinstance(app.screen, ImportScreen)
        await settle(app, pilot)
        for _ in range(50):
            if app._import is None:
                break
            await pilot.pause(0.2)
        await settle(app, pilot)
        assert app.query_one(ArticleTable).row_count == before + 30
        assert "importing" not in app.sub_title
        messages = [str(n.message) for n in app._notifications]
        assert any("Imported 30" in m for m in messages)


async def test_documents_from_another_process_appear(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    extra = tmp_path / "other"
    extra.mkdir()
    (extra / "late.txt").write_text(
        "A late report\n\nThe governor of Cusco, Hilda Mamani, spoke of tourism.\n",
        encoding="utf-8")
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = app.query_one(ArticleTable).row_count

        def other_process() -> None:  # another connection, as another process has
            store = Store(db)
            try:
                import_paths(store, [extra])
            finally:
                store.close()

        writer = threading.Thread(target=other_process)
        writer.start()
        writer.join()
        await pilot.pause(POLL_SECONDS + 0.5)
        await settle(app, pilot)
        assert app.query_one(ArticleTable).row_count == before + 1
        assert app.sub_title.startswith(f"{before + 1} articles")


async def test_late_search_results_are_dropped_and_a_hit_opens_marked(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"Dirandro")
        await settle(app, pilot)
        results = screen.query_one(OptionList)
        count = results.option_count
        assert count >= 1
        # an older query's results arrive after the newest: they are not shown
        screen.post_message(SearchScreen.Results(screen._generation - 1, [], "0 results"))
        await settle(app, pilot)
        assert results.option_count == count
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        body = app.query_one(BodyView)
        assert body.hit is not None
        start, end = body.hit
        assert body.text[start:end].casefold() == "dirandro"
        line = body.line_of(start)
        top = int(body.scroll_offset.y)
        assert top <= line < top + body.scrollable_content_region.height


async def test_lines_are_whole_after_switching_documents(tmp_path: Path) -> None:
    long_text = "A long report from Lima\n\n" + "\n\n".join(
        f"Paragraph {n}: the minister of defence, Rafael Rey, told the embassy in Lima that "
        "the army would send more troops to the valley before the rainy season began."
        for n in range(60))
    db = db_with(tmp_path, {"long.txt": long_text, "short.txt": "A note\n\nShort words."})
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=NARROW_SIZE) as pilot:
        await settle(app, pilot)
        body = app.query_one(BodyView)
        for _ in range(3):
            for key in ("down", "up"):
                await pilot.press(key)
                await settle(app, pilot)
                width = body.scrollable_content_region.width
                assert body._wrapped_width == width
                assert not body.show_horizontal_scrollbar
                for y in range(body.scrollable_content_region.height):
                    index = int(body.scroll_offset.y) + y
                    if index >= len(body._lines):
                        break
                    start, end = body._lines[index]
                    shown = body.render_line(y).text.rstrip()
                    assert shown == body.text[start:end].rstrip()


async def test_layout_at_80_by_24(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=NARROW_SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.has_class("-narrow")
        reading = app.query_one("#reading")
        assert reading.size.width >= 40
        assert app.query_one("#articles").display and not app.query_one("#side").display
        await pilot.press("enter")  # read: the side panes take the list's place
        await settle(app, pilot)
        assert not app.query_one("#articles").display and app.query_one("#side").display
        assert reading.size.width >= 40
        footer = [k for k in app.query("FooterKey") if k.region.width]
        labels = [str(k.description) for k in footer]
        assert labels[:2] == ["Help", "Quit"]
        assert all(k.region.right <= NARROW_SIZE[0] for k in footer[:2])
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.query_one("#articles").display


async def test_panels_keep_focus_and_rows_after_a_judgement(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await step_to_linked_name(app, pilot)
        xref = app.query_one(XrefList)
        await pilot.press("tab")
        assert app.focused is xref
        for prompt in (str(xref.get_option_at_index(i).prompt)
                       for i in range(xref.option_count)):
            assert prompt.count("\n") <= 1  # rows are two lines at most
        await pilot.press("y")
        await settle(app, pilot)
        assert app.focused is xref and xref.highlighted == 0
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Confirmed:") and "u undoes" in m for m in messages)
        await pilot.press("u")
        await settle(app, pilot)
        assert judgement_count(db) == 0
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Undone: Confirmed") for m in messages)
        assert not any("(u undoes)" in m for m in messages if m.startswith("Undone"))
        await pilot.press("U")
        await settle(app, pilot)
        assert judgement_count(db) == 1


async def test_cables_pane_selects_its_first_row_on_focus(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        cables = app.query_one(CableList)
        for _ in range(app.query_one(ArticleTable).row_count):
            if cables.option_count:
                break
            await pilot.press("down")
            await settle(app, pilot)
        assert cables.option_count
        cables.highlighted = None
        cables.focus()
        await pilot.pause()
        assert cables.highlighted is not None


async def test_legend_position_and_go_to_a_name(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        legend = plain(app, "#doc-legend")
        assert legend.startswith("person  group  place")
        body = app.query_one(BodyView)
        await pilot.press("n", "n")
        await settle(app, pilot)
        assert f"name 2 of {len(body.mentions)}" in plain(app, "#doc-legend")
        target = body.mentions[-1]
        await pilot.press("f")
        assert isinstance(app.screen, NamesScreen)
        await pilot.press(*target.entity_name[:6], "enter")
        await settle(app, pilot)
        current = body.current_mention
        assert current is not None and current.entity_id == target.entity_id


def test_readme_key_table_matches_the_bindings() -> None:
    """The README's key table is the help screen's, made from the bindings in force."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    app = CableReaderApp(db_path=REPO / "unused.sqlite")
    table = key_table_markdown(app.key_help())
    assert table in readme, "the README's key table is out of date; put this in:\n" + table


async def test_rejecting_a_link_moves_that_pair_only(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        body = app.query_one(BodyView)
        xref = app.query_one(XrefList)
        for _ in range(len(body.mentions)):  # a name linked to three documents or more
            await pilot.press("n")
            await settle(app, pilot)
            if app._xref is not None and app._xref.entity.documents >= 4:
                break
        view = app._xref
        assert view is not None and view.entity.documents >= 4
        rejected = view.elsewhere[0].row.document_id
        await pilot.press("tab", "x")
        await settle(app, pilot)
        after = app._xref
        assert after is not None
        assert after.entity.documents == view.entity.documents - 1
        assert rejected not in {e.row.document_id for e in after.elsewhere}
        assert app.focused is xref


def _memos(folder: Path, n: int) -> Path:
    """A FOLDER of N short memos of ours, one a file."""
    folder.mkdir()
    for i in range(n):
        (folder / f"memo-{i:02}.txt").write_text(
            f"Memo {i}\n\nThe prefect of Tacna, Luis Ccori, wrote to the ministry on day "
            f"{i} about the road to Arica.\n", encoding="utf-8")
    return folder


async def test_quitting_from_the_list_and_during_an_import(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    folder = _memos(tmp_path / "more", 40)
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")  # the reading pane: q is a command here
        assert app.start_import(folder)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running  # the first q only asks
        assert any("Press q again" in str(n.message) for n in app._notifications)
        for _ in range(100):
            if app._import is None:
                break
            await pilot.pause(0.1)
        await settle(app, pilot)
        assert app.is_running  # an import that ends does not quit on the first q's behalf
        await pilot.press("escape", "ctrl+q")  # from the list, ctrl+q quits
        await pilot.pause()
        assert not app.is_running


async def test_names_with_markup_are_shown_literally_in_messages(tmp_path: Path) -> None:
    app = CableReaderApp(db_path=sample_db(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn
        await settle(app, pilot)
        await pilot.press("enter")
        await step_to_linked_name(app, pilot)
        hostile = "[@click=app.quit]x[/] [/]"
        await pilot.press("r")
        assert isinstance(app.screen, AskScreen)
        answer = app.screen.query_one(Input)
        answer.value = hostile
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.3)
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.pause(0.3)
        assert app.is_running and app.return_code is None
        messages = [str(n.message) for n in app._notifications]
        assert any(hostile in m and m.startswith("Renamed") for m in messages)
        assert any(hostile in m and m.startswith("Hidden") for m in messages)


async def test_a_folder_large_enough_for_workers_imports_from_the_reader(tmp_path: Path) -> None:
    """Inside the reader, Textual's capture stands for stderr (its fileno is -1): the
    workers' processes must still start, and the import end with its summary."""
    from reader.services.importer import PARALLEL_MIN_DOCS

    db = sample_db(tmp_path)
    folder = _memos(tmp_path / "many", PARALLEL_MIN_DOCS + 2)
    app = CableReaderApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.start_import(folder)
        for _ in range(600):
            if app._import is None:
                break
            await pilot.pause(0.1)
        messages = [str(n.message) for n in app._notifications]
        assert any(f"Imported {PARALLEL_MIN_DOCS + 2}," in m for m in messages), messages
