"""The practice-mode panel: each rubric behaviour lights up once it is detected."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class RubricItem(Static):
    """One expected behaviour; `-seen` once the trainee has shown it."""

    def __init__(self, behavior: str, label: str) -> None:
        super().__init__(id=f"rubric-{behavior}", classes="rubric-item")
        self.behavior = behavior
        self.label = label
        self.seen = False

    def render(self) -> Text:
        # A mark as well as a colour, so it reads without colour (NO_COLOR) too.
        return Text(("✓ " if self.seen else "· ") + self.label)

    def mark_seen(self) -> None:
        """Light this behaviour up."""
        if not self.seen:
            self.seen = True
            self.add_class("-seen")
            self.refresh()


class RubricPanel(VerticalScroll):
    """The rubric's expected behaviours, lit as they appear."""

    def __init__(self, items: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._items = items

    def compose(self) -> ComposeResult:
        yield Static("Habits to show", classes="panel-title")
        for behavior, label in self._items:
            yield RubricItem(behavior, label)

    def light(self, behaviours: set[str]) -> None:
        """Mark every listed behaviour as seen."""
        for item in self.query(RubricItem):
            if item.behavior in behaviours:
                item.mark_seen()
