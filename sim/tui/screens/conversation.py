"""The conversation: talk to the customer while their words arrive at their own pace."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from sim.core.delivery import fully_heard
from sim.core.keeping import KeptRound
from sim.core.scoring import expectations
from sim.core.session import Session
from sim.report import OUTCOME_WORDS, clock, short_label
from sim.tui.widgets.gauge import TemperatureGauge
from sim.tui.widgets.rubric import RubricPanel
from sim.tui.widgets.transcript import Transcript

TICK_SECONDS = 0.05


class ConversationScreen(Screen[None]):
    """One round. The engine decides everything; this screen only shows it in time."""

    BINDINGS = [
        Binding("ctrl+e", "end_round", "End round", priority=True),
        Binding("enter", "continue", "Rate yourself", show=False),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, session: Session, *, practice: bool = True, typing_speed: float = 1.0,
                 clock_source: Callable[[], float], kept: KeptRound | None = None) -> None:
        super().__init__()
        self.session = session
        self.kept = kept
        self.practice = practice
        # 1.0 delivers at the persona's pace; 0 shows every customer line at once (tests).
        self.typing_speed = typing_speed
        self.clock = clock_source
        self._anchor_round = 0.0
        self._anchor_wall = clock_source()
        self._started_wall = self._anchor_wall
        self._finished = False

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        s = self.session
        with Horizontal(id="topbar"):
            yield Static(Text(f"{s.scenario.title} · {s.persona.name}"), id="title")
            yield Static("0:00", id="elapsed")
            yield TemperatureGauge(id="gauge")
        with Horizontal(id="body"):
            yield Transcript(s.persona.name, id="transcript")
            if self.practice:
                items = [(e.behavior, short_label(e.behavior, s.scenario)) for e in expectations(s.scenario)]
                yield RubricPanel(items, id="rubric")
        yield Static("", id="status")
        with Vertical(id="compose"):
            yield Input(placeholder="Type your reply and press Enter", id="message")
        yield Footer()

    def on_mount(self) -> None:
        last = self.session.last_line
        if last is not None and any(t.speaker == "trainee" for t in self.session.turns):
            # A resumed round: everything said so far has been heard already, and the habits
            # shown before the break stay lit.
            self._reanchor(last.at + last.duration)
            if self.practice:
                shown = {b for t in self.session.turns if t.speaker == "trainee" for b in t.behaviour_ids}
                self.query_one(RubricPanel).light(shown)
        self.query_one(TemperatureGauge).temperature = self.session.temperature
        self.query_one("#message", Input).focus()
        self.set_interval(TICK_SECONDS, self.tick)
        self.tick()
        # Compile the detection rules in the background while the trainee reads the first line.
        if not getattr(self.app, "exit_on_first_line", False):
            self.run_worker(self._warm_up, thread=True, exclusive=True, group="warm-up")

    def _warm_up(self) -> None:
        from sim.core.detect import warm_up

        warm_up()
        for book in self.session.phrasebooks.values():
            book.compile()

    # ------------------------------------------------------------ time

    def round_now(self) -> float:
        """The engine's round time that corresponds to the clock now."""
        elapsed = self.clock() - self._anchor_wall
        if self.typing_speed <= 0:
            # Lines land at once; silence still runs at real speed from the last line's end.
            last = self.session.last_line
            end = last.at + last.duration if last else 0.0
            return max(end, self._anchor_round) + elapsed
        return self._anchor_round + elapsed / self.typing_speed

    def _reanchor(self, round_time: float) -> None:
        self._anchor_round = round_time
        self._anchor_wall = self.clock()

    def tick(self) -> None:
        """Advance what is shown to the current round time; let silence speak up."""
        s = self.session
        now = self.round_now()
        last = s.last_line
        if not s.over and last is not None and fully_heard(last, now):
            waited = now - (last.at + last.duration)
            if waited >= s.patience:
                result = s.wait(waited)
                if self.typing_speed <= 0 and result.lines:
                    line = result.lines[-1]
                    self._reanchor(line.at + line.duration)
                now = self.round_now()
        self._show_round(now)

    def _show_round(self, now: float) -> None:
        s = self.session
        self.query_one(Transcript).sync(s.turns, now)
        shown = [t for t in s.turns if t.speaker == "customer" and t.at <= now]
        temperature = shown[-1].temperature if shown else s.temperature
        self.query_one(TemperatureGauge).temperature = temperature
        self.query_one("#elapsed", Static).update(clock(self.clock() - self._started_wall))
        status = self.query_one("#status", Static)
        last = s.last_line
        if last is not None and not fully_heard(last, now) and now < last.at:
            status.update(Text(f"{s.persona.name} is typing…", style="italic"))
        elif s.over and (last is None or fully_heard(last, now)):
            if not self._finished:
                self._round_finished()
            status.update(Text(f"Round over: {OUTCOME_WORDS.get(s.outcome or '', s.outcome)}. "
                               "Press Enter to rate yourself.", style="bold"))
        else:
            status.update("")

    def _round_finished(self) -> None:
        self._finished = True
        self._store_outcome()
        message = self.query_one("#message", Input)
        message.disabled = True
        self.set_focus(None)

    # ------------------------------------------------------------ actions

    @on(Input.Submitted, "#message")
    def send(self, event: Input.Submitted) -> None:
        """Send the typed message to the engine at the current round time."""
        text = event.value
        event.input.value = ""
        s = self.session
        if s.over or not text.strip():
            return
        now = self.round_now()
        last = s.last_line
        sent_at = now - (last.at + last.duration) if last else now
        result = s.take_turn(text, sent_at)
        if result.turn is not None:
            self._reanchor(result.turn.at)
            if self.practice:
                self.query_one(RubricPanel).light(set(result.turn.behaviour_ids))
        self._show_round(self.round_now())

    def action_end_round(self) -> None:
        """End the round now (Ctrl+E) and go on to the self-assessment."""
        self.session.end()
        self._store_outcome()
        self._go_to_assessment()

    def _store_outcome(self) -> None:
        if self.kept is not None:
            self.kept.finish()
            if self.kept.error:
                self.notify(f"Could not save: {self.kept.error}", severity="error", timeout=10)

    def action_continue(self) -> None:
        """After the ending, Enter moves on to the self-assessment."""
        if self.session.over and self._finished:
            self._go_to_assessment()

    def _go_to_assessment(self) -> None:
        from sim.tui.screens.assessment import AssessmentScreen

        self.app.switch_screen(AssessmentScreen(self.session, self.kept))
