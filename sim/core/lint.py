"""Checks on a valid scenario that catch what a trainee would trip over: parts no path reaches,
customers who can never leave a state, rules that never fire, rubric items that can never be
scored, and thin or repeated lines.

Errors make a round unfair or stuck; warnings are dead or weak content. Each finding names its
check so authors can look it up in docs/authoring.md.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from typing import Literal

from sim.core.loader import BUILTIN_VARIABLES, LoadedScenario, PathKey, Problem, _dotted
from sim.core.machine import Rule, describe, ordered_rules
from sim.core.scenario import Phrasing, Transition
from sim.core.templates import names_in

MIN_PHRASINGS = 3
Severity = Literal["error", "warning"]

# Every check, its severity and what it means (shown by `sim lint --explain` and in the docs).
CHECKS: dict[str, tuple[Severity, str]] = {
    "unreachable-state": ("warning", "no path from the first state reaches this state"),
    "unreachable-ending": ("warning", "no path reaches this ending"),
    "no-way-out": ("error", "from this state no ending can be reached, so only the turn limit "
                            "ends the round"),
    "never-fires": ("warning", "this transition can never be taken"),
    "no-opportunity": ("error", "nothing in the scenario creates an opportunity for this rubric "
                                "item, so it can never be scored"),
    "unused-variable": ("warning", "a variable or persona detail that no line uses"),
    "unused-behaviour": ("warning", "a declared behaviour that no transition, sensitivity or "
                                    "rubric item uses"),
    "few-phrasings": ("warning", f"a state or ending with fewer than {MIN_PHRASINGS} phrasings, "
                                 "so repeat rounds sound the same"),
    "repeated-phrasing": ("warning", "the same line written twice"),
    "literal-braces": ("warning", "{{name}} shows the braces and the name; {name} fills the variable"),
}


def impossible(t: Transition) -> str | None:
    """Why `t` could never fire whatever happens, or None."""
    if t.any_of and set(t.any_of) <= set(t.none_of):
        return "every behaviour in `any_of` is also in `none_of`"
    above, below = t.temperature_above, t.temperature_below
    if above is not None and above >= 100:
        return "the temperature never rises above 100"
    if below is not None and below <= 0:
        return "the temperature never falls below 0"
    if above is not None and below is not None and below <= above + 1:
        return f"no whole temperature is above {above} and below {below}"
    return None


def subsumes(first: Transition, later: Transition) -> bool:
    """True if `first` fires whenever `later` would, so `later` (tried after it) never fires."""
    if first.trigger != later.trigger:
        return False
    if first.trigger == "silence":
        assert first.silence is not None and later.silence is not None
        if first.silence > later.silence:
            return False
    elif not first.otherwise:
        if first.any_of and not (later.any_of and set(later.any_of) <= set(first.any_of)):
            return False
        # What `later` guarantees was shown since entering: its all_of, plus its one any_of.
        shown = set(later.all_of) | (set(later.any_of) if len(later.any_of) == 1 else set())
        if not set(first.all_of) <= shown:
            return False
        if not set(first.none_of) <= set(later.none_of):
            return False
    if first.temperature_above is not None and (
            later.temperature_above is None or later.temperature_above < first.temperature_above):
        return False
    return first.temperature_below is None or (
        later.temperature_below is not None and later.temperature_below <= first.temperature_below)


class _Linter:
    def __init__(self, loaded: LoadedScenario) -> None:
        self.loaded = loaded
        self.s = loaded.scenario
        self.file = str(loaded.path)
        self.findings: list[Problem] = []

    def report(self, check: str, key: PathKey, message: str, hint: str, *, at_key: bool = False) -> None:
        line, col = (self.loaded.positions.get(("key", *key)) if at_key else None) or self.loaded.where(key)
        severity = CHECKS[check][0]
        self.findings.append(Problem(self.file, line, col, f"{_dotted(key)}: {message}", hint,
                                     severity=severity, check=check))

    # ------------------------------------------------------------ the machine's shape

    def run(self) -> list[Problem]:
        s = self.s
        live = self._live_rules()
        edges: dict[str, set[str]] = defaultdict(set)
        for rule in live:
            edges[rule.source].add(rule.transition.to)
        reached = self._reachable(s.initial_state, edges)
        for name in s.states:
            if name not in reached:
                self.report("unreachable-state", ("states", name), f"no path from `{s.initial_state}` "
                            "reaches this state", "add a transition to it, or remove it", at_key=True)
        for name in s.endings:
            # The turn limit always ends in its own ending.
            if name not in reached and name != s.turn_limit_ending:
                self.report("unreachable-ending", ("endings", name), "no transition leads to this "
                            "ending", "add a transition to it, or remove it", at_key=True)
        for name in s.states:
            if name in reached and not self._reachable(name, edges) & set(s.endings):
                self.report("no-way-out", ("states", name), "no ending can be reached from here, so "
                            "the customer stays until the turn limit",
                            "add a transition (for example `otherwise: true`) that leads on towards "
                            "an ending", at_key=True)
        self._rubric(reached, live)
        self._unused()
        self._phrasings()
        return sorted(self.findings, key=lambda p: (p.line, p.column))

    def _live_rules(self) -> list[Rule]:
        """Every rule that can fire in some reachable situation; reports the others."""
        s = self.s
        live: list[Rule] = []
        dead_anywhere: dict[int, list[str]] = defaultdict(list)
        for state in s.states:
            tried: list[Rule] = []
            for rule in ordered_rules(s, state):
                t = rule.transition
                why = impossible(t)
                blocker = None
                if why is None:
                    blocker = next((r for r in tried if subsumes(r.transition, t)), None)
                    if blocker is not None:
                        why = (f"`{_dotted(blocker.key)}` ({describe(blocker.transition)}) is tried "
                               "first and fires whenever this would")
                if why is None:
                    tried.append(rule)
                    live.append(rule)
                elif rule.key[0] == "anywhere":
                    dead_anywhere[int(rule.key[1])].append(why)
                else:
                    hint = ("move the narrower rule before the broader one, or remove it"
                            if blocker is not None else "fix the conditions so some situation meets them all")
                    self.report("never-fires", rule.key, f"can never fire: {why}", hint)
        for i, reasons in dead_anywhere.items():
            if len(reasons) == len(s.states):
                self.report("never-fires", ("anywhere", i), f"can never fire in any state: {reasons[0]}",
                            "check the conditions, or remove the rule")
        return live

    @staticmethod
    def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
        seen = {start}
        queue = deque([start])
        while queue:
            for nxt in edges.get(queue.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    # ------------------------------------------------------------ the rubric

    def _rubric(self, reached: set[str], live: list[Rule]) -> None:
        s = self.s
        endings = reached | {s.turn_limit_ending}
        cues: set[str] = set()
        for name, state in s.states.items():
            if name in reached:
                cues.update(state.cues)
                cues.update(c for group in (state.say, state.again, state.nudge) for p in group
                            for c in p.cues)
        for rule in live:
            if rule.source in reached:
                cues.update(c for p in rule.transition.say for c in p.cues)
        for name, ending in s.endings.items():
            if name in endings:
                cues.update(ending.cues)
                cues.update(c for p in ending.say for c in p.cues)
        cues.update(c for p in (*s.interrupted, *s.nudges) for c in p.cues)
        for i, item in enumerate(s.rubric.expected):
            key: PathKey = ("rubric", "expected", i)
            if not item.states and not item.cues:
                continue
            if set(item.states) & reached or set(item.cues) & cues:
                continue
            where = [f"state `{n}`" for n in item.states] + [f"cue `{c}`" for c in item.cues]
            self.report("no-opportunity", key, f"`{item.behavior}` can never be scored: "
                        f"the round never reaches {' or '.join(where)}",
                        "name a state the customer reaches, or a cue a reachable line carries")

    # ------------------------------------------------------------ declared but unused

    def _all_phrasings(self) -> Iterator[tuple[PathKey, Phrasing]]:
        s = self.s
        for name, state in s.states.items():
            for group in ("say", "again", "nudge"):
                for i, p in enumerate(getattr(state, group)):
                    yield ("states", name, group, i), p
            for j, t in enumerate(state.on):
                for i, p in enumerate(t.say):
                    yield ("states", name, "on", j, "say", i), p
        for j, t in enumerate(s.anywhere):
            for i, p in enumerate(t.say):
                yield ("anywhere", j, "say", i), p
        for name, ending in s.endings.items():
            for i, p in enumerate(ending.say):
                yield ("endings", name, "say", i), p
        for group in ("interrupted", "nudges"):
            for i, p in enumerate(getattr(s, group)):
                yield (group, i), p

    def _unused(self) -> None:
        s = self.s
        used = {n for _, p in self._all_phrasings() for n in names_in(p.text)}
        for name in s.variables:
            if name not in used and name not in BUILTIN_VARIABLES:
                self.report("unused-variable", ("variables", name), "no line uses this variable",
                            f"say it in a line as {{{name}}}, or remove it", at_key=True)
        for name in s.persona.details:
            if name not in used:
                self.report("unused-variable", ("persona", "details", name), "no line uses this "
                            "detail", f"say it in a line as {{{name}}}, or remove it", at_key=True)
        rules: Iterable[Transition] = [*(t for st in s.states.values() for t in st.on), *s.anywhere]
        referenced = {b for t in rules for b in (*t.any_of, *t.all_of, *t.none_of)}
        referenced |= set(s.persona.sensitivity)
        referenced |= {item.behavior for item in s.rubric.expected} | set(s.rubric.avoid or [])
        from sim.core.catalogue import CATALOGUE

        for name in s.behaviors:
            if name not in CATALOGUE and name not in referenced:
                self.report("unused-behaviour", ("behaviors", name), "nothing uses this behaviour",
                            "expect it in the rubric, or use it in a transition", at_key=True)

    # ------------------------------------------------------------ the lines themselves

    def _phrasings(self) -> None:
        s = self.s
        groups = {("states", n, "say"): st.say for n, st in s.states.items()}
        groups |= {("endings", n, "say"): e.say for n, e in s.endings.items()}
        for key, lines in groups.items():
            if len(lines) < MIN_PHRASINGS:
                self.report("few-phrasings", key, f"{len(lines)} phrasing{'s' if len(lines) != 1 else ''}; "
                            f"give at least {MIN_PHRASINGS}",
                            "add other ways of saying the line so repeat rounds vary")
        declared = set(s.variables) | set(s.persona.details) | set(BUILTIN_VARIABLES)
        for key, p in self._all_phrasings():
            for name in re.findall(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}", p.text):
                if name in declared:
                    self.report("literal-braces", key, f"`{{{{{name}}}}}` will be said with its braces",
                                f"write {{{name}}} to fill in the variable ({{{{ and }}}} are for "
                                "literal braces)")
        first: dict[str, PathKey] = {}
        for key, p in self._all_phrasings():
            text = " ".join(p.text.split())
            if text not in first:
                first[text] = key
            # A YAML alias (*name) reuses the anchored lines on purpose: same source position.
            elif self.loaded.positions.get(key) != self.loaded.positions.get(first[text]):
                self.report("repeated-phrasing", key, f"repeats `{_dotted(first[text])}` word for word",
                            "reword one of them, or reuse the same lines on purpose with a YAML "
                            "anchor (`say: &name`) and alias (`say: *name`)")


def lint_scenario(loaded: LoadedScenario) -> list[Problem]:
    """Every lint finding for a validated scenario, in file order."""
    return _Linter(loaded).run()
