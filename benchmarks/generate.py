"""A corpus for scale runs: cables.csv multiplied k times, and synthetic articles citing it.

    python benchmarks/generate.py --k 4 --articles 2000 --out /tmp/scale-k4 [--seed 12]
                                  [--csv ../shared/data/cables/cables.csv] [--limit N]

Writes OUT/cables.csv (the 8-column layout, k × the input rows), OUT/articles/*.md (front
matter: title, outlet, date), OUT/quotes.jsonl (each article's cited cables and quotes) and
OUT/manifest.json (the parameters and the counts: cables, articles, words). Generated data:
never commit it.

Copy 0 is the input unchanged. Copy c ≥ 1 of a cable gets:
- a new reference id: the same year and post, the serial moved up by c × 10^digits (digits of
  the largest serial of that year and post), or a free serial when that would pass six digits;
  the cable's own header line (``LIMA 001667``) is given the new serial;
- its created date moved by 3c whole days (backwards when forwards would change the year);
- other surnames: each surname seen after a title ("President Garcia", "AMBASSADOR MCKINLEY")
  is replaced, throughout the copy, by another drawn from the same pool (one permutation per
  copy), so the copies' people are other people, and linked as such.

The input is streamed twice (a first pass gathers the ids, the surnames and the words written
in lower case); the output is written row by row, never held in memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pycountry
from wordfreq import zipf_frequency

from reader.text.cables import BARE_HEADER_RE, MARKED_HEADER_RE, TELEGRAM_LINE_RE

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "data" / "cables" / "cables.csv"
CSV_DIALECT: dict[str, object] = {"escapechar": "\\", "doublequote": False}
CREATED_FORMAT = "%m/%d/%Y %H:%M"
SHIFT_DAYS = 3
MAX_SERIAL = 999_999

_REF_RE = re.compile(r"^(\d{2})([A-Z][A-Z0-9]*?[A-Z])(\d+)$")
_TITLES = (r"Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sen|Rep|Amb|Gov|Adm|Maj|Capt|President|Minister|"
           r"Ambassador|Senator|Congressman|Congresswoman|Governor|Mayor|General|Colonel|"
           r"Judge|Prosecutor|Commander|Admiral")
# a title, then one to three capitalised words, the last the surname (Title Case only: in a
# cable written in capitals a name cannot be told from the next word; it is swapped there too)
_TITLED_NAME_RE = re.compile(
    rf"\b(?:{_TITLES})\.?[ \t]+((?:[A-Z][a-z]+[ \t]+){{0,2}}[A-Z][a-z]{{3,}})\b")
COMMON_ZIPF = 4.0  # wordfreq: "February", "David", "Embassy" are above, "Garcia" below
_WORD_RE = re.compile(r"[^\W\d_]{4,}")
_LOWER_WORD_RE = re.compile(r"\b[a-z]{4,}\b")


def rows(path: Path, limit: int | None = None) -> Iterator[list[str]]:
    """The records of a cables.csv, one at a time (the csv module, as the importer reads)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.reader(fh, **CSV_DIALECT)):  # type: ignore[arg-type]
            if limit is not None and n >= limit:
                return
            if len(row) == 8:
                yield row


# -- the first pass: ids, surnames ----------------------------------------------------------


@dataclass
class Survey:
    rows: int = 0
    ids: set[str] = field(default_factory=set)
    largest: dict[tuple[str, str], int] = field(default_factory=dict)  # (yy, post) -> serial
    surnames: list[str] = field(default_factory=list)  # as written in Title Case, sorted


def survey(path: Path, limit: int | None = None) -> Survey:
    s = Survey()
    lower: set[str] = set()
    titled: Counter[str] = Counter()
    for row in rows(path, limit):
        s.rows += 1
        ref, body = row[2].strip(), row[7]
        s.ids.add(ref)
        if m := _REF_RE.match(ref):
            key = (m[1], m[2])
            s.largest[key] = max(s.largest.get(key, 0), int(m[3]))
        lower.update(_LOWER_WORD_RE.findall(body))
        for m in _TITLED_NAME_RE.finditer(body):
            titled[m[1].split()[-1]] += 1
    # not a word written in lower case, a common English word (months, given names) or a
    # word of a country's name ("Montenegro")
    countries = {w.lower() for c in pycountry.countries for w in c.name.split()}
    s.surnames = sorted(w for w in titled if w.isalpha() and w.lower() not in lower
                        and w.lower() not in countries and zipf_frequency(w, "en") < COMMON_ZIPF)
    return s


# -- one copy of a cable --------------------------------------------------------------------


