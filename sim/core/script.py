"""Trainee scripts: one message per line, optionally timed (`+12s `, `-2s `, `& `)."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_DELAY = 3.0
# `& ` sends before the customer has started to answer: several messages in a row.
IN_A_ROW = -1e9
_TIMING = re.compile(r"^([+-]\d+(?:\.\d+)?)s\s+(.*)$")


@dataclass(frozen=True, slots=True)
class ScriptLine:
    """One scripted trainee message and when it is sent."""

    line: int
    text: str
    sent_at: float


class ScriptError(ValueError):
    """A script line that cannot be read, located for the author."""


def parse_line(raw: str, line: int = 1) -> ScriptLine | None:
    """Read one script line; None for blank lines and `#` comments."""
    text = raw.rstrip("\n").strip()
    if not text or text.startswith("#"):
        return None
    if re.fullmatch(r"[+-]\d+(?:\.\d+)?s|&", text):
        raise ScriptError(f"line {line}: a timing prefix needs a message after it")
    if text.startswith("& "):
        return ScriptLine(line, text[2:].strip(), IN_A_ROW)
    m = _TIMING.match(text)
    if m:
        if not m.group(2).strip():
            raise ScriptError(f"line {line}: a timing prefix needs a message after it")
        return ScriptLine(line, m.group(2).strip(), float(m.group(1)))
    return ScriptLine(line, text, DEFAULT_DELAY)


def parse_script(text: str) -> list[ScriptLine]:
    """Every message of a script, in order."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parsed = parse_line(raw, number)
        if parsed:
            out.append(parsed)
    return out
