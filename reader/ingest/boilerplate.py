"""Paragraph-level boilerplate removal for news articles (saved web text, Markdown, HTML).

The rules describe the genre, not particular sites:

* a **unit** is a paragraph: one line, or a block of hard-wrapped lines (:func:`segment`);
* **prose** is a unit with enough words that ends like a sentence, or contains a quoted
  sentence, or is long (:func:`is_prose`); teasers cut off with an ellipsis are not prose;
* the **headline** opens the body; site menus and section labels before it are dropped, and a
  breadcrumb line that ends with the headline is recognised as a menu (:func:`find_headline`);
* the body **ends** at the first closing marker ("Related content", "Leave a Reply",
  "Sharing is caring!", "Donate", a licence notice ...) that has at least 60 % of the prose
  above it (:func:`find_body_end`), so a "Share" button under the headline does not end it;
* **junk lines** (map captions, share buttons, "Advertisement", "Read more: ...") are removed
  wherever they are (:func:`is_junk`), and so are closing-marker lines that did not end the
  body (a "Share this article" under the headline); **trailing** units that are not prose are
  trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from reader.ingest.dates import find_date
from reader.text.cables import MARKED_HEADER_RE

__all__ = [
    "Cleaned",
    "Unit",
    "clean_article",
    "find_body_end",
    "find_headline",
    "is_closing_marker",
    "is_headline_like",
    "is_junk",
    "is_menu_like",
    "is_notice",
    "is_prose",
    "segment",
]

MIN_PROSE_WORDS = 6
LONG_PROSE_WORDS = 20  # a unit this long and prose-shaped is article text, not a headline
PROSE_SHARE_ABOVE_CUT = 0.6
HEADLINE_ZONE_UNITS = 15

_WORD_RE = re.compile(r"[^\W_]+(?:[’'.\-][^\W_]+)*")
_CLOSERS = re.escape("\"'”’»)]*_")  # closing quotes/brackets/emphasis after the full stop
_SENTENCE_END_RE = re.compile(rf"(?<!\.\.)[.!?][{_CLOSERS}]*$")
_ELLIPSIS_END_RE = re.compile(rf"(?:…|\.\.\.)[{_CLOSERS}]*$")
_QUOTED_SENTENCE_RE = re.compile(r"[“\"«][^”\"»]{15,}?[.!?,…][”\"»]")
_CASE_JOIN_RE = re.compile(r"[a-z][A-Z]")  # "HomeNews": two menu items glued together
_GLUED_JOINS = 3
_MENU_SEPARATORS_RE = re.compile(r"\s[|•·»›>]\s|\s[|•·»›>]$|^[|•·»›>]\s")

# Whole-line closing markers, matched case-insensitively against the line without trailing
# punctuation.  English, Spanish, Portuguese, French.
_CLOSING_MARKERS = [
    # related content and reading lists
    r"related(?: content| articles?| posts?| stories| news| coverage| reading| links| topics)?",
    r"(?:you (?:may|might) also (?:like|enjoy|be interested in)|recommended(?: for you)?)",
    r"(?:most (?:read|popular|viewed|shared)|trending(?: now)?|popular (?:posts|stories))",
    r"(?:latest (?:news|posts|stories|articles)|more (?:stories|news|articles)|further reading)",
    r"(?:see also|also read|read (?:more|also|next))",
    r"more (?:from|on|in|about) [\w’' .-]{1,40}",
    r"(?:art[ií]culos|noticias|notas|entradas|publicaciones|contenidos?) relacionad[oa]s",
    r"(?:tambi[eé]n )?te (?:puede|podr[ií]a) interesar",
    r"(?:lee|lea|leer|ver|mira) (?:tambi[eé]n|m[aá]s)|lo m[aá]s (?:le[ií]do|visto)",
    r"m[aá]s (?:noticias|le[ií]d[oa]s|vist[oa]s)|[uú]ltimas noticias",
    r"leia (?:tamb[eé]m|mais)|not[ií]cias relacionadas|(?:[àa] lire aussi)",
    r"articles? (?:similaires|li[ée]s|connexes)",
    # comments
    r"(?:leave|post|add|write|submit) (?:a|your) (?:reply|comment|response)",
    r"(?:\d+ )?(?:comments?|responses?|replies)(?: \(\d+\))?|comments? are closed",
    r"(?:join|start) the (?:discussion|conversation)",
    r"(?:deja|dejar|escribe|publica|deje) (?:un|una|tu|su) (?:comentario|respuesta)",
    r"(?:\d+ )?comentarios?|(?:deixe|deixa) (?:um|o seu|seu) coment[aá]rio",
    r"laisser un commentaire|(?:\d+ )?commentaires?",
    # sharing and feedback
    r"share(?: this(?: article| story| post| page)?| on [\w ]{1,30}| via [\w ]{1,30})?",
    r"share(?: icon)+|sharing is caring|spread the word",
    r"(?:was|is) this (?:content|article|story|page|post|information) (?:helpful|useful)",
    r"did you (?:like|enjoy|find) this(?: [\w ]{1,30})?",
    r"compart(?:e|ir|elo)(?: (?:esta|este) [\w ]{1,30}| en [\w ]{1,30})?|compartilh(?:e|ar)",
    r"partager(?: cet article)?|¿(?:te|le) (?:result[oó]|fue|ha sido) [uú]til[\w ]*",
    # money, subscriptions, newsletters
    r"donate(?: now| today)?|support (?:us|our (?:work|journalism|reporting))",
    r"(?:dona|donar|haz una donaci[oó]n|ap[oó]yanos)(?: ahora| hoy)?",
    r"subscribe(?: now| today| to [\w ’'-]{1,40})?|sign up(?: for [\w ’'-]{1,40})?",
    r"(?:our |the )?newsletters?|suscr[ií]b(?:e|ete|irse)(?: [\w ]{1,40})?|bolet[ií]n",
    r"abonnez-vous|assine(?: [\w ]{1,30})?",
    # tags, authors, the organisation, jobs, footer
    r"(?:tags?|topics?|categories|category|etiquetas?|temas|filed under)(?::.*)?",
    r"about (?:the )?authors?|sobre (?:el|la) autor[a]?|sobre (?:los|las) autor[ea]s",
    r"about us|qui[eé]nes somos|sobre nosotros",
    r"work with us|we[’']?re hiring|careers|jobs|job openings|open positions?(?::.*)?",
    r"trabaja con nosotros|[uú]nete a nuestro equipo",
    r"(?:privacy policy|terms of (?:use|service)|cookie (?:policy|settings)|contact us|sitemap)",
]
_CLOSING_RE = re.compile("(?:" + "|".join(_CLOSING_MARKERS) + ")", re.IGNORECASE)
_MARKER_STRIP = " \t:!?.»›>…*#-–—|•·"

# Prose-shaped closing paragraphs: licence/copyright notices, donation appeals, comment forms.
_NOTICE_RE = re.compile(
    r"creative commons|all rights reserved|todos los derechos reservados|©|\bcopyright \d{4}"
    r"|\b(?:republish|reproduce|reprint|copy and distribute|redistribute)\b.{0,40}"
    r"\b(?:our|this|these) (?:work|articles?|content|stor(?:y|ies))"
    r"|\bwe (?:want|need|rely on|depend on)\b.{0,80}\b(?:support|resources|donations|readers)\b"
    r"|\b(?:make|making|consider) a donation\b|\bhaz una donaci[oó]n\b"
    r"|your email address will not be published|required fields are marked"
    r"|\bcomments (?:are|is) (?:now )?closed|\bcomentarios (?:est[aá]n )?cerrados"
    r"|\bcoment[aá]rios (?:est[aã]o )?(?:encerrados|fechados)"
    r"|\bcommentaires (?:sont )?ferm[ée]s"
    r"|tu direcci[oó]n de correo electr[oó]nico no ser[aá] publicada"
    r"|\bclick here to (?:send|comment|subscribe|donate|share)"
    r"|\bsign up (?:for|to) (?:our|the) newsletter"
    r"|\bthis (?:article|story|piece) (?:was |has been )?(?:originally |first )?"
    r"(?:published|appeared)",
    re.IGNORECASE,
)

# Lines removed wherever they are: they are never article text.
_JUNK_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^view\b.{1,80}\bin a larger map$", re.I),  # embedded map captions
    re.compile(
        r"^(?:advertisement|advertising|ad|sponsored(?: content)?|publicidad|anuncio"
        r"|continue reading(?: below)?|story continues below(?: advertisement)?"
        r"|scroll to continue(?: with content)?|skip to (?:main )?content)$",
        re.I,
    ),
    re.compile(
        r"^share(?: icon)+$|^(?:share|tweet|pin it|email|print|whatsapp|facebook"
        r"|twitter|linkedin|telegram|reddit|copy link)(?: (?:on|en|via) \w+)?$",
        re.I,
    ),
    # inline teaser links: "Read more: ...", "RELATED: ..."
    re.compile(
        r"^(?:read more|related|see also|also read|lee también|leer más|ver también"
        r"|leia também|à lire aussi)\s*:.+$",
        re.I,
    ),
)
_CAPTION_RE = re.compile(
    r"^(?:photo|foto|image|imagen|illustration|credit|cr[eé]dito)s?"
    r"(?: credit)?\s*:",
    re.I,
)
_ABOUT_OUTLET_RE = re.compile(
    r"^(?i:about|acerca de|sobre)\s+"
    r"(?!(?i:(?:the |el |la )?(?:authors?|autor|us|me|this|nosotros))\b)"
    r"(?P<name>[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,3})$"
)


@dataclass(frozen=True)
class Unit:
    """A paragraph: lines ``first..last`` (inclusive) of the text, joined with spaces."""

    text: str
    first: int
    last: int
    heading: bool = False


@dataclass
class Cleaned:
    """The article body after boilerplate removal, and what was removed around it."""

    body: str
    headline: str | None
    before: list[str] = field(default_factory=list)  # units dropped above the headline
    after: list[str] = field(default_factory=list)  # units cut from the end
    lead: list[str] = field(default_factory=list)  # kept units between headline and prose


def word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def is_prose(text: str) -> bool:
    """A paragraph of article text: enough words, and ends like a sentence (not with an
    ellipsis, the mark of a truncated teaser) or quotes a sentence, or is simply long."""
    text = text.strip()
    words = word_count(text)
    if words < MIN_PROSE_WORDS or _ELLIPSIS_END_RE.search(text):
        return False
    if _SENTENCE_END_RE.search(text):
        return True
    if words >= 12 and _QUOTED_SENTENCE_RE.search(text):
        return True
    return words >= 30


def is_long_prose(text: str) -> bool:
    return is_prose(text) and word_count(text) >= LONG_PROSE_WORDS


def is_menu_like(text: str) -> bool:
    """Navigation: items glued together ("HomeNewsAnalysis...") or separated by | • » >."""
    text = text.strip()
    if any(len(_CASE_JOIN_RE.findall(token)) >= _GLUED_JOINS for token in text.split()):
        return True
    return len(_MENU_SEPARATORS_RE.findall(f" {text} ")) >= 2


def is_closing_marker(text: str) -> bool:
    """A short line that starts the end-of-article furniture ("Related Content",
    "Leave a Reply", "Was this content helpful?", "Donate", "Tags: ...", "About <outlet>")."""
    text = text.strip()
    if not text or len(text) > 80 or (is_prose(text) and word_count(text) > 8):
        return False
    if text.endswith(".") and word_count(text) >= 3:
        return False  # "About 200 people attended." is a sentence, not a heading
    if _ABOUT_OUTLET_RE.match(text):
        return True
    core = text.strip(_MARKER_STRIP)
    return bool(core) and _CLOSING_RE.fullmatch(core) is not None


def is_notice(text: str) -> bool:
    """A prose-shaped closing paragraph: licence or copyright notice, donation appeal,
    comment-form text, "originally published" note."""
    return _NOTICE_RE.search(text) is not None


def is_junk(text: str) -> bool:
    """A line that is never article text, wherever it is (map captions, share buttons,
    advertisement labels, "Read more: ..." teaser links, short photo credits)."""
    text = text.strip()
    if any(pattern.search(text) for pattern in _JUNK_RES):
        return True
    return _CAPTION_RE.match(text) is not None and not is_prose(text)


def is_headline_like(text: str) -> bool:
    """A plausible headline: a short line of 3-30 words that does not end like a clause."""
    text = text.strip()
    words = word_count(text)
    if not 3 <= words <= 30 or not 10 <= len(text) <= 250:
        return False
    if text[-1] in ".,;:" or _ELLIPSIS_END_RE.search(text):
        return False
    if is_menu_like(text) or is_junk(text) or is_closing_marker(text) or is_notice(text):
        return False
    if len(_LETTER_WORD_RE.findall(text)) < 3 or _NOT_A_HEADLINE_RE.search(text) or (
            _CABLE_HEADER_RE.search(text)):
        return False  # "| 12/10/2010 12:00:00 AM", a site banner with its address, a
        # "Source:" line, a reprinted cable's header
    return not looks_like_dateline(text)


_LETTER_WORD_RE = re.compile(r"[^\W\d_]{2,}")
# lines that name where a page comes from, not what it says
_NOT_A_HEADLINE_RE = re.compile(
    r"https?://|\bwww\.|^\W*(?:source|fuente|fonte|origem|origen)\s*:", re.IGNORECASE)
_CABLE_HEADER_RE = re.compile(MARKED_HEADER_RE.pattern)  # "C O N F I D E N T I A L LIMA 000543"


def looks_like_dateline(text: str) -> bool:
    """A short line that carries a date ("INFOGRAPHICS / 13 DEC 2010 BY ...", "May 2, 2011")."""
    return word_count(text) <= 20 and not is_prose(text) and find_date(text) is not None


def segment(lines: Sequence[str], heading_lines: Collection[int] = ()) -> list[Unit]:
    """Split lines into paragraphs: a hard-wrapped block of lines is one unit, otherwise every
    non-blank line is its own unit (saved web text puts one paragraph or menu item per line)."""
    units: list[Unit] = []
    i = 0
    n = len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j + 1 < n and lines[j + 1].strip():
            j += 1
        block = [line.strip() for line in lines[i : j + 1]]
        if j > i and _is_wrapped(block) and is_prose(" ".join(block)):
            units.append(
                Unit(" ".join(block), i, j, any(k in heading_lines for k in range(i, j + 1)))
            )
        else:
            units.extend(Unit(block[k - i], k, k, k in heading_lines) for k in range(i, j + 1))
        i = j + 1
    return units


def _is_wrapped(block: Sequence[str]) -> bool:
    """Hard-wrapped prose: most lines but the last are long and stop mid-sentence."""
    body = block[:-1]
    wrapped = sum(1 for line in body if len(line) >= 40 and not _SENTENCE_END_RE.search(line))
    return wrapped * 3 >= len(body) * 2


def find_headline(units: Sequence[Unit]) -> int | None:
    """Index of the headline unit, or None.

    Looks only above the first long prose paragraph.  In order: a Markdown heading; a line
    that appears at the end of an earlier line (a breadcrumb/menu line "HomeNewsAnalysis<title>"
    followed by the title alone); the first headline-like line.
    """
    zone: list[int] = []
    for k, unit in enumerate(units[:HEADLINE_ZONE_UNITS]):
        if is_long_prose(unit.text):
            break
        zone.append(k)
    for k in zone:
        if units[k].heading:
            return k
    for pos, k in enumerate(zone):
        candidate = units[k].text
        if not is_headline_like(candidate):
            continue
        for earlier in zone[:pos]:
            text = units[earlier].text
            if text != candidate and text.endswith(candidate):
                return k
    for k in zone:
        if is_headline_like(units[k].text):
            return k
    return None


def prose_weight(unit: Unit) -> int:
    """How much article prose a unit counts for in the 60 % rule (notices count for none)."""
    if is_prose(unit.text) and not is_notice(unit.text) and not is_junk(unit.text):
        return len(unit.text)
    return 0


def find_body_end(units: Sequence[Unit], start: int) -> int:
    """Index of the first unit after ``start`` that is a closing marker (or notice) with at
    least 60 % of the prose of ``units[start:]`` above it; ``len(units)`` when there is none."""
    weights = [prose_weight(unit) for unit in units]
    total = sum(weights[start:])
    above = 0
    for k in range(start, len(units)):
        unit = units[k]
        closing = k > start and (is_closing_marker(unit.text) or is_notice(unit.text))
        if closing and total and above >= PROSE_SHARE_ABOVE_CUT * total:
            return k
        above += weights[k]
    return len(units)


def about_outlet(texts: Sequence[str]) -> str | None:
    """The outlet named by an "About <Outlet>" closing heading among removed units."""
    for text in texts:
        match = _ABOUT_OUTLET_RE.match(text.strip())
        if match:
            return match.group("name")
    return None


def clean_article(lines: Sequence[str], heading_lines: Collection[int] = ()) -> Cleaned:
    """Apply the genre rules to the lines of an article; returns the cleaned body.

    The body keeps the headline on top and the lines as written (trailing spaces removed,
    runs of blank lines collapsed to one).
    """
    units = segment(lines, heading_lines)
    if not units:
        return Cleaned(body="", headline=None)
    headline = find_headline(units)
    if headline is None and is_short_title(units):
        headline = 0  # "Hostile sample": a text file's own short first line
    if headline is not None:
        start = headline
    else:
        start = 0
        while start < len(units) - 1 and _is_leading_furniture(units[start].text):
            start += 1
    end = find_body_end(units, start)
    first_prose = next(
        (k for k in range(start, end) if is_prose(units[k].text) and k != headline), end
    )
    kept: list[int] = []
    lead: list[str] = []
    for k in range(start, end):
        text = units[k].text
        if k != headline and (is_junk(text) or is_closing_marker(text)):
            continue  # a "Share this" / "Related" label that did not end the article
        if headline is not None and headline < k < first_prose and is_menu_like(text):
            continue
        kept.append(k)
        if headline is not None and headline < k < first_prose:
            lead.append(text)
    # Trailing units that are not prose (captions, button labels, stray menu lines); a
    # short closing sentence ("He declined to comment.") is the article's own.
    if any(k >= first_prose for k in kept):
        while kept and kept[-1] >= first_prose and not (
                is_prose(units[kept[-1]].text) or is_short_sentence(units[kept[-1]].text)):
            kept.pop()
    after = [unit.text for unit in units[end:]]
    after += [units[k].text for k in range(kept[-1] + 1 if kept else start, end)]
    return Cleaned(
        body=_join(units, kept, lines),
        headline=units[headline].text if headline is not None else None,
        before=[unit.text for unit in units[:start]],
        after=after,
        lead=lead,
    )


def is_short_sentence(text: str) -> bool:
    """A short sentence of the article ("He declined to comment."): three words or more,
    ending like a sentence, neither a notice nor page furniture."""
    text = text.strip()
    return (3 <= word_count(text) < MIN_PROSE_WORDS and _SENTENCE_END_RE.search(text) is not None
            and len(_LETTER_WORD_RE.findall(text)) >= 2 and not is_junk(text)
            and not is_closing_marker(text) and not is_notice(text) and not is_menu_like(text))


def is_short_title(units: Sequence[Unit]) -> bool:
    """Does a text start with a title of two words, alone on the file's first line, before
    its prose? (Longer titles are found by `find_headline`.)"""
    if len(units) < 2 or units[0].first != 0 or units[0].last != 0:
        return False
    text = units[0].text.strip()
    return (word_count(text) == 2 and len(_LETTER_WORD_RE.findall(text)) == 2
            and text[-1] not in ".,;:" and not is_junk(text) and not is_menu_like(text)
            and not is_closing_marker(text) and not is_notice(text)
            and not looks_like_dateline(text) and is_prose(units[1].text))


def _is_leading_furniture(text: str) -> bool:
    return (
        is_menu_like(text)
        or is_junk(text)
        or is_closing_marker(text)
        or (word_count(text) <= 2 and not is_prose(text))
    )


def _join(units: Sequence[Unit], kept: Sequence[int], lines: Sequence[str]) -> str:
    parts: list[str] = []
    previous: int | None = None
    for k in kept:
        unit = units[k]
        if previous is not None:
            adjacent = previous == k - 1 and units[previous].last + 1 == unit.first
            parts.append("\n" if adjacent else "\n\n")
        parts.append("\n".join(line.rstrip() for line in lines[unit.first : unit.last + 1]))
        previous = k
    return "".join(parts).strip()
