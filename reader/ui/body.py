"""The reading pane's body: a Line-API view that renders only the visible lines.

The body text is untrusted. It is drawn as plain `Segment`s with styles taken from component
classes (so people, groups and places follow the theme), never parsed as markup; control
characters are replaced by spaces (same length, so mention offsets stay valid).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.rows import MentionRow

_CONTROLS = {c: " " for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
_CONTROLS.update({0x2028: " ", 0x2029: " ", 0x202A: " ", 0x202B: " ", 0x202C: " ",
                  0x202D: " ", 0x202E: " ", 0x2066: " ", 0x2067: " ", 0x2068: " ",
                  0x2069: " ", 0x09: " "})
_WORD = re.compile(r"\S+\s*|\s+")


def safe_text(text: str) -> str:
    """Untrusted text made safe to draw: controls and bidi overrides become spaces."""
    return text.translate(_CONTROLS)


def wrap_lines(text: str, width: int) -> list[tuple[int, int]]:
    """Visual lines of TEXT wrapped at WIDTH cells, as (start, end) offsets into TEXT."""
    width = max(width, 8)
    lines: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        if not para:
            lines.append((pos, pos))
            pos += 1
            continue
        if para.isascii() and len(para) <= width:
            lines.append((pos, pos + len(para)))
            pos += len(para) + 1
            continue
        line_start = pos
        used = 0
        for m in _WORD.finditer(para):
            word_start = pos + m.start()
            word = m.group()
            bare = word.rstrip()
            w = len(word) if word.isascii() else cell_len(word)
            bare_w = len(bare) if bare.isascii() else cell_len(bare)
            if used and used + bare_w > width:
                lines.append((line_start, word_start))
                line_start = word_start
                used = 0
            while bare_w > width:  # a word longer than a line (a URL): cut it
                lines.append((line_start, line_start + width))
                line_start += width
                bare_w -= width
                w -= width
            used += w
        lines.append((line_start, pos + len(para)))
        pos += len(para) + 1
    return lines


class BodyView(ScrollView, can_focus=True):
    """A document body with highlighted mentions and a mention cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "body--person", "body--group", "body--place", "body--cursor", "body--hit",
    }
    DEFAULT_CSS = """
    BodyView { background: $surface; padding: 0 1; scrollbar-gutter: stable;
               overflow-x: hidden; }
    BodyView > .body--person { color: $text-warning; text-style: bold underline; }
    BodyView > .body--group { color: $text-primary; text-style: bold; }
    BodyView > .body--place { color: $text-success; text-style: italic; }
    BodyView > .body--cursor { text-style: reverse bold; }
    BodyView > .body--hit { background: $warning 50%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
    ]

    cursor: reactive[int] = reactive(-1, init=False)

    class CursorMoved(Message):
        """The mention under the cursor changed (None: no mention)."""

        def __init__(self, mention: MentionRow | None) -> None:
            super().__init__()
            self.mention = mention

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.mentions: list[MentionRow] = []
        self._starts: list[int] = []
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._wrapped_width = 0
        self.hit: tuple[int, int] | None = None  # a search hit to show, as (start, end)

    # -- content ---------------------------------------------------------------------------

    def set_document(self, text: str, mentions: Sequence[MentionRow],
                     cursor_mention_id: int | None = None,
                     hit: tuple[int, int] | None = None) -> None:
        """Show TEXT with its mentions; the cursor on a mention, or a search HIT marked and
        scrolled to (None and None: the top)."""
        self.text = safe_text(text)
        self.hit = hit if hit is not None and 0 <= hit[0] < hit[1] <= len(self.text) else None
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._rewrap(force=True)
        index = -1
        if cursor_mention_id is not None:
            index = next((i for i, m in enumerate(self.mentions)
                          if m.id == cursor_mention_id), -1)
        self.set_reactive(BodyView.cursor, index)
        self.scroll_to(y=0, animate=False)
        if index >= 0:
            self.call_after_refresh(self._scroll_to_mention, index, False)
        elif self.hit is not None:
            self.call_after_refresh(self._scroll_to_offset, self.hit[0], False)
        self.post_message(self.CursorMoved(self.current_mention))
        self.refresh()

    @property
    def current_mention(self) -> MentionRow | None:
        return self.mentions[self.cursor] if 0 <= self.cursor < len(self.mentions) else None

    def _rewrap(self, force: bool = False) -> None:
        width = max(self.scrollable_content_region.width, 20)
        if not force and width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._lines = wrap_lines(self.text, width) if self.text else []
        self._line_starts = [s for s, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self, event: Resize) -> None:
        self._rewrap()
        if self.cursor >= 0:
            self._scroll_to_mention(self.cursor, animate=False)

    def line_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    # -- cursor ----------------------------------------------------------------------------

    def move_cursor(self, step: int) -> bool:
        """Next (+1) or previous (-1) mention; from no cursor, the first one on screen."""
        if not self.mentions:
            return False
        if self.cursor < 0:
            top = self._lines[int(self.scroll_offset.y)][0] if self._lines else 0
            first = bisect.bisect_left(self._starts, top)
            target = first if step > 0 else first - 1
        else:
            target = self.cursor + step
        if not 0 <= target < len(self.mentions):
            return False
        self.cursor = target
        return True

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if new >= 0:
            self._scroll_to_mention(new)
        self.post_message(self.CursorMoved(self.current_mention))

    def _scroll_to_mention(self, index: int, animate: bool = True) -> None:
        if 0 <= index < len(self.mentions):
            self._scroll_to_offset(self.mentions[index].start, animate)

    def _scroll_to_offset(self, offset: int, animate: bool = True) -> None:
        if not self._lines:
            return
        line = self.line_of(offset)
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        if top + 1 <= line < top + height - 1:
            return
        self.scroll_to(y=max(0, line - height // 3), animate=animate, duration=0.15)

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._lines:
            return
        y = int(self.scroll_offset.y) + offset.y
        if not 0 <= y < len(self._lines):
            return
        start, end = self._lines[y]
        col = 0
        pos = start
        while pos < end and col + cell_len(self.text[pos]) <= offset.x:
            col += cell_len(self.text[pos])
            pos += 1
        i = bisect.bisect_right(self._starts, pos) - 1
        if 0 <= i < len(self.mentions) and self.mentions[i].start <= pos < self.mentions[i].end:
            self.cursor = i

    def go_to_mention(self, mention_id: int) -> bool:
        """Put the cursor on a mention of this document (False: it has no such mention)."""
        index = next((i for i, m in enumerate(self.mentions) if m.id == mention_id), -1)
        if index < 0:
            return False
        if index == self.cursor:
            self._scroll_to_mention(index)
        self.cursor = index
        return True

    # -- rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[index]
        segments: list[Segment] = []
        pos = start
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        styles = self._styles()
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= pos:
                i += 1
                continue
            s, e = max(m.start, pos), min(m.end, end)
            if s > pos:
                segments.append(Segment(self.text[pos:s], base))
            style = base + styles[m.type]
            if i == self.cursor:
                style += styles["cursor"]
            segments.append(Segment(self.text[s:e], style))
            pos = e
            i += 1
        if pos < end:
            segments.append(Segment(self.text[pos:end], base))
        strip = Strip(segments)
        if self.hit is not None and self.hit[0] < end and self.hit[1] > start:
            strip = self._mark_hit(strip, start, end)
        return strip.crop_extend(0, width, base)

    def _mark_hit(self, strip: Strip, start: int, end: int) -> Strip:
        """The line with the search hit's part in the hit style (cells, not characters)."""
        assert self.hit is not None
        s, e = max(self.hit[0], start), min(self.hit[1], end)
        left = cell_len(self.text[start:s])
        width = cell_len(self.text[s:e])
        hit_style = self.get_component_rich_style("body--hit", partial=True)
        head, middle, tail = strip.divide([left, left + width, strip.cell_length])
        middle = Strip([Segment(seg.text, (seg.style or Style()) + hit_style)
                        for seg in middle])
        return Strip.join([head, middle, tail])

    def _styles(self) -> dict[str, Style]:
        return {
            "person": self.get_component_rich_style("body--person", partial=True),
            "group": self.get_component_rich_style("body--group", partial=True),
            "place": self.get_component_rich_style("body--place", partial=True),
            "cursor": self.get_component_rich_style("body--cursor", partial=True),
        }
