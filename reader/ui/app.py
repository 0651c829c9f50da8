"""The reader (Textual). Widgets only display and dispatch: data comes from the store.

Article text is untrusted: it is shown as `rich.text.Text` with styled spans, never parsed as
markup, and control characters were stripped at import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from reader.store import Store

MENTION_STYLES = {
    "person": "bold #f0c674 underline",
    "group": "bold #81a2be",
    "place": "italic #b5bd68",
}


def render_body(body: str, mentions: list[dict[str, Any]]) -> Text:
    """The body as plain text with styled spans for people, groups and places."""
    text = Text(body, no_wrap=False)
    for m in mentions:
        text.stylize(MENTION_STYLES.get(m["type"], "bold"), m["start"], m["end"])
    return text


class CableReaderApp(App[None]):
    TITLE = "cablereader"
    CSS = """
    #articles { width: 45%; }
    #reading { width: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="reading"):
                yield Static(id="body")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Title", "Outlet", "Date")
        self.load_documents()

    @work(thread=True, exclusive=True, group="list")
    def load_documents(self) -> None:
        store = Store(self.db_path)
        try:
            rows = store.list_documents()
        finally:
            store.close()
        self.call_from_thread(self._show_documents, rows)

    def _show_documents(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one(DataTable)
        for r in rows:
            title = r["title"] if r["kind"] == "article" else f"{r['ref_id']}: {r['title']}"
            table.add_row(Text(title[:80]), Text(r["outlet"] or ""), Text((r["date"] or "")[:10]),
                          key=str(r["id"]))
        self.sub_title = f"{len(rows)} documents"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.load_document(int(event.row_key.value))

    @work(thread=True, exclusive=True, group="doc")
    def load_document(self, doc_id: int) -> None:
        store = Store(self.db_path)
        try:
            doc = store.get_document(doc_id)
            mentions = store.document_mentions(doc_id)
        finally:
            store.close()
        if doc is not None:
            self.call_from_thread(self._show_document, doc, mentions)

    def _show_document(self, doc: dict[str, Any], mentions: list[dict[str, Any]]) -> None:
        self.query_one("#body", Static).update(render_body(doc["body"], mentions))
