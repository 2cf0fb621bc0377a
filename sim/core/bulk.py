"""Bulk detection (`sim detect --jsonl`): JSONL utterances in, one result line out per input
line, in input order, spread over worker processes when the input is long enough to repay them.

QA teams score exported chat logs of tens of thousands of lines; detection is pure Python, so
a second core nearly halves the wait. Workers are forked after the rules are compiled and the
weights loaded, so they share both with the parent and start in milliseconds.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from sim.core.detect import detect_behaviours, warm_up
from sim.core.evaluation import InputError, read_line, spans_by_behaviour
from sim.core.phrases import PhraseBook

# Lines read at a time: bounds memory on a huge file while keeping every worker busy.
BLOCK = 8192
# Below this many lines in a block, starting workers costs more than it saves.
MIN_PARALLEL = 512

_extra: Mapping[str, PhraseBook] | None = None  # set before forking; workers inherit it


@dataclass(frozen=True, slots=True)
class ResultLine:
    """The output line for one input line, and the problem with the input if there was one."""

    json: str
    error: InputError | None = None


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
    pool = None
    try:
        while block := list(itertools.islice(numbered, BLOCK)):
            if len(block) < MIN_PARALLEL:
                yield from _detect_block(block)
                continue
            if pool is None:
                warm_up()  # before forking, so every worker shares the compiled rules
                # An executor, not multiprocessing.Pool: a worker that dies raises
                # BrokenProcessPool here instead of leaving the parent waiting forever.
                pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
            size = -(-len(block) // (jobs * 4))
            chunks = [block[i : i + size] for i in range(0, len(block), size)]
            for results in pool.map(_detect_block, chunks):
                yield from results
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


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
        spans = spans_by_behaviour(detect_behaviours(item.text, item.customer, extra=_extra))
        row = {"id": item.id, "behaviors": list(spans), "spans": spans}
        out.append(ResultLine(json.dumps(row, ensure_ascii=False)))
    return out
