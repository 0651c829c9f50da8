"""The articles pane and the cross-reference panel. They display and dispatch only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Click, Key
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.rows import CopyRow, CoverageRow, DocumentListRow, ElsewhereRow
from reader.services.views import DocumentView, Link, XrefView
from reader.text.plural import plural as plural_of
from reader.ui.body import safe_text

TYPE_LABEL = {"person": "person", "group": "group", "place": "place"}
# what a likely cite rests on, as the Cables pane says it
_EVIDENCE = {"quotation": "a passage it quotes", "names": "rare names with the post or date",
             "routing": "a routing line", "so_called": "post and serial",
             "wikileaks_id": "WikiLeaks number"}


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 mention', '2 mentions', '6,712 cables' (the count with thousands separators; the
    plural is `reader.text.plural`'s, or WORDS)."""
    return f"{n:,} {word if n == 1 else words or plural_of(word)}"


def one_line(text: str | None, limit: int | None = None) -> str:
    flat = " ".join(safe_text(text or "").split())
    if limit is not None and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat


@dataclass(frozen=True, slots=True)
class ListEntry:
    """A document list row with what the list draws and filters on, made safe once."""

    row: DocumentListRow
    title: str
    outlet: str
    haystack: str  # casefolded title, outlet, cable id and date: what plain words look in

    @property
    def id(self) -> int:
        return self.row.id

    @classmethod
    def of(cls, row: DocumentListRow) -> ListEntry:
        title = one_line(row.title if row.kind == "article" else f"{row.ref_id} {row.title}")
        outlet = one_line(row.outlet or row.origin)
        if row.sample:
            outlet = f"sample · {outlet}" if outlet else "sample"
        return cls(row, title, outlet, f"{title} {outlet} {row.date or ''}".casefold())


FILTER_HELP = ("words; kind:article|cable, outlet:WORD, date:2010-12, is:copy, is:sample, "
               "not:copy, not:sample")
_IS: dict[str, Callable[[ListEntry], bool]] = {
    "copy": lambda e: e.row.copy_of is not None, "sample": lambda e: e.row.sample}


def list_filter(text: str) -> Callable[[ListEntry], bool]:
    """The filter typed above the list: plain words must all appear (title, outlet, cable id,
    date); `kind:`, `outlet:`, `date:` (a prefix: 2010, 2010-12), `is:` and `not:` narrow."""
    tests: list[Callable[[ListEntry], bool]] = []
    for token in text.casefold().split():
        field, sep, value = token.partition(":")
        if not sep or not value:
            tests.append(partial(_has_word, token))
        elif field == "kind" or (field == "is" and value in ("article", "cable")):
            tests.append(partial(_of_kind, value))
        elif field == "outlet":
            tests.append(partial(_from_outlet, value))
        elif field == "date":
            tests.append(partial(_dated, value))
        elif field in ("is", "not") and value in _IS:
            tests.append(partial(_is, _IS[value], field == "is"))
        else:  # not a field we know: look for the token as written
            tests.append(partial(_has_word, token))
    return lambda e: all(t(e) for t in tests)


def _has_word(word: str, e: ListEntry) -> bool:
    return word in e.haystack


def _of_kind(kind: str, e: ListEntry) -> bool:
    return e.row.kind.startswith(kind)


def _from_outlet(word: str, e: ListEntry) -> bool:
    return word in e.outlet.casefold()


def _dated(prefix: str, e: ListEntry) -> bool:
    return (e.row.date or "").startswith(prefix)


def _is(test: Callable[[ListEntry], bool], want: bool, e: ListEntry) -> bool:
    return test(e) is want


# The list's orders, in the order ctrl+s cycles through them.
SORTS: tuple[tuple[str, Callable[[ListEntry], tuple[object, ...]]], ...] = (
    ("articles first", lambda e: (e.row.kind != "article",)),
    ("newest first", lambda e: (_negated(e.row.date or ""),)),
    ("oldest first", lambda e: (e.row.date or "~",)),
    ("title", lambda e: (e.title.casefold(),)),
    ("outlet / origin", lambda e: (e.outlet.casefold() or "~", e.row.date or "")),
)


