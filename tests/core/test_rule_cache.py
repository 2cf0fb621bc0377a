"""Compiled rules kept between runs: used when they match the rules, ignored otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.core import detect, rule_cache
from sim.core.rules import RuleSet

DATA = Path(__file__).resolve().parents[1] / "data"
PATTERNS = [r"\bcalm down|\bnot my problem|\bdeal with it|\bwhatever\b", r"\bsorry\b", r"(?P<n>\d+) days?"]

pytestmark = pytest.mark.skipif(not rule_cache.AVAILABLE, reason="this Python's regex code cannot be kept")


def _rules(patterns: list[str], cache: Path) -> RuleSet:
    rules = RuleSet(cache)
    for pattern in patterns:
        rules.add(pattern)
    return rules


def _never_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: RuleSet) -> None:
        raise AssertionError("compiled again instead of loading")

    monkeypatch.setattr(RuleSet, "_fresh_plan", fail)


def test_a_second_process_loads_the_compiled_rules_instead_of_compiling(tmp_path, monkeypatch):
    cache = tmp_path / "rules.bin"
    _rules(PATTERNS, cache).compile()
    assert cache.exists()
    _never_compile(monkeypatch)
    loaded = _rules(PATTERNS, cache)
    assert loaded.rules[0].search("oh whatever").group(0) == "whatever"
    assert loaded.rules[1].search("all fine") is None
    assert loaded.rules[2].search("in 14 days").group("n") == "14"


def test_changed_rules_are_compiled_afresh(tmp_path):
    cache = tmp_path / "rules.bin"
    _rules(PATTERNS, cache).compile()
    changed = _rules([*PATTERNS[:2], r"\bweeks?\b"], cache)
    assert changed.rules[2].search("in two weeks").group(0) == "weeks"


def test_a_damaged_file_is_ignored_and_replaced(tmp_path):
    cache = tmp_path / "rules.bin"
    _rules(PATTERNS, cache).compile()
    key = cache.read_bytes().split(b"\n", 1)[0]
    cache.write_bytes(key + b"\nnot marshal data")
    assert _rules(PATTERNS, cache).rules[1].search("so sorry").group(0) == "sorry"
    assert cache.read_bytes() != key + b"\nnot marshal data"


def test_an_unwritable_cache_place_still_detects(tmp_path):
    # A file where the folder should be: unwritable even for root, unlike a read-only folder.
    (tmp_path / "occupied").write_text("")
    rules = _rules(PATTERNS, tmp_path / "occupied" / "rules.bin")
    assert rules.rules[1].search("so sorry").group(0) == "sorry"


def test_the_detector_rules_loaded_from_disk_find_what_fresh_ones_find(tmp_path):
    patterns = [rule.pattern for rule in detect._RULES.rules]
    fresh = _rules(patterns, tmp_path / "rules.bin")
    fresh.compile()
    loaded = _rules(patterns, tmp_path / "rules.bin")
    texts = []
    for line in (DATA / "corpus.jsonl").read_text("utf-8").splitlines():
        low = detect._lowered(json.loads(line)["text"])
        texts += [low, *(s.text for s in detect._sentences(low))]
    for text in texts:
        assert loaded.candidates(text) == fresh.candidates(text)
        for a, b in zip(fresh.rules, loaded.rules, strict=True):
            assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def test_stored_code_the_regex_engine_refuses_is_compiled_afresh(tmp_path):
    cache = tmp_path / "rules.bin"
    _rules(PATTERNS, cache).compile()
    data = bytearray(cache.read_bytes())
    data[-8:] = b"\xff" * 8  # the last branch's code, past what its key covers
    cache.write_bytes(bytes(data))
    rules = _rules(PATTERNS, cache)
    assert rules.rules[2].search("in 14 days").group("n") == "14"
    assert rules.rules[0].search("oh whatever").group(0) == "whatever"
