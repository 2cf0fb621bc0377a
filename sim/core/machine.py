"""The customer's state machine, built declaratively from scenario data with `transitions`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transitions import EventData, Machine

from sim.core.scenario import Scenario, Transition

GIVE_UP = "give_up"


@dataclass(frozen=True, slots=True)
class Moment:
    """What the customer knows when deciding where to go: passed to every condition."""

    behaviours: frozenset[str] = frozenset()
    since_entered: frozenset[str] = frozenset()
    temperature: int = 50
    silences: int = 0


@dataclass(slots=True)
class When:
    """A transition's conditions from the file, as one named callable for `transitions`."""

    rule: Transition

    def __call__(self, event: EventData) -> bool:
        moment: Moment = event.kwargs["moment"]
        r = self.rule
        if r.silence is not None:
            return moment.silences >= r.silence and self._temperature(moment)
        if r.otherwise:
            return True
        if r.any_of and not moment.behaviours.intersection(r.any_of):
            return False
        # all_of counts everything shown since the customer entered this state, so the
        # trainee may spread the steps over several messages.
        if r.all_of and not moment.since_entered.issuperset(r.all_of):
            return False
        if r.none_of and moment.behaviours.intersection(r.none_of):
            return False
        return self._temperature(moment)

    def _temperature(self, moment: Moment) -> bool:
        r = self.rule
        if r.temperature_above is not None and not moment.temperature > r.temperature_above:
            return False
        return not (r.temperature_below is not None and not moment.temperature < r.temperature_below)

    @property
    def __name__(self) -> str:  # transitions names conditions in its diagrams and logs
        return "when " + describe(self.rule)


@dataclass(slots=True)
class Fired:
    """Remembers on the model which rule moved the customer, so its `say` lines are used."""

    rule: Transition | None

    def __call__(self, event: EventData) -> None:
        event.model.fired = self.rule


def describe(rule: Transition) -> str:
    """What makes a rule fire, in words that survive any diagram syntax (graphs, lint, logs)."""
    if rule.otherwise:
        return "otherwise"
    parts = []
    if rule.silence:
        parts.append("silence" + (f" x{rule.silence}" if rule.silence > 1 else ""))
    if rule.any_of:
        parts.append("any of " + ", ".join(rule.any_of))
    if rule.all_of:
        parts.append("all of " + ", ".join(rule.all_of))
    if rule.none_of:
        parts.append("none of " + ", ".join(rule.none_of))
    if rule.temperature_above is not None:
        parts.append(f"temperature above {rule.temperature_above}")
    if rule.temperature_below is not None:
        parts.append(f"temperature below {rule.temperature_below}")
    return " and ".join(parts)


@dataclass(frozen=True, slots=True)
class Rule:
    """One transition as the machine tries it from one state, and where it is in the file."""

    source: str
    key: tuple[str | int, ...]
    transition: Transition


def ordered_rules(scenario: Scenario, state: str) -> list[Rule]:
    """A state's rules in the order the machine tries them: its own, `anywhere`, its fallback."""
    own = [Rule(state, ("states", state, "on", i), t) for i, t in enumerate(scenario.states[state].on)]
    anywhere = [Rule(state, ("anywhere", i), t) for i, t in enumerate(scenario.anywhere)]
    return ([r for r in own if not r.transition.otherwise] + anywhere
            + [r for r in own if r.transition.otherwise])


class CustomerModel:
    """The object `transitions` drives: only the state and the rule that last fired.

    No __slots__: `transitions` attaches `trigger`, `is_<state>` and friends to it.
    """

    def __init__(self) -> None:
        self.state = ""
        self.fired: Transition | None = None


def transition_table(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's transitions as `transitions` dicts, in the order they are tried."""
    table: list[dict[str, Any]] = []
    live = list(scenario.states)
    for name in scenario.states:
        for rule in (r.transition for r in ordered_rules(scenario, name)):
            table.append({
                "trigger": rule.trigger,
                "source": name,
                "dest": rule.to,
                "conditions": [When(rule)],
                "after": [Fired(rule)],
            })
    table.append({"trigger": GIVE_UP, "source": live, "dest": scenario.turn_limit_ending,
                  "after": [Fired(None)]})
    return table


def build_machine(model: CustomerModel, scenario: Scenario) -> Machine:
    """A Machine over `model` with the scenario's states, endings and transitions."""
    states: list[dict[str, Any]] = [{"name": n} for n in scenario.states]
    states += [{"name": n, "final": True} for n in scenario.endings]
    return Machine(
        model=model,
        states=states,
        initial=scenario.initial_state,
        transitions=transition_table(scenario),
        auto_transitions=False,
        send_event=True,
        # A trainee turn that moves nothing is normal: the customer just answers again.
        ignore_invalid_triggers=True,
    )
