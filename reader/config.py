"""Where the index lives: --db, then $CABLEREADER_DB, then the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "CABLEREADER_DB"
APP_NAME = "cablereader"


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
