"""How the processes of an import or a re-link are started, and what each does first."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (no fork server on Windows)
    from multiprocessing.context import ForkServerContext, SpawnContext

PRELOAD = "reader.services.preload"
_FORK_SERVER = "forkserver" in multiprocessing.get_all_start_methods()  # (not on Windows)


class _Server:
    """The fork server that worker and helper processes come from, counted by its users.

    Processes forked from a server do not inherit what the process that asks holds (the
    index, a batch, caches). A warm server has loaded what analysing documents reads
    (`reader.services.preload`, about 300 MB), so that each worker forked from it starts at
    once and shares those tables; a lean one has not. multiprocessing keeps one server a
    process and reads what it preloads only when it starts it; so the server is stopped
    when its last user is done (its memory is then free for what follows, such as the
    re-link after an import), and a user that finds an idle server of the other kind stops
    it first. A user that finds it busy shares it, whatever its kind. A server is stopped
    only once every process forked from it has ended (it waits for them): after an error,
    when one may not have, it is kept as it is, for whoever comes next, until this process
    ends (its strays then exit too: see `exit_with`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._warm: bool | None = None  # the kind of the server running (or to start)
        self._kept = False  # never to be stopped (see above)

    def take(self, warm: bool, start: bool = False) -> ForkServerContext | SpawnContext:
        """A context to start processes from (to be given back with `give_back`). START:
        start the server now, so that it loads its tables while the caller goes on. Where
        there is no fork server, processes are spawned and load their own."""
        _tracker_running()
        if not _FORK_SERVER:
            return multiprocessing.get_context("spawn")
        context = multiprocessing.get_context("forkserver")
        with self._lock:
            if self._users == 0 and not self._kept:
                if self._warm is not None and self._warm != warm:
                    _stop_server()
                self._warm = warm
                context.set_forkserver_preload([PRELOAD] if warm else [])
            self._users += 1
            if start:
                from multiprocessing import forkserver

                forkserver.ensure_running()
        return context

    def give_back(self, clean: bool = True) -> None:
        """One user is done; the last stops the server. CLEAN: every process the user
        started has ended (not so when an error or Ctrl-C cut a worker's start short)."""
        if not _FORK_SERVER:
            return
        with self._lock:
            self._users = max(0, self._users - 1)
            self._kept |= not clean
            if self._users == 0 and self._warm is not None and not self._kept:
                _stop_server()
                self._warm = None


def _tracker_running() -> None:
    """Start multiprocessing's resource tracker (a process of its own, which every worker
    and helper reports to) with a real stderr. Inside the reader, Textual's capture stands
    for sys.stderr and its fileno() is -1, which multiprocessing hands to the tracker's
    process as it is: the start fails ("bad value(s) in fds_to_keep"), and with it an
    import large enough for workers."""
    if os.name != "posix":  # (Windows has no such process)
        return
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    captured = sys.stderr
    sys.stderr = sys.__stderr__  # (for the moment of the start)
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def _stop_server() -> None:
    """Stop the fork server, if one runs, and free what it holds; the next process asked
    for starts a new one. (multiprocessing has no public way to stop it: where this Python
    lacks the private one, the server stays until this process ends.) It returns once the
    server has exited, which it does when every process forked from it has."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        stop()


_server = _Server()
take_processes = _server.take
give_back_processes = _server.give_back


def exit_with(parent: int, every: float = 0.5) -> None:
    """Exit when the process PARENT is gone (killed with SIGKILL, it leaves its workers
    and helpers behind otherwise, each holding its memory). A daemon thread looks EVERY
    seconds."""

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()
