"""The Textual app, built from its dependencies so tests can pass a fake clock and typing speed."""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sim.core.draw import Draw, DrawError, draw_round
from sim.core.scenario import LoadedScenario, Scenario
from sim.core.session import Session

# How often --watch looks at the scenario file (seconds): quick enough to feel instant on save.
WATCH_INTERVAL = 0.5

# How often the app checks that its terminal is still there (seconds).
TERMINAL_CHECK_INTERVAL = 1.0
# The exit status after the terminal went away, as shells report a hang-up (128 + SIGHUP).
EXIT_TERMINAL_LOST = 129

# Seconds after start-up before the cyclic garbage collector runs again (see `sim.cli.run`):
# by then the first customer line is on screen and the trainee is reading it.
COLLECTOR_RESUMES_AFTER = 0.5


def _terminal_alive() -> bool:
    """Is standard input still a terminal? After a hang-up it no longer is."""
    stdin = sys.__stdin__
    return stdin is not None and os.isatty(stdin.fileno())


def _resume_collector() -> None:
    import gc

    if gc.isenabled():
        return  # not started by `sim.cli.run` (tests, embedding)
    # Start-up's garbage goes now, off the path to the first line. What remains lives as long
    # as the app: frozen, later collections never walk it again, only what the round creates.
    gc.collect()
    gc.freeze()
    gc.enable()


if TYPE_CHECKING:
    from sim.core.keeping import KeptRound
    from sim.core.store import Store


