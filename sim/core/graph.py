"""A picture of the customer's state machine, as Mermaid (renders on GitHub and in most editors)
or Graphviz DOT. Edges are the rules the engine tries, labelled with what triggers them."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Literal

from sim.core.machine import describe, ordered_rules
from sim.core.scenario import Scenario

Format = Literal["mermaid", "dot"]


def edges(s: Scenario) -> dict[tuple[str, str], list[str]]:
    """Each (from, to) pair with the labels of the rules that make that move, in trial order."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for state in s.states:
        for rule in ordered_rules(s, state):
            label = describe(rule.transition)
            if rule.key[0] == "anywhere":
                label += " (anywhere)"
            out[(state, rule.transition.to)].append(label)
    return out


def _ending_title(s: Scenario, name: str) -> str:
    return f"{name} (ending; also after {s.turn_limit} turns)" if name == s.turn_limit_ending \
        else f"{name} (ending)"


def _mermaid_id(name: str) -> str:
    # Scenario names such as `note`, `class` or `default` are Mermaid keywords; a prefix avoids them.
    return f"s_{name}"


def mermaid(s: Scenario) -> str:
    """A Mermaid state diagram: `[*]` marks the start and the endings."""
    title = json.dumps(" ".join(s.title.split()))  # JSON is YAML: a safe front-matter string
    lines = ["---", f"title: {title}", "---", "stateDiagram-v2", "  direction LR"]
    for name in s.states:
        lines.append(f'  state "{name}" as {_mermaid_id(name)}')
    for name in s.endings:
        lines.append(f'  state "{_ending_title(s, name)}" as {_mermaid_id(name)}')
    lines.append(f"  [*] --> {_mermaid_id(s.initial_state)}")
    for (source, dest), labels in edges(s).items():
        lines.append(f"  {_mermaid_id(source)} --> {_mermaid_id(dest)}: {' | '.join(labels)}")
    for name in s.endings:
        lines.append(f"  {_mermaid_id(name)} --> [*]")
    lines.append("  classDef ending fill:#eef6ee,stroke:#2e7d32,stroke-width:2px")
    lines.append(f"  class {', '.join(_mermaid_id(n) for n in s.endings)} ending")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(s: Scenario) -> str:
    """A Graphviz digraph: endings are double octagons, the start is a dot."""
    lines = [f"digraph {_dot_quote(s.id)} {{", "  rankdir=LR;",
             f"  label={_dot_quote(s.title)}; labelloc=t;",
             '  node [shape=box, style="rounded"];',
             "  __start [shape=point, label=\"\"];"]
    for name in s.endings:
        lines.append(f"  {_dot_quote(name)} [shape=doubleoctagon, "
                     f"label={_dot_quote(_ending_title(s, name))}];")
    lines.append(f"  __start -> {_dot_quote(s.initial_state)};")
    for (source, dest), labels in edges(s).items():
        lines.append(f"  {_dot_quote(source)} -> {_dot_quote(dest)} "
                     f"[label={_dot_quote(' | '.join(labels))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def draw(s: Scenario, fmt: Format = "mermaid") -> str:
    """The scenario's state machine in the chosen format."""
    return dot(s) if fmt == "dot" else mermaid(s)
