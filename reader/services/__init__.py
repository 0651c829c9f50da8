"""Headless application services: what the command line and the reader do, without SQL
or Textual."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from reader.store import Store
from reader.store.migrations import PENDING_RECITE, PENDING_RELINK, PENDING_RENORMALISE


def open_index(path: Path | str, note: Callable[[str], None] | None = None, *,
               create: bool = True) -> Store:
    """Open an index (CREATE: make it when missing) and finish any upkeep an upgrade left
    to these layers: normalised names for mentions of an old index, and a re-link with
    today's linker. `note` hears what is being done when that takes a while, and when a
    write waits for another writer. An index that cannot be written (a read-only file or
    folder) is opened read-only, when it needs no upkeep."""
    path = Path(path)
    readonly = not create and path.exists() and not _writable(path)
    store = Store(path, create=create, readonly=readonly)
    store.busy_note = note
    try:
        _finish_interrupted_imports(store, note, repair=create and not readonly)
    except BaseException:
        store.close()
        raise
    pending = store.pending()
    if not pending or readonly:
        return store
    if note is not None:
        note(f"bringing {store.path} up to date (this runs once)…")
    from reader.link import normalise_name
    from reader.services.linking import relink

    try:
        if PENDING_RENORMALISE in pending:
            with store.transaction():
                store.set_norms((normalise_name(t), i) for i, t in store.mentions_without_norm())
                store.done(PENDING_RENORMALISE)
        if PENDING_RELINK in pending:
            with store.transaction():
                relink(store)
                store.done(PENDING_RELINK)
        if PENDING_RECITE in pending:
            from reader.services.citations import recite

            with store.transaction():
                recite(store)
                store.done(PENDING_RECITE)
    except BaseException:
        store.close()
        raise
    return store


def _writable(path: Path) -> bool:
    """Can this index file, and the folder its journal files go in, be written?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _finish_interrupted_imports(store: Store, note: Callable[[str], None] | None,
                                repair: bool) -> None:
    """An import records itself while it runs and clears the record once its documents'
    names are linked and its citations resolved. A record whose process is gone is an
    import that was killed or stopped: its documents are written (each batch whole) but
    not linked. A command that may write finishes it, saying so; one that only reads says
    how to."""
    dead = [pid for pid in store.imports_running() if not _alive(pid)]
    if not dead:
        return
    if not repair:
        if note is not None:
            note("an earlier import was interrupted before it linked its documents; the next "
                 "import, or `cablereader relink`, finishes it")
        return
    if note is not None:
        note("an earlier import was interrupted before it linked its documents; finishing "
             "it now (this runs once)…")
    from reader.services.citations import recite
    from reader.services.importer import mark_copies
    from reader.services.linking import relink

    with store.transaction():
        relink(store)
        recite(store)
        mark_copies(store, store.article_ids())
        for pid in dead:
            store.import_ended(pid)


def _alive(pid: int) -> bool:
    """Is the process that recorded an import still running?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's: alive
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(") ", 1)[1][:1] != "Z"  # a zombie is gone
    except (OSError, IndexError):
        return True
