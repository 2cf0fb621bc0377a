"""Bulk detection (`sim detect --jsonl`): JSONL utterances in, one result line out per input
line, in input order, spread over worker processes when the input is long enough to repay them.

QA teams score exported chat logs of tens of thousands of lines; detection is pure Python, so
a second core nearly halves the wait. Workers are forked after the rules are compiled and the
weights loaded, so they share both with the parent and start in milliseconds.
"""

from __future__ import annotations

import collections
import itertools
import json
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from sim.core.detect import Detection, detect_behaviours, warm_up
from sim.core.evaluation import InputError, read_line
from sim.core.phrases import PhraseBook

# Lines per task: small, so every worker stays busy to the end (a task of 1,024 lines took from
# 0.12 s to 0.26 s, and the last one left the other core idle meanwhile).
CHUNK = 256
# Tasks queued per worker: keeps them fed while bounding memory on a huge file.
AHEAD = 4
# Below this many lines in all, starting workers costs more than it saves.
MIN_PARALLEL = 512

_extra: Mapping[str, PhraseBook] | None = None  # set before forking; workers inherit it


@dataclass(frozen=True, slots=True)
class ResultLine:
    """The output line for one input line, and the problem with the input if there was one."""

    json: str
    error: InputError | None = None



@dataclass(frozen=True, slots=True)
class _TaskResult:
    """What a worker sends back for a task: its output lines, and the problems by position.

    Not a list of ResultLine: pickling one object per line (through copyreg and its slots'
    state) cost ~7 us a line between worker and parent, more than half a detection."""

    lines: list[str]
    errors: dict[int, InputError]

    def results(self) -> Iterator[ResultLine]:
        """The task's result lines, in order."""
        errors = self.errors
        for i, line in enumerate(self.lines):
            yield ResultLine(line, errors.get(i)) if errors else ResultLine(line)


def detect_jsonl(lines: Iterable[str], extra: Mapping[str, PhraseBook] | None = None,
                 jobs: int = 1) -> Iterator[ResultLine]:
    """A result line for every non-blank input line, in input order, using up to `jobs` processes."""
    global _extra
    _extra = extra
    numbered = enumerate(lines, start=1)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        # One line at a time: a program feeding stdin gets each answer before sending the next.
        for line in numbered:
            yield from _detect_block([line])
        return
    head = list(itertools.islice(numbered, MIN_PARALLEL))
    if len(head) < MIN_PARALLEL:
        yield from _detect_block(head)
        return
    warm_up()  # before forking, so every worker shares the compiled rules
    # An executor, not multiprocessing.Pool: a worker that dies raises BrokenProcessPool here
    # instead of leaving the parent waiting forever.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        tasks = itertools.chain((head[i : i + CHUNK] for i in range(0, len(head), CHUNK)),
                                iter(lambda: list(itertools.islice(numbered, CHUNK)), []))
        # Results go out in input order; later tasks are already queued while one is awaited.
        queued: collections.deque[Future[_TaskResult]] = collections.deque()
        for task in tasks:
            queued.append(pool.submit(_detect_task, task))
            if len(queued) >= jobs * AHEAD:
                yield from queued.popleft().result().results()
        while queued:
            yield from queued.popleft().result().results()
    finally:
        pool.shutdown(cancel_futures=True)


def _detect_task(block: list[tuple[int, str]]) -> _TaskResult:
    results = _detect_block(block)
    return _TaskResult([r.json for r in results], {i: r.error for i, r in enumerate(results) if r.error})


def _detect_block(block: list[tuple[int, str]]) -> list[ResultLine]:
    out = []
    for number, raw in block:
        item = read_line(number, raw)
        if item is None:
            continue
        if isinstance(item, InputError):
            row = {"id": item.id, "behaviors": [], "spans": {}, "error": str(item)}
            out.append(ResultLine(json.dumps(row, ensure_ascii=False), item))
            continue
        found = detect_behaviours(item.text, item.customer, extra=_extra)
        out.append(ResultLine(result_json(item.id, found)))
    return out


_encode = json.JSONEncoder(ensure_ascii=False).encode
_names: dict[str, str] = {}  # behaviour id -> its JSON string


def result_json(id: Any, detections: list[Detection]) -> str:
    """The output line for one utterance: what `json.dumps({"id": id, "behaviors": [...],
    "spans": {...}}, ensure_ascii=False)` gives, written directly (json.dumps took ~9 us a line)."""
    spans: dict[str, list[str]] = {}
    for d in detections:
        spans.setdefault(d.behavior, []).append(f"[{d.start}, {d.end}]")
    names = [_names.get(b) or _names.setdefault(b, _encode(b)) for b in spans]
    by_name = ", ".join(f"{n}: [{', '.join(s)}]" for n, s in zip(names, spans.values(), strict=True))
    behaviours = ", ".join(names)
    return f'{{"id": {_encode(id)}, "behaviors": [{behaviours}], "spans": {{{by_name}}}}}'
