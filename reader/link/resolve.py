"""The one linker: which local clusters (one entity as one document names it) are the same
entity. Pure: callers hand in clusters, the user's judgements as constraints, and which
acronyms are ambiguous in the whole index; they get back a partition into entities.

Every path runs this function: a full re-link over the whole index, the re-linking around a
new document or batch, and the re-linking after a judgement or an undo. Its result depends on
the set of clusters only, never on their order or ids:

1. Edges. Clusters sharing a name of the same type (score 1). Names that share a block key
   (`names.block_keys`, a rule on the name alone) and score at least LINK (`names.compare`).
   An acronym a document defines counts as a shared name only when the whole index uses it
   for one meaning ("MP" for both "Public Ministry" and "Military Police" links nothing),
   or when its meanings are each some country's ("GOC", the Government of Colombia, of
   Chile...): then it links the clusters about one country.
2. The user's "same" judgements join first; then the edges, strongest first, in an order
   fixed by the clusters' content references. "Not same" judgements are walls no edge may
   cross; clusters split off by the user take no automatic edge. A wall separates exactly
   its pair: the edges of clusters named by walls are weighed after all others (a
   judgement's first cluster before its second), and among the clusters sharing a name
   they come last, so no edge of the rest runs through them. The rest of an entity forms
   first, the first cluster joins it, and the second, finding it behind the wall, stays out
   (with only what no other cluster links to).
3. Pairs that score between SUGGEST and LINK are suggestions, not links.

Because entities are the connected parts of a graph whose edges depend only on the two names
they join, a subset of clusters that is closed under edges and walls can be re-linked on its
own and gives the same answer as the whole index (see `services.linking`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from reader.link import (
    CONTEXT_MARK,
    MAIN_STORY_MARK,
    MARKED,
    NOT_A_COUNTRY,
    POST_MARK,
    STORY_MARK,
    countries_in,
    is_generic,
    normalise_untitled,
    own_words,
)
from reader.link import names as name_rules
from reader.link.judgements import Constraints
from reader.link.names import (
    LINK,
    SUGGEST,
    block_keys,
    compare,
    is_common_word,
    person_parts,
)
from reader.models import ClusterRow, EntityRecord
from reader.text.countries import country_table
from reader.text.frequency import zipf_at_least
from reader.text.given import is_given_name
from reader.text.names import PERSON_PARTICLES
from reader.text.organisations import organisation_table

# (type, name) -> other names of that type that share a block key with it
Neighbours = Callable[[str, str], Iterable[str]]


@dataclass(slots=True)
class Resolution:
    entity_of: dict[int, int] = field(default_factory=dict)  # cluster id -> entity id
    component_of: dict[int, int] = field(default_factory=dict)  # cluster id -> component
    entities: dict[int, EntityRecord] = field(default_factory=dict)
    suggestions: list[tuple[int, int, float, str]] = field(default_factory=list)


class Parents(Protocol):
    """A union-find's parent links: a dict, or an array indexed by id."""

    def __getitem__(self, i: int, /) -> int: ...

    def __setitem__(self, i: int, value: int, /) -> None: ...


def find_root(parent: Parents, i: int) -> int:
    """The root of I in a union-find, compressing the path on the way."""
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


