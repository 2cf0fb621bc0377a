"""The scorecard: your rating beside what was observed, with your own words as evidence."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from sim.core.record import RoundRecord
from sim.core.scenario import Scenario
from sim.core.store import Dispute
from sim.report import OUTCOME_WORDS, label, short_label, shown_out_of_turn, views_that_differ

RESULT_WORDS = {"observed": "shown", "missed": "missed", "no_opportunity": "no opportunity"}


def evidence(record: RoundRecord, behavior: str, indices: tuple[int, ...]) -> Text:
    """The quoted turns behind a finding."""
    out = Text()
    for index in indices[:2]:
        turn = record.turns[index]
        text, quoted = turn.evidence(behavior, 70)
        if not quoted:
            out.append(f"turn {index}: {text}\n", style="italic")
            continue
        who = "you" if turn.speaker == "trainee" else "customer"
        out.append(f"turn {index}, {who}: ", style="italic")
        out.append(f"\"{text}\"\n")
    return out


class ScorecardScreen(Screen[None]):
    """What happened, what you thought happened, and one thing to do next time."""

    BINDINGS = [
        Binding("r", "retry", "Same customer again"),
        Binding("n", "new_customer", "New customer"),
        Binding("d", "dispute", "Dispute a finding"),
        Binding("h,escape", "home", "Back"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, record: RoundRecord, ratings: dict[str, str], scenario: Scenario | None, *,
                 round_id: int | None = None, read_only: bool = False,
                 disputes: tuple[Dispute, ...] = ()) -> None:
        super().__init__()
        self.record = record
        self.ratings = ratings
        self.scenario = scenario
        self.round_id = round_id
        self.read_only = read_only
        self.disputes = disputes

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Past rounds are read-only; replaying needs the scenario; disputes need a stored round."""
        if action in ("retry", "new_customer"):
            return self.scenario is not None and not self.read_only
        if action == "dispute":
            return self.round_id is not None and getattr(self.app, "store", None) is not None
        return True

    def compose(self) -> ComposeResult:
        record, card, s = self.record, self.record.scorecard, self.scenario
        assert card is not None
        head = Text(f"{record.title or record.scenario}: ", style="bold")
        head.append(OUTCOME_WORDS.get(record.outcome or "", record.outcome or ""))
        head.append(f"    Score {card.score}/100", style="bold")
        yield Static(head, id="score-head")
        with VerticalScroll(id="score-body"):
            table = Table(expand=True, show_edge=False, pad_edge=False)
            table.add_column("Habit", ratio=2)
            table.add_column("You", width=6, no_wrap=True)
            table.add_column("Observed", width=14, no_wrap=True)
            table.add_column("Evidence", ratio=5)
            for f in card.findings:
                if f.kind != "expected":
                    continue
                found = evidence(record, f.behavior, f.evidence)
                if note := shown_out_of_turn(f, record.turns):
                    found.append(f"({note})\n", style="italic")
                table.add_row(short_label(f.behavior, s), self.ratings.get(f.behavior, "-"),
                              RESULT_WORDS[f.result], found)
            yield Static(table, id="findings")
            shown = [f for f in card.findings if f.kind == "avoid" and f.result == "observed"]
            avoid = Text("Things to avoid: ", style="bold")
            if not shown:
                avoid.append("none appeared.")
            for f in shown:
                avoid.append(f"\n{label(f.behavior, s)}\n", style="bold")
                avoid.append_text(evidence(record, f.behavior, f.evidence))
            yield Static(avoid, id="avoid")
            gap = views_that_differ(self.ratings, card.findings, record.turns)
            if gap:
                note = Text("Where your view and the observation differ: ", style="bold")
                note.append(", ".join(label(b, s) for b in gap))
                yield Static(note, id="gap")
            coaching = Text("Next time: ", style="bold")
            coaching.append(card.coaching)
            yield Static(coaching, id="coaching")
            yield Static(self._dispute_text(), id="disputes")
        yield Footer()

    def _dispute_text(self) -> Text:
        if not self.disputes:
            return Text("")
        out = Text("Disputed by you: ", style="bold")
        out.append("; ".join(f"{label(d.behavior, self.scenario)} ({d.comment})" for d in self.disputes))
        return out

    def _restart(self, seed: int | None) -> None:
        from sim.tui.app import SimApp

        app = self.app
        assert isinstance(app, SimApp) and self.scenario is not None
        app.start_round(self.scenario, seed=seed, replace=True)

    def action_retry(self) -> None:
        """The same customer again: same scenario, same seed."""
        self._restart(self.record.seed)

    def action_dispute(self) -> None:
        """Mark one finding as disputed, with a comment."""
        from sim.tui.screens.dispute import DisputeScreen

        card = self.record.scorecard
        if card is None or self.round_id is None:
            return
        choices = [(f.behavior, f"{label(f.behavior, self.scenario)}: {f.kind} {RESULT_WORDS[f.result]}")
                   for f in card.findings if f.result != "no_opportunity"
                   and (f.kind == "expected" or f.result == "observed")]
        self.app.push_screen(DisputeScreen(choices), self._save_dispute)

    def _save_dispute(self, result: tuple[str, str] | None) -> None:
        store = getattr(self.app, "store", None)
        if result is None or store is None or self.round_id is None:
            return
        behavior, comment = result
        store.dispute(self.round_id, behavior, comment)
        from sim.core.store import Dispute as StoredDispute

        self.disputes = (*self.disputes, StoredDispute(behavior, comment, ""))
        self.query_one("#disputes", Static).update(self._dispute_text())
        self.notify("Marked as disputed; your coach will see it in history and exports.")

    def action_new_customer(self) -> None:
        """Another customer in the same scenario (a new seed)."""
        self._restart(None)

    def action_home(self) -> None:
        """Back to the scenario list (or to history, for a past round)."""
        from sim.tui.app import SimApp

        if self.read_only:
            self.app.pop_screen()
            return
        app = self.app
        assert isinstance(app, SimApp)
        app.go_home()
