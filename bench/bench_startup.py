"""Start-up: `sim play supervisor-unavailable` until the first customer word is on screen,
against a minimal Textual app rendering one line, both as whole headless processes.

Run: .venv/bin/python bench/bench_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Median wall time of `cmd` over RUNS runs (one warm-up run first)."""
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=env)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> dict[str, float]:
    """Print ours, the reference and the ratio."""
    with tempfile.TemporaryDirectory() as folder:
        # The real path, store included: a round is opened in a scratch database.
        env = {**os.environ, "SIM_DB": str(Path(folder) / "rounds.db")}
        ours = timed([sys.executable, "-m", "sim", "play", "supervisor-unavailable", "--seed", "1",
                      "--first-line-exit"], env)
    reference = timed([sys.executable, str(ROOT / "bench" / "minimal_app.py")])
    result = {"sim_first_line_s": round(ours, 3), "minimal_textual_s": round(reference, 3),
              "ratio": round(ours / reference, 2)}
    for key, value in result.items():
        print(f"{key:20} {value}")
    return result


if __name__ == "__main__":
    main()
