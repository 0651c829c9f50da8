"""How long another writer waits for the lock while `cablereader relink` runs.

    python benchmarks/lock_wait.py INDEX

A second connection commits a small write once a second (as a busy reader or a second
import would) until the re-link ends, and the longest and median waits for the write lock
are printed with the re-link's own line. The probe's row is removed at the end. Run it on
a copy: the index is re-linked.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    db = sys.argv[1]
    proc = subprocess.Popen(["cablereader", "--db", db, "relink"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    conn = sqlite3.connect(db, timeout=600, isolation_level=None)
    waits: list[float] = []
    while proc.poll() is None:
        started = time.monotonic()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('lock_probe', ?)",
                     (str(len(waits)),))
        conn.execute("COMMIT")
        waits.append(time.monotonic() - started)
        time.sleep(1.0)
    conn.execute("DELETE FROM meta WHERE key = 'lock_probe'")
    conn.close()
    print(proc.stdout.read().strip() if proc.stdout else "")
    if not waits:
        print("the re-link ended before the first write")
        return
    waits.sort()
    print(f"writes {len(waits)}, longest wait for the lock {waits[-1]:.1f} s, "
          f"median {waits[len(waits) // 2]:.2f} s")


if __name__ == "__main__":
    main()
