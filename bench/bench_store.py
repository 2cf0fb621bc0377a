"""Store scale: history and export with 100,000 stored rounds.

Run: .venv/bin/python bench/bench_store.py   (builds a temporary database; about a minute)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 100_000
TRAINEES = 50


def build(path: Path) -> None:
    """Fill a database with realistic rounds: 7 turns and a scorecard each."""
    sys.path.insert(0, str(ROOT))
    from sim.core.library import open_scenario
    from sim.core.session import Session
    from sim.core.store import Store

    store = Store.open(path)
    session = Session(open_scenario("supervisor-unavailable"), seed=1, clock=lambda: 1767225600.0)
    for text in ("hi, sorry she is out today", "what happened?", "so you were charged twice?"):
        session.take_turn(text, 2)
    session.end()
    record = session.record()
    turns = [json.dumps(t.to_json()) for t in record.turns]
    card = json.dumps(record.scorecard.to_json()) if record.scorecard else None
    persona, variables = json.dumps(record.persona.to_json()), json.dumps(record.variables)
    ids = [store.trainee_id(f"trainee-{i}") for i in range(TRAINEES)]
    db = store._db
    db.execute("BEGIN")
    for n in range(ROUNDS):
        started = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00"
        cur = db.execute(
            "INSERT INTO rounds (trainee_id, scenario, title, seed, locale, started_at, updated_at, status,"
            " outcome, score, gap, persona, variables, scorecard, ratings)"
            " VALUES (?, 'supervisor-unavailable', 'The supervisor is out today', ?, 'en_US', ?, ?, 'done',"
            " 'ended', ?, ?, ?, ?, ?, '{}')",
            (ids[n % TRAINEES], n, started, started, n % 101, n % 4, persona, variables, card))
        db.executemany("INSERT INTO turns (round_id, idx, data) VALUES (?, ?, ?)",
                       [(cur.lastrowid, i, t) for i, t in enumerate(turns)])
    db.execute("COMMIT")
    store.close()


def main() -> dict[str, float]:
    """Build, then time history (with trends) and exports."""
    from run import median_seconds  # imported here: run.py imports this module

    from sim.core.store import Store
    from sim.export import to_csv, to_json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rounds.db"
        start = time.perf_counter()
        build(path)
        built = time.perf_counter() - start
        store = Store.open(path)

        def history() -> None:
            store.history("trainee-7", limit=50)
            store.trends("trainee-7")

        def export_all_csv() -> None:
            to_csv(store.csv_rows())

        def export_one() -> None:
            to_json([store.load(ROUNDS // 2)])

        result = {
            "rounds": ROUNDS,
            "build_s": round(built, 1),
            "history_ms": round(median_seconds(history, 7) * 1000, 2),
            "history_everyone_ms": round(median_seconds(lambda: store.history(None, limit=50), 7) * 1000, 2),
            "export_one_round_ms": round(median_seconds(export_one, 7) * 1000, 2),
            "export_csv_all_rounds_ms": round(median_seconds(export_all_csv, 3) * 1000, 1),
        }
    for key, value in result.items():
        print(f"{key:28} {value}")
    return result


if __name__ == "__main__":
    main()
