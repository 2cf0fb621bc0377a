"""Load scenario files safely, reporting every problem as `file:line:column: message`."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sim.core.catalogue import CATALOGUE, TIPS
from sim.core.draw import DEFAULT_LOCALE
from sim.core.phrases import PhraseError, compile_phrase
from sim.core.problems import Problem, ScenarioError
from sim.core.scenario import LoadedScenario, PathKey, build, nearest
from sim.core.scenario import Scenario as RuntimeScenario
from sim.core.scenario_file import Phrasing, Scenario, Transition
from sim.core.templates import TemplateError, names_in

BUILTIN_VARIABLES = ("customer_name",)
__all__ = ["DEFAULT_LOCALE", "LoadedScenario", "PathKey", "Problem", "ScenarioError", "load_scenario",
           "parse_scenario"]


# ---------------------------------------------------------------- YAML with positions


# libyaml's parser is ~5x faster than the pure-Python one; both are safe loaders.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc,valid-type]
    """Safe loading with YAML 1.2 booleans: `on`, `off`, `yes` and `no` stay text.

    YAML 1.1 would read a state's `on:` key, or a choice of `no`, as a boolean.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _parse(text: str, file: str) -> tuple[Any, dict[PathKey, tuple[int, int]], list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, [Problem(file, 1, 1, "the file is empty",
                                      "start from an example in docs/scenario-format.md")]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        hint = "check indentation, and quote text that contains ': ' or ' #'"
        if "undefined alias" in what:
            alias = text.splitlines()[line - 1][col - 1 :].split()[0] if mark else "*name"
            hint = (f"{alias} reuses lines anchored with `&{alias.lstrip('*')}` earlier in the file; "
                    "check the spelling, or add the anchor where the lines are first written")
        elif "flow" in what:
            hint = ('in [a, b] lists quote any item containing , ? : or {braces}, or write one '
                    '"- item" per line')
        return None, {}, [Problem(file, line, col, f"YAML syntax error: {what}", hint)]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(file, 1, 1, f"YAML error: {exc}")]
    except RecursionError:
        return None, {}, [Problem(file, 1, 1, "the file nests lists or mappings too deeply to read",
                                  "a scenario needs only a few levels; check for runaway brackets")]
    finally:
        loader.dispose()
    positions: dict[PathKey, tuple[int, int]] = {}
    problems: list[Problem] = []
    try:
        _walk(node, (), positions, problems, file, loader)
    except _TooBig:
        return None, {}, [Problem(file, 1, 1, f"the file expands to over {MAX_PARTS:,} parts "
                                  "(aliases of aliases?)", "write the lines out, or alias each list "
                                  "once rather than aliases inside aliases")]
    return data, positions, problems


# More parts than any real scenario has: beyond it, aliases of aliases are multiplying the file
# (a "billion laughs"), and validating the expansion would take minutes and gigabytes.
MAX_PARTS = 1_000_000


class _TooBig(Exception):
    pass


def _walk(root: yaml.Node, root_path: PathKey, positions: dict[PathKey, tuple[int, int]],
          problems: list[Problem], file: str, loader: _Loader) -> None:
    # A stack, not recursion: a file nested thousands of levels deep must get a message.
    stack: list[tuple[yaml.Node, PathKey]] = [(root, root_path)]
    parts = 0
    while stack:
        node, path = stack.pop()
        parts += 1
        if parts > MAX_PARTS:
            raise _TooBig
        positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                if key in seen:
                    problems.append(Problem(file, key_node.start_mark.line + 1,
                                            key_node.start_mark.column + 1,
                                            f"`{key}` appears twice in the same mapping",
                                            "YAML keeps only the last one; merge them"))
                seen.add(key)
                positions[("key", *path, key)] = (key_node.start_mark.line + 1,
                                                  key_node.start_mark.column + 1)
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*path, index)))


def _dotted(key: PathKey) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


# ---------------------------------------------------------------- pydantic errors

_FRIENDLY = {
    "missing": "is required",
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "float_parsing": "should be a number",
    "float_type": "should be a number",
    "string_type": "should be text",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "list_type": "should be a list (lines starting with `- `)",
    "dict_type": "should be a mapping (`key: value` lines)",
    "model_type": "should be a mapping (`key: value` lines)",
    "tuple_type": "should be a list of two numbers, like `[10, 20]`",
    "too_short": "is too short",
    "too_long": "is too long",
}


