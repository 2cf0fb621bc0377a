"""Detection speed: `sim detect --jsonl` over the labelled corpus, as a whole process.

Run: .venv/bin/python bench/bench_detect.py   (prints utterances/s and median time per utterance)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT / "tests" / "data" / "corpus.jsonl", ROOT / "tests" / "data" / "heldout.jsonl"]
REPEAT = 8  # the corpus is small; repeat it so process start-up does not dominate


def corpus_lines() -> list[str]:
    """Every utterance of the corpus as a `sim detect --jsonl` input line."""
    lines = []
    for path in CORPUS:
        for raw in path.read_text("utf-8").splitlines():
            row = json.loads(raw)
            lines.append(json.dumps({"id": row["id"], "text": row["text"], "customer": row.get("customer")}))
    return lines


def main() -> dict[str, float]:
    """Measure and print throughput of the CLI and the per-utterance median in process."""
    sys.path.insert(0, str(ROOT))
    from sim.core.detect import detect_behaviours

    lines = corpus_lines() * REPEAT
    payload = "\n".join(lines) + "\n"
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sim", "detect", "--jsonl", "-"], input=payload,
                       capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
    best = min(runs)
    rows = [json.loads(x) for x in corpus_lines()]
    timings = []
    for row in rows:
        start = time.perf_counter()
        detect_behaviours(row["text"], row.get("customer"))
        timings.append(time.perf_counter() - start)
    result = {
        "utterances": len(lines),
        "cli_seconds": round(best, 3),
        "cli_utterances_per_second": round(len(lines) / best),
        "median_ms_per_utterance": round(statistics.median(timings) * 1000, 4),
        "p99_ms_per_utterance": round(sorted(timings)[int(len(timings) * 0.99)] * 1000, 4),
    }
    for key, value in result.items():
        print(f"{key:28} {value}")
    return result


if __name__ == "__main__":
    main()
