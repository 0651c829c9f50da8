"""Plain-text and Markdown articles, including text saved from a web page.

Pipeline: optional front matter → (Markdown only) markup reduced to readable text →
boilerplate removal (:mod:`reader.ingest.boilerplate`) → metadata.  The Markdown reduction
happens before the body is stored, so mention offsets refer to the reduced text.

Title: front matter ``title`` > a Markdown heading > the headline found in the text > the
beginning of the first paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from reader.ingest.boilerplate import Cleaned, about_outlet, clean_article, looks_like_dateline
from reader.ingest.dates import find_date, normalise_date
from reader.ingest.errors import IngestError
from reader.models import ParsedDocument
from reader.text.cables import DTG_RE, year_of_two_digits
from reader.text.months import MILITARY_MONTHS

__all__ = [
    "Metadata",
    "markdown_to_text",
    "parse_byline",
    "parse_text_document",
    "split_front_matter",
]

Metadata = dict[str, str]

_FRONT_KEYS: dict[str, str] = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "sitename": "outlet",
    "publication": "outlet",
    "publisher": "outlet",
    "newspaper": "outlet",
    "source": "outlet",
    "byline": "byline",
    "author": "byline",
    "authors": "byline",
    "by": "byline",
    "date": "date",
    "published": "date",
    "published_at": "date",
    "pubdate": "date",
    "date_published": "date",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "canonical_url": "url",
    "source_url": "url",
}
_FRONT_FENCE_RE = re.compile(r"^---\s*$")
_FRONT_END_RE = re.compile(r"^(?:---|\.\.\.)\s*$")
_FRONT_LINE_RE = re.compile(r"^(?P<key>[A-Za-z_][\w .-]*?)\s*:\s*(?P<value>.*)$")
_FRONT_ITEM_RE = re.compile(r"^\s+-\s+(?P<value>.+)$|^-\s+(?P<value2>.+)$")
_FRONT_MAX_LINES = 60

_ATX_RE = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^\s{0,3}(#{1,6})[ \t]*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_THEMATIC_RE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_QUOTE_RE = re.compile(r"^\s{0,3}(?:>\s?)+")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REFLINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE_RE = re.compile(r"`([^`\n]+)`")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE_RE = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")
_STRIKE_RE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_PLACEHOLDER_BASE = 0xF0000  # Supplementary Private Use Area-A: never in real text

_BYLINE_LINE_RE = re.compile(r"^(?i:by|por|par)\s+(?P<name>[^\d|/•·,:;]{3,80})$")
_BYLINE_IN_LINE_RE = re.compile(r"(?:^|[\s/|•·])(?i:by|por)\s+(?P<name>[^\d|/•·]{3,80})")
_LANGUAGE_SWITCH_RE = re.compile(r"\s+(?:EN|ES|PT|FR|DE|IT)(?:\s*[|/]\s*(?:EN|ES|PT|FR|DE|IT))*$")
_TITLE_FALLBACK_CHARS = 100


def split_front_matter(text: str) -> tuple[Metadata, str]:
    """Front matter at the top (``---`` / ``key: value`` lines / ``---``) → (metadata, rest).

    Known keys are mapped to title/outlet/byline/date/url; list items under a key (authors)
    are joined with ", ".  Text without a well-formed block is returned unchanged.
    """
    stripped = text.lstrip("\n")
    lines = stripped.split("\n")
    if not lines or not _FRONT_FENCE_RE.match(lines[0]):
        return {}, text
    meta: Metadata = {}
    pairs = 0  # key: value lines seen, known keys or not (layout: post, tags: [...])
    last_key: str | None = None
    for i in range(1, min(len(lines), _FRONT_MAX_LINES)):
        line = lines[i]
        if _FRONT_END_RE.match(line):
            if not pairs:
                return {}, text  # "---" twice is a thematic break, not front matter
            return meta, "\n".join(lines[i + 1 :])
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _FRONT_ITEM_RE.match(line)
        if item and last_key is not None:
            value = _unquote(item.group("value") or item.group("value2") or "")
            if value:
                meta[last_key] = f"{meta[last_key]}, {value}" if meta.get(last_key) else value
            continue
        pair = _FRONT_LINE_RE.match(line)
        if pair is None:
            return {}, text
        pairs += 1
        key = pair.group("key").strip().lower().replace(" ", "_").replace("-", "_")
        value = _unquote(pair.group("value"))
        field_name = _FRONT_KEYS.get(key)
        if field_name == "outlet" and key == "source" and value.startswith(("http:", "https:")):
            field_name = "url"
        last_key = field_name
        if field_name is not None and (value or field_name not in meta):
            meta[field_name] = value
    return {}, text


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip("[]").strip() if value.startswith("[") and value.endswith("]") else value


def markdown_to_text(text: str) -> tuple[str, set[int]]:
    """Reduce Markdown to readable text, line for line; returns (text, heading line numbers).

    Heading markers, emphasis, inline code, link and image syntax, block quote markers,
    reference definitions, fences and thematic breaks go; list bullets stay.  ``[text](url)``
    becomes ``text``; images are dropped; backslash escapes are honoured.
    """
    lines = text.split("\n")
    out: list[str] = []
    headings: set[int] = set()
    in_fence = False
    for line in lines:
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(line)
            continue
        atx = _ATX_RE.match(line)
        if atx:
            content = atx.group(2) or ""
            out.append(_inline(content))
            if content.strip():
                headings.add(len(out) - 1)
            continue
        if _SETEXT_RE.match(line) and out and out[-1].strip() and (len(out) - 1) not in headings:
            # "Title\n=====" (or "-----" right under a text line): the line above is a heading.
            headings.add(len(out) - 1)
            out.append("")
            continue
        if _THEMATIC_RE.match(line) or _REFDEF_RE.match(line):
            out.append("")
            continue
        line = _QUOTE_RE.sub("", line)
        out.append(_inline(line))
    return "\n".join(out), headings


def _inline(text: str) -> str:
    """Inline Markdown → text (escaped characters are protected while markup is removed)."""
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(1))
        return chr(_PLACEHOLDER_BASE + len(protected) - 1)

    text = _ESCAPE_RE.sub(protect, text)
    text = _HTML_COMMENT_RE.sub("", text)
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REFLINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***x***, **_x_**
        text = _STRONG_RE.sub(r"\2", text)
        text = _EM_STAR_RE.sub(r"\1", text)
        text = _EM_UNDERSCORE_RE.sub(r"\1", text)
    text = _STRIKE_RE.sub(r"\1", text)
    if protected:
        text = "".join(
            protected[ord(c) - _PLACEHOLDER_BASE]
            if _PLACEHOLDER_BASE <= ord(c) < _PLACEHOLDER_BASE + len(protected)
            else c
            for c in text
        )
    return text


def parse_byline(text: str) -> str | None:
    """The name in a byline ("By Jane Doe", "... BY INSIGHT CRIME EN" → "INSIGHT CRIME")."""
    text = text.strip()
    match = _BYLINE_LINE_RE.match(text) or _BYLINE_IN_LINE_RE.search(text)
    if match is None:
        return None
    name = _LANGUAGE_SWITCH_RE.sub("", match.group("name").strip()).strip(" -–—,")
    if not name or len(name.split()) > 6 or find_date(name):
        return None
    return name


def _metadata_from_lines(lines: Sequence[str]) -> Metadata:
    """Date and byline from dateline-like lines near the headline."""
    meta: Metadata = {}
    for line in lines:
        if "date" not in meta and (dtg := DTG_RE.search(line)):
            # a reprinted cable's date-time group ("P 191710Z DEC 08") dates the reprint
            found = _dtg_date(dtg)
            if found:
                meta["date"] = found
        if "date" not in meta and looks_like_dateline(line) and not _DECLASSIFY_RE.search(
                line):  # ("DECL: 12/19/2018" is when it may be declassified)
            found = find_date(line)
            if found:
                meta["date"] = found
        if "byline" not in meta and len(line) <= 120:
            byline = parse_byline(line)
            if byline:
                meta["byline"] = byline
    return meta


_DECLASSIFY_RE = re.compile(r"\bDECL\b|\bDECLASSIFY|\bE\.\s?O\.\s?1\d{4}", re.IGNORECASE)


def _dtg_date(match: re.Match[str]) -> str | None:
    year = year_of_two_digits(int(match.group("yy")))
    month = MILITARY_MONTHS.index(match.group("mon")) + 1
    try:
        return None if year is None else date(year, month, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def parse_text_document(text: str, source: str, *, markdown: bool) -> ParsedDocument:
    """One article from decoded text (``markdown`` chooses the Markdown reduction)."""
    front, rest = split_front_matter(text)
    headings: set[int] = set()
    if markdown:
        rest, headings = markdown_to_text(rest)
    cleaned = clean_article(rest.split("\n"), headings)
    return build_article(cleaned, source, front)


def build_article(cleaned: Cleaned, source: str, given: Metadata) -> ParsedDocument:
    """A ParsedDocument from a cleaned body; ``given`` (front matter, HTML metas) wins over
    what the text itself suggests (dateline, byline, an "About <outlet>" heading)."""
    body = cleaned.body
    if not body.strip():
        raise IngestError("no article text found")
    found = _metadata_from_lines(list(cleaned.lead) + list(cleaned.before[-5:]))
    title = given.get("title") or cleaned.headline or _title_from_body(body)
    outlet = given.get("outlet") or about_outlet(cleaned.after)
    date = normalise_date(given.get("date")) or found.get("date")
    return ParsedDocument(
        kind="article",
        source=source,
        title=" ".join(title.split()),
        body=body,
        outlet=outlet or None,
        byline=given.get("byline") or found.get("byline") or None,
        date=date,
        url=given.get("url") or None,
    )


def _title_from_body(body: str) -> str:
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    if len(first) <= _TITLE_FALLBACK_CHARS:
        return first
    cut = first[:_TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
