"""`sim play FILE --watch`: saving the scenario restarts the round with the same customer."""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

from sim.core.loader import load_scenario
from sim.core.starter import starter_text
from sim.core.store import Store
from sim.tui.app import SimApp
from sim.tui.screens.conversation import ConversationScreen
from tests.conftest import fixed_clock


def _save(path: Path, text: str) -> None:
    path.write_text(text)
    # Filesystems with coarse timestamps would hide a quick second save; move the clock on.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _app(path: Path, clock, store: Store | None = None) -> SimApp:
    return SimApp([], start=load_scenario(path).scenario, seed=5, typing_speed=0, clock=clock,
                  wall_clock=fixed_clock, rng=random.Random(1), watch=path, store=store,
                  trainee="author")


def test_saving_the_file_restarts_the_round_with_the_new_lines(tmp_path: Path, clock):
    asyncio.run(_test_saving_the_file_restarts_the_round_with_the_new_lines(tmp_path, clock))


async def _test_saving_the_file_restarts_the_round_with_the_new_lines(tmp_path: Path, clock):
    path = tmp_path / "late.yaml"
    text = starter_text("late")
    _save(path, text)
    app = _app(path, clock)
    async with app.run_test() as pilot:
        first = app.screen
        assert isinstance(first, ConversationScreen)
        assert app.check_watched_file() is False
        _save(path, text.replace("My {item} was due on Monday", "My {item} was due on TUESDAY")
              .replace("Where is my {item}?", "Where is my {item} TUESDAY?")
              .replace("I've been waiting all week", "TUESDAY, I've been waiting all week"))
        assert app.check_watched_file() is True
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen) and app.screen is not first
        opening = app.screen.session.turns[0].text
        assert "TUESDAY" in opening
        assert app.screen.session.seed == first.session.seed


def test_a_broken_save_keeps_the_round_and_says_what_is_wrong(tmp_path: Path, clock):
    asyncio.run(_test_a_broken_save_keeps_the_round_and_says_what_is_wrong(tmp_path, clock))


async def _test_a_broken_save_keeps_the_round_and_says_what_is_wrong(tmp_path: Path, clock):
    path = tmp_path / "late.yaml"
    text = starter_text("late")
    _save(path, text)
    app = _app(path, clock)
    async with app.run_test() as pilot:
        first = app.screen
        _save(path, text.replace("to: listening", "to: listenning"))
        assert app.check_watched_file() is False
        await pilot.pause()
        assert app.screen is first
        notes = [n.message for n in app._notifications]
        assert any("unknown state or ending `listenning`" in n for n in notes), notes


def test_the_round_edited_away_is_closed_not_offered_for_resuming(tmp_path: Path, clock):
    asyncio.run(_test_the_round_edited_away_is_closed_not_offered_for_resuming(tmp_path, clock))


async def _test_the_round_edited_away_is_closed_not_offered_for_resuming(tmp_path: Path, clock):
    path = tmp_path / "late.yaml"
    text = starter_text("late")
    _save(path, text)
    store = Store.open(tmp_path / "rounds.db")
    app = _app(path, clock, store)
    async with app.run_test() as pilot:
        _save(path, text + "\n# a comment\n")
        assert app.check_watched_file() is True
        await pilot.pause()
        assert len(store.open_rounds("author")) == 1

