"""The session engine: timing, the customer's machine, temperature, determinism."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.core.session import RoundOver, Session
from tests.conftest import fixed_clock


def new(scenario, seed=1):
    return Session(scenario, seed=seed, clock=fixed_clock)


def test_the_customer_opens_with_a_line_from_the_first_state(mini):
    s = new(mini)
    assert [t.speaker for t in s.turns] == ["customer"]
    assert s.turns[0].state == "start"
    assert s.turns[0].cause == "opening"
    assert s.variables["thing"] in s.turns[0].text or s.persona.name in s.turns[0].text


def test_a_behaviour_fires_the_matching_transition(mini):
    s = new(mini)
    result = s.take_turn("Oh no, that sounds really frustrating.", 2)
    assert result.reply is not None and result.reply.state == "calm"
    assert "empathizes" in result.turn.behaviour_ids


def test_a_transitions_own_lines_are_used_when_it_fires(mini):
    s = new(mini)
    reply = s.take_turn("I can get you a refund.", 2).reply
    assert reply.text in ("A refund would be great.", "Yes please, a refund.", "Refund, lovely.")


def test_trainer_declared_behaviours_are_detected_with_wildcards(mini):
    s = new(mini)
    turn = s.take_turn("we can get your money straight back", 2).turn
    assert "mentions_refund" in turn.behaviour_ids


def test_temperature_moves_by_the_personas_sensitivity(mini):
    s = new(mini)
    start = s.temperature
    s.take_turn("That sounds really frustrating.", 2)
    assert s.temperature == start - 20


def test_crossing_a_temperature_threshold_ends_the_round(mini):
    s = new(mini)
    s.take_turn("THE REFUND IS ON ITS WAY", 2)  # 50 + 30
    result = s.take_turn("STOP SHOUTING AT ME", 2)  # 80 + 30 > 90
    assert result.outcome == "walked_out"
    assert s.over


def test_no_matching_rule_keeps_the_state_and_uses_again_lines(mini):
    s = new(mini)
    reply = s.take_turn("ok", 2).reply
    assert reply.state == "start"
    assert reply.text in ("Still broken.", "It is still broken.", "Nothing has changed.")


def test_sending_before_the_customer_finishes_is_an_interruption(mini):
    s = new(mini)
    opening = s.turns[0]
    result = s.take_turn("hello", -0.5)
    assert "interrupts" in result.turn.behaviour_ids
    assert s.turns[0].delivered is not None
    assert len(s.turns[0].delivered.split()) < len(opening.text.split())
    assert any(e.kind == "interrupted" for e in result.events)


def test_an_interrupted_customer_says_so_before_answering(mini):
    s = new(mini)
    reply = s.take_turn("hello", -0.5).reply
    assert reply.text.startswith(("Excuse me", "Can you let me finish", "Hold on"))


def test_silence_past_patience_makes_the_customer_speak_up(mini):
    s = new(mini)
    result = s.wait(11)
    assert len(result.lines) == 1
    assert result.lines[0].cause == "silence"
    assert result.lines[0].text in ("Hello?", "Anyone there?", "Are you there?")


def test_silence_shorter_than_patience_changes_nothing(mini):
    s = new(mini)
    assert s.wait(9).lines == ()
    assert len(s.turns) == 1


def test_a_late_reply_is_dead_air_and_the_nudge_comes_first(mini):
    s = new(mini)
    result = s.take_turn("sorry, I'm here", 15)
    assert [t.cause for t in result.lines] == ["silence", "reply"]
    assert "dead_air" in result.turn.behaviour_ids


def test_repeated_silence_can_fire_a_silence_transition(mini):
    s = new(mini)
    s.wait(11)
    result = s.wait(11)
    assert result.outcome == "walked_out"


def test_a_second_message_before_the_reply_starts_is_a_message_in_a_row(mini):
    s = new(mini)
    first = s.take_turn("hi", 1)
    reply = first.reply
    # Sent before the customer's reply began: the reply is never heard.
    second = s.take_turn("how can I help?", -(reply.duration + 0.5))
    assert s.turns[reply.index].delivered == ""
    assert any(e.kind == "in_a_row" for e in second.events)
    assert "interrupts" not in second.turn.behaviour_ids


def test_three_messages_in_a_row_are_a_monologue(mini):
    s = new(mini)
    for text in ("hi", "so", "let me explain"):
        result = s.take_turn(text, -1e9)
    assert "monologues" in result.turn.behaviour_ids


def test_one_very_long_turn_is_a_monologue(mini):
    s = new(mini)
    turn = s.take_turn(" ".join(["word"] * 120), 2).turn
    assert "monologues" in turn.behaviour_ids


def test_the_turn_limit_ends_the_round_with_the_limit_ending(mini):
    s = new(mini)
    for _ in range(4):
        if s.over:
            break
        s.take_turn("ok", 2)
    assert s.outcome == "walked_out"


def test_a_turn_after_the_ending_is_refused(mini):
    s = new(mini)
    s.take_turn("I can refund it", 2)
    s.take_turn("I'll email you the refund by 5pm today", 2)
    assert s.outcome == "resolved"
    with pytest.raises(RoundOver):
        s.take_turn("anything else?", 2)


def test_ending_early_records_the_outcome_as_ended(mini):
    s = new(mini)
    s.take_turn("hello", 2)
    s.end()
    assert s.outcome == "ended"
    assert s.record().outcome == "ended"


def test_the_same_seed_and_input_reproduce_the_round_byte_for_byte(supervisor):
    lines = [("hi, sorry my supervisor isnt in today", 3), ("what happened?", 40), ("ok", -1)]

    def play(seed: int) -> str:
        s = new(supervisor, seed)
        for text, at in lines:
            if not s.over:
                s.take_turn(text, at)
        s.end()
        return s.record().dumps()

    assert play(42) == play(42)
    assert play(42) != play(43)


def test_different_seeds_draw_different_customers(supervisor):
    names = {new(supervisor, seed).persona.name for seed in range(8)}
    assert len(names) > 4


def test_listeners_see_every_turn_as_it_happens(mini):
    seen = []
    s = Session(mini, seed=1, clock=fixed_clock, listeners=[seen.append])
    s.take_turn("hello", -0.5)
    indices = [t.index for t in seen]
    assert indices[0] == 0 and indices.count(0) == 2  # the opening, then its cut-off version
    assert [t.index for t in s.turns] == sorted(set(indices))


def test_control_characters_are_removed_from_trainee_text(mini):
    s = new(mini)
    turn = s.take_turn("hi\x1b[31m there\x00\x07", 2).turn
    assert turn.text == "hi[31m there"


def test_an_empty_message_is_not_a_turn(mini):
    s = new(mini)
    with pytest.raises(ValueError):
        s.take_turn("  \n ", 2)


def test_a_100_kb_message_is_handled(mini):
    s = new(mini)
    result = s.take_turn("I understand how frustrating this is. " * 2700, 2)
    assert len(result.turn.text) > 100_000
    assert "monologues" in result.turn.behaviour_ids


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=400), at=st.floats(-30, 120, allow_nan=False))
def test_any_text_and_timing_never_crash_the_engine(mini, text, at):
    s = new(mini)
    if not text.strip() or not s.take_turn.__self__:
        return
    try:
        s.take_turn(text, at)
    except ValueError:
        assert not "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()
        return
    json.loads(s.record().dumps())


def test_a_message_during_a_silence_nudge_cuts_the_nudge_short(mini):
    s = new(mini)
    result = s.take_turn("sorry, I'm here", 10.2)  # the nudge starts at 10 s and lasts ~0.5 s
    assert [t.cause for t in result.lines] == ["silence", "reply"]
    assert s.turns[result.lines[0].index].delivered is not None


def test_round_time_never_runs_backwards(mini):
    s = new(mini)
    first = s.take_turn("hi", 1).turn
    second = s.take_turn("and another thing", -1e9).turn
    assert second.at >= first.at >= 0


def test_dead_air_heats_the_customer_once(mini):
    s = new(mini)
    start = s.temperature
    s.take_turn("ok", 12)
    assert s.temperature == start + s.persona.sensitivity["dead_air"]


def test_an_unknown_locale_is_a_clear_error():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "sim", "run", "supervisor-unavailable", "--trainee", "-",
                          "--locale", "xx_XX"], input="hi\n", capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "unknown locale `xx_XX`" in out.stderr and "Traceback" not in out.stderr


def test_replying_as_the_customer_speaks_up_is_dead_air_only(mini):
    s = new(mini)
    result = s.take_turn("sorry, I'm here", 10.2)  # the nudge starts at 10 s
    assert "dead_air" in result.turn.behaviour_ids
    assert "interrupts" not in result.turn.behaviour_ids


def test_a_reused_faker_draws_exactly_what_a_new_one_would():
    from faker import Faker

    from sim.core.draw import make_faker

    for seed in (1, 2, 99):
        shared = make_faker("en_US", seed)
        drawn = [shared.name(), shared.bothify("AC-#####"), shared.first_name_female()]
        fresh = Faker("en_US")
        fresh.seed_instance(seed)
        assert drawn == [fresh.name(), fresh.bothify("AC-#####"), fresh.first_name_female()]
