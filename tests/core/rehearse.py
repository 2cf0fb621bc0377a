"""Play a scripted conversation through the engine (used by tests; `sim test` uses the same code)."""

from __future__ import annotations

from sim.core.loader import LoadedScenario
from sim.core.record import RoundRecord
from sim.core.rehearse import play_lines
from sim.core.script import parse_script


def play_script(loaded: LoadedScenario, script: str, seed: int) -> RoundRecord:
    """Run every line until the round ends, then end it and return the record."""
    return play_lines(loaded, parse_script(script), seed)
