"""Modal screens: help, full-text search, import, a new name, merge with….

A screen gets what it reads or writes through in its constructor (the reader's data access,
`reader.ui.data.ReaderData`) and reports back by its dismiss result or by messages; it never
reaches into the app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, ProgressBar, RichLog, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.models import ImportSummary
from reader.rows import EntityMatch, MentionRow, SearchHit
from reader.services.importer import Progress
from reader.store import StoreError
from reader.text.fold import fold
from reader.ui.body import safe_text
from reader.ui.data import ReaderData
from reader.ui.panes import one_line, plural

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
        table.add_column(style="bold", max_width=24)
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


@dataclass(frozen=True, slots=True)
class SearchChoice:
    """A search result the user chose: the document, and where its first hit is."""

    document_id: int
    hit: tuple[int, int] | None


class SearchScreen(ModalScreen[SearchChoice | None]):
    """Full-text search with results as you type; returns the chosen result.

    Each keystroke starts a new search (an exclusive worker); a slower, older search that
    ends after a newer one is dropped by its number, so the list always shows the query in
    the box."""

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

        def __init__(self, generation: int, hits: list[SearchHit], status: str) -> None:
            super().__init__()
            self.generation = generation
            self.hits = hits
            self.status = status

    def __init__(self, data: ReaderData) -> None:
        super().__init__()
        self.data = data
        self._hits: list[SearchHit] = []
        self._generation = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder='Search words, "a phrase", NEAR(a b), prefix*', id="q")
            yield Static("", id="search-status")
            yield OptionList(id="results", markup=False)

    @on(Input.Changed, "#q")
    def _changed(self, event: Input.Changed) -> None:
        self._generation += 1
        self.run_search(event.value, self._generation)

    @on(Input.Submitted, "#q")
    def _submitted(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, generation: int) -> None:
        if not query.strip():
            self.post_message(self.Results(generation, [], ""))
            return
        try:
            hits = self.data.search(query, SEARCH_LIMIT)
        except StoreError as exc:
            if get_current_worker().is_cancelled:
                return  # stopped because the search was closed: nothing to say
            said = str(exc)
            self.post_message(self.Results(
                generation, [], said[:1].upper() + said[1:] + "." if said.startswith(
                    "the search") else "Not a valid search: check quotes and parentheses, "
                "or put the words in double quotes."))
            return
        if get_current_worker().is_cancelled:
            return
        self.post_message(self.Results(generation, hits, plural(len(hits), "result") + (
            f" (the first {SEARCH_LIMIT})" if len(hits) == SEARCH_LIMIT else "")))

    @on(Results)
    def _show(self, event: Results) -> None:
        if event.generation != self._generation:
            return  # an older query's results, arriving late
        self.query_one("#search-status", Static).update(Text(event.status))
        results = self.query_one(OptionList)
        results.clear_options()
        self._hits = list(event.hits)
        results.add_options([Option(self._result_text(hit)) for hit in event.hits])

    @staticmethod
    def _result_text(hit: SearchHit) -> Text:
        t = Text()
        if hit.kind == "cable":
            t.append("cable ", style="bold magenta")
            if hit.ref_id:
                t.append(hit.ref_id + " ", style="bold magenta")
        t.append(one_line(hit.title, 90), style="bold")
        meta = " · ".join(x for x in (one_line(hit.outlet, 30), (hit.date or "")[:10]) if x)
        t.append(f"  {meta}\n", style="dim")
        for text, is_hit in hit.snippet:
            shown = safe_text(text).replace("\n", " ")
            if is_hit:  # one span per character: the look the snapshots were taken with
                for ch in shown:
                    t.append(ch, style="bold reverse")
            else:
                t.append(shown)
        return t

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "search")
        self.data.stop_searches()

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        hit = self._hits[event.option_index]
        first = next((text for text, is_hit in hit.snippet if is_hit), "")
        span = ((hit.hit_start, hit.hit_start + len(first.strip()) or 1)
                if hit.hit_start is not None else None)
        self.dismiss(SearchChoice(hit.id, span))


class ImportScreen(ModalScreen[None]):
    """Ask for a path, start an import, show its progress and what failed.

    The import itself is the app's background job (`start`, given by the app): it goes on
    when this screen is closed, and the app reports its end. While the screen is open the
    app passes on the job's progress (`show_progress`) and its end (`show_done`)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical { width: 90%; height: 70%; border: thick $accent;
                              background: $panel; padding: 0 1; }
    ImportScreen ProgressBar { margin: 1 0; }
    ImportScreen RichLog { height: 1fr; }
    """

    def __init__(self, start: Callable[[Path], bool], running: Progress | None = None) -> None:
        super().__init__()
        self.start = start
        self.running = running

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Import files or a folder (recursive). Enter starts; escape "
                              "closes this window, and the import goes on in the background "
                              "(its progress is shown in the title bar).", style="dim"))
            yield Input(placeholder="path to a file or folder", id="path")
            yield ProgressBar(total=100, show_eta=True, id="progress")
            yield Static("", id="import-status")
            yield RichLog(id="import-log", markup=False, wrap=True)

    def on_mount(self) -> None:
        if self.running is not None:
            self.show_progress(self.running)

    @on(Input.Submitted, "#path")
    def _start(self, event: Input.Submitted) -> None:
        raw = event.value.strip()
        if not raw:
            return
        path = Path(raw).expanduser()
        status = self.query_one("#import-status", Static)
        if not path.exists():
            status.update(Text(f"No such file or folder: {one_line(str(path))}",
                               style="bold red"))
            return
        if not self.start(path):
            status.update(Text("An import is already running; wait for it to end.",
                               style="bold red"))
            return
        self.query_one("#import-log", RichLog).clear()
        status.update(Text(f"Importing {one_line(str(path))}…"))

    def show_progress(self, p: Progress) -> None:
        self.query_one(ProgressBar).update(progress=p.fraction * 100)
        self.query_one("#import-status", Static).update(
            Text(f"{plural(p.documents, 'document')} written · {one_line(Path(p.current).name)}"
                 if p.current else ""))

    def show_done(self, summary: ImportSummary) -> None:
        self.query_one(ProgressBar).update(progress=100)
        self.query_one("#import-status", Static).update(
            Text(import_summary_text(summary),
                 style="bold red" if summary.failed else "bold green"))
        log = self.query_one("#import-log", RichLog)
        for f in summary.failed:
            log.write(Text(f"failed: {one_line(f.path)}: {one_line(f.reason)}"))
        for f in summary.skipped:
            log.write(Text(f"skipped: {one_line(f.path)}: {one_line(f.reason)}"))

    def action_close(self) -> None:
        self.dismiss(None)


def import_summary_text(summary: ImportSummary) -> str:
    """An import's end, in one line."""
    parts = [f"Imported {summary.imported}", f"already present {summary.already_present}",
             f"failed {len(summary.failed)}"]
    skipped = len(summary.skipped)
    if skipped:
        parts.append(f"skipped {skipped}")
    return ", ".join(parts) + "."


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


