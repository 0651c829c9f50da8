"""Nothing lost, nothing injected (issue 13): hostile file names and text on the terminal,
formula cells in CSV exports, `--db` pointing at the wrong thing, a busy or read-only index.
Every case builds its own files here; real SQLite files, the real command line."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.store import Store, StoreError
from reader.store import base as store_base
from reader.text.terminal import for_terminal, one_line
from tests.test_cli import GOOD_ARTICLE, run

ESC = "\x1b"


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


# -- the terminal -----------------------------------------------------------------------------


def test_for_terminal_spells_controls_bidi_and_invisible_characters() -> None:
    hostile = "a\x1b[2Jb\x1b]0;title\x07c\u202eevil\u200bx\x9bz\ufeff"
    shown = for_terminal(hostile)
    assert ESC not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\u202e" not in shown and "\u200b" not in shown and "\ufeff" not in shown
    assert "\\x1b[2J" in shown and "\\u202e" in shown and "\\x9b" in shown
    assert one_line("two\nlines\t here") == "two lines here"


def test_file_names_with_escape_sequences_are_spelt_not_played(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{ESC}[2J{ESC}]52;c;ZXZpbA=={ESC}\\clip.txt").write_bytes(b"")  # empty: fails
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # skipped, and said
    hostile = folder / f"{ESC}[31mred.txt"
    hostile.write_text(GOOD_ARTICLE.replace("Lima envoy", "Red envoy"), encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "x.sqlite", "import", str(folder))
    assert code == 1
    assert ESC not in out + err
    assert "\\x1b[2J" in err and "clip.txt" in err and "notes.pdf" in err
    store = Store(tmp_path / "x.sqlite")
    try:  # the stored source names the file as it is (spelt only where it is shown)
        assert str(hostile) in {r.source for r in store.iter_export_articles()}
    finally:
        store.close()


def test_search_and_mentions_print_no_bidi_or_zero_width(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = GOOD_ARTICLE.replace("Montesinos", "Monte\u202esinos\u200b", 1)
    (folder / "bidi.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "x.sqlite"
    assert run(capsys, db, "import", str(folder))[0] == 0
    code, out, err = run(capsys, db, "search", "McKinley")
    assert code == 0 and "\u202e" not in out and "\u200b" not in out
    code, out, err = run(capsys, db, "mentions", "McKinley")
    assert "\u202e" not in out + err and "\u200b" not in out + err


def test_csv_export_defuses_formula_cells(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "formula.md").write_text(
        "---\ntitle: =HYPERLINK(\"http://example.invalid\",\"click\")\noutlet: +cmd|' /C calc'!A0"
        "\n---\n\n" + GOOD_ARTICLE, encoding="utf-8")
    db = tmp_path / "x.sqlite"
    assert run(capsys, db, "import", str(folder))[0] == 0
    out_file = tmp_path / "articles.csv"
    assert run(capsys, db, "export", "articles", "--format", "csv", "-o", str(out_file))[0] == 0
    rows = list(csv.DictReader(out_file.open(encoding="utf-8")))
    assert rows[0]["title"].startswith("'=HYPERLINK")
    assert rows[0]["outlet"].startswith("'+cmd")
    _code, out, _ = run(capsys, db, "export", "articles")  # JSONL keeps the text as it is
    assert '"title": "=HYPERLINK' in out


# -- --db ---------------------------------------------------------------------------------------


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO documents (body) VALUES ('theirs')")
    conn.commit()
    conn.close()
    before = file_bytes(other)
    for args in (["search", "x"], ["import", str(tmp_path)], []):
        code, _out, err = run(capsys, other, *args)
        assert code == 2 and "not a cablereader index" in err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert file_bytes(other) == before and journal_mode(other) == "delete"


def test_a_newer_schema_is_refused_untouched(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "newer.sqlite"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = file_bytes(db)
    code, _out, err = run(capsys, db, "search", "x")
    assert code == 2 and "newer" in err and err.count("\n") == 1
    assert file_bytes(db) == before and journal_mode(db) == "delete"


def test_read_commands_never_create_an_index(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo" / "idnex.sqlite"
    for args in (["search", "x"], ["export", "articles"], ["mentions", "x"],
                 ["judge", "list"]):
        code, _out, err = run(capsys, missing, *args)
        assert code == 2 and "no index here" in err
    assert not missing.parent.exists()


def test_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, _out, err = run(capsys, blocker / "sub" / "index.sqlite", "import", str(tmp_path))
    assert code == 2 and "cannot create its folder" in err and err.count("\n") == 1
    code, _out, err = run(capsys, tmp_path, "search", "x")  # --db names a folder
    assert code == 2 and "is a folder" in err


def test_a_read_only_index_reads_and_refuses_writes_in_words(tmp_path: Path) -> None:
    db = tmp_path / "ro.sqlite"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    assert main(["--db", str(db), "import", str(folder)]) == 0
    store = Store(db, create=False, readonly=True)
    try:
        assert store.search("McKinley", limit=5)
        with pytest.raises(StoreError, match="read-only"), store.transaction():
            store.set_setting("x", "y")
    finally:
        store.close()


def test_a_busy_index_is_waited_for_then_refused_in_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "busy.sqlite"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    monkeypatch.setattr(store_base, "BUSY_TRIES", 3)
    store = Store(db)
    store.conn.execute("PRAGMA busy_timeout=50")
    heard: list[str] = []
    store.busy_note = heard.append
    try:
        with pytest.raises(StoreError, match="busy"), store.transaction():
            store.set_setting("x", "y")
        assert len(heard) == 2 and "retrying" in heard[0]
        holder.execute("COMMIT")
        with store.transaction():  # free again: the write goes through
            store.set_setting("x", "y")
        assert store.setting("x") == "y"
    finally:
        store.close()
        holder.close()


# -- judgements round-trip ----------------------------------------------------------------------


def test_exported_judgements_restore_into_a_fresh_index(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from reader.services import judging, views

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "other.txt").write_text(GOOD_ARTICLE.replace("Lima envoy", "Second look"),
                                      encoding="utf-8")
    first, fresh = tmp_path / "first.sqlite", tmp_path / "fresh.sqlite"
    assert main(["--db", str(first), "import", str(folder)]) == 0
    store = Store(first)
    try:
        chosen = views.lookup_entity(store, "Montesinos").chosen
        assert chosen is not None
        judging.rename_entity(store, chosen.id, "Vladimiro Montesinos Torres")
        article = store.article_ids()[0]
        judging.judge_cite(store, article, "09LIMA345", True)
        hidden = views.lookup_entity(store, "McKinley").chosen
        assert hidden is not None
        jid = judging.hide_entity(store, hidden.id)
        judging.undo(store, jid)  # withdrawn: restored as withdrawn
    finally:
        store.close()
    exported = tmp_path / "judgements.jsonl"
    assert run(capsys, first, "export", "judgements", "-o", str(exported))[0] == 0
    assert len(exported.read_text(encoding="utf-8").splitlines()) == 3

    assert main(["--db", str(fresh), "import", str(folder)]) == 0
    code, out, _err = run(capsys, fresh, "import", str(exported))  # recognised, not an article
    assert code == 0 and "2 applied" in out and "1 withdrawn" in out
    again = run(capsys, fresh, "judge", "import", str(exported))
    assert again[0] == 0 and "3 already present" in again[1]
    store = Store(fresh)
    try:
        assert store.counts().articles == 2  # the file was not stored as an article
        renamed = views.lookup_entity(store, "Montesinos Torres").chosen
        assert renamed is not None and renamed.name == "Vladimiro Montesinos Torres"
        rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
        cite = next(r for r in rows if r["kind"] == "cites")
        doc = store.documents_by_hash([cite["a"]])[cite["a"]]
        assert "09LIMA345" in {c.ref_id for c in store.document_cites(doc[0])}
    finally:
        store.close()


def test_judgements_for_absent_documents_are_kept_for_later(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "j.jsonl"
    exported.write_text(
        '{"id": 1, "created": "2026-01-01T00:00:00Z", "kind": "hide", "a": "0123abcd|x", '
        '"b": null, "value": null, "active": 1}\nnot json\n', encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "x.sqlite", "judge", "import", str(exported))
    assert code == 1  # a line could not be read, and it is said
    assert "1 kept for documents not in this index" in out and "line 2" in err


# -- text that was lost or misread ------------------------------------------------------------

ENGLISH = ("The embassy in Lima reported that the minister, Rafael Rey, met the army's "
           "commanders in Ayacucho on Monday to discuss the valley.\n") * 30


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_read(codec: str) -> None:
    from reader.ingest.decode import decode_bytes

    assert decode_bytes(ENGLISH.encode(codec)).startswith("The embassy in Lima")


def test_random_bytes_without_nul_are_binary() -> None:
    import random

    from reader.ingest.decode import decode_bytes
    from reader.ingest.errors import IngestError

    rng = random.Random(3)
    noise = bytes(rng.randrange(1, 256) for _ in range(30000))
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(noise)


def test_a_title_line_and_a_short_closing_sentence_are_kept(tmp_path: Path) -> None:
    from reader.ingest import iter_documents

    path = tmp_path / "a.txt"
    path.write_text(
        "Hostile sample\n\nThe minister of the interior told reporters in Lima on Monday that "
        "the police would look into the leaked cable and its claims about the army.\n\n"
        "Officials at the embassy did not answer questions about the document, which was "
        "dated March 2009 and signed by the ambassador.\n\nHe declined to comment.\n\n"
        "Comments are closed.\n", encoding="utf-8")
    doc = next(iter(iter_documents(path)))
    assert not isinstance(doc, Exception)
    assert doc.title == "Hostile sample"
    assert doc.body.endswith("He declined to comment.")  # and the comment form is gone


def test_symlink_loops_are_listed_as_skipped(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    code, _out, err = run(capsys, tmp_path / "x.sqlite", "import", str(folder))
    assert code == 0 and "sub/back: a link to a folder already read" in err


# -- bounded work per document -----------------------------------------------------------------


def test_spelling_variants_of_a_long_document_are_compared_by_blocks() -> None:
    from reader.link import ALL_PAIRS_UP_TO, _variant_pairs

    small = list(range(10))
    keys = [f"name{i} surname{i}" for i in range(10)]
    assert len(list(_variant_pairs(small, keys))) == 45  # all pairs, as always
    many = ALL_PAIRS_UP_TO + 50
    import random

    rng = random.Random(5)
    letters = "bcdfghjklmnpqrstvwxz"
    keys = ["".join(rng.choice(letters) for _ in range(7)) + " "
            + "".join(rng.choice(letters) for _ in range(8)) for _ in range(many)]
    keys[5], keys[180] = "muammar qadhafi", "moammar gadhafi"
    pairs = set(_variant_pairs(list(range(many)), keys))
    assert (5, 180) in pairs  # "afi" and "mar" end both names
    assert len(pairs) < many * 10  # near linear, not many² / 2


# -- searches that run for minutes ----------------------------------------------------------------


def test_a_running_query_can_be_interrupted_from_another_thread(tmp_path: Path) -> None:
    import threading
    import time

    store = Store(tmp_path / "i.sqlite")
    failed: list[BaseException] = []

    def costly() -> None:
        try:
            store.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                               "WHERE i < 2000000000) SELECT count(*) FROM n").fetchone()
        except sqlite3.Error as exc:
            failed.append(exc)

    worker = threading.Thread(target=costly)
    started = time.monotonic()
    worker.start()
    time.sleep(0.3)
    store.interrupt()
    worker.join(10)
    try:
        assert not worker.is_alive() and failed and "interrupt" in str(failed[0])
        assert time.monotonic() - started < 5
    finally:
        store.close()


def test_progress_is_one_line_per_file_in_a_log(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(GOOD_ARTICLE.replace("Lima envoy", f"Envoy {n}"),
                                          encoding="utf-8")
    code, _out, err = run(capsys, tmp_path / "x.sqlite", "import", str(folder))
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in lines] == ["[1/3", "[2/3", "[3/3"]
    assert "\r" not in err  # no bar drawn in a log


def test_searches_of_unbounded_cost_are_refused_in_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    db = tmp_path / "x.sqlite"
    assert run(capsys, db, "import", str(folder))[0] == 0
    code, _out, err = run(capsys, db, "search", "garcia " * 2000)
    assert code == 2 and "too long" in err
    code, _out, err = run(capsys, db, "search", "garcia " * 40)
    assert code == 2 and "too many words" in err
    assert run(capsys, db, "search", "McKinley Montesinos")[0] == 0


def test_an_unreadable_folder_is_listed_as_skipped(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """(The tests may run as root, whom permissions do not stop: the refusal is made by
    hand, as the operating system would make it.)"""
    from reader.ingest import iter_files

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    real_iterdir = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self.name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    skipped: list[tuple[Path, str]] = []
    files = list(iter_files([folder], skipped))
    assert [f.name for f in files] == ["good.txt"]
    assert skipped == [(folder / "locked", "cannot read this folder (Permission denied)")]


def test_an_import_record_names_its_process_and_when_it_started() -> None:
    import os

    from reader.services import import_token, is_dead

    mine = import_token()
    assert not is_dead(mine)
    pid, start, nonce = mine.split(":")
    assert import_token() != mine  # two imports of one process are told apart
    assert is_dead(f"{pid}:{start}0:{nonce}")  # the same id, another process's start
    assert is_dead(f"{2**22 + 7}:1:x")  # no such process
    assert is_dead("not a token")
    assert int(pid) == os.getpid()


def test_a_judgement_withdrawn_then_made_again_is_restored_in_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.services import judging, views

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    first, fresh = tmp_path / "first.sqlite", tmp_path / "fresh.sqlite"
    assert main(["--db", str(first), "import", str(folder)]) == 0
    store = Store(first)
    try:
        chosen = views.lookup_entity(store, "McKinley").chosen
        assert chosen is not None
        jid = judging.hide_entity(store, chosen.id)
        judging.undo(store, jid)
        judging.hide_entity(store, chosen.id)  # made again: in force
    finally:
        store.close()
    exported = tmp_path / "j.csv"
    assert run(capsys, first, "export", "judgements", "--format", "csv",
               "-o", str(exported))[0] == 0
    assert main(["--db", str(fresh), "import", str(folder)]) == 0
    code, out, _err = run(capsys, fresh, "judge", "import", str(exported))
    assert code == 0, out
    store = Store(fresh)
    try:
        in_force = [j for j in store.list_judgements(include_undone=False) if j.kind == "hide"]
        assert len(in_force) == 1
    finally:
        store.close()
