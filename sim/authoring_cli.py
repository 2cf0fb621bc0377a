"""Commands for scenario authors: lint, graph, test, new, schema (validate lives in sim.cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the authoring commands to the `sim` parser."""
    lint = sub.add_parser("lint", help="find unreachable, stuck, unscorable and thin parts of scenarios")
    lint.add_argument("files", nargs="*", metavar="FILE", help="scenario files (default: the bundled ones)")
    lint.add_argument("--strict", action="store_true", help="fail on warnings too")
    lint.add_argument("--explain", action="store_true", help="list every check and what it means")

    graph = sub.add_parser("graph", help="draw a scenario's state machine (Mermaid or Graphviz DOT)")
    graph.add_argument("file", metavar="FILE", help="bundled scenario id or path to a .yaml file")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid",
                       help="mermaid (default; renders on GitHub and in many editors) or dot")

    test = sub.add_parser("test", help="run scenarios' rehearsals and random playthroughs")
    test.add_argument("files", nargs="*", metavar="FILE", help="scenario files (default: the bundled ones)")
    test.add_argument("--playthroughs", type=int, default=50, metavar="N",
                      help="random playthroughs per scenario (default 50)")
    test.add_argument("--seed", type=int, default=1, help="first playthrough seed (default 1)")
    test.add_argument("--replay", type=int, metavar="SEED",
                      help="play one random playthrough again and print its transcript")

    new = sub.add_parser("new", help="write a commented starter scenario to edit")
    new.add_argument("id", metavar="ID", help="the scenario id, e.g. refund-refused")
    new.add_argument("--dir", default=".", help="folder to write ID.yaml in (default: here)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    sub.add_parser("schema", help="print the JSON Schema of the scenario format (for editors)")


def _bundled() -> list[str]:
    from sim.core.library import bundled_paths

    return [str(p) for p in bundled_paths()]


def cmd_lint(args: argparse.Namespace) -> int:
    """Validate, then lint; exit 1 on errors (and on warnings with --strict)."""
    from sim.core.lint import CHECKS, lint_scenario
    from sim.core.loader import ScenarioError, load_scenario

    if args.explain:
        for check, (severity, meaning) in CHECKS.items():
            print(f"{check:18} {severity:8} {meaning}")
        return EXIT_OK
    files = list(args.files) or _bundled()
    errors = warnings = 0
    for f in files:
        try:
            findings = lint_scenario(load_scenario(f))
        except ScenarioError as exc:
            findings = exc.problems
        for finding in findings:
            print(finding.render(), file=sys.stderr)
        errors += sum(p.severity == "error" for p in findings)
        warnings += sum(p.severity == "warning" for p in findings)
        if not findings:
            print(f"{f}: clean")
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s) in {len(files)} file(s)", file=sys.stderr)
    return EXIT_FAILED if errors or (args.strict and warnings) else EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    """Print the scenario's state machine."""
    from sim.core.graph import draw
    from sim.core.library import open_scenario
    from sim.core.loader import ScenarioError

    try:
        scenario = open_scenario(args.file).scenario
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_FAILED
    print(draw(scenario, args.format), end="")
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    """Rehearsals, then seeded random playthroughs; a failure shows how to replay it."""
    from sim.core.loader import ScenarioError, load_scenario
    from sim.core.rehearse import random_playthrough, run_rehearsal

    if args.playthroughs < 0:
        print("sim: --playthroughs must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    files = list(args.files) or _bundled()
    if args.replay is not None:
        if len(files) != 1:
            print("sim: --replay needs exactly one scenario file", file=sys.stderr)
            return EXIT_USAGE
        played = random_playthrough(load_scenario(files[0]), args.replay)
        print("\n".join(played.steps))
        print(f"outcome: {played.outcome or 'none'}")
        if played.failure:
            print(f"FAILED: {played.failure}")
        return EXIT_OK if played.passed else EXIT_FAILED
    failed = 0
    for f in files:
        try:
            loaded = load_scenario(f)
        except ScenarioError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"{f}: FAILED: the file has problems (see above); nothing was played")
            failed += 1
            continue
        rehearsals = [run_rehearsal(loaded, i) for i in range(len(loaded.scenario.rehearsals))]
        for r in rehearsals:
            if not r.passed:
                for failure in r.failures:
                    print(f"{f}:{r.line}: rehearsal `{r.name}`: {failure}", file=sys.stderr)
        seeds = range(args.seed, args.seed + args.playthroughs)
        broken = [p for p in (random_playthrough(loaded, seed) for seed in seeds) if not p.passed]
        for p in broken:
            print(f"{f}: playthrough seed {p.seed}: {p.failure}\n"
                  f"  replay: sim test {f} --replay {p.seed}", file=sys.stderr)
        bad_rehearsals = sum(not r.passed for r in rehearsals)
        status = "ok" if not (bad_rehearsals or broken) else "FAILED"
        print(f"{f}: {status}: {len(rehearsals) - bad_rehearsals}/{len(rehearsals)} rehearsals, "
              f"{args.playthroughs - len(broken)}/{args.playthroughs} playthroughs")
        if not rehearsals:
            print(f"{f}: note: no rehearsals; add some under `rehearsals` (see docs/authoring.md)",
                  file=sys.stderr)
        failed += bool(bad_rehearsals or broken)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write ID.yaml from the starter (and the schema beside it for editors)."""
    from sim.core.starter import SCHEMA_FILE, StarterError, starter_text, write_schema

    folder = Path(args.dir)
    target = folder / f"{args.id}.yaml"
    try:
        text = starter_text(args.id)
    except StarterError as exc:
        print(f"sim: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if target.exists() and not args.force:
        print(f"sim: {target} already exists; choose another id, or add --force to overwrite it",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        wrote_schema = write_schema(folder)
    except OSError as exc:
        print(f"sim: cannot write {target}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {target}")
    if wrote_schema:
        print(f"wrote {folder / SCHEMA_FILE} (lets your editor complete and check the file; "
              "rewritten when sim changes)")
    print(f"next: sim play {target} --watch   (and in another terminal: sim lint {target}; "
          f"sim test {target})")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the scenario format."""
    import json

    from sim.core.schema import scenario_schema

    print(json.dumps(scenario_schema(), indent=2))
    return EXIT_OK


COMMANDS = {"lint": cmd_lint, "graph": cmd_graph, "test": cmd_test, "new": cmd_new, "schema": cmd_schema}
