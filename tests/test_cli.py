"""The `cablereader` command line: import, export, mentions and search (the CLI contract).

Commands run in-process through `reader.cli.main([...])` with real SQLite files in tmp_path;
one test runs the installed `cablereader` console script in a subprocess. Tests that need the
real files in ../shared/data use the `shared_data` fixture (skipped when it is absent).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import ENV_VAR
from reader.store import Store

# -- test documents (our own prose) -----------------------------------------------------------

GOOD_ARTICLE = """\
Lima envoy warns of old networks

By a staff writer

Ambassador P. Michael McKinley sent a long assessment to Washington in early 2009. In it,
McKinley argued that the shadow of Vladimiro Montesinos still lay across the security
services in Lima, years after the former spy chief was jailed. The ambassador described
meetings with officers who had served under Montesinos and who, he wrote, still traded
favours with businessmen and judges.

According to the cable, several prosecutors in Lima told embassy staff that files on drug
flights had gone missing. McKinley noted that nobody in the government wanted to reopen the
old cases. The document also recorded the worry that Montesinos kept contacts inside the
prison system, and that some of those contacts still answered his calls.

Analysts in Lima said the cable confirmed what many reporters had long suspected about the
reach of the former adviser, whose influence outlasted the government he once served.
"""

# cp1252 on disk: accents plus the Windows-only curly quotes (0x93/0x94) and apostrophe (0x92)
LATIN1_ARTICLE = """\
Elecciones en el Perú

El presidente Alan García visitó Cusco y Arequipa el miércoles. Según el diario, García habló
con los alcaldes sobre la minería y el agua. “Es un día difícil”, dijo la alcaldesa Susana
Villarán desde Lima. Nadie habló del ex asesor Vladimiro Montesinos durante la reunión, y
el tema de la corrupción quedó para otro día’s agenda.
"""

UTF16_ARTICLE = """\
Informe desde Ayacucho

El general Jorge Muñoz Wells dijo que la Policía Nacional del Perú patrulla el valle del
Apurímac cada semana. Muñoz afirmó que la situación en Ayacucho mejoró desde enero.
"""

SUMMARY = re.compile(r"imported (\d+), already present (\d+), failed (\d+)")


def write_corpus(folder: Path) -> dict[str, Path]:
    """Three good files (UTF-8, cp1252, UTF-16 with BOM) and two bad ones (binary, empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "good": folder / "good.txt",
        "latin1": folder / "latin1.txt",
        "utf16": folder / "utf16.txt",
        "binary": folder / "scan.txt",
        "empty": folder / "empty.md",
    }
    files["good"].write_text(GOOD_ARTICLE, encoding="utf-8")
    files["latin1"].write_bytes(LATIN1_ARTICLE.encode("cp1252"))
    utf16 = UTF16_ARTICLE.encode("utf-16")
    assert utf16[:2] in (b"\xff\xfe", b"\xfe\xff")  # the BOM is really there
    files["utf16"].write_bytes(utf16)
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    files["empty"].write_bytes(b"")
    return files


def write_cables_csv(shared: Path, dest: Path, refids: set[str]) -> Path:
    """A small cables.csv holding only the given rows of ../shared/data/cables/cables.csv."""
    csv.field_size_limit(sys.maxsize)
    with (shared / "cables" / "cables.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, escapechar="\\", doublequote=False)
                if len(r) > 2 and r[2] in refids]
    assert {r[2] for r in rows} == refids
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "cables.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


