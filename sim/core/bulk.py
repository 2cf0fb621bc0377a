"""Bulk detection (`sim detect --jsonl`): JSONL utterances in, one result line out per input
line, in input order, spread over worker processes when the input is long enough to repay them.

QA teams score exported chat logs of tens of thousands of lines; detection is pure Python, so
a second core nearly halves the wait. The input is read a batch at a time; for each batch,
workers are forked after the rules are compiled and the weights loaded, so they share those and
the batch's lines with the parent and start in milliseconds. Each worker takes the batch's
chunks one by one from a shared pipe of chunk numbers, and sends each chunk's output back whole
through its own pipe; the parent puts the chunks back in order. Nothing is pickled, and no
thread runs beside the parent: a pool executor's imports alone cost ~30 ms of start-up, and its
feeder and manager threads took CPU from the workers on a two-core machine.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import json.scanner
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from sim.core.detect import Detection, detect_behaviours, warm_up

if TYPE_CHECKING:
    from sim.core.evaluation import InputError
    from sim.core.phrases import PhraseBook

# Lines per chunk: small, so every worker stays busy to the end of a batch.
CHUNK = 128
# Lines read before workers are forked for them: bounds memory on a huge file, and is large
# enough that forking once per batch costs nothing that shows.
BATCH = 32_768
# Below this many lines in a batch, starting workers costs more than it saves.
MIN_PARALLEL = 512
# A worker's pipe holds this much output, so it rarely waits for the parent to read.
PIPE_BYTES = 1 << 20

_DONE = 0xFFFF_FFFF  # a frame's chunk number: the worker has no more chunks
_FAILED = 0xFFFF_FFFE  # a frame's chunk number: the worker failed; the payload says how

_extra: Mapping[str, PhraseBook] | None = None  # set before forking; workers inherit it


class WorkerStopped(RuntimeError):
    """A worker process ended without sending all its chunks (killed, or out of memory)."""


class ResultLine(NamedTuple):
    """The output line for one input line, and the problem with the input if there was one."""

    json: str
    error: InputError | None = None


class ResultBlock(NamedTuple):
    """Output lines for consecutive input lines: `text` holds them, each ending in a newline;
    `errors` are the problems with the input, by the position of their line in the block."""

    text: str
    count: int
    errors: dict[int, InputError]

    def lines(self) -> Iterator[ResultLine]:
        """The block's result lines, in order."""
        errors = self.errors
        for i, line in enumerate(self.text.split("\n")[: self.count]):
            yield ResultLine(line, errors.get(i)) if errors else ResultLine(line)


def detect_jsonl(lines: Iterable[str], extra: Mapping[str, PhraseBook] | None = None,
                 jobs: int = 1) -> Iterator[ResultLine]:
    """A result line for every non-blank input line, in input order, using up to `jobs` processes."""
    for block in detect_jsonl_blocks(lines, extra, jobs):
        yield from block.lines()


def detect_jsonl_blocks(lines: Iterable[str], extra: Mapping[str, PhraseBook] | None = None,
                        jobs: int = 1) -> Iterator[ResultBlock]:
    """The result lines of `detect_jsonl` a block at a time: one line each with one process (a
    program feeding stdin gets each answer before it sends the next line), a chunk each with more."""
    global _extra
    _extra = extra
    numbered = enumerate(lines, start=1)
    if jobs < 2 or not hasattr(os, "fork"):
        for line in numbered:
            yield _detect_block([line])
        return
    while True:
        batch: list[tuple[int, str]] = []
        failure: Exception | None = None
        try:
            batch.extend(itertools.islice(numbered, BATCH))
        except Exception as exc:  # unreadable input: answer the lines before it, then say so
            failure = exc
        if len(batch) < MIN_PARALLEL:
            yield from (_detect_block(batch[i : i + CHUNK]) for i in range(0, len(batch), CHUNK))
        else:
            yield from _detect_batch(batch, jobs)
        if failure is not None:
            raise failure
        if len(batch) < BATCH:
            return


