"""Home: pick a scenario (or a random customer) and start."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from sim.core.catalogue import TIPS
from sim.core.scenario import LoadedScenario

RANDOM_KEY = "__random__"


class HomeScreen(Screen[None]):
    """The bundled scenarios with a filter; Enter starts the highlighted one."""

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("r", "random", "Random customer"),
        Binding("h", "app.show_history", "History"),
        Binding("f1", "app.help", "Help"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, scenarios: list[LoadedScenario], best: dict[str, int]) -> None:
        super().__init__()
        self.scenarios = scenarios
        self.best = best

    def compose(self) -> ComposeResult:
        yield Static(Text("sim: practise with difficult customers", style="bold"), id="home-title")
        yield Input(placeholder="Filter by title, tip or difficulty (press / to focus)", id="filter")
        yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Scenario", "Level", "Tips trained", "Best")
        self._fill("")
        table.focus()

    def _fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        q = query.lower().strip()
        table.add_row(Text("Random difficult customer", style="italic"), "?", "any", "", key=RANDOM_KEY)
        for loaded in self.scenarios:
            s = loaded.scenario
            tips = ", ".join(TIPS[t].title if t in TIPS else t for t in s.tips)
            # Fit title, level, tips and best score in 80 columns.
            shown_tips = tips if len(tips) <= 22 else tips[:21] + "…"
            title = s.title if len(s.title) <= 36 else s.title[:35] + "…"
            haystack = f"{s.title} {s.summary} {tips} {s.difficulty} {s.id}".lower()
            if q and q not in haystack:
                continue
            best = self.best.get(s.id)
            table.add_row(title, "●" * s.difficulty, shown_tips, "" if best is None else str(best),
                          key=s.id)

    @on(Input.Changed, "#filter")
    def refilter(self, event: Input.Changed) -> None:
        """Show only scenarios matching the filter text."""
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def to_table(self) -> None:
        """Enter in the filter moves to the list."""
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def start_selected(self, event: DataTable.RowSelected) -> None:
        """Start the chosen scenario."""
        key = event.row_key.value
        if key == RANDOM_KEY:
            self.action_random()
            return
        from sim.tui.app import SimApp

        chosen = next(x for x in self.scenarios if x.scenario.id == key)
        app = self.app
        assert isinstance(app, SimApp)
        app.start_round(chosen.scenario)

    def action_focus_filter(self) -> None:
        """Jump to the filter box."""
        self.query_one("#filter", Input).focus()

    def action_random(self) -> None:
        """A random bundled scenario with a fresh customer."""
        from sim.tui.app import SimApp

        app = self.app
        assert isinstance(app, SimApp)
        app.start_random()