@pytest.fixture(autouse=True)
def _no_user_index(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real index, whatever a test forgets to pass."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path_factory.mktemp("env") / "default.sqlite"))


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_quiet(db: Path, *args: str) -> tuple[int, str]:
    """main() outside a test's capsys (for module fixtures): exit status and stdout."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *args])
    return code, out.getvalue()


def summary(out: str) -> tuple[int, int, int]:
    match = SUMMARY.search(out)
    assert match, f"no summary line in {out!r}"
    imported, present, failed = (int(g) for g in match.groups())
    return imported, present, failed


@contextlib.contextmanager
def opened(db: Path) -> Iterator[Store]:
    store = Store(db)
    try:
        yield store
    finally:
        store.close()


def documents_by_name(db: Path) -> dict[str, dict]:
    """Stored documents keyed by the file name of their source."""
    with opened(db) as store:
        docs = [store.get_document(r.id) for r in store.list_documents()]
    return {Path(d.source).name: d for d in docs if d}


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# -- import -------------------------------------------------------------------------------------


def test_import_folder_reports_failures_and_keeps_good_files(tmp_path, capsys):
    files = write_corpus(tmp_path / "inbox")
    db = tmp_path / "index.sqlite"

    code, out, err = run(capsys, db, "import", str(tmp_path / "inbox"))

    assert code == 1
    assert summary(out) == (3, 0, 2)
    failures = [line for line in err.splitlines() if line.startswith("failed")]
    assert len(failures) == 2
    binary_line = next(line for line in failures if files["binary"].name in line)
    empty_line = next(line for line in failures if files["empty"].name in line)
    assert "binary" in binary_line.lower()
    assert "empty" in empty_line.lower()
    assert "Traceback" not in err


def test_imported_documents_keep_their_accents(tmp_path, capsys):
    write_corpus(tmp_path / "inbox")
    db = tmp_path / "index.sqlite"
    run(capsys, db, "import", str(tmp_path / "inbox"))

    docs = documents_by_name(db)
    assert set(docs) == {"good.txt", "latin1.txt", "utf16.txt"}

    good = docs["good.txt"]
    assert good.kind == "article"
    assert good.title == "Lima envoy warns of old networks"
    assert "Ambassador P. Michael McKinley sent a long assessment" in good.body
    assert "Vladimiro Montesinos" in good.body

    latin = docs["latin1.txt"]
    assert latin.title == "Elecciones en el Perú"
    for phrase in ("Alan García visitó Cusco", "el miércoles", "“Es un día difícil”",
                   "Villarán", "día’s agenda"):
        assert phrase in " ".join(latin.body.split()), phrase

    utf16 = docs["utf16.txt"]
    assert utf16.title == "Informe desde Ayacucho"
    assert "Jorge Muñoz Wells" in utf16.body
    assert "Apurímac" in " ".join(utf16.body.split())

    for doc in docs.values():
        for text in (doc.title, doc.body):
            assert "\ufeff" not in text
            assert "\x00" not in text
            assert "Ã" not in text and "\ufffd" not in text  # no mojibake


def test_reimport_is_idempotent(tmp_path, capsys):
    files = write_corpus(tmp_path / "inbox")
    db = tmp_path / "index.sqlite"
    run(capsys, db, "import", str(tmp_path / "inbox"))
    with opened(db) as store:
        before = store.counts()

    # the same folder again: nothing new, the two bad files still fail
    code, out, err = run(capsys, db, "import", str(tmp_path / "inbox"))
    assert code == 1
    assert summary(out) == (0, 3, 2)

    # the good files again: a clean run
    good = [str(files[k]) for k in ("good", "latin1", "utf16")]
    code, out, err = run(capsys, db, "import", *good)
    assert code == 0
    assert summary(out) == (0, 3, 0)
    assert "imported 0" in out and "already present 3" in out
    assert "nothing new" in out
    # stderr holds the progress, one line per file (not a terminal), and nothing else
    assert all(line.startswith("[") or line.startswith("linking")
               for line in err.splitlines())

    with opened(db) as store:
        assert store.counts() == before


def test_missing_path_is_reported(tmp_path, capsys):
    db = tmp_path / "index.sqlite"
    missing = tmp_path / "no-such-folder"

    code, out, err = run(capsys, db, "import", str(missing))

    assert code == 1
    assert summary(out) == (0, 0, 1)
    assert "no-such-folder" in err
    assert "no such file" in err.lower()
    assert "Traceback" not in err


def test_missing_path_does_not_stop_the_others(tmp_path, capsys):
    files = write_corpus(tmp_path / "inbox")
    db = tmp_path / "index.sqlite"

    code, out, _err = run(capsys, db, "import", str(tmp_path / "nope"), str(files["good"]))

    assert code == 1
    assert summary(out) == (1, 0, 1)
    assert set(documents_by_name(db)) == {"good.txt"}


def test_failures_leave_earlier_documents_intact(tmp_path, capsys):
    files = write_corpus(tmp_path / "inbox")
    db = tmp_path / "index.sqlite"
    code, _, _ = run(capsys, db, "import", str(files["good"]))
    assert code == 0
    with opened(db) as store:
        before = store.counts()
        doc_id = store.list_documents()[0].id
        doc_before = store.get_document(doc_id)
        mentions_before = store.document_mentions(doc_id)
    assert before.articles == 1 and before.mentions > 0

    # only bad files: nothing at all changes
    code, out, _err = run(capsys, db, "import", str(files["binary"]), str(files["empty"]))
    assert code == 1
    assert summary(out) == (0, 0, 2)
    with opened(db) as store:
        assert store.counts() == before
        assert store.get_document(doc_id) == doc_before
        assert store.document_mentions(doc_id) == mentions_before

    # bad and good together: the good ones are added, the earlier one is untouched
    code, out, _err = run(capsys, db, "import", str(tmp_path / "inbox"))
    assert code == 1
    assert summary(out) == (2, 1, 2)
    with opened(db) as store:
        after = store.counts()
        assert after.articles == before.articles + 2
        assert after.mentions > before.mentions
        assert store.get_document(doc_id) == doc_before
        assert store.document_mentions(doc_id) == mentions_before


def test_db_that_is_not_an_index_is_a_clear_error(tmp_path, capsys):
    db = tmp_path / "notes.sqlite"
    db.write_bytes(b"these are my notes, not a database\n" * 100)
    original = db.read_bytes()

    code, _out, err = run(capsys, db, "search", "Lima")

    assert code == 2
    assert str(db) in err and "SQLite" in err
    assert "Traceback" not in err
    assert db.read_bytes() == original


def test_console_script(tmp_path):
    """The installed `cablereader` entry point, in a real process."""
    exe = Path(sys.executable).with_name("cablereader")
    script = str(exe) if exe.exists() else shutil.which("cablereader")
    assert script, "the cablereader console script is not installed (pip install -e .)"
    write_corpus(tmp_path / "inbox")
    db = tmp_path / "index.sqlite"

    proc = subprocess.run(
        [script, "--db", str(db), "import", str(tmp_path / "inbox")],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )

    assert proc.returncode == 1, proc.stderr
    assert summary(proc.stdout) == (3, 0, 2)
    assert "scan.txt" in proc.stderr and "empty.md" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert db.is_file()


# -- dedup ----------------------------------------------------------------------------------------


def test_same_file_in_two_folders_is_imported_once(tmp_path, capsys):
    for sub in ("a", "b/nested"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "copy.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    db = tmp_path / "index.sqlite"

    code, out, _err = run(capsys, db, "import", str(tmp_path / "in"))

    assert code == 0
    assert summary(out) == (1, 1, 0)
    with opened(db) as store:
        assert store.counts().articles == 1


def test_cable_from_cablegate_page_and_csv_is_one_document(tmp_path, capsys, shared_data):
    page = shared_data / "cables" / "html" / "09LIMA345.html"
    csv_file = write_cables_csv(shared_data, tmp_path / "csv", {"09LIMA345"})
    db = tmp_path / "index.sqlite"

    code, out, _ = run(capsys, db, "import", str(page))
    assert code == 0
    assert summary(out) == (1, 0, 0)
    with opened(db) as store:
        before = store.counts()

    code, out, _ = run(capsys, db, "import", str(csv_file))
    assert code == 0
    assert summary(out) == (0, 1, 0)

    with opened(db) as store:
        assert store.counts() == before
        assert before.cables == 1
    code, out, _ = run(capsys, db, "export", "articles")
    rows = jsonl(out)
    assert [r["ref_id"] for r in rows] == ["09LIMA345"]
    assert rows[0]["kind"] == "cable"


# -- export ---------------------------------------------------------------------------------------

MENTION_FIELDS = {"article_id", "source", "title", "start", "end", "text", "type",
                  "entity_id", "entity_name"}
ARTICLE_FIELDS = {"article_id", "source", "kind", "title", "outlet", "date", "ref_id", "cites",
                  "duplicate_of"}
ENTITY_FIELDS = {"entity_id", "name", "type", "aliases", "articles", "mentions"}
TYPES = {"person", "group", "place"}


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of our own three test documents (module-wide, read only)."""
    root = tmp_path_factory.mktemp("corpus")
    files = write_corpus(root / "inbox")
    db = root / "index.sqlite"
    code, out = run_quiet(db, "import", *(str(files[k]) for k in ("good", "latin1", "utf16")))
    assert code == 0, out
    return db


@pytest.fixture(scope="module")
def cable_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """An index of one real cable imported from a small cables.csv."""
    root = tmp_path_factory.mktemp("cable")
    csv_file = write_cables_csv(shared_data, root / "csv", {"09LIMA345"})
    db = root / "index.sqlite"
    code, out = run_quiet(db, "import", str(csv_file))
    assert code == 0, out
    return db


def bodies(db: Path) -> dict[int, str]:
    with opened(db) as store:
        docs = (store.get_document(r.id) for r in store.list_documents())
        return {d.id: d.body for d in docs if d is not None}


def check_mention_rows(rows: list[dict], db: Path) -> None:
    body = bodies(db)
    assert rows, "no mentions exported"
    for row in rows:
        assert set(row) >= MENTION_FIELDS, row
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(body[int(row["article_id"])])
        assert body[int(row["article_id"])][start:end] == row["text"], row
        assert row["type"] in TYPES
        assert row["entity_name"]
        assert str(row["entity_id"]).isdigit()


def test_export_mentions_jsonl(corpus_db, capsys):
    code, out, _ = run(capsys, corpus_db, "export", "mentions", "--format", "jsonl")
    assert code == 0
    rows = jsonl(out)
    check_mention_rows(rows, corpus_db)
    assert all(isinstance(r["start"], int) and isinstance(r["end"], int) for r in rows)
    texts = {(Path(r["source"]).name, r["text"], r["type"]) for r in rows}
    assert ("good.txt", "P. Michael McKinley", "person") in texts
    assert ("good.txt", "Vladimiro Montesinos", "person") in texts
    assert ("good.txt", "Lima", "place") in texts
    assert ("latin1.txt", "Alan García", "person") in texts
    assert ("utf16.txt", "Jorge Muñoz Wells", "person") in texts
    # McKinley's short form carries the full name's entity
    mck = {r["entity_id"] for r in rows if "McKinley" in r["text"]}
    assert len(mck) == 1
    assert {r["entity_name"] for r in rows if "McKinley" in r["text"]} == {"P. Michael McKinley"}


def test_export_mentions_csv(corpus_db, capsys):
    code, out, _ = run(capsys, corpus_db, "export", "mentions", "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out, newline=""))
    assert set(reader.fieldnames or []) >= MENTION_FIELDS
    rows = list(reader)
    check_mention_rows(rows, corpus_db)
    code, out, _ = run(capsys, corpus_db, "export", "mentions")
    assert len(rows) == len(jsonl(out))


def test_export_mentions_of_a_csv_cable(cable_db, capsys):
    code, out, _ = run(capsys, cable_db, "export", "mentions")
    assert code == 0
    rows = jsonl(out)
    check_mention_rows(rows, cable_db)
    assert {r["source"].endswith("cables.csv#09LIMA345") for r in rows} == {True}


def test_export_articles(corpus_db, cable_db, capsys):
    code, out, _ = run(capsys, corpus_db, "export", "articles")
    assert code == 0
    rows = jsonl(out)
    assert len(rows) == 3
    for row in rows:
        assert set(row) >= ARTICLE_FIELDS, row
        assert row["kind"] == "article"
        assert isinstance(row["cites"], list)
        assert row["ref_id"] is None
    by_name = {Path(r["source"]).name: r for r in rows}
    assert by_name["latin1.txt"]["title"] == "Elecciones en el Perú"

    code, out, _ = run(capsys, cable_db, "export", "articles")
    (cable,) = jsonl(out)
    assert cable["kind"] == "cable"
    assert cable["ref_id"] == "09LIMA345"
    assert cable["source"].endswith("cables.csv#09LIMA345")
    assert cable["date"].startswith("2009-03-12")
    assert isinstance(cable["cites"], list)


def test_export_articles_csv(corpus_db, capsys):
    code, out, _ = run(capsys, corpus_db, "export", "articles", "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out, newline=""))
    assert set(reader.fieldnames or []) >= ARTICLE_FIELDS
    rows = list(reader)
    assert len(rows) == 3
    assert all(json.loads(r["cites"]) == [] or isinstance(json.loads(r["cites"]), list)
               for r in rows)


def test_export_articles_lists_cited_cables(tmp_path, capsys):
    article = tmp_path / "cites.txt"
    article.write_text(
        "Embassy cable describes army ties\n\nA confidential cable, 09LIMA345, sent from the "
        "embassy in Lima in March 2009, described the ties in detail.\n", encoding="utf-8")
    db = tmp_path / "index.sqlite"
    run(capsys, db, "import", str(article))
    _code, out, _ = run(capsys, db, "export", "articles")
    (row,) = jsonl(out)
    assert row["cites"] == ["09LIMA345"]


def test_export_entities(corpus_db, capsys):
    code, out, _ = run(capsys, corpus_db, "export", "entities")
    assert code == 0
    rows = jsonl(out)
    for row in rows:
        assert set(row) >= ENTITY_FIELDS, row
        assert row["type"] in TYPES
        assert isinstance(row["aliases"], list)
        assert row["articles"] >= 1 and row["mentions"] >= row["articles"]
    by_name = {r["name"]: r for r in rows}
    mont = by_name["Vladimiro Montesinos"]
    assert mont["type"] == "person"
    assert mont["articles"] == 2  # the English and the Spanish article
    assert "Montesinos" in mont["aliases"]
    assert by_name["Lima"]["type"] == "place"
    assert by_name["Lima"]["articles"] == 2

    code, mentions_out, _ = run(capsys, corpus_db, "export", "mentions")
    mentions = jsonl(mentions_out)
    assert sum(r["mentions"] for r in rows) == len(mentions)
    assert mont["mentions"] == sum(1 for m in mentions if m["entity_id"] == mont["entity_id"])


def test_export_entities_csv(corpus_db, capsys):
    code, out, _ = run(capsys, corpus_db, "export", "entities", "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out, newline=""))
    assert set(reader.fieldnames or []) >= ENTITY_FIELDS
    rows = {r["name"]: r for r in reader}
    assert json.loads(rows["P. Michael McKinley"]["aliases"]) == ["McKinley"]
    assert int(rows["P. Michael McKinley"]["mentions"]) == 3


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_to_file_is_atomic(corpus_db, tmp_path, capsys, fmt):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"mentions.{fmt}"
    target.write_text("old content that must be replaced\n", encoding="utf-8")
    code, stdout_rows, _ = run(capsys, corpus_db, "export", "mentions", "--format", fmt)

    code, out, err = run(capsys, corpus_db, "export", "mentions", "--format", fmt,
                         "-o", str(target))

    assert code == 0
    assert out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == [target.name]  # no .part left
    written = target.read_bytes().decode("utf-8")
    assert written == stdout_rows
    assert "old content" not in written
    if fmt == "jsonl":
        n = len(jsonl(stdout_rows))
    else:
        n = len(list(csv.DictReader(io.StringIO(stdout_rows, newline=""))))
    assert f"wrote {n} mentions" in err


def test_export_to_missing_folder_is_a_clear_error(corpus_db, tmp_path, capsys):
    target = tmp_path / "missing" / "mentions.jsonl"
    code, _out, err = run(capsys, corpus_db, "export", "mentions", "-o", str(target))
    assert code != 0
    assert "missing" in err
    assert not target.parent.exists()


# -- scoring on the real seeds ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_mentions(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """The seeds and their two cables imported and exported as mentions.jsonl."""
    root = tmp_path_factory.mktemp("seeds")
    csv_file = write_cables_csv(shared_data, root / "csv", {"09LIMA345", "09LIMA1667"})
    db = root / "index.sqlite"
    code, out = run_quiet(db, "import", str(shared_data / "seeds"), str(csv_file))
    assert code == 0, out
    assert summary(out) == (4, 0, 0)
    target = root / "mentions.jsonl"
    code, _ = run_quiet(db, "export", "mentions", "--format", "jsonl", "-o", str(target))
    assert code == 0
    return target


def score(shared_data: Path, golds: list[str], mentions: Path) -> dict:
    tool = shared_data.parent / "tools" / "score_entities.py"
    if not tool.is_file():
        pytest.skip(f"scorer not found at {tool}")
    proc = subprocess.run(
        [sys.executable, str(tool), *(str(shared_data / g) for g in golds), str(mentions),
         "--json"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=True,
    )
    return json.loads(proc.stdout)


@pytest.mark.parametrize("golds", [["seeds-gold.json"], ["seeds-gold.json", "cables-gold.json"]],
                         ids=["seeds", "seeds+cables"])
def test_scores_on_real_seeds(shared_data, seeds_mentions, golds):
    result = score(shared_data, golds, seeds_mentions)
    assert result["docs_missing"] == []
    assert result["extract"]["f"] >= 0.85, result["extract"]
    assert result["extract_typed"]["f"] >= 0.80, result["extract_typed"]
    assert result["must_not_link_violations"] == []


# -- mentions and search ---------------------------------------------------------------------------


def test_mentions_table(corpus_db, capsys):
    code, out, _err = run(capsys, corpus_db, "mentions", "Montesinos")
    assert code == 0
    assert "Vladimiro Montesinos" in out
    assert "person" in out
    assert "2 documents" in out
    assert "Lima envoy warns of old networks" in out
    assert "Elecciones en el Perú" in out


def test_mentions_json(corpus_db, capsys):
    code, out, _ = run(capsys, corpus_db, "mentions", "montesinos", "--json")
    assert code == 0
    rows = jsonl(out)
    assert len({r["entity_id"] for r in rows}) == 1
    assert {r["entity_name"] for r in rows} == {"Vladimiro Montesinos"}
    assert {r["text"] for r in rows} == {"Vladimiro Montesinos", "Montesinos"}
    assert len({r["article_id"] for r in rows}) == 2
    assert len(rows) == 4  # three in the English article, one in the Spanish one
    body = bodies(corpus_db)
    for r in rows:
        assert body[r["article_id"]][r["start"]:r["end"]] == r["text"]
        assert r["text"] in r["context"]


def test_mentions_unknown_name(corpus_db, capsys):
    code, out, err = run(capsys, corpus_db, "mentions", "Nobody Atall")
    assert code == 1
    assert out == ""
    assert "Nobody Atall" in err

    code, out, err = run(capsys, corpus_db, "mentions", "Nobody Atall", "--json")
    assert code == 1
    assert out == ""


def test_search_table_and_json(corpus_db, capsys):
    code, out, _err = run(capsys, corpus_db, "search", "Montesinos")
    assert code == 0
    assert "Lima envoy warns of old networks" in out
    assert "Elecciones en el Perú" in out

    code, out, _err = run(capsys, corpus_db, "search", "Montesinos", "--json")
    assert code == 0
    rows = jsonl(out)
    assert {r["title"] for r in rows} == {"Lima envoy warns of old networks",
                                         "Elecciones en el Perú"}
    for r in rows:
        assert {"id", "kind", "title", "snippet"} <= set(r)
        assert "Montesinos" in r["snippet"]
        assert "\x02" not in r["snippet"] and "\x03" not in r["snippet"]


def test_search_ignores_accents(corpus_db, capsys):
    code, out, _ = run(capsys, corpus_db, "search", "Apurimac", "--json")
    assert code == 0
    assert [r["title"] for r in jsonl(out)] == ["Informe desde Ayacucho"]


def test_search_no_hits(corpus_db, capsys):
    code, out, err = run(capsys, corpus_db, "search", "zanzibar")
    assert code == 1
    assert out == ""
    assert "no matches" in err


def test_search_bad_query(corpus_db, capsys):
    code, out, err = run(capsys, corpus_db, "search", '"unbalanced')
    assert code == 2
    assert out == ""
    assert "bad search query" in err
    assert "unbalanced" in err
    assert "Traceback" not in err


# -- issue 11: skipped files, -o -, plurals, mentions by any name ----------------------------


def test_unsupported_files_in_a_folder_are_reported_as_skipped(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4 not ours")
    (inbox / "sub" / "notes\x1b[31m.docx").write_bytes(b"PK")
    (inbox / ".hidden.pdf").write_bytes(b"%PDF")  # hidden entries stay unmentioned

    code, out, err = run(capsys, tmp_path / "i.sqlite", "import", str(inbox))

    assert code == 0  # skipping is no failure
    assert summary(out) == (1, 0, 0)
    assert "failed 0, skipped 2 (1 file," in out
    skipped = [line for line in err.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 2
    assert any("scan.pdf: .pdf files are not imported (only " in line for line in skipped)
    # the escape is spelt, visible and harmless
    assert any("sub/notes\\x1b[31m.docx: .docx files" in line for line in skipped)
    assert "\x1b" not in err and ".hidden" not in err

    from reader.services.importer import import_paths

    with opened(tmp_path / "j.sqlite") as store:
        result = import_paths(store, [inbox])
    assert result.ok and [Path(s.path).name for s in result.skipped] == [
        "scan.pdf", "notes\x1b[31m.docx"]


def test_a_file_given_by_name_is_never_skipped(tmp_path, capsys):
    odd = tmp_path / "article.pdf"  # named on the command line: sniffed, not skipped
    odd.write_text(GOOD_ARTICLE, encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "i.sqlite", "import", str(odd))
    assert code == 0 and summary(out) == (1, 0, 0) and "skipped" not in out + err


def test_export_to_dash_writes_to_standard_output(corpus_db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, corpus_db, "export", "entities", "-o", "-")
    assert code == 0
    assert jsonl(out) and not (tmp_path / "-").exists()
    assert err == ""


def test_counts_are_pluralised(corpus_db, tmp_path, capsys):
    from reader.text.plural import counted

    assert [counted(1, "mention"), counted(2, "mention"), counted(0, "document")] == [
        "1 mention", "2 mentions", "0 documents"]
    assert [counted(1, "entity"), counted(3, "entity"), counted(2, "copy")] == [
        "1 entity", "3 entities", "2 copies"]
    one = tmp_path / "one.txt"
    one.write_text(GOOD_ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, tmp_path / "one.sqlite", "import", str(one))
    assert code == 0 and "(1 file," in out
    code, _, err = run(capsys, tmp_path / "one.sqlite", "export", "articles",
                       "-o", str(tmp_path / "a.jsonl"))
    assert code == 0 and "wrote 1 article to" in err
    code, out, _ = run(capsys, tmp_path / "one.sqlite", "relink")
    assert code == 0 and re.match(r"linked \d+ clusters? into \d+ entit(y|ies), ", out)
    assert not re.search(r"\b1 (mentions|documents|files|articles)\b", out)


def test_mentions_finds_an_entity_by_part_of_its_name_and_says_which(corpus_db, capsys):
    code, out, err = run(capsys, corpus_db, "mentions", "Vladimiro")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("showing Vladimiro Montesinos (person, 2 documents)")
    assert "4 mentions" in out

    # misspelt, in capitals, without its accents: the same man
    code, out, _ = run(capsys, corpus_db, "mentions", "VLADIMIR MONTESINO")
    assert code == 0 and out.startswith("showing Vladimiro Montesinos (person, 2 documents)")

    # --json: stdout stays one object per line, the choice is said on stderr
    code, out, err = run(capsys, corpus_db, "mentions", "vladimiro", "--json")
    assert code == 0
    assert {r["entity_name"] for r in jsonl(out)} == {"Vladimiro Montesinos"}
    assert err.startswith("showing Vladimiro Montesinos (person, 2 documents)")


def test_mentions_finds_a_renamed_entity_by_its_new_name(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    db = tmp_path / "r.sqlite"
    assert run(capsys, db, "import", str(tmp_path / "a.txt"))[0] == 0
    code, out, _ = run(capsys, db, "mentions", "McKinley", "--json")
    entity = jsonl(out)[0]["entity_id"]
    assert run(capsys, db, "judge", "rename", str(entity), "Peter Michael McKinley")[0] == 0
    code, out, _ = run(capsys, db, "mentions", "Peter McKinley")
    assert code == 0
    assert out.startswith("showing Peter Michael McKinley (person, 1 document)")