def _validation_problems(exc: ValidationError, positions: dict[PathKey, tuple[int, int]],
                         file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[PathKey, str]] = set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"], positions)
        kind = err["type"]
        hint = None
        if kind == "extra_forbidden":
            key = loc[-1]
            line, col = positions.get(("key", *loc), nearest(positions, loc))
            parent = _dotted(loc[:-1])
            close = difflib.get_close_matches(str(key), sorted(_model_fields()), n=1)
            message = f"{parent}: unknown key `{key}`" + (f" (did you mean `{close[0]}`?)" if close else "")
            hint = "see docs/scenario-format.md for the keys allowed here"
        else:
            line, col = nearest(positions, loc)
            text = err["msg"].removeprefix("Value error, ")
            if kind == "too_short" and "ctx" in err:
                n = err["ctx"].get("min_length", 1)
                text = f"needs at least {n} item{'s' if n != 1 else ''}"
            elif kind in _FRIENDLY:
                text = _FRIENDLY[kind]
                if kind == "too_long" and "ctx" in err:
                    limit = err["ctx"].get("max_length")
                    text += f" (limit {limit})"
            elif kind == "string_pattern_mismatch":
                text = "should use lower-case letters, digits and _ (start with a letter)"
                if loc and loc[-1] == "id":
                    text = "should use lower-case letters, digits, - and _"
            elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
                text = err["msg"].lower()
            elif kind == "literal_error":
                text = err["msg"].replace("Input should be", "should be")
            message = f"{_dotted(loc)}: {text}"
            hint = _hint_for(loc, kind)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        problems.append(Problem(file, line, col, message, hint))
    return problems


# What to write instead, for the mistakes trainers make most; by the key's name, then the kind.
_HINTS_BY_KEY = {
    "expected": "list what the scorecard looks for, e.g. `- behavior: empathizes` with "
                "`states: [...]` or `cues: [...]`",
    "states": "give at least one state, e.g. `start:` with `say: [...]` and `on: [...]`",
    "endings": "give at least one ending, e.g. `resolved:` with `say: [...]`",
    "say": "give at least one line, e.g. `say: [\"Hello?\"]`",
    "tips": "name at least one tip, e.g. `tips: [kindness]`",
}
_HINTS_BY_KIND = {
    "int_parsing": "write a whole number, e.g. 3",
    "int_type": "write a whole number, e.g. 3",
    "float_parsing": "write a number, e.g. 20 or 1.5",
    "dict_type": "write one `key: value` per line, indented under this key",
    "model_type": "write one `key: value` per line, indented under this key",
    "list_type": "write `[a, b]` or one `- item` per line",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
}


def _hint_for(loc: PathKey, kind: str) -> str | None:
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return f"add `{key}:` here; docs/scenario-format.md shows what it takes"
    if kind == "too_short" and key in _HINTS_BY_KEY:
        return _HINTS_BY_KEY[key]
    return _HINTS_BY_KIND.get(kind)


def _clean_loc(loc: tuple[Any, ...], positions: dict[PathKey, tuple[int, int]]) -> PathKey:
    """Drop the union-member and validator names pydantic adds to `loc`; keep the file's keys."""
    kept: PathKey = ()
    for part in loc:
        candidate = (*kept, part)
        in_file = candidate in positions or ("key", *candidate) in positions
        if in_file or isinstance(part, int) or part in _model_fields():
            kept = candidate
    return kept


@cache
def _model_fields() -> frozenset[str]:
    from sim.core import scenario_file as models

    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and hasattr(obj, "model_fields"):
            names.update(obj.model_fields)
    return frozenset(names)


# ---------------------------------------------------------------- cross-references


