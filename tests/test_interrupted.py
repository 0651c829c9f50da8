"""Imports killed at random moments (issue 13): the index passes SQLite's integrity check,
every document has all its mentions or none, no worker outlives its import, and the next
run finishes the linking, with no duplicates. Real processes, real SIGKILLs, real files:
a slice of the shared cables.csv and articles written here."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli import GOOD_ARTICLE

CABLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "cables" / "cables.csv"
ROWS = 400

pytestmark = [pytest.mark.skipif(not CABLES.exists(), reason="needs ../shared/data"),
              pytest.mark.slow]


def cablereader(db: Path, *args: str, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "reader.cli", "--db", str(db), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **kw)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ROWS cables of cables.csv and a few articles of ours."""
    folder = tmp_path_factory.mktemp("inbox")
    start = re.compile(r'^"\d+","\d{1,2}/\d{1,2}/\d{4}')
    records = 0
    with CABLES.open(encoding="utf-8", newline="") as src, \
            (folder / "cables.csv").open("w", encoding="utf-8", newline="") as out:
        for line in src:  # the file's own lines, its escapes as they are
            if start.match(line):
                records += 1
                if records > ROWS:
                    break
            out.write(line)
    for n in range(5):
        (folder / f"article-{n}.txt").write_text(
            GOOD_ARTICLE.replace("Lima envoy", f"Lima envoy, part {n}"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The index an uninterrupted import makes: mentions per document, and entities."""
    db = tmp_path_factory.mktemp("ref") / "ref.sqlite"
    started = time.monotonic()
    proc = cablereader(db, "import", str(inbox))
    proc.communicate(timeout=600)
    assert proc.returncode == 0
    # (how long the whole import takes here: the moments of the kills are parts of it)
    return {**snapshot(db), "seconds": time.monotonic() - started}


def snapshot(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_doc = dict(conn.execute(
            "SELECT d.content_hash, count(m.id) FROM documents d "
            "LEFT JOIN mentions m ON m.document_id = d.id GROUP BY d.id"))
        # entities as sets of (document, start): the partition, whatever the ids
        groups: dict[int, list[tuple[str, int]]] = {}
        for entity, h, start in conn.execute(
                "SELECT m.entity_id, d.content_hash, m.start FROM mentions m "
                "JOIN documents d ON d.id = m.document_id"):
            groups.setdefault(entity, []).append((h, start))
        partition = sorted(sorted(g) for g in groups.values())
        duplicates = conn.execute("SELECT count(*) - count(DISTINCT content_hash) "
                                  "FROM documents").fetchone()[0]
        return {"per_doc": per_doc, "partition": partition, "duplicates": duplicates}
    finally:
        conn.close()


def descendants_of(pid: int) -> list[int]:
    """Every process under PID (workers start from a fork server: grandchildren)."""
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    children = [int(x) for x in out.stdout.split()]
    return children + [d for c in children for d in descendants_of(c)]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.parametrize("moment", ["early", "middle", "linking", "ctrl-c"])
def test_a_killed_import_leaves_a_whole_index_and_the_next_run_finishes_it(
        inbox: Path, reference: dict[str, object], tmp_path: Path, moment: str) -> None:
    db = tmp_path / f"killed-{moment}.sqlite"
    proc = cablereader(db, "import", str(inbox))
    rng = random.Random(moment)
    if moment == "linking":  # after every document is written, while names are linked
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("linking names"):
                break
        time.sleep(rng.uniform(0.0, 0.3))
    else:
        # (a part of the time the whole import takes, so that a faster import is still
        # stopped midway; ctrl-c: in the middle too)
        whole = reference["seconds"]
        assert isinstance(whole, float)
        time.sleep(whole * (rng.uniform(0.15, 0.3) if moment == "early"
                            else rng.uniform(0.4, 0.75)))
    workers = descendants_of(proc.pid)
    proc.send_signal(signal.SIGINT if moment == "ctrl-c" else signal.SIGKILL)
    proc.wait(timeout=60)
    if moment == "ctrl-c":  # stopped cleanly, saying so
        assert proc.returncode == 130
        assert proc.stderr is not None and "interrupted" in proc.stderr.read()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(w) for w in workers), "extraction workers outlived their import"

    killed = snapshot(db) if db.exists() else {"per_doc": {}, "duplicates": 0}
    ref_docs = reference["per_doc"]
    assert isinstance(ref_docs, dict)
    for h, count in killed["per_doc"].items():  # type: ignore[union-attr]
        assert count == ref_docs[h], "a document holds only part of its mentions"

    again = cablereader(db, "import", str(inbox))
    _out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    after = snapshot(db)
    assert after["duplicates"] == 0
    assert after["per_doc"] == ref_docs
    assert after["partition"] == reference["partition"], "the linking was not finished"
    if killed["per_doc"]:
        assert "interrupted" in err  # the next run says what it finished


def test_a_folder_of_every_bad_case_imports_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    (folder / "sub").mkdir(parents=True)
    (folder / "good-1.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "good-2.md").write_text("---\ntitle: A second good one\n---\n\n"
                                      + GOOD_ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nul.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    rng = random.Random(1)
    (folder / "noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(20000)))
    (folder / "script-only.html").write_text("<html><script>var x = 1;</script></html>",
                                             encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"word " * (6 * 1024 * 1024 // 5))  # over 5 MB
    (folder / "\x1b[2Jname.txt").write_bytes(b"")
    row = ('"{n}","12/10/2010 10:00","10LIMA{n}","Embassy Lima","CONFIDENTIAL","",'
           '"header","{body}\n')
    (folder / "bad-quote.csv").write_text(  # the second row's quote is never closed
        row.format(n=1, body='A first cable, whole."') + row.format(n=2, body="no end"),
        encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "judgements.jsonl").write_text('{"kind": "hide", "a": "x|y", "b": null, '
                                             '"value": null, "active": 1}\n', encoding="utf-8")
    db = tmp_path / "bad.sqlite"
    started = time.monotonic()
    proc = cablereader(db, "import", str(folder))
    out, err = proc.communicate(timeout=120)
    assert time.monotonic() - started < 60
    assert proc.returncode == 1
    assert "\x1b" not in out + err
    for name, reason in (("empty.txt", "empty"), ("nul.txt", "binary"),
                         ("noise.txt", "binary"), ("script-only.html", ""),
                         ("huge.txt", "MB"), ("bad-quote.csv", "row 2: a quote is not closed"),
                         ("notes.pdf", "not imported"), ("loop", "already read")):
        line = next((x for x in err.splitlines()
                     if x.startswith(("failed:", "skipped:")) and name in x), None)
        assert line is not None and reason in line, (name, err)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        titles = {t for (t,) in conn.execute("SELECT title FROM documents")}
    finally:
        conn.close()
    # the two good articles and the bad CSV's good first row; the .jsonl is no article
    assert len(titles) == 3 and "A second good one" in titles


def test_two_imports_of_the_same_files_at_once(inbox: Path, reference: dict[str, object],
                                               tmp_path: Path) -> None:
    db = tmp_path / "twice.sqlite"
    first = cablereader(db, "import", str(inbox))
    time.sleep(0.5)
    second = cablereader(db, "import", str(inbox))
    _out1, err1 = first.communicate(timeout=600)
    _out2, err2 = second.communicate(timeout=600)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "IntegrityError" not in err1 + err2 and "Traceback" not in err1 + err2
    after = snapshot(db)
    assert after["duplicates"] == 0
    assert after["per_doc"] == reference["per_doc"]
    assert after["partition"] == reference["partition"]
