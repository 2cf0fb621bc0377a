"""Typed models of the scenario format (one YAML file per scenario; see docs/scenario-format.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Scalar = str | int | float | bool


class _Strict(BaseModel):
    # Schemas are built on first validation, so loading a cached scenario skips that cost.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Value(_Strict):
    """A text drawn once per round: a literal, a faker method, or one of a list of choices."""

    literal: str | None = None
    faker: Name | None = None
    args: dict[Name, Scalar] = Field(default_factory=dict)
    choice: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _plain_text_is_literal(cls, data: Any) -> Any:
        if isinstance(data, str | int | float) and not isinstance(data, bool):
            return {"literal": str(data)}
        return data

    @model_validator(mode="after")
    def _exactly_one_source(self) -> Value:
        sources = [n for n in ("literal", "faker", "choice") if getattr(self, n) is not None]
        if len(sources) != 1:
            raise ValueError(
                "give exactly one of: a plain text, `faker: METHOD` or `choice: [...]`"
                + (f" (found {', '.join(sources)})" if sources else "")
            )
        if self.args and self.faker is None:
            raise ValueError("`args` only goes with `faker`")
        return self


class Number(_Strict):
    """A number fixed in the file, or drawn uniformly between two bounds each round."""

    between: tuple[float, float]

    @model_validator(mode="before")
    @classmethod
    def _plain_number(cls, data: Any) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"between": (data, data)}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Number:
        low, high = self.between
        if low > high:
            raise ValueError(f"`between: [{low:g}, {high:g}]` has its bounds the wrong way round")
        return self


def _fixed(value: float) -> Any:
    """A Number field defaulting to `value`, made on use (an instance made here, at import,
    would build every model's schema before any scenario is read)."""
    return Field(default_factory=lambda: Number(between=(value, value)),
                 json_schema_extra={"default": {"between": [float(value), float(value)]}})


class Persona(_Strict):
    """Who the customer is and how they react."""

    name: Value
    traits: list[str] = Field(default_factory=list)
    # Starting temperature: 0 is calm, 100 is about to leave.
    temperature: Number = _fixed(50)
    # Degrees each behaviour moves the temperature (negative calms); catalogue defaults apply.
    sensitivity: dict[str, Annotated[int, Field(ge=-50, le=50)]] = Field(default_factory=dict)
    # Seconds of trainee silence before the customer speaks up.
    patience: Number = _fixed(20)
    # Speaking (typing) pace in words per minute.
    pace: Number = _fixed(180)
    details: dict[Name, Value] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ranges(self) -> Persona:
        for field, low, high in (("temperature", 0, 100), ("patience", 1, 3600), ("pace", 20, 2000)):
            lo, hi = getattr(self, field).between
            if lo < low or hi > high:
                raise ValueError(f"`{field}` must stay between {low} and {high}")
        return self


class Phrasing(_Strict):
    """One way the customer can say a line, with optional cues for the rubric."""

    text: Annotated[str, Field(min_length=1)]
    cues: list[Name] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data


Phrasings = Annotated[list[Phrasing], Field(min_length=1)]


class Transition(_Strict):
    """Where the customer goes next, and what must happen for it; conditions all must hold."""

    to: Name
    any_of: list[Name] = Field(default_factory=list)
    all_of: list[Name] = Field(default_factory=list)
    none_of: list[Name] = Field(default_factory=list)
    temperature_above: Annotated[int, Field(ge=0, le=100)] | None = None
    temperature_below: Annotated[int, Field(ge=0, le=100)] | None = None
    silence: Annotated[int, Field(ge=1, le=100)] | None = None
    otherwise: bool = False
    say: list[Phrasing] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _silence_true_is_once(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("silence") is True:
            data = {**data, "silence": 1}
        return data

    @model_validator(mode="after")
    def _coherent(self) -> Transition:
        behavioural = bool(self.any_of or self.all_of or self.none_of)
        temperature = self.temperature_above is not None or self.temperature_below is not None
        if self.otherwise and (behavioural or temperature or self.silence):
            raise ValueError("`otherwise: true` is the fallback and takes no other condition")
        if self.silence and behavioural:
            raise ValueError("`silence` fires when the trainee says nothing, so it cannot "
                             "also require behaviours")
        if not (self.otherwise or behavioural or temperature or self.silence):
            raise ValueError("a transition needs a condition: any_of, all_of, none_of, "
                             "temperature_above, temperature_below, silence or otherwise")
        return self


class State(_Strict):
    """A moment in the conversation: what the customer says there and where they go next."""

    say: Phrasings
    again: list[Phrasing] = Field(default_factory=list)
    nudge: list[Phrasing] = Field(default_factory=list)
    cues: list[Name] = Field(default_factory=list)
    on: list[Transition] = Field(default_factory=list)


class Ending(_Strict):
    """A way the round ends, and the customer's last words."""

    say: Phrasings
    cues: list[Name] = Field(default_factory=list)


class CustomBehaviour(_Strict):
    """A behaviour declared by the scenario from phrases, or phrases added to a catalogue one."""

    phrases: Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(min_length=1)]
    label: str | None = None
    short: Annotated[str, Field(max_length=24)] | None = None
    kind: Literal["do", "avoid"] = "do"
    heat: Annotated[int, Field(ge=-50, le=50)] = 0
    coaching: str | None = None


class Expectation(_Strict):
    """A behaviour the rubric expects, and what creates the opportunity for it."""

    behavior: Name
    states: list[Name] = Field(default_factory=list)
    cues: list[Name] = Field(default_factory=list)
    # With cues: how many trainee turns after the cue still count as answering it.
    within: Annotated[int, Field(ge=1, le=20)] = 2
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    why: str | None = None


class Rubric(_Strict):
    """What the scorecard looks for."""

    expected: Annotated[list[Expectation], Field(min_length=1)]
    avoid: list[Name] | None = None


class Rehearsal(_Strict):
    """A scripted trainee conversation and what it must produce (run by the test suite)."""

    name: str
    seed: int = 1
    trainee: Annotated[list[str], Field(min_length=1)]
    outcome: Name | list[Name]
    observed: list[Name] = Field(default_factory=list)
    missed: list[Name] = Field(default_factory=list)


class Scenario(_Strict):
    """A whole scenario file."""

    id: Slug
    title: Annotated[str, Field(min_length=1, max_length=120)]
    summary: Annotated[str, Field(min_length=1)]
    difficulty: Annotated[int, Field(ge=1, le=5)]
    tips: Annotated[list[str], Field(min_length=1)]
    persona: Persona
    variables: dict[Name, Value] = Field(default_factory=dict)
    behaviors: dict[Name, CustomBehaviour] = Field(default_factory=dict)
    opening: Literal["customer", "trainee"] = "customer"
    initial: Name | None = None
    states: Annotated[dict[Name, State], Field(min_length=1)]
    anywhere: list[Transition] = Field(default_factory=list)
    endings: Annotated[dict[Name, Ending], Field(min_length=1)]
    interrupted: list[Phrasing] = Field(default_factory=list)
    nudges: list[Phrasing] = Field(default_factory=list)
    turn_limit: Annotated[int, Field(ge=1, le=500)] = 30
    turn_limit_ending: Name = "walked_out"
    rubric: Rubric
    rehearsals: list[Rehearsal] = Field(default_factory=list)
