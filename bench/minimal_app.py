"""The reference for start-up: a minimal Textual app that renders one line, then exits."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class OneLine(App[None]):
    """Renders a single line headless and exits right after the first refresh."""

    def compose(self) -> ComposeResult:
        yield Static("Hello, this is one customer line.")

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    OneLine().run(headless=True)
