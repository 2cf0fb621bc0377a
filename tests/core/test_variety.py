"""A customer does not repeat a line verbatim while other phrasings are still unused."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from sim.core.library import bundled_paths
from sim.core.loader import load_scenario
from sim.core.session import Session
from tests.conftest import fixed_clock

POOL = ["hi", "ok", "what happened?", "im sorry about that", "calm down", "does that make sense?",
        "i can do a or b, which do you prefer?", "ill call you tomorrow at 10",
        "so you want a refund, right?", "thats just our policy", "let me check", "hmm"]


@pytest.mark.parametrize("path", bundled_paths(), ids=lambda p: p.stem)
def test_no_line_repeats_while_other_phrasings_are_unused(path):
    loaded = load_scenario(path)
    for seed in range(25):
        rng = random.Random(seed)
        session = Session(loaded, seed=seed, clock=fixed_clock)
        while not session.over and len(session.turns) < 40:
            session.take_turn(rng.choice(POOL), rng.choice([-1, 2, 3, 8, 30]))
        said = [t.text for t in session.turns if t.speaker == "customer" and t.cause != "opening"]
        for previous, current in itertools.pairwise(said):
            assert current != previous, (path.stem, seed, current)
        counts = Counter(said)
        # A repeat is fair only once every phrasing of that moment has been used: with at
        # least three phrasings a moment, a line can come back at most every third time.
        for text, n in counts.items():
            assert n <= max(1, len(said) // 3 + 1), (path.stem, seed, text, n)
