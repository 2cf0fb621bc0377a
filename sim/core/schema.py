"""The scenario format as JSON Schema, so editors (via yaml-language-server) complete and check
scenario files as they are typed. Generated from the same models the loader validates with."""

from __future__ import annotations

import copy
from typing import Any

from sim.core.catalogue import CATALOGUE, TIPS
from sim.core.scenario_file import Scenario

SCHEMA_ID = "https://sim.invalid/scenario.schema.json"


def _or_shorthand(definition: dict[str, Any], *shorthand: dict[str, Any]) -> dict[str, Any]:
    """Accept the short forms the loader accepts (a bare text or number) as well as the mapping."""
    description = definition.get("description")
    out: dict[str, Any] = {"anyOf": [*shorthand, {k: v for k, v in definition.items()
                                                   if k != "description"}]}
    if description:
        out["description"] = description
    return out


def scenario_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a scenario file."""
    schema = copy.deepcopy(Scenario.model_json_schema())
    defs = schema["$defs"]
    defs["Value"] = _or_shorthand(defs["Value"], {"type": "string"}, {"type": "number"})
    defs["Phrasing"] = _or_shorthand(defs["Phrasing"], {"type": "string", "minLength": 1})
    defs["Number"] = _or_shorthand(defs["Number"], {"type": "number"})
    silence = defs["Transition"]["properties"]["silence"]
    silence["anyOf"].insert(0, {"const": True, "description": "the same as 1"})
    tips = schema["properties"]["tips"]
    tips["items"] = {"enum": list(TIPS)}
    # Catalogue ids are offered for completion; scenarios may declare their own, so any name passes.
    behaviour = {"anyOf": [{"enum": sorted(CATALOGUE)}, {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}]}
    defs["Expectation"]["properties"]["behavior"] = {**behaviour, "title": "Behavior"}
    for name in ("any_of", "all_of", "none_of"):
        defs["Transition"]["properties"][name]["items"] = behaviour
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "sim scenario",
        "description": "A difficult customer for sim; see docs/scenario-format.md.",
    }
