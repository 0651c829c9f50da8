"""The wheel: a normal install (pip, pipx) carries the sample corpus and finds it.

The wheel is built offline from a copy of the source (no network, no build isolation: the
test extras install setuptools and wheel), so the work tree gets no `build/` folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _build_wheel(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(REPO / "reader", src / "reader", ignore=ignore)
    shutil.copytree(REPO / "corpus", src / "corpus", ignore=ignore)
    out = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out)],
        cwd=src, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    wheels = list(out.glob("cablereader-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_the_wheel_carries_the_sample_corpus_and_finds_it(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    corpus = sorted(p.name for p in (REPO / "corpus").iterdir() if p.is_file())
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert {f"reader/sample/{n}" for n in corpus} <= names
        # and the package's own data, as before
        assert {"reader/store/schema.sql", "reader/ui/app.tcss",
                "reader/text/data/country_aliases.json"} <= names
        assert not any(n.startswith("corpus/") for n in names)
        site = tmp_path / "site"
        zf.extractall(site)
    # the installed package finds its sample beside itself, not in a source checkout
    done = subprocess.run(
        [sys.executable, "-c", "from reader.config import sample_corpus_dir; "
         "print(sample_corpus_dir())"],
        cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""},
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    found = Path(done.stdout.strip())
    assert found == site / "reader" / "sample"
    assert sorted(p.name for p in found.iterdir()) == corpus


def test_a_source_checkout_finds_the_top_level_corpus() -> None:
    from reader.config import sample_corpus_dir

    assert sample_corpus_dir() == REPO / "corpus"
