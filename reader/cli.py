"""The `cablereader` command.

    cablereader [--db PATH]                 open the reader (the default index's first run:
                                            the sample corpus imported, marked as samples)
    cablereader [--db PATH] import PATH...  files or folders, recursive; exit 1 if any failed
    cablereader [--db PATH] export mentions|articles|entities [--format jsonl|csv] [-o FILE|-]
    cablereader [--db PATH] mentions NAME   where else this person/group appears (fuzzy)
    cablereader [--db PATH] search QUERY    full-text search
    cablereader [--db PATH] remove DOCUMENT... | --samples
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import IO

from reader import __version__
from reader.config import ENV_VAR, is_default_db, resolve_db_path
from reader.services import judgement_log, judging, open_index, views
from reader.services.documents import find_documents, remove_documents, remove_samples
from reader.services.exports import (
    EXPORTS,
    FORMULA_STARTS,
    ExportRow,
    export_fields,
    iter_export,
    record,
)
from reader.services.importer import (
    Progress,
    first_run_sample,
    import_paths,
    import_sample_if_empty,
)
from reader.services.linking import relink
from reader.services.restore import looks_like_judgements, read_judgement_file, restore_judgements
from reader.store import Store, StoreError
from reader.text.plural import counted
from reader.text.terminal import one_line as _one_line

__all__ = ["build_parser", "import_sample_if_empty", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cablereader",
        description="Read and cross-reference press coverage of the leaked US diplomatic "
        "cables. Without a command, opens the reader.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db", metavar="PATH",
        help=f"index file (default: ${ENV_VAR}, else the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_import = sub.add_parser("import", help="import files or folders (recursive)")
    p_import.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    p_export = sub.add_parser("export", help="export mentions, articles, entities or judgements")
    p_export.add_argument("what", choices=list(EXPORTS))
    p_export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p_export.add_argument("-o", "--output", type=Path, metavar="FILE",
                          help="write to FILE instead of standard output ('-': standard "
                          "output)")

    p_mentions = sub.add_parser("mentions", help="where a person or group is mentioned")
    p_mentions.add_argument("name")
    p_mentions.add_argument("--json", action="store_true", help="one JSON object per line")

    sub.add_parser("relink", help="link every name across documents again (judgements win)")

    p_remove = sub.add_parser(
        "remove", help="remove documents and everything derived from them",
        description="Remove documents with their mentions, links and citations; the names "
        "they shared with other documents are linked again. Your judgements are kept: they "
        "apply again if a document is imported again. If any DOCUMENT is not found, "
        "nothing is removed.")
    p_remove.add_argument("documents", nargs="*", metavar="DOCUMENT",
                          help="a document id, a cable reference id, or a source path as "
                          "imported")
    p_remove.add_argument("--samples", action="store_true",
                          help="remove every document of the bundled sample corpus")

    p_judge = sub.add_parser(
        "judge", help="correct the linking: same, not-same, split, hide, rename, undo, list",
        description="Your judgements are kept in the index, survive re-imports and re-linking, "
        "and always win over the algorithm. Entity and mention ids are shown by "
        "`mentions NAME --json`.")
    jsub = p_judge.add_subparsers(dest="verdict", metavar="VERDICT", required=True)
    j = jsub.add_parser("same", help="two entities are one: merge them")
    j.add_argument("entity_a", type=int)
    j.add_argument("entity_b", type=int)
    j = jsub.add_parser("not-same", help="two mentions name different entities: keep apart")
    j.add_argument("mention_a", type=int)
    j.add_argument("mention_b", type=int)
    j = jsub.add_parser("split-mention", help="take one mention off its entity")
    j.add_argument("mention", type=int)
    j = jsub.add_parser("split-document", help="take one document's mentions off an entity")
    j.add_argument("entity", type=int)
    j.add_argument("document", type=int)
    j = jsub.add_parser("hide", help="hide a false entity (not a name)")
    j.add_argument("entity", type=int)
    j = jsub.add_parser("rename", help="give an entity another name")
    j.add_argument("entity", type=int)
    j.add_argument("name")
    j = jsub.add_parser("undo", help="withdraw a judgement (the latest by default); "
                        "a cable judgement by its id from `judge list`, such as c3")
    j.add_argument("judgement", nargs="?", metavar="ID")
    j = jsub.add_parser("redo", help="put a withdrawn judgement back in force")
    j.add_argument("judgement", metavar="ID")
    j = jsub.add_parser("list", help="the judgements in force, on links and on cables")
    j.add_argument("--all", action="store_true", help="include withdrawn ones")
    j = jsub.add_parser("import", help="restore judgements from `export judgements` (JSONL "
                        "or CSV), matched by content")
    j.add_argument("file", type=Path, metavar="FILE")

    p_search = sub.add_parser("search", help="full-text search (SQLite FTS5 syntax)")
    p_search.add_argument("query")
    p_search.add_argument("--json", action="store_true", help="one JSON object per line")
    p_search.add_argument("--limit", type=int, default=50)
    return parser


READ_ONLY_COMMANDS = ("export", "mentions", "search")


def _note(message: str) -> None:
    print(f"cablereader: {_one_line(message)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db_path = resolve_db_path(args.db)
    # a command that only reads never creates an index (a mistyped --db is an error)
    reads = args.command in READ_ONLY_COMMANDS or (
        args.command == "judge" and args.verdict == "list")
    try:
        store = open_index(db_path, note=_note, create=not reads)
    except StoreError as exc:
        _note(str(exc))
        return 2
    try:
        if args.command == "import":
            return cmd_import(store, args.paths)
        if args.command == "export":
            return cmd_export(store, args.what, args.format, args.output)
        if args.command == "mentions":
            return cmd_mentions(store, args.name, args.json)
        if args.command == "search":
            return cmd_search(store, args.query, args.json, args.limit)
        if args.command == "relink":
            started = time.monotonic()
            stats = relink(store)
            print(f"linked {counted(stats.clusters, 'cluster')} into "
                  f"{counted(stats.entities, 'entity')}, "
                  f"{counted(stats.suggestions, 'suggestion')} "
                  f"({time.monotonic() - started:.1f}s)")
            return 0
        if args.command == "judge":
            return cmd_judge(store, args)
        if args.command == "remove":
            return cmd_remove(store, args.documents, args.samples)
        return cmd_open(store, default_index=is_default_db(args.db))
    except StoreError as exc:  # the index is busy, read-only, full…: one line, no traceback
        _note(str(exc))
        return 2
    except KeyboardInterrupt:
        print("\ncablereader: interrupted; what was written before is kept (an import's "
              "documents are linked by the next command that opens the index)",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        store.close()


# -- import -----------------------------------------------------------------------------


class _ProgressBar:
    """A one-line progress bar on a terminal's stderr; when stderr is not a terminal (a log,
    a pipe), one line per file and one a minute inside a long one, so a log shows where a
    long import is."""

    LOG_EVERY = 60.0  # seconds between lines about one file, in a log

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self._last = 0.0
        self._logged: tuple[int, str] | None = None

    def _log(self, p: Progress) -> None:
        now = time.monotonic()
        here = (p.files_done, p.current)
        if here == self._logged and now - self._last < self.LOG_EVERY:
            return
        if not p.current:
            return
        self._logged, self._last = here, now
        where = (f"[{p.files_done + 1}/{p.files_total}] " if p.files_done < p.files_total
                 else "")
        self.stream.write(f"{where}{_one_line(p.current)} · "
                          f"{counted(p.documents, 'document')} written · "
                          f"{now - self.started:.0f}s\n")
        self.stream.flush()

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            self._log(p)
            return
        now = time.monotonic()
        if now - self._last < 0.1 and p.files_done < p.files_total:
            return
        self._last = now
        width = 30
        frac = p.fraction
        bar = "█" * int(frac * width) + "░" * (width - int(frac * width))
        name = Path(p.current).name if p.current else "done"
        elapsed = now - self.started
        eta = f" · about {elapsed / frac - elapsed:.0f}s left" if 0.02 < frac < 1 else ""
        line = (f"\r{bar} {frac:4.0%} · {p.files_done}/{counted(p.files_total, 'file')} · "
                f"{counted(p.documents, 'document')} · {elapsed:.0f}s{eta} · "
                f"{_one_line(name)}"[:200])
        self.stream.write(line.ljust(100))
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 120 + "\r")
            self.stream.flush()


def cmd_import(store: Store, paths: list[Path]) -> int:
    # an exported judgements file given by name is restored, not read as an article
    restored = [p for p in paths if p.is_file() and p.suffix in (".jsonl", ".csv")
                and looks_like_judgements(p)]
    status = 0
    for path in restored:
        status = max(status, cmd_restore(store, path))
    paths = [p for p in paths if p not in restored]
    if not paths:
        return status
    bar = _ProgressBar(sys.stderr)
    started = time.monotonic()
    summary = import_paths(store, paths, progress=bar)
    bar.finish()
    for failure in summary.failed:
        print(f"failed: {_one_line(failure.path)}: {_one_line(failure.reason)}",
              file=sys.stderr)
    for skip in summary.skipped:
        print(f"skipped: {_one_line(skip.path)}: {_one_line(skip.reason)}", file=sys.stderr)
    elapsed = time.monotonic() - started
    skipped = f", skipped {len(summary.skipped)}" if summary.skipped else ""
    print(
        f"imported {summary.imported}, already present {summary.already_present}, "
        f"failed {len(summary.failed)}{skipped} ({counted(summary.files_seen, 'file')}, "
        f"{elapsed:.1f}s) into {_one_line(str(store.path))}"
    )
    if summary.imported == 0 and summary.already_present and not summary.failed:
        print("nothing new: every document was already in the index")
    return max(status, 0 if summary.ok else 1)


# -- export -------------------------------------------------------------------------------


def cmd_export(store: Store, what: str, fmt: str, output: Path | None) -> int:
    rows = iter_export(store, what)
    if output is None or str(output) == "-":
        write_rows(sys.stdout, rows, what, fmt)
        return 0
    tmp = output.with_name(output.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            count = write_rows(fh, rows, what, fmt)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        print(f"cablereader: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    print(f"wrote {counted(count, _SINGULAR[what], what)} to {_one_line(str(output))}",
          file=sys.stderr)
    return 0


_SINGULAR = {"mentions": "mention", "articles": "article", "entities": "entity",
             "judgements": "judgement"}


def write_rows(fh: IO[str], rows: Iterable[ExportRow], what: str, fmt: str) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows:
            fh.write(json.dumps(record(row), ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(fh, fieldnames=export_fields(what), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        flat = {k: _cell(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
                for k, v in record(row).items()}
        writer.writerow(flat)
        count += 1
    return count


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text that starts like a formula (=, +, -, @,
    a tab or a carriage return) gets a leading apostrophe, as OWASP advises. Numbers stay
    numbers; JSONL keeps the text exactly."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# -- judgements ----------------------------------------------------------------------------


def cmd_restore(store: Store, path: Path) -> int:
    try:
        records = read_judgement_file(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        _note(f"{path}: cannot read it ({exc})")
        return 2
    done = restore_judgements(store, records)
    print(_one_line(f"{path}: {done.text}"))
    for bad in done.bad[:10]:
        _note(f"{path}: {bad}")
    return 0 if not done.bad else 1


def cmd_judge(store: Store, args: argparse.Namespace) -> int:
    v = args.verdict
    if v == "import":
        return cmd_restore(store, args.file)
    try:
        if v == "list":
            for e in judgement_log.judgement_entries(store, include_undone=args.all):
                state = "" if e.active else " (withdrawn)"
                print(_one_line(f"[{e.label}] {judgement_log.when(e.created)} "
                                f"{e.describe}{state}"))
            return 0
        if v in ("undo", "redo"):
            return _undo_redo(store, v, args.judgement)
        if v == "same":
            jid = judging.judge_same(store, args.entity_a, args.entity_b)
        elif v == "not-same":
            jid = judging.judge_not_same(store,
                                         judging.cluster_of_mention(store, args.mention_a),
                                         judging.cluster_of_mention(store, args.mention_b))
        elif v == "split-mention":
            jid = judging.split_mention(store, args.mention)
        elif v == "split-document":
            jid = judging.split_document(store, args.entity, args.document)
        elif v == "hide":
            jid = judging.hide_entity(store, args.entity)
        else:
            jid = judging.rename_entity(store, args.entity, args.name)
    except StoreError as exc:
        _note(str(exc))
        return 2
    entry = next((e for e in judgement_log.judgement_entries(store)
                  if not e.cable and e.id == jid), None)
    said = entry.describe if entry else v
    print(_one_line(f"recorded [{jid}] {said}; `cablereader judge undo {jid}` withdraws it"))
    return 0


def _undo_redo(store: Store, verb: str, label: str | None) -> int:
    """`judge undo [ID]` and `judge redo ID`: ID is a linking judgement's number ("12") or a
    cable judgement's ("c3"), as `judge list` shows them."""
    text = (label or "").strip().lower()
    cable = text.startswith("c")
    number = text[1:] if cable else text
    if label is not None and not number.isdigit():
        print(f"cablereader: {label!r} is no judgement id (a number, or c and a number for "
              "a cable judgement, as `judge list` shows)", file=sys.stderr)
        return 2
    jid = int(number) if number else None
    try:
        if cable and jid is not None:
            toggle = judging.undo_cite if verb == "undo" else judging.redo_cite
            jid = toggle(store, jid).id
        elif verb == "undo":
            row = judging.undo(store, jid)
            if row is None:
                print("nothing to undo: no judgement is in force", file=sys.stderr)
                return 1
            jid = row.id
        elif jid is not None:
            jid = judging.redo(store, jid).id
    except StoreError as exc:
        _note(str(exc))
        return 1
    entry = next(e for e in judgement_log.judgement_entries(store, include_undone=True)
                 if e.cable == cable and e.id == jid)
    done = "withdrew" if verb == "undo" else "restored"
    print(_one_line(f"{done} [{entry.label}] {entry.describe}"))
    return 0


