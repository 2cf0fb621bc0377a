"""Scenario tests: a scenario's own rehearsals, and seeded random playthroughs that must end.

`sim test` and the test suite both drive this module; it uses only the engine API, a fixed
clock, and no real time.
"""

from __future__ import annotations

import random
import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field

from sim.core.record import RoundRecord
from sim.core.scenario import LoadedScenario, Rehearsal
from sim.core.script import IN_A_ROW, ScriptLine, parse_line
from sim.core.session import Session

# Rounds are stamped with this wall-clock time so a test run is byte-for-byte repeatable.
TEST_CLOCK_START = 1767225600.0  # 2026-01-01T00:00:00Z

# Trainee messages for random playthroughs: good habits, bad ones, and noise, so that
# playthroughs wander into every corner of a scenario. Scenario phrases and rehearsal lines
# are added to these.
TRAINEE_POOL = (
    "Hi, thanks for calling, my name is Sam. How can I help?",
    "I'm really sorry about all of this, that sounds so frustrating.",
    "I understand, I'd be annoyed too.",
    "Let me check that for you right now.",
    "Could you tell me your order number?",
    "So if I've got this right, the delivery never arrived?",
    "Here's what I'll do: I'll raise a ticket now and email you by 5pm today.",
    "Is there anything else I can help with?",
    "Does that make sense so far?",
    "I could offer you a refund or a replacement, whichever you prefer.",
    "Thank you for your patience.",
    "That's not my department.",
    "Calm down.",
    "WHY ARE YOU SHOUTING AT ME",
    "You should have read the terms.",
    "There's nothing I can do, it's policy.",
    "Whatever.",
    "ok",
    "hmm",
    "Please hold.",
    "Our SLA for tier-2 escalations is 72h per the RMA workflow.",
    "I can't promise that, but I can find out and call you back within the hour.",
    "It's a damn mess, honestly.",
    "Sorry, one moment, I'm typing.",
    "?",
)


def _clock() -> float:
    return TEST_CLOCK_START


def play_lines(loaded: LoadedScenario, lines: Iterable[ScriptLine], seed: int) -> RoundRecord:
    """Play scripted trainee messages until the round ends, then end it and return the record."""
    session = Session(loaded, seed=seed, clock=_clock)
    for line in lines:
        if session.over:
            break
        session.take_turn(line.text, line.sent_at)
    session.end()
    return session.record()


@dataclass(frozen=True, slots=True)
class RehearsalResult:
    """One rehearsal: what it promised and what went wrong, if anything."""

    name: str
    line: int
    failures: tuple[str, ...]
    record: RoundRecord | None

    @property
    def passed(self) -> bool:
        """True if the rehearsal produced its ending and every promised finding."""
        return not self.failures


def run_rehearsal(loaded: LoadedScenario, index: int) -> RehearsalResult:
    """Play the scenario's rehearsal number `index` and compare with its promises."""
    rehearsal: Rehearsal = loaded.scenario.rehearsals[index]
    line, _ = loaded.where(("rehearsals", index))
    script = []
    for i, text in enumerate(rehearsal.trainee):
        try:
            parsed = parse_line(text, i + 1)
        except ValueError as exc:
            return RehearsalResult(rehearsal.name, line, (f"trainee line {i + 1}: {exc}",), None)
        if parsed:
            script.append(parsed)
    try:
        record = play_lines(loaded, script, rehearsal.seed)
    except Exception as exc:  # a crash is a failed rehearsal, reported with its cause
        return RehearsalResult(rehearsal.name, line, (f"crashed: {type(exc).__name__}: {exc}",), None)
    failures = []
    allowed = [rehearsal.outcome] if isinstance(rehearsal.outcome, str) else rehearsal.outcome
    if record.outcome not in allowed:
        failures.append(f"ended `{record.outcome}`, expected {' or '.join(f'`{o}`' for o in allowed)}"
                        f" (path: {' -> '.join(_path(record))})")
    results = {f.behavior: f.result for f in record.scorecard.findings}
    for promised, field_name in ((rehearsal.observed, "observed"), (rehearsal.missed, "missed")):
        for behaviour in promised:
            got = results.get(behaviour)
            if got is None:
                failures.append(f"`{behaviour}` was not on the scorecard, expected {field_name} (the "
                                "scorecard lists the rubric's expected behaviours and any avoided ones "
                                "shown)")
            elif got != field_name:
                failures.append(f"`{behaviour}` was {got.replace('_', ' ')}, expected {field_name}")
    return RehearsalResult(rehearsal.name, line, tuple(failures), record)


