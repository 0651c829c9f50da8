"""Saved news web pages: the article's main text and its metadata.

Library choice: **selectolax (lexbor) with our own rules**, not trafilatura.  Measured on the
two test pages of tests/test_ingest.py (a WordPress article and a Spanish div-soup page):

* trafilatura 2.3.1 does not even import with the installed lxml 6 (its justext dependency
  needs ``lxml.html.clean``, now the separate ``lxml_html_clean`` package, not a dependency of
  ours).  With that package added in a scratch environment, it kept all article paragraphs
  but leaked 6 of 10 boilerplate strings of the Spanish page (4 with ``favor_precision``:
  "Comparte esta noticia", "Noticias relacionadas", the comment form), dropped the headline
  in precision mode, joined paragraphs with single newlines, and took 2.7-5.9 ms per page.
* selectolax + these rules: all paragraphs kept, 0 of 25 boilerplate strings leaked, same
  metadata (plus the JSON-LD ``@graph`` url trafilatura missed), 1.0-1.4 ms per page.

Rules: metadata is read from the whole page (``<title>``, og:/twitter:/article: metas, date and
author metas, JSON-LD ``NewsArticle``, ``<time datetime>``, canonical link).  The text comes from
the most specific article container (``itemprop=articleBody`` / ``entry-content``-like classes,
then ``<article>``, then ``<main>``, then ``<body>``) with scripts, styles, forms, navigation,
headers, footers, asides and elements whose class/id says comments, share, related, newsletter,
advert, sidebar, breadcrumb ... removed; block elements become paragraphs; paragraphs made
mostly of link text (teaser lists) are dropped.  The headline opens the body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.ingest.boilerplate import clean_article
from reader.ingest.decode import decode_bytes
from reader.ingest.errors import IngestError
from reader.ingest.text import Metadata, build_article
from reader.models import ParsedDocument

__all__ = ["decode_html", "extract_metadata", "extract_paragraphs", "parse_article_html"]

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

_DROP_SELECTOR = (
    "script, style, noscript, template, svg, iframe, form, nav, aside, footer, header, button, "
    "select, input, textarea, object, embed, canvas, dialog, menu"
)
_BOILERPLATE_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:comments?|comment-respond|respond|share|sharing|sharedaddy|social"
    r"|related|relatedposts|recommended|newsletter|subscribe|subscription|promo|advert"
    r"|advertisement|ads?|sponsor|sponsored|sidebar|breadcrumbs?|menu|navbar|nav|footer"
    r"|cookie|consent|popup|modal|donate|donation|paywall|author-bio|tags|tag-list|widget"
    r"|outbrain|taboola|disqus|more-stories|read-more|signup|banner|skip-link)(?:$|[\s_-])",
    re.IGNORECASE,
)
_CONTAINER_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:(?:article|entry|post|story)[-_]?(?:body|content|text)|article-content"
    r"|main-content|content-body|body-text)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "p div section article main li dd dt blockquote pre h1 h2 h3 h4 h5 h6 td th tr table ul ol "
    "dl figcaption address center body".split()
)
_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
_WORDS_RE = re.compile(r"\w+")
_LINK_DENSITY_MAX = 0.8
_MIN_CONTAINER_TEXT = 200
_DATE_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)
_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "blogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "report",
        "scholarlyarticle",
    }
)


def decode_html(data: bytes) -> str:
    """Decode a page, honouring its ``<meta charset>`` when the bytes are not UTF-8."""
    match = _META_CHARSET_RE.search(data[:4096])
    declared = match.group(1).decode("ascii", "ignore") if match else None
    return decode_bytes(data, declared_encoding=declared)


def parse_article_html(html: str, source: str) -> ParsedDocument:
    """One article from a saved web page (decoded HTML)."""
    tree = LexborHTMLParser(html)
    meta = extract_metadata(tree)
    container = _choose_container(tree)
    headline = _headline(tree, container, meta.get("title"))
    paragraphs = extract_paragraphs(container)
    outlet = (meta.get("outlet") or "").casefold()
    if outlet:  # the site's name in a logo or a header is not article text
        paragraphs = [p for p in paragraphs if p.casefold() != outlet]
    if headline:
        headline = " ".join(headline.split())
        if headline in paragraphs:
            paragraphs = paragraphs[paragraphs.index(headline) :]  # kickers above it go
        else:
            paragraphs.insert(0, headline)
    lines = "\n\n".join(paragraphs).split("\n")
    cleaned = clean_article(lines, {0} if headline else set())
    return build_article(cleaned, source, meta)


def extract_metadata(tree: LexborHTMLParser) -> Metadata:
    """title, outlet, byline, date and url from metas, JSON-LD, ``<time>`` and links."""
    metas: dict[str, str] = {}
    for node in tree.css("meta"):
        key = node.attributes.get("property") or node.attributes.get("name")
        key = key or node.attributes.get("itemprop")
        value = node.attributes.get("content")
        if key and value and value.strip():
            metas.setdefault(key.strip().lower(), value.strip())
    ld = _json_ld_article(tree)
    result: Metadata = {}

    title = metas.get("og:title") or metas.get("twitter:title") or _str(ld.get("headline"))
    if not title:
        h1 = tree.css_first("h1")
        title = h1.text(separator=" ") if h1 is not None else None
    if not title:
        title_node = tree.css_first("title")
        title = title_node.text() if title_node is not None else None
    outlet = metas.get("og:site_name") or metas.get("application-name")
    outlet = outlet or _name_of(ld.get("publisher"))
    if title:
        result["title"] = _strip_site_suffix(" ".join(title.split()), outlet)
    if outlet:
        result["outlet"] = " ".join(outlet.split())

    date = next((metas[key] for key in _DATE_META_KEYS if metas.get(key)), None)
    date = date or _str(ld.get("datePublished"))
    if not date:
        time = tree.css_first("article time[datetime]") or tree.css_first("time[datetime]")
        date = time.attributes.get("datetime") if time is not None else None
    if date:
        result["date"] = date

    byline = next(
        (
            value
            for key in ("author", "article:author", "byl", "dc.creator", "parsely-author")
            if (value := metas.get(key)) and not value.startswith(("http:", "https:"))
        ),
        None,
    )
    byline = byline or _name_of(ld.get("author"))
    if not byline:
        author = tree.css_first("[rel=author]") or tree.css_first(".byline, .author-name")
        text = " ".join(author.text(separator=" ").split()) if author is not None else ""
        byline = re.sub(r"^(?i:by|por)\s+", "", text) if 0 < len(text) <= 80 else None
    if byline:
        result["byline"] = byline

    canonical = tree.css_first("link[rel=canonical]")
    url = canonical.attributes.get("href") if canonical is not None else None
    url = url or metas.get("og:url") or _str(ld.get("url"))
    if url:
        result["url"] = url.strip()
    return result


def extract_paragraphs(container: LexborNode) -> list[str]:
    """Visible text of ``container`` as paragraphs, boilerplate elements removed."""
    _decompose(container.css(_DROP_SELECTOR))
    total = len(container.text(separator=" "))
    _decompose(
        node
        for node in _attr_matches(container)
        if len(node.text(separator=" ")) < 0.5 * total  # never the article itself
    )
    paragraphs: list[tuple[list[str], int, int]] = []  # (parts, chars, link chars)
    current_block: int | None = None  # mem_id: selectolax makes a new wrapper per access
    for node in container.traverse(include_text=True):
        if node.tag == "br":
            if paragraphs:
                paragraphs[-1][0].append("\n")
            continue
        if node.tag != "-text":
            continue
        raw = node.text(deep=False)
        block, in_pre, in_link = _context(node, container)
        text = raw if in_pre else _SPACE_RE.sub(" ", raw)
        if not text.strip() and not in_pre:
            if paragraphs and block == current_block:
                paragraphs[-1][0].append(" ")
            continue
        if block != current_block or not paragraphs:
            paragraphs.append(([], 0, 0))
            current_block = block
        parts, chars, links = paragraphs[-1]
        parts.append(text)
        size = len(text.strip())
        paragraphs[-1] = (parts, chars + size, links + (size if in_link else 0))
    result: list[str] = []
    for parts, chars, links in paragraphs:
        if chars and links / chars >= _LINK_DENSITY_MAX:
            continue  # a teaser link, a tag list, "Read more" buttons
        text = "\n".join(_SPACE_RE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
        text = re.sub(r"\n{2,}", "\n", text).strip()
        if text:
            result.append(text)
    return result


def _decompose(nodes: Iterable[LexborNode]) -> None:
    """Remove nodes, outermost first, never touching a node inside one already removed."""
    removed: set[int] = set()
    for node in nodes:
        ancestor = node.parent
        inside = False
        while ancestor is not None:
            if ancestor.mem_id in removed:
                inside = True
                break
            ancestor = ancestor.parent
        if not inside:
            removed.add(node.mem_id)
            node.decompose()


def _context(node: LexborNode, container: LexborNode) -> tuple[int | None, bool, bool]:
    """(mem_id of the nearest block ancestor, inside <pre>, inside <a>) of a text node."""
    block: int | None = None
    in_pre = in_link = False
    parent = node.parent
    while parent is not None:
        tag = parent.tag
        if tag == "a":
            in_link = True
        elif tag == "pre":
            in_pre = True
        if block is None and tag in _BLOCK_TAGS:
            block = parent.mem_id
        if parent.mem_id == container.mem_id:
            break
        parent = parent.parent
    return block, in_pre, in_link


def _attr_matches(container: LexborNode) -> Iterator[LexborNode]:
    for node in container.css("[class], [id]"):
        if node.tag in {"html", "body", "main", "article"}:
            continue
        attrs = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _BOILERPLATE_ATTR_RE.search(attrs) and not _CONTAINER_ATTR_RE.search(attrs):
            yield node


def _p_text_length(node: LexborNode) -> int:
    return sum(len(p.text(separator=" ").strip()) for p in node.css("p"))


def _choose_container(tree: LexborHTMLParser) -> LexborNode:
    """The most specific element that holds the article's paragraphs."""
    specific = [
        node
        for node in tree.css("[itemprop=articleBody], [class], [id]")
        if node.attributes.get("itemprop") == "articleBody"
        or _CONTAINER_ATTR_RE.search(
            f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        )
    ]
    for group in (specific, tree.css("article"), tree.css("main, [role=main]")):
        scored = [(length, node) for node in group if (length := _p_text_length(node))]
        if scored:
            length, best = max(scored, key=lambda item: item[0])
            if length >= _MIN_CONTAINER_TEXT:
                return best
    node = tree.body or tree.root
    if node is None:
        raise IngestError("empty HTML document")
    return node