def _detect_batch(batch: list[tuple[int, str]], jobs: int) -> Iterator[ResultBlock]:
    """The batch's chunks worked out by `jobs` forked workers, in order."""
    warm_up()  # before forking, so every worker shares the compiled rules
    chunks = (len(batch) + CHUNK - 1) // CHUNK
    # Every chunk number is written before any worker starts; the pipe then only runs dry.
    todo_r, todo_w = os.pipe()
    try:
        os.write(todo_w, b"".join(c.to_bytes(4, "little") for c in range(chunks)))
    finally:
        os.close(todo_w)
    workers: dict[int, int] = {}  # result pipe -> process id
    try:
        for _ in range(min(jobs, chunks)):
            read_end, write_end = os.pipe()
            _widen(write_end)
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                for other in workers:
                    os.close(other)
                _work(batch, todo_r, write_end)  # never returns
            os.close(write_end)
            workers[read_end] = pid
        os.close(todo_r)
        todo_r = -1
        yield from _gather(workers, chunks)
    finally:
        if todo_r >= 0:
            os.close(todo_r)
        _stop(workers)


def _gather(workers: dict[int, int], chunks: int) -> Iterator[ResultBlock]:
    """The workers' chunks in order, as they arrive."""
    import select  # here, like `signal`: one process never needs them

    waiting: dict[int, ResultBlock] = {}
    running = set(workers)
    for wanted in range(chunks):
        while wanted not in waiting:
            if not running:
                raise WorkerStopped("a worker process ended without sending its results")
            ready, _, _ = select.select(list(running), [], [])
            for fd in ready:
                number, block = _read_frame(fd)
                if number == _DONE:
                    running.discard(fd)
                elif block is not None:
                    waiting[number] = block
        yield waiting.pop(wanted)


def _read_frame(fd: int) -> tuple[int, ResultBlock | None]:
    """One frame from a worker: its chunk number and block, or a number that ends the worker."""
    head = _read_exact(fd, 16)
    number, count = int.from_bytes(head[:4], "little"), int.from_bytes(head[4:8], "little")
    size, error_size = int.from_bytes(head[8:12], "little"), int.from_bytes(head[12:], "little")
    payload = _read_exact(fd, size + error_size)
    if number == _FAILED:
        raise RuntimeError(f"a worker process failed:\n{payload.decode('utf-8', 'replace')}")
    if number == _DONE:
        return number, None
    errors = {}
    if error_size:
        from sim.core.evaluation import InputError

        for at, line, message, id_ in json.loads(payload[size:]):
            errors[at] = InputError(line, message, id_)
    return number, ResultBlock(payload[:size].decode("utf-8"), count, errors)


def _read_exact(fd: int, size: int) -> bytes:
    parts = []
    while size:
        part = os.read(fd, min(size, PIPE_BYTES))
        if not part:
            raise WorkerStopped("a worker process stopped before sending all its results")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _work(batch: list[tuple[int, str]], todo: int, out: int) -> None:
    """A worker: take chunk numbers until there are none, and send back each chunk's output."""
    import signal

    code = 0
    try:
        # Ctrl-C reaches the whole process group: the parent stops the workers it started.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        while number_bytes := os.read(todo, 4):
            number = int.from_bytes(number_bytes, "little")
            block = _detect_block(batch[number * CHUNK : (number + 1) * CHUNK])
            errors = b""
            if block.errors:
                errors = json.dumps([[at, e.line, str(e), e.id] for at, e in block.errors.items()],
                                    ensure_ascii=False).encode("utf-8")
            _write_frame(out, number, block.count, block.text.encode("utf-8"), errors)
        _write_frame(out, _DONE, 0, b"", b"")
    except BaseException:  # the parent reports it: a worker must never return
        code = 1
        import traceback

        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            _write_frame(out, _FAILED, 0, traceback.format_exc().encode("utf-8"), b"")
    finally:
        os._exit(code)  # no interpreter teardown, no flushing the parent's buffers twice


