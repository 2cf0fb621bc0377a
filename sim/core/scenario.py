"""The scenario as the engine uses it: plain frozen classes, built once a file has been validated.

The file format, with its shorthands, limits and messages, is checked by the pydantic models in
`scenario_file.py`; what passes is turned into these classes. They import nothing heavy, so a
round can start from a cached, already validated scenario without loading pydantic or YAML.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

_model = dataclass(frozen=True, slots=True, kw_only=True)


@_model
class Value:
    """A text drawn once per round: a literal, a faker method, or one of a list of choices."""

    literal: str | None = None
    faker: str | None = None
    args: dict[str, str | int | float | bool] = field(default_factory=dict)
    choice: list[str] | None = None


@_model
class Number:
    """A number fixed in the file, or drawn uniformly between two bounds each round."""

    between: tuple[float, float]


def _fixed(value: float) -> Any:
    return field(default_factory=lambda: Number(between=(float(value), float(value))))


@_model
class Persona:
    """Who the customer is and how they react."""

    name: Value
    traits: list[str] = field(default_factory=list)
    temperature: Number = _fixed(50)
    sensitivity: dict[str, int] = field(default_factory=dict)
    patience: Number = _fixed(20)
    pace: Number = _fixed(180)
    details: dict[str, Value] = field(default_factory=dict)


@_model
class Phrasing:
    """One way the customer can say a line, with optional cues for the rubric."""

    text: str
    cues: list[str] = field(default_factory=list)


@_model
class Transition:
    """Where the customer goes next, and what must happen for it; conditions all must hold."""

    to: str
    any_of: list[str] = field(default_factory=list)
    all_of: list[str] = field(default_factory=list)
    none_of: list[str] = field(default_factory=list)
    temperature_above: int | None = None
    temperature_below: int | None = None
    silence: int | None = None
    otherwise: bool = False
    say: list[Phrasing] = field(default_factory=list)

    @property
    def trigger(self) -> Literal["respond", "silence"]:
        """The engine event this transition listens to."""
        return "silence" if self.silence else "respond"


@_model
class State:
    """A moment in the conversation: what the customer says there and where they go next."""

    say: list[Phrasing]
    again: list[Phrasing] = field(default_factory=list)
    nudge: list[Phrasing] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    on: list[Transition] = field(default_factory=list)


@_model
class Ending:
    """A way the round ends, and the customer's last words."""

    say: list[Phrasing]
    cues: list[str] = field(default_factory=list)


@_model
class CustomBehaviour:
    """A behaviour declared by the scenario from phrases, or phrases added to a catalogue one."""

    phrases: list[str]
    label: str | None = None
    short: str | None = None
    kind: Literal["do", "avoid"] = "do"
    heat: int = 0
    coaching: str | None = None


@_model
class Expectation:
    """A behaviour the rubric expects, and what creates the opportunity for it."""

    behavior: str
    states: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    within: int = 2
    weight: float = 1.0
    why: str | None = None


@_model
class Rubric:
    """What the scorecard looks for."""

    expected: list[Expectation]
    avoid: list[str] | None = None


@_model
class Rehearsal:
    """A scripted trainee conversation and what it must produce (run by the test suite)."""

    name: str
    seed: int = 1
    trainee: list[str]
    outcome: str | list[str]
    observed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


@_model
class Scenario:
    """A whole scenario."""

    id: str
    title: str
    summary: str
    difficulty: int
    tips: list[str]
    persona: Persona
    variables: dict[str, Value] = field(default_factory=dict)
    behaviors: dict[str, CustomBehaviour] = field(default_factory=dict)
    opening: Literal["customer", "trainee"] = "customer"
    initial: str | None = None
    states: dict[str, State]
    anywhere: list[Transition] = field(default_factory=list)
    endings: dict[str, Ending]
    interrupted: list[Phrasing] = field(default_factory=list)
    nudges: list[Phrasing] = field(default_factory=list)
    turn_limit: int = 30
    turn_limit_ending: str = "walked_out"
    rubric: Rubric
    rehearsals: list[Rehearsal] = field(default_factory=list)

    @property
    def initial_state(self) -> str:
        """The state the customer starts in (the first listed unless `initial` says otherwise)."""
        return self.initial or next(iter(self.states))


# ---------------------------------------------------------------- where it came from

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class LoadedScenario:
    """A validated scenario and where it came from (positions kept for later messages)."""

    scenario: Scenario
    path: Path
    positions: dict[PathKey, tuple[int, int]] = field(repr=False)

    def where(self, key: PathKey) -> tuple[int, int]:
        """Line and column of the nearest located part of `key`."""
        return nearest(self.positions, key)


def nearest(positions: dict[PathKey, tuple[int, int]], key: PathKey) -> tuple[int, int]:
    """Line and column of `key`, or of its closest located parent."""
    for cut in range(len(key), -1, -1):
        if key[:cut] in positions:
            return positions[key[:cut]]
    return (1, 1)


# ---------------------------------------------------------------- from plain data

M = typing.TypeVar("M")


def build(model: type[M], data: dict[str, Any]) -> M:
    """`model` from plain data already validated: a file's pydantic dump, or a cached copy of it."""
    hints = _hints(model)
    return model(**{name: _convert(hints[name], value) for name, value in data.items()})


@cache
def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(hint)
        return {k: _convert(item, v) for k, v in value.items()}
    if origin is tuple:
        return tuple(_convert(arm, v) for arm, v in zip(typing.get_args(hint), value, strict=True))
    if origin is types.UnionType or origin is typing.Union:
        for arm in typing.get_args(hint):
            if _fits(arm, value):
                return _convert(arm, value)
        return value
    if dataclasses.is_dataclass(hint):
        return build(hint, value)  # type: ignore[arg-type]
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def _fits(arm: Any, value: Any) -> bool:
    """Whether `value` has the shape of one arm of a union (`str | list[str]`, `Value | None`)."""
    origin = typing.get_origin(arm) or arm
    if dataclasses.is_dataclass(origin):
        return isinstance(value, dict)
    if origin is Literal:
        return value in typing.get_args(arm)
    return isinstance(value, origin) if isinstance(origin, type) else True
