"""Judgements read back: `export judgements` (JSONL or CSV) restored into an index.

A judgement names what it judges by content (a cluster's content reference, a mention's
span in a document's text, an article's content hash and a cable's id), so a file exported
from one index applies to another that holds the same documents, whatever their ids. Each
judgement is stored as it was exported (in force or withdrawn) and, when in force, applied
as a redo applies it. A judgement whose documents are not in this index is kept too: it
applies when they are imported (judgements are never lost). One that the index already has
is not added twice.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.link.judgements import KINDS, parse_mention_ref
from reader.rows import CITE_KINDS
from reader.services import judging
from reader.services.citations import resolve_citations
from reader.services.exports import FORMULA_STARTS
from reader.store import Store, StoreError


@dataclass
class Restored:
    """What a restore did: judgements applied, kept without a target in this index (their
    documents are not here), already present, and lines that are not judgements."""

    applied: int = 0
    no_target: int = 0
    already: int = 0
    withdrawn: int = 0  # stored as withdrawn, as they were exported
    bad: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [f"restored {self.applied + self.no_target + self.withdrawn} judgements: "
                 f"{self.applied} applied", f"{self.no_target} kept for documents not in "
                 "this index", f"{self.already} already present"]
        if self.withdrawn:
            parts.append(f"{self.withdrawn} withdrawn, as exported")
        if self.bad:
            parts.append(f"{len(self.bad)} lines not read")
        return ", ".join(parts)


def looks_like_judgements(path: Path) -> bool:
    """Is this file an `export judgements` (its first record has a judgement's fields)?"""
    try:
        rows = read_judgement_file(path, limit=1)
    except (OSError, ValueError, csv.Error):  # (a cables.csv field beyond csv's limit…)
        return False
    return bool(rows) and _is_judgement(rows[0])


def read_judgement_file(path: Path, limit: int | None = None) -> list[dict[str, object]]:
    """The records of an exported judgements file, JSONL or CSV (by its first character)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        head = fh.read(1)
        fh.seek(0)
        if head == "{":
            out: list[dict[str, object]] = []
            for n, line in enumerate(fh, start=1):
                if limit is not None and len(out) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError:
                    value = {"_bad": f"line {n}: not JSON"}
                out.append(value if isinstance(value, dict) else {"_bad": f"line {n}"})
            return out
        reader = csv.DictReader(fh)
        rows: list[dict[str, object]] = []
        for row in reader:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(dict(row))
        return rows


def restore_judgements(store: Store, records: Iterable[Mapping[str, object]]) -> Restored:
    """Store and apply exported judgements, all in one transaction."""
    done = Restored()
    with store.transaction():
        # what the index holds already: a record in force brings a withdrawn copy back
        have = {(j.kind, j.a, j.b, j.value): (j.id, j.active)
                for j in store.list_judgements(include_undone=True)}
        have_cites = {(c.content_hash, c.ref_id, c.verdict == "cites"): (c.id, c.active)
                      for c in store.list_cite_judgements(include_undone=True)}
        for n, r in enumerate(records, start=1):
            if not _is_judgement(r):
                done.bad.append(str(r.get("_bad") or f"record {n}: not a judgement"))
                continue
            kind, a, b = str(r["kind"]), str(r["a"]), _text(r.get("b"))
            active = str(r.get("active", "1")).strip().lower() in ("1", "true")
            if kind in CITE_KINDS:
                if b is None:
                    done.bad.append(f"record {n}: a cable judgement without its cable")
                    continue
                key = (a, b, kind == "cites")
                if key in have_cites:
                    cid, in_force = have_cites[key]
                    if active and not in_force:
                        judging.redo_cite(store, cid)
                        have_cites[key] = (cid, True)
                        done.applied += 1
                    else:
                        done.already += 1
                    continue
                have_cites[key] = (_restore_cite(store, a, b, kind == "cites", active, done),
                                   active)
                continue
            value = _text(r.get("value"))
            link_key = (kind, a, b, value)
            if link_key in have:
                jid, in_force = have[link_key]
                if active and not in_force and _has_target(store, kind, a, b):
                    judging.redo(store, jid)
                    have[link_key] = (jid, True)
                    done.applied += 1
                else:
                    done.already += 1
                continue
            jid = store.add_judgement(kind, a, b, value)
            have[link_key] = (jid, active)
            store.set_judgement_active(jid, False)
            if not active:
                done.withdrawn += 1
            elif _has_target(store, kind, a, b):
                judging.redo(store, jid)
                done.applied += 1
            else:
                store.set_judgement_active(jid, True)  # in force, for when they come
                done.no_target += 1
    return done


def _restore_cite(store: Store, content_hash: str, ref_id: str, cites: bool, active: bool,
                  done: Restored) -> int:
    jid = store.add_cite_judgement(content_hash, ref_id, cites)
    if not active:
        store.set_cite_judgement_active(jid, False)
        done.withdrawn += 1
        return jid
    doc = store.documents_by_hash([content_hash]).get(content_hash)
    if doc is None:
        done.no_target += 1
        return jid
    resolve_citations(store, [doc[0]])
    done.applied += 1
    return jid


def _has_target(store: Store, kind: str, a: str, b: str | None) -> bool:
    """Are the documents this judgement names in the index?"""
    if kind == "split_mention":
        try:
            return store.mention_at(*parse_mention_ref(a)) is not None
        except ValueError:
            raise StoreError(f"not a mention reference: {a!r}") from None
    refs = [r for r in (a, b) if r]
    return len(store.clusters_by_ref(refs)) == len(refs)


def _is_judgement(r: Mapping[str, object]) -> bool:
    return (r.get("kind") in (*KINDS, *CITE_KINDS) and isinstance(r.get("a"), str)
            and bool(r.get("a")))


def _text(value: object) -> str | None:
    """A field as exported (a CSV export put an apostrophe before a formula-like cell)."""
    if value in (None, ""):
        return None
    text = str(value)
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text