class Copier:
    """Makes copy C of each row: new reference id, shifted date, other surnames."""

    def __init__(self, s: Survey, seed: int) -> None:
        self.survey = s
        self.taken = set(s.ids)
        self.seed = seed
        self.swaps: dict[str, str] = {}

    def start_copy(self, c: int) -> None:
        pool = self.survey.surnames
        shuffled = list(pool)
        random.Random(f"{self.seed}:{c}").shuffle(shuffled)
        self.swaps = {a.lower(): b for a, b in zip(pool, shuffled, strict=True)}

    def new_ref(self, ref: str, c: int) -> str:
        m = _REF_RE.match(ref)
        if m is None or len(m[3]) > 6:
            candidate, n = f"{ref}{c}", 0
            while candidate in self.taken:
                n += 1
                candidate = f"{ref}{c}{n}"
        else:
            yy, post, serial = m[1], m[2], int(m[3])
            stride = 10 ** len(str(self.survey.largest[(yy, post)]))
            number = serial + c * stride
            if number > MAX_SERIAL:
                number = 200_000 + (serial * 7 + c * 104_729) % 799_999
            candidate = f"{yy}{post}{number}"
            while candidate in self.taken:
                number = number % MAX_SERIAL + 1
                candidate = f"{yy}{post}{number}"
        self.taken.add(candidate)
        return candidate

    def copy(self, row: list[str], c: int) -> list[str]:
        if c == 0:
            return list(row)
        number, created, ref, origin, classification, refs, header, body = row
        new = self.new_ref(ref.strip(), c)
        return [number, shift_created(created, c * SHIFT_DAYS), new, origin, classification,
                refs, self.rename(renumber_header(header, ref.strip(), new)),
                self.rename(renumber_header(body, ref.strip(), new))]

    def rename(self, text: str) -> str:
        swaps = self.swaps

        def one(m: re.Match[str]) -> str:
            word = m[0]
            other = swaps.get(word.lower()) if word[0].isupper() else None
            if other is None:
                return word
            return other.upper() if word.isupper() else other

        return _WORD_RE.sub(one, text)


def shift_created(created: str, days: int) -> str:
    """``03/12/2009 21:09`` moved by DAYS, backwards when forwards would change the year."""
    try:
        when = datetime.strptime(created.strip(), CREATED_FORMAT)
    except ValueError:
        return created
    later = when + timedelta(days=days)
    if later.year != when.year:
        later = when - timedelta(days=days)
    return later.strftime(CREATED_FORMAT)


def renumber_header(text: str, old: str, new: str) -> str:
    """The cable's own header line (``C O N F I D E N T I A L LIMA 001667``) with the serial
    of NEW, as wide as it was written; other cables named in the text are left alone."""
    mo, mn = _REF_RE.match(old), _REF_RE.match(new)
    if mo is None or mn is None:
        return text
    post, serial, new_serial = mo[2], int(mo[3]), mn[3]
    head, tail = text[:3000], text[3000:]
    for pattern in (MARKED_HEADER_RE, BARE_HEADER_RE):
        def one(m: re.Match[str]) -> str:
            written = m["serial"]
            if int(written) != serial or not m["post"].replace(" ", "").endswith(post):
                return m[0]
            start, end = m.span("serial")
            return m[0][: start - m.start()] + new_serial.zfill(len(written)) \
                + m[0][end - m.start():]
        head = pattern.sub(one, head)
    return head + tail


# -- articles -------------------------------------------------------------------------------


@dataclass
class Cited:
    ref: str
    date: str  # ISO
    city: str
    quote: str
    person: str | None


def cited_record(row: list[str], rng: random.Random) -> Cited | None:
    body = row[7]
    quote = pick_quote(body, rng)
    if quote is None:
        return None
    try:
        date = datetime.strptime(row[1].strip(), CREATED_FORMAT).date().isoformat()
    except ValueError:
        date = "2009-01-01"
    city = re.sub(r"^(?:American\s+)?(?:Embassy|Consulate(?:\s+General)?|Mission|USUN)\s+",
                  "", row[3].strip()) or "Washington"
    people = [m[1] for m in _TITLED_NAME_RE.finditer(body) if " " in m[1]]
    return Cited(row[2].strip(), date, city, quote, rng.choice(people) if people else None)


