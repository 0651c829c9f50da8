"""Descriptive citations: "a March 2009 U.S. diplomatic cable from Lima".

The text is folded first (accents and curly quotes, one character for one, so offsets hold).
Then, for each *anchor* word (cable, document, dispatch, memo, telegram; cable diplomático,
documento, despacho, telegrama, memorando):

- a date counts when it is *attached* to the anchor: before it with only modifiers between
  ("a March 2009 U.S. diplomatic cable"), or after it introduced by dated/from/of/in/on or
  fechado/de/del/en/el ("the document dated 12 March 2009", "cable de 2009", "sent from the
  US embassy in Lima in November 2009"), with no clause word between (said, which, that,
  met, que, dijo...). A date elsewhere in the sentence is about something else ("officials
  met on November 13, 2009") and is not taken;
- a place counts when it is the sender: "from Lima", "a Lima cable", "the US Embassy in Lima",
  "U.S. Embassy Lima", "the Lima embassy", "la embajada de Estados Unidos en Lima", "desde
  Lima"; a country stands for its embassy ("the embassy in Peru" → Lima). A foreign embassy
  ("the Mexican embassy in Lima") is not a sender. Embassy phrases also count from the
  sentence before or after; a date from there only when introduced by "dated"/"fechado".

Pieces with a year or a sender are kept; pieces in the same or adjacent sentences that do not
contradict each other are one document; identical descriptions anywhere are one document.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from reader.cite.dates import MONTHS, DateMatch, dates_in, plausible_year
from reader.cite.posts import CITY_POST, COUNTRY_POST
from reader.text.fold import fold_same_length
from reader.text.months import month_numbers
from reader.text.names import NAME_SUFFIXES, TITLE_ABBREVIATIONS

_ANCHOR_RE = re.compile(
    r"\b(?:cables?(?:[ ]diplomaticos?)?(?![ ](?:tv|television|news|network|channel|car|"
    r"operator|compan(?:y|ies)|provider|subscri\w*))"
    r"|documents?|documentos?|dispatch(?:es)?|despachos?|memos?|memorand(?:um|a|o|os)"
    r"|telegrams?|telegramas?|informes?[ ]secretos?|informes?[ ]confidencial(?:es)?"
    r"|relatorios?|correspondencias?[ ](?:secretas?|diplomaticas?|confidencia(?:l|is))"
    r"|depeches?[ ]diplomatiques?|messages?(?=[ ](?:diplomatiques?|datee?s?|secrets?"
    r"|confidentiels?)\b))\b"
    r"(?![ \t]+(?:of|de)[ \t]+(?:understanding|agreement|cooperation|intent|entendimiento"
    r"|acuerdo|cooperacion|intencion)\b)",
    re.IGNORECASE,
)
_ANCHOR_STEMS = ("cable", "document", "dispatch", "despacho", "memo", "telegram", "informe",
                 "relatorio", "correspondencia", "depeche", "message")
_ANCHOR_LOWER_RE = re.compile(_ANCHOR_RE.pattern)
_TITLE_WORD_BEFORE_RE = re.compile(r"\b([A-Z][\w'-]*)[ \t]+$")

_STOP = frozenset(
    """that which who whom whose said says say saying reported reports report shows showed
    show describes described describing reveals revealed reveal notes noted states stated
    met meet meeting when where while after before since because although though but
    according claims claimed told tells wrote writes quoted quotes cites cited citing
    was were is are has had have be been about regarding concerning
    que cual cuales quien quienes dijo dice dicen senala senalo revela revelo indica indico
    segun cuando donde mientras despues antes porque pero aunque sobre acerca""".split()
)
_INTRO = frozenset(
    """dated dating from of in on at fechado fechada fechados datado datada de del en el desde
    late early mid finales principios mediados fines enviado enviada
    date datee du le em do da envoye envoyee""".split()
)
_MODIFIERS = frozenset(
    """u.s u.s. us usa american america's united states diplomatic diplomatico diplomaticos
    diplomatica diplomaticas secret secreto secreta secretos confidential confidencial
    confidenciales classified clasificado clasificada reservado reservada leaked filtrado
    filtrada filtrados state department department's embassy embassy's consular consulate
    wikileaks internal interno official oficial sensitive unclassified noforn new recent
    earlier later latest previous one single the a an this these un una el la los las este
    esta estos otro otra estadounidense norteamericano norteamericana embajada reporting
    diplomatic-cable two three several dos tres varios""".split()
)
_SENDER_LINK = frozenset(
    """sent written drafted signed issued transmitted cabled originating originated from by of
    at in on de del desde por en enviado enviada escrito escrita redactado redactada firmado
    firmada emitido emitida was were fue fueron dated fechado fechada""".split()
)
_WRITING = frozenset(
    """wrote writes write sent sends send reported reports cabled noted notes said says told
    warned informed described describes concluded concludes added adds
    escribio escribe envio envia informo informa reporto senalo senala dijo dice indico
    indica advirtio describio agrego anadio""".split()
)
_DATE_VERBS = r"(?:dated|fechad[oa]s?|datad[oa]s?)"

_QUAL_EN = r"(?:U\.[ ]?S\.|US|U\.S|USA|American|America's|United[ ]States)"
_QUAL_ES = (
    r"(?:de[ ](?:los[ ])?Estados[ ]Unidos|de[ ]EE\.?[ ]?UU\.?|de[ ]EEUU|de[ ]EUA|estadounidense"
    r"|norteamerican[oa])"
)


def _place_alternation() -> str:
    names = sorted(set(CITY_POST) | set(COUNTRY_POST), key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"[ \t]+") for n in names)


_PLACE = rf"(?<![\w-])(?P<place>{_place_alternation()})(?![\w-])"
_PLACE_STATE = r"(?<![\w-])(?P<state>Washington)(?![\w-])"

# the sender, written as an embassy phrase (may stand in a neighbouring sentence)
_EMBASSY_RES = [
    # the US Embassy in Lima / the embassy in Mexico City / the American consulate in Sao Paulo
    re.compile(
        rf"(?:(?P<qual>{_QUAL_EN})[ \t]+)?(?i:embassy|consulate(?:[ -]general)?|mission)"
        rf"(?:'s)?[ \t]+(?i:in|at)[ \t]+(?:the[ \t]+)?{_PLACE}"
    ),
    # U.S. Embassy Lima / Embassy Lima
    re.compile(
        rf"(?:(?P<qual>{_QUAL_EN})[ \t]+)?(?:Embassy|Consulate(?:[ ]General)?)[ \t]+{_PLACE}"
    ),
    # the Lima embassy / the Lima U.S. Embassy
    re.compile(rf"{_PLACE}[ \t]+(?:{_QUAL_EN}[ \t]+)?(?i:embassy|consulate)(?!'s[ \t]+(?i:in))"),
    # la embajada de Estados Unidos en Lima / el consulado estadounidense en Sao Paulo
    re.compile(
        rf"(?i:embajada|consulado(?:[ ]general)?)(?:[ \t]+(?P<qual>{_QUAL_ES}))?"
        rf"[ \t]+(?i:en)[ \t]+(?:(?i:el|la)[ \t]+)?{_PLACE}"
    ),
]
# "the Mexican embassy", "Peru's embassy": someone else's
_FOREIGN_BEFORE_RE = re.compile(r"\b[A-Z][a-z]+(?:an|ese|ish|i|'s)[ \t]+$")
# the sender right after the anchor: from Lima / desde Lima / de Lima / from Washington
_FROM_RE = re.compile(
    rf"\b(?i:from|desde|de)[ \t]+(?:(?i:the|la|el)[ \t]+)?(?:{_QUAL_EN}[ \t]+)?"
    rf"(?:{_PLACE}|{_PLACE_STATE})"
)
_PLACE_RE = re.compile(_PLACE)
_PLACE_WORDS = frozenset(w.lower() for name in (*CITY_POST, *COUNTRY_POST) for w in name.split())
_WORD_RE = re.compile(r"[\w'.-]+")
_DATE_VERB_RE = re.compile(rf"\b(?i:{_DATE_VERBS})[ \t]+(?:(?i:on|el|en|in)[ \t]+)?$")
_ANOTHER_RE = re.compile(r"\b(?:another|second|other|otro|otra|segundo|segunda)[ \t]+\S*[ \t]*$",
                         re.IGNORECASE)

# -- sentences ------------------------------------------------------------------------------

_BOUNDARY_RE = re.compile(r"[.!?…]+[\"')\]]*(?=\s)|\n[ \t]*\n|\n")
# words whose full stop ends no sentence: titles (Gen.), abbreviated months (Jan.) and a few
# others; the Spanish "set." (September) is not among them
_ABBREV = (
    TITLE_ABBREVIATIONS
    | NAME_SUFFIXES
    | (set(month_numbers(("en", "es"), names=False)) - {"set"})
    | frozenset("no nos vs etc inc corp co approx dept univ av avda".split())
)


def sentence_starts(text: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Offsets where sentences begin in ``text[lo:hi]`` (``lo`` first; paragraph breaks and
    short heading lines end a sentence, a wrapped line does not)."""
    hi = len(text) if hi is None else hi
    starts = [lo]
    for m in _BOUNDARY_RE.finditer(text, lo, hi):
        token = m.group(0)
        if token == "\n":
            line_start = text.rfind("\n", 0, m.start()) + 1
            line = text[line_start : m.start()].rstrip()
            if line and len(line) >= 60 and line[-1] not in ".!?:\"'":
                continue  # a wrapped line, not a sentence end
        elif token[0] == ".":
            before = text[max(0, m.start() - 14) : m.start()].split()
            bare = before[-1].lstrip("(\"'").lower() if before else ""
            if _INITIALS_RE.fullmatch(bare) or bare in _ABBREV:
                continue  # U.S. / P. Michael / Gen. / Jan.
            after = text[m.end() : m.end() + 4].lstrip()
            if after and after[0].islower():
                continue
        if text[starts[-1] : m.end()].strip():
            starts.append(m.end())
        else:
            starts[-1] = m.end()  # nothing but space since the last start
    return starts


