"""Fast matching for the detection rules: a long alternation searched only where it can match.

Python's regex engine tries every alternative of `a|b|c|...` at every position of the text, so
a rule with a hundred branches costs a hundred tries per character. A `Rule` splits its pattern
into its top-level branches (a rule of few branches is one branch) and works out for each branch
the texts any match must contain: "wouldn", then "pay grade"; one of "should"/"ought to have"...
On a given text it runs only the branches whose requirements are all present (up to `LEVELS` of
them). The leftmost match, earliest branch first, is exactly what the whole pattern would have
found (tests/core/test_rules.py checks that on every corpus line and on generated text).
Which literals a text holds is found in one pass of an Aho-Corasick automaton over all of them.

Patterns are matched case-sensitively: the detector lower-cases the text first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import reduce
from operator import itemgetter, or_
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as C  # type: ignore[attr-defined]

import ahocorasick

from sim.core import rule_cache
from sim.core.rule_cache import BranchCode

# Below this many branches a plain compiled pattern is as fast as dispatching.
MIN_BRANCHES = 4
# How many of a branch's requirements a text must meet before it is searched: the most
# selective, then the others in pattern order.
LEVELS = 3


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
        # So is a trailing one: "\b(?:a|b)\b" tries "a\b" then "b\b", as "\b(?:a)\b|\b(?:b)\b" does.
        for prefix in ("\\b(?:", "^(?:", "(?:"):
            for suffix in ("", "\\b"):
                end = len(pattern) - len(suffix)
                if (pattern.startswith(prefix) and pattern.endswith(")" + suffix)
                        and _closes_at_end(pattern[:end], len(prefix) - 3)):
                    inner = _split_top(pattern[len(prefix) : end - 1])
                    if len(inner) > 1:
                        return [prefix[:-3] + f"(?:{p})" + suffix for p in inner]
    return parts


def _closes_at_end(pattern: str, open_at: int) -> bool:
    """Does the group opened at `open_at` close at the very end of the pattern?"""
    closed = next((i for i, ch, depth in _groupings(pattern, open_at) if ch == ")" and depth == 0), None)
    return closed == len(pattern) - 1


def required_literals(pattern: str) -> frozenset[str] | None:
    """Texts of which every match of `pattern` contains at least one; None if none can be told."""
    return _best(_requirements(_parser.parse(pattern, 0)))


def requirements(pattern: str) -> list[frozenset[str]]:
    """Every requirement of `pattern`: each match contains at least one text of each set."""
    return _requirements(_parser.parse(pattern, 0))


def _parsed_branch(pattern: str, keep: bool) -> tuple[BranchCode | re.Pattern[str], list[frozenset[str]]]:
    """The branch's code if it is to be kept (see rule_cache), else its compiled pattern, and its
    requirements, most selective first."""
    # Parsing is half of compiling: parse once, read the literals, compile from the same tree.
    # Compiling at once lets each tree go: holding every rule's tree until first use took
    # ~3 MB at the peak, which the allocator keeps as resident memory afterwards.
    tree = _parser.parse(pattern, 0)
    needs = _requirements(tree)
    best = _best(needs)
    ordered = [best, *(n for n in needs if n is not best)] if best is not None else []
    code = rule_cache.branch_code(pattern, tree) if keep else None
    return code or _compiler.compile(tree, 0), ordered


def _requirements(seq: object) -> list[frozenset[str]]:
    """The requirements of a parsed sequence: its literal runs and those of its required groups."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def consider(need: frozenset[str] | None) -> None:
        if need and all(map(_findable, need)) and need not in found:
            found.append(need)

    def end_run() -> None:
        if run:
            consider(frozenset(["".join(run)]))
            run.clear()

    for op, av in seq:  # type: ignore[attr-defined]
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and av[2][0][0] is C.LITERAL:
            # "f+u+c+k" holds "fu", "uc" and "ck": a repeated letter joins the runs either side.
            letter = chr(av[2][0][1])
            run += letter * av[0]
            if av[1] != av[0]:
                end_run()
                run.append(letter)
            continue
        end_run()
        if op is C.SUBPATTERN:
            for need in _requirements(av[-1]):
                consider(need)
        elif op is C.BRANCH:
            consider(_any_of(av[1]))
        elif op in _REPEATS and av[0] >= 1:
            for need in _requirements(av[2]):
                consider(need)
        elif op is C.ATOMIC_GROUP:
            for need in _requirements(av):
                consider(need)
    end_run()
    return found


