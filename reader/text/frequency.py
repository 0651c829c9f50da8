"""How common a word is (wordfreq's Zipf scale), as small tables of the words above a bar.

Asked for one word's frequency, wordfreq reads the language's whole list and keeps it, with a
dictionary of every word in it, for the rest of the process: about 35 MB a language. The
linker only asks whether a word is at or above a bar ("an English word", "common in any of
the readers' languages"), for a few tens of thousands of words at most. `zipf_table` keeps
those words and their Zipf frequencies, and lets wordfreq's copies go again when it was the
one that loaded them (a process that extracts entities keeps its own, warm).

The values are wordfreq's own (`zipf_frequency` of each listed word), and `zipf_at_least`
splits any other word with wordfreq's own tokenizer, so its answers are wordfreq's
(`tests/test_text.py` compares them word by word).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


@contextmanager
def _lists_let_go() -> Iterator[None]:
    """Around a read of wordfreq's lists: empty its caches afterwards, unless they already
    held something before (then someone else in this process uses them)."""
    import wordfreq

    caches = (wordfreq.get_frequency_dict, wordfreq.get_frequency_list)
    were_empty = all(c.cache_info().currsize == 0 for c in caches)
    try:
        yield
    finally:
        if were_empty:
            for c in caches:
                c.cache_clear()


# The bar of the tables: a word rarer than this is "not a word in use" to every rule that asks
# (Zipf 3 is once in a million words).
LEAST_ZIPF = 3.0


@cache
def zipf_table(lang: str) -> dict[str, float]:
    """Each word of LANG's wordfreq list whose Zipf frequency is LEAST_ZIPF or more, with it
    (about 30,000 words a language).

    wordfreq lists words in bands of one frequency, from the most frequent down. The words
    of a band that are plain (`plain_word`: wordfreq looks them up as they are) share one
    value, asked of wordfreq once for the band; any other word is asked by itself (wordfreq
    may split or change it, and price it lower). The read stops at the first band whose
    plain words are below the bar (`tests/test_text.py` compares the tables with wordfreq's
    value of every listed word)."""
    from wordfreq import get_frequency_list, zipf_frequency

    out: dict[str, float] = {}
    with _lists_let_go():
        for band in get_frequency_list(lang, "best"):  # (as wordfreq asks: one cached copy)
            plain = next((w for w in band if plain_word(w)), None)
            shared = zipf_frequency(plain, lang) if plain is not None else None
            if shared is not None and shared < LEAST_ZIPF:
                break
            for word in band:
                zipf = shared if shared is not None and plain_word(word) else (
                    zipf_frequency(word, lang))
                if zipf >= LEAST_ZIPF:
                    out[word] = zipf
    return out


def zipf_at_least(word: str, lang: str, zipf: float) -> bool:
    """Is WORD at ZIPF or more on LANG's Zipf scale? Read from the table when the bar is at
    LEAST_ZIPF or above; asked of wordfreq only for a word of several parts that are all in
    the table, or with digits."""
    if zipf >= LEAST_ZIPF:
        table = zipf_table(lang)
        if plain_word(word):
            return table.get(word, 0.0) >= zipf
        if not any(c.isdigit() for c in word):  # (wordfreq prices digits apart)
            from wordfreq import lossy_tokenize  # (its own split: no list is read)

            tokens = lossy_tokenize(word, lang)
            if len(tokens) == 1:
                return table.get(tokens[0], 0.0) >= zipf
            # parts are combined into a frequency below each part's: one part under the
            # bar, or unknown, puts the whole under it
            if not tokens or any(t not in table for t in tokens):
                return False
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang) >= zipf


def plain_word(word: str) -> bool:
    """Is WORD as wordfreq lists it (ASCII letters in lower case), so that its frequency is
    the one its list gives, with no tokenising or combining of parts?"""
    return word.isascii() and word.isalpha() and word.islower()