class _Checker:
    """Checks that only make sense across the whole file: names, references, templates."""

    def __init__(self, scenario: Scenario, positions: dict[PathKey, tuple[int, int]], file: str):
        self.s = scenario
        self.positions = positions
        self.file = file
        self.problems: list[Problem] = []
        custom = set(scenario.behaviors)
        self.behaviours = set(CATALOGUE) | custom
        self.targets = set(scenario.states) | set(scenario.endings)
        self.variables = set(scenario.variables) | set(BUILTIN_VARIABLES) | set(scenario.persona.details)

    def error(self, key: PathKey, message: str, hint: str | None = None, *, at_key: bool = False) -> None:
        line, col = (self.positions.get(("key", *key)) if at_key else None) or nearest(self.positions, key)
        self.problems.append(Problem(self.file, line, col, f"{_dotted(key)}: {message}", hint))

    def unknown(self, key: PathKey, what: str, name: str, options: set[str], hint: str) -> None:
        close = difflib.get_close_matches(name, sorted(options), n=1)
        suggestion = f" (did you mean `{close[0]}`?)" if close else ""
        self.error(key, f"unknown {what} `{name}`{suggestion}", hint)

    def run(self) -> list[Problem]:
        s = self.s
        for i, tip in enumerate(s.tips):
            if tip not in TIPS:
                self.unknown(("tips", i), "tip", tip, set(TIPS), "tips are: " + ", ".join(TIPS))
        for name in s.persona.sensitivity:
            if name not in self.behaviours:
                self.unknown(("persona", "sensitivity", name), "behaviour", name, self.behaviours,
                             "use a catalogue id or one declared under `behaviors`")
        self._custom_behaviours()
        for name in BUILTIN_VARIABLES:
            if name in s.variables:
                self.error(("variables", name), f"`{name}` is built in (the persona's drawn name)",
                           "rename your variable, or use {customer_name} as it is", at_key=True)
        for name in set(s.states) & set(s.endings):
            self.error(("endings", name), f"`{name}` is both a state and an ending",
                       "give them different names", at_key=True)
        if s.initial and s.initial not in s.states:
            self.unknown(("initial",), "state", s.initial, set(s.states), "name one of `states`")
        if s.turn_limit_ending not in s.endings:
            self.error(("turn_limit_ending",) if "turn_limit_ending" in s.model_fields_set else ("endings",),
                       f"the turn-limit ending `{s.turn_limit_ending}` is not among `endings`",
                       f"add an ending called `{s.turn_limit_ending}` or set `turn_limit_ending`")
        for name, state in s.states.items():
            base: PathKey = ("states", name)
            self._phrasings((*base, "say"), state.say)
            self._phrasings((*base, "again"), state.again)
            self._phrasings((*base, "nudge"), state.nudge)
            for i, transition in enumerate(state.on):
                self._transition((*base, "on", i), transition)
        for i, transition in enumerate(s.anywhere):
            if transition.otherwise:
                self.error(("anywhere", i), "`otherwise` cannot be used under `anywhere`",
                           "put the fallback in each state's `on` list")
            self._transition(("anywhere", i), transition)
        for name, ending in s.endings.items():
            self._phrasings(("endings", name, "say"), ending.say)
        self._phrasings(("interrupted",), s.interrupted)
        self._phrasings(("nudges",), s.nudges)
        self._rubric()
        for i, rehearsal in enumerate(s.rehearsals):
            outcomes = [rehearsal.outcome] if isinstance(rehearsal.outcome, str) else rehearsal.outcome
            for outcome in outcomes:
                if outcome not in s.endings and outcome != "ended":
                    self.unknown(("rehearsals", i, "outcome"), "ending", outcome, set(s.endings),
                                 "name one of `endings` (or `ended`)")
            for field_name in ("observed", "missed"):
                for j, b in enumerate(getattr(rehearsal, field_name)):
                    if b not in self.behaviours:
                        self.unknown(("rehearsals", i, field_name, j), "behaviour", b,
                                     self.behaviours, "use a catalogue or declared behaviour id")
        self._faker()
        return self.problems

    def _custom_behaviours(self) -> None:
        for name, custom in self.s.behaviors.items():
            key: PathKey = ("behaviors", name)
            if name in CATALOGUE:
                extra = custom.model_fields_set - {"phrases"}
                if extra:
                    self.error(key, f"`{name}` is a catalogue behaviour: only `phrases` can be added "
                               f"to it (remove {', '.join(sorted(extra))})")
            for i, phrase in enumerate(custom.phrases):
                try:
                    compile_phrase(phrase)
                except PhraseError as exc:
                    self.error((*key, "phrases", i), str(exc),
                               "phrases are plain words; `*` stands for a few words")

    def _transition(self, key: PathKey, t: Transition) -> None:
        if t.to not in self.targets:
            self.unknown((*key, "to"), "state or ending", t.to, self.targets,
                         "transitions go to a name under `states` or `endings`")
        for field_name in ("any_of", "all_of", "none_of"):
            for j, b in enumerate(getattr(t, field_name)):
                if b not in self.behaviours:
                    self.unknown((*key, field_name, j), "behaviour", b, self.behaviours,
                                 "use a catalogue id (see docs/scenario-format.md) or declare it "
                                 "under `behaviors`")
        self._phrasings((*key, "say"), t.say)

    def _phrasings(self, key: PathKey, phrasings: list[Phrasing]) -> None:
        for i, p in enumerate(phrasings):
            try:
                used = names_in(p.text)
            except TemplateError as exc:
                self.error((*key, i), str(exc))
                continue
            for name in used:
                if name not in self.variables:
                    self.unknown((*key, i), "variable", name, self.variables,
                                 "declare it under `variables` (built in: customer_name)")

    def _rubric(self) -> None:
        s = self.s
        cues = {c for st in s.states.values() for c in st.cues}
        cues |= {c for st in s.states.values() for group in (st.say, st.again, st.nudge)
                 for p in group for c in p.cues}
        cues |= {c for st in s.states.values() for t in st.on for p in t.say for c in p.cues}
        cues |= {c for t in s.anywhere for p in t.say for c in p.cues}
        cues |= {c for e in s.endings.values() for c in (*e.cues, *(c for p in e.say for c in p.cues))}
        cues |= {c for p in (*s.interrupted, *s.nudges) for c in p.cues}
        for i, item in enumerate(s.rubric.expected):
            key: PathKey = ("rubric", "expected", i)
            if item.behavior not in self.behaviours:
                self.unknown((*key, "behavior"), "behaviour", item.behavior, self.behaviours,
                             "use a catalogue or declared behaviour id")
            for j, state in enumerate(item.states):
                if state not in s.states:
                    self.unknown((*key, "states", j), "state", state, set(s.states),
                                 "opportunities come from states the customer can be in")
            for j, cue in enumerate(item.cues):
                if cue not in cues:
                    self.error((*key, "cues", j), f"no state or line carries the cue `{cue}`",
                               "add it under a state's `cues` or a phrasing's `cues`")
        for i, name in enumerate(s.rubric.avoid or []):
            if name not in self.behaviours:
                self.unknown(("rubric", "avoid", i), "behaviour", name, self.behaviours,
                             "use a catalogue or declared behaviour id")

    def _faker(self) -> None:
        values = [(("variables", n), v) for n, v in self.s.variables.items()]
        values += [(("persona", "details", n), v) for n, v in self.s.persona.details.items()]
        values.append((("persona", "name"), self.s.persona.name))
        fakers = [(k, v) for k, v in values if v.faker]
        if not fakers:
            return
        from sim.core.draw import draw_value

        fake = _validation_faker(DEFAULT_LOCALE)
        for key, value in fakers:
            assert value.faker is not None
            if not is_faker_method(fake, value.faker):
                close = difflib.get_close_matches(value.faker, sorted(faker_methods(DEFAULT_LOCALE)), n=1)
                hint = f"did you mean `{close[0]}`?" if close else "see the Faker providers' documentation"
                self.error((*key, "faker"), f"Faker has no method `{value.faker}`", hint)
                continue
            try:
                draw_value(value, fake, None)
            except Exception as exc:  # a trial draw is the only honest check of `args`
                self.error((*key, "args"), f"Faker `{value.faker}` rejected its args: {exc}",
                           "check the argument names in the Faker provider documentation")