_INITIALS_RE = re.compile(r"(?:[a-z]\.)*[a-z]")
_RADIUS = 2500


class _Sentences:
    """Sentence bounds around a position, found in a window (a document may be megabytes of
    cable text with a handful of anchors)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lo = self.hi = -1
        self.starts: list[int] = []

    def around(self, pos: int) -> tuple[tuple[int, int] | None, tuple[int, int],
                                        tuple[int, int] | None]:
        """(previous sentence, this sentence, next sentence) as (start, end) pairs."""
        n = len(self.text)
        if not (self.lo <= max(0, pos - _RADIUS // 2) and min(n, pos + _RADIUS // 2) <= self.hi):
            self.lo, self.hi = max(0, pos - _RADIUS), min(n, pos + _RADIUS)
            self.starts = sentence_starts(self.text, self.lo, self.hi)
        starts, hi = self.starts, self.hi
        i = bisect.bisect_right(starts, pos) - 1
        end = starts[i + 1] if i + 1 < len(starts) else hi
        prev = (starts[i - 1], starts[i]) if i > 0 else None
        nxt = (end, starts[i + 2] if i + 2 < len(starts) else hi) if end < hi else None
        return prev, (starts[i], end), nxt


# -- pieces ---------------------------------------------------------------------------------


@dataclass
class Piece:
    anchor: tuple[int, int]
    sentence: int
    """Where the (last merged) piece's sentence starts, and where the next one starts."""
    next_sentence: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    post: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    another: bool = False
    head: tuple[int, int] = (0, 0)
    """The anchor and what its own sentence says about it: the citation's start and end."""

    @property
    def has_constraint(self) -> bool:
        return self.year is not None or self.post is not None

    def key(self) -> tuple[int | None, int | None, int | None, str | None]:
        return (self.year, self.month, self.day, self.post)

    def compatible(self, other: Piece) -> bool:
        return all(a is None or b is None or a == b for a, b in zip(self.key(), other.key(),
                                                                     strict=True))

    def absorb(self, other: Piece) -> None:
        self.year = self.year if self.year is not None else other.year
        self.month = self.month if self.month is not None else other.month
        self.day = self.day if self.day is not None else other.day
        self.post = self.post if self.post is not None else other.post
        self.spans.extend(other.spans)


