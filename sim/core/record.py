"""The round record: one JSON shape for `sim run --json`, exports and the store (format 1)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from sim.core.draw import DrawnPersona

FORMAT = 1
Speaker = Literal["customer", "trainee"]
Result = Literal["observed", "missed", "no_opportunity"]


@dataclass(frozen=True, slots=True)
class Hit:
    """A behaviour on a turn, with the character spans that show it and why."""

    behavior: str
    spans: tuple[tuple[int, int], ...]
    reason: str

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        return {"behavior": self.behavior, "spans": [list(s) for s in self.spans],
                "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Hit:
        """Rebuild from JSON."""
        return cls(data["behavior"], tuple((int(a), int(b)) for a, b in data["spans"]),
                   data.get("reason", ""))


@dataclass(frozen=True, slots=True)
class Turn:
    """One line of the conversation, by the customer or the trainee."""

    index: int
    speaker: Speaker
    text: str
    at: float
    temperature: int
    state: str
    behaviors: tuple[Hit, ...] = ()
    cues: tuple[str, ...] = ()
    cause: str | None = None
    duration: float = 0.0
    delivered: str | None = None

    @property
    def behaviour_ids(self) -> frozenset[str]:
        """The ids of the behaviours on this turn."""
        return frozenset(h.behavior for h in self.behaviors)

    def hit(self, behavior: str) -> Hit | None:
        """The hit for `behavior` on this turn, if any."""
        return next((h for h in self.behaviors if h.behavior == behavior), None)

    def quote(self, behavior: str | None = None, limit: int = 120) -> str:
        """The words of this turn that show `behavior` (or the turn itself), shortened."""
        hit = self.hit(behavior) if behavior else None
        text = self.delivered if self.speaker == "customer" and self.delivered else self.text
        if hit and hit.spans and hit.spans[0][1] > hit.spans[0][0]:
            start, end = hit.spans[0]
            text = self.text[start:end]
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def evidence(self, behavior: str | None, limit: int = 120) -> tuple[str, bool]:
        """What this turn shows as evidence for `behavior`: (quoted words, True), or, for a
        timing behaviour that no words show, (the engine's reason, False)."""
        hit = self.hit(behavior) if behavior and self.speaker == "trainee" else None
        if hit is not None and not hit.spans:
            return hit.reason, False
        return self.quote(behavior if self.speaker == "trainee" else None, limit), True

    def to_json(self) -> dict[str, Any]:
        """JSON form; optional fields appear only when set."""
        out: dict[str, Any] = {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "at": round(self.at, 3),
            "behaviors": [h.to_json() for h in self.behaviors],
            "temperature": self.temperature,
            "state": self.state,
        }
        if self.cues:
            out["cues"] = list(self.cues)
        if self.cause:
            out["cause"] = self.cause
        if self.speaker == "customer":
            out["duration"] = round(self.duration, 3)
        if self.delivered is not None:
            out["delivered"] = self.delivered
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Turn:
        """Rebuild from JSON."""
        return cls(
            index=int(data["index"]), speaker=data["speaker"], text=data["text"],
            at=float(data["at"]), temperature=int(data["temperature"]), state=data.get("state", ""),
            behaviors=tuple(Hit.from_json(h) for h in data.get("behaviors", [])),
            cues=tuple(data.get("cues", ())), cause=data.get("cause"),
            duration=float(data.get("duration", 0.0)), delivered=data.get("delivered"),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One rubric line of the scorecard with the turns that are its evidence."""

    behavior: str
    kind: Literal["expected", "avoid"]
    result: Result
    evidence: tuple[int, ...] = ()
    why: str = ""

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {"behavior": self.behavior, "kind": self.kind,
                               "result": self.result, "evidence": list(self.evidence)}
        if self.why:
            out["why"] = self.why
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        """Rebuild from JSON."""
        return cls(data["behavior"], data["kind"], data["result"],
                   tuple(int(i) for i in data.get("evidence", ())), data.get("why", ""))


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The score, every finding with its evidence, and one thing to do differently."""

    score: int
    findings: tuple[Finding, ...]
    coaching: str

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        return {"score": self.score, "findings": [f.to_json() for f in self.findings],
                "coaching": self.coaching}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Scorecard:
        """Rebuild from JSON."""
        return cls(int(data["score"]), tuple(Finding.from_json(f) for f in data["findings"]),
                   data.get("coaching", ""))


@dataclass(frozen=True, slots=True)
class RoundRecord:
    """Everything about one round, enough to replay it, read it or score it again."""

    scenario: str
    seed: int
    locale: str
    started_at: str
    persona: DrawnPersona
    variables: dict[str, str]
    turns: tuple[Turn, ...]
    outcome: str | None
    scorecard: Scorecard | None
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (docs/round-record.md)."""
        return {
            "format": FORMAT,
            "scenario": self.scenario,
            "title": self.title,
            "seed": self.seed,
            "locale": self.locale,
            "started_at": self.started_at,
            "persona": self.persona.to_json(),
            "variables": dict(self.variables),
            "turns": [t.to_json() for t in self.turns],
            "outcome": self.outcome,
            "scorecard": self.scorecard.to_json() if self.scorecard else None,
            **self.extra,
        }

    def dumps(self) -> str:
        """Stable, human-diffable JSON text."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RoundRecord:
        """Rebuild a record from its JSON form."""
        if data.get("format") != FORMAT:
            raise ValueError(f"unsupported round record format {data.get('format')!r}; "
                             f"this version reads format {FORMAT}")
        known = {"format", "scenario", "title", "seed", "locale", "started_at", "persona",
                 "variables", "turns", "outcome", "scorecard"}
        return cls(
            scenario=data["scenario"], seed=int(data["seed"]), locale=data.get("locale", "en_US"),
            started_at=data.get("started_at", ""), persona=DrawnPersona.from_json(data["persona"]),
            variables=dict(data.get("variables", {})),
            turns=tuple(Turn.from_json(t) for t in data["turns"]),
            outcome=data.get("outcome"),
            scorecard=Scorecard.from_json(data["scorecard"]) if data.get("scorecard") else None,
            title=data.get("title", ""),
            extra={k: v for k, v in data.items() if k not in known},
        )
