"""The starter scenario `sim new` writes: commented, valid, lint-clean and rehearsed."""

from __future__ import annotations

import json
import re
from pathlib import Path

SCHEMA_FILE = "scenario.schema.json"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class StarterError(ValueError):
    """An id the scenario format would refuse."""


def starter_text(scenario_id: str) -> str:
    """The starter scenario, with `scenario_id` as its id and a title made from it."""
    if not _ID.match(scenario_id) or len(scenario_id) > 64:
        raise StarterError(f"`{scenario_id}` is not a usable id: use lower-case letters, digits, - and _ "
                           "(start with a letter or digit), e.g. refund-refused")
    template = (Path(__file__).with_name("starter.yaml")).read_text(encoding="utf-8")
    title = scenario_id.replace("-", " ").replace("_", " ").capitalize()
    return (template.replace("__ID__", scenario_id).replace("__TITLE__", title)
            .replace("__FILE__", f"{scenario_id}.yaml"))


def write_schema(folder: Path) -> bool:
    """Write (or bring up to date) the JSON Schema beside new scenarios; True if it changed."""
    from sim.core.schema import scenario_schema

    target = folder / SCHEMA_FILE
    text = json.dumps(scenario_schema(), indent=2) + "\n"
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    target.write_text(text, encoding="utf-8")
    return True
