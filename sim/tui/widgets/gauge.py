"""The customer's temperature as a bar with a word, readable without colour."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

MOODS = ((25, "calm"), (45, "uneasy"), (65, "irritated"), (85, "angry"), (101, "furious"))


def mood(temperature: int) -> str:
    """A word for a temperature."""
    return next(word for limit, word in MOODS if temperature < limit)


class TemperatureGauge(Static):
    """Shows how the customer feels right now (0 calm to 100 about to leave)."""

    temperature: reactive[int] = reactive(50)
    WIDTH = 10

    def render(self) -> Text:
        filled = round(self.temperature / 100 * self.WIDTH)
        word = mood(self.temperature)
        text = Text("Mood ")
        text.append("█" * filled)
        text.append("░" * (self.WIDTH - filled))
        text.append(f" {word} {self.temperature}")
        return text

    def watch_temperature(self, value: int) -> None:
        for _, word in MOODS:
            self.set_class(word == mood(value), f"-{word}")
