"""Text from documents and file names, made safe to print on a terminal.

A file name or a document can carry escape sequences (clear the screen, retitle the window,
write the clipboard with OSC 52), bidirectional overrides that reorder what is shown
(U+202E) and invisible characters. Printed as they are, they act on the terminal or hide
what the line says. `for_terminal` spells each of them as a visible escape (`\\x1b`,
`\\u202e`), so the line shows exactly what the text holds and does nothing else.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline too: output is one line per item), DEL, bidi marks,
# embeddings, overrides and isolates, zero-width characters, the BOM, line separators
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _spelt(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """TEXT with every control, bidi and invisible character spelt as an escape."""
    return _UNSAFE.sub(_spelt, text)


def one_line(text: str) -> str:
    """TEXT on one line (runs of whitespace made one space), safe for a terminal."""
    return for_terminal(" ".join(text.split()))
