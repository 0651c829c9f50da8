"""Near-duplicate detection: MinHash fingerprints, serialisation, the LSH index."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest

from reader import dedup
from reader.dedup import (
    COPY_THRESHOLD,
    CopyIndex,
    fingerprint,
    from_bytes,
    is_copy,
    similarity,
    to_bytes,
)

# Both written for these tests: the same facts, told twice in different words.
ARTICLE = """Leaked cable describes fuel scheme inside Peru's army

A diplomatic cable sent from the United States embassy in Lima in March 2009 describes how
officers in remote garrisons of the Peruvian army allegedly sold surplus fuel to cocaine
producers, according to documents released this week by WikiLeaks.

The embassy's account, which relies largely on a retired officer and on local press reports,
says that fuel allotments to bases in the valley of the Apurimac and Ene rivers were routinely
larger than the units could use. Commanders treated the surplus as a bonus, the cable says, and
some of it ended up in clandestine laboratories where coca paste is refined.

The document also recounts claims that a northern base allowed traffickers to move shipments
in military trucks to a small port, where the drugs were hidden among frozen fish bound for
export. The embassy noted that it could not confirm every allegation and that its source had
personal grievances against former colleagues.

Peru's defence ministry did not respond to requests for comment on Tuesday. A former army
commander named in the cable called the allegations an insult and demanded that Washington
correct the record. Analysts in Lima said the report fits a long pattern of complaints about
corruption in counter-narcotics operations, which has grown as coca cultivation has expanded
and foreign trafficking groups have moved into the region over the past decade.
"""

SAME_CABLE_OTHER_WORDS = """WikiLeaks: US diplomats heard Peruvian soldiers profited from cocaine

Peruvian troops stationed in the country's main coca-growing valley may have been paid off by
drug gangs, American diplomats told the State Department two years ago in a confidential
message now published by WikiLeaks.

Writing in the spring of 2009, embassy staff summarised the views of an unnamed informant who
argued that senior soldiers had no interest in defeating the remnants of the Shining Path
because a real offensive would cut off the bribes they received from traffickers. Gasoline and
kerosene meant for patrols, the informant said, were sold on to the people who turn coca leaves
into cocaine.

The message repeats a story, first aired by local reporters, about a base in the north of the
country whose vehicles were lent out to carry narcotics to the coast. There, the informant
claimed, the drugs were packed alongside fish for shipment abroad.

