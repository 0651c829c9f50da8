"""How the processes of an import or a re-link are started, and what each does first."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (no fork server on Windows)
    from multiprocessing.context import ForkServerContext, SpawnContext

PRELOAD = "reader.services.preload"


def process_context(warm: bool = False) -> ForkServerContext | SpawnContext:
    """Where worker and helper processes come from: a fork server, started once, so that
    they do not inherit what the process that asks holds (the index, a batch, caches).
    WARM: a server that has loaded what analysing documents reads
    (`reader.services.preload`), so that each process forked from it starts at once and
    shares those tables (about 300 MB: `stop_process_server` lets them go). Where there is
    no fork server, processes are spawned and load their own."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # (read when the server starts: a server already running is what it is)
    context.set_forkserver_preload([PRELOAD] if warm else [])
    return context


def start_process_server(warm: bool = False) -> bool:
    """Start the fork server of `process_context(WARM)` now, if there is one to start: it
    loads its tables in the background while this process goes on. Whether it did."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    process_context(warm)
    forkserver.ensure_running()
    return True


def stop_process_server() -> None:
    """Stop the fork server, if one runs, and free what it holds; the next process asked
    for starts a new one. Called when an import's workers are done: the re-link that
    follows needs its memory more. (multiprocessing has no public way to stop it: where
    this Python lacks the private one, the server stays until this process ends.)"""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        stop()


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
