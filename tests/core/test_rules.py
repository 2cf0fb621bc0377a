"""A dispatched rule finds exactly what its whole pattern finds, only faster."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core import detect, rules
from sim.core.rules import RuleSet, _split_top, leads, required_literals, requirements

DATA = Path(__file__).resolve().parents[1] / "data"
DEVELOPMENT = ("corpus.jsonl", "corpus-extra.jsonl", "corpus-avoid.jsonl", "corpus-do.jsonl")


def _development_texts() -> list[str]:
    texts = []
    for name in DEVELOPMENT:
        for line in (DATA / name).read_text("utf-8").splitlines():
            low = detect._lowered(json.loads(line)["text"])
            texts.append(low)
            texts += [s.text for s in detect._sentences(low)]
    return texts


def test_every_detection_rule_matches_as_its_whole_pattern_on_the_development_corpus():
    texts = _development_texts()
    for rule in detect._RULES.rules:
        whole = re.compile(rule.pattern)
        for text in texts:
            expected = [m.span() for m in whole.finditer(text)]
            assert [m.span() for m in rule.finditer(text)] == expected, (rule.pattern[:60], text)
            first = whole.search(text)
            found = rule.search(text)
            assert (found and found.span()) == (first and first.span()), (rule.pattern[:60], text)
            fragment = rule.search_fragment(text)
            assert (fragment and fragment.span()) == (first and first.span()), (rule.pattern[:60], text)


def test_the_big_rules_are_split_into_branches_searched_by_literal():
    rules = detect._RULES
    rules.compile()
    dispatched = [r for r in rules.rules if len(r.branches or ()) > 1]
    assert len(dispatched) >= 15
    assert sum(len(r.branches or ()) for r in dispatched) > 300


_FRAGMENTS = ["you ", "u ", "i ", "can't ", "cant ", "not ", "your fault", "that's ", "policy", "sorry ",
              "thank you", "would you like ", " or ", "either ", "i'll ", "call you ", "tomorrow",
              "what ", "happened", "?", ".", "!", ", ", "shouldn't have ", "should have ", "read ",
              "frustrating", "calm down", "whatever", "nothing i can do", "but i can ", "which ",
              "works best", "just to confirm", "right?", "does that make sense", "please ", "hi ",
              "\n", "'", "’", "x", "e", "ed ", "because you ", "a ", "the "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25).map("".join))
def test_dispatch_agrees_with_the_whole_pattern_on_any_mix_of_rule_words(text):
    for rule in detect._RULES.rules:
        whole = re.compile(rule.pattern)
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in whole.finditer(text)]


def _in_python(patterns: list[str]) -> RuleSet:
    """The rules as an install without the C scan runs them."""
    python = RuleSet(native=False)
    for pattern in patterns:
        python.add(pattern)
    return python


_PYTHON_RULES = _in_python(detect.rule_patterns())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25).map("".join))
def test_the_python_scan_finds_what_the_whole_patterns_find(text):
    for rule in _PYTHON_RULES.rules:
        whole = re.compile(rule.pattern)
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in whole.finditer(text)]


@pytest.mark.skipif(rules._scan is None, reason="the C scan was not built")
def test_the_c_and_python_scans_agree_on_every_development_line():
    native = detect._RULES
    for text in _development_texts()[::3]:
        assert native.candidates(text) == _PYTHON_RULES.candidates(text), text
        for a, b in zip(native.rules, _PYTHON_RULES.rules, strict=True):
            spans = [m.span() for m in a.finditer(text)]
            assert spans == [m.span() for m in b.finditer(text)], (a.pattern[:60], text)


def test_a_branch_is_known_by_the_texts_its_matches_open_with():
    assert leads(r"\b(?:i|we) (?:can|could)\b") == frozenset({"i can", "we can", "i coul", "we cou"})
    assert leads(r"\bi['’]?ll call") == frozenset({"ill ca", "i'll c", "i’ll c"})
    assert leads(r"(?:\?|\bis that right)\s*$") == frozenset({"?", "is tha"})


def test_a_branch_that_can_open_at_the_start_of_the_text_says_so():
    assert leads(r"^\W*(?:hi|hello)") == frozenset({rules.AT_START})
    assert leads(r"(?:^|, )so\b") == frozenset({rules.AT_START, ", "})
    assert leads(r"ab\^c") == frozenset({"ab"})  # a literal caret is not the start of the text


def test_a_branch_opening_with_a_single_letter_or_anything_at_all_has_no_leads():
    assert leads(r"\b(?:you|u) (?:should|must)") == frozenset({"you sh", "you mu", "u shou", "u must"})
    assert leads(r"\b(?:you|u)\s+x") is None  # "u" alone is in nearly every text
    assert leads(r"\w+ed\b") is None
    assert leads(r"(?i:ab)c") is None  # case-folded letters are not the text's own


def test_a_branch_with_leads_is_only_tried_where_they_start():
    tried: list[tuple[str, int]] = []

    class Spy:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def match(self, text: str, pos: int) -> re.Match[str] | None:
            tried.append(("match", pos))
            return self.pattern.match(text, pos)

        def search(self, text: str, pos: int) -> re.Match[str] | None:
            tried.append(("search", pos))
            return self.pattern.search(text, pos)

    rule_set = RuleSet()
    rule = rule_set.add(r"\bcould (?:you|u) try|\bhave a look|\bdeal with it|\bwhatever\b")
    rule_set.compile()
    rule.branches = [Spy(b) for b in rule.branches]  # type: ignore[misc, union-attr]
    found = rule.search("so, could we try? could you try again")
    if rules._scan is not None:
        assert tried == [("match", 4), ("match", 18)]
    assert found is not None and found.span() == (18, 31)


def test_alternatives_split_only_at_the_top_level():
    assert _split_top(r"ab|[|]|\|c|(d|e)|f") == ["ab", "[|]", r"\|c", "(d|e)", "f"]


def test_a_shared_word_boundary_is_given_to_each_alternative():
    assert _split_top(r"\b(?:ab|cd)") == [r"\b(?:ab)", r"\b(?:cd)"]
    assert _split_top(r"\b(?:ab|cd) x") == [r"\b(?:ab|cd) x"]


def test_the_literal_a_match_must_contain_is_the_most_telling_one():
    assert required_literals(r"\bwouldn['’]?t worry") == frozenset({"wouldn't worry", "wouldn’t worry",
                                                                     "wouldnt worry"})
    assert required_literals(r"\bwouldn\W?t worry") == frozenset({"t worry"})
    assert required_literals(r"\b(?:you|u) (?:should|ought to)\b") == frozenset(
        {"you should", "u should", "you ought to", "u ought to"})
    assert required_literals(r"(?:ab|c)\w") is None  # "c" alone is too short to look up
    assert required_literals(r"(?:ab|c)d") == frozenset({"abd", "cd"})
    assert required_literals(r"\w+ed") == frozenset({"ed"})
    assert required_literals(r"x?y?") is None


def test_a_rule_set_searches_only_rules_whose_words_occur():
    rules = RuleSet()
    rule = rules.add(r"\bcalm down|\bnot my problem|\bdeal with it|\bwhatever\b")
    assert rule.search("please calm down now").group(0) == "calm down"
    assert rule.search("all is fine") is None
    assert rule.candidate_branches("all is fine") == []
    assert rule.candidate_branches("deal with it, whatever") == [2, 3]


def test_a_branch_is_searched_only_when_every_text_it_needs_occurs():
    rules = RuleSet()
    rule = rules.add(r"\bsorry\b[^.]*\bbut\b|\bplease\b|\bthanks\b|\bcheers\b")
    assert rule.candidate_branches("sorry about that") == []
    assert rule.candidate_branches("sorry, but no") == [0]
    assert rule.search("sorry, but no").group(0) == "sorry, but"


def test_a_rule_of_few_branches_is_skipped_on_a_text_without_its_words():
    rules = RuleSet()
    rule = rules.add(r"\bcalm down\b")
    assert rule.candidate_branches("all is fine") == []
    assert rule.candidate_branches("calm down") == [0]


def test_a_trailing_word_boundary_is_given_to_each_alternative():
    assert _split_top(r"\b(?:ab|cd)\b") == [r"\b(?:ab)\b", r"\b(?:cd)\b"]


def test_a_repeated_letter_joins_the_literal_runs_either_side():
    assert requirements(r"\bf+u+c+k") == [frozenset({"fu"}), frozenset({"uc"}), frozenset({"ck"})]
    assert required_literals(r"no{2}b") == frozenset({"noob"})


def test_a_literal_run_carries_on_across_a_small_alternation():
    tautology = r"\b(?P<w>[a-z]{3,}) (?:is|are|means) (?P=w)\b"
    assert requirements(tautology) == [frozenset({" is ", " are ", " means "})]
    # Past 16 texts the run ends where the alternation starts, and the alternation is one need.
    words = [chr(ord("a") + i) * 2 for i in range(20)]  # "aa", "bb", ...: no common prefix
    assert requirements(rf"xy (?:{'|'.join(words)}) zz") == [frozenset({"xy "}), frozenset(words),
                                                             frozenset({" zz"})]


def test_a_question_mark_is_a_literal_worth_looking_up():
    assert required_literals(r"(?:\?|\bis that right)\s*$") == frozenset({"?", "is that right"})


@pytest.mark.skipif(rules._scan is None, reason="the C scan was not built")
def test_the_c_scanner_refuses_entries_it_cannot_hold():
    scanner = rules._scan.Scanner
    with pytest.raises(ValueError, match="out of range"):
        scanner(["ab"], [[4 * 5]], 2, [])
    with pytest.raises(ValueError, match="twice"):
        scanner(["ab", "ab"], [[0], [1]], 2, [])
    with pytest.raises(ValueError, match="out of range"):
        scanner(["ab"], [[0]], 2, [7])
    with pytest.raises(TypeError):
        scanner([""], [[0]], 2, [])
    scan = scanner(["ab"], [[0]], 2, []).scan("xxab")
    with pytest.raises(ValueError, match="past"):
        scan.search(1, [re.compile("a"), re.compile("b")], 0)


def test_finditer_finds_what_re_finds_for_patterns_that_cannot_match_nothing():
    rule_set = RuleSet()
    rules_ = [rule_set.add(p) for p in (r"x+", r"\bab\b|c", r"(?:ab)+|c|\bxx")]
    for rule in rules_:
        for text in ("", "axxb", "ab c ab", "xx", "abab cc"):
            expected = [m.span() for m in re.finditer(rule.pattern, text)]
            assert [m.span() for m in rule.finditer(text)] == expected, (rule.pattern, text)


def test_no_detection_rule_can_match_nothing():
    # Where a pattern can match the empty text, `Rule.finditer` steps on a character after an
    # empty match, where `re.finditer` may still find a longer one at the same place.
    from re import _parser  # type: ignore[attr-defined]

    assert all(_parser.parse(rule.pattern, 0).getwidth()[0] > 0 for rule in detect._RULES.rules)
