"""`sim run` and `sim play --plain` as a trainer or trainee would run them."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from sim.core.session import Session
from sim.plain import PlainPlayer
from tests.conftest import DATA, fixed_clock

GOOD = DATA / "rounds" / "supervisor-unavailable" / "good-01.txt"


def sim(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True,
                          input=stdin, timeout=60)


def test_run_json_prints_the_round_record():
    result = sim("run", "supervisor-unavailable", "--trainee", str(GOOD), "--seed", "5", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["format"] == 1
    assert record["scenario"] == "supervisor-unavailable"
    assert record["seed"] == 5
    assert record["outcome"] == "resolved"
    assert {"name", "traits", "temperature", "patience", "pace"} <= set(record["persona"])
    turn = record["turns"][1]
    assert turn["speaker"] == "trainee"
    assert {"text", "at", "behaviors", "temperature"} <= set(turn)
    assert {"behavior", "spans", "reason"} <= set(turn["behaviors"][0])
    card = record["scorecard"]
    assert 0 <= card["score"] <= 100 and card["coaching"]
    assert all({"behavior", "kind", "result", "evidence"} <= set(f) for f in card["findings"])


def test_run_with_the_same_seed_prints_the_same_round_apart_from_the_date():
    def body(out: str) -> dict:
        record = json.loads(out)
        record.pop("started_at")
        return record

    a = sim("run", "supervisor-unavailable", "--trainee", str(GOOD), "--seed", "9", "--json")
    b = sim("run", "supervisor-unavailable", "--trainee", str(GOOD), "--seed", "9", "--json")
    assert body(a.stdout) == body(b.stdout)


def test_run_prints_a_readable_transcript_and_scorecard():
    result = sim("run", "supervisor-unavailable", "--trainee", str(GOOD), "--seed", "5")
    assert "You: " in result.stdout
    assert "Outcome: resolved" in result.stdout
    assert "Next time:" in result.stdout


def test_run_reports_a_missing_trainee_file():
    result = sim("run", "supervisor-unavailable", "--trainee", "nope.txt")
    assert result.returncode == 2
    assert result.stderr.strip() == "sim: nope.txt: no such file"


def test_run_accepts_a_scenario_path():
    path = str(DATA / "scenarios" / "mini.yaml")
    result = sim("run", path, "--trainee", "-", "--json", stdin="that sounds so frustrating\n")
    assert json.loads(result.stdout)["scenario"] == "mini"


def test_plain_play_works_over_a_pipe():
    result = sim("play", "supervisor-unavailable", "--plain", "--seed", "3",
                 stdin=GOOD.read_text())
    assert result.returncode == 0, result.stderr
    assert "Outcome: resolved" in result.stdout
    assert "\x1b[" not in result.stdout  # no escape codes for screen readers


def test_plain_play_ends_at_end_of_input_with_a_scorecard():
    result = sim("play", "supervisor-unavailable", "--plain", stdin="hello\n")
    assert "Outcome: ended" in result.stdout


class ScriptedLines:
    """Typed lines for PlainPlayer; None means the trainee stays silent until the timeout."""

    def __init__(self, clock, lines):
        self.clock, self.lines = clock, list(lines)

    def read(self, timeout):
        item = self.lines.pop(0) if self.lines else ""
        if item is None:
            self.clock.now += timeout
        return item


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_plain_play_speaks_up_when_the_trainee_stays_silent(mini):
    clock = FakeClock()
    out = io.StringIO()
    session = Session(mini, seed=1, clock=fixed_clock)
    PlainPlayer(session, ScriptedLines(clock, [None, "/end\n"]), out, clock).play()
    nudges = [f"(after a silence) {t}" for t in ("Hello?", "Anyone there?", "Are you there?")]
    assert any(line.split(": ", 1)[-1] in nudges for line in out.getvalue().splitlines())
    assert "Leaves dead air: appeared" in out.getvalue()


def test_a_reader_that_stops_early_gets_no_error_text():
    proc = subprocess.run(f"{sys.executable} -m sim list | head -1", shell=True, capture_output=True,
                          text=True, timeout=60)
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == ""


def test_the_exit_code_survives_the_quick_exit():
    assert sim("validate", "no-such-file.yaml").returncode == 1
    assert sim("list").returncode == 0
