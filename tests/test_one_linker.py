"""One linker: the same documents give the same entities, whatever the order and batching of
their import, and after a full re-link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.services import judging, views
from reader.services.importer import import_paths
from reader.services.linking import relink
from reader.store import Store

# Small articles whose names exercise every kind of link: the same name, a spelling variant
# (Vladimir/Vladimiro), a transliteration (Qaddafi/Gadhafi), a short form, two surnames, an
# acronym declared in one document and used bare in another, an acronym with two meanings
# in the index (SIU), which must link nothing once both meanings are present, and one that
# is each country's own (GOC), which links by country.
TEXTS = {
    "a.txt": "Police unit\n\nThe Special Investigations Unit (SIU) of the police arrested "
             "Vladimiro Montesinos in Lima on Tuesday.\n",
    "b.txt": "Intelligence\n\nThe Strategic Intelligence Unit (SIU) reported that Vladimir "
             "Montesinos had left Peru for Caracas.\n",
    "c.txt": "A meeting\n\nVladimiro Montesinos met Alberto Fujimori and officials of the "
             "Narcotics Affairs Section in Lima.\n",
    "d.txt": "Drugs\n\nKeiko Fujimori spoke with the Narcotic Affairs Section (NAS) about "
             "coca in Peru.\n",
    "e.txt": "Judges\n\nThe NAS and the United Nations (UN) met the judge Hernan Saturno "
             "Vergara in Lima.\n",
    "f.txt": "A judge\n\nSaturno Vergara told the UN that Vladimiro Montesinos was seen in "
             "Callao.\n",
    "g.txt": "Libya\n\nMuammar Qaddafi met the envoy of Ali Abdullah Saleh in Tripoli.\n",
    "h.txt": "Yemen\n\nMoammar Gadhafi spoke with Ali Abdullah Saleh and with the SIU in "
             "Sanaa.\n",
    # a chain of weak links: "M. Perez" fits both, Maria and Manuel are two people, so the
    # linker refuses one of the two joins (and must refuse the same one in every order)
    "i.txt": "Ecuador\n\nThe minister Maria Perez spoke to reporters in Quito.\n",
    "j.txt": "Quito\n\nThe official M. Perez answered the embassy in Quito.\n",
    "k.txt": "Bogota\n\nThe banker Manuel Perez left Bogota for Quito.\n",
    # one-word names: which person they join depends on who else the index holds
    "l.txt": "Report\n\nFormer president Fujimori told Mr. Saleh that Mr. Montesinos had left.\n",
    # an acronym that is each country's own government: linked country by country
    "m.txt": "Colombia\n\nThe Government of Colombia (GOC) extradited him from Colombia.\n",
    "n.txt": "Chile\n\nThe Government of Chile (GOC) protested to Chile's neighbours.\n",
    "o.txt": "Bogota\n\nThe GOC said that Colombia would extradite two more.\n",
    "p.txt": "Santiago\n\nThe GOC said that Chile would not extradite anyone.\n",
}


def _write(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        path = folder / name
        path.write_text(TEXTS[name], encoding="utf-8")
        out.append(path)
    return out


Partition = tuple[frozenset[frozenset[tuple[str, int, int]]], frozenset[tuple[str, int, str]]]


def partition(store: Store) -> Partition:
    """Mentions grouped by entity, by content (file name and offsets, not ids); and the name
    each mention's entity shows."""
    groups: dict[int, set[tuple[str, int, int]]] = {}
    names: set[tuple[str, int, str]] = set()
    for m in store.iter_export_mentions():
        src = Path(m.source).name
        groups.setdefault(m.entity_id, set()).add((src, m.start, m.end))
        names.add((src, m.start, m.entity_name))
    return frozenset(frozenset(g) for g in groups.values()), frozenset(names)


def _all_at_once(tmp: Path, names: list[str]) -> Partition:
    store = Store(tmp / "all.sqlite")
    try:
        import_paths(store, _write(tmp / "all", names))
        return partition(store)
    finally:
        store.close()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(sorted(TEXTS)), size=st.integers(2, len(TEXTS)),
       batch=st.integers(1, 3))
def test_order_and_batching_do_not_change_the_entities(tmp_path_factory, order, size, batch):
    names = list(order[:size])
    tmp = tmp_path_factory.mktemp("linker")
    expected = _all_at_once(tmp, sorted(names))

    store = Store(tmp / "steps.sqlite")
    try:
        files = _write(tmp / "steps", names)
        for i in range(0, len(files), batch):
            import_paths(store, files[i : i + batch])
        assert partition(store) == expected
        relink(store)
        assert partition(store) == expected
    finally:
        store.close()


