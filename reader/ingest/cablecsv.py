"""The 8-column cables.csv layout of the 2011 release.

Columns: id, created (``MM/DD/YYYY HH:MM``), reference id, origin, classification, references,
header, body.  Every field is double-quoted, ``\\`` escapes, no doubled quotes.  One cable per
row; a bad row is reported (as an IngestError object) and the others are imported.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator

from reader.config import max_document_bytes, too_large
from reader.ingest.cables import cable_document
from reader.ingest.errors import IngestError
from reader.models import ParsedDocument
from reader.text.cables import is_ref_id

__all__ = ["COLUMNS", "iter_cables_csv", "layout_problem", "looks_like_cables_csv"]

COLUMNS = 8
_CREATED_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})")
_ROW_START_RE = re.compile(r'^"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","\d{2}[A-Z]')
# the start of a record inside a field: an unclosed quote swallowed the records after it
_RECORD_INSIDE_RE = re.compile(r'\n"?\d+"?,"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","\d{2}[A-Z]')
_HEADER_NAMES = re.compile(r"^(?:ref(?:erence)?[ _-]?id|refid|reference)$", re.I)

_FIELD_SIZE_LIMIT = min(sys.maxsize, 2**31 - 1)  # bodies exceed the default 128 KiB


def _reader(text: str | Iterable[str]) -> Iterator[list[str]]:
    if csv.field_size_limit() < _FIELD_SIZE_LIMIT:
        csv.field_size_limit(_FIELD_SIZE_LIMIT)
    pieces = (text,) if isinstance(text, str) else text
    # strict: a quote left open at the end of the file is an error, not a silent field
    return csv.reader(_lines(pieces), escapechar="\\", doublequote=False, strict=True)


def _lines(pieces: Iterable[str]) -> Iterator[str]:
    """The lines of text that comes in pieces, each piece ending at a line end (the last
    aside; see `decode.decode_stream`), as the csv module reads a file opened with
    newline="" (a record's quoted line breaks are kept)."""
    for piece in pieces:
        yield from io.StringIO(piece, newline="")


def looks_like_cables_csv(text: str) -> bool:
    """Cheap content sniff (any suffix): the first record starts like a cables.csv row."""
    return _ROW_START_RE.match(text.lstrip("\ufeff")) is not None


def layout_problem(row: list[str] | None) -> str | None:
    """Why a first record is not a cables.csv row (None when it is one)."""
    if row is None:
        return "no rows"
    if len(row) != COLUMNS:
        return f"first row has {len(row)} columns, expected {COLUMNS}"
    if not is_ref_id(row[2].strip()):
        return f"third column {row[2][:30]!r} is not a cable reference id like 09LIMA345"
    return None


def iter_cables_csv(text: str | Iterable[str], path: str
                    ) -> Iterator[ParsedDocument | IngestError]:
    """One ParsedDocument per row, source ``f"{path}#{REFID}"``; bad rows yield IngestError
    ("row N: reason", N counting records from 1, a header row included). TEXT is the whole
    text, or its pieces, each ending at a line end (a file streamed: rows are read as they
    come).

    Raises IngestError (on the first ``next``) when the file is not in the cables.csv layout.
    """
    rows = _reader(text)
    number = 0
    checked = False
    while True:
        try:
            row = next(rows)
        except StopIteration:
            if not checked:
                raise IngestError("CSV is not in the cables.csv layout (no rows)") from None
            return
        except csv.Error as error:
            if not checked:
                raise IngestError(f"CSV is not in the cables.csv layout ({error})") from None
            said = ("a quote is not closed: its text runs to the end of the file"
                    if "end of data" in str(error) else f"{error}; rest of file skipped")
            yield IngestError(f"row {number + 1}: {said}", row=number + 1)
            return
        if not row:
            continue  # blank line between records
        number += 1
        if number == 1 and _is_header(row):
            continue
        if not checked:
            problem = layout_problem(row)
            if problem:
                raise IngestError(f"CSV is not in the cables.csv layout ({problem})")
            checked = True
        yield _row_document(row, number, path)


def _is_header(row: list[str]) -> bool:
    return len(row) == COLUMNS and _HEADER_NAMES.match(row[2].strip()) is not None


def _row_document(row: list[str], number: int, path: str) -> ParsedDocument | IngestError:
    if len(row) != COLUMNS:
        if any(_RECORD_INSIDE_RE.search(field) for field in row):
            return IngestError(f"row {number}: a quote is not closed: its text runs into the "
                               "next record", row=number)
        return IngestError(f"row {number}: {len(row)} columns, expected {COLUMNS}", row=number)
    _id, created, ref_id, origin, classification, _refs, header, body = row
    ref_id = ref_id.strip()
    if not is_ref_id(ref_id):
        return IngestError(f"row {number}: {ref_id[:30]!r} is not a cable reference id", row=number)
    if not body.strip():
        return IngestError(f"row {number}: {ref_id} has an empty body", row=number)
    if len(body) > max_document_bytes():
        return IngestError(f"row {number}: {ref_id} is {too_large(len(body))}", row=number)
    if any(_RECORD_INSIDE_RE.search(field) for field in (header, body)):
        return IngestError(f"row {number}: a quote is not closed: {ref_id}'s text runs into "
                           "the next record", row=number)
    return cable_document(
        source=f"{path}#{ref_id}",
        ref_id=ref_id,
        body=body,
        date=_iso_created(created),
        origin=origin.strip(),
        classification=classification.strip(),
        header=header,
    )


def _iso_created(value: str) -> str | None:
    """``03/12/2009 21:09`` → ``2009-03-12T21:09``."""
    match = _CREATED_RE.match(value)
    if match is None:
        return None
    month, day, year, hour, minute = (int(group) for group in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"
