"""Headless application services: what the command line and the reader do, without SQL
or Textual."""

from __future__ import annotations

import os
import uuid
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


def import_token() -> str:
    """What an import records of itself: its process, that process's start (a process id
    can be given again to another process later) and a nonce (one process may import twice)."""
    return f"{os.getpid()}:{_started(os.getpid())}:{uuid.uuid4().hex[:8]}"


def is_dead(token: str) -> bool:
    """Is the import that recorded TOKEN gone (its process ended, or the id is another's)?"""
    try:
        pid_text, start, _nonce = token.split(":")
        pid = int(pid_text)
    except ValueError:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # another user's process: alive
    now = _started(pid)
    return now in ("", "Z") or now != start


def _started(pid: int) -> str:
    """When the process started (in clock ticks since boot), "Z" for a zombie, "" if gone;
    "?" where /proc does not tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except FileNotFoundError:
        return ""
    except (OSError, IndexError):
        return "?"
    return "Z" if fields[0] == "Z" else fields[19]


def _finish_interrupted_imports(store: Store, note: Callable[[str], None] | None,
                                repair: bool) -> None:
    """An import records itself while it runs and clears the record once its documents'
    names are linked and its citations resolved. A record whose process is gone is an
    import that was killed or stopped: its documents are written (each batch whole) but
    not linked. A command that may write finishes it, saying so; one that only reads says
    how to."""
    if not any(is_dead(t) for t in store.imports_running()):
        return
    if not repair:
        if note is not None:
            note("an earlier import was interrupted before it linked its documents; the next "
                 "import, or `cablereader relink`, finishes it")
        return
    from reader.services.citations import recite
    from reader.services.importer import mark_copies
    from reader.services.linking import relink

    with store.transaction():
        dead = [t for t in store.imports_running() if is_dead(t)]
        if not dead:
            return  # another process finished it meanwhile
        if note is not None:
            note("an earlier import was interrupted before it linked its documents; "
                 "finishing it now (this runs once)…")
        # this process takes the work over: killed in turn, it leaves its own record
        mine = import_token()
        store.import_started(mine)
        for token in dead:
            store.import_ended(token)
    # in parts, each committed (the lock is never held for long); killed meanwhile, this
    # process's record says so to the next
    relink(store)
    recite(store)
    mark_copies(store, store.article_ids())
    with store.transaction():
        store.import_ended(mine)
