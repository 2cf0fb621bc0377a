"""Fast matching for the detection rules: a long alternation searched only where it can match.

Python's regex engine tries every alternative of `a|b|c|...` at every position of the text, so
a rule with a hundred branches costs a hundred tries per character. A `Rule` splits its pattern
into its top-level branches (a rule of few branches is one branch) and works out for each branch
the texts any match must contain: "wouldn", then "pay grade"; one of "should"/"ought to have"...
On a given text it runs only the branches whose requirements are all present (up to `LEVELS` of
them). The leftmost match, earliest branch first, is exactly what the whole pattern would have
found (tests/core/test_rules.py checks that on every corpus line and on generated text).
Which literals a text holds is found in one pass of an Aho-Corasick automaton over all of them.

Most branches also open with one of a few known texts ("would y", "i'll c"): their `leads`.
The C scan (`_scan.c`) notes where those start and tries such a branch only there, with
`match`, instead of at every position of the text; a search would try every one. Without the C
module, pyahocorasick finds the literals and every candidate branch is searched whole.

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
from typing import Protocol

from sim.core import rule_cache
from sim.core.rule_cache import BranchCode

try:
    from sim.core import _scan  # type: ignore[attr-defined]
except ImportError:  # installed without a C compiler: the same scan in Python, with pyahocorasick
    _scan = None

# Below this many branches a plain compiled pattern is as fast as dispatching.
MIN_BRANCHES = 4
# How many of a branch's requirements a text must meet before it is searched: the most
# selective, then the others in pattern order.
LEVELS = 3
# The kind of entry saying a literal can open a branch's match (kinds below it are levels).
LEAD = 3
# The most texts a branch's leading literals may be: past it, the branch is searched as a whole.
MAX_LEADS = 64
# Required texts are looked up by their first this many characters: a text holding "you ought
# to" holds "you ough", and the automaton stays small (every character is a node).
LITERAL_CHARS = 8
# Leads are cut to this many characters: long enough to be rare, short enough to share. A match
# opening with "would you like" opens with "would ": the scan need look no further.
LEAD_CHARS = 6
# The lead of a branch that can open at the very start of the text ("^").
AT_START = "^"


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


def _parsed_branch(pattern: str, keep: bool) -> tuple[BranchCode | re.Pattern[str], list[frozenset[str]],
                                                    frozenset[str] | None]:
    """The branch's code if it is to be kept (see rule_cache), else its compiled pattern, its
    requirements, most selective first, and the texts its every match opens with (see `leads`)."""
    # Parsing is half of compiling: parse once, read the literals, compile from the same tree.
    # Compiling at once lets each tree go: holding every rule's tree until first use took
    # ~3 MB at the peak, which the allocator keeps as resident memory afterwards.
    tree = _parser.parse(pattern, 0)
    needs = _requirements(tree)
    best = _best(needs)
    ordered = [best, *(n for n in needs if n is not best)] if best is not None else []
    code = rule_cache.branch_code(pattern, tree) if keep else None
    return code or _compiler.compile(tree, 0), ordered, _leads(tree)


def leads(pattern: str) -> frozenset[str] | None:
    """The texts every match of `pattern` opens with ("^" for the very start of the text); None
    when they cannot be told or one is too common to be worth looking up (a single letter)."""
    return _leads(_parser.parse(pattern, 0))


def _leads(tree: object) -> frozenset[str] | None:
    # Searching a branch tries it at every position of the text; most positions are hopeless.
    # Knowing how each match opens, the scan finds the few places worth a `match` instead.
    found, _ = _texts(tree, MAX_LEADS, LEAD_CHARS, at_start=True)
    if not all(t == AT_START or _findable(t) for t in found):
        return None
    return frozenset(found)


def _texts(seq: object, limit: int, cut: int | None = None, at_start: bool = False) -> tuple[set[str], bool]:
    """The texts a parsed sequence can match, spelled out through its literals, small sets of
    characters, optional characters and alternations of those (zero-width items add nothing),
    and whether each is the whole match. At an item that cannot be spelled out, or past `limit`
    texts, it stops with the texts so far: how matches open. Texts are cut to `cut` characters;
    with `at_start`, a leading "^" is the text AT_START."""
    texts = {""}
    for op, av in seq:  # type: ignore[attr-defined]
        if op is C.AT and av is C.AT_BEGINNING and at_start and texts == {""}:
            return {AT_START}, False
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: the match goes on with what follows
        opening = at_start and texts == {""}
        step: tuple[set[str], bool] | None
        if (chars := _one_of(op, av)) is not None:
            step = chars, True
        elif op is C.SUBPATTERN and not av[1] & ~C.SRE_FLAG_UNICODE and not av[2]:
            step = _texts(av[-1], limit, cut, opening)
        elif op is C.BRANCH:
            alternatives = [_texts(a, limit, cut, opening) for a in av[1]]
            union = {t for a in alternatives for t in a[0]}
            step = union, all(a[1] for a in alternatives)
            if AT_START in union and texts != {""}:
                step = None
        elif (op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0 and av[1] == 1 and len(av[2]) == 1
              and (chars := _one_of(*av[2][0])) is not None):
            step = chars | {""}, True  # "['’]?"
        else:
            step = None
        if step is None:
            return texts, False
        # A text cut at `cut` stays cut whatever is added after it, and cutting keeps
        # "i'll"/"i’ll"/"ill" times "call"/"ring"... small.
        longer = {(a + b)[:cut] for a in texts for b in step[0]}
        if len(longer) > limit:
            return texts, False
        texts = longer
        if not step[1]:
            return texts, False
    return texts, True


def _one_of(op: object, av: object) -> set[str] | None:
    """The characters a single-character item matches, if it is a literal or a small set of them."""
    # A literal "^" would read as the start of the text: no lead holds one.
    if op is C.LITERAL and av != ord(AT_START):
        return {chr(av)}  # type: ignore[arg-type]
    if op is C.IN and len(av) <= 4 and all(o is C.LITERAL and a != ord(AT_START) for o, a in av):  # type: ignore[arg-type]
        return {chr(a) for _, a in av}  # type: ignore[union-attr]
    return None


def _requirements(seq: object) -> list[frozenset[str]]:
    """The requirements of a parsed sequence: its literal runs and those of its required groups."""
    found: list[frozenset[str]] = []
    # The texts the current literal run can be: one, or a few where it crosses a small
    # alternation (" " + is/are/means + " " is " is ", " are " or " means ").
    run = {""}

    def consider(need: frozenset[str] | None) -> None:
        if need and all(map(_findable, need)) and need not in found:
            found.append(need)

    def end_run() -> None:
        nonlocal run
        if run != {""}:
            consider(frozenset(run))
        run = {""}

    for op, av in seq:  # type: ignore[attr-defined]
        if op is C.LITERAL:
            run = {t + chr(av) for t in run}  # type: ignore[arg-type]
            continue
        if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and av[2][0][0] is C.LITERAL:
            # "f+u+c+k" holds "fu", "uc" and "ck": a repeated letter joins the runs either side.
            letter = chr(av[2][0][1])
            run = {t + letter * av[0] for t in run}
            if av[1] != av[0]:
                end_run()
                run = {letter}
            continue
        if op in _EXPANDABLE:
            whole, complete = _texts([(op, av)], MAX_RUN_TEXTS)
            longer = {t + w for t in run for w in whole}
            if complete and len(longer) <= MAX_RUN_TEXTS:
                run = longer
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


# What a literal run can cross: alternations, groups, a small set of characters, an optional one.
_EXPANDABLE = (C.BRANCH, C.SUBPATTERN, C.IN, C.MAX_REPEAT, C.MIN_REPEAT)
# A literal run crossing alternations keeps at most this many texts; past it, the run ends.
MAX_RUN_TEXTS = 16


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

    def __init__(self, cache: Path | None = None, *, native: bool = True) -> None:
        self.rules: list[Rule] = []
        self._planned = False
        self._cache = cache  # where the compiled rules are kept between runs (see rule_cache)
        self._native = native and _scan is not None  # the C scan, or the same work in Python
        self._scanner: _ScanIndex | None = None
        # A turn searches its text and each of its sentences with many rules: keep a few scans.
        self._scans: dict[str, _Scan] = {}

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
        """Split, parse and compile every rule, and index the literals each branch needs and
        opens with; the plan, for storing, when `keep` asks for it and this Python's regex code
        can be kept."""
        # Each branch is a number; each literal lists its entries: branch * 4 + kind, where the
        # kind is the requirement level the literal meets, or LEAD where it can open a match.
        entries: dict[str, list[int]] = {}
        at_start: list[int] = []
        codes: list[list[rule_cache.BranchCode]] = []
        number = 0
        for rule in self.rules:
            parts = _split_top(rule.pattern)
            if len(parts) < MIN_BRANCHES:
                parts = [rule.pattern]  # one branch: still skipped on a text without its literals
            rule.branches = []
            rule.first_bit = number
            codes.append([])
            for part in parts:
                code, needs, opens = _parsed_branch(part, keep)
                if isinstance(code, rule_cache.BranchCode):
                    codes[-1].append(code)
                    code = rule_cache.compiled(code)
                else:
                    keep = False
                rule.branches.append(code)
                for level, need in enumerate(needs[:LEVELS]):
                    for literal in {text[:LITERAL_CHARS] for text in need}:
                        entries.setdefault(literal, []).append(number * 4 + level)
                for literal in opens or ():
                    if literal == AT_START:
                        at_start.append(number)
                    else:
                        entries.setdefault(literal, []).append(number * 4 + LEAD)
                number += 1
        scan = rule_cache.Scan(entries, at_start, number)
        self._index(scan)
        return rule_cache.Plan(codes, scan) if keep else None

    def _apply(self, loaded: rule_cache.Loaded) -> None:
        """Set the rules up from a stored rule set."""
        number = 0
        for rule, compiled in zip(self.rules, loaded.branches, strict=True):
            rule.first_bit = number
            rule.branches = compiled
            number += len(compiled)
        self._index(loaded.scan)

    def _index(self, scan: rule_cache.Scan) -> None:
        if self._native:
            self._scanner = _scan.Scanner(list(scan.entries), list(scan.entries.values()), scan.width,
                                          scan.at_start)
        else:
            self._scanner = _PythonScanner(scan)

    def scan(self, text: str) -> _Scan:
        """Which branches `text` holds every requirement of (up to `LEVELS`), and where their
        leading literals start."""
        found = self._scans.get(text)
        if found is None:
            self._plan()
            assert self._scanner is not None
            found = self._scanner.scan(text)
            if len(self._scans) >= 32:
                self._scans.clear()
            self._scans[text] = found
        return found

    def candidates(self, text: str) -> int:
        """The bits of the branches whose every requirement (up to `LEVELS`) occurs in `text`."""
        return self.scan(text).candidates


class _Scan(Protocol):
    """One text's scan: `sim.core._scan.Scan`, or `_PythonScan` without the C module."""

    @property
    def candidates(self) -> int: ...

    def search(self, first_bit: int, branches: list[re.Pattern[str]], pos: int) -> re.Match[str] | None: ...


