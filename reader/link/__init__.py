"""Names to entities: normalisation and the first, conservative linking.

A mention's entity key is its normalised name (case and accents folded, titles, possessives
and punctuation removed). Inside one document a short form takes the key of the full name it
abbreviates ("McKinley" -> "P. Michael McKinley", "Saturno Vergara" -> "Hernan Saturno
Vergara"), and an alias the document itself declares ("NAS" defined as "Narcotics Affairs
Section", "Sendero Luminoso (Shining Path)") takes the key of the name it stands for. Across
documents, the same type and key is the same entity.

Pure functions: no database, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.extract.gazetteer import fold
from reader.extract.lexicon import PERSON_PARTICLES, PERSON_TITLES
from reader.models import Mention

if TYPE_CHECKING:
    from reader.extract import Extraction

_PUNCT = re.compile(r"[.\u2019'`´,;:!?\"“”()\[\]{}]")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A mention with the entity it belongs to (type, key) and that entity's display name."""

    mention: Mention
    entity_type: str
    entity_key: str
    entity_name: str
    norm: str  # the mention's own normalised name


def normalise_name(text: str) -> str:
    """The comparison form of a name.

    >>> normalise_name("Amb. P. Michael McKinley's")
    'p michael mckinley'
    >>> normalise_name("Cristina Fernández de Kirchner")
    'cristina fernandez de kirchner'
    """
    text = _POSSESSIVE.sub("", text.strip())
    words = fold(text.replace("-", " ")).split()
    while len(words) > 1 and words[0] in PERSON_TITLES:
        words.pop(0)
    out: list[str] = []
    run: list[str] = []  # consecutive single letters: "J. R." and "J.R." are both "jr"
    for w in (_PUNCT.sub("", w) for w in words):
        if len(w) == 1:
            run.append(w)
            continue
        out.append("".join(run))
        run = []
        out.append(w)
    out.append("".join(run))
    return " ".join(w for w in out if w)


def _tokens(key: str) -> list[str]:
    return [t for t in key.split() if t not in PERSON_PARTICLES]


def link_document(extraction: Extraction) -> list[LinkedMention]:
    """Give each mention of one document an entity key; short forms join their full name."""
    mentions = extraction.mentions
    keys = [normalise_name(m.text) for m in mentions]
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Aliases the text declares: the alias joins the name it stands for.
    for short, long in extraction.aliases:
        if mentions[short].type == mentions[long].type or mentions[short].text.isupper():
            parent[find(short)] = find(long)

    # Short forms of people's names: a mention whose words are the tail of a longer name, or
    # one of its surnames, joins the longest such name in the document.
    people = [i for i, m in enumerate(mentions) if m.type == "person"]
    full_names = sorted(
        (i for i in people if len(_tokens(keys[i])) >= 2), key=lambda i: -len(keys[i])
    )
    for i in people:
        toks = _tokens(keys[i])
        if not toks:
            continue
        candidates = []
        for j in full_names:
            if j == i or keys[j] == keys[i]:
                continue
            long_toks = _tokens(keys[j])
            if len(long_toks) <= len(toks):
                continue
            if long_toks[-len(toks) :] == toks or (
                len(toks) == 1 and toks[0] in long_toks[1:]
            ) or _is_subsequence(toks, long_toks[1:]):
                candidates.append(j)
        # Only when the short form is unambiguous in this document ("Rivera" alone, with two
        # Riveras named, stays on its own).
        roots = {find(j) for j in candidates}
        if len(roots) == 1:
            parent[find(i)] = roots.pop()

    # Mentions with the same key share a cluster.
    first_with_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        k = (m.type, keys[i])
        if k in first_with_key:
            parent[find(i)] = find(first_with_key[k])
        else:
            first_with_key[k] = i

    clusters: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        clusters.setdefault(find(i), []).append(i)
    out: list[LinkedMention | None] = [None] * len(mentions)
    for members in clusters.values():
        head = _canonical(mentions, keys, members)
        etype = mentions[head].type
        for i in members:
            out[i] = LinkedMention(
                mention=mentions[i], entity_type=etype, entity_key=keys[head],
                entity_name=" ".join(mentions[head].text.split()), norm=keys[i],
            )
    return [lm for lm in out if lm is not None]


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    """Are the words of `short` contiguous inside `long`? ("saturno vergara")."""
    n = len(short)
    return n >= 2 and any(list(long[k : k + n]) == list(short) for k in range(len(long) - n + 1))


def _canonical(mentions: Sequence[Mention], keys: Sequence[str], members: list[int]) -> int:
    """The cluster's name: its longest name that is not an acronym, first seen first."""
    def rank(i: int) -> tuple[int, int, int]:
        text = mentions[i].text
        return (0 if text.isupper() and len(text) <= 8 else 1, len(_tokens(keys[i])), -i)

    return max(members, key=rank)
