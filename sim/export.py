"""Exports of stored rounds: JSON (the round record), Markdown for a coach, CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sim.core.record import Turn
from sim.core.store import StoredRound

CSV_COLUMNS = ("round", "trainee", "started_at", "scenario", "seed", "status", "outcome", "score",
               "gap", "disputes", "latest_score")


def as_json(stored: StoredRound) -> dict[str, Any]:
    """The round record (docs/round-record.md) plus what the trainee and the store added."""
    data = stored.record.to_json()
    data["round"] = stored.id
    data["trainee"] = stored.trainee
    data["status"] = stored.status
    data["self_assessment"] = stored.ratings
    data["disputes"] = [{"behavior": d.behavior, "comment": d.comment, "at": d.created_at}
                        for d in stored.disputes]
    data["rescores"] = [{"at": at, **card.to_json()} for at, card in stored.rescores]
    return data


def to_json(rounds: Iterable[StoredRound]) -> str:
    """One record for one round, an array for several."""
    items = [as_json(r) for r in rounds]
    return json.dumps(items[0] if len(items) == 1 else items, indent=2, ensure_ascii=False)


def to_markdown(rounds: Iterable[StoredRound]) -> str:
    """A readable transcript and scorecard per round, for a coach."""
    from sim.report import OUTCOME_WORDS, clock, label

    out: list[str] = []
    for r in rounds:
        rec = r.record
        out += [f"# Round {r.id}: {rec.title or rec.scenario}", "",
                f"- Trainee: {r.trainee}", f"- Started: {rec.started_at}",
                f"- Scenario: `{rec.scenario}`, seed {rec.seed}",
                f"- Customer: {rec.persona.name}",
                f"- Ending: {OUTCOME_WORDS.get(rec.outcome or '', rec.outcome or r.status)}"]
        if rec.scorecard:
            out.append(f"- Score: {rec.scorecard.score}/100")
        out += ["", "## Transcript", ""]
        for t in rec.turns:
            if t.speaker == "customer" and t.delivered == "":
                continue
            who = "**You**" if t.speaker == "trainee" else f"**{rec.persona.name}**"
            text = t.delivered + " —" if t.delivered else t.text
            out.append(f"{clock(t.at)} {who}: {text}  ")
        if rec.scorecard:
            out += ["", "## Scorecard", "", "| Habit | Self-assessment | Observed | Evidence |",
                    "|---|---|---|---|"]
            for f in rec.scorecard.findings:
                if f.kind != "expected":
                    continue
                quotes = "; ".join(_evidence(rec.turns[i], f.behavior, i) for i in f.evidence[:2]
                                   if i < len(rec.turns))
                out.append(f"| {label(f.behavior)} | {r.ratings.get(f.behavior, '-')} | "
                           f"{f.result.replace('_', ' ')} | {quotes.replace('|', '/')} |")
            shown = [f for f in rec.scorecard.findings if f.kind == "avoid" and f.result == "observed"]
            out += ["", "Things to avoid: " + (", ".join(label(f.behavior) for f in shown) or "none")]
            out += ["", f"Next time: {rec.scorecard.coaching}"]
        if r.disputes:
            out += ["", "## Disputed findings", ""]
            out += [f"- {label(d.behavior)}: {d.comment}" for d in r.disputes]
        out += ["", "---", ""]
    return "\n".join(out)


def _evidence(turn: Turn, behavior: str, index: int) -> str:
    text, quoted = turn.evidence(behavior, 60)
    return f'turn {index}: "{text}"' if quoted else f"turn {index}: {text}"


def to_csv(rows: Iterable[Sequence[Any]]) -> str:
    """One row per round, from `Store.csv_rows` (summaries only: fast at any size)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
