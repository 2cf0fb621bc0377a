"""The memory reference: the minimal one-line Textual app, run the same way (Pilot, headless)."""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from minimal_app import OneLine


async def run() -> None:
    app = OneLine()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()


asyncio.run(run())
# VmHWM is this process's own peak: ru_maxrss would include the parent's peak from before exec.
status = Path("/proc/self/status").read_text()
print(next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")))
