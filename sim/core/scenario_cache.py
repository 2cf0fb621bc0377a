"""Scenarios validated once and kept, so a round starts without reading YAML or loading pydantic.

An entry is named by a digest of the file's bytes and of everything that decides whether the
file is valid (our validating modules, pydantic and Faker), so an edit to either is simply a
miss: the file is validated again, and problems are reported exactly as `sim validate` would.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from sim.core.scenario import LoadedScenario, Scenario, build

# Our modules whose code decides what a valid scenario is and what it becomes.
VALIDATING_MODULES = ("scenario.py", "scenario_file.py", "loader.py", "catalogue.py", "phrases.py",
                      "templates.py", "draw.py", "scenario_cache.py")
# Libraries whose version changes validation: pydantic checks the shapes, Faker the `faker:` methods.
VALIDATING_LIBRARIES = (("pydantic", "version.py"), ("faker", "__init__.py"))
# Enough for every bundled and hand-written scenario and many saves under `--watch`.
MAX_ENTRIES = 200


def cache_dir() -> Path | None:
    """Where entries are kept: $SIM_CACHE, else the user's cache folder; None when SIM_CACHE is empty."""
    override = os.environ.get("SIM_CACHE")
    if override is not None:
        return Path(override) if override else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sim" / "scenarios"


def load_cached(path: str | os.PathLike[str]) -> LoadedScenario:
    """The scenario at `path`, from the cache when this very file was validated before."""
    file = os.fspath(path)
    folder = cache_dir()
    try:
        raw = Path(file).read_bytes()
    except OSError:
        raw = None
    if folder is None or raw is None:
        return _validate(file)
    entry = folder / f"{hashlib.sha256(_validator_digest() + raw).hexdigest()}.json"
    try:
        text = entry.read_text(encoding="utf-8")
    except OSError:
        text = None
    if text is not None:
        loaded = _from_entry(text, Path(file))
        if loaded is not None:
            return loaded
    loaded = _validate(file)
    _keep(folder, entry, loaded)
    return loaded


def _validate(file: str) -> LoadedScenario:
    from sim.core.loader import load_scenario

    return load_scenario(file)


def _from_entry(text: str, path: Path) -> LoadedScenario | None:
    try:
        data = json.loads(text)
        scenario = build(Scenario, data["scenario"])
        positions = {tuple(key): (line, column) for key, line, column in data["positions"]}
    except (ValueError, KeyError, TypeError):
        return None  # a damaged or foreign entry: validate again and rewrite it
    return LoadedScenario(scenario, path, positions)


def _keep(folder: Path, entry: Path, loaded: LoadedScenario) -> None:
    text = json.dumps({"scenario": dataclasses.asdict(loaded.scenario),
                       "positions": [[list(key), line, column]
                                     for key, (line, column) in loaded.positions.items()]})
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader never sees half an entry.
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, entry)
        _prune(folder)
    except OSError:
        pass  # a read-only or full disk only costs the next start its speed


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        old.unlink(missing_ok=True)


@cache
def _validator_digest() -> bytes:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in VALIDATING_MODULES:
        digest.update((here / name).read_bytes())
    for package, marker in VALIDATING_LIBRARIES:
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            digest.update(package.encode() + (Path(spec.origin).parent / marker).read_bytes())
    return digest.digest()
