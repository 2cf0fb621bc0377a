"""A round in progress: `take_turn()` is the only door front ends use into the engine.

Time is round time in seconds from the customer's first line. The engine never reads a
clock to decide anything: callers say when a message was sent relative to the end of the
customer's last line, so batch runs, tests and the live app behave identically.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sim.core.customer import Customer, Reaction
from sim.core.draw import DEFAULT_LOCALE, Draw, DrawnPersona, draw_round, new_seed
from sim.core.phrases import PhraseBook
from sim.core.record import Hit, RoundRecord, Scorecard, Turn
from sim.core.scenario import LoadedScenario, Scenario
from sim.core.scoring import score_round

# How long the customer takes to read a message before starting to reply.
REACTION_SECONDS = 1.2
READING_WPM = 400
MAX_REACTION_SECONDS = 5.0
# A turn this long leaves the customer no room (unless they asked for an explanation).
MONOLOGUE_WORDS = 90
EXPLAINED_MONOLOGUE_WORDS = 180
MESSAGES_IN_A_ROW = 3
_ASKED_TO_EXPLAIN = re.compile(r"\b(explain|walk me through|tell me (everything|more|exactly)|in detail)\b",
                               re.IGNORECASE)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

TurnListener = Callable[[Turn], None]


class RoundOver(RuntimeError):
    """Raised when a turn is taken after the round has ended."""


@dataclass(frozen=True, slots=True)
class Event:
    """Something the front end may want to show: an interruption, a silence, a change of mood."""

    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class TurnResult:
    """What one call into the engine produced."""

    turn: Turn | None
    lines: tuple[Turn, ...]
    events: tuple[Event, ...]
    outcome: str | None

    @property
    def reply(self) -> Turn | None:
        """The customer's answer to this turn (the last line they say), if any."""
        return self.lines[-1] if self.lines else None


