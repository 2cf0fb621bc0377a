"""Play a scripted conversation through the engine (used by tests; `sim test` builds on it)."""

from __future__ import annotations

from sim.core.loader import LoadedScenario
from sim.core.record import RoundRecord
from sim.core.script import parse_script
from sim.core.session import Session
from tests.conftest import fixed_clock


def play_script(loaded: LoadedScenario, script: str, seed: int) -> RoundRecord:
    """Run every line until the round ends, then end it and return the record."""
    session = Session(loaded, seed=seed, clock=fixed_clock)
    for line in parse_script(script):
        if session.over:
            break
        session.take_turn(line.text, line.sent_at)
    session.end()
    return session.record()