def test_two_meanings_of_an_acronym_link_nothing(tmp_path):
    store = Store(tmp_path / "siu.sqlite")
    try:
        import_paths(store, _write(tmp_path / "in", ["a.txt"]))
        import_paths(store, _write(tmp_path / "in", ["h.txt"]))
        # with one meaning in the index, the bare "SIU" of h.txt is the police unit
        groups, _ = partition(store)
        siu = [g for g in groups if any(src == "h.txt" and end - start == 3
                                        for src, start, end in g)
               and any(src == "a.txt" for src, _s, _e in g)]
        assert siu, "SIU in h.txt links to the unit a.txt defines"
        import_paths(store, _write(tmp_path / "in", ["b.txt"]))
        groups, _ = partition(store)
        for g in groups:
            assert not ({s for s, _a, _b in g} >= {"a.txt", "b.txt"} and any(
                e - s == 3 for _src, s, e in g)), "SIU now has two meanings: no link through it"
    finally:
        store.close()


def test_a_wall_holds_in_every_path(tmp_path):
    """A 'not same' judgement made on one index gives the same partition when the documents
    come one by one, all at once, or are re-linked."""
    store = Store(tmp_path / "w.sqlite")
    try:
        import_paths(store, _write(tmp_path / "in", sorted(TEXTS)))
        rows = {(Path(r.source).name, r.text): r for r in
                views.entity_mentions(store, "Montesinos")}
        judging.judge_not_same(store, rows[("a.txt", "Vladimiro Montesinos")].cluster_id,
                               rows[("b.txt", "Vladimir Montesinos")].cluster_id)
        walled = partition(store)
        relink(store)
        assert partition(store) == walled
        # the judgement survives a fresh import of the same files into the same index, and
        # a new document that names both spellings does not bridge the wall
        extra = tmp_path / "extra" / "z.txt"
        extra.parent.mkdir()
        extra.write_text("Both\n\nVladimir Montesinos, also written Vladimiro Montesinos, "
                         "left Lima.\n", encoding="utf-8")
        import_paths(store, [extra])
        after = partition(store)
        relink(store)
        assert partition(store) == after
        groups, _ = after
        for g in groups:
            srcs = {s for s, _a, _b in g}
            assert not {"a.txt", "b.txt"} <= srcs
    finally:
        store.close()


def test_real_articles_three_ways(tmp_path, shared_data):
    """The seeds, the dev articles and two articles using SIU for two units: all at once,
    one at a time in reverse order, and all at once then re-linked: one partition."""
    files = sorted((shared_data / "seeds").iterdir())
    files += sorted((shared_data / "dev" / "articles").iterdir())
    siu = tmp_path / "siu"
    files += [p for p in _write(siu, ["a.txt", "b.txt"])]
    if len(files) < 10:
        pytest.skip("dev articles not found")
    work = tmp_path / "copy"
    work.mkdir()
    copies = []
    for f in files:  # one folder, so that every path sees the same source names
        target = work / f.name
        shutil.copyfile(f, target)
        copies.append(target)

    def run(name: str, steps: list[list[Path]], then_relink: bool) -> Partition:
        store = Store(tmp_path / f"{name}.sqlite")
        try:
            for step in steps:
                summary = import_paths(store, step)
                assert not summary.failed
            if then_relink:
                relink(store)
            return partition(store)
        finally:
            store.close()

    at_once = run("once", [copies], False)
    one_by_one = run("reverse", [[p] for p in reversed(copies)], False)
    relinked = run("relinked", [copies], True)
    assert one_by_one == at_once
    assert relinked == at_once


def test_a_country_s_own_acronym_links_by_country_in_every_path(tmp_path):
    names = ["m.txt", "n.txt", "o.txt", "p.txt"]
    expected = _all_at_once(tmp_path, names)
    groups, _ = expected
    goc = [{src for src, _s, _e in g} for g in groups
           if any(src in ("o.txt", "p.txt") for src, _s, _e in g)]
    assert {"m.txt", "o.txt"} in [g & {"m.txt", "o.txt", "n.txt", "p.txt"} for g in goc]
    assert not any({"o.txt", "p.txt"} <= g for g in goc)
    store = Store(tmp_path / "steps.sqlite")
    try:
        for name in ["o.txt", "m.txt", "p.txt", "n.txt"]:
            import_paths(store, _write(tmp_path / "steps", [name]))
        assert partition(store) == expected
    finally:
        store.close()
