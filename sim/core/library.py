"""Finding scenarios: bundled ones by id, or any YAML file by path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sim.core.problems import Problem, ScenarioError
from sim.core.scenario import LoadedScenario
from sim.core.scenario_cache import load_cached


def bundled_dir() -> Path:
    """Where the bundled scenarios live (override with SIM_SCENARIOS)."""
    override = os.environ.get("SIM_SCENARIOS")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "scenarios"


def bundled_paths() -> list[Path]:
    """Every bundled scenario file, sorted by name."""
    folder = bundled_dir()
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []


@dataclass(frozen=True, slots=True)
class ScenarioRef:
    """What the user typed to name a scenario, resolved to a file."""

    text: str
    path: Path


def resolve(ref: str) -> ScenarioRef:
    """A bundled scenario id or a path to a YAML file, as a file path; clear error otherwise."""
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or os.sep in ref or candidate.exists():
        return ScenarioRef(ref, candidate)
    for path in bundled_paths():
        if path.stem == ref:
            return ScenarioRef(ref, path)
    known = ", ".join(p.stem for p in bundled_paths()) or "(none found)"
    raise ScenarioError([Problem(ref, 0, 0, f"no bundled scenario called `{ref}`",
                                 f"bundled scenarios: {known}; or give a path to a .yaml file")])


def open_scenario(ref: str) -> LoadedScenario:
    """Resolve and load a scenario reference (a bundled id, a path, or `random-<d>-<seed>`)."""
    if ref.startswith("random-"):
        # Only then: the random customer module is not needed to open a scenario file.
        from sim.core.random_customer import compose, parse_id

        composed = parse_id(ref)
        if composed is not None:
            return LoadedScenario(compose(*composed), Path(ref), {})
    return load_cached(resolve(ref).path)