# -- mentions and search -------------------------------------------------------------------


def cmd_mentions(store: Store, name: str, as_json: bool) -> int:
    found = views.lookup_entity(store, name)
    rows = found.mentions
    if found.chosen is None or not rows:
        if not as_json:
            print(f"no person, group or place called {_one_line(name)!r} in "
                  f"{_one_line(str(store.path))}", file=sys.stderr)
        return 1
    # which entity was chosen, and the other close ones (stderr under --json: stdout stays
    # one JSON object per line)
    print(_one_line(found.text) + (f" [entity {found.chosen.id}]"),
          file=sys.stderr if as_json else sys.stdout)
    if as_json:
        for r in rows:
            print(json.dumps(asdict(r), ensure_ascii=False))
        return 0
    chosen = found.chosen
    print(f"{_one_line(chosen.name)} ({chosen.type}, entity {chosen.id}) — "
          f"{counted(chosen.documents, 'document')}, {counted(len(rows), 'mention')}")
    for r in rows:
        print(f"  [{r.article_id}] {_one_line(r.title)[:60]}: …{_one_line(r.context)}…"
              f"  ({r.link.text})")
    for other in found.others:
        print(f"also: {_one_line(other.text)}, entity {other.id}")
    return 0


def cmd_search(store: Store, query: str, as_json: bool, limit: int) -> int:
    try:
        hits = views.search(store, query, limit=limit)
    except StoreError as exc:
        _note(str(exc))
        return 2
    for hit in hits:
        snippet = _one_line(hit.snippet_text)
        if as_json:
            print(json.dumps({**asdict(hit), "snippet": snippet}, ensure_ascii=False))
        else:
            where = hit.ref_id or _one_line(hit.outlet or "")
            print(f"[{hit.id}] {hit.kind:7} {hit.date or '':16} {_one_line(hit.title)[:60]}"
                  + (f"  ({where})" if where else ""))
            print(f"        {snippet}")
    if not hits and not as_json:
        print("no matches", file=sys.stderr)
    return 0 if hits else 1


