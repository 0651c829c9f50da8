"""The user's judgements told in words: which names, in which documents, not content
references. For `judge list`, `export judgements` and the reader's history of judgements.

Linking judgements name clusters by content reference (`reader.link.judgements`); cable
judgements name an article by its content hash and a cable by its id. Each is shown here by
the names its clusters' entities display today and by the title of its documents (a cable by
its id); a reference that no longer resolves (its document was removed) says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from reader.link.judgements import parse_mention_ref
from reader.rows import CiteJudgementRow, JudgementEntry, JudgementRow
from reader.store import Store

GONE = "a document no longer in the index"
TITLE_WIDTH = 60  # a longer title is shortened, with an ellipsis

KIND_WORDS = {
    "same": "the same",
    "not_same": "not the same",
    "split_mention": "mention split off",
    "split_document": "document split off",
    "hide": "hidden",
    "rename": "renamed",
    "cites": "cable",
    "not_cites": "cable",
}

Document = tuple[int, str, str, str | None]  # id, kind, title, ref id


def judgement_entries(store: Store, include_undone: bool = False) -> list[JudgementEntry]:
    """The judgements in force (or all of them) on linking and on cables, oldest first,
    each with what it says in words (`describe`) and its stored fields."""
    links = store.list_judgements(include_undone=include_undone)
    cites = store.list_cite_judgements(include_undone=include_undone)
    refs = {r for j in links if j.kind != "split_mention" for r in (j.a, j.b) if r}
    clusters = store.clusters_by_ref(refs)
    names = store.cluster_names(clusters.values())
    hashes = {_hash(r) for j in links for r in (j.a, j.b) if r}
    hashes |= {c.content_hash for c in cites}
    docs = store.documents_by_hash(hashes)
    words = _Words(store, clusters, names, docs)
    out = [words.link(j) for j in links] + [words.cite(c) for c in cites]
    out.sort(key=lambda e: (e.created, e.cable, e.id))
    return out


def when(created: str) -> str:
    """A stored time ("2026-11-30T10:02:11Z") as the list shows it ("2026-11-30 10:02")."""
    return created.replace("T", " ")[:16]


def _hash(ref: str) -> str:
    return ref.split("|", 1)[0]


def document_label(doc: Document | None, quoted: bool = True) -> str:
    """A cable by its id, an article by its title (‹in quotes›); GONE when absent."""
    if doc is None:
        return GONE
    _id, kind, title, ref_id = doc
    if kind == "cable" and ref_id:
        return ref_id
    title = " ".join(title.split()) or "untitled"
    if len(title) > TITLE_WIDTH:
        title = title[: TITLE_WIDTH - 1].rstrip() + "…"
    return f"‹{title}›" if quoted else title


class _Words:
    def __init__(self, store: Store, clusters: Mapping[str, int],
                 names: Mapping[int, tuple[str, str]], docs: Mapping[str, Document]) -> None:
        self.store = store
        self.clusters = clusters
        self.names = names
        self.docs = docs

    def _doc(self, ref: str) -> Document | None:
        return self.docs.get(_hash(ref))

    def _name(self, ref: str, own: bool = False) -> str:
        """“Peru” in ‹title›: the name its entity shows (or the cluster's own name)."""
        doc = self._doc(ref)
        if doc is None:
            return GONE
        where = document_label(doc)
        cid = self.clusters.get(ref)
        if cid is None or cid not in self.names:
            key = ref.split("|")[2] if ref.count("|") >= 2 else "?"
            return f"“{key}” (a name no longer found) in {where}"
        cluster_name, shown = self.names[cid]
        return f"“{cluster_name if own else shown}” in {where}"

    def link(self, j: JudgementRow) -> JudgementEntry:
        refs = [r for r in (j.a, j.b) if r]
        if j.kind == "split_mention":
            h, start, end = parse_mention_ref(j.a)
            doc = self.docs.get(h)
            found = self.store.mention_at(h, start, end) if doc is not None else None
            text = (f"“{found[1]}” at {start}–{end} in {document_label(doc)}" if found
                    else f"the name at {start}–{end} in {document_label(doc)}" if doc
                    else GONE)
        elif j.kind in ("same", "not_same") and j.b:
            sign = "=" if j.kind == "same" else "≠"
            text = f"{self._name(j.a)} {sign} {self._name(j.b)}"
        elif j.kind == "rename":
            text = f"{self._name(j.a, own=True)} → “{j.value or ''}”"
        else:
            text = self._name(j.a)
        documents = tuple(
            document_label(d, quoted=False) if (d := self._doc(r)) else "" for r in refs)
        return JudgementEntry(
            id=j.id, created=j.created, kind=j.kind, a=j.a, b=j.b, value=j.value,
            active=j.active, describe=f"{KIND_WORDS.get(j.kind, j.kind)}: {text}",
            documents=documents, ref_id=None)

    def cite(self, c: CiteJudgementRow) -> JudgementEntry:
        doc = self.docs.get(c.content_hash)
        cites = c.verdict == "cites"
        verb = "reports on" if cites else "does not report on"
        return JudgementEntry(
            id=c.id, created=c.created, kind="cites" if cites else "not_cites",
            a=c.content_hash, b=c.ref_id, value=None, active=c.active,
            describe=f"cable: {document_label(doc)} {verb} {c.ref_id}",
            documents=(document_label(doc, quoted=False) if doc else "",), ref_id=c.ref_id)
