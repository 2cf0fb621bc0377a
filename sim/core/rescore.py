"""Scoring stored rounds again with today's detectors and rubrics, keeping the original scores."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sim.core.catalogue import CATALOGUE, Signal
from sim.core.detect import detect_behaviours
from sim.core.phrases import PhraseBook
from sim.core.record import Hit, RoundRecord, Scorecard, Turn
from sim.core.scenario import Scenario
from sim.core.scoring import score_round


@dataclass(frozen=True, slots=True)
class Change:
    """How a round's score and findings moved."""

    before: int | None
    after: int
    moved: tuple[str, ...]


def redetect(record: RoundRecord, scenario: Scenario) -> list[Turn]:
    """The round's turns with text behaviours found again; timing behaviours are facts, kept."""
    books = {name: PhraseBook(b.phrases) for name, b in scenario.behaviors.items()}
    heard: str | None = None
    turns: list[Turn] = []
    for t in record.turns:
        if t.speaker == "customer":
            if t.delivered != "":
                heard = t.delivered if t.delivered is not None else t.text
            turns.append(t)
            continue
        timing = [h for h in t.behaviors if h.behavior in CATALOGUE
                  and CATALOGUE[h.behavior].signal is Signal.TIMING]
        found = [Hit(d.behavior, ((d.start, d.end),), d.reason)
                 for d in detect_behaviours(t.text, heard, extra=books)]
        turns.append(replace(t, behaviors=tuple(found + timing)))
    return turns


def rescore(record: RoundRecord, scenario: Scenario) -> tuple[Scorecard, Change]:
    """Today's scorecard for a stored round, and what changed since it was scored."""
    card = score_round(scenario, redetect(record, scenario))
    old = {(f.behavior, f.kind): f.result for f in record.scorecard.findings} if record.scorecard else {}
    moved = tuple(f"{f.behavior}: {old[(f.behavior, f.kind)]} -> {f.result}" for f in card.findings
                  if (f.behavior, f.kind) in old and old[(f.behavior, f.kind)] != f.result)
    before = record.scorecard.score if record.scorecard else None
    return card, Change(before, card.score, moved)