# -- the reader -----------------------------------------------------------------------------


def cmd_remove(store: Store, specs: list[str], samples: bool) -> int:
    """Remove documents, all or nothing: when any DOCUMENT is not found, nothing is removed
    (exit 1), so a typo does not leave a half-done removal."""
    if samples == bool(specs):
        print("cablereader: remove: give DOCUMENT... or --samples (not both)", file=sys.stderr)
        return 2
    if samples:
        done = remove_samples(store)
        if not done.documents:
            print("no sample documents in the index")
            return 0
        print(done.text.replace("removed", "removed the samples:", 1))
        return 0
    found = find_documents(store, specs)
    if found.missing:
        for spec in found.missing:
            print(f"cablereader: remove: no document {_one_line(spec)!r} (neither an id, a "
                  "cable reference id nor an imported file)", file=sys.stderr)
        print(f"nothing removed: {counted(len(found.missing), 'document')} not found",
              file=sys.stderr)
        return 1
    print(remove_documents(store, found.ids).text)
    return 0


def cmd_open(store: Store, default_index: bool = False) -> int:
    if not sys.stdout.isatty():
        print("cablereader: the reader needs a terminal; see `cablereader --help` for "
              "commands", file=sys.stderr)
        return 2
    first_run_sample(store, default_index)
    from reader.ui.app import CableReaderApp

    path = store.path
    store.close()
    CableReaderApp(db_path=path).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
