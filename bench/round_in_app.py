"""A whole round in the app, headless: first line, six trainee turns, self-assessment and the
scorecard, on the real clock at full typing speed 0 (lines land at once). Used for peak memory."""

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainee_lines import GOOD_ROUND as TURNS


async def play() -> None:
    from sim.core.draw_ahead import DrawAhead
    from sim.core.library import open_scenario
    from sim.core.store import Store
    from sim.tui.app import SimApp

    scenario = open_scenario("supervisor-unavailable").scenario
    # As `sim play supervisor-unavailable` starts it (sim/cli.py): the customer drawn ahead.
    ahead = DrawAhead(scenario, 1, "en_US")
    app = SimApp([], start=scenario, seed=1, typing_speed=0, store=Store.open(os.environ["SIM_DB"]),
                 trainee="bench", draw=ahead.draw)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for text in TURNS:
            if app.screen.session.over:
                break
            app.screen.query_one("#message").value = text
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("ctrl+e")
        for _ in range(12):  # rate every habit, then reach the scorecard
            await pilot.press("y")
            await pilot.pause()
        await pilot.pause()


asyncio.run(play())
# VmHWM is this process's own peak: ru_maxrss would include the parent's peak from before exec.
status = Path("/proc/self/status").read_text()
print(next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")))
