"""The `sim` command. Heavy imports (the TUI, faker) happen inside the commands that need them."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.core.evaluation import PartialReport, Report

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class _Unused:
    """Stands in for the parser of a command that is not being run: takes its arguments, keeps none."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


class _OneCommand:
    """The subcommands, with only `command`'s parser really built.

    argparse builds a help formatter for every argument it is given: all fifteen commands cost
    ~10 ms, a tenth of `sim detect`'s start-up, to parse one command line."""

    def __init__(self, sub: argparse._SubParsersAction, command: str) -> None:  # type: ignore[type-arg]
        self.sub, self.command, self.found = sub, command, False

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        """The real parser for the command being run; a stand-in for any other."""
        if name != self.command:
            return _Unused()
        self.found = True
        return self.sub.add_parser(name, **kwargs)


def _parser() -> argparse.ArgumentParser:
    """The whole `sim` parser."""
    parser = _build_parser(None)
    assert parser is not None
    return parser


def _build_parser(command: str | None) -> argparse.ArgumentParser | None:
    """The `sim` parser; with `command`, only that command's part of it (None if there is no
    such command)."""
    parser = argparse.ArgumentParser(
        prog="sim",
        description="Practise conversations with difficult customers, then read an "
                    "evidence-based scorecard.",
    )
    sub: Any = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command is not None:
        sub = _OneCommand(sub, command)

    def scenario_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seed", type=int, help="draw the same customer again (shown after each round)")
        p.add_argument("--locale", default="en_US",
                       help="Faker locale for names and details (default en_US)")

    def random_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--random", action="store_true",
                       help="a random difficult customer (the seed reproduces it exactly)")
        p.add_argument("--difficulty", type=int, choices=range(1, 6), default=3, metavar="1-5",
                       help="with --random: how hard (default 3)")

    play = sub.add_parser("play", help="talk to a customer")
    play.add_argument("scenario", nargs="?", help="bundled scenario id or path to a .yaml file")
    random_options(play)
    play.add_argument("--plain", action="store_true",
                      help="line-by-line text on stdin/stdout (pipes, screen readers)")
    play.add_argument("--assess", action="store_true",
                      help="assessment mode: hide the panel that lights habits as you show them")
    play.add_argument("--watch", action="store_true",
                      help="with a scenario FILE: reload it and restart the round each time it is saved")
    play.add_argument("--typing-speed", type=float, default=1.0, help=argparse.SUPPRESS)
    # For bench/run.py (start-up): run headless and exit once the first customer word is shown.
    play.add_argument("--first-line-exit", action="store_true", help=argparse.SUPPRESS)
    scenario_options(play)

    run = sub.add_parser("run", help="play a file of trainee lines without interaction")
    run.add_argument("scenario", nargs="?", help="bundled scenario id or path to a .yaml file")
    random_options(run)
    run.add_argument("--trainee", required=True, metavar="FILE",
                     help="one message per line; optional '+12s ' / '-2s ' timing, '& ' in a row; "
                          "'-' reads stdin")
    run.add_argument("--json", action="store_true", help="print the round record as JSON")
    scenario_options(run)

    from sim.stored_cli import add_store_options, register

    add_store_options(play)
    register(sub)
    from sim import authoring_cli

    authoring_cli.register(sub)

    sub.add_parser("list", help="list the bundled scenarios")

    detect = sub.add_parser("detect", help="find catalogue behaviours in text, with spans and reasons")
    detect.add_argument("text", nargs="?", help="one trainee utterance")
    detect.add_argument("--customer", help="the customer's previous line (helps with restatements)")
    detect.add_argument("--jsonl", metavar="FILE",
                        help='bulk mode: lines of {"id", "text", "customer"?} (- for stdin); '
                             'writes {"id", "behaviors", "spans"} per line, in input order')
    detect.add_argument("--scenario", help="also detect the behaviours this scenario declares")
    detect.add_argument("--jobs", type=int, metavar="N",
                        help="bulk mode: worker processes (default: every usable core for a file, "
                             "1 for stdin, which then answers line by line)")

    evaluate = sub.add_parser("eval", help="measure the detectors against labelled utterances")
    evaluate.add_argument("files", nargs="*", metavar="FILE",
                          help="JSONL with {text, customer?, behaviors}; default: the development "
                               "corpus and the held-out part")

    validate = sub.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    if command is not None and not sub.found:
        return None
    return parser


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"sim: {message}", file=sys.stderr)
    return code


