"""The first customer may be drawn in a forked process; it is the same customer either way."""

from __future__ import annotations

import pytest

from sim.core.draw import DrawError, draw_round
from sim.core.draw_ahead import DrawAhead, spare_core
from sim.core.library import open_scenario
from sim.core.session import Session


@pytest.mark.parametrize("seed", [0, 1, 7, 123456789])
def test_a_draw_made_ahead_is_the_draw_made_here(seed):
    scenario = open_scenario("supervisor-unavailable").scenario
    ahead = DrawAhead(scenario, seed, "en_US")
    assert ahead.draw(scenario, seed, "en_US") == draw_round(scenario, seed, "en_US")


def test_a_session_given_the_early_draw_meets_the_same_customer():
    scenario = open_scenario("supervisor-unavailable").scenario
    ahead = DrawAhead(scenario, 42, "en_GB")
    early = Session(scenario, seed=42, locale="en_GB", draw=ahead.draw)
    here = Session(scenario, seed=42, locale="en_GB")
    assert early.persona == here.persona and early.variables == here.variables
    assert early.turns[0].text == here.turns[0].text


def test_the_early_draw_serves_only_its_own_seed_and_only_once():
    scenario = open_scenario("supervisor-unavailable").scenario
    ahead = DrawAhead(scenario, 5, "en_US")
    assert ahead.draw(scenario, 6, "en_US") == draw_round(scenario, 6, "en_US")
    assert ahead.draw(scenario, 5, "en_US") == draw_round(scenario, 5, "en_US")
    assert ahead.draw(scenario, 5, "en_US") == draw_round(scenario, 5, "en_US")


def test_a_draw_that_fails_ahead_fails_here_with_the_same_message():
    scenario = open_scenario("supervisor-unavailable").scenario
    ahead = DrawAhead(scenario, 1, "xx_NOWHERE")
    with pytest.raises(DrawError, match="unknown locale"):
        ahead.draw(scenario, 1, "xx_NOWHERE")


def test_the_draw_is_made_ahead_only_when_a_second_core_may_be_used():
    assert spare_core(usable=2)
    assert not spare_core(usable=1)
