"""The n-gram lookup: what it sums, what it names, and the compiled version agreeing with the
Python one to the last bit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core import detect, ngrams
from sim.core.learned import WeightTable, model

DATA = Path(__file__).resolve().parents[1] / "data"

needs_compiled = pytest.mark.skipif(not ngrams.compiled(), reason="built without a C compiler")


def _arguments(table: WeightTable, bias: list[float]) -> tuple:
    return (bias, table.keys, table.first, table.count, table.numbers, table.weights, table.slots)


def _tiny(rows: dict[str, str]) -> tuple:
    """A two-behaviour table of the given `feature -> "number weight ..."` rows."""
    return _arguments(WeightTable.from_index(rows.items(), len(rows)), [0.0, 0.0])


def _shipped() -> tuple:
    return _arguments(model().table, model()._bias)


@pytest.mark.parametrize("score", [ngrams.score, ngrams.score_in_python])
def test_a_repeated_phrase_weighs_once(score):
    args = _tiny({"sorry": "0 1.0", "so sorry": "1 0.25"})
    sums, _ = score("so sorry, so sorry. sorry!", *args)
    assert sums == [1.0, 0.25]


@pytest.mark.parametrize("score", [ngrams.score, ngrams.score_in_python])
def test_each_behaviour_names_the_phrase_that_weighs_most_for_it(score):
    args = _tiny({"^we": "0 0.5", "cant": "0 2.0", "cant help": "0 2.0 1 -1.0", "help": "1 0.5"})
    sums, best = score("we can't help, we can't", *args)
    assert sums == [4.5, -0.5]
    assert best == [(1, 1), (2, 1)]  # "can't" before the tied "can't help"; "help" for the other


@pytest.mark.parametrize("score", [ngrams.score, ngrams.score_in_python])
def test_the_opening_word_is_a_phrase_of_its_own(score):
    args = _tiny({"^you": "0 1.5", "you": "0 0.5"})
    sums, best = score("you did, you", *args)
    assert sums == [2.0, 0.0]
    assert best == [(0, 0), None]
    assert ngrams.feature_name(["you", "did"], (0, 0)) == "^you"


def test_the_compiled_lookup_is_built_where_a_compiler_is_at_hand():
    # `make test` installs with gcc present: a silent fall back to Python would cost 20x.
    if shutil.which("cc") or shutil.which("gcc"):
        assert ngrams.compiled()


@needs_compiled
def test_compiled_and_python_lookups_agree_on_every_labelled_line():
    args = _shipped()
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            low = detect._lowered(json.loads(line)["text"])
            assert ngrams.score(low, *args) == ngrams.score_in_python(low, *args), (path.name, low)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab019 '?!.,-é’\nı", "don't", "you", "sorry", "12", "İ"]), max_size=40)
       .map("".join))
def test_compiled_and_python_lookups_agree_on_odd_text(text):
    low = detect._lowered(text)
    args = _shipped()
    assert ngrams.score(low, *args) == ngrams.score_in_python(low, *args)


@needs_compiled
def test_a_table_whose_arrays_do_not_match_its_size_is_refused():
    bias, keys, first, count, numbers, weights, slots = _tiny({"sorry": "0 1.0"})
    with pytest.raises(ValueError):
        ngrams.score("sorry", bias, keys, first, count, numbers, weights, slots * 2)
