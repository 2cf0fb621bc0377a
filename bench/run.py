"""`make bench`: every figure a user feels, each beside a reference measured in the same run,
so the ratios hold on a noisy machine. Prints one table and writes bench/results.json.

Figures and references:
  start-up      sim play, first customer line rendered  vs  a minimal one-line Textual app
  turn latency  engine take_turn p50/p99 (store write included)  vs  the bare SQLite write
  detection     sim detect --jsonl (every usable core, then one process), utt/s  vs  VADER, same lines
  memory        peak RSS of a whole round in the app  vs  the minimal Textual app
  store         history / CSV export at 100,000 rounds  vs  the bare SQL query / csv dump
"""

from __future__ import annotations

import csv
import io
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from trainee_lines import TRAINEE_LINES  # noqa: E402

from sim.core.cores import usable_cores  # noqa: E402

DETECTION_CORPUS = sorted((ROOT / "tests" / "data").glob("corpus*.jsonl"))
TURNS = 10_000


@dataclass
class Figure:
    """One line of the table."""

    name: str
    unit: str
    ours: float
    reference: float
    reference_is: str
    target: str
    met: bool

    @property
    def ratio(self) -> float:
        """Ours over the reference."""
        return self.ours / self.reference if self.reference else float("inf")


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of `fn()` over `runs` runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_median_seconds(ours: Callable[[], object], reference: Callable[[], object],
                          runs: int) -> tuple[float, float]:
    """Medians of `ours` and `reference`, run in turns, so a noisy spell slows both alike."""
    ours(), reference()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, kept in ((ours, times[0]), (reference, times[1])):
            start = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a whole process from the repository root; fail loudly if it fails."""
    return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


# ---------------------------------------------------------------- 1. start-up


def startup(folder: Path) -> Figure:
    env = {**os.environ, "SIM_DB": str(folder / "startup.db")}
    ours, ref = paired_median_seconds(
        lambda: run([sys.executable, "-m", "sim", "play", "supervisor-unavailable", "--seed", "1",
                     "--first-line-exit"], env=env),
        lambda: run([sys.executable, str(BENCH / "minimal_app.py")]), 11)
    return Figure("start-up to first customer line", "s", ours, ref, "minimal Textual app", "ratio <= 1.3",
                  ours / ref <= 1.3)


# ---------------------------------------------------------------- 2. turn latency


def turn_latency(folder: Path) -> tuple[Figure, Figure]:
    from sim.core.detect import warm_up
    from sim.core.keeping import keep
    from sim.core.library import open_scenario
    from sim.core.session import Session
    from sim.core.store import Store

    warm_up()
    loaded = open_scenario("supervisor-unavailable")
    store = Store.open(folder / "turns.db")
    timings: list[float] = []
    seed = 0
    while len(timings) < TURNS:
        seed += 1
        session = Session(loaded, seed=seed, clock=lambda: 1767225600.0)
        keep(store, session, "bench")
        for i in range(len(TRAINEE_LINES)):
            if session.over:
                break
            text = TRAINEE_LINES[(seed + i) % len(TRAINEE_LINES)]
            start = time.perf_counter()
            session.take_turn(text, 2.0)
            timings.append(time.perf_counter() - start)
    store.close()
    # The reference: the durable part alone, one turn's JSON inserted and committed in WAL mode.
    db = sqlite3.connect(folder / "reference.db", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE turns (round_id INTEGER, idx INTEGER, data TEXT)")
    payload = json.dumps({"speaker": "trainee", "text": TRAINEE_LINES[0], "hits": []})
    ref: list[float] = []
    for i in range(TURNS):
        start = time.perf_counter()
        db.execute("INSERT INTO turns VALUES (?, ?, ?)", (i // 8, i % 8, payload))
        ref.append(time.perf_counter() - start)
    db.close()
    timings.sort()
    ref.sort()

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(len(values) * q))] * 1000

    p50 = Figure("turn latency p50", "ms", pct(timings, 0.5), pct(ref, 0.5), "bare SQLite turn write",
                 "-", True)
    p99 = Figure("turn latency p99", "ms", pct(timings, 0.99), pct(ref, 0.99), "bare SQLite turn write",
                 "p99 < 2 ms", pct(timings, 0.99) < 2.0)
    return p50, p99


# ---------------------------------------------------------------- 3. detection throughput


def detection(folder: Path) -> tuple[Figure, Figure]:
    lines = []
    for path in DETECTION_CORPUS:
        for raw in path.read_text("utf-8").splitlines():
            row = json.loads(raw)
            lines.append(json.dumps({"id": row["id"], "text": row["text"], "customer": row.get("customer")}))
    source = folder / "utterances.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    vader = [sys.executable, str(BENCH / "vader_reference.py"), str(source)]
    n = len(lines)
    # As a user runs it (worker processes on every usable core), then held to one process.
    ours, ref = paired_median_seconds(
        lambda: run([sys.executable, "-m", "sim", "detect", "--jsonl", str(source)]), lambda: run(vader), 3)
    alone, ref_alone = paired_median_seconds(
        lambda: run([sys.executable, "-m", "sim", "detect", "--jsonl", str(source), "--jobs", "1"]),
        lambda: run(vader), 3)
    cores = usable_cores()
    return (Figure(f"detection throughput ({n} utt., {cores} proc.)", "utt/s", n / ours, n / ref,
                   "VADER, same lines, 1 process", "faster than VADER", n / ours > n / ref),
            Figure("detection throughput, one process", "utt/s", n / alone, n / ref_alone,
                   "VADER, same lines, 1 process", "-", True))


# ---------------------------------------------------------------- 4. memory


def memory(folder: Path) -> Figure:
    env = {**os.environ, "SIM_DB": str(folder / "memory.db")}
    ours = int(run([sys.executable, str(BENCH / "round_in_app.py")], env=env).stdout.split()[-1])
    ref = int(run([sys.executable, str(BENCH / "minimal_app_memory.py")]).stdout.split()[-1])
    return Figure("peak memory, whole round in the app", "MB", ours / 1024, ref / 1024,
                  "minimal Textual app", "ratio <= 1.5", ours / ref <= 1.5)


# ---------------------------------------------------------------- 5. store


def store_scale(folder: Path) -> tuple[Figure, Figure]:
    from bench_store import ROUNDS, build

    from sim.core.store import Store
    from sim.export import to_csv

    path = folder / "scale.db"
    build(path)
    store = Store.open(path)

    def history() -> None:
        store.history("trainee-7", limit=50)
        store.trends("trainee-7")

    raw = sqlite3.connect(path)

    def bare_history() -> None:
        raw.execute("SELECT * FROM rounds WHERE trainee_id = 8 ORDER BY started_at DESC LIMIT 50").fetchall()

    def bare_dump() -> None:
        out = io.StringIO()
        csv.writer(out).writerows(raw.execute("SELECT id, trainee_id, scenario, seed, started_at, outcome,"
                                              " score, gap FROM rounds"))

    ours_h = median_seconds(history, 7) * 1000
    ref_h = median_seconds(bare_history, 7) * 1000
    ours_e = median_seconds(lambda: to_csv(store.csv_rows()), 3) * 1000
    ref_e = median_seconds(bare_dump, 3) * 1000
    store.close()
    raw.close()
    return (Figure(f"history at {ROUNDS:,} rounds", "ms", ours_h, ref_h, "bare SQL query",
                   "< 100 ms", ours_h < 100),
            Figure(f"CSV export of {ROUNDS:,} rounds", "ms", ours_e, ref_e, "bare csv dump", "-", True))


# ---------------------------------------------------------------- the table


def main() -> int:
    started = time.perf_counter()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, step in (("start-up", startup), ("turn latency", turn_latency),
                           ("detection", detection), ("memory", memory), ("store", store_scale)):
            print(f"measuring {name}...", file=sys.stderr, flush=True)
            result = step(folder)
            figures.extend(result if isinstance(result, tuple) else (result,))
    elapsed = time.perf_counter() - started
    head = f"{'figure':42} {'ours':>10} {'reference':>10} {'ratio':>7}  {'target':18} {'met':4} reference is"
    print(head)
    print("-" * len(head))
    for f in figures:
        print(f"{f.name:42} {f.ours:>10.3f} {f.reference:>10.3f} {f.ratio:>7.2f}  {f.target:18} "
              f"{'yes' if f.met else 'NO':4} {f.reference_is} ({f.unit})")
    print(f"\n{sum(f.met for f in figures)}/{len(figures)} targets met; {elapsed:.0f} s on "
          f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores")
    results = {"elapsed_s": round(elapsed, 1), "python": platform.python_version(),
               "figures": [{**asdict(f), "ratio": round(f.ratio, 3)} for f in figures]}
    (BENCH / "results.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print("wrote bench/results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
