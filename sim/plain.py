"""Plain mode: the conversation line by line on stdin/stdout (pipes, screen readers, no TUI)."""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from sim.core.record import Turn
from sim.core.session import Session, TurnResult
from sim.report import customer_line, scorecard

HELP = """Type your reply and press Enter. Commands:
  /end    end the round now and see your scorecard
  /help   show this help
If you stay silent too long, the customer will speak up."""


class Lines(Protocol):
    """Where typed lines come from; `read` returns None on timeout and "" at end of input."""

    def read(self, timeout: float | None) -> str | None: ...


@dataclass
class StreamLines:
    """Lines from a real stream, with a timeout where the platform can wait on it."""

    stream: TextIO

    def read(self, timeout: float | None) -> str | None:
        """The next line (with newline), "" at end of input, or None if `timeout` passed first."""
        if timeout is not None and os.name == "posix":
            try:
                ready, _, _ = select.select([self.stream], [], [], max(0.0, timeout))
            except (ValueError, OSError, TypeError):
                ready = [self.stream]  # not a real file: just read
            if not ready:
                return None
        return self.stream.readline()


class PlainPlayer:
    """Drives one Session from typed lines, printing the customer's words as plain text."""

    def __init__(self, session: Session, lines: Lines, out: TextIO,
                 clock: Callable[[], float] = time.monotonic, *, prompt: bool = False) -> None:
        self.session = session
        # A "You: " prompt helps at a terminal; over a pipe it would only clutter the output.
        self.prompt = prompt
        self.lines = lines
        self.out = out
        self.clock = clock
        self._heard_at = clock()

    def say(self, text: str = "") -> None:
        """Write one line and flush, so pipes and screen readers get it at once."""
        self.out.write(text + "\n")
        self.out.flush()

    def _show(self, turns: tuple[Turn, ...] | list[Turn]) -> None:
        spoke = False
        for t in turns:
            if t.speaker == "customer":
                self.say(customer_line(t, self.session.persona.name))
                spoke = True
        if spoke:
            self._heard_at = self.clock()

    def play(self) -> None:
        """Run the conversation until an ending, /end, or the end of input."""
        s = self.session
        self.say(f"{s.scenario.title} (difficulty {s.scenario.difficulty} of 5)")
        self.say(" ".join(s.scenario.summary.split()))
        self.say(f"Seed {s.seed}. Type /help for commands, /end to finish.")
        self.say("")
        self._show(s.turns)
        while not s.over:
            if self.prompt:
                self.out.write("You: ")
                self.out.flush()
            waited = self.clock() - self._heard_at
            line = self.lines.read(max(0.0, s.patience - waited))
            if line is None:
                if self.prompt:
                    self.out.write("\n")
                result = s.wait(self.clock() - self._heard_at)
                self._show(result.lines)
                continue
            if line == "":
                self.say("(end of input: ending the round)")
                s.end()
                break
            text = line.rstrip("\n")
            command = text.strip().lower()
            if command in ("/end", "/quit", "/q"):
                s.end()
                break
            if command in ("/help", "/?"):
                self.say(HELP)
                continue
            if not text.strip():
                continue
            # Plain mode shows each customer line whole, so timing runs from when it was shown.
            result: TurnResult = s.take_turn(text, self.clock() - self._heard_at)
            self._show(result.lines)
        self.say("")
        self.say(scorecard(s.record(), s.scenario))


def play_plain(session: Session, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
               on_end: Callable[[], None] | None = None) -> None:
    """Play `session` on the given streams; `on_end` runs once the round is over."""
    player = PlainPlayer(session, StreamLines(stdin), stdout, prompt=stdin.isatty())
    try:
        player.play()
    except KeyboardInterrupt:
        # Every turn is already stored; the round stays open and is offered next time.
        player.say("")
        player.say("Interrupted: your round is kept and will be offered for resuming next time.")
        return
    if on_end is not None:
        on_end()
