"""Modal screens: help, full-text search, import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, ProgressBar, RichLog, Static
from textual.widgets.option_list import Option

from reader.store import StoreError
from reader.ui.body import safe_text
from reader.ui.panes import one_line

if TYPE_CHECKING:
    from reader.ui.app import CableReaderApp


class ReaderAccess:
    """For screens and providers: the running app, typed as the reader."""

    app: Any

    @property
    def reader(self) -> CableReaderApp:
        return self.app  # type: ignore[no-any-return]


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


class SearchScreen(ReaderAccess, ModalScreen[int | None]):
    """Full-text search with results as you type; returns the chosen document id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]
    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > Vertical { width: 90%; height: 80%; border: thick $accent;
                              background: $panel; }
    SearchScreen #search-status { height: 1; padding: 0 1; color: $text-muted; }
    SearchScreen OptionList { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
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
            self.app.call_from_thread(self._show, [], "")
            return
        try:
            rows = self.reader.data.store.search(query, limit=200)
        except StoreError:
            self.app.call_from_thread(
                self._show, [], "Not a valid search: check quotes and parentheses, "
                "or put the words in double quotes.")
            return
        self.app.call_from_thread(self._show, rows, f"{len(rows)} results"
                                  + (" (first 200)" if len(rows) == 200 else ""))

    def _show(self, rows: list[dict[str, Any]], status: str) -> None:
        self.query_one("#search-status", Static).update(Text(status))
        results = self.query_one(OptionList)
        results.clear_options()
        self._ids = [r["id"] for r in rows]
        results.add_options([Option(self._result_text(r)) for r in rows])

    @staticmethod
    def _result_text(r: dict[str, Any]) -> Text:
        t = Text()
        if r["kind"] == "cable":
            t.append("cable ", style="bold magenta")
        t.append(one_line(r["title"], 90), style="bold")
        t.append(f"  {(r['date'] or '')[:10]}\n", style="dim")
        snippet = safe_text(r["snippet"]).replace("\n", " ")
        # FTS snippet marks the matched terms between \x02 and \x03 (spaces after safe_text)
        raw = r["snippet"].replace("\n", " ")
        inside = False
        for ch, orig in zip(snippet, raw, strict=True):
            if orig == "\x02":
                inside = True
                continue
            if orig == "\x03":
                inside = False
                continue
            t.append(ch, style="bold reverse" if inside else "")
        return t

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._ids[event.option_index])


class ImportScreen(ReaderAccess, ModalScreen[None]):
    """Ask for a path, import it in a worker with progress, list what failed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical { width: 90%; height: 70%; border: thick $accent;
                              background: $panel; padding: 0 1; }
    ImportScreen ProgressBar { margin: 1 0; }
    ImportScreen RichLog { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
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
        self.run_import(path)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path) -> None:
        from reader.service import Progress, import_paths
        from reader.store import Store

        def progress(p: Progress) -> None:
            self.app.call_from_thread(self._progress, p.fraction, p.documents, p.current)

        store = Store(self.reader.db_path)
        try:
            summary = import_paths(store, [path], progress=progress)
        finally:
            store.close()
        self.app.call_from_thread(self._done, summary)

    def _progress(self, fraction: float, documents: int, current: str) -> None:
        self.query_one(ProgressBar).update(progress=fraction * 100)
        self.query_one("#import-status", Static).update(
            Text(f"{documents} documents written · {Path(current).name}" if current else ""))

    def _done(self, summary: Any) -> None:
        self.running = False
        self.query_one(ProgressBar).update(progress=100)
        status = (f"Imported {summary.imported}, already present {summary.already_present}, "
                  f"failed {len(summary.failed)}.")
        self.query_one("#import-status", Static).update(
            Text(status, style="bold red" if summary.failed else "bold green"))
        log = self.query_one("#import-log", RichLog)
        for f in summary.failed:
            log.write(Text(f"failed: {one_line(f.path)}: {one_line(f.reason)}"))
        self.reader.reload_documents()

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


class MergeScreen(ReaderAccess, ModalScreen[int | None]):
    """Find the entity to merge with by name; returns its id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    MergeScreen { align: center middle; }
    MergeScreen > Vertical { width: 80; height: 60%; border: thick $accent;
                             background: $panel; }
    MergeScreen OptionList { height: 1fr; }
    """

    def __init__(self, entity_name: str, entity_id: int) -> None:
        super().__init__()
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
        rows = self.reader.data.store.find_entities(text, 30) if len(text) >= 2 else []
        rows = [r for r in rows if r["id"] != self.entity_id]
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        box = self.query_one(OptionList)
        box.clear_options()
        self._ids = [r["id"] for r in rows]
        box.add_options([Option(Text(f"{one_line(r['name'], 60)}  {r['type']} · "
                                     f"{r['mentions']} mentions")) for r in rows])

    @on(OptionList.OptionSelected, "#candidates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._ids[event.option_index])
