"""The compiled n-gram lookup gives what the Python one gives, to the last bit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core import detect, ngrams
from sim.core.learned import model

DATA = Path(__file__).resolve().parents[1] / "data"

needs_compiled = pytest.mark.skipif(not ngrams.compiled(), reason="built without a C compiler")


def _both(low: str) -> tuple[tuple, tuple]:
    table = model().table
    args = (model()._bias, table.keys, table.first, table.count, table.numbers, table.weights, table.slots)
    return ngrams.score(low, *args), ngrams.score_in_python(low, *args)


def test_the_compiled_lookup_is_built_where_a_compiler_is_at_hand():
    # `make test` installs with gcc present: a silent fall back to Python would cost 20x.
    import shutil

    if shutil.which("cc") or shutil.which("gcc"):
        assert ngrams.compiled()


@needs_compiled
def test_compiled_and_python_lookups_agree_on_every_corpus_line():
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            low = detect._lowered(json.loads(line)["text"])
            compiled, python = _both(low)
            assert compiled == python, (path.name, low)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab019 '?!.,-é’\nı", "don't", "you", "sorry", "12", "İ"]), max_size=40)
       .map("".join))
def test_compiled_and_python_lookups_agree_on_odd_text(text):
    low = detect._lowered(text)
    compiled, python = _both(low)
    assert compiled == python


def test_a_repeated_word_weighs_once():
    low = "sorry, so sorry, sorry"
    _, hits, _ = _both(low)[0]
    words = [ngrams.normal(m.group(0)) for m in ngrams.WORD.finditer(low)]
    names = [ngrams.feature_name(words, hit) for hit in hits]
    assert names.count("sorry") == 1
    assert len(names) == len(set(names))


def test_the_opening_word_is_its_own_feature():
    assert ngrams.feature_name(["you", "did"], (0, 0, 0, 0)) == "^you"
    assert ngrams.feature_name(["you", "did", "it"], (1, 2, 0, 0)) == "did it"


def test_each_behaviour_names_the_feature_that_weighs_most_for_it():
    table = model().table
    score, hits, best = _both("so sorry about that, i can offer you a refund or a voucher")[0]
    assert len(best) == len(score)
    for number, at in enumerate(best):
        if at < 0:
            continue
        weights = [table.weights[p] for h in hits for p in range(h[2], h[2] + h[3]) if table.numbers[p] == number]
        mine = [table.weights[p] for p in range(hits[at][2], hits[at][2] + hits[at][3])
                if table.numbers[p] == number]
        assert max(mine) == max(weights) > 0
