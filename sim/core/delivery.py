"""How much of a customer line has been heard at a given round time (the UI animates this)."""

from __future__ import annotations

from sim.core.record import Turn


def heard_text(turn: Turn, round_now: float) -> str | None:
    """The words of a customer `turn` spoken by `round_now`; None before it starts."""
    if turn.delivered is not None:
        return turn.delivered or None
    if round_now < turn.at:
        return None
    words = turn.text.split()
    if turn.duration <= 0 or round_now >= turn.at + turn.duration:
        return turn.text
    shown = int((round_now - turn.at) / turn.duration * len(words))
    return " ".join(words[: max(1, shown)])


def fully_heard(turn: Turn, round_now: float) -> bool:
    """True once the customer has finished (or been cut off from) this line."""
    return turn.delivered is not None or round_now >= turn.at + turn.duration
