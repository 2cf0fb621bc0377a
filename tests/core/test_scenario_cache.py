"""Validated scenarios are kept between runs; a kept one is exactly what validation gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.core.library import bundled_paths
from sim.core.loader import load_scenario
from sim.core.problems import ScenarioError
from sim.core.scenario_cache import load_cached

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SIM_CACHE", str(folder))
    return folder


def test_a_kept_scenario_equals_a_freshly_validated_one(cache):
    for path in bundled_paths():
        fresh = load_scenario(path)
        first, kept = load_cached(path), load_cached(path)
        assert first == fresh and kept == fresh, path.name
        assert kept.positions == fresh.positions
    assert len(list(cache.glob("*.json"))) == len(bundled_paths())


def test_the_second_load_reads_the_kept_entry_without_validating(cache, monkeypatch):
    path = DATA / "scenarios" / "mini.yaml"
    load_cached(path)
    import sim.core.scenario_cache as module

    def no_validation(file: str):
        raise AssertionError("validated again")

    monkeypatch.setattr(module, "_validate", no_validation)
    assert load_cached(path).scenario.id == load_scenario(path).scenario.id


def test_an_edited_file_is_validated_again_and_its_problems_reported(cache, tmp_path):
    path = tmp_path / "edited.yaml"
    text = (DATA / "scenarios" / "mini.yaml").read_text()
    path.write_text(text)
    load_cached(path)
    path.write_text(text.replace("difficulty:", "difficulty: 9\nunknown_key: 1\n#", 1))
    with pytest.raises(ScenarioError) as caught:
        load_cached(path)
    assert any("unknown_key" in str(p) for p in caught.value.problems)


def test_a_damaged_entry_is_validated_again_and_rewritten(cache):
    path = DATA / "scenarios" / "mini.yaml"
    load_cached(path)
    (entry,) = cache.glob("*.json")
    entry.write_text('{"scenario": {"id": ')
    assert load_cached(path) == load_scenario(path)
    assert entry.read_text().startswith('{"scenario": {"id": "')


def test_a_cache_that_cannot_be_written_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SIM_CACHE", str(blocker / "cache"))
    path = DATA / "scenarios" / "mini.yaml"
    assert load_cached(path) == load_scenario(path)


def test_an_empty_SIM_CACHE_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("SIM_CACHE", "")
    monkeypatch.chdir(tmp_path)
    path = DATA / "scenarios" / "mini.yaml"
    assert load_cached(path) == load_scenario(path)
    assert not any(tmp_path.rglob("*.json"))


def test_a_missing_file_gets_the_loaders_message(cache, tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_cached(tmp_path / "nowhere.yaml")
    assert "no such file" in str(caught.value)
