"""Disputing a finding: pick it, say why. Coaches see it in history and exports."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static


class DisputeScreen(ModalScreen[tuple[str, str] | None]):
    """Choose a finding, then type a comment and press Enter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dispute-box"):
            yield Static("Which finding do you dispute? (arrows, Enter)")
            yield OptionList(*[text for _, text in self.choices], id="findings-list")
            yield Input(placeholder="Why? (Enter to save, Escape to cancel)", id="comment")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self) -> None:
        """Move on to the comment."""
        self.query_one("#comment", Input).focus()

    @on(Input.Submitted, "#comment")
    def save(self, event: Input.Submitted) -> None:
        """Return the disputed finding and the comment."""
        index = self.query_one(OptionList).highlighted
        if index is None or not event.value.strip():
            self.notify("Pick a finding and say why.", severity="warning")
            return
        self.dismiss((self.choices[index][0], event.value.strip()))

    def action_cancel(self) -> None:
        """Leave without disputing."""
        self.dismiss(None)
