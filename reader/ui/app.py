"""The reader (Textual). Widgets only display and dispatch: what a pane shows comes from
the views service (`reader.services.views`), asked in thread workers that post the result.

Article text is untrusted: it is drawn as plain text with styled spans (see `body.py`), never
parsed as markup, and control characters never reach the terminal.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Footer, Header, Static
from textual.widgets._footer import FooterKey
from textual.worker import get_current_worker

from reader.history import History
from reader.models import ImportSummary
from reader.rows import DocumentListRow, DocumentRow, EntityMatch, MentionRow
from reader.services.importer import Progress
from reader.services.views import DocumentView, Found, XrefView
from reader.ui.body import BodyView, safe_text
from reader.ui.data import ReaderData
from reader.ui.panes import (
    FILTER_HELP,
    ArticleList,
    ArticleTable,
    CableList,
    CablesPanel,
    XrefList,
    XrefPanel,
    one_line,
    plural,
)
from reader.ui.screens import (
    AskScreen,
    HelpScreen,
    ImportScreen,
    MergeScreen,
    NamesScreen,
    SearchChoice,
    SearchScreen,
    import_summary_text,
)

Location = tuple[int, int | None]  # (document id, mention id under the cursor)
NARROW = 100  # below this many columns, the list and the side panes take turns
POLL_SECONDS = 2.0  # how often the reader looks for documents another process wrote

MENTION_STYLES = {
    "person": "bold #f0c674 underline",
    "group": "bold #81a2be",
    "place": "italic #b5bd68",
}


def render_body(body: str, mentions: Sequence[MentionRow]) -> Text:
    """The body as plain text with styled spans (for exports and tests)."""
    text = Text(safe_text(body), no_wrap=False)
    for m in mentions:
        text.stylize(MENTION_STYLES.get(m.type, "bold"), m.start, m.end)
    return text


class ImportStopped(BaseException):
    """The user quit while an import ran: it stops at its next progress report. (Not an
    Exception: the importer's per-file error handling must not take it for a bad file.)"""


class ReaderFooter(Footer):
    """The footer, with help and quit first: on a narrow terminal the keys that do not fit
    are the pane's own, never the way out."""

    FIRST = ("help", "quit", "app.quit_from_list")

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        order = sorted(shown.values(), key=lambda b: b[0].action not in self.FIRST)
        self.styles.grid_size_columns = len(order)
        for binding, enabled, tooltip in order:
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)


@dataclass(frozen=True, slots=True)
class Done:
    """A judgement made in this session, as the undo and redo stacks hold it."""

    kind: Literal["link", "cite"]
    id: int
    what: str  # what it did, in words


class DocumentCommands(Provider):
    """Command palette: open a document by title or cable id, jump to a person or group.

    Textual makes providers itself, so this one finds the reader through its app; what it
    shows comes from the views service (`find`)."""

    async def discover(self) -> Hits:
        app = self.app
        if isinstance(app, CableReaderApp):
            yield DiscoveryHit("Search the full text", app.action_search,
                               help="/ : full-text search")
            yield DiscoveryHit("Import files or a folder", app.action_import_files,
                               help="i : import")

    async def search(self, query: str) -> Hits:
        app = self.app
        if len(query.strip()) < 2 or not isinstance(app, CableReaderApp):
            return
        matcher = self.matcher(query)
        found: Found = await asyncio.to_thread(app.data.find, query.strip())
        for d in found.documents:
            label = one_line(d.title if d.kind == "article" else f"{d.ref_id} {d.title}", 90)
            score = matcher.match(label)
            yield Hit(max(score, 0.1), Text(f"Open: {label}"),
                      partial(app.open_document, d.id, None),
                      help=f"{d.kind} · {(d.date or '')[:10]}")
        for e in found.entities:
            if e.document_id is None:
                continue
            name = one_line(e.name, 80)
            score = matcher.match(name)
            yield Hit(max(score, 0.1), Text(f"Entity: {name}"),
                      partial(app.open_document, e.document_id, e.mention_id),
                      help=f"{e.type} · {e.mentions} mentions")


