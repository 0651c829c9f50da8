"""Imported once by the warm fork server that the import's workers are started from
(`services.workers`): it loads what analysing documents reads, so that every process forked
from it shares those tables instead of loading its own.

Each worker used to load them itself, for about 2.5 s of CPU (wordfreq's lists of four
languages, the frequency tables made from them, places, regions, given names); fresh
workers are started every few batches, so that was about 15 % of the workers' CPU on
`cables.csv` (12 s of 79 s, py-spy).
"""

from __future__ import annotations

import signal

# Ctrl-C reaches the whole process group: the import stops, and then this server ends; it
# ignores it meanwhile, as it does once it serves (what it forks gets the handler back)
_before = signal.signal(signal.SIGINT, signal.SIG_IGN)

import gc  # noqa: E402
from contextlib import suppress  # noqa: E402

from reader.services.importer import warm_up  # noqa: E402

try:
    # (the server must start whatever happens: each process then loads what it needs
    # itself, and meets any error there, where it is reported)
    with suppress(Exception):
        warm_up()
finally:
    signal.signal(signal.SIGINT, _before)
# (what was loaded stays as it is: the children's cycle collector never walks it, and so
# never writes to the pages they share with this process)
gc.freeze()
