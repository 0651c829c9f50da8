"""Counts in messages: "1 mention", "2 mentions", "0 documents"."""

from __future__ import annotations

_IRREGULAR = {
    "copy": "copies",
    "entity": "entities",
    "match": "matches",
    "suggestion": "suggestions",
    "person": "people",
}


def plural(word: str) -> str:
    """The plural of an English noun of our messages (regular, or one of a few)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def counted(n: int, word: str, many: str | None = None) -> str:
    """N and the noun, singular for one and plural otherwise: `counted(1, "mention")` is
    "1 mention", `counted(0, "cable")` "0 cables". MANY: an irregular plural."""
    return f"{n} {word if n == 1 else (many or plural(word))}"