# Faker helpers that reconfigure Faker itself rather than draw a value.
NOT_VALUES = frozenset({"seed", "seed_instance", "seed_locale", "add_provider", "get_providers",
                        "provider", "set_formatter", "get_formatter", "format", "parse",
                        "set_arguments", "get_arguments", "del_arguments", "generator"})


@cache
def faker_methods(locale: str) -> frozenset[str]:
    """Every public generator method that Faker's providers offer for `locale` (for hints)."""
    from sim.core.draw import make_faker

    fake = make_faker(locale, 0)
    names: set[str] = set()
    for provider in fake.get_providers():
        for name in dir(provider):
            if not name.startswith("_") and callable(getattr(provider, name, None)):
                names.add(name)
    return frozenset(names - NOT_VALUES)


def _validation_faker(locale: str) -> object:
    """The locale's shared Faker, reseeded for trial draws (building one costs ~30 ms)."""
    from sim.core.draw import make_faker

    return make_faker(locale, 0)


def is_faker_method(fake: object, name: str) -> bool:
    """True if `name` draws a value in this Faker (one lookup, not a walk of every provider)."""
    if name.startswith("_") or name in NOT_VALUES:
        return False
    try:
        return callable(getattr(fake, name, None))
    except AttributeError:
        return False


# ---------------------------------------------------------------- entry points


def parse_scenario(text: str, file: str = "<scenario>") -> LoadedScenario:
    """Validate scenario text; raise ScenarioError listing every problem found."""
    data, positions, problems = _parse(text, file)
    if data is None and not problems:
        problems = [Problem(file, 1, 1, "the file is empty")]
    if problems:
        raise ScenarioError(problems)
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, 1, 1, "a scenario must be a mapping of keys "
                                     "(id, title, persona, states, ...)",
                                     "see docs/scenario-format.md")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_validation_problems(exc, positions, file)) from None
    problems = _Checker(scenario, positions, file).run()
    if problems:
        raise ScenarioError(problems)
    return LoadedScenario(build(RuntimeScenario, scenario.model_dump()), Path(file), positions)


def load_scenario(path: str | os.PathLike[str]) -> LoadedScenario:
    """Read and validate one scenario file."""
    file = os.fspath(path)
    try:
        raw = Path(file).read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem(file, 1, 1, "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(file, 1, 1, "is a directory, not a scenario file")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(file, 1, 1, f"cannot read it: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(file, line, 1, "is not UTF-8 text",
                                     "save the file as UTF-8")]) from None
    return parse_scenario(text, file)


def iter_problems(paths: list[str]) -> Iterator[Problem]:
    """Every problem in each of `paths`, file by file."""
    for path in paths:
        try:
            load_scenario(path)
        except ScenarioError as exc:
            yield from exc.problems
