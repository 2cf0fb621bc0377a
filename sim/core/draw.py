"""Drawing a round's customer: persona and variables from the one seeded random source."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.core.catalogue import CATALOGUE

if TYPE_CHECKING:
    from faker import Faker

    from sim.core.scenario import Number, Scenario, Value


DEFAULT_LOCALE = "en_US"


def new_seed() -> int:
    """A seed for a new customer (short enough to read off a scorecard and type back)."""
    import secrets

    return secrets.randbelow(1_000_000_000)


class DrawError(ValueError):
    """A value the scenario asks for that cannot be drawn (unknown locale, Faker method)."""


_FAKERS: dict[str, Faker] = {}


def make_faker(locale: str, seed: int) -> Faker:
    """A Faker for `locale`, seeded so the same seed draws the same details.

    One instance per locale is kept and reseeded: building one loads every provider (~30 ms),
    and a reseeded instance draws exactly what a new one would (tests/core/test_session.py).
    """
    fake = _FAKERS.get(locale)
    if fake is None:
        # Imported here: faker costs ~100 ms and many commands never draw a customer.
        from faker import Faker

        try:
            fake = _FAKERS[locale] = Faker(locale)
        except AttributeError:
            raise DrawError(f"unknown locale `{locale}`: use a Faker locale such as en_US, en_GB, "
                            "fr_FR or de_DE") from None
    fake.seed_instance(seed)
    return fake


def draw_value(value: Value, fake: Faker, rng: random.Random | None) -> str:
    """One text for `value`: its literal, a Faker draw, or a seeded choice."""
    if value.literal is not None:
        return value.literal
    if value.choice is not None:
        return rng.choice(value.choice) if rng else value.choice[0]
    assert value.faker is not None
    try:
        result: Any = getattr(fake, value.faker)(**value.args)
    except (AttributeError, TypeError, ValueError) as exc:
        raise DrawError(f"Faker cannot draw `{value.faker}` here: {exc}") from None
    return str(result)


def draw_number(number: Number, rng: random.Random) -> float:
    """A number within the scenario's bounds."""
    low, high = number.between
    return low if low == high else rng.uniform(low, high)


@dataclass(frozen=True, slots=True)
class DrawnPersona:
    """The customer as drawn for one round: every number fixed, every name chosen."""

    name: str
    traits: tuple[str, ...]
    temperature: int
    patience: float
    pace: float
    sensitivity: dict[str, int] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The persona as it appears in the round record."""
        return {
            "name": self.name,
            "traits": list(self.traits),
            "temperature": self.temperature,
            "patience": round(self.patience, 2),
            "pace": round(self.pace, 1),
            "sensitivity": dict(sorted(self.sensitivity.items())),
            "details": dict(self.details),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DrawnPersona:
        """Rebuild a persona from a round record."""
        return cls(
            name=str(data["name"]),
            traits=tuple(data.get("traits", ())),
            temperature=int(data["temperature"]),
            patience=float(data["patience"]),
            pace=float(data["pace"]),
            sensitivity={str(k): int(v) for k, v in data.get("sensitivity", {}).items()},
            details={str(k): str(v) for k, v in data.get("details", {}).items()},
        )


@dataclass(frozen=True, slots=True)
class Draw:
    """Everything random about a round, fixed up front from the seed."""

    persona: DrawnPersona
    variables: dict[str, str]


def draw_round(scenario: Scenario, seed: int, locale: str) -> Draw:
    """Draw the persona and variables for `scenario` from `seed`."""
    rng = random.Random(seed)
    fake = make_faker(locale, rng.getrandbits(32))
    p = scenario.persona
    sensitivity = {b.id: b.default_heat for b in CATALOGUE.values()}
    sensitivity.update({name: custom.heat for name, custom in scenario.behaviors.items()
                        if name not in CATALOGUE})
    sensitivity.update(p.sensitivity)
    details = {name: draw_value(v, fake, rng) for name, v in p.details.items()}
    persona = DrawnPersona(
        name=draw_value(p.name, fake, rng),
        traits=tuple(p.traits),
        temperature=round(draw_number(p.temperature, rng)),
        patience=round(draw_number(p.patience, rng), 1),
        pace=round(draw_number(p.pace, rng)),
        sensitivity=sensitivity,
        details=details,
    )
    variables = {name: draw_value(v, fake, rng) for name, v in scenario.variables.items()}
    variables.update(details)
    variables["customer_name"] = persona.name
    return Draw(persona, variables)