def cmd_list() -> int:
    """Print bundled scenarios: id, difficulty, title."""
    from sim.core.library import bundled_paths
    from sim.core.problems import ScenarioError
    from sim.core.scenario_cache import load_cached

    paths = bundled_paths()
    if not paths:
        return _fail("no bundled scenarios found", EXIT_FAILED)
    for path in paths:
        try:
            s = load_cached(path).scenario
        except ScenarioError as exc:
            print(f"{path.stem:28} (broken: {exc.problems[0].message})")
            continue
        print(f"{s.id:28} difficulty {s.difficulty}  {s.title}")
    return EXIT_OK


def cmd_validate(files: Sequence[str]) -> int:
    """Report every problem in each file; non-zero exit if any."""
    from sim.core.loader import iter_problems

    problems = list(iter_problems(list(files)))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s)",
              file=sys.stderr)
        return EXIT_FAILED
    for f in files:
        print(f"{f}: ok")
    return EXIT_OK


def cmd_detect(args: argparse.Namespace) -> int:
    """Print behaviours found in one text, or stream JSONL in and out."""
    from sim.core.detect import detect_behaviours

    extra = None
    if args.scenario:
        from sim.core.library import open_scenario
        from sim.core.phrases import PhraseBook

        behaviours = open_scenario(args.scenario).scenario.behaviors
        extra = {name: PhraseBook(b.phrases) for name, b in behaviours.items()}
    if args.jsonl is None:
        if args.text is None:
            return _fail('give a text to check, e.g. sim detect "how can I help?", or --jsonl FILE')
        found = detect_behaviours(args.text, args.customer, extra=extra)
        if not found:
            print("no behaviour found" + (" (catalogue and scenario phrases)" if extra else ""))
        for d in found:
            print(f'{d.behavior:24} {d.start:>4}-{d.end:<4} "{d.quote(args.text)}"  ({d.reason})')
        return EXIT_OK
    if args.text is not None:
        return _fail("give either a text or --jsonl FILE, not both")
    if args.jobs is not None and args.jobs < 1:
        return _fail("--jobs needs a number of processes of 1 or more")
    name = "<stdin>" if args.jsonl == "-" else args.jsonl
    try:
        stream = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        return _fail(f"{name}: cannot read it ({exc.strerror})")
    from sim.core.bulk import WorkerStopped, detect_jsonl_blocks
    from sim.core.cores import usable_cores

    jobs = args.jobs or (1 if args.jsonl == "-" else usable_cores())
    errors = 0
    out = sys.stdout
    # A program feeding stdin waits for each answer; a file's results go out 512 lines or more
    # at a time, as one write each (stdout may be unbuffered, and a write per line wakes the
    # reader each time).
    pending: list[str] = []
    waiting = 0
    block = 1 if args.jsonl == "-" else 512
    with stream:
        try:
            for result in detect_jsonl_blocks(stream, extra, jobs):
                for error in result.errors.values():
                    errors += 1
                    print(f"{name}:{error.line}: {error}", file=sys.stderr)
                pending.append(result.text)
                waiting += result.count
                if waiting >= block:
                    out.write("".join(pending))
                    out.flush()
                    pending.clear()
                    waiting = 0
        except UnicodeDecodeError:
            return _fail(f"{name}: is not UTF-8 text", EXIT_FAILED)
        except WorkerStopped:
            return _fail(f"{name}: a worker process stopped (out of memory?); the results above are "
                         "complete, run again with --jobs 1 to finish the rest", EXIT_FAILED)
        finally:
            out.write("".join(pending))  # whatever came before a failure is still written
            out.flush()
    return EXIT_FAILED if errors else EXIT_OK


def _corpus_files() -> list[Path]:
    folder = Path(__file__).resolve().parent.parent / "tests" / "data"
    return [p for p in (folder / "corpus.jsonl", folder / "heldout.jsonl") if p.exists()]


def cmd_eval(files: Sequence[str]) -> int:
    """Print precision, recall and F1 per behaviour for each labelled file."""
    from sim.core.evaluation import InputError, Utterance, evaluate, evaluate_partial, read_jsonl

    paths = [Path(f) for f in files] or _corpus_files()
    if not paths:
        return _fail("no labelled corpus found here; give a JSONL file to evaluate")
    for path in paths:
        try:
            rows = list(read_jsonl(path.read_text("utf-8").splitlines()))
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"{path}: cannot read it ({exc})")
        bad = [r for r in rows if isinstance(r, InputError)]
        for r in bad:
            print(f"{path}:{r.line}: {r}", file=sys.stderr)
        good = [r for r in rows if isinstance(r, Utterance)]
        if any(u.weak for u in good) or any(u.labels is None for u in good):
            _print_partial(path, evaluate_partial(good))
        else:
            _print_report(path, evaluate(good))
    return EXIT_OK


