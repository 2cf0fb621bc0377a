"""Fast matching for the detection rules: a long alternation searched only where it can match.

Python's regex engine tries every alternative of `a|b|c|...` at every position of the text, so
a rule with a hundred branches costs a hundred tries per character. A `Rule` splits its pattern
into its top-level branches, works out for each branch the literal text any match must contain
("wouldn", "pay grade", one of "should"/"ought to have"...), and on a given text runs only the
branches whose literal is present. The leftmost match, earliest branch first, is exactly what
the whole pattern would have found (tests/core/test_rules.py checks that on every corpus line).
Which literals a text holds is found in one pass of an Aho-Corasick automaton over all of them.

Patterns are matched case-sensitively: the detector lower-cases the text first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as C  # type: ignore[attr-defined]

import ahocorasick

# Below this many branches a plain compiled pattern is as fast as dispatching.
MIN_BRANCHES = 4


def _groupings(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(position, character, depth after it) of each `(`, `)` and `|` that is not escaped
    and not inside a character class."""
    depth = 0
    in_class = False
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # "[]...]" and "[^]...]" keep a literal "]" as their first member.
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


def _split_top(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern` (a leading `\\b`/`^` before one group is shared out)."""
    cuts = [i for i, ch, depth in _groupings(pattern) if ch == "|" and depth == 0]
    parts = [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]
    if len(parts) == 1:
        # "\b(?:a|b|c)" is "\ba|\bb|\bc": a zero-width prefix distributes over the branches.
        for prefix in ("\\b(?:", "^(?:", "(?:"):
            if pattern.startswith(prefix) and _closes_at_end(pattern, len(prefix) - 3):
                inner = _split_top(pattern[len(prefix) : -1])
                if len(inner) > 1:
                    return [prefix[:-3] + f"(?:{p})" for p in inner]
    return parts


def _closes_at_end(pattern: str, open_at: int) -> bool:
    """Does the group opened at `open_at` close at the very end of the pattern?"""
    closed = next((i for i, ch, depth in _groupings(pattern, open_at) if ch == ")" and depth == 0), None)
    return closed == len(pattern) - 1


def required_literals(pattern: str) -> frozenset[str] | None:
    """Texts of which every match of `pattern` contains at least one; None if none can be told."""
    return _required(_parser.parse(pattern, 0))


def _parsed_branch(pattern: str) -> _Branch:
    # Parsing is half of compiling: parse once, read the literals, compile from the same tree.
    # Compiling at once lets each tree go: holding every rule's tree until first use took
    # ~3 MB at the peak, which the allocator keeps as resident memory afterwards.
    tree = _parser.parse(pattern, 0)
    return _Branch(pattern, _required(tree), _compiler.compile(tree, 0))


def _required(seq: object) -> frozenset[str] | None:
    """The best requirement of a parsed sequence: a literal run or a required group's set."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and min(map(len, found)) >= 2 and (best is None or _better(found, best)):
            best = found

    def end_run() -> None:
        if run:
            consider(frozenset(["".join(run)]))
            run.clear()

    for op, av in seq:  # type: ignore[attr-defined]
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        end_run()
        if op is C.SUBPATTERN:
            consider(_required(av[-1]))
        elif op is C.BRANCH:
            consider(_any_of(av[1]))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(av[2]))
        elif op is C.ATOMIC_GROUP:
            consider(_required(av))
    end_run()
    return best


def _any_of(branches: list[object]) -> frozenset[str] | None:
    found: set[str] = set()
    for branch in branches:
        need = _required(branch)
        if not need:
            return None
        found |= need
    return frozenset(found)


def _better(a: frozenset[str], b: frozenset[str]) -> bool:
    """Is requirement `a` more selective than `b` (longer shortest text, then fewer texts)?"""
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


class _Branch:
    __slots__ = ("compiled", "literals", "pattern")

    def __init__(self, pattern: str, literals: frozenset[str] | None, compiled: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.literals = literals
        self.compiled = compiled


class RuleSet:
    """The detector's rules, with one index from literal to branch across all of them, so a
    text is scanned once however many rules then search it."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self._planned = False
        # Every required literal -> the (rule number, branch number) pairs that need it.
        self._literals = ahocorasick.Automaton()
        self._scans: dict[str, dict[int, list[int]]] = {}

    def add(self, pattern: str) -> Rule:
        """A new rule of this set (planned and compiled on first use)."""
        rule = Rule(pattern, self, len(self.rules))
        self.rules.append(rule)
        return rule

    def compile(self) -> None:
        """Compile every rule now (the app does this in the background)."""
        self._plan()
        for rule in self.rules:
            rule.compile()

    def _plan(self) -> None:
        if self._planned:
            return
        needs: dict[str, list[tuple[int, int]]] = {}
        for number, rule in enumerate(self.rules):
            parts = _split_top(rule.pattern)
            if len(parts) < MIN_BRANCHES:
                continue
            rule.branches = [_parsed_branch(p) for p in parts]
            for b, branch in enumerate(rule.branches):
                if branch.literals is None:
                    rule.always.append(b)
                    continue
                for literal in branch.literals:
                    needs.setdefault(literal, []).append((number, b))
        for literal, pairs in needs.items():
            self._literals.add_word(literal, tuple(pairs))
        if needs:
            self._literals.make_automaton()
        self._planned = True

    def candidates(self, text: str) -> dict[int, list[int]]:
        """Rule number -> the branches (in order) whose literal occurs in `text`."""
        found = self._scans.get(text)
        if found is None:
            self._plan()
            by_rule: dict[int, set[int]] = {}
            if self._literals.kind == ahocorasick.AHOCORASICK:
                for _, pairs in self._literals.iter(text):
                    for rule, branch in pairs:
                        if (branches := by_rule.get(rule)) is None:
                            by_rule[rule] = {branch}
                        else:
                            branches.add(branch)
            found = {rule: sorted(branches) for rule, branches in by_rule.items()}
            # A turn searches its text and each of its sentences with many rules: keep a few.
            if len(self._scans) >= 32:
                self._scans.clear()
            self._scans[text] = found
        return found


class Rule:
    """A detection pattern, compiled on first use and searched branch by branch where it can match."""

    __slots__ = ("_compiled", "_number", "_owner", "always", "branches", "pattern")

    def __init__(self, pattern: str, owner: RuleSet, number: int) -> None:
        self.pattern = pattern
        self._owner = owner
        self._number = number
        self._compiled: re.Pattern[str] | None = None
        self.branches: list[_Branch] | None = None  # None: too few branches to dispatch
        self.always: list[int] = []  # branches with no required literal: searched every time

    def compile(self) -> None:
        """Compile this rule now."""
        self._owner._plan()  # compiles the branches of a dispatched rule
        if self.branches is None:
            self.regex()

    def regex(self) -> re.Pattern[str]:
        """The whole pattern as one compiled regex."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The leftmost match, as the whole pattern's `search` would find it."""
        self._owner._plan()
        branches = self.branches
        if branches is None:
            return self.regex().search(text, pos)
        numbers = self._owner.candidates(text).get(self._number)
        if self.always:
            numbers = sorted({*self.always, *(numbers or ())})
        if not numbers:
            return None
        best: re.Match[str] | None = None
        for number in numbers:
            m = branches[number].compiled.search(text, pos)
            # Ties go to the earlier branch, as in the alternation itself.
            if m and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every non-overlapping match, left to right, as the whole pattern's `finditer`."""
        pos = 0
        while pos <= len(text):
            m = self.search(text, pos)
            if m is None:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        """Replace every match, as `re.sub` with the whole pattern."""
        return self.regex().sub(repl, text)
