"""At start-up: a round left unfinished (killed process, closed terminal) is offered back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from sim.core.store import RoundSummary


class ResumeScreen(ModalScreen[tuple[int, bool]]):
    """Resume the unfinished round, or close it as abandoned (its turns are kept either way)."""

    BINDINGS = [
        Binding("r,enter", "choose(True)", "Resume"),
        Binding("a", "choose(False)", "Close as abandoned"),
    ]

    def __init__(self, unfinished: RoundSummary) -> None:
        super().__init__()
        self.unfinished = unfinished

    def compose(self) -> ComposeResult:
        u = self.unfinished
        with Vertical(id="resume-box"):
            yield Static(Text("An unfinished round was found", style="bold"))
            yield Static(f"Round {u.id}: {u.title or u.scenario}, started {u.started_at.replace('T', ' ')}.")
            yield Static("Every message you typed is kept. Press r to carry on where you left off, "
                         "or a to close it as abandoned.")
        yield Footer()

    def action_choose(self, resume: bool) -> None:
        """Return the choice to the app."""
        self.dismiss((self.unfinished.id, resume))
