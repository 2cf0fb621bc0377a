"""Trainer phrases: literal words and `*`, compiled by us, safe on any input."""

from __future__ import annotations

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sim.core.phrases import PhraseBook, PhraseError, compile_phrase


def matches(phrase: str, text: str) -> bool:
    return PhraseBook([phrase]).search(text.lower()) is not None


def test_a_phrase_matches_whole_words_only():
    assert matches("not available", "she is not available today")
    assert not matches("not available", "notavailable")


def test_apostrophes_are_optional():
    assert matches("isn't in", "she isnt in today")
    assert matches("isn't in", "she isn’t in today")


def test_a_wildcard_stands_for_a_few_words():
    assert matches("not * available", "she is not currently available")
    assert matches("not * available", "not available")
    assert not matches("not * available", "not at all, in any way, shape or form available")


def test_common_typos_in_long_words_still_match():
    assert matches("available", "avaialble")  # swapped letters
    assert matches("available", "availble")  # dropped letter
    assert matches("tomorrow", "tommorrow")  # doubled letter


def test_british_and_american_spellings_match():
    assert matches("apologise", "I apologize")
    assert matches("colour", "what color")


def test_regex_syntax_in_a_phrase_is_literal():
    assert matches("(a+)+ b", "(a+)+ b")
    assert not matches("a.c", "abc")


def test_a_hostile_phrase_cannot_make_matching_slow():
    book = PhraseBook(["(a+)+$", "* * * * a * * * *", "a"])
    start = time.perf_counter()
    book.search("a" * 50_000 + "!")
    assert time.perf_counter() - start < 0.5


def test_a_phrase_without_words_is_refused():
    with pytest.raises(PhraseError):
        compile_phrase("* *")


def test_rounds_of_one_scenario_share_the_compiled_phrase_pattern():
    from sim.core.phrases import PhraseBook

    first = PhraseBook(["out of the office", "on leave"])
    second = PhraseBook(("out of the office", "on leave"))
    assert first.compile() is second.compile()
    assert second.search("She's ON LEAVE today").phrase == "on leave"


SCENARIO_PHRASES = ("not * available", "isn't in", "out of the office", "on leave", "she's out", "colour",
                    "apologise", "back on monday", "can't put you through", "off sick")
PHRASE_WORDS = sorted({w for p in SCENARIO_PHRASES for w in p.replace("*", " ").split()}
                      | {"avialable", "availble", "isnt", "isn’t", "color", "apologize", "shes", "ON",
                         "LEAVE", "ſick", "Kolour", "offf", "_on", "İn", "ın"})


@given(st.lists(st.one_of(st.sampled_from(PHRASE_WORDS), st.text(max_size=8)), max_size=12),
       st.lists(st.sampled_from([" ", "  ", ", ", ". ", "-", "'", "\n"]), min_size=12, max_size=12))
@example(["isn't", "İn"], [" "] * 12)  # re takes "İ" for "i"; str.casefold does not
@settings(max_examples=400, deadline=None)
def test_the_literal_scan_never_hides_a_phrase_the_pattern_would_find(words, gaps):
    from sim.core.phrases import _combined

    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    found = PhraseBook(SCENARIO_PHRASES).search(text)
    expected = _combined(SCENARIO_PHRASES).search(text)
    assert ((found.start, found.end) if found else None) == (expected.span() if expected else None)


def test_a_turn_holding_no_phrase_words_is_ruled_out_by_the_literal_scan():
    from sim.core.phrases import _prefilter

    scan = _prefilter(SCENARIO_PHRASES)
    assert not scan.any_possible("thanks for waiting, let me look at the account")
    assert scan.any_possible("she's not avialable today")