def _path(record: RoundRecord) -> list[str]:
    states: list[str] = []
    for turn in record.turns:
        if turn.speaker == "trainee" and (not states or states[-1] != turn.state):
            states.append(turn.state)
    if record.outcome and (not states or states[-1] != record.outcome):
        states.append(record.outcome)
    return states


# ---------------------------------------------------------------- random playthroughs

_UNFILLED = re.compile(r"\{[a-z][a-z0-9_]*\}")


@dataclass(slots=True)
class Playthrough:
    """One seeded random round: its transcript so far and what went wrong, if anything."""

    seed: int
    steps: list[str] = field(default_factory=list)
    failure: str | None = None
    outcome: str | None = None

    @property
    def passed(self) -> bool:
        """True if the round reached an ending cleanly within the turn limit."""
        return self.failure is None


def trainee_pool(loaded: LoadedScenario) -> list[str]:
    """Lines a random trainee may send: the generic pool plus what this scenario listens for."""
    s = loaded.scenario
    pool = list(TRAINEE_POOL)
    for behaviour in s.behaviors.values():
        pool += [p.replace("*", "a few words") for p in behaviour.phrases]
    for rehearsal in s.rehearsals:
        for text in rehearsal.trainee:
            try:
                parsed = parse_line(text)
            except ValueError:
                continue
            if parsed:
                pool.append(parsed.text)
    return list(dict.fromkeys(pool))


def random_playthrough(loaded: LoadedScenario, seed: int) -> Playthrough:
    """Play one round with random lines and timings; it must end within the turn limit."""
    s = loaded.scenario
    rng = random.Random(f"playthrough:{seed}")
    pool = trainee_pool(loaded)
    result = Playthrough(seed)
    try:
        session = Session(loaded, seed=seed, clock=_clock)
        _note_lines(result, session.turns)
        trainee_turns = 0
        # Waits never count as turns, so cap them: a customer may nudge for ever by design.
        for _ in range(s.turn_limit * 4):
            if session.over:
                break
            roll = rng.random()
            if roll < 0.15:
                seconds = rng.uniform(0.5, 2.5) * session.patience
                result.steps.append(f"(waits {seconds:.0f} s)")
                turn = session.wait(seconds)
            else:
                text = rng.choice(pool)
                if roll < 0.25:
                    sent_at = IN_A_ROW
                    result.steps.append(f"& {text}")
                else:
                    sent_at = round(rng.uniform(-4.0, 1.3 * session.patience), 1)
                    result.steps.append(f"{sent_at:+g}s {text}")
                turn = session.take_turn(text, sent_at)
                trainee_turns += 1
            _note_lines(result, turn.lines)
            if result.failure:
                return result
            if trainee_turns > s.turn_limit and not session.over:
                break
        result.outcome = session.outcome
        if not session.over:
            result.failure = (f"no ending after {trainee_turns} trainee turns "
                              f"(turn limit {s.turn_limit}); the customer is in `{session.customer.state}`")
        else:
            session.record().dumps()  # the record must serialise, as the store will need it
    except Exception as exc:  # the point of a playthrough is to find crashes, so keep the cause
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        result.failure = (f"crashed: {type(exc).__name__}: {exc} "
                          f"(at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})")
    return result


def _note_lines(result: Playthrough, lines: Iterable[object]) -> None:
    for line in lines:
        text = getattr(line, "text", "")
        result.steps.append(f"  customer: {text}")
        if result.failure is None:
            if not text.strip():
                result.failure = "the customer said an empty line"
            elif m := _UNFILLED.search(text):
                result.failure = f"the customer said an unfilled template `{m.group(0)}`"