def clean_text(text: str) -> str:
    """Trainee text with control characters removed, so anything pasted is shown harmlessly."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def _words(text: str) -> list[str]:
    return text.split()


class Session:
    """One round with one customer, from the opening line to an ending."""

    def __init__(
        self,
        scenario: LoadedScenario | Scenario,
        *,
        seed: int | None = None,
        locale: str = DEFAULT_LOCALE,
        clock: Callable[[], float] = time.time,
        listeners: Iterable[TurnListener] = (),
        draw: Callable[[Scenario, int, str], Draw] = draw_round,
    ) -> None:
        self.scenario: Scenario = scenario.scenario if isinstance(scenario, LoadedScenario) else scenario
        self.seed = new_seed() if seed is None else seed
        self.locale = locale
        self.started_at = datetime.fromtimestamp(clock(), UTC).isoformat(timespec="seconds")
        self._listeners = list(listeners)
        # `draw` may hand over one made ahead of time (sim.core.draw_ahead): the same customer.
        drawn = draw(self.scenario, self.seed, locale)
        self.persona: DrawnPersona = drawn.persona
        self.variables = drawn.variables
        # One random source for the whole round, derived from the seed: replies, choices.
        self._rng = random.Random(f"{self.seed}:replies")
        self.customer = Customer(self.scenario, self.persona, self.variables, self._rng)
        self.phrasebooks = {name: PhraseBook(b.phrases) for name, b in self.scenario.behaviors.items()}
        self.turns: list[Turn] = []
        self._outcome: str | None = None
        self._streak = 0
        self._trainee_turns = 0
        self._last_line: Turn | None = None
        if self.scenario.opening == "customer":
            self._say(self.customer.opening(), at=0.0, cause="opening")

    # ------------------------------------------------------------ queries

    @property
    def over(self) -> bool:
        """True once the customer reached an ending or the trainee ended the round."""
        return self._outcome is not None

    @property
    def outcome(self) -> str | None:
        """The ending's name, `ended` if the trainee stopped first, or None while playing."""
        return self._outcome

    @property
    def temperature(self) -> int:
        """How the customer feels right now: 0 calm, 100 about to leave."""
        return self.customer.temperature

    @property
    def patience(self) -> float:
        """Seconds of silence after a customer line before the customer speaks up."""
        return self.persona.patience

    @property
    def last_line(self) -> Turn | None:
        """The customer's most recent line."""
        return self._last_line

    def add_listener(self, listener: TurnListener) -> None:
        """Call `listener` with every turn as it is recorded, and again if it is amended."""
        self._listeners.append(listener)

    # ------------------------------------------------------------ commands

    def take_turn(self, text: str, sent_at: float) -> TurnResult:
        """Record a trainee message sent `sent_at` s after the customer's last line ended."""
        if self.over:
            raise RoundOver("the round has ended; start a new one")
        text = clean_text(text)
        if not text.strip():
            raise ValueError("an empty message is not a turn")
        anchor = self._last_line.at + self._last_line.duration if self._last_line else 0.0
        at = anchor + sent_at
        events: list[Event] = []
        lines: list[Turn] = []
        timing: list[Hit] = []

        line = self._last_line
        if line is None or at >= line.at + line.duration:
            # Silence first: the customer may have spoken up (or left) before this message.
            lines += self._silences_until(at)
            if self.over:
                return TurnResult(None, tuple(lines), (Event("ended", "the customer has left"),),
                                  self._outcome)
            line = self._last_line
        # Round time never runs backwards, whatever the caller says.
        at = max(at, self._last_trainee_at(), 0.0)
        if line is not None and at < line.at + line.duration:
            if at <= line.at and line.cause == "reply":
                # The customer had not started answering: another message in a row.
                self._amend(replace(line, delivered=""))
                events.append(Event("in_a_row", "you sent again before the customer replied"))
            elif line.cause == "silence":
                # The trainee was already typing when the customer spoke up: the lateness is
                # dead air, counted once; cutting the "are you there?" short is no second fault.
                self._amend(replace(line, delivered=self._heard_words(line, at)))
            else:
                heard = self._heard_words(line, at)
                self._amend(replace(line, delivered=heard))
                timing.append(Hit("interrupts", (), f"sent {line.at + line.duration - at:.1f} s "
                                  "before the customer finished speaking"))
                events.append(Event("interrupted", "you cut the customer off"))
        if self.customer.silences:
            timing.append(Hit("dead_air", (), f"the customer waited over {self.patience:g} s "
                              "without a reply"))
        interrupted = any(h.behavior == "interrupts" for h in timing)

        heard_line = self._last_heard()
        from sim.core.detect import detect_behaviours  # ~25 ms: not before the first turn

        detections = detect_behaviours(text, heard_line, extra=self.phrasebooks)
        hits = [Hit(d.behavior, ((d.start, d.end),), d.reason) for d in detections]
        self._streak = self._streak + 1 if self._previous_speaker_was_trainee() else 1
        word_count = len(_words(text))
        limit = EXPLAINED_MONOLOGUE_WORDS if heard_line and _ASKED_TO_EXPLAIN.search(heard_line) \
            else MONOLOGUE_WORDS
        if self._streak >= MESSAGES_IN_A_ROW:
            timing.append(Hit("monologues", (), f"{self._streak} messages in a row without "
                              "letting the customer answer"))
        elif word_count > limit:
            timing.append(Hit("monologues", (), f"{word_count} words in one turn leave the "
                              "customer no room"))
        hits += timing
        behaviours = frozenset(h.behavior for h in hits)

        state_before = self.customer.state
        self._trainee_turns += 1
        reaction = self.customer.hear(behaviours, interrupted=interrupted)
        if not reaction.ending and self._trainee_turns >= self.scenario.turn_limit:
            reaction = self.customer.give_up()
            events.append(Event("turn_limit", f"{self.scenario.turn_limit} turns without an ending"))
        turn = self._record(Turn(len(self.turns), "trainee", text, at, self.customer.temperature,
                                 state_before, tuple(hits)))
        if reaction.state != reaction.previous_state:
            events.append(Event("moved", f"{reaction.previous_state} -> {reaction.state}"))
        lines.append(self._say(reaction, at=at + self._reaction_time(text), cause="reply"))
        if self.over:
            events.append(Event("ended", self._outcome or ""))
        return TurnResult(turn, tuple(lines), tuple(events), self._outcome)

    def wait(self, seconds: float) -> TurnResult:
        """The trainee has been silent `seconds` since the customer's last line ended."""
        if self.over:
            raise RoundOver("the round has ended; start a new one")
        anchor = self._last_line.at + self._last_line.duration if self._last_line else 0.0
        lines = self._silences_until(anchor + seconds, at_the_limit=True)
        events = [Event("silence", "the customer spoke up after your silence")] if lines else []
        if self.over:
            events.append(Event("ended", self._outcome or ""))
        return TurnResult(None, tuple(lines), tuple(events), self._outcome)

    def end(self) -> None:
        """The trainee ends the round; if no ending was reached the outcome is `ended`."""
        if not self.over:
            self._outcome = "ended"

    def scorecard(self) -> Scorecard:
        """The scorecard for the conversation so far."""
        return score_round(self.scenario, self.turns)

    def record(self) -> RoundRecord:
        """The round record (docs/round-record.md)."""
        return RoundRecord(
            scenario=self.scenario.id, title=self.scenario.title, seed=self.seed, locale=self.locale,
            started_at=self.started_at, persona=self.persona, variables=dict(self.variables),
            turns=tuple(self.turns), outcome=self._outcome, scorecard=self.scorecard(),
        )

    # ------------------------------------------------------------ internals

    def _silences_until(self, at: float, *, at_the_limit: bool = False) -> list[Turn]:
        # A message sent exactly at the limit is on time; a silence that reaches it is not.
        lines: list[Turn] = []
        while not self.over:
            anchor = self._last_line.at + self._last_line.duration if self._last_line else 0.0
            deadline = anchor + self.patience
            if at < deadline or (at == deadline and not at_the_limit):
                break
            lines.append(self._say(self.customer.silence(), at=deadline, cause="silence"))
        return lines

    def _say(self, reaction: Reaction, *, at: float, cause: str) -> Turn:
        duration = len(_words(reaction.text)) * 60.0 / self.persona.pace
        turn = self._record(Turn(len(self.turns), "customer", reaction.text, at, reaction.temperature,
                                 reaction.state, (), reaction.cues, cause, duration))
        self._last_line = turn
        if reaction.ending:
            self._outcome = reaction.ending
        return turn

    def _record(self, turn: Turn) -> Turn:
        self.turns.append(turn)
        for listener in self._listeners:
            listener(turn)
        return turn

    def _amend(self, turn: Turn) -> None:
        self.turns[turn.index] = turn
        if self._last_line is not None and self._last_line.index == turn.index:
            self._last_line = turn
        for listener in self._listeners:
            listener(turn)

    def _heard_words(self, line: Turn, at: float) -> str:
        words = _words(line.text)
        share = (at - line.at) / line.duration if line.duration else 1.0
        return " ".join(words[: max(0, min(len(words), int(share * len(words))))])

    def _last_heard(self) -> str | None:
        for t in reversed(self.turns):
            if t.speaker == "customer" and t.delivered != "":
                return t.delivered if t.delivered is not None else t.text
        return None

    def _last_trainee_at(self) -> float:
        return next((t.at for t in reversed(self.turns) if t.speaker == "trainee"), 0.0)

    def _previous_speaker_was_trainee(self) -> bool:
        for t in reversed(self.turns):
            if t.speaker == "trainee":
                return True
            if t.delivered != "":
                return False
        return False

    def _reaction_time(self, text: str) -> float:
        reading = len(_words(text)) * 60.0 / READING_WPM
        return min(MAX_REACTION_SECONDS, REACTION_SECONDS + reading)