class _Groups:
    """Union-find over cluster ids, with walls (negative judgements) between clusters and,
    when given, a test that the merged group stays coherent (`coherent(root_a, root_b)`,
    called before the roots are joined; `joined(root, gone)` after)."""

    def __init__(self, ids: Iterable[int], coherent: Callable[[int, int], bool] | None = None,
                 joined: Callable[[int, int], None] | None = None) -> None:
        self.parent = {i: i for i in ids}
        self.walls: dict[int, set[int]] = defaultdict(set)  # root -> clusters it must avoid
        self.coherent = coherent
        self.joined = joined

    def find(self, i: int) -> int:
        return find_root(self.parent, i)

    def wall(self, a: int, b: int) -> None:
        self.walls[self.find(a)].add(b)
        self.walls[self.find(b)].add(a)

    def blocked(self, ra: int, rb: int) -> bool:
        wa, wb = self.walls.get(ra), self.walls.get(rb)
        if wa and any(self.find(x) == rb for x in wa):
            return True
        return bool(wb and any(self.find(x) == ra for x in wb))

    def union(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force and (self.blocked(ra, rb) or (
                self.coherent is not None and not self.coherent(ra, rb))):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if rb in self.walls:
            self.walls[ra] |= self.walls.pop(rb)
        if self.joined is not None:
            self.joined(ra, rb)
        return True


def is_alias_acronym(name: str, key: str) -> bool:
    """Is NAME a short, one-word alias (an acronym) of a cluster whose key is longer?"""
    return name != key and " " not in name and len(name) <= 8 and " " in key


def acronym_meanings(clusters: Iterable[ClusterRow]) -> dict[tuple[str, str], set[str]]:
    """For each acronym alias, the keys of the clusters that declare it."""
    meanings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in clusters:
        for n in c.names:
            if is_alias_acronym(n, c.key) and not n.startswith(MARKED):
                meanings[(c.type, n)].add(c.key)
    return meanings


def one_meaning(etype: str, keys: Iterable[str]) -> bool:
    """Do all these expansions name one thing (the same or spelling variants)?"""
    ordered = sorted(keys)
    first = ordered[0]
    return all(k == first or compare(etype, first, k).score >= LINK for k in ordered[1:])


BY_COUNTRY = "@"  # (BY_COUNTRY + type, acronym): its meanings differ by country


def ambiguous_acronyms(meanings: Mapping[tuple[str, str], Iterable[str]]
                       ) -> set[tuple[str, str]]:
    """The acronyms with more than one meaning; and, tagged (BY_COUNTRY + type, acronym),
    those whose meanings are, for at least half of its spellings, each some country's
    ("GOC": the Government of Colombia, of Chile, of China; "MFA": any country's ministry):
    they mean the country's a document is about. ("FARC", spelt out in English and in
    Spanish, has one country; "ICE" is two institutions.)"""
    out: set[tuple[str, str]] = set()
    for (etype, name), keys in meanings.items():
        keys = list(keys)
        if one_meaning(etype, keys):
            continue
        out.add((etype, name))
        # each some country's: a generic institution, or one that names its country
        own = [k for k in keys if is_generic(k) or countries_in(k)]
        if 2 * len(own) >= len(keys) and (any(is_generic(k) for k in own) or len(
                {c for k in own for c in countries_in(k)}) > 1):
            out.add((BY_COUNTRY + etype, name))
    return out


def memory_neighbours(names: Iterable[tuple[str, str]],
                      oversized: Collection[tuple[str, str]] | None = None) -> Neighbours:
    """Candidate lookup over a set of names held in memory (postings by block key). Blocks
    in OVERSIZED (type, key) find nothing (`names.MAX_BLOCK`; default: those these names
    alone make oversized)."""
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for etype, name in names:
        for k in block_keys(etype, name):
            postings[(etype, k)].append(name)
    if oversized is None:
        oversized = {k for k, v in postings.items() if len(v) > name_rules.MAX_BLOCK}
    for block in oversized:
        postings.pop(block, None)

    def near(etype: str, name: str) -> Iterable[str]:
        seen: set[str] = {name}
        for k in block_keys(etype, name):
            for other in postings.get((etype, k), ()):
                if other not in seen:
                    seen.add(other)
                    yield other

    return near


COUNTRY_MARK = "@"  # a link name "@per": the cluster names Peru, in whichever language
ORGANISATION_MARK = "#"  # "#united nations": the cluster names the UN, in whichever language
MARKS = (COUNTRY_MARK, ORGANISATION_MARK)
ANY_TYPE = "*"  # marks link clusters whatever type extraction gave them


def context_of(c: ClusterRow) -> frozenset[str]:
    """The country a generic institution's document is about (one mark, or none)."""
    return _context(c.names)


CLUSTER_MEMO = 65_536  # clusters whose names, countries and context are remembered: more
#                        than a lot read at a time, or a part of a re-link, has (memory)


@lru_cache(maxsize=CLUSTER_MEMO)
def _context(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(n for n in names if n.startswith(CONTEXT_MARK))


def story_of(c: ClusterRow) -> frozenset[str]:
    """The countries (the United States aside) the document of a person or an acronym names."""
    return frozenset(n for n in c.names if n.startswith(STORY_MARK)
                     and not n.startswith(MAIN_STORY_MARK) and n != NOT_A_COUNTRY)


def post_of(c: ClusterRow) -> str | None:
    """The country of the post of a cable (as a story mark), if the cluster keeps it."""
    return next((STORY_MARK + n[len(POST_MARK):] for n in c.names
                 if n.startswith(POST_MARK)), None)


def main_story_of(c: ClusterRow) -> str | None:
    """The country its document names most (as a story mark), if any."""
    return next((STORY_MARK + n[len(MAIN_STORY_MARK):] for n in c.names
                 if n.startswith(MAIN_STORY_MARK)), None)


def countries_of(names: Iterable[str]) -> frozenset[str]:
    """The countries (ISO alpha-3) that these normalised names are."""
    table = country_table(normalise_untitled)
    return frozenset(code for n in names if (code := table.get(n)) is not None)


@lru_cache(maxsize=CLUSTER_MEMO)
def _countries_named(names: tuple[str, ...]) -> frozenset[str]:
    """The countries a cluster's names are (none for a foreign-language form, `^!`)."""
    return countries_of(names) if NOT_A_COUNTRY not in names else frozenset()


def forget_clusters() -> None:
    """Empty the memos kept per cluster (their names, countries and context): a re-link in
    parts calls it after each part, so that they hold one part's clusters, not the index's."""
    for memo in (_link_names, _context, _countries_named):
        memo.cache_clear()


def forget_names() -> None:
    """Empty the memos kept per name too (their parts, block keys, comparisons): a process
    that links parts one after another, and must stay small, calls it after each."""
    import reader.link
    import reader.link.names

    forget_clusters()
    for module in (reader.link, reader.link.names, __import__(__name__, fromlist=["_"])):
        for memo in vars(module).values():
            info = getattr(memo, "cache_info", None)
            if info is not None and (info().maxsize or 0) > 1000:
                memo.cache_clear()


def link_names(c: ClusterRow) -> tuple[str, ...]:
    """The names a cluster is indexed and linked under: its own names, the country it names
    ("Estados Unidos", "EE.UU." and "U.S." all give "@usa") and the well-known organisation
    it names ("Departamento de Estado" gives "#us state department"). A cluster that names
    two countries or two organisations gets no mark: it is no evidence for either."""
    return _link_names(c.type, c.key, c.names)


@lru_cache(maxsize=CLUSTER_MEMO)  # (a re-link asks for every cluster's twice)
def _link_names(etype: str, key: str, all_names: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(n for n in all_names if not n.startswith(MARKED))
    # (an acronym a document defines for a longer name is that name's, whatever else it
    # spells elsewhere: Bolivia's "National Unity (UN)" is not the United Nations)
    own = [n for n in names if not is_alias_acronym(n, key)]
    marks: list[str] = []
    countries = (countries_of(own) if etype != "person" and NOT_A_COUNTRY not in all_names
                 else frozenset())
    if len(countries) == 1:  # ("Dominique" the person is not Dominica, in French)
        marks.append(COUNTRY_MARK + next(iter(countries)).lower())
    table = organisation_table(normalise_untitled)
    organisations = {org for n in own if (org := table.get(n)) is not None}
    if len(organisations) == 1:
        marks.append(ORGANISATION_MARK + next(iter(organisations)))
    return (*names, *marks)


def holder_type(etype: str, name: str) -> str:
    """The type under which a link name is held: a mark holds clusters of any type."""
    return ANY_TYPE if name.startswith(MARKS) else etype


def linkable_names(c: ClusterRow, ambiguous: set[tuple[str, str]]) -> list[str]:
    """The names through which a cluster links: its key, the country it names, and its
    aliases that are not ambiguous acronyms (an acronym whose meanings are each some
    country's links, by country). A cluster the user split off links through none."""
    if c.isolated:
        return []
    names = link_names(c)
    if _placeless_generic(c, names):
        return []
    return [n for n in names
            if n == c.key or n.startswith(MARKS) or (
                ((c.type, n) not in ambiguous or (BY_COUNTRY + c.type, n) in ambiguous)
                and not _short_form(c, n))]


def _placeless_generic(c: ClusterRow, names: Sequence[str]) -> bool:
    """Is this an institution many countries have ("the Truth and Reconciliation
    Commission", "the Supreme Court"), in a document that says of no country? Then which
    one it is cannot be told, and it joins no other document's."""
    return (c.type == "group" and not context_of(c) and is_generic(c.key)
            and not any(n.startswith(ORGANISATION_MARK) for n in names))


def _short_form(c: ClusterRow, name: str) -> bool:
    """Is NAME a group's or a place's short form made of one everyday word of its own
    name ("the Center" for the Justice Center, "the Coalition")? It says which one only in
    its document: elsewhere, "the Center" is another center."""
    return (c.type != "person" and " " not in name and name in c.key.split()
            and english_word(name))


@lru_cache(maxsize=200_000)
def _holds(longer: str, shorter: str) -> bool:
    """Are all the words of SHORTER (particles aside) words of LONGER, in order?"""
    words = iter(_bare(longer).split())
    return all(w in words for w in _bare(shorter).split())


class _Coherence:
    """What keeps an entity coherent, kept per group as it grows: the countries it names
    (at most one), the countries its generic names are used about (at most one: the Supreme
    Court of Argentina is not Egypt's), and for people the distinct keys, every two of which
    must be names of one person (`names.compare` finds their surnames in order and their
    given names agreeing), or both parts of a third, longer key ("Recep Erdogan", "Tayyip
    Erdogan" and "Recep Tayyip Erdogan")."""

    def __init__(self, clusters: Mapping[int, ClusterRow]) -> None:
        self.countries = {i: _countries_named(c.names) for i, c in clusters.items()}
        self.contexts = {i: context_of(c) for i, c in clusters.items()}
        self.keys = {i: {c.key} for i, c in clusters.items() if c.type == "person"}
        self._pairs: dict[tuple[str, str], bool] = {}

    def _compatible(self, a: str, b: str) -> bool:
        pair = (a, b) if a < b else (b, a)
        found = self._pairs.get(pair)
        if found is None:
            found = self._pairs[pair] = compare("person", *pair).score > 0
        return found

    def coherent(self, ra: int, rb: int) -> bool:
        if len(self.countries[ra] | self.countries[rb]) > 1:
            return False
        if len(self.contexts[ra] | self.contexts[rb]) > 1:
            return False
        ka, kb = self.keys.get(ra), self.keys.get(rb)
        if ka and kb:
            for a in ka:
                for b in kb:
                    if a == b or self._compatible(a, b):
                        continue
                    # two parts of one longer name of the entity are not in conflict:
                    # "Recep Erdogan" and "Tayyip Erdogan", both of "Recep Tayyip Erdogan"
                    if not any(k != a and k != b and _holds(k, a) and _holds(k, b)
                               for k in ka | kb):
                        return False
        return True

    def joined(self, root: int, gone: int) -> None:
        self.countries[root] = self.countries[root] | self.countries.pop(gone)
        self.contexts[root] = self.contexts[root] | self.contexts.pop(gone)
        if gone in self.keys:
            self.keys.setdefault(root, set()).update(self.keys.pop(gone))


def resolve(clusters: Sequence[ClusterRow], judged: Constraints | None = None,
            ambiguous: set[tuple[str, str]] | None = None,
            neighbours: Neighbours | None = None,
            oversized: Collection[tuple[str, str]] | None = None) -> Resolution:
    """Partition the clusters into entities.

    `ambiguous`: acronyms with more than one meaning in the whole index, as
    `ambiguous_acronyms` gives them (default: computed from these clusters, right when they
    are the whole index). `neighbours`: the candidate
    lookup (default: in memory over these clusters' names, without the OVERSIZED blocks of
    the whole index, `names.MAX_BLOCK`: by default those of these clusters' names); only
    names held by these clusters are used.

    Edges are weighed strongest first; an edge joins two groups only when no wall stands
    between them and the joined group stays coherent (`_Coherence`): weak evidence cannot
    chain two different people, or two countries, into one entity. Every edge, joined or
    not, also joins the clusters' *component*, which the caller keeps to know what to
    re-link together later.
    """
    judged = judged or Constraints()
    ordered = sorted(clusters, key=lambda c: (c.ref, c.id))
    by_id = {c.id: c for c in ordered}
    if ambiguous is None:
        ambiguous = ambiguous_acronyms(acronym_meanings(ordered))
    coherence = _Coherence(by_id)
    groups = _Groups(by_id, coherence.coherent, coherence.joined)
    components = _Groups(by_id)
    for a, b in judged.not_same:
        if a in by_id and b in by_id:
            groups.wall(a, b)
    for a, b in judged.same:
        if a in by_id and b in by_id:
            groups.union(a, b, force=True)
            components.union(a, b, force=True)

    # clusters named by walls come last among the holders of a name (the first of those
    # holders is where its edges meet), and their edges are weighed after all others
    walled = judged.walled
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in sorted(ordered, key=lambda c: walled.get(c.id, 0)) if walled else ordered:
        for n in linkable_names(c, ambiguous):
            holders[(holder_type(c.type, n), n)].append(c.id)

    # edges: (strength, first name, second name, cluster a, cluster b). A person's one-word
    # name is weighed last, against everyone in the scope (`_one_word_names`).
    edges: list[tuple[float, str, str, int, int]] = []
    for (etype, name), ids in holders.items():
        if is_one_word_person(etype, name):
            continue
        bare = [i for i in ids if by_id[i].key == name]
        if (BY_COUNTRY + etype, name) in ambiguous:
            # an acronym that means each country's own institution ("GOC": the Government
            # of Colombia, of Chile, of China): one meaning per country
            edges.extend(_edges_by_country(name, ids, by_id))
            for member in ids[1:]:
                components.union(ids[0], member, force=True)
        elif etype != "group" or " " in name or not bare or len(bare) == len(ids):
            edges.extend(_shared_name_edges(name, ids, by_id))
        else:
            if _generic_acronym(ids, bare, by_id):  # (Egypt's MOF is not Senegal's)
                edges.extend(_edges_by_country(name, ids, by_id))
            else:
                edges.extend(_acronym_edges(name, ids, bare, by_id))
            for member in ids[1:]:  # what joins depends on them all: re-link them together
                components.union(ids[0], member, force=True)
    near = neighbours or memory_neighbours(
        ((t, n) for t, n in holders if not n.startswith(MARKS)), oversized)
    suggested: dict[tuple[int, int], tuple[float, str]] = {}
    for (etype, name), ids in holders.items():
        if name.startswith(MARKS):
            continue
        for other in near(etype, name):
            if other <= name or (etype, other) not in holders:
                continue  # each pair once, from its smaller name
            match = compare(etype, name, other)
            if match.score < SUGGEST:
                continue
            a, b = ids[0], holders[(etype, other)][0]
            if match.score >= LINK:
                edges.append((match.score, name, other, a, b))
            else:
                pair = (a, b) if by_id[a].ref <= by_id[b].ref else (b, a)
                if match.score > suggested.get(pair, (0.0, ""))[0]:
                    suggested[pair] = (match.score, match.reason)
    edges.sort(key=lambda e: (max(walled.get(e[3], 0), walled.get(e[4], 0)) if walled else 0,
                              -e[0], e[1], e[2], by_id[e[3]].ref, by_id[e[4]].ref))
    for _score, _n1, _n2, a, b in edges:
        components.union(a, b, force=True)
        groups.union(a, b)
    _one_word_names(holders, near, groups, components, suggested, by_id)

    result = Resolution()
    members: dict[int, list[ClusterRow]] = defaultdict(list)
    for c in ordered:
        members[groups.find(c.id)].append(c)
        result.component_of[c.id] = components.find(c.id)
    for group in members.values():
        record = entity_record(group, judged)
        for c in group:
            result.entity_of[c.id] = record.id
        result.entities[record.id] = record
    for (a, b), (score, reason) in sorted(suggested.items()):
        if result.entity_of[a] != result.entity_of[b] and not groups.blocked(
                groups.find(a), groups.find(b)):
            result.suggestions.append((a, b, score, reason))
    return result


def _shared_name_edges(name: str, ids: Sequence[int], by_id: Mapping[int, ClusterRow]
                       ) -> list[tuple[float, str, str, int, int]]:
    """The clusters that share NAME, each joined to the first of those about the same
    country (a generic institution's) and that first to the very first: the Supreme Court
    of the first document, if it is Peru's, does not keep Egypt's two apart."""
    firsts: dict[frozenset[str], int] = {}
    edges = []
    for i in ids:
        first = firsts.setdefault(context_of(by_id[i]), i)
        if first != i:
            edges.append((1.0, name, name, first, i))
        elif i != ids[0]:
            edges.append((1.0, name, name, ids[0], i))
    return edges


def _acronym_edges(name: str, ids: Sequence[int], bare: Sequence[int],
                   by_id: Mapping[int, ClusterRow]) -> list[tuple[float, str, str, int, int]]:
    """An acronym some documents spell out and others use bare ("AIT"). The bare uses are
    one; a spelt-out meaning joins them only when its document names a country that most of
    the bare uses' documents name too: the UK's Asylum and Immigration Tribunal, spelt out
    in a cable about Zimbabwe, is not the AIT of fifty cables about Taiwan."""
    defining = [i for i in ids if by_id[i].key != name]
    edges = [(1.0, name, name, bare[0], other) for other in bare[1:]]
    edges += [(1.0, name, name, defining[0], other) for other in defining[1:]]
    stories = [s for i in bare if (s := story_of(by_id[i]))]
    for d in defining:
        story = story_of(by_id[d])
        if not stories or 2 * sum(1 for s in stories if s & story) >= len(stories):
            edges.append((1.0, name, name, d, bare[0]))
    return edges


def _generic_acronym(ids: Sequence[int], bare: Sequence[int],
                     by_id: Mapping[int, ClusterRow]) -> bool:
    """Does every document that spells this acronym out spell out an institution that many
    countries have ("MOF": a Ministry of Finance; "GID": a General Intelligence
    Directorate)? Then its bare uses name their own country's."""
    bare_ids = set(bare)
    defining = [by_id[i].key for i in ids if i not in bare_ids]
    return bool(defining) and all(is_generic(k) for k in defining)


def _edges_by_country(name: str, ids: Sequence[int], by_id: Mapping[int, ClusterRow]
                      ) -> list[tuple[float, str, str, int, int]]:
    """Join the clusters holding NAME that are about one country: the one a cluster's own
    key names ("government of chile"), else its cable's post's, else the one its document
    names most. A cluster about none joins none."""
    by_country: dict[str, list[int]] = defaultdict(list)
    for i in ids:
        c = by_id[i]
        own = countries_in(c.key)
        country = (STORY_MARK + next(iter(own)).lower() if len(own) == 1
                   else post_of(c) or main_story_of(c))
        if country is not None:
            by_country[country].append(i)
    return [(1.0, name, name, group[0], other)
            for group in by_country.values() for other in group[1:]]


def is_one_word_person(etype: str, name: str) -> bool:
    """Is this a person's name of one word, with its particles ("Gadhafi", "al-Qadhafi",
    "de la Cruz"): a surname or a given name alone?"""
    return etype == "person" and not name.startswith(MARKS) and len(_bare(name).split()) == 1


@lru_cache(maxsize=200_000)
def _bare(name: str) -> str:
    """A person's name without its particles ("al qadhafi" -> "qadhafi")."""
    return " ".join(w for w in name.split() if w not in PERSON_PARTICLES) or name


EVERYDAY_ZIPF = 4.0  # "staff", "executive", "summit", "holder", "rice"


@lru_cache(maxsize=100_000)
def english_word(word: str, zipf: float = 3.0) -> bool:
    """Is this word in English use (Zipf 3 or more: "summit", "disarmament", "rene")? Alone,
    and borne by no one named in full, it joins no documents; an everyday one (Zipf 4 or
    more) joins documents only through someone named in full who bears it."""
    return zipf_at_least(word, "en", zipf)


def bears_surname(word: str, name: str) -> bool:
    """Is WORD one of the surnames of the full name NAME ("hitler", "adolf hitler")? A name
    whose other surnames are everyday English words ("General People Congress", "Board
    Share Holder": pieces of an institution's name typed a person) bears no one's."""
    if " " not in _bare(name) or "xxxx" in name:  # (a redacted name is no one's)
        return False
    word = _bare(word)
    if word in own_words(name)[1]:
        return False  # "Turki bin Nasser", "Isa bin Salman Al Khalifa": the father's line
    surnames = person_parts(name)[1]
    return word in surnames and not any(english_word(t) for t in surnames if t != word)


def _one_word_names(holders: Mapping[tuple[str, str], list[int]], near: Neighbours,
                    groups: _Groups, components: _Groups,
                    suggested: dict[tuple[int, int], tuple[float, str]],
                    by_id: Mapping[int, ClusterRow]) -> None:
    """A person named by one word in documents that never give the full name ("Hitler",
    "Gadhafi").

    - When one person of the scope bears the word as a surname (and it is not as common a
      surname as "Garcia"), the documents naming it alone name that person, unless their
      story is unrelated to every story naming the bearer (two stories are related when one
      names the country the other names most, the United States aside; a story naming no
      country says nothing either way).
    - When several do (Ali Abdullah Saleh and Ammar Saleh; Hosni and Gamal Mubarak), a
      document names the one named in a related story, if only one is, or if one is named
      in far more documents than the others ("Mubarak" alone is Hosni Mubarak).
    - When no one does, documents of related stories are taken to name one person, unless
      the word is in everyday English use ("Course", "Summit"): such a word joins documents
      only through someone named in full who bears it.
    What is not joined is suggested."""
    stories = _Stories(by_id)
    for (etype, word), ids in sorted(holders.items()):
        if not is_one_word_person(etype, word):
            continue
        bearers = [holders[(etype, n)] for n in near(etype, word)
                   if (etype, n) in holders and bears_surname(word, n)]
        full = sorted({b[0] for b in bearers}, key=lambda i: by_id[i].ref)
        for other in (*ids[1:], *full):
            components.union(ids[0], other, force=True)
        # an everyday English word ("Course", "Summit", "Staff") joins documents only
        # through a person named in full who bears it (Rice, Holder), never by itself
        bare = _bare(word)
        if not bearers and english_word(bare):
            continue
        # a given name alone ("Isa", "Andrew"), borne by no one named in full, is anyone's:
        # its documents are only suggested to one another
        everyday = english_word(bare, EVERYDAY_ZIPF) or (not bearers and is_given_name(bare))
        all_roots = {groups.find(b[0]) for b in bearers}

        heads: list[int] = []
        if len(all_roots) > 1:
            alone: list[int] = []
            for i in ids:
                roots = (_related_bearers(bearers, [i], groups, stories) if stories.of(i)
                         else {groups.find(r) for r in all_roots})
                root = _prominent(roots, bearers, groups)
                if root is not None:
                    groups.union(i, root)
                else:
                    alone.append(i)
            heads = (alone if everyday else _by_related_story(alone, groups, stories)) or ids[:1]
        else:
            heads = list(ids) if everyday else _by_related_story(ids, groups, stories)
            members: dict[int, list[int]] = defaultdict(list)
            for i in ids:
                members[groups.find(i)].append(i)
            # (a surname as common as "Garcia" is no proof with a single bearer)
            for head in heads if all_roots and not is_common_word(bare) else ():
                group = members[groups.find(head)]
                if not any(stories.of(i) for i in group) or _related_bearers(
                        bearers, group, groups, stories):
                    groups.union(head, full[0])

        for other, reason in [*((h, "same name alone") for h in heads[1:]),
                              *((i, "surname only") for i in full)]:
            if groups.find(heads[0]) != groups.find(other):
                a, b = sorted((heads[0], other), key=lambda i: by_id[i].ref)
                suggested.setdefault((a, b), (0.76, reason))


class _Stories:
    """The story marks of clusters, read once each (the same clusters are asked often)."""

    def __init__(self, by_id: Mapping[int, ClusterRow]) -> None:
        self.by_id = by_id
        self._seen: dict[int, tuple[str | None, frozenset[str]]] = {}

    def _get(self, i: int) -> tuple[str | None, frozenset[str]]:
        found = self._seen.get(i)
        if found is None:
            c = self.by_id[i]
            found = self._seen[i] = (main_story_of(c), story_of(c))
        return found

    def of(self, i: int) -> frozenset[str]:
        return self._get(i)[1]

    def close(self, a: int, b: int) -> bool:
        """Does one of the two documents name the country the other names most?"""
        (ma, sa), (mb, sb) = self._get(a), self._get(b)
        return (ma is not None and ma in sb) or (mb is not None and mb in sa)


def _related_bearers(bearers: Sequence[Sequence[int]], members: Sequence[int], groups: _Groups,
                     stories: _Stories) -> set[int]:
    """The entities of the full names (each given by the clusters bearing it) that a story
    closely related to one of MEMBERS' names."""
    return {groups.find(b[0]) for b in bearers
            if any(stories.close(i, m) for i in b for m in members)}


PROMINENCE = 3  # how many times more documents the one bearer meant must name than another


def _by_related_story(ids: Sequence[int], groups: _Groups, stories: _Stories) -> list[int]:
    """Join each cluster to the first group (in content order) whose first cluster's story
    is closely related to its own; return the first cluster of each group."""
    heads: list[int] = []
    for i in ids:
        # (a story that names no country tells of no relation)
        head = next((h for h in heads if stories.close(h, i)), None)
        if head is None:
            heads.append(i)
        else:
            groups.union(head, i)
    return heads


def _prominent(roots: set[int], bearers: Sequence[Sequence[int]], groups: _Groups
               ) -> int | None:
    """Of these entities, the one a name given alone means: the only one, or the one whose
    full names are named in PROMINENCE times as many documents as any other's (and in at
    least PROMINENCE)."""
    current = {groups.find(r) for r in roots}  # (joins since they were found move roots)
    if len(current) <= 1:
        return next(iter(current), None)
    documents: Counter[int] = Counter()
    for b in bearers:
        root = groups.find(b[0])
        if root in current:
            documents[root] += len(b)
    ranked = documents.most_common(2)
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return top if n >= PROMINENCE * max(second, 1) and n >= PROMINENCE else None


def entity_record(group: Sequence[ClusterRow], judged: Constraints | None = None
                  ) -> EntityRecord:
    """An entity's id, type, key and display name: a function of its clusters (and the
    judgements on them), whatever order they came in. The id is the smallest cluster id."""
    if len(group) == 1:  # (most entities: the same answer, without the counting)
        c = group[0]
        name, hidden = c.name, False
        if judged is not None:
            hidden = c.id in judged.hidden
            name = judged.renamed.get(c.id, name)
        return EntityRecord(id=c.id, type=c.type, key=c.key, name=name, hidden=hidden)
    keys = Counter(c.key for c in group)
    top = max(keys.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    # the display name: of the clusters with the top key, a mixed-case spelling first
    name = min((c.name for c in group if c.key == top),
               key=lambda n: (n.isupper(), n.islower(), n))
    types = Counter(c.type for c in group)
    etype = max(types.items(), key=lambda kv: (kv[1], kv[0]))[0]
    hidden = False
    if judged is not None:
        ids = {c.id for c in group}
        hidden = bool(judged.hidden & ids)
        renames = [(c, n) for c, n in judged.renamed.items() if c in ids]
        if renames:
            name = renames[-1][1]  # dict order is judgement order: the latest wins
    return EntityRecord(id=min(c.id for c in group), type=etype, key=top, name=name,
                        hidden=hidden)