def _print_report(path: Path, report: Report) -> None:
    print(f"{path} ({report.lines} utterances)")
    print(f"  {'behaviour':24} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}")
    for name, t in report.tallies.items():
        print(f"  {name:24} {t.precision:9.3f} {t.recall:7.3f} {t.f1:6.3f} {t.tp:5} {t.fp:4} {t.fn:4}")
    print(f"  {'macro F1':24} {'':9} {'':7} {report.macro_f1:6.3f}")
    print()


def _print_partial(path: Path, report: PartialReport) -> None:
    print(f"{path} ({report.lines} utterances; a partial check: only some behaviours are labelled)")
    print("  recall of the labelled behaviours:")
    for name, t in sorted(report.recall.items()):
        print(f"    {name:24} {t.recall:6.3f}  ({t.tp} of {t.tp + t.fn})")
    print("  avoid-behaviours detected (false alarms on polite agent text):")
    for name, count in report.false_alarms.items():
        print(f"    {name:24} {count:6}  ({count / max(1, report.lines):.2%} of lines)")
    print()


def _apply_random(args: argparse.Namespace) -> str | None:
    """With --random, the scenario is a composed customer named by difficulty and seed."""
    if not args.random:
        return None
    from sim.core.draw import new_seed
    from sim.core.random_customer import random_id

    if args.scenario:
        raise SystemExit(_fail("give either a scenario or --random, not both"))
    if args.seed is None:
        args.seed = new_seed()
    args.scenario = random_id(args.difficulty, args.seed)
    return args.scenario


def cmd_run(args: argparse.Namespace) -> int:
    """Play a trainee script against a scenario and print the round."""
    from sim.core.library import open_scenario
    from sim.core.script import ScriptError, parse_script
    from sim.core.session import Session
    from sim.report import scorecard, transcript

    _apply_random(args)
    if not args.scenario:
        return _fail("name a scenario (see sim list) or use --random")
    loaded = open_scenario(args.scenario)
    try:
        text = sys.stdin.read() if args.trainee == "-" else Path(args.trainee).read_text("utf-8")
    except FileNotFoundError:
        return _fail(f"{args.trainee}: no such file")
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"{args.trainee}: cannot read it ({exc})")
    try:
        script = parse_script(text)
    except ScriptError as exc:
        return _fail(f"{args.trainee}: {exc}")
    if not script:
        return _fail(f"{args.trainee}: no trainee lines (blank lines and # comments are skipped)")
    session = Session(loaded, seed=args.seed, locale=args.locale)
    unused = 0
    for line in script:
        if session.over:
            unused += 1
            continue
        session.take_turn(line.text, line.sent_at)
    session.end()
    record = session.record()
    if args.json:
        print(record.dumps())
    else:
        print(f"{loaded.scenario.title} - seed {record.seed}")
        print(transcript(record, loaded.scenario))
        if unused:
            print(f"({unused} line(s) of the script came after the round ended and were not sent)")
        print()
        print(scorecard(record, loaded.scenario))
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    """Talk to a customer: the full-screen app, or plain text with --plain or without a terminal."""
    from sim.core.library import bundled_paths, open_scenario

    _apply_random(args)
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    plain = args.plain or not (terminal or args.first_line_exit)
    watch = None
    if args.watch:
        watch = Path(args.scenario or "")
        if not args.scenario or not watch.is_file():
            return _fail("--watch needs the path of a scenario file, e.g. sim play my-scenario.yaml --watch")
        if plain:
            return _fail("--watch needs the full-screen app (a terminal, without --plain)")
    if plain:
        import gc

        gc.enable()  # see `run`
        from sim.core.session import Session
        from sim.plain import play_plain

        ref = args.scenario
        if ref is None:
            paths = bundled_paths()
            if not paths:
                return _fail("no bundled scenarios found; give a path to a scenario file")
            ref = str(paths[0])
            print("Bundled scenarios: " + ", ".join(p.stem for p in paths))
            print(f"Starting {paths[0].stem}; name another with `sim play ID --plain`.")
        from sim.core.keeping import keep, resolve_trainee, resume
        from sim.core.store import Store

        store = Store.open(args.db)
        trainee = resolve_trainee(store, args.trainee)
        for unfinished in store.open_rounds(trainee):
            print(f"You have an unfinished round {unfinished.id} ({unfinished.scenario}, started "
                  f"{unfinished.started_at}). Resume it? [y/N] ", end="", flush=True)
            answer = sys.stdin.readline().strip().lower()
            if answer in ("y", "yes"):
                loaded = open_scenario(unfinished.scenario)
                kept = resume(store, unfinished.id, loaded.scenario)
                play_plain(kept.session, on_end=kept.finish)
                return EXIT_OK
            store.abandon(unfinished.id)
            print(f"Round {unfinished.id} closed as abandoned; its turns are kept (sim history).")
        session = Session(open_scenario(ref), seed=args.seed, locale=args.locale)
        kept = keep(store, session, trainee)
        play_plain(session, on_end=kept.finish)
        if kept.error:
            print(f"sim: warning: {kept.error}", file=sys.stderr)
        return EXIT_OK

    from sim.core.problems import ScenarioError
    from sim.core.scenario import LoadedScenario
    from sim.core.scenario_cache import load_cached

    def catalogue() -> list[LoadedScenario]:
        loaded = []
        for path in bundled_paths():
            try:
                loaded.append(load_cached(path))
            except ScenarioError:
                # A broken bundled file should not keep a trainee from the others
                # (`sim validate scenarios/*.yaml` says what is wrong with it).
                continue
        return loaded

    start = open_scenario(args.scenario).scenario if args.scenario else None
    from sim.core.draw import draw_round, new_seed

    seed, draw = args.seed, draw_round
    if start is not None:
        # The customer is drawn on another core while Textual loads (see sim.core.draw_ahead).
        from sim.core.draw_ahead import DrawAhead

        seed = new_seed() if seed is None else seed
        draw = DrawAhead(start, seed, args.locale).draw
    from sim.core.keeping import resolve_trainee
    from sim.core.store import Store
    from sim.tui.app import SimApp

    store = Store.open(args.db)
    trainee = resolve_trainee(store, args.trainee)
    app = SimApp(catalogue, start=start, seed=seed, locale=args.locale, practice=not args.assess,
                 typing_speed=max(0.0, args.typing_speed), exit_on_first_line=args.first_line_exit,
                 store=store, trainee=trainee, watch=watch, draw=draw)
    try:
        app.run(headless=args.first_line_exit)
    finally:
        store.close()
    return app.return_code or EXIT_OK


