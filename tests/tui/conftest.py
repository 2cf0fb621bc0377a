"""Building the app with a fake clock, so no test ever waits on real time."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from sim.core.library import bundled_paths
from sim.core.loader import load_scenario
from sim.tui.app import SimApp
from tests.conftest import fixed_clock


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_app(clock):
    scenarios = [load_scenario(p) for p in bundled_paths()]
    supervisor = next(s.scenario for s in scenarios if s.scenario.id == "supervisor-unavailable")

    def build(*, start: bool = True, typing_speed: float = 1.0, practice: bool = True,
              terminal_alive: Callable[[], bool] | None = None) -> SimApp:
        return SimApp(scenarios, start=supervisor if start else None, seed=4,
                      practice=practice, typing_speed=typing_speed, clock=clock,
                      wall_clock=fixed_clock, rng=random.Random(1), terminal_alive=terminal_alive)

    return build
