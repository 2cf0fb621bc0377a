"""History: your rounds over time, how each habit is trending, and past scorecards (read-only)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from sim.core.store import Store
from sim.report import short_label
from sim.stored_cli import sparkline


class HistoryScreen(Screen[None]):
    """Rounds newest first; Enter opens a round's scorecard."""

    BINDINGS = [Binding("escape,h", "back", "Back"), Binding("f1", "app.help", "Help")]

    def __init__(self, store: Store, trainee: str | None) -> None:
        super().__init__()
        self.store = store
        self.trainee = trainee

    def compose(self) -> ComposeResult:
        yield Static(Text(f"History: {self.trainee or 'everyone'}", style="bold"), id="history-title")
        yield DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="trends"):
            yield Static("Habits over the last rounds (high = shown)", classes="panel-title")
            for behavior, values in self.store.trends(self.trainee).items():
                with Horizontal(classes="trend"):
                    yield Static(short_label(behavior), classes="trend-label")
                    # Shown or not is yes/no: a bar per round, tall when shown, never rescaled.
                    yield Static(f"{sparkline(values)}  {sum(values)}/{len(values)}", classes="trend-line")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Date", "Scenario", "Seed", "Ending", "Score", "Gap", "Disputed")
        for r in self.store.history(self.trainee, limit=200):
            title = r.title or r.scenario
            table.add_row(str(r.id), r.started_at.replace("T", " ")[:16],
                          title if len(title) <= 24 else title[:23] + "…", str(r.seed),
                          r.outcome or r.status, "" if r.score is None else str(r.score),
                          "" if r.gap is None else str(r.gap), str(r.disputes or ""), key=str(r.id))
        table.focus()

    @on(DataTable.RowSelected)
    def open_round(self, event: DataTable.RowSelected) -> None:
        """A past round's scorecard, read-only."""
        from sim.tui.screens.scorecard import ScorecardScreen

        stored = self.store.load(int(str(event.row_key.value)))
        if stored.record.scorecard is None:
            self.notify("That round has no scorecard (it was not finished).")
            return
        self.app.push_screen(ScorecardScreen(stored.record, stored.ratings, None, round_id=stored.id,
                                             read_only=True, disputes=stored.disputes))

    def action_back(self) -> None:
        """Leave history."""
        go_home = getattr(self.app, "go_home", None)
        if go_home is not None:
            go_home()
        else:
            self.app.exit()
