"""What the two cable importers (cables.csv rows, cablegate pages) share: the document, its
title (the cable format itself is in `reader.text.cables`)."""

from __future__ import annotations

from reader.models import ParsedDocument
from reader.text.cables import ROUTING_RE, cable_subject, strip_portion_marking

__all__ = ["cable_document", "cable_title"]


def cable_title(subject: str | None, ref_id: str) -> str:
    """The subject as written, without a leading classification marking such as ``(C)``."""
    if subject:
        title = strip_portion_marking(subject).strip()
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
    header: str = "",
) -> ParsedDocument:
    """A cable; its routing indicator is read from HEADER (the release's header column) or
    the top of the body."""
    subject = cable_subject(body)
    routing = ROUTING_RE.search(header) or ROUTING_RE.search(body, 0, 3000)
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
        routing=routing.group("station") if routing else None,
    )
