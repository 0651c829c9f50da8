"""The user's judgements on linking and on citations: record them, then re-link what they
touch through the one linker. What each kind means: `reader.link.judgements`."""

from __future__ import annotations

from reader.link import normalise_name
from reader.link.judgements import mention_ref, parse_mention_ref
from reader.rows import CiteJudgementRow, JudgementRow
from reader.services.citations import resolve_citations
from reader.services.linking import relink_around
from reader.store import Store, StoreError


def _ref(store: Store, cluster_id: int) -> str:
    ref = store.cluster_ref(cluster_id)
    if ref is None:
        raise StoreError(f"no cluster {cluster_id}")
    return ref


def judge_same(store: Store, entity_a: int, entity_b: int) -> int:
    """Two entities are one: merge them."""
    with store.transaction():
        ca, cb = store.anchor(entity_a), store.anchor(entity_b)
        jid = store.add_judgement("same", _ref(store, ca), _ref(store, cb))
        relink_around(store, [ca, cb])
    return jid


def judge_same_clusters(store: Store, cluster_a: int, cluster_b: int) -> int:
    """Two documents' names are one entity (a confirmed link or suggestion)."""
    with store.transaction():
        jid = store.add_judgement("same", _ref(store, cluster_a), _ref(store, cluster_b))
        relink_around(store, [cluster_a, cluster_b])
    return jid


def judge_not_same(store: Store, cluster_a: int, cluster_b: int) -> int:
    """Two documents' names are different entities: split them if linked, never link them."""
    with store.transaction():
        jid = store.add_judgement("not_same", _ref(store, cluster_a), _ref(store, cluster_b))
        relink_around(store, [cluster_a, cluster_b])
    return jid


def cluster_of_mention(store: Store, mention_id: int) -> int:
    return store.cluster_of_mention(mention_id)


def split_mention(store: Store, mention_id: int) -> int:
    """Take one mention off its entity: it becomes an entity of its own."""
    with store.transaction():
        _doc, start, end, norm, _type, text, h, home = store.mention(mention_id)
        jid = store.add_judgement("split_mention", mention_ref(h, start, end))
        cid = store.isolate_mention(mention_id, norm or normalise_name(text),
                                    " ".join(text.split()))
        relink_around(store, [cid, home])
    return jid


def split_document(store: Store, entity_id: int, document_id: int) -> int:
    """Take all of one document's mentions off an entity."""
    with store.transaction():
        clusters = store.entity_clusters(entity_id, document_id)
        if not clusters:
            raise StoreError(f"document {document_id} does not name entity {entity_id}")
        jid = 0
        for cid in clusters:
            jid = store.add_judgement("split_document", _ref(store, cid))
        rest = store.entity_clusters(entity_id)
        store.set_isolated(clusters, 1)
        relink_around(store, rest)
    return jid


def hide_entity(store: Store, entity_id: int) -> int:
    with store.transaction():
        anchor = store.anchor(entity_id)
        jid = store.add_judgement("hide", _ref(store, anchor))
        relink_around(store, [anchor])
    return jid


def rename_entity(store: Store, entity_id: int, name: str) -> int:
    name = " ".join(name.split())
    if not name:
        raise StoreError("a name cannot be empty")
    with store.transaction():
        anchor = store.anchor(entity_id)
        jid = store.add_judgement("rename", _ref(store, anchor), value=name)
        relink_around(store, [anchor])
    return jid


def undo(store: Store, judgement_id: int | None = None) -> JudgementRow | None:
    """Withdraw a judgement (the latest in force when no id is given) and re-link what it
    touched; returns it as it now stands (inactive). None when no id is given and no
    judgement is in force; a StoreError when the id is unknown or already withdrawn."""
    with store.transaction():
        j = store.judgement(judgement_id)
        if j is None:
            if judgement_id is None:
                return None
            raise StoreError(f"no judgement {judgement_id}")
        if not j.active:
            raise StoreError(f"judgement {j.id} is already withdrawn")
        store.set_judgement_active(j.id, False)
        if j.kind == "split_mention":
            home = store.return_mention(*parse_mention_ref(j.a))
            seeds = [home] if home is not None else []
        else:
            seeds = _clusters(store, j)
            if j.kind == "split_document":
                store.set_isolated(seeds, 0)
        relink_around(store, seeds)
        return store.judgement(j.id)


def redo(store: Store, judgement_id: int) -> JudgementRow:
    """Put a withdrawn judgement back in force and re-link what it touches (the inverse of
    `undo`: a split mention leaves its cluster again, a split document is isolated again).
    A StoreError when the id is unknown or the judgement is in force."""
    with store.transaction():
        j = store.judgement(judgement_id)
        if j is None:
            raise StoreError(f"no judgement {judgement_id}")
        if j.active:
            raise StoreError(f"judgement {j.id} is already in force")
        store.set_judgement_active(j.id, True)
        if j.kind == "split_mention":
            found = store.mention_at(*parse_mention_ref(j.a))
            if found is not None:
                _doc, _s, _e, norm, _type, text, _h, home = store.mention(found[0])
                ref = store.cluster_ref(home) or ""
                if "|@" not in ref:  # (not split off already)
                    cid = store.isolate_mention(found[0], norm or normalise_name(text),
                                                " ".join(text.split()))
                    relink_around(store, [cid, home])
        else:
            seeds = _clusters(store, j)
            if j.kind == "split_document":
                entities = set(store.entities_of_clusters(seeds).values())
                rest = [c for e in entities for c in store.entity_clusters(e)]
                store.set_isolated(seeds, 1)
                seeds = [*seeds, *rest]
            relink_around(store, seeds)
        row = store.judgement(j.id)
        assert row is not None
        return row


def _clusters(store: Store, j: JudgementRow) -> list[int]:
    """The clusters a judgement names (by reference) that are in the index now."""
    return list(store.clusters_by_ref({r for r in (j.a, j.b) if r}).values())


def judge_cite(store: Store, document_id: int, ref_id: str, cites: bool) -> int:
    """The user confirms that an article reports on a cable, or rejects a likely one.
    Returns the cable judgement's id (for `undo_cite` and `redo_cite`)."""
    with store.transaction():
        jid = store.add_cite_judgement(store.content_hash(document_id), ref_id, cites)
        resolve_citations(store, [document_id])
    return jid


def undo_cite(store: Store, cite_judgement_id: int) -> CiteJudgementRow:
    """Withdraw a verdict on a cable and resolve that article's citations again."""
    return _toggle_cite(store, cite_judgement_id, False)


def redo_cite(store: Store, cite_judgement_id: int) -> CiteJudgementRow:
    """Put a withdrawn verdict on a cable back in force (the inverse of `undo_cite`)."""
    return _toggle_cite(store, cite_judgement_id, True)


def _toggle_cite(store: Store, cite_judgement_id: int, active: bool) -> CiteJudgementRow:
    with store.transaction():
        j = store.cite_judgement(cite_judgement_id)
        if j is None:
            raise StoreError(f"no cable judgement c{cite_judgement_id}")
        if j.active == active:
            state = "in force" if active else "withdrawn"
            raise StoreError(f"cable judgement c{j.id} is already {state}")
        store.set_cite_judgement_active(j.id, active)
        doc = store.documents_by_hash([j.content_hash]).get(j.content_hash)
        if doc is not None:
            resolve_citations(store, [doc[0]])
        row = store.cite_judgement(j.id)
        assert row is not None
        return row