The diplomats were careful to add that some of the accusations were impossible to verify. A
retired general mentioned by name rejected the account on Tuesday and said he would ask the US
government for an apology. The government in Lima has promised to look into the claims.
"""

BODY = ARTICLE.split("\n\n", 1)[1]

REPUBLISHED = (
    "Home | World | Americas | Business | Opinion | Video\n\n"
    "Peru army officers sold fuel to drug labs, cable says\n\n"
    + BODY
    + "\n\nShare this article: Facebook Twitter Email\n\nMore from Americas\n\n"
    "© 2010 The Andean Courier. All rights reserved.\n"
)


def test_a_republished_copy_is_a_copy():
    a, b = fingerprint(ARTICLE), fingerprint(REPUBLISHED)
    assert similarity(a, b) >= COPY_THRESHOLD
    assert is_copy(a, b) and is_copy(b, a)


def test_two_articles_about_the_same_cable_are_not_copies():
    a, b = fingerprint(ARTICLE), fingerprint(SAME_CABLE_OTHER_WORDS)
    assert similarity(a, b) < 0.2
    assert not is_copy(a, b)


def test_identical_and_normalised_texts():
    assert similarity(fingerprint(ARTICLE), fingerprint(ARTICLE)) == 1.0
    shouted = ARTICLE.upper().replace(",", " ;").replace("Apurimac", "Apurímac")
    assert fingerprint(shouted) == fingerprint(ARTICLE)
    assert dedup.normalise("Él dijo: «Perú», ¡sí!  OK.") == ["el", "dijo", "peru", "si", "ok"]


def test_short_texts_have_no_fingerprint_and_are_never_copies():
    short = "Peru army linked to drug trafficking, cable says. " * 4
    assert fingerprint(short) is None
    assert not is_copy(fingerprint(short), fingerprint(short))
    assert similarity(None, fingerprint(ARTICLE)) == 0.0
    index: CopyIndex[str] = CopyIndex()
    index.add("short", None)
    assert len(index) == 0 and index.candidates(None) == []


def test_serialisation_round_trip():
    fp = fingerprint(ARTICLE)
    assert fp is not None
    data = to_bytes(fp)
    assert isinstance(data, bytes) and len(data) == 524
    back = from_bytes(data)
    assert back == fp and back.words == fp.words
    assert similarity(back, fingerprint(REPUBLISHED)) == similarity(fp, fingerprint(REPUBLISHED))
    with pytest.raises(ValueError):
        from_bytes(data[:-1])
    with pytest.raises(ValueError):
        from_bytes(b"XXXX" + data[4:])


def test_fingerprints_are_stable_across_processes():
    code = ("import sys; from reader.dedup import fingerprint, to_bytes; "
            "sys.stdout.write(to_bytes(fingerprint(sys.stdin.read())).hex())")
    outs = {
        subprocess.run([sys.executable, "-c", code], input=ARTICLE, capture_output=True,
                       text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert outs == {to_bytes(fingerprint(ARTICLE)).hex()}  # type: ignore[arg-type]


WORDS = ("army police cartel minister embassy cable report valley river fuel base port fish "
         "trade coca leaf court judge election vote party congress president general officer "
         "border market price bank loan school water road bridge mine gold oil gas farm rain "
         "storm city village coast island mountain forest study group union strike").split()


def random_text(rng: random.Random, n: int = 200) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def test_the_index_finds_the_copy_among_a_thousand_without_a_scan():
    rng = random.Random(5)
    index: CopyIndex[int] = CopyIndex()
    for key in range(1000):
        index.add(key, fingerprint(random_text(rng)))
    index.add(1000, fingerprint(ARTICLE))
    index.add(1001, fingerprint(SAME_CABLE_OTHER_WORDS))
    assert len(index) == 1002

    probe = fingerprint(REPUBLISHED)
    start = time.perf_counter()
    found = index.candidates(probe)
    elapsed = time.perf_counter() - start
    assert 1000 in found
    assert len(found) <= 5  # a handful of buckets, not a scan of 1,002 fingerprints
    assert elapsed < 0.05
    copies = index.copies(probe)
    assert [key for key, _ in copies] == [1000]
    assert copies[0][1] >= COPY_THRESHOLD

    index.remove(1000)
    assert 1000 not in index and 1000 not in index.candidates(probe)


def test_the_index_recalls_copies_at_the_threshold():
    # a text with a quarter of its words replaced is still found among its neighbours
    rng = random.Random(11)
    index: CopyIndex[int] = CopyIndex()
    originals = [random_text(rng, 300).split() for _ in range(50)]
    for key, words in enumerate(originals):
        index.add(key, fingerprint(" ".join(words)))
    found = 0
    for key, words in enumerate(originals):
        edited = list(words)
        for i in range(0, len(edited), 40):  # one word in 40: J around 0.78
            edited[i] = "changed"
        fp = fingerprint(" ".join(edited))
        found += key in index.candidates(fp)
    assert found >= 49


_STORY = (
    "The harbour authority of the northern province said on Tuesday that the new cranes "
    "would arrive before the rainy season, after two years of delays blamed on the customs "
    "office and on a dispute between the port workers and the shipping company over night "
    "shifts. The governor promised that the dredging of the channel would begin in spring, "
    "and that the fishermen who lost their moorings would be paid before the elections. "
    "Opposition deputies called the plan a campaign stunt and asked the comptroller to audit "
    "the contract signed with the foreign consortium, whose owners they say are friends of "
    "the minister. The consortium denied any wrongdoing and said it had won an open tender "
    "against four rivals, two of them from abroad, with the lowest price and the shortest "
    "schedule. Union leaders said they would strike if the night shifts were not paid at the "
    "rate agreed last year, and the company answered that the rate had never been signed.")


def test_an_excerpt_on_another_site_is_a_copy() -> None:
    from reader.dedup import containment, fingerprint, is_copy, similarity

    words = _STORY.split()
    excerpt = "Port news | Read more\n\n" + " ".join(words[: len(words) // 2]) + "\n\nShare"
    original, part = fingerprint(_STORY), fingerprint(excerpt)
    assert similarity(original, part) < 0.7  # not the same text...
    assert containment(original, part) >= 0.8  # ...but all of it is the original's
    assert is_copy(part, original)


def test_two_stories_quoting_one_cable_are_not_copies() -> None:
    from reader.dedup import containment, fingerprint, is_copy

    quote = ("the cranes would arrive before the rainy season after two years of delays "
             "blamed on the customs office")
    one = ("A leaked cable describes the port of the north. According to the embassy, "
           f"officials said {quote}. The ambassador doubted it and wrote that the governor "
           "needed the port for his campaign, and that the consortium had friends in the "
           "cabinet who would protect it from any audit by the comptroller.")
    two = ("Diplomats were sceptical about the harbour works, the documents show. A note "
           f"from the consulate reports that {quote}, but it adds that the union would "
           "strike over night shifts and that the company had never signed the rate it "
           "was supposed to pay, which the consul called a recipe for trouble.")
    assert containment(fingerprint(one), fingerprint(two)) < 0.5
    assert not is_copy(fingerprint(one), fingerprint(two))
