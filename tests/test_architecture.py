"""The layers hold: the import contracts (layers, no Textual in the core, SQL only in the store,
no cycles) pass, the headless core loads without Textual, and the store loads no layer above
the models."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = ["reader.text", "reader.models", "reader.rows", "reader.ingest", "reader.extract",
        "reader.link", "reader.link.resolve", "reader.cite", "reader.dedup", "reader.store",
        "reader.services", "reader.services.importer", "reader.services.linking",
        "reader.services.judging", "reader.services.views", "reader.services.exports"]
ABOVE_THE_STORE = ("reader.ingest", "reader.extract", "reader.link", "reader.cite",
                   "reader.dedup", "reader.services", "reader.cli", "reader.ui")


def _lint_imports() -> str:
    exe = Path(sys.executable).with_name("lint-imports")
    found = str(exe) if exe.exists() else shutil.which("lint-imports")
    if not found:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    return found


def test_import_contracts_hold():
    proc = subprocess.run([_lint_imports()], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_core_imports_without_textual():
    code = textwrap.dedent(f"""
        import sys
        for name in {CORE!r}:
            __import__(name)
        loaded = sorted(m for m in sys.modules
                        if m == "textual" or m.startswith("textual.") or m.startswith("reader.ui"))
        print(",".join(loaded))
        """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"the headless core pulled in: {proc.stdout.strip()}"


def test_the_store_loads_nothing_above_the_models():
    code = textwrap.dedent(f"""
        import sys
        import reader.store
        loaded = sorted(m for m in sys.modules if m.startswith({ABOVE_THE_STORE!r}))
        print(",".join(loaded))
        """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"the store pulled in: {proc.stdout.strip()}"
