"""Where the index lives: --db, then $CABLEREADER_DB, then the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "CABLEREADER_DB"
APP_NAME = "cablereader"
MAX_MB_VAR = "CABLEREADER_MAX_MB"
MAX_MB = 5.0  # a document of more text than this is refused (one file must not stall all)


def max_document_bytes() -> int:
    """The largest document imported, in bytes of text: $CABLEREADER_MAX_MB megabytes, else
    MAX_MB (a book-length article is about 1 MB; 50 MB is a dump, not a story)."""
    raw = os.environ.get(MAX_MB_VAR, "")
    try:
        mb = float(raw) if raw.strip() else MAX_MB
    except ValueError:
        mb = MAX_MB
    return int(max(mb, 0.001) * 1_000_000)


def too_large(size: int) -> str:
    """Why a document of SIZE bytes is refused, in words."""
    return (f"too large: {size / 1_000_000:.1f} MB of text (the limit is "
            f"{max_document_bytes() / 1_000_000:g} MB; set {MAX_MB_VAR} to change it)")


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "index.sqlite"


def resolve_db_path(cli_value: str | None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def is_default_db(cli_value: str | None) -> bool:
    """Whether the index is the default one: neither --db nor $CABLEREADER_DB names it."""
    return not cli_value and not os.environ.get(ENV_VAR)


def sample_corpus_dir() -> Path | None:
    """The bundled sample corpus: the package data `reader/sample` of an installed wheel
    (setup.py maps it to the top-level `corpus/`), else `corpus/` beside the package in a
    source checkout or an editable install."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample", here.parent / "corpus"):
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    return None
