"""Shared fixtures: paths to test data and a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.core.loader import LoadedScenario, load_scenario
from sim.core.rehearse import TEST_CLOCK_START

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True, scope="session")
def _private_store(tmp_path_factory: pytest.TempPathFactory):
    """Tests (and the `sim` processes they start) never touch the user's rounds or cache."""
    import os

    path = tmp_path_factory.mktemp("store") / "rounds.db"
    private = {"SIM_DB": str(path), "SIM_CACHE": str(tmp_path_factory.mktemp("cache"))}
    old = {name: os.environ.get(name) for name in private}
    os.environ.update(private)
    yield path
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
ROOT = Path(__file__).parent.parent


def fixed_clock() -> float:
    """A wall clock frozen at 2026-01-01T00:00:00Z, so records are byte-identical."""
    return TEST_CLOCK_START


@pytest.fixture(scope="session")
def mini() -> LoadedScenario:
    """The small engine-test scenario."""
    return load_scenario(DATA / "scenarios" / "mini.yaml")


@pytest.fixture(scope="session")
def supervisor() -> LoadedScenario:
    """The bundled supervisor-unavailable scenario."""
    return load_scenario(ROOT / "scenarios" / "supervisor-unavailable.yaml")
