"""Random difficult customers: composed from a seed, reproducible, scaled by difficulty."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sim.core.library import open_scenario
from sim.core.random_customer import compose, parse_id, random_id
from sim.core.session import Session
from tests.conftest import ROOT, fixed_clock


def test_the_same_seed_composes_the_same_customer():
    assert compose(3, 42) == compose(3, 42)
    first = Session(compose(3, 42), seed=42, clock=fixed_clock)
    again = Session(compose(3, 42), seed=42, clock=fixed_clock)
    assert first.record().dumps() == again.record().dumps()


def test_different_seeds_compose_different_customers():
    titles = {compose(3, seed).title for seed in range(12)}
    assert len(titles) > 5


def test_difficulty_raises_temperature_and_lowers_patience():
    easy, hard = compose(1, 7), compose(5, 7)
    assert hard.persona.temperature.between[0] > easy.persona.temperature.between[0]
    assert hard.persona.patience.between[0] < easy.persona.patience.between[0]
    assert hard.persona.sensitivity["dismisses"] > easy.persona.sensitivity["dismisses"]


def test_the_id_rebuilds_the_customer_anywhere_a_scenario_is_named():
    assert parse_id(random_id(4, 123)) == (4, 123)
    assert open_scenario("random-4-123").scenario == compose(4, 123)


@pytest.mark.parametrize("seed", range(6))
def test_a_good_conversation_resolves_a_random_customer(seed):
    scenario = compose(3, seed)
    session = Session(scenario, seed=seed, clock=fixed_clock)
    for line in ("hi, im sorry to hear that. what happened and what would you like us to do?",
                 "so if ive got this right, you want this put right quickly, is that correct?",
                 "i can sort it today or arrange a replacement, which would you prefer?",
                 "ok ill do that now and email you confirmation by 5pm today"):
        if not session.over:
            session.take_turn(line, 2)
    assert session.outcome == "resolved"


def test_run_random_prints_the_round_and_reproduces_it():
    cmd = [sys.executable, "-m", "sim", "run", "--random", "--difficulty", "4", "--seed", "77",
           "--trainee", "-", "--json"]
    a = subprocess.run(cmd, input="hello\n", capture_output=True, text=True, cwd=ROOT, timeout=60)
    b = subprocess.run(cmd, input="hello\n", capture_output=True, text=True, cwd=ROOT, timeout=60)
    ra, rb = json.loads(a.stdout), json.loads(b.stdout)
    assert ra["scenario"] == "random-4-77"
    ra.pop("started_at"), rb.pop("started_at")
    assert ra == rb


def test_locale_draws_names_and_details_from_that_locale(supervisor):
    names = {Session(supervisor, seed=5, locale=loc, clock=fixed_clock).persona.name
             for loc in ("en_US", "fr_FR", "de_DE", "ja_JP")}
    assert len(names) == 4
    lines = Session(supervisor, seed=5, locale="fr_FR", clock=fixed_clock).turns[0].text
    assert lines.isascii() or lines  # the customer's words stay English; only details change
