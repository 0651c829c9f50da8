"""Bytes to clean text: BOMs, UTF-8, a Western fallback, mojibake repair, control characters.

The text we import is untrusted and ends up in a terminal, so everything that leaves this module
has ``\\n`` newlines only and no control characters other than ``\\n`` and ``\\t``; ANSI escape
sequences are removed whole (``ESC [ 31 m`` disappears, not just its ESC byte).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import AnyStr, BinaryIO, NamedTuple

import ftfy
import ftfy.bad_codecs
from charset_normalizer import from_bytes

from reader.ingest.errors import IngestError

__all__ = [
    "decode_bytes",
    "decode_stream",
    "normalise_newlines",
    "repair_mojibake",
    "strip_controls",
]

# Magic numbers of common binary formats people drop into an import folder by mistake.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/Office document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "executable"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Whole 7-bit terminal escape sequences (ECMA-48).  OSC/DCS strings that are never terminated
# end at the end of the line, so a stray ESC ] cannot eat a document.  8-bit C1 introducers
# (U+009B ...) are removed as single characters by _CONTROL_RE: in text decoded from cp1252 they
# are stray bytes, and treating them as sequence starts would delete the letters after them.
_ANSI_RE = re.compile(
    r"""
      \x1b\[ [0-?]* [ -/]* [@-~]                 # CSI ... final byte (colours, cursor moves)
    | \x1b[\]P^_X] [^\x07\x1b\x9c\n]*            # OSC, DCS, SOS, PM, APC strings up to
      (?:\x07|\x1b\\|\x9c)?                       # BEL / ST / the end of the line
    | \x1b [ -/]* [0-~]                                   # other ESC sequences (ESC ( B, ESC c)
    | \x1b                                                # a lone ESC
    """,
    re.VERBOSE,
)
# C0 (except \t and \n), DEL and C1 controls.  \r is gone by the time this runs.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that str.splitlines() treats as line breaks: made explicit \n (same length).
_LINE_BREAK_CHARS = ("\u2028", "\u2029", "\x0b", "\x0c")
_ANY_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

# A cheap pre-filter for UTF-8 text that was decoded as Windows-1252/Latin-1 somewhere upstream:
# a Latin-1 lead character (Â..ô) followed by what a UTF-8 continuation byte turns into.
# Only lines that match are handed to ftfy, which decides whether they really are mojibake.
_MOJIBAKE_HINT_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# ftfy limited to encoding repair: no quote uncurling, no Unicode normalisation, no HTML
# unescaping, no ligature/width changes (those would alter what the author wrote).
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Byte-level equivalents for UTF-8 input (literal first bytes make these scans fast).
_NON_CONTROL_BYTES = bytes(b for b in range(256) if (b >= 32 and b != 127) or b in (9, 10, 13))
_C1_UTF8_RE = re.compile(rb"\xc2[\x80-\x9f]")
_LINE_SEPARATOR_UTF8_RE = re.compile(rb"\xe2\x80[\xa8\xa9]")
# _MOJIBAKE_HINT_RE in UTF-8: a lead U+00C2..U+00F4, then U+0080..U+00BF or a cp1252 special.
_MOJIBAKE_UTF8_RE = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92"
    rb"|\xcb[\x86\x9c]|\xe2\x80[\x93\x94\x98-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]|\xe2\x82\xac"
    rb"|\xe2\x84\xa2)"
)

# Text is printable: more characters than this share of the first 64 KiB that are controls
# (C0 and C1, DEL; text controls such as CR, VT, FF and the ESC of colour codes aside) make a
# file binary. Random bytes read as Windows-1252 hold about 13 %; text, none or a stray few.
_BINARY_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_BINARY_CONTROL_SHARE = 0.01
_BINARY_MIN_CONTROLS = 8
_SAMPLE = 65536


def decode_bytes(data: bytes, *, declared_encoding: str | None = None) -> str:
    """Decode a file's bytes into clean text, or raise :class:`IngestError`.

    Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32) decides the codec; else strict UTF-8; else the
    ``declared_encoding`` (an HTML ``<meta charset>``), if it decodes; else Windows-1252 (a
    detector's guess is taken only when it yields mostly non-Latin letters, e.g. Cyrillic
    cp1251; for Western text detectors confuse cp1252 with cp1250 and worse).  Then mojibake
    is repaired, newlines normalised to ``\\n`` and terminal controls stripped.

    Raises IngestError for an empty or whitespace-only file, a binary file (NUL bytes outside a
    UTF-16/32 file, a known binary signature, or many control characters) and undecodable text.
    """
    if not data:
        raise IngestError("empty file")
    text, is_utf8 = _decode_raw(data, declared_encoding)
    sample = text[:_SAMPLE]
    controls = sum(1 for _ in _BINARY_CONTROL_RE.finditer(sample))
    if controls > _BINARY_MIN_CONTROLS and controls > _BINARY_CONTROL_SHARE * len(sample):
        raise IngestError("binary file (not text)")
    hints = None
    if is_utf8:
        hints = _utf8_hints(data)
        if hints.mojibake:
            text = _repair_mojibake_utf8(data).decode("utf-8")
            hints = hints._replace(mojibake=False)
    text = clean_text(text, hints)
    if not text.strip():
        raise IngestError("empty file (only whitespace)")
    return text


class _Hints(NamedTuple):
    """What a byte-level scan of UTF-8 data found (much faster than scanning the str)."""

    controls: bool  # C0/C1 controls (\r aside)
    line_breaks: bool  # U+2028/U+2029
    mojibake: bool


def _utf8_hints(data: bytes) -> _Hints:
    return _Hints(
        controls=bool(data.translate(None, _NON_CONTROL_BYTES))
        or _C1_UTF8_RE.search(data) is not None,
        line_breaks=_LINE_SEPARATOR_UTF8_RE.search(data) is not None,
        mojibake=_MOJIBAKE_UTF8_RE.search(data) is not None,
    )


def clean_text(text: str, hints: _Hints | None = None, first: bool = True) -> str:
    """Normalise newlines, repair mojibake and strip control characters of decoded text.

    Mojibake is repaired before controls are stripped: C1 characters can be part of it (``”``
    read as Latin-1 is ``â€`` + U+009D).  ``hints`` (from the UTF-8 bytes) skip needless scans.
    FIRST: the text starts its file (a byte-order mark there is dropped).
    """
    if first and text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            text = text.replace("\r", "\n")
    if hints is None:
        controls = line_breaks = _ANY_CONTROL_RE.search(text) is not None
    else:
        controls, line_breaks = hints.controls, hints.line_breaks
    if line_breaks or controls:
        text = _line_breaks_to_newline(text)
    if hints is None or hints.mojibake:
        text = repair_mojibake(text)
    if controls:
        text = _ANSI_RE.sub("", text)
        text = _CONTROL_RE.sub("", text)
    return text


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` become ``\\n``; U+2028/U+2029, VT and FF too (one char each)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ANY_CONTROL_RE.search(text) is not None:
        text = _line_breaks_to_newline(text)
    return text


def _line_breaks_to_newline(text: str) -> str:
    for char in _LINE_BREAK_CHARS:
        if char in text:  # str.replace is ~50x faster than str.translate on large text
            text = text.replace(char, "\n")
    return text


def strip_controls(text: str) -> str:
    """Remove whole ANSI/ECMA-48 escape sequences, then every other control but ``\\n``/``\\t``.

    Call after :func:`normalise_newlines` (a ``\\r`` left here would be removed, not turned
    into a newline).
    """
    if _ANY_CONTROL_RE.search(text) is None:
        return text
    text = _ANSI_RE.sub("", text)
    return _CONTROL_RE.sub("", text)


def repair_mojibake(text: str) -> str:
    """Repair UTF-8-read-as-cp1252 mojibake (``FernÃ¡ndez`` → ``Fernández``), line by line.

    Only lines that contain a mojibake-like pair are given to ftfy, so a 55 MB file costs one
    regex scan.  ftfy's other fixes (quotes, normalisation, HTML entities) are switched off.
    """
    parts: list[str] = []
    done = 0  # text[:done] is already in parts
    for match in _MOJIBAKE_HINT_RE.finditer(text):
        if match.start() < done:
            continue  # on a line already repaired
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        parts.append(text[done:start])
        parts.append(strip_controls(ftfy.fix_text(text[start:end], _FTFY_CONFIG)))
        done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _repair_mojibake_utf8(data: bytes) -> bytes:
    """:func:`repair_mojibake` on UTF-8 bytes: only the lines with a hit are decoded."""
    parts: list[bytes] = []
    done = 0
    for match in _MOJIBAKE_UTF8_RE.finditer(data):
        if match.start() < done:
            continue
        start = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.end())
        end = len(data) if end < 0 else end
        parts.append(data[done:start])
        fixed = strip_controls(ftfy.fix_text(data[start:end].decode("utf-8"), _FTFY_CONFIG))
        parts.append(fixed.encode("utf-8"))
        done = end
    parts.append(data[done:])
    return b"".join(parts)


def _decode_raw(data: bytes, declared_encoding: str | None) -> tuple[str, bool]:
    """(text, whether ``data`` is plain UTF-8 without a BOM)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if not body:
                raise IngestError("empty file")
            try:
                return body.decode(codec), False
            except UnicodeDecodeError:
                raise IngestError(f"not valid {label}") from None
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise IngestError(f"binary file (not text: {what})")
    if b"\x00" in data:
        wide = _wide_codec(data)
        if wide is None:
            raise IngestError("binary file (not text)")
        try:
            return data.decode(wide), False
        except UnicodeDecodeError:
            raise IngestError(f"binary file (not text; not valid {wide} either)") from None
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    if declared_encoding:
        try:
            return data.decode(declared_encoding), False
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode_legacy(data), False