def pick_quote(body: str, rng: random.Random) -> str | None:
    """6 to 12 running words of one paragraph of prose (not header lines), whitespace as one
    space: the words follow each other in the body."""
    paragraphs = [p.split() for p in re.split(r"\n[ \t]*\n", body)
                  if p.strip() and not TELEGRAM_LINE_RE.match(p.strip("\n"))]
    paragraphs = [words for words in paragraphs if len(words) >= 15]
    for _ in range(30):
        if not paragraphs:
            return None
        words = rng.choice(paragraphs)
        n = rng.randint(6, 12)
        start = rng.randint(0, len(words) - n)
        chunk = words[start : start + n]
        if all(w.strip(".,;:()-'").isalpha() for w in chunk):
            return " ".join(chunk).rstrip(".,;:")
    return None


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
}
OUTLETS = {
    "en": ["The Evening Ledger", "Harbour Post", "The Northern Courier", "Daily Meridian"],
    "es": ["Diario del Pacífico", "El Observador Andino", "La Voz del Sur", "Crónica Austral"],
    "pt": ["Folha do Litoral", "Jornal da Serra", "Correio do Planalto"],
    "fr": ["Le Courrier du Soir", "La Gazette des Deux Rives", "L'Écho du Matin"],
}
TITLES = {
    "en": ["What the {city} cable says", "A diplomat's view from {city}",
           "Embassy cable {ref} revisited", "Inside the {city} embassy's {month} report"],
    "es": ["Lo que dice el cable de {city}", "La embajada en {city} y sus informes",
           "El cable {ref}, al detalle", "Un informe de {month} desde {city}"],
    "pt": ["O que diz o telegrama de {city}", "A embaixada em {city} e seus relatos",
           "O telegrama {ref} em detalhe"],
    "fr": ["Ce que dit le câble de {city}", "L'ambassade à {city} et ses rapports",
           "Le câble {ref} à la loupe"],
}
OPENINGS = {
    "en": ["A cable sent from {city} in {month} {year}, reference {ref}, gives a blunt account.",
           "The diplomatic cable {ref}, written in {city} in {month} {year}, was released "
           "this week.",
           "According to cable {ref}, the embassy in {city} followed the matter closely."],
    "es": ["Un cable enviado desde {city} en {month} de {year}, con la referencia {ref}, "
           "ofrece un relato sin rodeos.",
           "Según el cable {ref}, fechado en {city} en {month} de {year}, la embajada seguía "
           "el asunto de cerca."],
    "pt": ["Um telegrama enviado de {city} em {month} de {year}, referência {ref}, traz um "
           "relato direto.",
           "Segundo o telegrama {ref}, escrito em {city} em {month} de {year}, a embaixada "
           "acompanhava o caso."],
    "fr": ["Un câble envoyé de {city} en {month} {year}, référence {ref}, livre un récit "
           "sans détour.",
           "Selon le câble {ref}, rédigé à {city} en {month} {year}, l'ambassade suivait "
           "l'affaire de près."],
}
QUOTING = {
    "en": ["The diplomats wrote that \"{quote}\".", "One passage reads: \"{quote}\".",
           "\"{quote}\", the cable notes."],
    "es": ["Los diplomáticos escribieron que \"{quote}\".", "Un pasaje dice: \"{quote}\".",
           "\"{quote}\", señala el cable."],
    "pt": ["Os diplomatas escreveram que \"{quote}\".", "Um trecho diz: \"{quote}\".",
           "\"{quote}\", observa o telegrama."],
    "fr": ["Les diplomates écrivent que \"{quote}\".", "Un passage indique : \"{quote}\".",
           "\"{quote}\", note le câble."],
}
PEOPLE = {
    "en": ["The cable names {person} among those the embassy met.",
           "{person} did not answer our questions about the document."],
    "es": ["El cable menciona a {person} entre sus interlocutores.",
           "{person} no respondió a las preguntas de este diario."],
    "pt": ["O telegrama cita {person} entre os interlocutores da embaixada.",
           "{person} não respondeu às perguntas da reportagem."],
    "fr": ["Le câble cite {person} parmi les interlocuteurs de l'ambassade.",
           "{person} n'a pas répondu à nos questions."],
}
FILLER = {
    "en": ["The State Department declined to comment on the content of the cables.",
           "Officials in the capital called the report one-sided.",
           "Opposition lawmakers asked for a hearing before the end of the month.",
           "Analysts said the document confirmed what many had suspected for years.",
           "The embassy did not respond to a request for comment on Tuesday.",
           "Several of the officials described have since left their posts.",
           "The newspaper obtained the documents through its partnership with the site."],
    "es": ["El Departamento de Estado declinó comentar el contenido de los cables.",
           "Fuentes del gobierno calificaron el informe de parcial.",
           "Legisladores de la oposición pidieron una comparecencia antes de fin de mes.",
           "Analistas consultados dijeron que el documento confirma viejas sospechas.",
           "La embajada no respondió a la solicitud de comentarios.",
           "Varios de los funcionarios descritos ya dejaron sus cargos."],
    "pt": ["O Departamento de Estado não quis comentar o conteúdo dos telegramas.",
           "Fontes do governo chamaram o relato de parcial.",
           "Deputados da oposição pediram uma audiência antes do fim do mês.",
           "Analistas ouvidos disseram que o documento confirma antigas suspeitas.",
           "A embaixada não respondeu ao pedido de comentário.",
           "Vários dos funcionários descritos já deixaram seus cargos."],
    "fr": ["Le département d'État n'a pas souhaité commenter le contenu des câbles.",
           "Des sources gouvernementales jugent le rapport partial.",
           "Des députés de l'opposition réclament une audition avant la fin du mois.",
           "Les analystes interrogés estiment que le document confirme de vieux soupçons.",
           "L'ambassade n'a pas répondu à notre demande de commentaire.",
           "Plusieurs des responsables décrits ont depuis quitté leurs fonctions."],
}
LANGUAGES = ["en", "en", "es", "pt", "fr"]  # English twice as often


