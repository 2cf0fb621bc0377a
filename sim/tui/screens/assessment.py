"""Self-assessment before any score: for each habit, did you show it? yes / partly / no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from sim.core.keeping import KeptRound
from sim.core.scoring import expectations
from sim.core.session import Session
from sim.report import label

ANSWERS = ("yes", "partly", "no")


class Question(Static):
    """One habit and the trainee's answer to it."""

    def __init__(self, behavior: str, text: str) -> None:
        super().__init__(classes="question")
        self.behavior = behavior
        self.habit = text
        self.answer: str | None = None

    def render(self) -> Text:
        marker = "> " if self.has_class("-current") else "  "
        out = Text(f"{marker}{self.habit[:40]:40} ")
        for option in ANSWERS:
            chosen = option == self.answer
            out.append(f"[{option}]" if chosen else f" {option} ", style="reverse" if chosen else "")
            out.append(" ")
        return out


class AssessmentScreen(Screen[None]):
    """Rate yourself on each expected habit; the scorecard comes only after."""

    BINDINGS = [
        Binding("y", "answer('yes')", "Yes"),
        Binding("p", "answer('partly')", "Partly"),
        Binding("n", "answer('no')", "No"),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("left", "cycle(-1)", show=False),
        Binding("right", "cycle(1)", show=False),
        Binding("enter", "done", "See scorecard"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, session: Session, kept: KeptRound | None = None) -> None:
        super().__init__()
        self.session = session
        self.kept = kept
        # Our own cursor rather than widget focus: it survives screen switches and resizes.
        self.cursor = 0

    def compose(self) -> ComposeResult:
        s = self.session
        yield Static(Text("How did you do? Answer before you see the scorecard.", style="bold"),
                     id="assess-title")
        yield Static("For each habit: y yes, p partly, n no. Arrows move. Enter shows the scorecard.",
                     id="assess-help")
        with VerticalScroll(id="questions"):
            for item in expectations(s.scenario):
                yield Question(item.behavior, label(item.behavior, s.scenario))
        yield Static("", id="assess-status")
        yield Footer()

    def on_mount(self) -> None:
        self._move_to(0)

    def _move_to(self, index: int) -> None:
        qs = self.questions
        self.cursor = max(0, min(len(qs) - 1, index))
        for i, q in enumerate(qs):
            q.set_class(i == self.cursor, "-current")
            q.refresh()
        qs[self.cursor].scroll_visible()

    @property
    def questions(self) -> list[Question]:
        """The questions in order."""
        return list(self.query(Question))

    def _current(self) -> Question:
        return self.questions[self.cursor]

    def action_move(self, step: int) -> None:
        """Move to the previous or next question."""
        self._move_to(self.cursor + step)

    def action_answer(self, answer: str) -> None:
        """Answer the current question and move on to the next unanswered one."""
        q = self._current()
        q.answer = answer
        q.refresh()
        qs = self.questions
        rest = [i for i, x in enumerate(qs) if x.answer is None]
        if rest:
            later = [i for i in rest if i > self.cursor]
            self._move_to(later[0] if later else rest[0])
        self._status()

    def action_cycle(self, step: int) -> None:
        """Change the current answer with the arrow keys."""
        q = self._current()
        index = ANSWERS.index(q.answer) if q.answer else (-1 if step > 0 else 0)
        q.answer = ANSWERS[(index + step) % len(ANSWERS)]
        q.refresh()
        self._status()

    def _status(self) -> None:
        missing = sum(q.answer is None for q in self.questions)
        self.query_one("#assess-status", Static).update(
            f"{missing} left to answer" if missing else "All answered: press Enter for your scorecard.")

    def action_done(self) -> None:
        """Show the scorecard once every habit has an answer."""
        missing = [i for i, q in enumerate(self.questions) if q.answer is None]
        if missing:
            self._move_to(missing[0])
            self._status()
            return
        from sim.tui.screens.scorecard import ScorecardScreen

        ratings = {q.behavior: q.answer or "no" for q in self.questions}
        if self.kept is not None:
            self.kept.finish(ratings)
        round_id = self.kept.round_id if self.kept is not None else None
        self.app.switch_screen(ScorecardScreen(self.session.record(), ratings, self.session.scenario,
                                               round_id=round_id))