class _ScanIndex(Protocol):
    def scan(self, text: str) -> _Scan: ...


class _PythonScanner:
    """The literal scan without the C module: pyahocorasick finds the literals, and every
    candidate branch is searched whole (its leads are not used: in Python, finding where they
    start costs more than it saves)."""

    def __init__(self, scan: rule_cache.Scan) -> None:
        import ahocorasick

        width = scan.width
        self.width = width
        self.levels = [0] * LEVELS  # per level, the bits of branches with a requirement there
        self.automaton = ahocorasick.Automaton()
        for literal, entries in scan.entries.items():
            # One integer per literal, its levels side by side: a text's scan is then one OR
            # per occurrence, done by `reduce` in C.
            bits = 0
            for entry in entries:
                branch, kind = divmod(entry, 4)
                if kind < LEVELS:
                    bits |= 1 << (branch + width * kind)
                    self.levels[kind] |= 1 << branch
            if bits:
                self.automaton.add_word(literal, bits)
        self.always = ((1 << width) - 1) & ~self.levels[0]  # branches with no requirement
        if len(self.automaton):
            self.automaton.make_automaton()

    def scan(self, text: str) -> _PythonScan:
        met = 0
        if len(self.automaton):
            met = reduce(or_, map(itemgetter(1), self.automaton.iter(text)), 0)
        width = self.width
        found = met & ((1 << width) - 1)
        for level in range(1, LEVELS):
            found &= (met >> (width * level)) | ~self.levels[level]
        return _PythonScan(text, found | self.always)


