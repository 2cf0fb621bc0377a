"""Bulk detection: worker processes change how fast `sim detect --jsonl` answers, never what."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sim.core import bulk
from sim.core.bulk import detect_jsonl, result_json
from sim.core.detect import Detection
from sim.core.phrases import PhraseBook

DATA = Path(__file__).resolve().parents[1] / "data"


def corpus_lines(count: int) -> list[str]:
    lines = (DATA / "corpus.jsonl").read_text("utf-8").splitlines()
    return (lines * (count // len(lines) + 1))[:count]


def test_workers_give_the_same_lines_in_the_same_order_as_one_process():
    lines = corpus_lines(bulk.MIN_PARALLEL * 2)
    alone = [r.json for r in detect_jsonl(lines, jobs=1)]
    shared = [r.json for r in detect_jsonl(lines, jobs=2)]
    assert shared == alone
    assert [json.loads(x)["id"] for x in shared] == [json.loads(x)["id"] for x in lines]


def test_bad_lines_keep_their_place_and_line_number_across_workers():
    lines = corpus_lines(bulk.MIN_PARALLEL)
    lines[300:300] = ["not json", "", '{"id": 7}']
    results = list(detect_jsonl(lines, jobs=2))
    errors = [(r.error.line, str(r.error)) for r in results if r.error]
    assert errors == [(301, "not valid JSON (Expecting value at column 1)"), (303, 'needs a "text" string')]
    assert len(results) == len(lines) - 1  # the blank line gives no output
    assert json.loads(results[301].json) == {
        "id": 7, "behaviors": [], "spans": {}, "error": 'needs a "text" string'}


def test_workers_see_the_scenario_phrases():
    extra = {"explains_unavailability": PhraseBook(["on leave"])}
    lines = [json.dumps({"id": i, "text": "she is on leave today"}) for i in range(bulk.MIN_PARALLEL)]
    rows = [json.loads(r.json) for r in detect_jsonl(lines, extra, jobs=2)]
    assert all("explains_unavailability" in row["behaviors"] for row in rows)


def test_one_process_answers_each_line_before_reading_the_next():
    def lines():
        yield json.dumps({"id": 1, "text": "thanks"})
        raise AssertionError("read the second line before answering the first")

    assert json.loads(next(detect_jsonl(lines(), jobs=1)).json)["id"] == 1


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_detect_rejects_a_job_count_below_one(jobs, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "thanks"}\n', "utf-8")
    result = subprocess.run([sys.executable, "-m", "sim", "detect", "--jsonl", str(source), "--jobs", jobs],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--jobs needs a number of processes of 1 or more" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("id_", ["ag-1", 'quote " and \\ back', "café ☕", 7, 2.5, None, True, ["a", 1],
                                 {"k": "v"}])
def test_a_result_line_is_exactly_what_json_dumps_would_write(id_):
    found = [Detection("greets", 0, 5, "hi"), Detection("courtesy", 7, 12, "thanks"),
             Detection("greets", 20, 25, "hello again"), Detection('odd "name" é', 1, 2, "scenario's own")]
    spans: dict[str, list[list[int]]] = {}
    for d in found:
        spans.setdefault(d.behavior, []).append([d.start, d.end])
    expected = json.dumps({"id": id_, "behaviors": list(spans), "spans": spans}, ensure_ascii=False)
    assert result_json(id_, found) == expected
    assert result_json(id_, []) == json.dumps({"id": id_, "behaviors": [], "spans": {}}, ensure_ascii=False)


def test_a_worker_killed_mid_batch_stops_the_run_with_a_clear_error(monkeypatch):
    def dies_on_cue(text, customer=None, *, extra=None):
        if text == "die":
            os.kill(os.getpid(), signal.SIGKILL)
        return []

    monkeypatch.setattr(bulk, "detect_behaviours", dies_on_cue)
    lines = corpus_lines(bulk.MIN_PARALLEL)
    lines[400] = json.dumps({"id": "x", "text": "die"})
    with pytest.raises(bulk.WorkerStopped):
        list(detect_jsonl(lines, jobs=2))


def test_a_worker_that_fails_passes_its_traceback_to_the_parent(monkeypatch):
    def fails(text, customer=None, *, extra=None):
        raise ZeroDivisionError("odd input")

    monkeypatch.setattr(bulk, "detect_behaviours", fails)
    with pytest.raises(RuntimeError, match="ZeroDivisionError: odd input"):
        list(detect_jsonl(corpus_lines(bulk.MIN_PARALLEL), jobs=2))


def test_lines_before_unreadable_input_are_answered_before_the_error():
    def lines():
        yield from corpus_lines(bulk.MIN_PARALLEL + 5)
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    answered = []
    with pytest.raises(UnicodeDecodeError):
        for result in detect_jsonl(lines(), jobs=2):
            answered.append(result)
    assert len(answered) == bulk.MIN_PARALLEL + 5


def test_stopping_early_leaves_no_worker_behind():
    results = detect_jsonl(corpus_lines(bulk.MIN_PARALLEL * 4), jobs=2)
    next(results)
    results.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_long_input_is_read_and_answered_a_batch_at_a_time(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", bulk.MIN_PARALLEL)
    lines = corpus_lines(bulk.MIN_PARALLEL * 2 + 7)
    shared = [r.json for r in detect_jsonl(lines, jobs=2)]
    assert shared == [r.json for r in detect_jsonl(lines, jobs=1)]


@pytest.mark.parametrize("raw", [
    '{"id": 1, "text": "thanks"}\n', '{"id": 1, "text": "thanks"}', '  {"id": 1, "text": "thanks"}',
    '{"id": 1, "text": "thanks"} \t\r\n', '{"id": 1, "text": "thanks"} x', '{"id": 1, "text": "thanks"}\x0b',
    '\ufeff{"id": 1, "text": "thanks"}', '{"id": 1, "text": 5}', '{"id": 1}', '[1, 2]', '"text"', "",
    "  \n", "not json", '{"id": 1, "text": "hi", "customer": ""}', '{"text": "hi", "customer": 3}',
    '{"text": "hi", "context_prev_user": "my card"}',
    '{"text": "hi", "customer": null, "context_prev_user": "x"}',
    '{"id": {"a": [1, 2.5]}, "text": "caf\\u00e9 \\ud83d\\ude00", "customer": "\\"quoted\\""}',
    '{"text": "one", "text": "two"}', '{"id": 1, "text": "a"}{"id": 2}',
])
def test_the_quick_reading_of_a_line_agrees_with_the_careful_one(raw):
    from sim.core.evaluation import InputError, read_line

    item = read_line(1, raw)
    quick = bulk._fields(raw)
    if item is None or isinstance(item, InputError):
        assert quick is None
    elif quick is not None:  # None only sends the line the careful way
        assert quick == (item.id, item.text, item.customer)


def test_a_well_formed_line_is_read_the_quick_way():
    line = '{"id": "a1", "text": "thanks", "customer": "my card"}\n'
    assert bulk._fields(line) == ("a1", "thanks", "my card")