class CableReaderApp(App[None]):
    TITLE = "cablereader"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {DocumentCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("n", "next_mention", "Next name"),
        Binding("N", "previous_mention", "Prev name"),
        Binding("f", "find_name", "Go to name"),
        Binding("backspace,alt+left", "back", "Back"),
        Binding("alt+right", "forward", "Forward"),
        Binding("slash", "search", "Search"),
        Binding("i", "import_files", "Import"),
        Binding("m", "merge", "Merge with…", show=False),
        Binding("s", "split_mention", "Split this name off", show=False),
        Binding("S", "split_document", "Split this document off", show=False),
        Binding("r", "rename", "Rename", show=False),
        Binding("h", "hide", "Hide entity", show=False),
        Binding("u", "undo", "Undo", show=False),
        Binding("U", "redo", "Redo", show=False),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
        Binding("escape", "focus_list", "Document list", show=False),
    ]

    # the actions bound to a letter: they never run from the document list or its filter
    _LETTER_ACTIONS = frozenset(
        b.action for b in BINDINGS
        if isinstance(b, Binding) and any(len(k) == 1 and k.isalpha() for k in b.key.split(",")))

    class DocumentsLoaded(Message):
        """The document list, from its worker."""

        def __init__(self, rows: list[DocumentListRow]) -> None:
            super().__init__()
            self.rows = rows

    class DocumentLoaded(Message):
        """A document and what the panes show of it, from its worker."""

        def __init__(self, view: DocumentView, mention_id: int | None, record: bool,
                     focus_body: bool, hit: tuple[int, int] | None = None) -> None:
            super().__init__()
            self.view = view
            self.mention_id = mention_id
            self.record = record
            self.focus_body = focus_body
            self.hit = hit

    class XrefLoaded(Message):
        """The cross-references of the entity under the cursor, from their worker."""

        def __init__(self, view: XrefView, cluster_id: int | None) -> None:
            super().__init__()
            self.view = view
            self.cluster_id = cluster_id

    class ImportProgressed(Message):
        def __init__(self, progress: Progress) -> None:
            super().__init__()
            self.progress = progress

    class ImportEnded(Message):
        def __init__(self, summary: ImportSummary | None, error: str | None = None) -> None:
            super().__init__()
            self.summary = summary
            self.error = error

    class IndexChanged(Message):
        """Another process wrote to the index (new or removed documents)."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.data = ReaderData(db_path)
        self.history: History[Location] = History()
        self.document: DocumentRow | None = None
        self.view: DocumentView | None = None
        self._opening: Location | None = None
        self._undo: list[Done] = []
        self._redo: list[Done] = []
        self._xref: XrefView | None = None
        self._restore_focus: tuple[str, int | None] | None = None
        self._import: Progress | None = None  # the background import's latest progress
        self._import_stop = threading.Event()
        self._quit_asked = False
        self._signature: object = None
        self._counts = ""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Messages carry names and titles from documents: never parsed as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout,
                       markup=markup)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            with Vertical(id="reading"):
                yield Static(Text("Choose a document on the left.", style="dim"),
                             id="doc-header")
                yield BodyView(id="body")
                yield Static("", id="doc-legend")
            with Vertical(id="side"):
                yield XrefPanel(id="xref")
                yield CablesPanel(id="cables")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.query_one("#articles").border_title = "Documents"
        self.query_one("#reading").border_title = "Reading"
        self.query_one("#xref").border_title = "Cross-references"
        self.query_one("#cables").border_title = "Cables"
        self.query_one(ArticleTable).focus()
        self._fit_layout(self.size.width)
        self.reload_documents()
        self.set_interval(POLL_SECONDS, self._poll)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_layout(event.size.width)

    def _fit_layout(self, width: int) -> None:
        """Below NARROW columns the list and the side panes take turns beside the reading
        pane: the list while it has focus, the cross-references otherwise."""
        self.screen_stack[0].set_class(width < NARROW, "-narrow")  # (a modal may be open)
        self._mark_focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._mark_focus()

    def _mark_focus(self) -> None:
        if self.screen is not self.screen_stack[0]:
            return
        self.screen.set_class(not self._list_has_focus(), "-reading")

    def on_unmount(self) -> None:
        # Connections belong to worker threads that may still be inside a query: closing
        # them from here could crash SQLite. They close with their threads; a search still
        # running is interrupted, so quitting does not wait for it.
        self.data.stop_searches()
        self.workers.cancel_all()

    # -- documents list --------------------------------------------------------------------

    def _post(self, message: Message) -> None:
        """From a worker: post its result unless a newer worker of its group replaced it."""
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @work(thread=True, exclusive=True, group="list")
    def reload_documents(self) -> None:
        self._signature = self.data.index_signature()
        self._post(self.DocumentsLoaded(self.data.document_list()))

    @on(DocumentsLoaded)
    def _show_documents(self, event: DocumentsLoaded) -> None:
        rows = event.rows
        articles = sum(1 for r in rows if r.kind == "article")
        self.query_one(ArticleList).set_rows(rows)
        self._counts = f"{plural(articles, 'article')} · {plural(len(rows) - articles, 'cable')}"
        self._show_counts()
        if not rows:
            self._show_empty()
        elif self.document is None:
            self.open_document(rows[0].id, None, focus_body=False)
        elif not any(r.id == self.document.id for r in rows):
            self.notify("The open document is no longer in the index.", severity="warning")
        else:
            self.query_one(ArticleList).select_document(self.document.id)

    def _show_counts(self) -> None:
        p = self._import
        busy = (f" · importing {p.fraction:.0%} ({plural(p.documents, 'document')} written)"
                if p is not None else "")
        self.sub_title = self._counts + busy

    def _show_empty(self) -> None:
        self.document = None
        self.view = None
        hint = Text()
        hint.append("This index is empty.\n", style="bold")
        hint.append("Press i to import a file or a folder of articles or cables, or run\n"
                    f"  cablereader --db {self.db_path} import PATH…", style="dim")
        self.query_one("#doc-header", Static).update(hint)
        body = self.query_one(BodyView)
        body.set_document("", [])
        body.focus()  # so that i imports at once (in the list, letters are filter text)
        self.query_one("#doc-legend", Static).update("")

    def _poll(self) -> None:
        if self._import is None:
            self._check_index()

    @work(thread=True, exclusive=True, group="poll")
    def _check_index(self) -> None:
        signature = self.data.index_signature()
        if self._signature is not None and signature != self._signature:
            self._post(self.IndexChanged())

    @on(IndexChanged)
    def _index_changed(self) -> None:
        self.reload_documents()

    @on(ArticleList.Opened)
    def _article_opened(self, event: ArticleList.Opened) -> None:
        current = self.document.id if self.document else None
        if event.document_id != current:
            self.open_document(event.document_id, None, focus_body=event.focus_body)
        elif event.focus_body:
            self.query_one(BodyView).focus()

    # -- opening a document ----------------------------------------------------------------

    def open_document(self, document_id: int, mention_id: int | None, *,
                      record: bool = True, focus_body: bool = True,
                      hit: tuple[int, int] | None = None) -> None:
        """Show a document, with the cursor on a mention, or a search hit marked (neither:
        at the top)."""
        self._load_document(document_id, mention_id, record, focus_body, hit)

    @work(thread=True, exclusive=True, group="document")
    def _load_document(self, document_id: int, mention_id: int | None, record: bool,
                       focus_body: bool, hit: tuple[int, int] | None = None) -> None:
        view = self.data.document_view(document_id)
        if view is None:
            self.call_from_thread(self.notify, f"Document {document_id} is no longer in the "
                                  "index.", severity="error")
            return
        self._post(self.DocumentLoaded(view, mention_id, record, focus_body, hit))

    @on(DocumentLoaded)
    def _show_document(self, event: DocumentLoaded) -> None:
        view, mention_id = event.view, event.mention_id
        doc = view.document
        self.document = doc
        self.view = view
        self.query_one("#doc-header", Static).update(self._header(doc, len(view.mentions)))
        body = self.query_one(BodyView)
        if event.record:
            self.history.visit((doc.id, mention_id))
        self._opening = (doc.id, mention_id)
        body.set_document(doc.body, view.mentions, mention_id, event.hit)
        self._opening = None
        self.query_one(ArticleList).select_document(doc.id)
        if event.focus_body:
            body.focus()
        self.refresh_bindings()
        self.query_one(CablesPanel).show(view)
        if self._restore_focus is not None and self._restore_focus[0] == "cables":
            index = self._restore_focus[1]
            self._restore_focus = None
            self.query_one(CableList).restore(index)

    def _legend(self) -> Text:
        """The three name styles, and where the cursor is among the document's names."""
        t = Text(no_wrap=True, overflow="ellipsis")
        for kind in ("person", "group", "place"):
            t.append(kind, style=MENTION_STYLES[kind])
            t.append("  ")
        body = self.query_one(BodyView)
        total = len(body.mentions)
        if total:
            where = (f"name {body.cursor + 1} of {total}" if body.cursor >= 0
                     else f"{plural(total, 'name')} · n goes to the next")
            t.append(" " + where, style="dim")
        return t

    @staticmethod
    def _header(doc: DocumentRow, n_mentions: int) -> Text:
        t = Text()
        if doc.kind == "cable":
            t.append(f"{doc.ref_id}  ", style="bold magenta")
        t.append(one_line(doc.title) + "\n", style="bold")
        if doc.kind == "cable":
            parts = [doc.origin, doc.classification, doc.date or ""]
            t.append(" · ".join(one_line(p) for p in parts if p) + "\n", style="dim")
            if doc.subject and doc.subject != doc.title:
                t.append("Subject: " + one_line(doc.subject) + "\n", style="dim")
        else:
            parts = [doc.outlet, doc.byline, (doc.date or "")[:10]]
            meta = " · ".join(one_line(p) for p in parts if p)
            if meta:
                t.append(meta + "\n", style="dim")
        t.append(f"{one_line(Path(doc.source).name, 80)} · {plural(n_mentions, 'name')}",
                 style="dim italic")
        return t

    # -- the mention cursor and cross-references -------------------------------------------

    def action_next_mention(self) -> None:
        body = self.query_one(BodyView)
        if not body.move_cursor(+1):
            self.bell()

    def action_previous_mention(self) -> None:
        body = self.query_one(BodyView)
        if not body.move_cursor(-1):
            self.bell()

    @on(BodyView.CursorMoved)
    def _cursor_moved(self, event: BodyView.CursorMoved) -> None:
        if self.document is None:
            return
        mention = event.mention
        if self._opening is None:
            self.history.replace((self.document.id, mention.id if mention else None))
        legend = self.query("#doc-legend")
        if not legend:  # the reader is closing: its screen is gone
            return
        legend.first(Static).update(self._legend())
        panel = self.query_one(XrefPanel)
        if mention is None:
            self._xref = None
            panel.clear("Move to a name with n / N (or f) to see where else it appears.")
            return
        self._load_xref(mention.entity_id, self.document.id, mention.cluster_id)

    @work(thread=True, exclusive=True, group="xref")
    def _load_xref(self, entity_id: int, document_id: int, cluster_id: int | None = None
                   ) -> None:
        view = self.data.xref_view(entity_id, document_id)
        if view is not None:
            self._post(self.XrefLoaded(view, cluster_id))

    @on(XrefLoaded)
    def _show_xref(self, event: XrefLoaded) -> None:
        self._xref = event.view
        self.query_one(XrefPanel).show(event.view, event.cluster_id)
        if self._restore_focus is not None and self._restore_focus[0] == "xref":
            index = self._restore_focus[1]
            self._restore_focus = None
            xref = self.query_one(XrefList)
            if xref.option_count:
                xref.highlighted = min(index or 0, xref.option_count - 1)
                xref.focus()

    def action_find_name(self) -> None:
        body = self.query_one(BodyView)
        if not body.mentions:
            self.notify("This document has no names to go to.", severity="warning")
            return
        current = body.current_mention

        def chosen(mention_id: int | None) -> None:
            if mention_id is not None:
                body.go_to_mention(mention_id)
                body.focus()

        self.push_screen(NamesScreen(body.mentions, current.start if current else -1), chosen)

    # -- judgements ------------------------------------------------------------------------
    #
    # Each judgement made here goes on an undo stack of this session (u pops it, U redoes);
    # the message says what was done, in words. Focus stays in the pane the user was in.

    @on(XrefPanel.Judge)
    def _judge(self, event: XrefPanel.Judge) -> None:
        here = self._here_name()
        if event.same:
            self._write_judgement(lambda d: d.judge_same_clusters(event.cluster, event.other),
                                  f"Confirmed: {here} is the same as {event.label}")
        else:
            self._write_judgement(lambda d: d.judge_not_same(event.cluster, event.other),
                                  f"Rejected: {event.label} is no longer linked to {here}; "
                                  "the other links stay")

    def _here_name(self) -> str:
        mention = self.query_one(BodyView).current_mention
        return f"“{one_line(mention.text, 40)}” here" if mention else "this name"

    @work(thread=True, exclusive=False, group="judge")  # never cancel a write
    def _write_judgement(self, act: Callable[[ReaderData], int], message: str,
                         kind: Literal["link", "cite"] = "link") -> None:
        try:
            jid = act(self.data)
        except Exception as exc:  # a store error or a race with an import
            self.call_from_thread(self.notify, f"Not recorded: {exc}", severity="error")
            return
        self.call_from_thread(self._after_judgement, Done(kind, jid, message))

    def _after_judgement(self, done: Done) -> None:
        self._undo.append(done)
        self._redo.clear()
        self.notify(f"{done.what}.  u undoes", timeout=5)
        self._refresh_after_change()

    def _refresh_after_change(self) -> None:
        """Show the document again after a judgement, the cursor and focus where they were."""
        if self.document is None:
            return
        focused = self.focused
        if isinstance(focused, XrefList):
            self._restore_focus = ("xref", focused.highlighted)
        elif isinstance(focused, CableList):
            self._restore_focus = ("cables", focused.highlighted)
        else:
            self._restore_focus = None
        current = self.query_one(BodyView).current_mention
        self.open_document(self.document.id, current.id if current else None,
                           record=False, focus_body=isinstance(focused, BodyView))

    def _current(self) -> MentionRow | None:
        mention = self.query_one(BodyView).current_mention
        if mention is None:
            self.notify("Put the cursor on a name first (n / N, or f).", severity="warning")
        return mention

    def _reach(self, m: MentionRow) -> str:
        """How far an entity reaches, as its panel last said: '12 documents, 40 mentions'."""
        x = self._xref
        if x is None or x.entity.id != m.entity_id:
            return ""
        return (f" ({plural(x.entity.documents, 'document')}, "
                f"{plural(x.entity.mentions, 'mention')})")

    def action_split_mention(self) -> None:
        if (m := self._current()) is not None:
            self._write_judgement(lambda d: d.split_mention(m.id),
                                  f"Split off: this “{one_line(m.text, 40)}” is now an entity "
                                  "of its own")

    def action_split_document(self) -> None:
        if (m := self._current()) is not None and self.document is not None:
            doc_id = self.document.id
            self._write_judgement(lambda d: d.split_document(m.entity_id, doc_id),
                                  f"Split off: this document's “{one_line(m.text, 40)}” is "
                                  f"taken off “{one_line(m.entity_name, 40)}”")

    def action_hide(self) -> None:
        if (m := self._current()) is not None:
            self._write_judgement(lambda d: d.hide_entity(m.entity_id),
                                  f"Hidden: “{one_line(m.entity_name, 40)}”{self._reach(m)} "
                                  "in every document")

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo in this session (`cablereader judge list` shows "
                        "earlier judgements; `judge undo ID` withdraws one).",
                        severity="warning")
            return
        done = self._undo.pop()
        self._toggle(done, undo=True)

    def action_redo(self) -> None:
        if not self._redo:
            self.notify("Nothing to redo.", severity="warning")
            return
        done = self._redo.pop()
        self._toggle(done, undo=False)

    @work(thread=True, exclusive=False, group="judge")  # never cancel a write
    def _toggle(self, done: Done, undo: bool) -> None:
        try:
            if undo:
                self.data.undo_judgement(done.kind, done.id)
            else:
                self.data.redo_judgement(done.kind, done.id)
        except Exception as exc:
            (self._undo if undo else self._redo).append(done)
            self.call_from_thread(self.notify, f"Not {'undone' if undo else 'redone'}: {exc}",
                                  severity="error")
            return
        self.call_from_thread(self._after_toggle, done, undo)

    def _after_toggle(self, done: Done, undo: bool) -> None:
        if undo:
            self._redo.append(done)
            self.notify(f"Undone: {done.what}.  U redoes", timeout=5)
        else:
            self._undo.append(done)
            self.notify(f"Redone: {done.what}.  u undoes", timeout=5)
        self._refresh_after_change()

    def action_rename(self) -> None:
        if (m := self._current()) is None:
            return

        def renamed(name: str | None) -> None:
            if name:
                self._write_judgement(lambda d: d.rename_entity(m.entity_id, name),
                                      f"Renamed “{one_line(m.entity_name, 40)}” to "
                                      f"“{one_line(name, 40)}”{self._reach(m)}")

        self.push_screen(AskScreen(f"New name for “{one_line(m.entity_name)}”:",
                                   m.entity_name), renamed)

    def action_merge(self) -> None:
        if (m := self._current()) is None:
            return

        def chosen(other: EntityMatch | None) -> None:
            if other is not None:
                self._write_judgement(lambda d: d.judge_same(m.entity_id, other.id),
                                      f"Merged “{one_line(m.entity_name, 40)}” with "
                                      f"“{one_line(other.name, 40)}”")

        self.push_screen(MergeScreen(self.data, m.entity_name, m.entity_id), chosen)

    @on(XrefPanel.Follow)
    def _follow(self, event: XrefPanel.Follow) -> None:
        self.open_document(event.document_id, event.mention_id)

    @on(CablesPanel.Open)
    def _open_cable(self, event: CablesPanel.Open) -> None:
        self.open_document(event.document_id, None)

    @on(CablesPanel.JudgeCite)
    def _judge_cite(self, event: CablesPanel.JudgeCite) -> None:
        if self.document is None or self.document.kind != "article":
            return
        doc_id = self.document.id
        verdict = "reports on" if event.cites else "does not report on"
        self._write_judgement(lambda d: d.judge_cite(doc_id, event.ref_id, event.cites),
                              f"Recorded: this article {verdict} {event.ref_id}", "cite")

    # -- history ---------------------------------------------------------------------------

    async def action_back(self) -> None:
        location = self.history.back()
        if location is not None:
            self.open_document(*location, record=False)

    def action_forward(self) -> None:
        location = self.history.forward()
        if location is not None:
            self.open_document(*location, record=False)

    def _list_has_focus(self) -> bool:
        focused = self.focused
        return focused is not None and any(
            node.id == "articles" for node in focused.ancestors_with_self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._LETTER_ACTIONS and self._list_has_focus():
            return False  # a letter typed in the list is filter text: not shown, never run
        if action == "back":
            return True if self.history.can_go_back else None
        if action == "forward":
            return True if self.history.can_go_forward else None
        if action in ("next_mention", "previous_mention"):
            return True if self.query_one(BodyView).mentions else None
        return True

    # -- screens ---------------------------------------------------------------------------

    def action_search(self) -> None:
        def chosen(choice: SearchChoice | None) -> None:
            if choice is not None:
                self.open_document(choice.document_id, None, hit=choice.hit)

        self.push_screen(SearchScreen(self.data), chosen)

    # -- the background import -------------------------------------------------------------

    def action_import_files(self) -> None:
        self.push_screen(ImportScreen(self.start_import, self._import))

    def start_import(self, path: Path) -> bool:
        """Start importing PATH as a job of the app (it outlives the import window);
        False when an import is already running."""
        if self._import is not None:
            return False
        self._import = Progress(0, 1, 0, str(path), 0.0)
        self._import_stop.clear()
        self._show_counts()
        self._run_import(path)
        return True

    @work(thread=True, exclusive=True, group="import")
    def _run_import(self, path: Path) -> None:
        def progress(p: Progress) -> None:
            if self._import_stop.is_set() and p.files_done < p.files_total:
                raise ImportStopped  # (once the files are read, it finishes: it is linking)
            self.post_message(self.ImportProgressed(p))

        try:
            summary = self.data.import_paths([path], progress=progress)
        except ImportStopped:
            self.post_message(self.ImportEnded(None, "stopped"))
            return
        except Exception as exc:  # the index could not be written (locked, full disk…)
            self.post_message(self.ImportEnded(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.ImportEnded(summary))

    @on(ImportProgressed)
    def _import_progressed(self, event: ImportProgressed) -> None:
        self._import = event.progress
        self._show_counts()
        if isinstance(self.screen, ImportScreen):
            self.screen.show_progress(event.progress)

    @on(ImportEnded)
    def _import_ended(self, event: ImportEnded) -> None:
        self._import = None
        quitting = self._import_stop.is_set()
        self._quit_asked = False
        summary = event.summary
        if summary is None:
            self.notify(f"The import ended early ({event.error}). Documents written before "
                        "stay in the index; `cablereader relink` links their names.",
                        severity="error", timeout=10)
        else:
            self.notify(import_summary_text(summary)
                        + (" See the import window (i) for each failure." if summary.failed
                           else ""),
                        severity="error" if summary.failed else "information", timeout=8)
            if isinstance(self.screen, ImportScreen):
                self.screen.show_done(summary)
        self.reload_documents()
        if quitting:  # stopped by a second q: the user is quitting
            self.exit()

    async def action_quit_from_list(self) -> None:
        await self.action_quit()

    def action_import_from_list(self) -> None:
        self.action_import_files()

    async def action_quit(self) -> None:
        """Quit; while an import runs, the first q says so and the second stops it."""
        if self._import is None:
            self.exit()
            return
        if not self._quit_asked:
            self._quit_asked = True
            self.notify(f"An import is running ({plural(self._import.documents, 'document')} "
                        "written). Press q again to stop it and quit; what was written stays.",
                        severity="warning", timeout=8)
            return
        self._import_stop.set()
        self.notify("Stopping the import after the current batch…", timeout=8)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_help()))

    def action_focus_list(self) -> None:
        self.query_one(ArticleTable).focus()

    def key_help(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The key table, read from the bindings in force."""
        def rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
            out = []
            for b in bindings:
                if isinstance(b, Binding):
                    keys = " / ".join(self.get_key_display(Binding(k, b.action))
                                      for k in b.key.split(","))
                    out.append((keys, b.description))
            return out

        judge_actions = ("merge", "split_mention", "split_document", "rename", "hide", "undo",
                         "redo")
        general = [b for b in self.BINDINGS
                   if not (isinstance(b, Binding) and b.action in judge_actions)]
        everywhere = [*rows(general),
                      ("^p", "command palette: open a document, jump to a name")]
        documents = [*rows(ArticleTable.BINDINGS),
                     *rows([b for b in ArticleList.BINDINGS
                            if isinstance(b, Binding) and b.show]),
                     ("any letter or digit", "goes to the filter (" + FILTER_HELP + "); "
                      "commands such as q or u do not fire from the list")]
        reading = [*rows(BodyView.BINDINGS), ("click a name", "put the cursor on it")]
        judging = rows([b for b in self.BINDINGS
                        if isinstance(b, Binding) and b.action in judge_actions])
        xrefs = [*rows(XrefList.BINDINGS), ("⏎", "open that document at that mention")]
        cables = [*rows(CableList.BINDINGS), ("⏎", "open the cable or the other article")]
        return [("Everywhere", everywhere), ("Document list", documents),
                ("Reading pane", reading), ("Cross-references", xrefs), ("Cables", cables),
                ("Correcting links (on the name under the cursor)", judging)]


def key_table_markdown(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The README's key table, made from the help screen's sections."""
    lines = ["| where | keys | what they do |", "| --- | --- | --- |"]
    for title, rows in sections:
        for i, (keys, description) in enumerate(rows):
            words = " " in keys.replace(" / ", "")  # "click a name": words, not keys
            shown = keys if words else " / ".join(f"`{k}`" for k in keys.split(" / "))
            lines.append(f"| {title if i == 0 else ''} | {shown} | "
                         f"{description.replace('|', '/')} |")
    return "\n".join(lines)