def run() -> None:
    """The `sim` console script: `main`, then a quick exit."""
    import gc

    # Start-up allocates hundreds of thousands of long-lived objects (Textual, our models, the
    # detection rules) and the cyclic collector would walk them all several times: it is paused
    # until the command is under way (the app resumes it half a second after its first screen).
    gc.disable()
    code = main()
    # Everything that must last (rounds, exports) is committed and closed by now. Skipping
    # the interpreter's teardown of every module saves ~0.1 s on each command.
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        # The reader may have gone away, or the stream been closed for it (see BrokenPipeError).
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _expected_failure(exc: Exception) -> int | None:
    """The exit code for a failure we explain in words (bad scenario, store, draw), else None."""
    # Looked up, not imported: an exception can only come from a module already loaded, so no
    # command pays for importing a module just to name its exception type.
    problems, store, draw = (sys.modules.get(f"sim.core.{m}") for m in ("problems", "store", "draw"))
    if problems is not None and isinstance(exc, problems.ScenarioError):
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    if (store is not None and isinstance(exc, store.StoreError)) or (
            draw is not None and isinstance(exc, draw.DrawError)):
        return _fail(str(exc))
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sim` console script."""
    given = sys.argv[1:] if argv is None else list(argv)
    # The usual case, one command and its options, is parsed by that command's parser alone;
    # help for everything, no command or a mistyped one go through the whole parser.
    parser = (_build_parser(given[0]) if given and not given[0].startswith("-") else None) or _parser()
    args = parser.parse_args(given)
    try:
        if args.command in (None, "play"):
            if args.command is None:
                args = parser.parse_args(["play", *given])
            return cmd_play(args)
        import gc

        gc.enable()  # only the app's start-up runs with the collector paused (see `run`)
        if args.command == "run":
            return cmd_run(args)
        if args.command == "list":
            return cmd_list()
        if args.command == "validate":
            return cmd_validate(args.files)
        if args.command == "detect":
            return cmd_detect(args)
        if args.command == "eval":
            return cmd_eval(args.files)
        from sim.authoring_cli import COMMANDS as AUTHORING
        from sim.stored_cli import COMMANDS

        if args.command in COMMANDS:
            return COMMANDS[args.command](args)
        if args.command in AUTHORING:
            return AUTHORING[args.command](args)
        parser.print_help()
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # never show a trainee or trainer a traceback
        known = _expected_failure(exc)
        if known is not None:
            return known
        if os.environ.get("SIM_DEBUG"):
            raise
        print(f"sim: internal error: {type(exc).__name__}: {exc}\n"
              "  This is a bug in sim; run again with SIM_DEBUG=1 for details and report it.",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