def _wide_codec(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where the zero bytes fall: text in Latin
    letters has a zero in every other byte (UTF-16) or in three bytes of four (UTF-32), all
    in the same places. None for anything else (binary)."""
    sample = data[: 4 * 4096]
    n = len(sample) // 4 * 4
    if n < 8:
        return None
    zero_at = [sum(1 for i in range(k, n, 4) if sample[i] == 0) for k in range(4)]
    quarter = n // 4
    full = [z >= 0.9 * quarter for z in zero_at]
    empty = [z <= 0.1 * quarter for z in zero_at]
    if len(data) % 4 == 0 and full[1] and full[2] and full[3] and empty[0]:
        return "utf-32-le"
    if len(data) % 4 == 0 and full[0] and full[1] and full[2] and empty[3]:
        return "utf-32-be"
    if len(data) % 2 == 0 and full[1] and full[3] and empty[0] and empty[2]:
        return "utf-16-le"
    if len(data) % 2 == 0 and full[0] and full[2] and empty[1] and empty[3]:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> str:
    """Not UTF-8: Windows-1252 unless a detector finds a non-Latin script."""
    guess = from_bytes(data[: 4 * _SAMPLE]).best()
    if guess is not None and guess.encoding not in {"utf_8", "ascii"}:
        try:
            candidate = data.decode(guess.encoding)
        except (LookupError, UnicodeDecodeError):
            candidate = None
        if candidate is not None and _mostly_non_latin(candidate):
            return candidate
    # ftfy's "sloppy" cp1252 maps the five bytes cp1252 leaves undefined to C1 controls (stripped
    # later) instead of failing, so UTF-8 with a few broken bytes still reaches mojibake repair.
    return data.decode("sloppy-windows-1252")


def _mostly_non_latin(text: str) -> bool:
    letters = [c for c in text[:_SAMPLE] if c.isalpha()]
    if not letters:
        return False
    non_latin = sum(1 for c in letters if ord(c) > 0x24F and not 0x1E00 <= ord(c) <= 0x1EFF)
    return non_latin >= 0.5 * len(letters)


# -- streaming ---------------------------------------------------------------------------------

STREAM_CHUNK = 1 << 20  # bytes read at a time when a file is streamed
_CARRY_LIMIT = 16 << 20  # a "line" longer than this (a file with \r line ends) is cut anyway


def decode_stream(path: str | Path, chunk_size: int | None = None) -> Iterator[str]:
    """:func:`decode_bytes` for a large file, read piece by piece: the same text, in pieces
    that end at a line end (the last aside), so memory does not grow with the file.

    Every cleaning step of :func:`decode_bytes` works line by line (newlines, mojibake,
    escape sequences never span a ``\\n``), so cutting at line ends gives the same text. The
    encoding is chosen for the whole file, as :func:`decode_bytes` does, by a first pass that
    keeps nothing (strict UTF-8 needs every byte seen). Raises IngestError, before the first
    piece, where :func:`decode_bytes` would.
    """
    chunk_size = chunk_size or STREAM_CHUNK
    with open(path, "rb") as f:
        head = f.read(max(chunk_size, 4 * _SAMPLE))
        if not head:
            raise IngestError("empty file")
        codec, skip, utf8 = _stream_codec(f, head)
    sample = head[skip : skip + 4 * _SAMPLE].decode(codec, "ignore")[:_SAMPLE]
    controls = sum(1 for _ in _BINARY_CONTROL_RE.finditer(sample))
    if controls > _BINARY_MIN_CONTROLS and controls > _BINARY_CONTROL_SHARE * len(sample):
        raise IngestError("binary file (not text)")
    return _pieces(path, codec, skip, utf8, chunk_size)


def _stream_codec(f: BinaryIO, head: bytes) -> tuple[str, int, bool]:
    """(codec, bytes of BOM to skip, plain UTF-8?) for the whole file; F is positioned after
    HEAD, its first bytes. Raises IngestError as `_decode_raw` does."""
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            if len(head) == len(bom) and not f.read(1):
                raise IngestError("empty file")
            if not _decodes(f, head[len(bom):], codec):
                raise IngestError(f"not valid {label}")
            return codec, len(bom), False
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise IngestError(f"binary file (not text: {what})")
    utf8 = codecs.getincrementaldecoder("utf-8")()
    valid, nul, chunk = True, False, head
    while chunk:
        nul = nul or b"\x00" in chunk
        if valid:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                valid = False
        chunk = f.read(STREAM_CHUNK)
    if nul:
        raise IngestError("binary file (not text)")
    if valid:
        try:
            utf8.decode(b"", final=True)
            return "utf-8", 0, True
        except UnicodeDecodeError:
            pass
    # as `_decode_legacy`: a detector's guess only for mostly non-Latin letters
    guess = from_bytes(head[: 4 * _SAMPLE]).best()
    if guess is not None and guess.encoding not in {"utf_8", "ascii"}:
        try:
            sample = codecs.getincrementaldecoder(guess.encoding)().decode(head[: 4 * _SAMPLE])
        except (LookupError, UnicodeDecodeError):
            sample = None
        f.seek(len(head))
        if sample is not None and _decodes(f, head, guess.encoding) and _mostly_non_latin(
                sample):
            return guess.encoding, 0, False
    return "sloppy-windows-1252", 0, False


def _decodes(f: BinaryIO, first: bytes, codec: str) -> bool:
    """Do FIRST and the rest of F decode with CODEC (nothing kept)?"""
    try:
        decoder = codecs.getincrementaldecoder(codec)()
        chunk = first
        while chunk:
            decoder.decode(chunk)
            chunk = f.read(STREAM_CHUNK)
        decoder.decode(b"", final=True)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


def _pieces(path: str | Path, codec: str, skip: int, utf8: bool, chunk_size: int
            ) -> Iterator[str]:
    first = True
    blank = ""  # leading pieces of only whitespace, kept until text comes
    for raw in _raw_pieces(path, codec, skip, utf8, chunk_size):
        if isinstance(raw, bytes):
            hints = _utf8_hints(raw)
            if hints.mojibake:
                raw = _repair_mojibake_utf8(raw)
                hints = hints._replace(mojibake=False)
            text = clean_text(raw.decode("utf-8"), hints, first=first)
        else:
            text = clean_text(raw, None, first=first)
        first = False
        if blank or not text.strip():
            blank += text
            if not blank.strip():
                continue
            text, blank = blank, ""
        yield text
    if blank or first:
        raise IngestError("empty file (only whitespace)")


def _raw_pieces(path: str | Path, codec: str, skip: int, utf8: bool, chunk_size: int
                ) -> Iterator[str | bytes]:
    """The file in pieces that end at a line end: bytes for plain UTF-8 (cut at b"\\n",
    which no multi-byte sequence holds), else decoded text."""
    with open(path, "rb") as f:
        f.seek(skip)
        if utf8:
            carry = b""
            while chunk := f.read(chunk_size):
                data = carry + chunk
                cut = _cut(data, b"\n", b"\r")
                carry = data[cut:]
                if cut:
                    yield data[:cut]
            if carry:
                yield carry
            return
        decoder = codecs.getincrementaldecoder(codec)()
        text_carry = ""
        while chunk := f.read(chunk_size):
            text = text_carry + decoder.decode(chunk)
            cut = _cut(text, "\n", "\r")
            text_carry = text[cut:]
            if cut:
                yield text[:cut]
        text_carry += decoder.decode(b"", final=True)
        if text_carry:
            yield text_carry


def _cut(data: AnyStr, newline: AnyStr, cr: AnyStr) -> int:
    """Where to cut DATA: after its last newline; with none, after a CR that is not the last
    character, once the piece is long (a file with CR line ends); else 0 (read on)."""
    cut = data.rfind(newline) + 1
    if not cut and len(data) > _CARRY_LIMIT:
        cut = data.rfind(cr, 0, len(data) - 1) + 1
    return cut