def _words(gap: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD_RE.findall(gap)]


def _modifier(word: str) -> bool:
    """A word that may stand between a date or place and the anchor: "U.S. diplomatic"."""
    return word in _MODIFIERS or word in _PLACE_WORDS or word in MONTHS or (
        word.isdigit() and len(word) <= 4)


def _before_ok(gap: str) -> bool:
    """``gap`` (between a date/place and the anchor after it) holds only modifiers."""
    if re.search(r"[,;:()\"!?]", gap):
        return False
    words = _words(gap)
    return len(words) <= 5 and all(_modifier(w) for w in words)


def _after_ok(gap: str) -> bool:
    """``gap`` (between the anchor and a date after it) is no new clause."""
    if re.search(r"[;:!?()\"]", gap):
        return False
    words = _words(gap)
    return len(words) <= 14 and not any(w in _STOP for w in words)


def _sender_gap_ok(gap: str, limit: int = 14) -> bool:
    """``gap`` (between the anchor and the sender after it) only links them: "sent from the"."""
    if re.search(r"[;:!?()\"]", gap):
        return False
    words = _words(gap)
    return len(words) <= limit and all(w in _SENDER_LINK or _modifier(w) for w in words)


def _attached_date(folded: str, anchor: tuple[int, int], s0: int, s1: int,
                   dates: list[DateMatch]) -> DateMatch | None:
    a0, a1 = anchor
    best_before: DateMatch | None = None
    for d in dates:
        if s0 <= d.start and d.end <= a0 and _before_ok(folded[d.end : a0]):
            best_before = d  # the last one before the anchor
    if best_before:
        return best_before
    for d in dates:
        if a1 <= d.start < min(s1, a1 + 120):
            gap = folded[a1 : d.start]
            words = _words(gap)
            if words and words[-1] in _INTRO and _after_ok(gap):
                return d
            break  # only the first date after the anchor is a candidate
    return None