def _negated(date: str) -> tuple[int, ...]:
    """A key that sorts ISO dates newest first (an undated document last)."""
    return tuple(-ord(c) for c in date) if date else (1,)


class ArticleTable(ScrollView, can_focus=True):
    """A virtual list of documents: draws only the visible rows, so 10,000 cost nothing."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "articles--cursor", "articles--cable", "articles--dim", "articles--header",
    }
    DEFAULT_CSS = """
    ArticleTable { background: $surface; }
    ArticleTable > .articles--cursor { background: $accent 40%; text-style: bold; }
    ArticleTable:focus > .articles--cursor { background: $accent; color: $text; }
    ArticleTable > .articles--cable { color: $text-muted; }
    ArticleTable > .articles--dim { color: $text-muted; }
    ArticleTable > .articles--header { text-style: bold; color: $text-primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Read", show=False),
        Binding("ctrl+s", "sort", "Sort"),
    ]
    # Keys that keep their command in the list; any other character typed goes to the filter.
    COMMAND_CHARACTERS = frozenset("/?")

    cursor: reactive[int] = reactive(0, init=False)

    class TypedAhead(Message):
        """A character typed in the list, meant for the filter."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    class SortChanged(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Highlighted(Message):
        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    class Selected(Message):
        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ListEntry] = []

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[ListEntry], keep_id: int | None = None) -> None:
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        index = 0
        if keep_id is not None:
            index = next((i for i, r in enumerate(rows) if r.id == keep_id), 0)
        self.set_reactive(ArticleTable.cursor, index)
        self._scroll_to_cursor()
        self.refresh()

    def index_of(self, document_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == document_id), None)

    def move_to(self, index: int, announce: bool = True) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        if announce:
            self.cursor = index
        else:
            self.set_reactive(ArticleTable.cursor, index)
            self._scroll_to_cursor()
            self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if 0 <= new < len(self.rows):
            self.post_message(self.Highlighted(self.rows[new].id))

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)  # one header line
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.move_to(self.cursor + step * max(1, self.scrollable_content_region.height - 2))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def action_select(self) -> None:
        if 0 <= self.cursor < len(self.rows):
            self.post_message(self.Selected(self.rows[self.cursor].id))

    def action_sort(self) -> None:
        self.post_message(self.SortChanged(1))

    def on_key(self, event: Key) -> None:
        """Text typed in the list is a filter, never a command (q, u, h, r… are letters)."""
        char = event.character
        if (event.is_printable and char and not char.isspace()
                and char not in self.COMMAND_CHARACTERS):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(char))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor:
                self.action_select()
            else:
                self.cursor = index

    def _columns(self, width: int) -> tuple[int, int, int]:
        date = 10
        outlet = 16 if width >= 64 else 0
        title = max(8, width - 2 - date - 1 - (outlet + 1 if outlet else 0))
        return date, title, outlet

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        date_w, title_w, outlet_w = self._columns(width)
        if y == 0:
            header = self.get_component_rich_style("articles--header", partial=True)
            text = "  " + "Date".ljust(date_w) + " " + "Title".ljust(title_w)
            if outlet_w:
                text += " " + "Outlet / origin"[:outlet_w]
            return Strip([Segment(text, base + header)]).crop_extend(0, width, base)
        index = int(self.scroll_offset.y) + y - 1
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, base)
        entry = self.rows[index]
        cable = entry.row.kind == "cable"
        style = base
        if cable:
            style += self.get_component_rich_style("articles--cable", partial=True)
        if index == self.cursor:
            style += self.get_component_rich_style("articles--cursor", partial=True)
        mark = "▤ " if cable else "⧉ " if entry.row.copy_of is not None else "¶ "
        title = entry.title + (" (copy)" if entry.row.copy_of is not None else "")
        cells = [mark, (entry.row.date or "")[:10].ljust(date_w), " ", _fit(title, title_w)]
        if outlet_w:
            cells += [" ", _fit(entry.outlet, outlet_w)]
        return Strip([Segment("".join(cells), style)]).crop_extend(0, width, style)


def _fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…" + " " * (width - 1 - cell_len(out))


class ArticleList(Vertical):
    """Every document, articles first then cables; type to filter, ctrl+s to sort."""

    DEFAULT_CSS = """
    ArticleList { height: 1fr; }
    ArticleList > ArticleTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_table", "To the list", show=False),
        # commands of the list and its filter, where letters are text
        Binding("ctrl+o", "app.import_from_list", "Import"),
        Binding("ctrl+q", "app.quit_from_list", "Quit"),
    ]

    def action_to_table(self) -> None:
        """From the filter, down goes to the list (as enter does)."""
        self.query_one(ArticleTable).focus()

    class Opened(Message):
        def __init__(self, document_id: int, focus_body: bool) -> None:
            super().__init__()
            self.document_id = document_id
            self.focus_body = focus_body

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[ListEntry] = []
        self._filter_timer: Timer | None = None
        self._open_timer: Timer | None = None
        self.sort_index = 0

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter (type): words, kind:cable, is:copy…", id="filter",
                    select_on_focus=False,
                    tooltip=FILTER_HELP)
        yield ArticleTable(id="article-table")

    @property
    def sort_name(self) -> str:
        return SORTS[self.sort_index][0]

    def set_rows(self, rows: Sequence[DocumentListRow]) -> None:
        self._rows = [ListEntry.of(r) for r in rows]
        self._apply_filter()

    @property
    def row_count(self) -> int:
        return self.query_one(ArticleTable).row_count

    def _apply_filter(self) -> None:
        keep = list_filter(self.query_one("#filter", Input).value)
        table = self.query_one(ArticleTable)
        current = table.rows[table.cursor].id if table.rows else None
        rows = sorted((r for r in self._rows if keep(r)), key=SORTS[self.sort_index][1])
        table.set_rows(rows, keep_id=current)
        shown = len(rows)
        self.border_subtitle = (f"{shown} of {len(self._rows)} · {self.sort_name}"
                                if shown != len(self._rows) else self.sort_name)

    def select_document(self, document_id: int) -> None:
        """Put the list's cursor on a document without opening it again."""
        table = self.query_one(ArticleTable)
        index = table.index_of(document_id)
        if index is not None:
            table.move_to(index, announce=False)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.1, self._apply_filter)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(ArticleTable).focus()

    @on(ArticleTable.TypedAhead)
    def _typed_ahead(self, event: ArticleTable.TypedAhead) -> None:
        event.stop()
        box = self.query_one("#filter", Input)
        box.focus()
        box.insert_text_at_cursor(event.character)

    @on(ArticleTable.SortChanged)
    def _sort_changed(self, event: ArticleTable.SortChanged) -> None:
        event.stop()
        self.sort_index = (self.sort_index + event.index) % len(SORTS)
        self._apply_filter()
        self.app.notify(f"Documents sorted: {self.sort_name}", timeout=2, markup=False)

    @on(ArticleTable.Highlighted)
    def _highlighted(self, event: ArticleTable.Highlighted) -> None:
        event.stop()
        if self._open_timer is not None:
            self._open_timer.stop()
        doc_id = event.document_id
        self._open_timer = self.set_timer(
            0.08, lambda: self.post_message(self.Opened(doc_id, focus_body=False))
        )

    @on(ArticleTable.Selected)
    def _selected(self, event: ArticleTable.Selected) -> None:
        event.stop()
        self.post_message(self.Opened(event.document_id, focus_body=True))