_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def _findable(text: str) -> bool:
    """Is `text` worth looking up: two characters or more, or one rare punctuation mark ("?")?"""
    return len(text) >= 2 or (text != "" and not text.isalnum() and not text.isspace())


def _best(needs: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement (the first, on a tie)."""
    best: frozenset[str] | None = None
    for need in needs:
        if best is None or _better(need, best):
            best = need
    return best


def _any_of(branches: list[object]) -> frozenset[str] | None:
    found: set[str] = set()
    for branch in branches:
        need = _best(_requirements(branch))
        if not need:
            return None
        found |= need
    return frozenset(found)


def _better(a: frozenset[str], b: frozenset[str]) -> bool:
    """Is requirement `a` more selective than `b` (longer shortest text, then fewer texts)?"""
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


class RuleSet:
    """The detector's rules, with one index from literal to branch across all of them, so a
    text is scanned once however many rules then search it."""

    def __init__(self, cache: Path | None = None) -> None:
        self.rules: list[Rule] = []
        self._planned = False
        self._cache = cache  # where the compiled rules are kept between runs (see rule_cache)
        # Every required literal -> the bits of the branches that need it (see `_fresh_plan`).
        self._literals = ahocorasick.Automaton()
        self._scans: dict[str, int] = {}
        self._width = 0  # how many branches there are, all rules together
        self._always = 0  # bits of branches with no required literal: searched every time
        self._levels = [0] * LEVELS  # per level, the bits of branches with a requirement there

    def add(self, pattern: str) -> Rule:
        """A new rule of this set (planned and compiled on first use)."""
        rule = Rule(pattern, self)
        self.rules.append(rule)
        return rule

    def compile(self) -> None:
        """Compile every rule now (the app does this in the background)."""
        self._plan()

    def _plan(self) -> None:
        if self._planned:
            return
        key = rule_cache.digest(rule.pattern for rule in self.rules) if self._cache else ""
        loaded = rule_cache.load(self._cache, key) if self._cache else None
        if loaded is not None and len(loaded.branches) == len(self.rules):
            self._apply(loaded)
        elif (plan := self._fresh_plan(keep=self._cache is not None)) is not None:
            rule_cache.save(self._cache, key, plan)  # type: ignore[arg-type]
        self._planned = True

    def _fresh_plan(self, keep: bool) -> rule_cache.Plan | None:
        """Split, parse and compile every rule, and index the literals each branch needs; the
        plan, for storing, when `keep` asks for it and this Python's regex code can be kept."""
        # Each branch is a bit; each literal holds, per requirement level, the bits of the
        # branches whose requirement at that level it meets. A text's candidates are then a few
        # big-integer ORs and ANDs over the literals it holds, however many branches there are.
        masks: dict[str, list[int]] = {}
        codes: list[list[rule_cache.BranchCode]] = []
        bit = 0
        for rule in self.rules:
            parts = _split_top(rule.pattern)
            if len(parts) < MIN_BRANCHES:
                parts = [rule.pattern]  # one branch: still skipped on a text without its literals
            rule.branches = []
            rule.first_bit = bit
            codes.append([])
            for part in parts:
                code, needs = _parsed_branch(part, keep)
                if isinstance(code, rule_cache.BranchCode):
                    codes[-1].append(code)
                    code = rule_cache.compiled(code)
                else:
                    keep = False
                rule.branches.append(code)
                rule.mask |= 1 << bit
                if not needs:
                    self._always |= 1 << bit
                    bit += 1
                    continue
                for level, need in enumerate(needs[:LEVELS]):
                    self._levels[level] |= 1 << bit
                    for literal in need:
                        masks.setdefault(literal, [0] * LEVELS)[level] |= 1 << bit
                bit += 1
        # One integer per literal, its levels side by side: a text's scan is then one OR per
        # occurrence, done by `reduce` in C.
        literals = {literal: sum(m << (bit * level) for level, m in enumerate(by_level))
                    for literal, by_level in masks.items()}
        self._width = bit
        self._index(literals)
        scan = rule_cache.Scan(literals, self._always, self._levels, bit)
        return rule_cache.Plan(codes, scan) if keep else None

    def _apply(self, loaded: rule_cache.Loaded) -> None:
        """Set the rules up from a stored rule set."""
        bit = 0
        for rule, compiled in zip(self.rules, loaded.branches, strict=True):
            rule.first_bit = bit
            rule.branches = compiled
            rule.mask = ((1 << len(compiled)) - 1) << bit
            bit += len(compiled)
        scan = loaded.scan
        self._always, self._levels, self._width = scan.always, list(scan.levels), scan.width
        self._index(scan.literals)

    def _index(self, literals: dict[str, int]) -> None:
        for literal, bits in literals.items():
            self._literals.add_word(literal, bits)
        if literals:
            self._literals.make_automaton()

    def candidates(self, text: str) -> int:
        """The bits of the branches whose every requirement (up to `LEVELS`) occurs in `text`."""
        found = self._scans.get(text)
        if found is None:
            self._plan()
            met = 0
            if self._literals.kind == ahocorasick.AHOCORASICK:
                met = reduce(or_, map(itemgetter(1), self._literals.iter(text)), 0)
            width = self._width
            everything = (1 << width) - 1
            found = met & everything
            for level in range(1, LEVELS):
                found &= (met >> (width * level)) | ~self._levels[level]
            found |= self._always
            # A turn searches its text and each of its sentences with many rules: keep a few.
            if len(self._scans) >= 32:
                self._scans.clear()
            self._scans[text] = found
        return found


class Rule:
    """A detection pattern, compiled on first use and searched branch by branch where it can match."""

    __slots__ = ("_owner", "branches", "first_bit", "mask", "pattern")

    def __init__(self, pattern: str, owner: RuleSet) -> None:
        self.pattern = pattern
        self._owner = owner
        # Its top-level alternatives, or the whole pattern as one branch when it has few.
        self.branches: list[re.Pattern[str]] | None = None  # set when the rule set is planned
        self.first_bit = 0  # its first branch's bit in the rule set's candidates
        self.mask = 0  # the bits of all its branches

    def regex(self) -> re.Pattern[str]:
        """The whole pattern as one compiled regex."""
        self._owner._plan()
        assert self.branches is not None
        return self.branches[0] if len(self.branches) == 1 else re.compile(self.pattern)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The leftmost match, as the whole pattern's `search` would find it."""
        # A turn makes ~40 searches, most of them ruled out here: keep this path short.
        owner = self._owner
        bits = owner._scans.get(text)
        if bits is None:
            bits = owner.candidates(text)
        bits &= self.mask
        if not bits:
            return None
        branches = self.branches
        assert branches is not None
        if len(branches) == 1:
            return branches[0].search(text, pos)
        bits >>= self.first_bit
        best: re.Match[str] | None = None
        number = 0
        # Lowest bit first: branches in order, so ties go to the earlier one, as in the alternation.
        while bits:
            skip = (bits & -bits).bit_length() - 1
            number += skip
            bits >>= skip + 1
            m = branches[number].search(text, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
            number += 1
        return best

    def search_fragment(self, text: str) -> re.Match[str] | None:
        """Search a few words cut from a turn (the 60 characters before a match, a last clause)
        directly: scanning them for literals would cost more than the search itself."""
        return self.regex().search(text)

    def candidate_branches(self, text: str) -> list[int]:
        """The numbers of the branches `search` would try on `text`."""
        self._owner._plan()
        bits = self._owner.candidates(text) & self.mask
        return [n for n in range(len(self.branches or ())) if bits >> (self.first_bit + n) & 1]

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
