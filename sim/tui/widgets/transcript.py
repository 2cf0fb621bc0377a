"""The conversation as it is heard: customer and trainee lines told apart by label and style."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from sim.core.delivery import heard_text
from sim.core.record import Turn

# A pasted wall of text is kept whole in the round record; on screen a preview is enough.
MAX_SHOWN_CHARS = 2000


class Line(Static):
    """One turn of the transcript."""

    def __init__(self, turn: Turn, name: str) -> None:
        super().__init__(classes=f"line {turn.speaker}")
        self.turn = turn
        self.speaker_name = name
        self.shown: str | None = None

    def show_text(self, text: str | None, cut_off: bool = False) -> None:
        """Render the part of the line heard so far (plain Text: pasted markup stays harmless)."""
        self.display = text is not None
        key = f"{text}\x00{cut_off}"
        if text is None or key == self.shown:
            return
        self.shown = key
        label = "You" if self.turn.speaker == "trainee" else self.speaker_name
        body = text if len(text) <= MAX_SHOWN_CHARS else (
            text[:MAX_SHOWN_CHARS] + f" … ({len(text) - MAX_SHOWN_CHARS} more characters)")
        rendered = Text(f"{label}: ", style="bold")
        if self.turn.cause == "silence":
            rendered.append("(after your silence) ", style="italic")
        rendered.append(body)
        if cut_off:
            rendered.append(" —", style="italic")
        self.update(rendered)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The line's rows for the frame being drawn."""
        if self.turn.speaker == "customer" and getattr(self.app, "exit_on_first_line", False):
            # `--first-line-exit` (bench/run.py): this frame shows the customer's first words,
            # so leave once it has been written, as the reference app does after its first.
            self.app.call_later(self.app.exit)
        return super().render_lines(crop)


class Transcript(VerticalScroll):
    """All turns so far; customer lines appear word by word as the round clock passes them."""

    def __init__(self, customer_name: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.customer_name = customer_name
        self._lines: dict[int, Line] = {}

    def sync(self, turns: list[Turn], round_now: float) -> None:
        """Bring the transcript up to date with the engine's turns at `round_now`."""
        added = False
        for turn in turns:
            line = self._lines.get(turn.index)
            if line is None:
                line = Line(turn, self.customer_name)
                self._lines[turn.index] = line
                self.mount(line)
                added = True
            line.turn = turn
            if turn.speaker == "trainee":
                line.show_text(turn.text)
            else:
                cut = bool(turn.delivered) and turn.delivered != turn.text
                line.show_text(heard_text(turn, round_now), cut_off=cut)
        if added or turns:
            self.scroll_end(animate=False)
