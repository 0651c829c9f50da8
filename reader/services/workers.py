"""What every process started for an import or a re-link does first."""

from __future__ import annotations

import os
import threading
import time


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
