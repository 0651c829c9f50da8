"""What the two cable importers (cables.csv rows, cablegate pages) share: ids, subject, title."""

from __future__ import annotations

import re

from reader.models import ParsedDocument

__all__ = ["REF_ID_RE", "cable_document", "cable_subject", "cable_title", "is_ref_id"]

# 09LIMA345, 66BUENOSAIRES2481, 08SECTION01GF02BISHIEK21 (garbled ids exist in the release)
REF_ID_RE = re.compile(r"^\d{2}[A-Z][A-Z0-9]*\d$")

_HEADER_CHARS = 4000  # the SUBJECT line is in the header part of the body
_SUBJECT_LINE_RE = re.compile(r"^[ \t]*SUBJ(?:ECT)?[ \t]*:[ \t]*(?P<first>.*)$", re.M | re.I)
_SUBJECT_INLINE_RE = re.compile(r"\bSUBJ(?:ECT)?[ \t]*:[ \t]*(?P<first>.*)$", re.M | re.I)
# A line that starts the next header field or the text, so the subject ends above it.
_NEXT_FIELD_RE = re.compile(
    r"^\s*(?:REF(?:S|ERENCES?)?\b|CLASSIFIED\s+BY\b|E\.\s?O\.|TAGS\b|DERIVED\s+FROM\b"
    r"|SENSITIVE\b|SIPDIS\b|NOFORN\b|\d{1,2}\s*[.)]\s|\([A-Z/]{1,8}\)\s|[A-Z][A-Za-z. ]{0,25}:)",
    re.I,
)
_SUBJECT_MAX_LINES = 4
_MARKING_RE = re.compile(r"^\((?:U|C|S|TS|SBU|[CSU]/+[A-Z/]+|U/+FOUO)\)\s*", re.I)


def is_ref_id(value: str) -> bool:
    """A cable reference id like ``09LIMA345``."""
    return REF_ID_RE.match(value) is not None


def cable_subject(body: str) -> str | None:
    """The ``SUBJECT:`` of a cable body: continuation lines are joined until a blank line or
    the next field (REF:, Classified By:, a numbered paragraph); whitespace collapsed."""
    head = body[:_HEADER_CHARS]
    match = _SUBJECT_LINE_RE.search(head) or _SUBJECT_INLINE_RE.search(head)
    if match is None:
        return None
    parts = [match.group("first").strip()]
    rest = head[match.end() :].split("\n")[1:]
    for line in rest[: _SUBJECT_MAX_LINES - 1]:
        if not line.strip() or _NEXT_FIELD_RE.match(line):
            break
        parts.append(line.strip())
    subject = " ".join(" ".join(parts).split())
    return subject or None


def cable_title(subject: str | None, ref_id: str) -> str:
    """The subject as written, without a leading classification marking such as ``(C)``."""
    if subject:
        title = _MARKING_RE.sub("", subject).strip()
        if title:
            return title
    return ref_id


def cable_document(
    *,
    source: str,
    ref_id: str,
    body: str,
    date: str | None,
    origin: str | None,
    classification: str | None,
) -> ParsedDocument:
    subject = cable_subject(body)
    return ParsedDocument(
        kind="cable",
        source=source,
        title=cable_title(subject, ref_id),
        body=body,
        date=date,
        ref_id=ref_id,
        origin=origin or None,
        classification=classification or None,
        subject=subject,
    )
