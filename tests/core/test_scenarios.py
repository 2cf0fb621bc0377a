"""Every bundled scenario: valid, varied, and its rehearsals produce what they promise."""

from __future__ import annotations

import pytest

from sim.core.library import bundled_paths
from sim.core.loader import load_scenario
from tests.core.rehearse import play_script

BUNDLED = bundled_paths()


@pytest.fixture(scope="module", params=BUNDLED, ids=lambda p: p.stem)
def loaded(request):
    return load_scenario(request.param)


def test_the_id_matches_the_file_name(loaded):
    assert loaded.scenario.id == loaded.path.stem


def test_every_customer_line_has_at_least_three_phrasings(loaded):
    s = loaded.scenario
    groups = {f"states.{n}.say": st.say for n, st in s.states.items()}
    groups |= {f"states.{n}.again": st.again for n, st in s.states.items() if st.again}
    groups |= {f"endings.{n}.say": e.say for n, e in s.endings.items()}
    groups |= {f"states.{n}.on[{i}].say": t.say for n, st in s.states.items()
               for i, t in enumerate(st.on) if t.say}
    thin = [name for name, lines in groups.items() if len(lines) < 3]
    assert not thin, thin


def test_it_has_rehearsals_that_resolve_and_that_do_not(loaded):
    outcomes = [r.outcome if isinstance(r.outcome, str) else "/".join(r.outcome)
                for r in loaded.scenario.rehearsals]
    assert "resolved" in outcomes
    assert any("resolved" not in o for o in outcomes)


def test_every_rehearsal_produces_its_ending_and_findings(loaded):
    for rehearsal in loaded.scenario.rehearsals:
        record = play_script(loaded, "\n".join(rehearsal.trainee), rehearsal.seed)
        allowed = [rehearsal.outcome] if isinstance(rehearsal.outcome, str) else rehearsal.outcome
        assert record.outcome in allowed, (rehearsal.name, record.outcome)
        results = {f.behavior: f.result for f in record.scorecard.findings}
        for behavior in rehearsal.observed:
            assert results.get(behavior) == "observed", (rehearsal.name, behavior, results.get(behavior))
        for behavior in rehearsal.missed:
            assert results.get(behavior) == "missed", (rehearsal.name, behavior, results.get(behavior))
