"""The citation record: which cable a text cites, where, and how sure we are."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CitationKind = Literal["ref_id", "url", "header", "descriptive", "reference", "quotation",
                       "routing", "so_called", "wikileaks_id"]


class Citation(BaseModel):
    """One citation of a cable at ``text[start:end]``.

    - ``ref_id``: an explicit reference id (``09LIMA345``, ``09 LIMA 345``...).
    - ``url``: a WikiLeaks cable URL; the span is the whole URL.
    - ``header``: a reprinted cable header (``C O N F I D E N T I A L LIMA 001667``); the year
      is worked out from the text around it (see ``basis``), so ``ref_id`` may be a guess or
      None.
    - ``reference``: an id on a ``REF:`` line of a reprinted cable: *another* cable that the
      reprinted one refers to; list it separately or ignore it.
    - ``descriptive``: "a March 2009 U.S. diplomatic cable from Lima": no id, only constraints
      (``year``, ``month``, ``day``, ``origin``) for the caller to match against cables.
    - ``quotation``: a passage the text quotes (six words or more); the caller looks its words
      up in the cables' bodies.
    - ``routing``: a reprint's routing line (``DE RUEHPE #1938/01``), with the year of its
      date-time group; the caller knows which post the indicator stands for.
    - ``so_called``: "the so-called Reykjavik 13 cable": ``origin`` and ``serial``, no year.
    - ``wikileaks_id``: WikiLeaks' number for a cable ("WikiLeaks ID 240473"), in ``serial``.
    """

    model_config = ConfigDict(frozen=True)

    kind: CitationKind
    start: int
    end: int
    text: str = Field(description="the citation's surface: text[start:end]")
    ref_id: str | None = Field(default=None, description="canonical: 09LIMA345")
    post: str | None = Field(default=None, description="the post as ids write it: LIMA")
    serial: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    origin: str | None = Field(
        default=None,
        description="the sender as cables.csv's origin column names it, without 'Embassy'/"
        "'Consulate': Lima, Buenos Aires, Mexico (the Mexico City embassy); "
        "see reader.cite.posts.origin_matches",
    )
    confidence: float = Field(
        default=1.0,
        description="1.0 explicit id or URL; ~0.9 header with a date line; 0.6 header with a "
        "year from the prose around it; 0.3 year from doc_date; descriptive 0.4-0.8",
    )
    basis: str | None = Field(
        default=None,
        description="where the year came from: id, url, date_line, nearby_year, doc_date, "
        "text, same_post_serial_order (references)",
    )
    spans: tuple[tuple[int, int], ...] = Field(
        default=(),
        description="descriptive: every piece of text that contributed (anchor, date, place; "
        "merged sentences); start/end cover the first sentence's pieces",
    )
