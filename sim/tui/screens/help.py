"""F1: how each behaviour is detected and how the score is made. The rules are never hidden."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from sim.core.catalogue import CATALOGUE, Kind, Signal
from sim.core.scoring import MAX_REPEAT_PENALTY, MIN_PENALTY, PENALTY_FACTOR, REPEAT_PENALTY
from sim.core.session import MESSAGES_IN_A_ROW, MONOLOGUE_WORDS


def help_text() -> str:
    """The help page, built from the catalogue and the scoring constants so it cannot drift."""
    lines = [
        "# How sim works",
        "",
        "**Talking.** Type and press Enter. The customer answers at their own pace; sending while "
        "they are still typing their words is an *interruption*. If you stay silent longer than "
        "their patience, they speak up, and that counts as *dead air*. **Ctrl+E** ends the round.",
        "",
        "**Scoring.** Each scenario expects certain habits where the conversation calls for them "
        "(a customer who just explained the problem calls for a restatement). Your score is the "
        "share of those habits you showed, out of those you had a chance to show. Each thing to "
        f"avoid that appeared costs {PENALTY_FACTOR:g} times one expected habit (at least "
        f"{MIN_PENALTY:g} points), plus {REPEAT_PENALTY:g} for each repeat (up to "
        f"{MAX_REPEAT_PENALTY:g}). The ending (resolved, escalated, walked out) comes from how the "
        "customer reacted, not from the score.",
        "",
        "**Detection** reads your words in two published layers: hand-written rules (phrases and "
        "sentence shapes, tolerant of typos, lowercase and missing punctuation, with the near "
        "misses below excluded) and phrase weights learned from labelled example messages. "
        "Every finding quotes the words that triggered it.",
        "",
        "## Habits to show",
        "",
    ]
    for b in CATALOGUE.values():
        if b.kind is Kind.DO:
            lines.append(f"- **{b.label}**: {b.meaning}.")
    lines += ["", "## Things to avoid", ""]
    for b in CATALOGUE.values():
        if b.kind is Kind.AVOID:
            how = "(timing)" if b.signal is Signal.TIMING else ""
            lines.append(f"- **{b.label}** {how}: {b.meaning}.")
    lines += [
        "",
        f"A turn over {MONOLOGUE_WORDS} words, or {MESSAGES_IN_A_ROW} messages in a row before the "
        "customer can answer, is a monologue. Refusing with an alternative is not dismissive; "
        "acronyms and codes in capitals are not shouting; 'I understand.' alone is not a "
        "confirmation; a rhetorical question is not a question.",
        "",
        "Press Escape to close.",
    ]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """The rules, in plain words."""

    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(help_text())
        yield Footer()
