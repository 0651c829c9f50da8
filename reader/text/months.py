"""Month names in English, Spanish, Portuguese and French, and the month number each names.

One table, one cell per language and month. A language's *names* are the words it spells
out; its *abbreviations* are its short forms where they differ from a form already listed for
English (whoever reads another language here reads English too, so ``jan``, ``mar``, ``nov``
are given once). In a cell, ``|`` separates two spellings and ``-`` marks an empty cell.
Names are written with their accents; `month_numbers` can add the unaccented spellings.

Some month words are everyday words as well: English *may*, *set*, *ago* and *out*
(Portuguese October), Spanish *mar* (sea). They are listed in `AMBIGUOUS_MONTH_WORDS`; code
that looks for dates in running prose must not take them for months without more evidence
(a capital letter, a day, a year).
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.text.fold import strip_accents

__all__ = [
    "AMBIGUOUS_MONTH_WORDS",
    "LANGUAGES",
    "MILITARY_MONTHS",
    "month_numbers",
]

LANGUAGES = ("en", "es", "pt", "fr")

_NAMES = {
    "en": "january february march april may june july august september october november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre|setiembre octubre "
          "noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
_ABBREVIATIONS = {
    "en": "jan feb mar apr - jun jul aug sep|sept oct nov dec",
    "es": "ene - - abr - - - ago set - - dic",
    "pt": "- fev - - mai - - ago set out - dez",
    "fr": "janv fevr - avr - - juil - - - - -",
}

AMBIGUOUS_MONTH_WORDS: frozenset[str] = frozenset({"may", "mar", "set", "ago", "out"})
"""Month words that are also common words (see the module docstring)."""


def _cells(row: str) -> list[list[str]]:
    cells = row.split()
    if len(cells) != 12:
        raise ValueError(f"a month row needs 12 cells, not {len(cells)}: {row!r}")
    return [[] if cell == "-" else cell.split("|") for cell in cells]


def month_numbers(
    languages: Iterable[str] = LANGUAGES,
    *,
    names: bool = True,
    abbreviations: bool = True,
    unaccented: bool = False,
) -> dict[str, int]:
    """Lower-case month words of ``languages`` → month number (1..12).

    ``names``/``abbreviations`` choose the spelled-out forms and the short ones; with
    ``unaccented``, ``février`` also gives ``fevrier``. The words come month by month, and
    within a month language by language, names before abbreviations.
    """
    tables = ([_NAMES] if names else []) + ([_ABBREVIATIONS] if abbreviations else [])
    rows = {lang: [_cells(table[lang]) for table in tables] for lang in languages}
    found: dict[str, int] = {}
    for month in range(12):
        for lang_rows in rows.values():
            for cells in lang_rows:
                for word in cells[month]:
                    found.setdefault(word, month + 1)
                    if unaccented:
                        found.setdefault(strip_accents(word), month + 1)
    return found


MILITARY_MONTHS: tuple[str, ...] = tuple(
    word[:3].upper() for word in _NAMES["en"].split()
)
"""``JAN`` .. ``DEC``: the months of a military date-time group (``191710Z DEC 08``)."""