def _post_of(place: str) -> str | None:
    key = " ".join(place.split())
    return CITY_POST.get(key) or COUNTRY_POST.get(key)


def _embassy_phrases(folded: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """US embassy/consulate phrases with a known place in ``folded[lo:hi]``: (post, start, end)."""
    found = []
    for pattern in _EMBASSY_RES:
        for m in pattern.finditer(folded, lo, hi):
            if not m.groupdict().get("qual") and _FOREIGN_BEFORE_RE.search(
                folded[max(lo, m.start() - 40) : m.start()]
            ):
                continue  # the Mexican embassy in Lima, la embajada de Mexico en Lima
            post = _post_of(m.group("place"))
            if post:
                found.append((post, m.start(), m.end()))
    found.sort(key=lambda f: f[1])
    return found


def _attached_origin(folded: str, anchor: tuple[int, int], s0: int, s1: int
                     ) -> tuple[str, tuple[int, int]] | None:
    a0, a1 = anchor
    # right after the anchor: "cable (sent) from Lima", "cable de Lima", "desde Lima"
    m = _FROM_RE.search(folded, a1, min(s1, a1 + 90))
    if m and _sender_gap_ok(folded[a1 : m.start()], limit=4):
        post = "STATE" if m.group("state") else _post_of(m.group("place"))
        if post:
            return post, (m.start(), m.end())
    for post, e0, e1 in _embassy_phrases(folded, s0, s1):
        # after: "a cable sent from the US embassy in Lima", "cable de la embajada ... en Lima"
        if e0 >= a1 and _sender_gap_ok(folded[a1:e0]):
            return post, (e0, e1)
        # before, as the writer: "the US Embassy in Lima wrote in a 2009 cable"
        if e1 <= a0:
            between = _words(folded[e1:a0])
            if (len(between) <= 6 and any(w in _WRITING for w in between)
                    and all(w in _WRITING or w in _SENDER_LINK or _modifier(w) for w in between)
                    and not re.search(r"[;:!?()\"]", folded[e1:a0])):
                return post, (e0, e1)
    # before, as a modifier: "a Lima cable", "a 2009 Lima embassy cable"
    last: tuple[str, tuple[int, int]] | None = None
    for p in _PLACE_RE.finditer(folded, max(s0, a0 - 60), a0):
        post = _post_of(p.group("place"))
        if post and _before_ok(folded[p.end() : a0]):
            last = (post, (p.start(), p.end()))
    return last


def _neighbour_origin(folded: str, t0: int, t1: int) -> tuple[str, tuple[int, int]] | None:
    """A sender in a neighbouring sentence: "It was sent by the US Embassy in Lima", "The
    embassy in Mexico City wrote that..."."""
    for post, e0, e1 in _embassy_phrases(folded, t0, t1):
        before = _words(folded[max(t0, e0 - 25) : e0])
        after = _words(folded[e1 : min(t1, e1 + 30)])[:2]
        if (before and before[-1] in {"from", "by", "desde", "por", "the", "la", "el"}
                and (before[-1] not in {"the", "la", "el"} or (len(before) >= 2
                     and before[-2] in {"from", "by", "desde", "por"}))) or any(
                         w in _WRITING for w in after):
            return post, (e0, e1)
    return None


def _anchors(folded: str) -> list[tuple[int, int]]:
    low = folded.lower()
    if len(low) != len(folded):  # a rare letter whose lower case is longer: no shortcut
        return [(m.start(), m.end()) for m in _ANCHOR_RE.finditer(folded)]
    if not any(word in low for word in _ANCHOR_STEMS):
        return []
    return [(m.start(), m.end()) for m in _ANCHOR_LOWER_RE.finditer(low)]


def find_descriptive(text: str, taken: list[tuple[int, int]]) -> list[Piece]:
    """Descriptive citations in ``text``; sentences holding one of ``taken`` are skipped."""
    folded = fold_same_length(text)
    anchors = _anchors(folded)
    if not anchors:
        return []
    sentences = _Sentences(folded)
    taken_starts = sorted(s for s, _ in taken)

    def is_taken(bounds: tuple[int, int]) -> bool:
        i = bisect.bisect_left(taken_starts, bounds[0])
        return i < len(taken_starts) and taken_starts[i] < bounds[1]

    pieces: list[Piece] = []
    for a0, a1 in anchors:
        prev, (s0, s1), nxt = sentences.around(a0)
        if is_taken((s0, s1)):
            continue
        if folded[a0].isupper() and not folded[a0:a1].isupper():
            title = _TITLE_WORD_BEFORE_RE.search(folded, max(s0, a0 - 40), a0)
            if title and title.group(1).lower().rstrip(".") not in _MODIFIERS:
                continue  # "Defense Strategy Document": a title, not a description
        piece = Piece(anchor=(a0, a1), sentence=s0, next_sentence=s1, spans=[(a0, a1)])
        piece.another = bool(_ANOTHER_RE.search(folded, max(s0, a0 - 30), a0))
        dates = [d for d in dates_in(folded, s0, s1) if d.year and plausible_year(d.year)]
        date = _attached_date(folded, (a0, a1), s0, s1, dates)
        if date:
            piece.year, piece.month, piece.day = date.year, date.month, date.day
            piece.spans.append((date.start, date.end))
        origin = _attached_origin(folded, (a0, a1), s0, s1)
        if origin:
            piece.post = origin[0]
            piece.spans.append(origin[1])
        piece.head = (min(s for s, _ in piece.spans), max(e for _, e in piece.spans))
        # the neighbouring sentences: an embassy phrase, or "dated ..."
        for bounds in (prev, nxt):
            if piece.another or bounds is None or is_taken(bounds):
                continue
            t0, t1 = bounds
            if piece.post is None and (found := _neighbour_origin(folded, t0, t1)):
                piece.post = found[0]
                piece.spans.append(found[1])
            if piece.year is None:
                for d in dates_in(folded, t0, t1):
                    if d.year and plausible_year(d.year) and _DATE_VERB_RE.search(
                        folded, max(t0, d.start - 30), d.start
                    ):
                        piece.year, piece.month, piece.day = d.year, d.month, d.day
                        piece.spans.append((d.start, d.end))
                        break
        if piece.has_constraint:
            pieces.append(piece)
    return _merge(pieces)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Same or adjacent sentence and no contradiction: one document; identical descriptions
    anywhere: one document; "another 2009 cable" is always a document of its own."""
    merged: list[Piece] = []
    for piece in pieces:
        target = None
        if merged and not piece.another:
            last = merged[-1]
            if piece.sentence in (last.sentence, last.next_sentence) and last.compatible(piece):
                target = last
            else:
                target = next((m for m in merged if m.key() == piece.key()), None)
        if target is None:
            merged.append(piece)
        else:
            target.absorb(piece)
            target.sentence, target.next_sentence = piece.sentence, piece.next_sentence
    return merged

