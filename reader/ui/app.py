"""The reader (Textual). Widgets only display and dispatch: what a pane shows comes from
the views service (`reader.services.views`), asked in thread workers that post the result.

Article text is untrusted: it is drawn as plain text with styled spans (see `body.py`), never
parsed as markup, and control characters never reach the terminal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from reader.history import History
from reader.rows import DocumentListRow, DocumentRow, MentionRow
from reader.services.views import DocumentView, Found, XrefView
from reader.ui.body import BodyView, safe_text
from reader.ui.data import ReaderData
from reader.ui.panes import (
    ArticleList,
    ArticleTable,
    CableList,
    CablesPanel,
    XrefList,
    XrefPanel,
    one_line,
)
from reader.ui.screens import (
    AskScreen,
    HelpScreen,
    ImportScreen,
    MergeScreen,
    SearchScreen,
)

Location = tuple[int, int | None]  # (document id, mention id under the cursor)

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
        Binding("n", "next_mention", "Next name"),
        Binding("N", "previous_mention", "Prev name"),
        Binding("backspace,alt+left", "back", "Back"),
        Binding("alt+right", "forward", "Forward"),
        Binding("slash", "search", "Search"),
        Binding("i", "import_files", "Import"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("m", "merge", "Merge", show=False),
        Binding("s", "split_mention", "Split name off", show=False),
        Binding("S", "split_document", "Split document off", show=False),
        Binding("r", "rename", "Rename", show=False),
        Binding("h", "hide", "Hide entity", show=False),
        Binding("u", "undo", "Undo judgement", show=False),
        Binding("q", "quit", "Quit"),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
        Binding("escape", "focus_list", "Article list", show=False),
    ]

    class DocumentsLoaded(Message):
        """The document list, from its worker."""

        def __init__(self, rows: list[DocumentListRow]) -> None:
            super().__init__()
            self.rows = rows

    class DocumentLoaded(Message):
        """A document and what the panes show of it, from its worker."""

        def __init__(self, view: DocumentView, mention_id: int | None, record: bool,
                     focus_body: bool) -> None:
            super().__init__()
            self.view = view
            self.mention_id = mention_id
            self.record = record
            self.focus_body = focus_body

    class XrefLoaded(Message):
        """The cross-references of the entity under the cursor, from their worker."""

        def __init__(self, view: XrefView, cluster_id: int | None) -> None:
            super().__init__()
            self.view = view
            self.cluster_id = cluster_id

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.data = ReaderData(db_path)
        self.history: History[Location] = History()
        self.document: DocumentRow | None = None
        self._opening: Location | None = None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            with Vertical(id="reading"):
                yield Static(Text("Choose a document on the left.", style="dim"),
                             id="doc-header")
                yield BodyView(id="body")
            with Vertical(id="side"):
                yield XrefPanel(id="xref")
                yield CablesPanel(id="cables")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#articles").border_title = "Documents"
        self.query_one("#reading").border_title = "Reading"
        self.query_one("#xref").border_title = "Cross-references"
        self.query_one("#cables").border_title = "Cables"
        self.query_one(ArticleTable).focus()
        self.reload_documents()

    def on_unmount(self) -> None:
        # Connections belong to worker threads that may still be inside a query: closing
        # them from here could crash SQLite. They close with their threads.
        self.workers.cancel_all()

    # -- documents list --------------------------------------------------------------------

    def _post(self, message: Message) -> None:
        """From a worker: post its result unless a newer worker of its group replaced it."""
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @work(thread=True, exclusive=True, group="list")
    def reload_documents(self) -> None:
        self._post(self.DocumentsLoaded(self.data.document_list()))

    @on(DocumentsLoaded)
    def _show_documents(self, event: DocumentsLoaded) -> None:
        rows = event.rows
        articles = sum(1 for r in rows if r.kind == "article")
        self.query_one(ArticleList).set_rows(rows)
        self.sub_title = f"{articles} articles · {len(rows) - articles} cables"
        if self.document is None and rows:
            self.open_document(rows[0].id, None, focus_body=False)

    @on(ArticleList.Opened)
    def _article_opened(self, event: ArticleList.Opened) -> None:
        current = self.document.id if self.document else None
        if event.document_id != current:
            self.open_document(event.document_id, None, focus_body=event.focus_body)
        elif event.focus_body:
            self.query_one(BodyView).focus()

    # -- opening a document ----------------------------------------------------------------

    def open_document(self, document_id: int, mention_id: int | None, *,
                      record: bool = True, focus_body: bool = True) -> None:
        """Show a document, with the cursor on a mention (None: at the top)."""
        self._load_document(document_id, mention_id, record, focus_body)

    @work(thread=True, exclusive=True, group="document")
    def _load_document(self, document_id: int, mention_id: int | None, record: bool,
                       focus_body: bool) -> None:
        view = self.data.document_view(document_id)
        if view is None:
            self.call_from_thread(self.notify, f"Document {document_id} is no longer in the "
                                  "index.", severity="error")
            return
        self._post(self.DocumentLoaded(view, mention_id, record, focus_body))

    @on(DocumentLoaded)
    def _show_document(self, event: DocumentLoaded) -> None:
        view, mention_id = event.view, event.mention_id
        doc = view.document
        self.document = doc
        self.query_one("#doc-header", Static).update(self._header(doc, len(view.mentions)))
        body = self.query_one(BodyView)
        if event.record:
            self.history.visit((doc.id, mention_id))
        self._opening = (doc.id, mention_id)
        body.set_document(doc.body, view.mentions, mention_id)
        self._opening = None
        self.query_one(ArticleList).select_document(doc.id)
        if event.focus_body:
            body.focus()
        self.refresh_bindings()
        self.query_one(CablesPanel).show(view)

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
        t.append(f"{one_line(Path(doc.source).name, 80)} · {n_mentions} names",
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
        panel = self.query_one(XrefPanel)
        if mention is None:
            panel.clear("Move to a name with n / N to see where else it appears.")
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
        self.query_one(XrefPanel).show(event.view, event.cluster_id)

    # -- judgements ------------------------------------------------------------------------

    @on(XrefPanel.Judge)
    def _judge(self, event: XrefPanel.Judge) -> None:
        if event.same:
            self._write_judgement(lambda d: d.judge_same_clusters(event.cluster, event.other),
                                  f"Confirmed: the same as {event.label}")
        else:
            self._write_judgement(lambda d: d.judge_not_same(event.cluster, event.other),
                                  f"Rejected: not the same as {event.label}")

    @work(thread=True, exclusive=True, group="judge")
    def _write_judgement(self, act: Callable[[ReaderData], object], message: str) -> None:
        try:
            act(self.data)
        except Exception as exc:  # a store error or a race with an import
            self.call_from_thread(self.notify, f"Not recorded: {exc}", severity="error")
            return
        self.call_from_thread(self._after_judgement, message)

    def _after_judgement(self, message: str) -> None:
        self.notify(f"{message}  (u undoes)", timeout=4)
        if self.document is not None:
            current = self.query_one(BodyView).current_mention
            self.open_document(self.document.id, current.id if current else None,
                               record=False)

    def _current(self) -> MentionRow | None:
        mention = self.query_one(BodyView).current_mention
        if mention is None:
            self.notify("Put the cursor on a name first (n / N).", severity="warning")
        return mention

    def action_split_mention(self) -> None:
        if (m := self._current()) is not None:
            self._write_judgement(lambda d: d.split_mention(m.id),
                                  f"“{one_line(m.text)}” here is now an entity of its own")

    def action_split_document(self) -> None:
        if (m := self._current()) is not None and self.document is not None:
            doc_id = self.document.id
            self._write_judgement(lambda d: d.split_document(m.entity_id, doc_id),
                                  f"This document's “{one_line(m.text)}” is taken off "
                                  f"{one_line(m.entity_name)}")

    def action_hide(self) -> None:
        if (m := self._current()) is not None:
            self._write_judgement(lambda d: d.hide_entity(m.entity_id),
                                  f"Hidden: {one_line(m.entity_name)}")

    def action_undo(self) -> None:
        def undo(data: ReaderData) -> None:
            if data.undo() is None:
                raise ValueError("nothing to undo")

        self._write_judgement(undo, "Judgement withdrawn")

    def action_rename(self) -> None:
        if (m := self._current()) is None:
            return

        def renamed(name: str | None) -> None:
            if name:
                self._write_judgement(lambda d: d.rename_entity(m.entity_id, name),
                                      f"Renamed to {name}")

        self.push_screen(AskScreen(f"New name for “{one_line(m.entity_name)}”:",
                                   m.entity_name), renamed)

    def action_merge(self) -> None:
        if (m := self._current()) is None:
            return

        def chosen(other: int | None) -> None:
            if other is not None:
                self._write_judgement(lambda d: d.judge_same(m.entity_id, other),
                                      f"Merged into {one_line(m.entity_name)}")

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
                              f"This article {verdict} {event.ref_id}")

    # -- history ---------------------------------------------------------------------------

    async def action_back(self) -> None:
        location = self.history.back()
        if location is not None:
            self.open_document(*location, record=False)

    def action_forward(self) -> None:
        location = self.history.forward()
        if location is not None:
            self.open_document(*location, record=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True if self.history.can_go_back else None
        if action == "forward":
            return True if self.history.can_go_forward else None
        if action in ("next_mention", "previous_mention"):
            return True if self.query_one(BodyView).mentions else None
        return True

    # -- screens ---------------------------------------------------------------------------

    def action_search(self) -> None:
        def chosen(document_id: int | None) -> None:
            if document_id is not None:
                self.open_document(document_id, None)

        self.push_screen(SearchScreen(self.data), chosen)

    def action_import_files(self) -> None:
        self.push_screen(ImportScreen(self.data))

    @on(ImportScreen.Imported)
    def _imported(self, event: ImportScreen.Imported) -> None:
        self.reload_documents()

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

        judge_actions = ("merge", "split_mention", "split_document", "rename", "hide", "undo")
        general = [b for b in self.BINDINGS
                   if not (isinstance(b, Binding) and b.action in judge_actions)]
        everywhere = [*rows(general),
                      ("ctrl+p", "command palette: open a document, jump to a name")]
        documents = [*rows(ArticleTable.BINDINGS),
                     ("type in Filter", "filter titles, outlets, cable ids")]
        reading = [*rows(BodyView.BINDINGS), ("click a name", "put the cursor on it")]
        judging = rows([b for b in self.BINDINGS
                        if isinstance(b, Binding) and b.action in judge_actions])
        xrefs = [*rows(XrefList.BINDINGS), ("enter", "open that document at that mention"),
                 *rows(CableList.BINDINGS), ("enter", "open the cable or the other article")]
        return [("Everywhere", everywhere), ("Document list", documents),
                ("Reading pane", reading), ("Cross-references", xrefs),
                ("Correcting links (on the name under the cursor)", judging)]
