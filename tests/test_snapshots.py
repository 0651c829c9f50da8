"""SVG snapshots of the main screens (pytest-textual-snapshot).

Update after a deliberate change to the look: `python -m pytest tests/test_snapshots.py
--snapshot-update`, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

from reader.ui.app import CableReaderApp
from tests.test_app import SIZE, sample_db, settle


def sample_app(tmp_path: Path) -> CableReaderApp:
    return CableReaderApp(db_path=sample_db(tmp_path))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot.app, pilot)


def test_reading_with_cross_references(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter", "n", "n", "n")
        await _settle(pilot)

    assert snap_compare(sample_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(sample_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_search_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("slash", *"Montesinos")
        await _settle(pilot)

    assert snap_compare(sample_app(tmp_path), terminal_size=SIZE, run_before=run_before)
