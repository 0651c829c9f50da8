"""Imported once by the fork server that the import's workers and the re-link's helper are
started from (`workers.process_context`): it loads what analysing and linking documents
read, so that every process forked from it shares those tables instead of loading its own.

Each worker used to load them itself, for about 2.5 s of CPU (wordfreq's lists of four
languages, the frequency tables made from them, places, regions, given names); fresh
workers are started every few batches, so that was about a fifth of the extraction's CPU
on `cables.csv`.
"""

from __future__ import annotations

import gc
from contextlib import suppress

from reader.services.importer import warm_up

# (the fork server must start whatever happens: each process then loads what it needs
# itself, and meets any error there, where it is reported)
with suppress(Exception):
    warm_up()
# (what was loaded stays as it is: the children's cycle collector never walks it, and so
# never writes to the pages they share with this process)
gc.freeze()