def _headline(tree: LexborHTMLParser, container: LexborNode, title: str | None) -> str | None:
    """The article's ``<h1>``, unless it is not the article title (a site logo in an ``<h1>``
    shares no words with the metadata title): then the metadata title."""
    node = container.css_first("h1") or tree.css_first("article h1") or tree.css_first("h1")
    text = " ".join(node.text(separator=" ").split()) if node is not None else ""
    if text and title:
        words = set(_WORDS_RE.findall(text.casefold()))
        shared = words & set(_WORDS_RE.findall(title.casefold()))
        if len(shared) * 2 < len(words):
            return title
    return text or title


def _strip_site_suffix(title: str, outlet: str | None) -> str:
    """ "Peru army linked to drugs | InSight Crime" → "Peru army linked to drugs"."""
    for separator in (" | ", " – ", " — ", " - ", " :: ", " · "):
        if separator in title:
            head, _, tail = title.rpartition(separator)
            if outlet and tail.strip().casefold() == outlet.strip().casefold():
                return head.strip()
            if outlet and head.strip().casefold() == outlet.strip().casefold():
                return tail.strip()
    return title


def _json_ld_article(tree: LexborHTMLParser) -> dict[str, Any]:
    """The first JSON-LD object of an article type (also inside ``@graph``)."""
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text())
        except (ValueError, TypeError):
            continue
        for item in _ld_items(data):
            types = item.get("@type")
            names = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in names):
                return item
    return {}


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for element in data:
            yield from _ld_items(element)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"])


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _name_of(value: Any) -> str | None:
    """A person/organisation name from JSON-LD (string, object or list of them)."""
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, dict):
        return _str(value.get("name"))
    if isinstance(value, list):
        names = [name for element in value if (name := _name_of(element))]
        return ", ".join(names) if names else None
    return None