def _write_frame(fd: int, number: int, count: int, text: bytes, errors: bytes) -> None:
    data = memoryview(b"".join([number.to_bytes(4, "little"), count.to_bytes(4, "little"),
                                len(text).to_bytes(4, "little"), len(errors).to_bytes(4, "little"),
                                text, errors]))
    while data:
        data = data[os.write(fd, data):]


def _widen(fd: int) -> None:
    """Let a pipe hold more than the default 64 kB, where the system allows it."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the system's limit: the worker waits on the parent sometimes


def _stop(workers: dict[int, int]) -> None:
    """Close the workers' pipes, stop any still running, and reap them all."""
    import signal

    for fd, pid in workers.items():
        os.close(fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _detect_block(block: list[tuple[int, str]]) -> ResultBlock:
    out = []
    errors = {}
    for number, raw in block:
        fields = _fields(raw)
        if fields is None:
            # Imported here: a well-formed file never needs it, and its dataclasses cost start-up.
            from sim.core.evaluation import InputError, read_line

            item = read_line(number, raw)  # the careful reading, with its exact messages
            if item is None:
                continue
            if isinstance(item, InputError):
                row = {"id": item.id, "behaviors": [], "spans": {}, "error": str(item)}
                errors[len(out)] = item
                out.append(json.dumps(row, ensure_ascii=False))
                continue
            fields = item.id, item.text, item.customer
        id_, text, customer = fields
        out.append(result_json(id_, detect_behaviours(text, customer, extra=_extra)))
    out.append("")
    return ResultBlock("\n".join(out), len(out) - 1, errors)


# What json.loads runs on a line once it has skipped whitespace: its C scanner, called directly.
_scan_value = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[attr-defined]


def _fields(raw: str) -> tuple[Any, str, str | None] | None:
    """The id, text and customer line of a well-formed line, read as `read_line` reads them; None
    for anything else (a blank or bad line, leading whitespace), which `read_line` then explains.

    Reading a line through `read_line` cost as much again as scoring its JSON output: a frozen
    Utterance with its label sets, and json.loads's whitespace regexes and method calls."""
    try:
        data, end = _scan_value(raw, 0)
    except (StopIteration, ValueError):
        return None
    if type(data) is not dict or (end != len(raw) and raw[end:].strip(" \t\n\r")):
        return None
    text = data.get("text")
    if type(text) is not str:
        return None
    customer = data.get("customer", data.get("context_prev_user"))
    return data.get("id"), text, customer if isinstance(customer, str) and customer else None


_encode = json.JSONEncoder(ensure_ascii=False).encode
_encode_str = json.encoder.encode_basestring  # what _encode does with a str, without the method calls
_names: dict[str, str] = {}  # behaviour id -> its JSON string


def result_json(id: Any, detections: list[Detection]) -> str:
    """The output line for one utterance: what `json.dumps({"id": id, "behaviors": [...],
    "spans": {...}}, ensure_ascii=False)` gives, written directly (json.dumps took ~9 us a line)."""
    names: list[str] = []  # each behaviour's JSON string, in order of first detection
    spans: list[str] = []  # its spans, in JSON
    place: dict[str, int] = {}
    for d in detections:
        at = place.get(d.behavior)
        if at is None:
            place[d.behavior] = len(names)
            names.append(_names.get(d.behavior) or _names.setdefault(d.behavior, _encode(d.behavior)))
            spans.append(f"[{d.start}, {d.end}]")
        else:
            spans[at] += f", [{d.start}, {d.end}]"
    by_name = ", ".join([f"{n}: [{s}]" for n, s in zip(names, spans, strict=True)])
    behaviours = ", ".join(names)
    id_json = _encode_str(id) if type(id) is str else _encode(id)
    return f'{{"id": {id_json}, "behaviors": [{behaviours}], "spans": {{{by_name}}}}}'
