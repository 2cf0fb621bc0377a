"""The Textual app, built from its dependencies so tests can pass a fake clock and typing speed."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sim.core.loader import LoadedScenario
from sim.core.scenario import Scenario
from sim.core.session import Session


class SimApp(App[None]):
    """Home, conversation, self-assessment, scorecard and help over the engine."""

    CSS_PATH = Path(__file__).with_name("sim.tcss")
    TITLE = "sim"
    BINDINGS = [Binding("f1", "help", "Help")]

    def __init__(
        self,
        scenarios: list[LoadedScenario],
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
    ) -> None:
        super().__init__()
        self.scenarios = scenarios
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

    def on_mount(self) -> None:
        if self.start_scenario is not None:
            self.start_round(self.start_scenario, seed=self.start_seed)
        else:
            self.go_home()

    # ------------------------------------------------------------ navigation

    def go_home(self) -> None:
        """Show the scenario list (replacing whatever screen is up)."""
        from sim.tui.screens.home import HomeScreen

        screen = HomeScreen(self.scenarios, self.best)
        self._show(screen)

    def start_round(self, scenario: Scenario, *, seed: int | None = None,
                    replace: bool = True) -> Session:
        """Start a conversation with a fresh customer (or the same one, given its seed)."""
        from sim.tui.screens.conversation import ConversationScreen

        session = Session(scenario, seed=seed, locale=self.locale, clock=self.wall_clock)
        session.add_listener(self._remember_best(session))
        screen = ConversationScreen(session, practice=self.practice, typing_speed=self.typing_speed,
                                    clock_source=self.clock)
        self._show(screen)
        return session

    def start_random(self) -> Session | None:
        """A random bundled scenario with a random customer."""
        if not self.scenarios:
            self.notify("No scenarios to choose from.", severity="error")
            return None
        chosen = self.rng.choice(self.scenarios).scenario
        return self.start_round(chosen, seed=self.rng.randrange(1_000_000_000))

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