class _PythonScan:
    """One text's candidate branches, searched one by one."""

    __slots__ = ("candidates", "text")

    def __init__(self, text: str, candidates: int) -> None:
        self.text = text
        self.candidates = candidates

    def search(self, first_bit: int, branches: list[re.Pattern[str]], pos: int) -> re.Match[str] | None:
        """The leftmost match of a rule's branches (numbered from `first_bit`) at or after `pos`."""
        bits = (self.candidates >> first_bit) & ((1 << len(branches)) - 1)
        best: re.Match[str] | None = None
        number = 0
        # Lowest bit first: branches in order, so ties go to the earlier one, as in the alternation.
        while bits:
            skip = (bits & -bits).bit_length() - 1
            number += skip
            bits >>= skip + 1
            m = branches[number].search(self.text, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
            number += 1
        return best


# With the C module, a rule's `search` is C (see `_scan.Rule`): the call itself was most of the
# cost of the ~40 searches a turn makes, most of them ruled out by the scan at once.
_RuleBase: type = _scan.Rule if _scan is not None else object


class Rule(_RuleBase):  # type: ignore[misc, valid-type]
    """A detection pattern, compiled on first use and searched branch by branch where it can match."""

    # The C base holds the rule set, its scans, the branches and the first branch's bit.
    __slots__ = ("_whole", "pattern") if _scan is not None else ("_owner", "_scans", "_whole", "branches",
                                                                  "first_bit", "pattern")

    def __init__(self, pattern: str, owner: RuleSet) -> None:
        self.pattern = pattern
        self._whole: re.Pattern[str] | None = None  # `regex()`, kept for `search_fragment`
        self._owner = owner
        self._scans = owner._scans  # the same dict for the rule set's life: it is cleared, not replaced
        # Its top-level alternatives, or the whole pattern as one branch when it has few.
        self.branches: list[re.Pattern[str]] | None = None  # set when the rule set is planned
        self.first_bit = 0  # its first branch's bit in the rule set's candidates

    def regex(self) -> re.Pattern[str]:
        """The whole pattern as one compiled regex."""
        self._owner._plan()
        assert self.branches is not None
        return self.branches[0] if len(self.branches) == 1 else re.compile(self.pattern)

    if _scan is None:

        def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
            """The leftmost match, as the whole pattern's `search` would find it."""
            scan = self._scans.get(text)
            if scan is None:
                scan = self._owner.scan(text)
            return scan.search(self.first_bit, self.branches, pos)  # type: ignore[arg-type]

        def finditer(self, text: str) -> Iterator[re.Match[str]]:
            """Every non-overlapping match, left to right, as the whole pattern's `finditer` (for
            patterns that cannot match the empty text, as no detection rule can)."""
            pos = 0
            while pos <= len(text):
                m = self.search(text, pos)
                if m is None:
                    return
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1

    def search_fragment(self, text: str) -> re.Match[str] | None:
        """Search a few words cut from a turn (the 60 characters before a match, a last clause)
        directly: scanning them for literals would cost more than the search itself."""
        whole = self._whole
        if whole is None:
            whole = self._whole = self.regex()
        return whole.search(text)

    def candidate_branches(self, text: str) -> list[int]:
        """The numbers of the branches `search` would try on `text`."""
        bits = self._owner.candidates(text)
        return [n for n in range(len(self.branches or ())) if bits >> (self.first_bit + n) & 1]

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        """Replace every match, as `re.sub` with the whole pattern."""
        return self.regex().sub(repl, text)
