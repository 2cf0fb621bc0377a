"""What is wrong with a scenario file, located for its author (`file:line:column: message`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario file, located for the author."""

    file: str
    line: int
    column: int
    message: str
    hint: str | None = None
    # Lint findings carry a severity and a check name; validation problems are always errors.
    severity: Literal["error", "warning"] = "error"
    check: str | None = None

    def __str__(self) -> str:
        return self.render(labelled=False)

    def render(self, *, labelled: bool = True) -> str:
        """`file:line:col: [severity: ]message [check]`, then the hint on its own line."""
        label = f"{self.severity}: " if labelled else ""
        suffix = f" [{self.check}]" if self.check else ""
        text = f"{self.file}:{self.line}:{self.column}: {label}{self.message}{suffix}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class ScenarioError(Exception):
    """A scenario that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
