"""Which cable(s) a text cites: reference ids, cable URLs, reprinted headers, REF lines and
descriptions ("a March 2009 U.S. diplomatic cable from Lima").

Pure functions: no database, no Textual. ``detect_citations(text, doc_date)`` is the entry
point; ``canonical_ref_id(s)`` normalises one id written any way.
"""

from __future__ import annotations

from reader.cite.detect import detect_citations
from reader.cite.ids import canonical_ref_id
from reader.cite.models import Citation, CitationKind
from reader.cite.posts import KNOWN_POSTS, origin_matches

__all__ = ["KNOWN_POSTS", "Citation", "CitationKind", "canonical_ref_id", "detect_citations",
           "origin_matches"]
