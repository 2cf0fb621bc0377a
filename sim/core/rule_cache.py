"""The detection rules' compiled form, kept on disk so a new process need not compile them again.

Parsing and compiling the detector's ~900 regex branches took ~0.18 s of every start of `sim
detect` and `sim play`, longer than the rest of start-up together. Python keeps no compiled
regexes between runs, so we keep what `re` would build: each branch's pattern code, read back
into `_sre.compile` as `re` itself does (~6 ms), with the rule set's literal scan beside it.

The file is only a cache: it is keyed by the Python version, the regex engine's version, the
rule code and every pattern, written atomically, and on any doubt ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from array import array
from collections.abc import Iterable
from pathlib import Path
from re import Pattern, _compiler  # type: ignore[attr-defined]
from typing import NamedTuple

try:
    import _sre

    _code = _compiler._code  # what `re._compiler.compile` hands to `_sre.compile`
    AVAILABLE = True
except (ImportError, AttributeError):  # another Python: compile as `re` does, keep nothing
    AVAILABLE = False

# Bumped when the file's layout changes.
_LAYOUT = 2


class BranchCode(NamedTuple):
    """Everything `_sre.compile` needs to rebuild one compiled branch."""

    pattern: str
    flags: int
    code: bytes  # the pattern code as unsigned 32-bit words
    groups: int
    groupindex: dict[str, int]
    indexgroup: tuple[str | None, ...]


class Scan(NamedTuple):
    """A rule set's literal scan: each literal's entries (branch * 4 + kind, see rules.py), the
    branches that can open at the very start of a text, and how many branches there are."""

    entries: dict[str, list[int]]
    at_start: list[int]
    width: int


class Plan(NamedTuple):
    """What is stored of a rule set: its branches' code, rule by rule, and its literal scan."""

    branches: list[list[BranchCode]]
    scan: Scan


class Loaded(NamedTuple):
    """A stored rule set read back: its compiled branches, rule by rule, and its literal scan."""

    branches: list[list[Pattern[str]]]
    scan: Scan


def branch_code(pattern: str, tree: object) -> BranchCode | None:
    """The code of a parsed branch, as `re._compiler.compile` computes it; None on another Python."""
    if not AVAILABLE:
        return None
    state = tree.state  # type: ignore[attr-defined]
    indexgroup: list[str | None] = [None] * state.groups
    for name, index in state.groupdict.items():
        indexgroup[index] = name
    code = array("I", [int(op) for op in _code(tree, 0)]).tobytes()
    groupindex = dict(state.groupdict)
    return BranchCode(pattern, int(state.flags), code, state.groups - 1, groupindex, tuple(indexgroup))


def compiled(branch: BranchCode) -> Pattern[str]:
    """The compiled pattern of a branch's code."""
    return _sre.compile(branch.pattern, branch.flags, array("I", branch.code).tolist(), branch.groups,
                        branch.groupindex, branch.indexgroup)


def digest(patterns: Iterable[str]) -> str:
    """The key a cached plan of these patterns must carry to be used."""
    h = hashlib.sha256()
    h.update(f"{_LAYOUT} {sys.version} {getattr(_sre, 'MAGIC', '') if AVAILABLE else ''}\0".encode())
    h.update(Path(__file__).with_name("rules.py").read_bytes())
    for pattern in patterns:
        h.update(pattern.encode() + b"\0")
    return h.hexdigest()


def load(path: Path, key: str) -> Loaded | None:
    """The rule set stored at `path` under `key`, compiled, or None if it is missing, stale or
    damaged."""
    if not AVAILABLE:
        return None
    try:
        with path.open("rb") as f:
            if f.readline().decode().strip() != key:
                return None
            size = int.from_bytes(f.read(8), "little")
            if size > path.stat().st_size:
                return None
            # loads(read()): `marshal.load` on a file reads it in small pieces, ten times slower.
            rows, entries, at_start, width = marshal.loads(f.read(size))
            # Each branch's code is read as it is compiled: the whole file in memory at once
            # took a round's peak memory in the app up by ~1 MB.
            branches: list[list[Pattern[str]]] = []
            for rule in rows:
                branches.append([])
                for pattern, flags, words, groups, groupindex, indexgroup in rule:
                    code = f.read(4 * words)
                    if len(code) != 4 * words:
                        return None
                    branch = BranchCode(pattern, flags, code, groups, groupindex, indexgroup)
                    branches[-1].append(compiled(branch))
            if f.read(1):
                return None
        return Loaded(branches, Scan(entries, at_start, width))
    except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError, RuntimeError, OverflowError):
        # RuntimeError: the regex engine refused the code, damaged in a way the key cannot tell.
        return None


def save(path: Path, key: str, plan: Plan) -> None:
    """Store `plan` at `path` under `key`; a read-only install simply goes without."""
    if not AVAILABLE:
        return
    rows = [[(b.pattern, b.flags, len(b.code) // 4, b.groups, b.groupindex, b.indexgroup) for b in rule]
            for rule in plan.branches]
    scan = plan.scan
    head = marshal.dumps((rows, scan.entries, scan.at_start, scan.width))
    import tempfile  # here: only the first run after a change writes, and it pulls in `random`

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a process starting meanwhile reads the old file or the new.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(key.encode() + b"\n" + len(head).to_bytes(8, "little") + head)
            for rule in plan.branches:
                for branch in rule:
                    f.write(branch.code)
        os.chmod(temporary, 0o644)  # readable by every user of a shared install, as .pyc files are
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
