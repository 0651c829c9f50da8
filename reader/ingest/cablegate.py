"""Cable pages as the cablegate site served them ("Cable Viewer").

The page has a ``<table class='cable'>`` (Reference ID, Created, Released, Classification,
Origin) and two ``<code><pre>`` blocks: the routing header and the body.  The body keeps its
text exactly; only the ``¶`` paragraph-anchor links the site added are removed, so it equals the
cables.csv body of the same cable.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from reader.ingest.cables import cable_document
from reader.ingest.errors import IngestError
from reader.models import ParsedDocument
from reader.text.cables import is_ref_id

__all__ = ["is_cablegate_page", "parse_cablegate_page"]

_CABLE_TABLE_RE = re.compile(r"<table\s+class\s*=\s*['\"]cable['\"]", re.I)
_VIEWER_TITLE_RE = re.compile(r"<title>\s*Cable Viewer\s*</title>", re.I)
_CREATED_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})")
_PARAGRAPH_MARK = "¶"


def is_cablegate_page(html: str) -> bool:
    """Sniff by content: the viewer's title or its cable metadata table."""
    return bool(_VIEWER_TITLE_RE.search(html[:4096]) or _CABLE_TABLE_RE.search(html))


def parse_cablegate_page(html: str, source: str) -> ParsedDocument:
    tree = LexborHTMLParser(html)
    table = tree.css_first("table.cable")
    if table is None:
        raise IngestError("cablegate page without a cable table")
    headers = [" ".join(th.text().split()).lower() for th in table.css("th")]
    values: list[str] = []
    for row in table.css("tr"):
        cells = row.css("td")
        if cells:
            values = [" ".join(td.text().split()) for td in cells]
            break
    fields = dict(zip(headers, values, strict=False))
    ref_id = fields.get("reference id", "")
    if not is_ref_id(ref_id):
        raise IngestError("cablegate page without a cable reference id")
    pres = tree.css("pre")
    if not pres:
        raise IngestError(f"cablegate page {ref_id} without a cable body")
    body_node = pres[-1]
    for link in body_node.css("a"):
        if link.text().strip() == _PARAGRAPH_MARK:
            link.decompose()
    body = body_node.text()
    if not body.strip():
        raise IngestError(f"cablegate page {ref_id}: empty cable body")
    created = _CREATED_RE.match(fields.get("created", ""))
    return cable_document(
        source=source,
        ref_id=ref_id,
        body=body,
        date=f"{created.group(1)}T{created.group(2)}" if created else None,
        origin=fields.get("origin"),
        classification=fields.get("classification"),
    )
