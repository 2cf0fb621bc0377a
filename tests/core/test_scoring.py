"""The scorecard rules published in docs/scoring.md."""

from __future__ import annotations

from sim.core.session import Session
from sim.report import scorecard, shown_out_of_turn, views_that_differ
from tests.conftest import fixed_clock


def finding(record, behavior):
    return next(f for f in record.scorecard.findings if f.behavior == behavior)


def test_a_behaviour_only_expected_in_a_state_never_visited_has_no_opportunity(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("ok", 2)
    s.end()
    assert finding(s.record(), "commits_next_steps").result == "no_opportunity"


def test_a_missed_behaviour_points_at_the_customer_line_that_called_for_it(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("ok", 2)
    s.end()
    record = s.record()
    f = finding(record, "empathizes")
    assert f.result == "missed"
    assert f.evidence[0] == 0
    assert all(record.turns[i].speaker == "customer" and record.turns[i].state == "start"
               for i in f.evidence)


def test_a_shown_behaviour_points_at_the_trainee_turn(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("that sounds so frustrating", 2)
    s.end()
    assert finding(s.record(), "empathizes").evidence == (1,)


def test_a_cue_opens_a_window_of_that_many_trainee_turns(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("that sounds so frustrating", 2)  # answers the opening's cue `upset`; now calm
    s.take_turn("does that make sense?", 2)  # too late: within is 1
    s.end()
    assert finding(s.record(), "checks_in").result == "missed"


def test_a_habit_shown_too_late_is_missed_and_the_scorecard_says_where_it_was_shown(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("that sounds so frustrating", 2)
    s.take_turn("does that make sense?", 2)
    s.end()
    record = s.record()
    note = shown_out_of_turn(finding(record, "checks_in"), record.turns)
    assert note == "you showed it in turn 3, but not when the chance came"
    assert f"({note})" in scorecard(record)


def test_a_habit_never_shown_gets_no_out_of_turn_note(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("ok", 2)
    s.end()
    record = s.record()
    assert shown_out_of_turn(finding(record, "empathizes"), record.turns) == ""


def committed_where_no_next_step_was_called_for(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("ok, I'll call you back at 3pm today", 2)  # stays in `start`; next steps are asked in `calm`
    s.end()
    return s.record()


def test_a_habit_shown_where_the_conversation_never_called_for_it_says_so(mini):
    record = committed_where_no_next_step_was_called_for(mini)
    f = finding(record, "commits_next_steps")
    assert f.result == "no_opportunity"
    note = shown_out_of_turn(f, record.turns)
    assert note == "you showed it in turn 1; this conversation never called for it, so it is not scored"
    assert f"({note})" in scorecard(record)


def test_saying_yes_to_a_habit_shown_without_an_opportunity_agrees_with_the_round(mini):
    record = committed_where_no_next_step_was_called_for(mini)
    findings = record.scorecard.findings
    assert views_that_differ({"commits_next_steps": "yes"}, findings, record.turns) == []
    assert views_that_differ({"commits_next_steps": "no"}, findings, record.turns) == ["commits_next_steps"]


def test_saying_yes_to_a_habit_never_shown_differs_from_the_round(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("ok", 2)
    s.end()
    record = s.record()
    findings = record.scorecard.findings
    assert views_that_differ({"commits_next_steps": "yes", "empathizes": "yes", "checks_in": "partly"},
                             findings, record.turns) == ["commits_next_steps", "empathizes"]


def test_asking_no_question_at_all_is_a_round_level_finding(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("that sounds so frustrating", 2)
    s.end()
    f = finding(s.record(), "asks_question")
    assert (f.kind, f.result) == ("expected", "missed")


def test_an_avoid_behaviour_costs_more_than_a_missed_expected_one(mini):
    opening = "that sounds so frustrating. does that make sense?"
    one_missed = Session(mini, seed=1, clock=fixed_clock)
    one_missed.take_turn(opening, 2)
    one_missed.take_turn("ok", 2)  # no next step: commits_next_steps missed
    one_missed.end()
    one_avoid = Session(mini, seed=1, clock=fixed_clock)
    one_avoid.take_turn(opening, 2)
    one_avoid.take_turn("I'll email you a label by 5pm today. WHAT ELSE DO YOU WANT", 2)
    assert one_avoid.record().outcome == "resolved"
    assert one_avoid.record().scorecard.score < one_missed.record().scorecard.score


def test_the_coaching_quotes_the_worst_turn(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("that's just our policy", 2)
    s.end()
    coaching = s.record().scorecard.coaching
    assert 'In turn 1 you wrote "that\'s just our policy"' in coaching


def test_a_perfect_round_scores_100(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.take_turn("oh no, that sounds so frustrating. does that make sense?", 2)
    s.take_turn("I'll email you a replacement label by 5pm today. what else can I do?", 2)
    record = s.record()
    assert record.outcome == "resolved"
    assert record.scorecard.score == 100


def test_saying_nothing_is_not_a_perfect_round(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    s.end()
    record = s.record()
    assert record.scorecard.score == 0
    assert finding(record, "empathizes").result == "missed"


def test_with_a_trainee_opening_the_first_state_habits_can_be_scored(mini):
    from sim.core.loader import parse_scenario
    from tests.conftest import DATA

    text = (DATA / "scenarios" / "mini.yaml").read_text().replace("tips: [kindness]",
                                                                  "tips: [kindness]\nopening: trainee")
    opened = parse_scenario(text, "mini.yaml")
    s = Session(opened, seed=1, clock=fixed_clock)
    s.take_turn("hi, that sounds so frustrating", 2)
    s.end()
    assert finding(s.record(), "empathizes").result == "observed"


def test_timing_evidence_is_the_engines_reason_not_a_quote(mini):
    s = Session(mini, seed=1, clock=fixed_clock)
    turn = s.take_turn("sorry, here now", 15).turn
    assert turn.evidence("dead_air") == (turn.hit("dead_air").reason, False)
    assert turn.evidence(None)[1] is True
