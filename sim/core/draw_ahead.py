"""The first customer, drawn in a forked process while the app itself is still starting.

Drawing needs Faker, whose import and set-up (~80 ms) would otherwise sit between typing
`sim play` and the customer's first line. A child process made with `fork` draws the round
on another core while this one imports Textual; the draw is handed back as JSON through a
pipe. Where `fork` is missing, this process may use only one core, or the child fails for
any reason, the round is simply drawn here, with the same result and the same error messages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os

from sim.core.cores import usable_cores
from sim.core.draw import Draw, DrawnPersona, draw_round
from sim.core.scenario import Scenario


def spare_core(usable: int | None = None) -> bool:
    """May this process run on a second core (its CPU affinity, not just the machine's count)?"""
    # Pinned to one core, the child only competes with the app it was meant to overlap:
    # start-up went from 1.50x a minimal app's to 1.60x. Mere load is not a reason to draw
    # here: the child also keeps Faker (~20 MB) out of the app's memory for the whole round.
    return (usable_cores() if usable is None else usable) >= 2


class DrawAhead:
    """A draw started early for one (scenario, seed, locale); `draw` is Session's `draw` hook."""

    def __init__(self, scenario: Scenario, seed: int, locale: str) -> None:
        self.key = (scenario.id, seed, locale)
        self._pid = 0
        self._pipe = -1
        if not hasattr(os, "fork") or not spare_core():
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: draw, write, leave without running any of the parent's exit code
            code = 1
            try:
                os.close(read)
                drawn = draw_round(scenario, seed, locale)
                data = json.dumps({"persona": dataclasses.asdict(drawn.persona),
                                   "variables": drawn.variables}).encode()
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._pipe = pid, read

    def draw(self, scenario: Scenario, seed: int, locale: str) -> Draw:
        """The early draw if it is for this round (once), else a draw made now."""
        early = self._collect() if (scenario.id, seed, locale) == self.key else None
        return early if early is not None else draw_round(scenario, seed, locale)

    def _collect(self) -> Draw | None:
        if not self._pid:
            return None
        pid, pipe, self._pid = self._pid, self._pipe, 0
        with os.fdopen(pipe, "rb") as incoming:
            data = incoming.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return None
        with contextlib.suppress(ValueError, KeyError, TypeError):
            raw = json.loads(data)
            persona = raw["persona"]
            return Draw(DrawnPersona(**{**persona, "traits": tuple(persona["traits"])}),
                        dict(raw["variables"]))
        return None
