"""Typed rows that cross from the store to the services, the command line and the reader.

Plain frozen dataclasses: the store fills them from SQL, the layers above read them. Exports
take their field lists from these types.
"""

from __future__ import annotations

from dataclasses import dataclass

Spans = tuple[tuple[str, bool], ...]
"""Text in pieces, each with whether it is a search hit (a search snippet)."""


@dataclass(frozen=True, slots=True)
class JudgementRow:
    """One of the user's judgements on linking, as stored."""

    id: int
    created: str
    kind: str
    a: str
    b: str | None
    value: str | None
    active: bool


@dataclass(frozen=True, slots=True)
class CiteJudgementRow:
    """One of the user's verdicts on whether an article reports on a cable, as stored."""

    id: int
    created: str
    content_hash: str  # the article's
    ref_id: str
    verdict: str  # cites | does_not_cite
    active: bool


@dataclass(frozen=True, slots=True)
class JudgementEntry:
    """A judgement on linking or on a cable, told in words (`judge list`, the reader's
    history, `export judgements`). The fields up to `active` keep the meaning they had when
    only linking judgements were exported; a cable judgement has the kind `cites` or
    `not_cites`, the article's content hash in `a` and the cable's id in `b`."""

    id: int  # unique among the linking judgements, and among the cable judgements
    created: str
    kind: str
    a: str
    b: str | None
    value: str | None
    active: bool
    describe: str  # what it says, with names and documents ("not the same: “Peru” in ...")
    documents: tuple[str, ...]  # each document it names: a title, a cable id, or "" if gone
    ref_id: str | None  # the cable of a cable judgement

    @property
    def cable(self) -> bool:
        """Is this a judgement on a cable (`cite_judgements`), not on linking?"""
        return self.kind in CITE_KINDS

    @property
    def label(self) -> str:
        """How the command line names it: "12" for a linking judgement, "c3" for a cable's."""
        return f"c{self.id}" if self.cable else str(self.id)


CITE_KINDS = ("cites", "not_cites")


# -- documents -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentListRow:
    """A document as the list of documents shows it; `sample`: from the bundled sample
    corpus; `copy_of`: the article this one is a copy of (a republication or an excerpt)."""

    id: int
    kind: str
    title: str
    outlet: str | None
    date: str | None
    ref_id: str | None
    origin: str | None
    sample: bool = False  # from the bundled sample corpus
    copy_of: int | None = None  # the article this one is a copy of


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A whole document: its metadata and its body."""

    id: int
    content_hash: str
    kind: str
    source: str
    title: str
    outlet: str | None
    byline: str | None
    date: str | None
    url: str | None
    ref_id: str | None
    origin: str | None
    classification: str | None
    subject: str | None
    body: str
    words: int
    imported_at: str


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A name at [start, end) of a document's body, with the entity it belongs to."""

    id: int
    start: int
    end: int
    text: str
    type: str
    entity_id: int
    entity_name: str
    cluster_id: int | None = None


@dataclass(frozen=True, slots=True)
class CiteRow:
    """A cable a document cites; `cable_id` is None when the cable is not in the index."""

    ref_id: str
    status: str  # explicit | likely | confirmed
    confidence: float
    rank: int  # a likely cable of rank 2 or more is a candidate, not a cite
    cable_id: int | None
    title: str | None
    date: str | None
    kind: str = ""  # the evidence: ref_id, url, header, quotation, names, judgement

    @property
    def is_cite(self) -> bool:
        """A cable the document reports on, not a candidate: explicit, confirmed, or likely
        of rank 1."""
        return self.status != "likely" or self.rank == 1


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """An article that reports on a cable (`duplicate_of`: it is a copy of that article;
    `sample`: it comes from the bundled sample corpus, invented)."""

    id: int
    title: str
    outlet: str | None
    date: str | None
    status: str
    confidence: float
    duplicate_of: int | None
    sample: bool = False


@dataclass(frozen=True, slots=True)
class CopyRow:
    """Another publication of the same text."""

    id: int
    title: str
    outlet: str | None
    date: str | None


# -- entities --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """An entity with how many documents and mentions name it."""

    id: int
    name: str
    type: str
    key: str
    documents: int
    mentions: int


@dataclass(frozen=True, slots=True)
class ElsewhereRow:
    """An entity's first mention in another document, with the text around it and what it
    takes to explain the link (the mention's norm, its cluster's key, the entity's key)."""

    mention_id: int
    document_id: int
    kind: str
    title: str
    ref_id: str | None
    date: str | None
    start: int
    end: int
    text: str
    norm: str
    entity_key: str
    count: int  # mentions of the entity in that document
    cluster_id: int | None
    cluster_key: str | None
    type: str
    context: str  # body[context_start : ...], around the mention
    context_start: int
    confirmed: bool  # the mention's cluster is confirmed by the user


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    """An entity suggested (not linked) as the same as the one asked about: `cluster` is the
    asked entity's side of the pair, `other_cluster` the suggested entity's."""

    score: float
    reason: str
    cluster: int
    other_cluster: int
    entity_id: int
    name: str
    type: str
    documents: int


@dataclass(frozen=True, slots=True)
class FoundMention:
    """A mention of an entity found by name (`mentions NAME`), with the text around it."""

    article_id: int
    title: str
    source: str
    start: int
    end: int
    text: str
    type: str
    entity_id: int
    entity_name: str
    context: str
    mention_id: int
    cluster_id: int | None


@dataclass(frozen=True, slots=True)
class EntityMentionRow(FoundMention):
    """A found mention with the raw fields that explain its link."""

    cluster_key: str | None
    norm: str
    entity_key: str
    confirmed: bool


# -- finding ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text search result; the snippet in spans, the matched words marked.
    `hit_start`: where in the document's body the first matched word starts (None when
    only the title matched), to open the document at its hit."""

    id: int
    kind: str
    title: str
    outlet: str | None
    date: str | None
    snippet: Spans
    ref_id: str | None = None
    hit_start: int | None = None  # where in the body the first matched word is

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _hit in self.snippet)


@dataclass(frozen=True, slots=True)
class DocumentMatch:
    """A document whose title or reference id contains the text asked for."""

    id: int
    kind: str
    title: str
    ref_id: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """An entity whose name contains the text asked for, and where it is first named."""

    id: int
    name: str
    type: str
    mentions: int
    document_id: int | None
    mention_id: int | None


@dataclass(frozen=True, slots=True)
class Counts:
    articles: int
    cables: int
    entities: int
    mentions: int


# -- exports (field names and order are a contract: README "Exports") ----------------------


@dataclass(frozen=True, slots=True)
class MentionExport:
    article_id: int
    source: str
    title: str
    start: int
    end: int
    text: str
    type: str
    entity_id: int
    entity_name: str


@dataclass(frozen=True, slots=True)
class ArticleExport:
    article_id: int
    source: str
    kind: str
    title: str
    outlet: str | None
    byline: str | None
    date: str | None
    url: str | None
    ref_id: str | None
    origin: str | None
    classification: str | None
    subject: str | None
    cites: tuple[str, ...]
    duplicate_of: int | None
    cite_evidence: tuple[dict[str, object], ...] = ()
    candidates: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class EntityExport:
    entity_id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    articles: int
    mentions: int
