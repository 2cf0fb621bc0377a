"""The scorecard: which expected habits appeared where they were called for, which bad ones did.

The rules are published in docs/scoring.md; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sim.core.catalogue import AVOID_BEHAVIOURS, CATALOGUE
from sim.core.record import Finding, Scorecard, Turn
from sim.core.scenario import Expectation, Scenario

# A shown avoid-behaviour costs at least 1.5 times what one missed expected behaviour of
# weight 1 costs, and never less than 15 points.
MIN_PENALTY = 15.0
PENALTY_FACTOR = 1.5
REPEAT_PENALTY = 5.0
MAX_REPEAT_PENALTY = 10.0


@dataclass(frozen=True, slots=True)
class _Window:
    """The trainee turns that answer an opportunity, and the customer turns that created it."""

    trainee: tuple[int, ...]
    openers: tuple[int, ...]


def _context(turns: Sequence[Turn]) -> dict[int, Turn]:
    """For each trainee turn, the last customer turn before it."""
    last: Turn | None = None
    out: dict[int, Turn] = {}
    for t in turns:
        if t.speaker == "customer":
            last = t
        elif last is not None:
            out[t.index] = last
    return out


def _window(item: Expectation, turns: Sequence[Turn], scenario: Scenario) -> _Window:
    """Opportunities come from what the customer said, so silence cannot dodge them."""
    heard = [t for t in turns if t.speaker == "customer" and t.delivered != ""]
    trainee = [t for t in turns if t.speaker == "trainee"]
    if scenario.opening == "trainee" and item.states and scenario.initial_state in item.states:
        # The customer waits for the trainee to open: the round's start is the opportunity,
        # answered by the trainee's messages before the customer's first line.
        first = next((t.index for t in turns if t.speaker == "customer"), len(turns))
        opening = [t.index for t in trainee if t.index < first]
        if opening:
            other = _window(replace(item, states=[s for s in item.states if s != scenario.initial_state]),
                            turns, scenario) if len(item.states) > 1 else _Window((), ())
            return _Window(tuple(sorted({*opening, *other.trainee})),
                           tuple(sorted({opening[0], *other.openers})))
    if not item.states and not item.cues:
        return _Window(tuple(t.index for t in trainee), (heard[0].index,) if heard else ())
    context = _context(turns)
    chosen: set[int] = set()
    openers: set[int] = set()
    if item.states:
        openers.update(c.index for c in heard if c.state in item.states)
        chosen.update(t.index for t in trainee
                      if (before := context.get(t.index)) is not None and before.state in item.states)
    if item.cues:
        for c in heard:
            if set(c.cues) & set(item.cues):
                openers.add(c.index)
                chosen.update([t.index for t in trainee if t.index > c.index][: item.within])
    return _Window(tuple(sorted(chosen)), tuple(sorted(openers)))


def expectations(scenario: Scenario) -> list[Expectation]:
    """The rubric's expectations plus the round-level one: ask at least one question."""
    items = list(scenario.rubric.expected)
    if not any(i.behavior == "asks_question" for i in items):
        items.append(Expectation(behavior="asks_question",
                                 why="every conversation needs at least one real question"))
    return items


def avoid_list(scenario: Scenario) -> list[str]:
    """Behaviours the scorecard counts against the trainee."""
    if scenario.rubric.avoid is not None:
        return list(scenario.rubric.avoid)
    custom = [n for n, b in scenario.behaviors.items() if b.kind == "avoid" and n not in CATALOGUE]
    return [*AVOID_BEHAVIOURS, *custom]


def score_round(scenario: Scenario, turns: Sequence[Turn]) -> Scorecard:
    """Score a transcript against the scenario's rubric."""
    findings: list[Finding] = []
    possible = earned = 0.0
    for item in expectations(scenario):
        window = _window(item, turns, scenario)
        if not window.openers:
            findings.append(Finding(item.behavior, "expected", "no_opportunity", (), item.why or ""))
            continue
        possible += item.weight
        shown = tuple(i for i in window.trainee if item.behavior in turns[i].behaviour_ids)
        if shown:
            earned += item.weight
            findings.append(Finding(item.behavior, "expected", "observed", shown, item.why or ""))
        else:
            evidence = window.openers if item.states or item.cues else ()
            findings.append(Finding(item.behavior, "expected", "missed", evidence, item.why or ""))
    penalty_each = max(MIN_PENALTY, PENALTY_FACTOR * 100.0 / possible) if possible else MIN_PENALTY
    penalties = 0.0
    for behavior in avoid_list(scenario):
        shown = tuple(t.index for t in turns if behavior in t.behaviour_ids)
        if behavior == "dead_air" and not shown:
            shown = tuple(t.index for t in turns if t.cause == "silence")
        if shown:
            penalties += penalty_each + min(MAX_REPEAT_PENALTY, REPEAT_PENALTY * (len(shown) - 1))
            findings.append(Finding(behavior, "avoid", "observed", shown))
        else:
            findings.append(Finding(behavior, "avoid", "missed", ()))
    base = 100.0 * earned / possible if possible else 100.0
    score = max(0, min(100, round(base - penalties)))
    return Scorecard(score, tuple(findings), coaching_for(scenario, findings, turns))


def _label(scenario: Scenario, behavior: str) -> tuple[str, int]:
    if behavior in CATALOGUE:
        b = CATALOGUE[behavior]
        return b.coaching, b.default_heat
    custom = scenario.behaviors.get(behavior)
    text = (custom.coaching or custom.label) if custom else None
    # Folded YAML (`coaching: >`) keeps a trailing newline; the advice is one paragraph.
    return " ".join((text or f"Work on `{behavior}`.").split()), custom.heat if custom else 0


def coaching_for(scenario: Scenario, findings: Sequence[Finding], turns: Sequence[Turn]) -> str:
    """One concrete thing to do differently next round, pointing at the turn that shows why."""
    bad = [f for f in findings if f.kind == "avoid" and f.result == "observed"]
    if bad:
        worst = max(bad, key=lambda f: _label(scenario, f.behavior)[1])
        turn = turns[worst.evidence[0]]
        advice = _label(scenario, worst.behavior)[0]
        hit = turn.hit(worst.behavior) if turn.speaker == "trainee" else None
        if hit is not None and hit.spans:
            return f'In turn {turn.index} you wrote "{turn.quote(worst.behavior, 80)}". {advice}'
        if hit is not None:
            return f"In turn {turn.index}, {hit.reason}. {advice}"
        return f"In turn {turn.index}: {advice}"
    missed = [f for f in findings if f.kind == "expected" and f.result == "missed"]
    if missed:
        first = min(missed, key=lambda f: f.evidence[0] if f.evidence else 10**9)
        advice = _label(scenario, first.behavior)[0]
        if first.evidence:
            turn = turns[first.evidence[0]]
            return (f'{advice} Your chance came in turn {turn.index}, when the customer said '
                    f'"{turn.quote(limit=80)}".')
        return advice
    return ("Every expected habit was there and nothing to avoid appeared. Next round, try a "
            "customer of higher difficulty, or aim to resolve it in fewer turns.")