class SimApp(App[None]):
    """Home, conversation, self-assessment, scorecard and help over the engine."""

    CSS_PATH = Path(__file__).with_name("sim.tcss")
    TITLE = "sim"
    BINDINGS = [Binding("f1", "help", "Help")]

    def __init__(
        self,
        scenarios: list[LoadedScenario] | Callable[[], list[LoadedScenario]],
        *,
        start: Scenario | None = None,
        seed: int | None = None,
        locale: str = "en_US",
        practice: bool = True,
        typing_speed: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        exit_on_first_line: bool = False,
        store: Store | None = None,
        trainee: str = "trainee",
        watch: Path | None = None,
        draw: Callable[[Scenario, int, str], Draw] = draw_round,
        terminal_alive: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        # A callable defers loading the catalogue until the home screen needs it, so a round
        # named on the command line starts without validating every bundled scenario first.
        self._catalogue = scenarios
        self.start_scenario = start
        self.start_seed = seed
        self.locale = locale
        self.practice = practice
        self.typing_speed = typing_speed
        self.clock = clock
        self.wall_clock = wall_clock
        self.rng = rng or random.Random()
        self.best: dict[str, int] = {}
        self.exit_on_first_line = exit_on_first_line
        self.store = store
        self.trainee = trainee
        # --watch: the scenario file an author is editing, and its last seen version.
        self.watched = watch
        self._watched_stamp = self._stamp(watch) if watch else None
        # How rounds draw their customer: `sim play` may have started the first draw early.
        self.draw = draw
        self._kept: KeptRound | None = None
        self._session: Session | None = None
        self._draw_error = ""
        self._terminal_alive = terminal_alive

    @property
    def scenarios(self) -> list[LoadedScenario]:
        """The bundled scenarios (loaded on first use)."""
        if callable(self._catalogue):
            self._catalogue = self._catalogue()
        return self._catalogue

    def on_mount(self) -> None:
        self.set_timer(COLLECTOR_RESUMES_AFTER, _resume_collector)
        if self._terminal_alive is None and not self.is_headless:
            self._terminal_alive = _terminal_alive
        if self._terminal_alive is not None:
            self.set_interval(TERMINAL_CHECK_INTERVAL, self.check_terminal)
        if self.watched is not None:
            self.set_interval(WATCH_INTERVAL, self.check_watched_file)
            self.notify(f"Watching {self.watched.name}: save it to restart the round with your changes.",
                        title="--watch", timeout=6)
        self._offer_resume_or_begin()

    def check_terminal(self) -> None:
        """Leave when the terminal has gone (window closed, ssh dropped, tmux killed)."""
        # Under `make play` no hang-up signal reaches the app, and Textual's input thread then
        # spins on the dead terminal at full CPU. Every turn is already in the store, and the
        # next start offers to resume the round.
        if self._terminal_alive is not None and not self._terminal_alive():
            self.terminal_lost()

    def terminal_lost(self) -> None:
        """Close the store and end the process at once, without touching the terminal."""
        # Not `exit()`: Textual's shutdown writes to the terminal to restore it, and with the
        # terminal gone its writer thread stops draining, so the shutdown waited forever.
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.close()
        os._exit(EXIT_TERMINAL_LOST)

    def _offer_resume_or_begin(self) -> None:
        # The start-up benchmark measures the path to a first line, not the resume offer.
        offer = self.store is not None and not self.exit_on_first_line
        unfinished = self.store.open_rounds(self.trainee) if offer and self.store else []
        if unfinished:
            from sim.tui.screens.resume import ResumeScreen

            self.push_screen(ResumeScreen(unfinished[0]), self._after_resume_choice)
            return
        self._begin()

    def _begin(self) -> None:
        if self.start_scenario is None:
            self.go_home()
            return
        if self.start_round(self.start_scenario, seed=self.start_seed) is None:
            # e.g. `--locale xx_YY`: said in words on the terminal, as the plain mode does.
            self.exit(return_code=2, message=Text(f"sim: {self._draw_error}"))

    def _after_resume_choice(self, choice: tuple[int, bool] | None) -> None:
        """Resume the offered round, or close it as abandoned; then ask about the next one."""
        assert self.store is not None
        if choice is not None:
            round_id, wanted = choice
            wanted_id = self.store.load(round_id).record.scenario
            stored_scenario = next((s.scenario for s in self.scenarios if s.scenario.id == wanted_id), None)
            if stored_scenario is None:
                from sim.core.random_customer import compose, parse_id

                composed = parse_id(wanted_id)
                stored_scenario = compose(*composed) if composed else None
            if wanted and stored_scenario is not None:
                from sim.core.keeping import resume

                self._play(resume(self.store, round_id, stored_scenario))
                return
            self.store.abandon(round_id)
            if wanted:
                self.notify("That round's scenario is no longer bundled; it was closed as abandoned.")
        self._offer_resume_or_begin()

    # ------------------------------------------------------------ navigation

    def go_home(self) -> None:
        """Show the scenario list (replacing whatever screen is up)."""
        from sim.tui.screens.home import HomeScreen

        screen = HomeScreen(self.scenarios, self.best)
        self._show(screen)

    def start_round(self, scenario: Scenario, *, seed: int | None = None,
                    replace: bool = True) -> Session | None:
        """Start a conversation with a fresh customer (or the same one, given its seed);
        None, with the reason shown, if the customer cannot be drawn (an unknown locale)."""
        try:
            session = Session(scenario, seed=seed, locale=self.locale, clock=self.wall_clock,
                              draw=self.draw)
        except DrawError as exc:
            self._draw_error = str(exc)
            self.notify(self._draw_error, title="Cannot draw this customer", severity="error",
                        timeout=10, markup=False)
            return None
        kept = None
        if self.store is not None:
            from sim.core.keeping import keep

            kept = keep(self.store, session, self.trainee)
        self._play(kept, session)
        return session

    def _play(self, kept: KeptRound | None, session: Session | None = None) -> None:
        from sim.tui.screens.conversation import ConversationScreen

        session = kept.session if kept is not None else session
        assert session is not None
        self._kept, self._session = kept, session
        session.add_listener(self._remember_best(session))
        self._show(ConversationScreen(session, practice=self.practice, typing_speed=self.typing_speed,
                                      clock_source=self.clock, kept=kept))

    def start_random(self, difficulty: int = 3) -> Session | None:
        """A random difficult customer, composed from traits, a situation and Faker details."""
        from sim.core.random_customer import compose

        seed = self.rng.randrange(1_000_000_000)
        return self.start_round(compose(difficulty, seed), seed=seed)

    def _show(self, screen: Screen[None]) -> None:
        # Keep one screen on the stack above the default one: no trail of finished rounds.
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _remember_best(self, session: Session) -> Callable[[object], None]:
        def listener(_turn: object) -> None:
            if session.over and session.outcome != "ended":
                score = session.scorecard().score
                key = session.scenario.id
                self.best[key] = max(score, self.best.get(key, 0))

        return listener

    # ------------------------------------------------------------ --watch

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def check_watched_file(self) -> bool:
        """Reload the watched scenario if it was saved; restart the round with the same customer.

        Returns True if a new version was loaded. A broken save keeps the current round going
        and shows what is wrong, so the author can fix it and save again.
        """
        if self.watched is None:
            return False
        stamp = self._stamp(self.watched)
        if stamp is None or stamp == self._watched_stamp:
            return False
        self._watched_stamp = stamp
        from sim.core.loader import ScenarioError, load_scenario

        try:
            loaded = load_scenario(self.watched)
        except ScenarioError as exc:
            shown = "\n".join(str(p) for p in exc.problems[:3])
            more = f"\n... and {len(exc.problems) - 3} more (sim validate)" if len(exc.problems) > 3 else ""
            # Problems quote YAML such as `[a, b]`, which Textual markup would try to read.
            self.notify(f"{shown}{more}", title="Not reloaded: the file has problems",
                        severity="error", timeout=15, markup=False)
            return False
        seed = self._session.seed if self._session is not None else self.start_seed
        if self._kept is not None and self._session is not None and not self._session.over:
            # The edited-away round is closed, not left to be offered for resuming.
            from sim.core.store import StoreError

            try:
                self._kept.store.abandon(self._kept.round_id)
            except StoreError as exc:
                self.notify(str(exc), severity="warning")
        self.start_scenario = loaded.scenario
        self.start_round(loaded.scenario, seed=seed)
        self.notify(f"Reloaded {self.watched.name}; the round restarted with the same customer.",
                    title="Scenario saved", timeout=4)
        return True

    # ------------------------------------------------------------ help and commands

    def action_help(self) -> None:
        """Show how detection and scoring work (F1)."""
        from sim.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[None]) -> Iterable[SystemCommand]:
        """The command palette can start any scenario."""
        yield from super().get_system_commands(screen)
        for loaded in self.scenarios:
            s = loaded.scenario
            yield SystemCommand(f"Play: {s.title}", s.summary.strip().split(". ")[0],
                                lambda s=s: self.start_round(s))
        yield SystemCommand("Play: random difficult customer", "A random scenario and customer",
                            self.start_random)
        yield SystemCommand("Home", "Back to the scenario list", self.go_home)
        if self.store is not None:
            yield SystemCommand("History", "Your rounds over time", self.show_history)

    def show_history(self) -> None:
        """Past rounds, trends, and read-only scorecards."""
        from sim.tui.screens.history import HistoryScreen

        if self.store is None:
            self.notify("No rounds database is open.", severity="warning")
            return
        self._show(HistoryScreen(self.store, self.trainee))

    def action_show_history(self) -> None:
        """Open history (h on the home screen)."""
        self.show_history()


class HistoryApp(App[None]):
    """`sim history` in a terminal: the history screen on its own."""

    CSS_PATH = Path(__file__).with_name("sim.tcss")
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, store: Store, trainee: str | None) -> None:
        super().__init__()
        self.store = store
        self.trainee = trainee

    def on_mount(self) -> None:
        from sim.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.store, self.trainee))


def run_history(store: Store, trainee: str | None) -> None:
    """Open the history screen as its own app."""
    HistoryApp(store, trainee).run()