class MergeScreen(ModalScreen[EntityMatch | None]):
    """Find the entity to merge with by name; returns it."""

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
        self._found: list[EntityMatch] = []

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
        self._found = list(event.entities)
        box.add_options([Option(Text(f"{one_line(e.name, 60)}  {e.type} · "
                                     f"{plural(e.mentions, 'mention')}"))
                         for e in event.entities])

    @on(OptionList.OptionSelected, "#candidates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._found[event.option_index])


class NamesScreen(ModalScreen[int | None]):
    """The names of the open document, to jump to one: type to narrow, enter goes to its
    first mention after the cursor. Returns a mention id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    NamesScreen { align: center middle; }
    NamesScreen > Vertical { width: 70; max-width: 95%; height: 70%; border: thick $accent;
                             background: $panel; }
    NamesScreen OptionList { height: 1fr; }
    """

    def __init__(self, mentions: Sequence[MentionRow], after: int = -1) -> None:
        super().__init__()
        self.after = after
        # one row per entity: its name, type, how often here, its mentions in order
        entities: dict[int, list[MentionRow]] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            entities.setdefault(m.entity_id, []).append(m)
        self.entities = sorted(entities.values(), key=lambda ms: (-len(ms), ms[0].start))
        self._shown: list[list[MentionRow]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Go to a name in this document (type to narrow; enter goes to "
                              "its next mention)"))
            yield Input(id="name")
            yield OptionList(id="names", markup=False)

    def on_mount(self) -> None:
        self._show("")

    @on(Input.Changed, "#name")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#name")
    def _submitted(self) -> None:
        if self._shown:
            self._go(self._shown[0])

    def _show(self, text: str) -> None:
        needle = fold(text)
        self._shown = [ms for ms in self.entities
                       if not needle or any(needle in fold(m.text) for m in ms)
                       or needle in fold(ms[0].entity_name)]
        box = self.query_one(OptionList)
        box.clear_options()
        box.add_options([Option(Text(f"{one_line(ms[0].entity_name, 50)}  {ms[0].type} · "
                                     f"{plural(len(ms), 'time')} here"))
                         for ms in self._shown])

    @on(OptionList.OptionSelected, "#names")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._go(self._shown[event.option_index])

    def _go(self, mentions: list[MentionRow]) -> None:
        after = next((m for m in mentions if m.start > self.after), mentions[0])
        self.dismiss(after.id)

