"""Modal screens: help, full-text search, import, a new name, merge with….

A screen gets what it reads or writes through in its constructor (the reader's data access,
`reader.ui.data.ReaderData`) and reports back by its dismiss result or by messages; it never
reaches into the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, ProgressBar, RichLog, Static
from textual.widgets.option_list import Option

from reader.models import ImportSummary
from reader.rows import EntityMatch, SearchHit
from reader.services.importer import Progress
from reader.store import StoreError
from reader.ui.body import safe_text
from reader.ui.data import ReaderData
from reader.ui.panes import one_line

SEARCH_LIMIT = 200


class HelpScreen(ModalScreen[None]):
    """Every key, read from the bindings themselves (so the help is always true)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 84; height: 90%; border: thick $accent;
                            background: $panel; padding: 1 2; }
    HelpScreen VerticalScroll { height: 1fr; }
    """

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, rows in self.sections:
            table.add_row(Text(title, style="bold underline"), "")
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            table.add_row("", "")
        with Vertical():
            yield Static(Text("cablereader — keys   (escape closes; ↑/↓ scroll)",
                              style="bold"))
            with VerticalScroll():
                yield Static(table)


class SearchScreen(ModalScreen[int | None]):
    """Full-text search with results as you type; returns the chosen document id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]
    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > Vertical { width: 90%; height: 80%; border: thick $accent;
                              background: $panel; }
    SearchScreen #search-status { height: 1; padding: 0 1; color: $text-muted; }
    SearchScreen OptionList { height: 1fr; }
    """

    class Results(Message):
        """What a search found (from the search worker to the screen)."""

        bubble = False

        def __init__(self, hits: list[SearchHit], status: str) -> None:
            super().__init__()
            self.hits = hits
            self.status = status

    def __init__(self, data: ReaderData) -> None:
        super().__init__()
        self.data = data
        self._ids: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder='Search words, "a phrase", NEAR(a b), prefix*', id="q")
            yield Static("", id="search-status")
            yield OptionList(id="results", markup=False)

    @on(Input.Changed, "#q")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#q")
    def _submitted(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        if not query.strip():
            self.post_message(self.Results([], ""))
            return
        try:
            hits = self.data.search(query, SEARCH_LIMIT)
        except StoreError:
            self.post_message(self.Results(
                [], "Not a valid search: check quotes and parentheses, "
                "or put the words in double quotes."))
            return
        self.post_message(self.Results(hits, f"{len(hits)} results" + (
            f" (first {SEARCH_LIMIT})" if len(hits) == SEARCH_LIMIT else "")))

    @on(Results)
    def _show(self, event: Results) -> None:
        self.query_one("#search-status", Static).update(Text(event.status))
        results = self.query_one(OptionList)
        results.clear_options()
        self._ids = [hit.id for hit in event.hits]
        results.add_options([Option(self._result_text(hit)) for hit in event.hits])

    @staticmethod
    def _result_text(hit: SearchHit) -> Text:
        t = Text()
        if hit.kind == "cable":
            t.append("cable ", style="bold magenta")
        t.append(one_line(hit.title, 90), style="bold")
        t.append(f"  {(hit.date or '')[:10]}\n", style="dim")
        for text, is_hit in hit.snippet:
            shown = safe_text(text).replace("\n", " ")
            if is_hit:  # one span per character: the look the snapshots were taken with
                for ch in shown:
                    t.append(ch, style="bold reverse")
            else:
                t.append(shown)
        return t

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._ids[event.option_index])


class ImportScreen(ModalScreen[None]):
    """Ask for a path, import it in a worker with progress, list what failed.

    When an import ends the app gets `ImportScreen.Imported` (even when the screen was
    closed meanwhile: the import goes on in the background).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical { width: 90%; height: 70%; border: thick $accent;
                              background: $panel; padding: 0 1; }
    ImportScreen ProgressBar { margin: 1 0; }
    ImportScreen RichLog { height: 1fr; }
    """

    class Imported(Message):
        """An import ended (posted to the app)."""

        def __init__(self, summary: ImportSummary) -> None:
            super().__init__()
            self.summary = summary

    class _Progressed(Message):
        bubble = False

        def __init__(self, progress: Progress) -> None:
            super().__init__()
            self.progress = progress

    class _Done(Message):
        bubble = False

        def __init__(self, summary: ImportSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, data: ReaderData) -> None:
        super().__init__()
        self.data = data
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Import files or a folder (recursive). Enter starts; escape "
                              "closes (an import goes on in the background).", style="dim"))
            yield Input(placeholder="path to a file or folder", id="path")
            yield ProgressBar(total=100, show_eta=True, id="progress")
            yield Static("", id="import-status")
            yield RichLog(id="import-log", markup=False, wrap=True)

    @on(Input.Submitted, "#path")
    def _start(self, event: Input.Submitted) -> None:
        if self.running:
            return
        raw = event.value.strip()
        if not raw:
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self.query_one("#import-status", Static).update(
                Text(f"No such file or folder: {path}", style="bold red"))
            return
        self.running = True
        self.query_one("#import-log", RichLog).clear()
        self.run_import(path, self.app)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path, app: App[object]) -> None:
        # Progress goes to this screen only while it is open (a closed screen drops its
        # messages); the end of the import always reaches the app.
        def progress(p: Progress) -> None:
            self.post_message(self._Progressed(p))

        summary = self.data.import_paths([path], progress=progress)
        self.post_message(self._Done(summary))
        app.post_message(self.Imported(summary))

    @on(_Progressed)
    def _progress(self, event: _Progressed) -> None:
        p = event.progress
        self.query_one(ProgressBar).update(progress=p.fraction * 100)
        self.query_one("#import-status", Static).update(
            Text(f"{p.documents} documents written · {Path(p.current).name}" if p.current
                 else ""))

    @on(_Done)
    def _done(self, event: _Done) -> None:
        summary = event.summary
        self.running = False
        self.query_one(ProgressBar).update(progress=100)
        status = (f"Imported {summary.imported}, already present {summary.already_present}, "
                  f"failed {len(summary.failed)}.")
        self.query_one("#import-status", Static).update(
            Text(status, style="bold red" if summary.failed else "bold green"))
        log = self.query_one("#import-log", RichLog)
        for f in summary.failed:
            log.write(Text(f"failed: {one_line(f.path)}: {one_line(f.reason)}"))

    def action_close(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[str | None]):
    """One line of input (a new name); escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    AskScreen { align: center middle; }
    AskScreen > Vertical { width: 70; height: auto; border: thick $accent;
                           background: $panel; padding: 0 1; }
    """

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            yield Input(value=self.value, id="answer")

    @on(Input.Submitted, "#answer")
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class MergeScreen(ModalScreen[int | None]):
    """Find the entity to merge with by name; returns its id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    MergeScreen { align: center middle; }
    MergeScreen > Vertical { width: 80; height: 60%; border: thick $accent;
                             background: $panel; }
    MergeScreen OptionList { height: 1fr; }
    """

    class _Candidates(Message):
        bubble = False

        def __init__(self, entities: list[EntityMatch]) -> None:
            super().__init__()
            self.entities = entities

    def __init__(self, data: ReaderData, entity_name: str, entity_id: int) -> None:
        super().__init__()
        self.data = data
        self.entity_name = entity_name
        self.entity_id = entity_id
        self._ids: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Merge “{one_line(self.entity_name, 50)}” with… (type a name)"))
            yield Input(id="who")
            yield OptionList(id="candidates", markup=False)

    @on(Input.Changed, "#who")
    def _changed(self, event: Input.Changed) -> None:
        self.lookup(event.value.strip())

    @on(Input.Submitted, "#who")
    def _submitted(self) -> None:
        self.query_one(OptionList).focus()

    @work(thread=True, exclusive=True, group="merge")
    def lookup(self, text: str) -> None:
        self.post_message(self._Candidates(self.data.find_entities(text, exclude=self.entity_id)))

    @on(_Candidates)
    def _show(self, event: _Candidates) -> None:
        box = self.query_one(OptionList)
        box.clear_options()
        self._ids = [e.id for e in event.entities]
        box.add_options([Option(Text(f"{one_line(e.name, 60)}  {e.type} · "
                                     f"{e.mentions} mentions")) for e in event.entities])

    @on(OptionList.OptionSelected, "#candidates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._ids[event.option_index])
