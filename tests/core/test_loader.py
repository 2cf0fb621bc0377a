"""Loading scenarios: every mistake gets one clear `file:line:column: message`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim.core.loader import ScenarioError, parse_scenario
from tests.conftest import DATA

GOOD = (DATA / "scenarios" / "mini.yaml").read_text()


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "s.yaml")
    return [str(p).splitlines()[0] for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_mini_scenario_is_valid():
    assert parse_scenario(GOOD, "mini.yaml").scenario.id == "mini"


def test_a_yaml_syntax_error_names_its_line():
    text = GOOD.replace("difficulty: 1", "difficulty: [1")
    (message,) = problems(text)
    assert message.startswith("s.yaml:")
    assert "YAML syntax error" in message


def test_a_wrong_type_names_the_field_and_line():
    text = GOOD.replace("difficulty: 1", "difficulty: easy")
    line = line_of(text, "difficulty")
    assert problems(text) == [f"s.yaml:{line}:13: difficulty: should be a whole number"]


def test_an_unknown_behaviour_id_suggests_the_closest_one():
    text = GOOD.replace("any_of: [empathizes]", "any_of: [empathises]")
    (message,) = problems(text)
    assert message.startswith(f"s.yaml:{line_of(text, 'empathises')}:")
    assert "unknown behaviour `empathises` (did you mean `empathizes`?)" in message


def test_a_transition_to_an_undefined_state_is_reported():
    text = GOOD.replace("to: calm\n", "to: clam\n", 1)
    (message,) = problems(text)
    assert message.startswith(f"s.yaml:{line_of(text, 'to: clam')}:")
    assert "unknown state or ending `clam` (did you mean `calm`?)" in message


def test_a_template_naming_an_undeclared_variable_is_reported():
    text = GOOD.replace("My {thing} broke.", "My {gadget} broke.")
    (message,) = problems(text)
    assert message.startswith(f"s.yaml:{line_of(text, '{gadget}')}:")
    assert "unknown variable `gadget`" in message


def test_a_template_cannot_reach_attributes():
    text = GOOD.replace("My {thing} broke.", "My {thing.__class__} broke.")
    (message,) = problems(text)
    assert "is not a variable name" in message


def test_an_unknown_key_is_reported_at_the_key():
    text = GOOD.replace("difficulty: 1", "difficulty: 1\ndifficuly: 2")
    assert problems(text) == [f"s.yaml:{line_of(text, 'difficuly')}:1: (top level): unknown key `difficuly` "
                              "(did you mean `difficulty`?)"]


def test_a_missing_required_field_is_reported():
    text = GOOD.replace("title: Mini\n", "")
    assert problems(text) == ["s.yaml:2:1: title: is required"]


def test_a_duplicate_key_is_reported():
    text = GOOD.replace("difficulty: 1", "difficulty: 1\ndifficulty: 2")
    (message,) = problems(text)
    assert "`difficulty` appears twice" in message


def test_every_problem_is_reported_at_once():
    text = GOOD.replace("difficulty: 1", "difficulty: 9").replace("to: calm\n", "to: clam\n", 1)
    # Type errors come first; cross-references are checked once the types are right.
    assert len(problems(text)) == 1
    text = GOOD.replace("any_of: [empathizes]", "any_of: [nope]").replace("to: calm\n", "to: clam\n", 1)
    assert len(problems(text)) == 2


def test_on_and_no_are_keys_and_words_not_booleans():
    text = GOOD.replace("thing: {choice: [kettle, toaster]}", "thing: {choice: [no, yes]}")
    loaded = parse_scenario(text, "s.yaml")
    assert loaded.scenario.variables["thing"].choice == ["no", "yes"]
    assert loaded.scenario.states["start"].on


def test_an_unknown_faker_method_is_reported():
    text = GOOD.replace("{faker: first_name}", "{faker: frist_name}")
    (message,) = problems(text)
    assert "Faker has no method `frist_name`" in message


def test_a_faker_helper_that_is_not_a_value_is_refused():
    text = GOOD.replace("{faker: first_name}", "{faker: seed_instance}")
    assert "Faker has no method `seed_instance`" in problems(text)[0]


def test_python_tags_are_not_executed():
    text = GOOD.replace("title: Mini", "title: !!python/object/apply:os.system ['echo hi']")
    (message,) = problems(text)
    assert "YAML" in message


def test_an_empty_file_is_reported():
    assert problems("") == ["s.yaml:1:1: the file is empty"]


def test_a_file_that_is_not_a_mapping_is_reported():
    assert "must be a mapping" in problems("- a\n- b\n")[0]


def run_sim(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True,
                          input=stdin, timeout=60)


def test_the_cli_reports_a_broken_scenario_without_a_traceback(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(GOOD.replace("to: calm\n", "to: clam\n", 1))
    result = run_sim("run", str(broken), "--trainee", "-", stdin="hello\n")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{broken}:{line_of(broken.read_text(), 'to: clam')}:")


def test_the_cli_reports_an_unknown_bundled_scenario():
    result = run_sim("run", "no-such-scenario", "--trainee", "-", stdin="hi\n")
    assert result.returncode == 2
    assert "no bundled scenario called `no-such-scenario`" in result.stderr


def test_validate_lists_problems_and_fails(tmp_path: Path):
    broken = tmp_path / "b.yaml"
    broken.write_text(GOOD.replace("difficulty: 1", "difficulty: easy"))
    result = run_sim("validate", str(broken))
    assert result.returncode == 1
    assert "difficulty: should be a whole number" in result.stderr


def test_customer_name_is_built_in_and_cannot_be_redeclared():
    declared = "  thing: {choice: [kettle, toaster]}"
    text = GOOD.replace(declared, declared + "\n  customer_name: Bob")
    assert "`customer_name` is built in" in problems(text)[0]


def test_a_bare_timing_prefix_is_a_script_error():
    from sim.core.script import ScriptError, parse_script
    with pytest.raises(ScriptError, match="line 2: a timing prefix needs a message"):
        parse_script("hello\n+3s\n")


def test_a_file_nested_thousands_deep_gets_a_message_not_a_crash():
    text = "id: x\ntitle: " + "[" * 20000 + "]" * 20000 + "\n"
    assert problems(text)  # located problems, never a RecursionError


def test_aliases_of_aliases_that_multiply_the_file_are_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    found = problems("\n".join(lines) + "\n")
    assert found == ["s.yaml:1:1: the file expands to over 1,000,000 parts (aliases of aliases?)"]
