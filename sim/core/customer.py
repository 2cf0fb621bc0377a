"""The simulated customer: temperature, state machine and what they say next."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sim.core.draw import DrawnPersona
from sim.core.machine import GIVE_UP, CustomerModel, Moment, build_machine
from sim.core.scenario import Phrasing, Scenario
from sim.core.templates import fill

# Used when a scenario gives no lines of its own for these moments.
DEFAULT_NUDGES = (
    Phrasing(text="Hello? Are you still there?"),
    Phrasing(text="I'm still waiting for an answer."),
    Phrasing(text="Is anyone actually there?"),
)
DEFAULT_INTERRUPTED = (
    Phrasing(text="Excuse me, I wasn't finished."),
    Phrasing(text="Can you let me finish?"),
    Phrasing(text="Hold on, I'm still talking."),
)


@dataclass(frozen=True, slots=True)
class Reaction:
    """How the customer responds to a moment: where they are now and what they say."""

    text: str
    state: str
    previous_state: str
    cues: tuple[str, ...]
    temperature: int
    ending: str | None


class Customer:
    """One round's customer: drives the scenario's machine and picks phrasings without repeats."""

    def __init__(self, scenario: Scenario, persona: DrawnPersona, variables: dict[str, str],
                 rng: random.Random) -> None:
        self.scenario = scenario
        self.persona = persona
        self.variables = variables
        self.rng = rng
        self.temperature = persona.temperature
        self.silences = 0
        self._since_entered: set[str] = set()
        self._said: set[str] = set()
        self._last_said = ""
        self.model = CustomerModel()
        self.machine = build_machine(self.model, scenario)

    @property
    def state(self) -> str:
        """The customer's current state or ending name."""
        return self.model.state

    @property
    def ending(self) -> str | None:
        """The ending reached, if the conversation is over."""
        return self.state if self.state in self.scenario.endings else None

    def opening(self) -> Reaction:
        """The customer's first line."""
        state = self.scenario.states[self.state]
        return self._react(state.say, self.state, extra_cues=state.cues)

    def hear(self, behaviours: frozenset[str], *, interrupted: bool = False) -> Reaction:
        """React to one trainee turn that showed `behaviours`."""
        self.silences = 0
        # The silence itself already heated the customer; the late reply is not a second offence.
        self._heat(behaviours - {"dead_air"})
        self._since_entered |= behaviours
        return self._advance("respond", behaviours, interrupted=interrupted)

    def silence(self) -> Reaction:
        """React to the trainee saying nothing for longer than the persona's patience."""
        self.silences += 1
        self._heat(frozenset({"dead_air"}))
        return self._advance("silence", frozenset())

    def give_up(self) -> Reaction:
        """End the conversation because it ran past the scenario's turn limit."""
        previous = self.state
        self.model.fired = None
        self.model.trigger(GIVE_UP)
        return self._reaction_for(previous, frozenset(), silence=False, interrupted=False)

    # ------------------------------------------------------------ internals

    def _heat(self, behaviours: frozenset[str]) -> None:
        change = sum(self.persona.sensitivity.get(b, 0) for b in behaviours)
        self.temperature = max(0, min(100, self.temperature + change))

    def _advance(self, trigger: str, behaviours: frozenset[str], *, interrupted: bool = False
                 ) -> Reaction:
        previous = self.state
        moment = Moment(behaviours, frozenset(self._since_entered), self.temperature, self.silences)
        self.model.fired = None
        self.model.trigger(trigger, moment=moment)
        return self._reaction_for(previous, behaviours, silence=trigger == "silence",
                                  interrupted=interrupted)

    def _reaction_for(self, previous: str, behaviours: frozenset[str], *, silence: bool,
                      interrupted: bool) -> Reaction:
        fired = self.model.fired
        # A rule back to the same state (e.g. `otherwise`) is not a move: use `again` lines.
        moved = self.state != previous
        if moved:
            self._since_entered = set()
        if self.ending:
            ending = self.scenario.endings[self.ending]
            lines = fired.say if fired and fired.say else ending.say
            reaction = self._react(lines, previous, extra_cues=ending.cues)
        else:
            state = self.scenario.states[self.state]
            if fired and fired.say:
                lines = fired.say
            elif moved:
                lines = state.say
            elif silence:
                lines = state.nudge or self.scenario.nudges or list(DEFAULT_NUDGES)
            else:
                lines = state.again or state.say
            reaction = self._react(lines, previous, extra_cues=state.cues)
        reacted_to_interruption = fired is not None and "interrupts" in (*fired.any_of, *fired.all_of)
        if interrupted and not reacted_to_interruption:
            prefix = self._pick(self.scenario.interrupted or list(DEFAULT_INTERRUPTED))
            reaction = Reaction(f"{fill(prefix.text, self.variables)} {reaction.text}",
                                reaction.state, reaction.previous_state, reaction.cues,
                                reaction.temperature, reaction.ending)
        return reaction

    def _react(self, lines: list[Phrasing] | tuple[Phrasing, ...], previous: str,
               extra_cues: list[str]) -> Reaction:
        chosen = self._pick(lines)
        text = fill(chosen.text, self.variables)
        self._last_said = text
        cues = tuple(dict.fromkeys([*extra_cues, *chosen.cues]))
        return Reaction(text, self.state, previous, cues, self.temperature, self.ending)

    def _pick(self, lines: list[Phrasing] | tuple[Phrasing, ...]) -> Phrasing:
        # Prefer a phrasing not yet said this round; never repeat the line just said.
        fresh = [p for p in lines if fill(p.text, self.variables) not in self._said]
        if not fresh:
            fresh = [p for p in lines if fill(p.text, self.variables) != self._last_said] or list(lines)
        chosen = self.rng.choice(fresh)
        self._said.add(fill(chosen.text, self.variables))
        return chosen
