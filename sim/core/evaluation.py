"""Measuring the detectors: precision, recall and F1 against labelled utterances."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sim.core.catalogue import AVOID_BEHAVIOURS, TEXT_BEHAVIOURS
from sim.core.detect import detect_behaviours


@dataclass(frozen=True, slots=True)
class Utterance:
    """One line of a JSONL file to detect behaviours in (labels optional)."""

    line: int
    id: Any
    text: str
    customer: str | None = None
    labels: frozenset[str] | None = None
    # Labels that map only loosely (SGD's `behaviors_weak`): never scored.
    weak: frozenset[str] = frozenset()


class InputError(ValueError):
    """A JSONL line that cannot be read, with its line number."""

    def __init__(self, line: int, message: str, id: Any = None) -> None:
        self.line, self.id = line, id
        super().__init__(message)

    def __reduce__(self) -> tuple[type[InputError], tuple[int, str, Any]]:
        # Bulk detection sends these back from worker processes.
        return InputError, (self.line, str(self), self.id)


def read_jsonl(lines: Iterable[str]) -> Iterator[Utterance | InputError]:
    """Parse JSONL lines into utterances; bad lines come back as InputError, in order."""
    for number, raw in enumerate(lines, start=1):
        item = read_line(number, raw)
        if item is not None:
            yield item


def read_line(number: int, raw: str) -> Utterance | InputError | None:
    """One JSONL line as an utterance, an InputError, or None for a blank line."""
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return InputError(number, f"not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(data, dict):
        return InputError(number, "each line must be a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        return InputError(number, 'needs a "text" string', data.get("id"))
    customer = data.get("customer", data.get("context_prev_user"))
    labels = data.get("behaviors")
    return Utterance(
        line=number, id=data.get("id"), text=text,
        customer=customer if isinstance(customer, str) and customer else None,
        labels=frozenset(labels) if isinstance(labels, list) else None,
        weak=frozenset(data.get("behaviors_weak") or ()),
    )


@dataclass(slots=True)
class Tally:
    """Counts for one behaviour."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of detections that were right (1.0 when nothing was detected)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled occurrences that were detected (1.0 when there were none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    """Per-behaviour tallies over a labelled set."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {b: Tally() for b in TEXT_BEHAVIOURS})
    lines: int = 0

    @property
    def macro_f1(self) -> float:
        """Unweighted mean F1 over the behaviours that occur or are detected."""
        used = [t for t in self.tallies.values() if t.tp + t.fp + t.fn]
        return sum(t.f1 for t in used) / len(used) if used else 1.0


def evaluate(utterances: Iterable[Utterance]) -> Report:
    """Score the detectors against every labelled utterance."""
    report = Report()
    for u in utterances:
        if u.labels is None:
            continue
        report.lines += 1
        found = {d.behavior for d in detect_behaviours(u.text, u.customer)}
        for b, tally in report.tallies.items():
            if b in u.weak and b not in u.labels:
                continue
            if b in found and b in u.labels:
                tally.tp += 1
            elif b in found:
                tally.fp += 1
            elif b in u.labels:
                tally.fn += 1
    return report


@dataclass(slots=True)
class PartialReport:
    """A check against data that labels only some behaviours (e.g. SGD agent turns)."""

    lines: int = 0
    recall: dict[str, Tally] = field(default_factory=dict)
    false_alarms: dict[str, int] = field(default_factory=lambda: {b: 0 for b in AVOID_BEHAVIOURS
                                                                   if b in TEXT_BEHAVIOURS})


def evaluate_partial(utterances: Iterable[Utterance]) -> PartialReport:
    """Recall of the labelled behaviours, and how often avoid-behaviours fire at all."""
    report = PartialReport()
    for u in utterances:
        report.lines += 1
        found = {d.behavior for d in detect_behaviours(u.text, u.customer)}
        for b in u.labels or ():
            tally = report.recall.setdefault(b, Tally())
            if b in found:
                tally.tp += 1
            else:
                tally.fn += 1
        for b in report.false_alarms:
            if b in found:
                report.false_alarms[b] += 1
    return report