def article_text(n: int, cited: list[Cited], rng: random.Random) -> tuple[str, str]:
    """(file text with front matter, language) of article N citing CITED."""
    lang = rng.choice(LANGUAGES)
    first = cited[0]
    year, month = int(first.date[:4]), int(first.date[5:7])
    slots = {"city": first.city, "ref": first.ref, "year": year,
             "month": MONTHS[lang][month - 1]}
    title = rng.choice(TITLES[lang]).format(**slots)
    paragraphs: list[str] = []
    for c in cited:
        year, month = int(c.date[:4]), int(c.date[5:7])
        s = {"city": c.city, "ref": c.ref, "year": year, "month": MONTHS[lang][month - 1],
             "quote": c.quote, "person": c.person}
        sentences = [rng.choice(OPENINGS[lang]).format(**s),
                     rng.choice(QUOTING[lang]).format(**s)]
        if c.person:
            sentences.append(rng.choice(PEOPLE[lang]).format(**s))
        paragraphs.append(" ".join(sentences))
    fillers = rng.sample(FILLER[lang], rng.randint(2, 4))
    paragraphs.append(" ".join(fillers))
    published = datetime(2010, 11, 28) + timedelta(days=rng.randint(0, 300))
    outlet = rng.choice(OUTLETS[lang])
    front = (f"---\ntitle: {title} ({n})\noutlet: {outlet}\n"
             f"date: {published.date().isoformat()}\n---\n\n")
    return front + "\n\n".join(paragraphs) + "\n", lang


# -- the whole corpus -----------------------------------------------------------------------


@dataclass
class Manifest:
    k: int
    articles: int
    seed: int
    source: str
    limit: int | None
    cables: int = 0
    words: int = 0
    cable_words: int = 0
    article_words: int = 0


def generate(source: Path, out: Path, k: int, articles: int, seed: int = 12,
             limit: int | None = None) -> Manifest:
    s = survey(source, limit)
    copier = Copier(s, seed)
    rng = random.Random(seed)
    total = k * s.rows
    # which generated cables the articles cite (by position in the output), chosen up front
    plan = [rng.sample(range(total), 2 if rng.random() < 0.2 else 1) if total else []
            for _ in range(articles)]
    wanted = {i for cites in plan for i in cites}
    records: dict[int, Cited] = {}
    m = Manifest(k, articles, seed, str(source), limit)
    out.mkdir(parents=True, exist_ok=True)
    quote_rng = random.Random(seed + 1)
    with (out / "cables.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n",
                            **CSV_DIALECT)  # type: ignore[arg-type]
        position = 0
        for c in range(k):
            copier.start_copy(c)
            for row in rows(source, limit):
                new = copier.copy(row, c)
                new[0] = str(position + 1)
                writer.writerow(new)
                m.cable_words += len(new[7].split())
                if position in wanted and (rec := cited_record(new, quote_rng)) is not None:
                    records[position] = rec
                position += 1
    m.cables = position
    folder = out / "articles"
    folder.mkdir(exist_ok=True)
    with (out / "quotes.jsonl").open("w", encoding="utf-8") as quotes:
        for n, cites in enumerate(plan):
            cited = [records[i] for i in cites if i in records]
            if not cited:  # a cable too short to quote: cite another one
                cited = [records[min(records)]] if records else []
            if not cited:
                continue
            text, lang = article_text(n, cited, rng)
            name = f"{n:05d}.md"
            (folder / name).write_text(text, encoding="utf-8")
            m.article_words += len(text.split("---\n", 2)[-1].split())
            quotes.write(json.dumps({"file": name, "lang": lang,
                                     "cites": [asdict(c) for c in cited]}) + "\n")
    m.words = m.cable_words + m.article_words
    (out / "manifest.json").write_text(json.dumps(asdict(m), indent=1) + "\n",
                                       encoding="utf-8")
    return m


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=1, help="copies of cables.csv (default 1)")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--limit", type=int, help="only the first N rows of the input")
    args = parser.parse_args()
    if not args.csv.is_file():
        raise SystemExit(f"not found: {args.csv}")
    m = generate(args.csv, args.out, args.k, args.articles, args.seed, args.limit)
    print(f"{args.out}: {m.cables:,} cables, {m.articles:,} articles, {m.words:,} words")


if __name__ == "__main__":
    main()