class XrefList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("y", "judge(True)", "Confirm link"),
        Binding("x", "judge(False)", "Reject link"),
    ]

    class Judged(Message):
        def __init__(self, index: int, same: bool) -> None:
            super().__init__()
            self.index = index
            self.same = same

    def action_judge(self, same: bool) -> None:
        if self.highlighted is not None:
            self.post_message(self.Judged(self.highlighted, same))


class CableList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("y", "judge(True)", "Confirm cable"),
        Binding("x", "judge(False)", "Reject cable"),
    ]

    def on_focus(self) -> None:
        """A row is always selected while the list has focus, so y and x act on one."""
        if self.highlighted is None and self.option_count:
            self.action_first()

    def restore(self, index: int | None) -> None:
        """After the panel was filled again: the same row (or the nearest), with focus."""
        if self.option_count:
            self.highlighted = min(index or 0, self.option_count - 1)
            self.focus()

    class Judged(Message):
        def __init__(self, index: int, cites: bool) -> None:
            super().__init__()
            self.index = index
            self.cites = cites

    def action_judge(self, cites: bool) -> None:
        if self.highlighted is not None:
            self.post_message(self.Judged(self.highlighted, cites))


class CablesPanel(Vertical):
    """Which cables this article reports on and who else covered them; for a cable, the
    articles that cover it; and other publications of the same text."""

    DEFAULT_CSS = """
    CablesPanel { height: 40%; border-top: solid $panel-lighten-2; }
    CablesPanel CableList, CablesPanel CableList:focus { height: 1fr; border: none;
                                                         padding: 0; }
    CablesPanel #cables-head { padding: 0 1; }
    """

    class Open(Message):
        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    class JudgeCite(Message):
        def __init__(self, ref_id: str, cites: bool) -> None:
            super().__init__()
            self.ref_id = ref_id
            self.cites = cites

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[tuple[int | None, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Cables", style="bold"), id="cables-head")
        yield CableList(id="cable-list", markup=False)

    def show(self, view: DocumentView) -> None:
        options: list[Option] = []
        self._rows = []

        def add(text: Text, target: int | None, ref: str | None = None) -> None:
            options.append(Option(text, disabled=target is None and ref is None))
            self._rows.append((target, ref))

        if view.is_cable:
            covered = view.covered_by()
            head = view.coverage_count().text
            for a in covered:
                add(self._article(a), a.id)
        else:
            head = ("Cites" if any(c.is_cite for c in view.cites)
                    else "No cable found for sure; candidates" if view.cites
                    else "Cites no cable that could be found")
            for c in view.cites:
                t = Text()
                t.append(c.ref_id + " ", style="bold magenta")
                if c.status == "likely":
                    word = "likely" if c.is_cite else "candidate"
                    t.append(f"{word} {c.confidence:.2f}", style="yellow")
                    if c.kind:
                        t.append(f" ({_EVIDENCE.get(c.kind, c.kind)})", style="yellow")
                    t.append(" · y confirms, x rejects", style="dim")
                else:
                    t.append(c.status, style="green")
                if c.cable_id is None:
                    t.append(" · not in the index", style="red")
                elif c.title:
                    t.append("\n" + one_line(c.title, 70), style="dim")
                add(t, c.cable_id, c.ref_id)
                others = view.coverage.get(c.ref_id, ())
                if others:
                    add(Text(f"  Also on {c.ref_id}:", style="bold"), None, c.ref_id)
                for a in others:
                    add(self._article(a, indent="  "), a.id, c.ref_id)
        if view.copies:
            add(Text("Also published as:", style="bold"), None)
            for copy in view.copies:
                add(self._article(copy, indent="  "), copy.id)
        self.query_one("#cables-head", Static).update(Text(head, style="bold"))
        box = self.query_one(CableList)
        box.clear_options()
        box.add_options(options)

    def _article(self, a: CoverageRow | CopyRow, indent: str = "") -> Text:
        """One line as wide as the panel: the title, then what else fits (marks first)."""
        width = max(24, self.size.width - 3)
        marks: list[tuple[str, str]] = []
        if isinstance(a, CoverageRow):
            if a.duplicate_of:
                marks.append(("a copy", "italic yellow"))
            elif a.status == "likely":
                marks.append((f"likely {a.confidence:.2f}", "yellow"))
            if a.sample:
                marks.append(("sample", "italic"))
        meta = " · ".join(x for x in (one_line(a.outlet, 24), (a.date or "")[:10]) if x)
        tail = "".join(f"  ({m})" for m, _ in marks) + (f"  {meta}" if meta else "")
        room = width - len(indent) - len(tail)
        if room < 12:  # too narrow for the outlet: the title and the marks only
            meta, tail = "", "".join(f"  ({m})" for m, _ in marks)
            room = width - len(indent) - len(tail)
        t = Text(indent)
        t.append(one_line(a.title, max(8, room)), style="bold")
        for m, style in marks:
            t.append(f"  ({m})", style=style)
        if meta:
            t.append("  " + meta, style="dim")
        return t

    @on(OptionList.OptionSelected, "#cable-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._rows[event.option_index][0]
        if target is not None:
            self.post_message(self.Open(target))

    @on(CableList.Judged)
    def _judged(self, event: CableList.Judged) -> None:
        event.stop()
        ref = self._rows[event.index][1] if 0 <= event.index < len(self._rows) else None
        if ref is not None:
            self.post_message(self.JudgeCite(ref, event.cites))


class XrefPanel(Vertical):
    """For the entity under the cursor: who or what it is, and where else it is named."""

    DEFAULT_CSS = """
    XrefPanel #xref-head { padding: 0 1; height: auto; }
    XrefPanel XrefList, XrefPanel XrefList:focus { height: 1fr; border: none; padding: 0; }
    XrefPanel #xref-preview { height: auto; max-height: 3; padding: 0 1;
                              border-top: solid $panel-lighten-2; }
    """

    class Follow(Message):
        def __init__(self, document_id: int, mention_id: int) -> None:
            super().__init__()
            self.document_id = document_id
            self.mention_id = mention_id

    class Judge(Message):
        """Confirm (same=True) or reject a link or a suggestion between two clusters."""

        def __init__(self, cluster: int, other: int, same: bool, label: str) -> None:
            super().__init__()
            self.cluster = cluster
            self.other = other
            self.same = same
            self.label = label

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: list[tuple[int, int] | None] = []
        self._pairs: list[tuple[int, int, str] | None] = []
        self._previews: list[Text] = []
        self.cluster: int | None = None
        self._shown: tuple[XrefView, int | None] | None = None
        self._shown_width = 0

    def compose(self) -> ComposeResult:
        yield Static(Text("Move to a name with n / N to see where else it appears.",
                          style="dim"), id="xref-head")
        yield XrefList(id="xref-list", markup=False)
        yield Static("", id="xref-preview")

    def clear(self, message: str) -> None:
        self.query_one("#xref-head", Static).update(Text(message, style="dim"))
        self.query_one(XrefList).clear_options()
        self.query_one("#xref-preview", Static).update("")
        self._targets = []
        self._previews = []
        self._shown = None

    def on_resize(self) -> None:
        """Rows are cut to the panel's width: cut them again when it changes."""
        if self._shown is not None and self.size.width != self._shown_width:
            xref = self.query_one(XrefList)
            keep = xref.highlighted
            self.show(*self._shown)
            if keep is not None and keep < xref.option_count:
                xref.highlighted = keep

    def show(self, view: XrefView, cluster: int | None = None) -> None:
        self._shown = (view, cluster)
        self._shown_width = self.size.width
        entity = view.entity
        head = Text()
        head.append(one_line(entity.name), style="bold")
        head.append(f"  {TYPE_LABEL.get(entity.type, entity.type)}\n", style="italic")
        shown = len(view.elsewhere)
        others = max(shown, view.total)
        listing = "" if shown == others else f"; the first {shown} listed"
        head.append(f"in {plural(entity.documents, 'document')}, "
                    f"{plural(entity.mentions, 'mention')}{listing}", style="dim")
        self.query_one("#xref-head", Static).update(head)
        options: list[Option] = []
        self._targets = []
        self._pairs = []
        self._previews = []
        self.cluster = cluster
        width = max(20, self.size.width - 3)
        for item in view.elsewhere:
            r = item.row
            options.append(Option(self._render_row(r, item.link, width)))
            self._previews.append(self._snippet(r))
            self._targets.append((r.document_id, r.mention_id))
            where = r.ref_id if r.kind == "cable" and r.ref_id else one_line(r.title, 40)
            self._pairs.append((cluster, r.cluster_id, f"“{one_line(r.text, 40)}” in {where}")
                               if cluster is not None and r.cluster_id is not None else None)
        for sug in view.suggestions:
            t = Text()
            t.append("suggested ", style="bold yellow")
            t.append(one_line(sug.name, max(8, width - 10)), style="bold")
            t.append("\n" + one_line(f"{sug.type} · {plural(sug.documents, 'doc')} · "
                                     f"{sug.reason} {sug.score:.2f}", width), style="yellow")
            options.append(Option(t))
            self._previews.append(Text("y: the same entity · x: not the same (never "
                                       "suggested again)", style="dim"))
            self._targets.append(None)
            self._pairs.append((sug.cluster, sug.other_cluster,
                                f"the suggested “{one_line(sug.name, 40)}”"))
        xref = self.query_one(XrefList)
        xref.clear_options()
        xref.add_options(options)
        if options:
            xref.highlighted = 0
        self._preview(0 if options else None)

    @on(OptionList.OptionHighlighted, "#xref-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._preview(event.option_index)

    def _preview(self, index: int | None) -> None:
        """The snippet of the highlighted row, under the list (rows stay two lines)."""
        text = (self._previews[index] if index is not None and 0 <= index < len(self._previews)
                else Text(""))
        self.query_one("#xref-preview", Static).update(text)

    @staticmethod
    def _render_row(r: ElsewhereRow, link: Link, width: int) -> Text:
        """Two lines of WIDTH cells at most: where (cable id or title, date, how often),
        then why it is linked and as what."""
        t = Text()
        used = 0
        if r.kind == "cable" and r.ref_id:
            t.append(f"{r.ref_id} ", style="bold magenta")
            used = len(r.ref_id) + 1
        date = (r.date or "")[:10]
        extra = (f" {date}" if date else "") + (f" ×{r.count}" if r.count > 1 else "")
        if r.title != r.ref_id:
            t.append(one_line(r.title, max(4, width - used - len(extra))), style="bold")
        t.append(extra + "\n", style="dim")
        style = {"confirmed": "bold green", "same_name": "green", "fuzzy": "yellow"}.get(
            link.kind, "magenta")
        why = one_line(link.text, max(4, width - 6))
        t.append(why, style=style)
        room = width - cell_len(why) - 4
        if room >= 4:
            t.append(f"  “{one_line(r.text, room)}”", style="dim")
        return t

    @staticmethod
    def _snippet(r: ElsewhereRow) -> Text:
        t = Text(no_wrap=False, overflow="fold")
        context = safe_text(r.context)
        rel_s = r.start - r.context_start
        rel_e = r.end - r.context_start
        before = " ".join(context[:rel_s].split()) + (" " if context[:rel_s][-1:].isspace()
                                                      else "")
        after = ("" if not context[rel_e:][:1].isspace() else " ") + " ".join(
            context[rel_e:].split())
        t.append("…" + before[-60:])
        t.append(" ".join(context[rel_s:rel_e].split()), style="bold reverse")
        t.append(after[:60] + "…")
        return t

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._targets):
            target = self._targets[event.option_index]
            if target is not None:
                self.post_message(self.Follow(*target))

    @on(XrefList.Judged)
    def _judged(self, event: XrefList.Judged) -> None:
        event.stop()
        if 0 <= event.index < len(self._pairs):
            pair = self._pairs[event.index]
            if pair is not None:
                self.post_message(self.Judge(pair[0], pair[1], event.same, pair[2]))
