"""Plain-text rendering of transcripts and scorecards: no colour, no symbols a screen reader trips on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.core.catalogue import CATALOGUE
from sim.core.record import Finding, RoundRecord, Turn
from sim.core.scenario import Scenario

OUTCOME_WORDS = {
    "resolved": "resolved: the customer is satisfied",
    "escalated": "escalated: the customer is taking it further",
    "walked_out": "walked out: the customer left",
    "ended": "ended: you stopped before the customer reached an ending",
}


def label(behavior: str, scenario: Scenario | None = None) -> str:
    """A human name for a behaviour id."""
    if behavior in CATALOGUE:
        return CATALOGUE[behavior].label
    custom = scenario.behaviors.get(behavior) if scenario else None
    if custom and custom.label:
        return custom.label
    return behavior.replace("_", " ").capitalize()


def short_label(behavior: str, scenario: Scenario | None = None) -> str:
    """A few words for a behaviour, for narrow panels and tables."""
    if behavior in CATALOGUE and CATALOGUE[behavior].short:
        return CATALOGUE[behavior].short
    custom = scenario.behaviors.get(behavior) if scenario else None
    if custom and custom.short:
        return custom.short
    return label(behavior, scenario)


def clock(seconds: float) -> str:
    """Round time as m:ss."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def customer_line(turn: Turn, name: str) -> str:
    """How a customer line reads in plain mode and transcripts."""
    text = turn.delivered + " [cut off]" if turn.delivered else turn.text
    prefix = "(after a silence) " if turn.cause == "silence" else ""
    return f"{name}: {prefix}{text}"


def transcript(record: RoundRecord, scenario: Scenario | None = None) -> str:
    """The whole conversation with timings and the behaviours seen on each trainee turn."""
    out = []
    for t in record.turns:
        if t.speaker == "customer":
            if t.delivered == "":
                continue  # superseded before the customer started speaking
            out.append(f"[{clock(t.at)}] {customer_line(t, record.persona.name)}")
        else:
            out.append(f"[{clock(t.at)}] You: {t.text}")
            if t.behaviors:
                names = ", ".join(label(h.behavior, scenario) for h in t.behaviors)
                out.append(f"         seen: {names}")
    return "\n".join(out)


def _evidence(f: Finding, turns: Sequence[Turn], name: str) -> list[str]:
    lines = []
    for index in f.evidence[:3]:
        if index >= len(turns):
            continue
        t = turns[index]
        who = "you" if t.speaker == "trainee" else name
        text, quoted = t.evidence(f.behavior, 100)
        lines.append(f'      turn {index}, {who}: "{text}"' if quoted else f"      turn {index}: {text}")
    if len(f.evidence) > 3:
        lines.append(f"      and {len(f.evidence) - 3} more")
    return lines


def shown_out_of_turn(f: Finding, turns: Sequence[Turn]) -> str:
    """For a habit the trainee showed where the rubric did not score it, a note saying where
    (else ""): too late or too early for a missed one, anywhere for one never called for."""
    if f.kind != "expected" or f.result == "observed":
        return ""
    # Without this a trainee who saw the habit light up mid-round reads "missed" or "no
    # opportunity" as a fault of the detector; the rubric asks for it at a particular moment
    # (docs/scoring.md).
    elsewhere = _turns_showing(f.behavior, turns)
    if not elsewhere:
        return ""
    where = f"you showed it in turn{'s' if len(elsewhere) > 1 else ''} {', '.join(map(str, elsewhere[:3]))}"
    if f.result == "missed":
        return f"{where}, but not when the chance came"
    return f"{where}; this conversation never called for it, so it is not scored"


def _turns_showing(behavior: str, turns: Sequence[Turn]) -> list[int]:
    return [t.index for t in turns if t.speaker == "trainee" and behavior in t.behaviour_ids]


def views_that_differ(ratings: Mapping[str, str], findings: Sequence[Finding],
                      turns: Sequence[Turn]) -> list[str]:
    """The habits whose self-rating ("yes"/"no"; "partly" never differs) disagrees with the round.

    A habit scored "no opportunity" agrees with "yes" when the trainee showed it anyway: they
    are right that they did it, even if this conversation gave it no weight."""
    out = []
    for behavior, rating in ratings.items():
        if rating == "partly":
            continue
        results = [f.result for f in findings if f.behavior == behavior and f.kind == "expected"]
        did = "observed" in results or (
            "no_opportunity" in results and "missed" not in results and bool(_turns_showing(behavior, turns)))
        if (rating == "yes") != did:
            out.append(behavior)
    return out


def scorecard(record: RoundRecord, scenario: Scenario | None = None) -> str:
    """The scorecard as plain text: outcome, score, findings with quotes, coaching."""
    card = record.scorecard
    assert card is not None
    name = record.persona.name
    out = [f"Outcome: {OUTCOME_WORDS.get(record.outcome or '', record.outcome or 'in progress')}",
           f"Score: {card.score} out of 100", "", "Habits the conversation called for:"]
    for f in (f for f in card.findings if f.kind == "expected"):
        result = {"observed": "shown", "missed": "missed",
                  "no_opportunity": "no opportunity"}[f.result]
        out.append(f"  {label(f.behavior, scenario)}: {result}")
        if f.result == "missed" and f.evidence:
            out.append("      the chance came when the customer said:")
        out += _evidence(f, record.turns, name)
        if note := shown_out_of_turn(f, record.turns):
            out.append(f"      ({note})")
    shown = [f for f in card.findings if f.kind == "avoid" and f.result == "observed"]
    out += ["", "Things to avoid:"]
    if not shown:
        out.append("  none appeared")
    for f in shown:
        out.append(f"  {label(f.behavior, scenario)}: appeared")
        out += _evidence(f, record.turns, name)
    out += ["", f"Next time: {card.coaching}"]
    return "\n".join(out)
