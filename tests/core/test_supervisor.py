"""The supervisor-unavailable scenario: the whole process resolves, bad handling does not.

The scripts in tests/data/rounds/ were written independently of the detectors, the way
new hires type (typos, lowercase, no punctuation); each is played with several seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.core.rehearse import play_script

ROUNDS = DATA / "rounds" / "supervisor-unavailable"
GOOD = sorted(ROUNDS.glob("good-*.txt"))
BAD = sorted(ROUNDS.glob("bad-*.txt"))
SEEDS = (1, 2, 3, 11, 97)


@pytest.mark.parametrize("script", GOOD, ids=lambda p: p.stem)
def test_a_well_handled_conversation_ends_resolved(supervisor, script: Path):
    for seed in SEEDS:
        record = play_script(supervisor, script.read_text(), seed)
        assert record.outcome == "resolved", f"seed {seed}"


@pytest.mark.parametrize("script", BAD, ids=lambda p: p.stem)
def test_a_badly_handled_conversation_escalates_or_walks_out(supervisor, script: Path):
    for seed in SEEDS:
        record = play_script(supervisor, script.read_text(), seed)
        assert record.outcome in ("escalated", "walked_out"), f"seed {seed}"
        avoided = [f for f in record.scorecard.findings if f.kind == "avoid" and f.result == "observed"]
        assert avoided, "a bad round shows at least one avoid-behaviour on the scorecard"


def test_the_scripts_are_there():
    assert len(GOOD) >= 10 and len(BAD) >= 10


def test_every_rehearsal_in_the_file_produces_its_ending_and_findings(supervisor):
    for rehearsal in supervisor.scenario.rehearsals:
        record = play_script(supervisor, "\n".join(rehearsal.trainee), rehearsal.seed)
        allowed = [rehearsal.outcome] if isinstance(rehearsal.outcome, str) else rehearsal.outcome
        assert record.outcome in allowed, rehearsal.name
        results = {f.behavior: f.result for f in record.scorecard.findings}
        for behavior in rehearsal.observed:
            assert results[behavior] == "observed", (rehearsal.name, behavior)
        for behavior in rehearsal.missed:
            assert results[behavior] == "missed", (rehearsal.name, behavior)


def test_a_resolved_round_quotes_the_trainees_words_as_evidence(supervisor):
    record = play_script(supervisor, (ROUNDS / "good-01.txt").read_text(), 1)
    empathy = next(f for f in record.scorecard.findings if f.behavior == "empathizes")
    turn = record.turns[empathy.evidence[0]]
    assert turn.speaker == "trainee"
    assert turn.quote("empathizes") in turn.text


def test_every_customer_line_has_at_least_three_phrasings(supervisor):
    s = supervisor.scenario
    groups = [st.say for st in s.states.values()] + [st.again for st in s.states.values()]
    groups += [e.say for e in s.endings.values()] + [s.nudges, s.interrupted]
    groups += [t.say for st in s.states.values() for t in st.on if t.say]
    assert all(len(g) >= 3 for g in groups)
