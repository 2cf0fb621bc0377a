"""Commands over the store: history, export, rescore, dispute."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.core.store import Store, StoredRound

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """A bar per round: tall when the habit was shown."""
    return "".join(SPARKS[-1] if v else SPARKS[0] for v in values)


def add_store_options(p: argparse.ArgumentParser, *, trainee: bool = True) -> None:
    """--db and --trainee, shared by every command that reads or writes rounds."""
    p.add_argument("--db", metavar="PATH", help="rounds database (default: $SIM_DB, else your data folder)")
    if trainee:
        p.add_argument("--trainee", metavar="NAME",
                       help="whose rounds (remembered as the default once given)")


def open_store(args: argparse.Namespace) -> Store:
    """Open the store named by --db / SIM_DB / the default location."""
    from sim.core.store import Store

    return Store.open(args.db)


def cmd_history(args: argparse.Namespace) -> int:
    """Rounds newest first, the self-assessment gap, and per-habit trends."""
    from sim.core.keeping import resolve_trainee
    from sim.report import label

    store = open_store(args)
    trainee = args.trainee or (None if args.everyone else resolve_trainee(store, None))
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from sim.tui.app import run_history

        run_history(store, trainee)
        return 0
    rows = store.history(trainee, limit=args.limit)
    who = trainee or "everyone"
    if not rows:
        print(f"No rounds yet for {who}. Play one with `sim play`.")
        return 0
    print(f"Rounds for {who}, newest first:")
    print(f"{'round':>6}  {'date':16}  {'scenario':24} {'seed':>10}  {'ending':11} {'score':>5}  {'gap':>3}"
          "  disputes")
    for r in rows:
        date = r.started_at.replace("T", " ")[:16]
        score = "" if r.score is None else str(r.score)
        gap = "" if r.gap is None else str(r.gap)
        ending = r.outcome or r.status
        print(f"{r.id:>6}  {date:16}  {r.scenario[:24]:24} {r.seed:>10}  {ending[:11]:11} {score:>5}"
              f"  {gap:>3}  {r.disputes or ''}")
    trends = store.trends(trainee)
    if trends:
        print("\nHabits over your last rounds (oldest to newest; tall = shown):")
        for behavior, values in trends.items():
            print(f"  {label(behavior)[:34]:34} {sparkline(values)}  {sum(values)}/{len(values)}")
    print("\nThe gap counts habits you rated differently from what was observed.")
    return 0


def _select(store: Store, args: argparse.Namespace) -> list[int]:
    if args.all:
        return list(store.round_ids(args.trainee))
    return [int(x) for x in args.rounds]


def cmd_export(args: argparse.Namespace) -> int:
    """Write rounds as JSON, Markdown or CSV."""
    from sim.export import to_csv, to_json, to_markdown

    store = open_store(args)
    if not args.all and not args.rounds:
        print("sim: name rounds to export (see `sim history`) or use --all", file=sys.stderr)
        return 2
    ids = _select(store, args)
    if not ids:
        print("sim: no rounds to export", file=sys.stderr)
        return 1
    if args.format == "csv":
        text = to_csv(store.csv_rows(ids))
    else:
        rounds: list[StoredRound] = [store.load(i) for i in ids]
        text = to_json(rounds) if args.format == "json" else to_markdown(rounds)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as f:
                f.write(text if text.endswith("\n") else text + "\n")
        except OSError as exc:
            print(f"sim: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {len(ids)} round(s) to {args.output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_rescore(args: argparse.Namespace) -> int:
    """Score stored rounds again with today's detectors and rubrics; originals are kept."""
    from sim.core.library import bundled_paths
    from sim.core.rescore import rescore
    from sim.core.scenario_cache import load_cached

    store = open_store(args)
    if not args.all and not args.rounds:
        print("sim: name rounds to rescore (see `sim history`) or use --all", file=sys.stderr)
        return 2
    scenarios = {}
    for path in bundled_paths():
        loaded = load_cached(path)
        scenarios[loaded.scenario.id] = loaded.scenario
    changed = same = skipped = 0
    for rid in _select(store, args):
        stored = store.load(rid)
        if stored.status != "done":
            skipped += 1
            continue
        scenario = scenarios.get(stored.record.scenario)
        if scenario is None:
            from sim.core.random_customer import compose, parse_id

            composed = parse_id(stored.record.scenario)
            scenario = compose(*composed) if composed else None
        if scenario is None:
            print(f"round {rid}: scenario `{stored.record.scenario}` is not bundled any more; skipped")
            skipped += 1
            continue
        card, change = rescore(stored.record, scenario)
        store.add_rescore(rid, card)
        if change.moved or change.before != change.after:
            changed += 1
            print(f"round {rid}: {change.before} -> {change.after}")
            for line in change.moved:
                print(f"    {line}")
        else:
            same += 1
    print(f"{changed} changed, {same} unchanged, {skipped} skipped; original scores are kept")
    return 0


def cmd_dispute(args: argparse.Namespace) -> int:
    """Mark a finding of a stored round as disputed, with a comment."""
    store = open_store(args)
    stored = store.load(args.round)
    card = stored.record.scorecard
    names = {f.behavior for f in card.findings} if card else set()
    if args.behavior not in names:
        print(f"sim: round {args.round} has no finding `{args.behavior}`; its findings: "
              + ", ".join(sorted(names)), file=sys.stderr)
        return 2
    if not args.comment.strip():
        print("sim: say why you dispute it (a comment is required)", file=sys.stderr)
        return 2
    store.dispute(args.round, args.behavior, args.comment)
    print(f"round {args.round}: `{args.behavior}` marked as disputed")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the store commands to the `sim` parser."""
    history = sub.add_parser("history", help="your rounds over time, with trends")
    history.add_argument("--plain", action="store_true", help="print instead of opening the app")
    history.add_argument("--everyone", action="store_true", help="every trainee's rounds")
    history.add_argument("--limit", type=int, default=30, help="how many rounds (default 30)")
    add_store_options(history)

    export = sub.add_parser("export", help="export rounds as json, md or csv")
    export.add_argument("rounds", nargs="*", metavar="ROUND", help="round numbers (see sim history)")
    export.add_argument("--all", action="store_true", help="every round (of --trainee, if given)")
    export.add_argument("--format", choices=("json", "md", "csv"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    add_store_options(export)

    rescore = sub.add_parser("rescore", help="score stored rounds again with today's detectors")
    rescore.add_argument("rounds", nargs="*", metavar="ROUND")
    rescore.add_argument("--all", action="store_true")
    add_store_options(rescore)

    dispute = sub.add_parser("dispute", help="mark a finding as disputed, with a comment")
    dispute.add_argument("round", type=int)
    dispute.add_argument("behavior")
    dispute.add_argument("comment")
    add_store_options(dispute, trainee=False)


COMMANDS = {"history": cmd_history, "export": cmd_export, "rescore": cmd_rescore, "dispute": cmd_dispute}
__all__ = ["COMMANDS", "add_store_options", "register"]
