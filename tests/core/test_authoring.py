"""The authoring tools: lint, graph, scenario tests, the starter, the schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sim.cli import main
from sim.core import rehearse
from sim.core.graph import draw
from sim.core.library import bundled_paths
from sim.core.lint import lint_scenario
from sim.core.loader import _parse, load_scenario, parse_scenario
from sim.core.rehearse import random_playthrough, run_rehearsal
from sim.core.schema import scenario_schema
from sim.core.starter import starter_text

STARTER = starter_text("late-parcel")


def lint(text: str) -> list[str]:
    return [f"{p.line}: {p.severity}: {p.message} [{p.check}]"
            for p in lint_scenario(parse_scenario(text, "s.yaml"))]


def line_of(needle: str, text: str = STARTER) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def edit(old: str, new: str, text: str = STARTER) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ---------------------------------------------------------------- lint


def test_the_starter_lints_clean():
    assert lint(STARTER) == []


def test_every_bundled_scenario_lints_clean():
    for path in bundled_paths():
        assert lint_scenario(load_scenario(path)) == [], path.name


def test_a_state_no_transition_leads_to_is_unreachable():
    text = edit("anywhere:",
                "  orphan:\n    say: [a, b, c]\n    on: [{otherwise: true, to: resolved}]\n\nanywhere:")
    assert any("states.orphan: no path from `upset` reaches this state [unreachable-state]" in f
               and "warning" in f for f in lint(text))


def test_an_ending_no_transition_leads_to_is_unreachable():
    text = edit("  walked_out:\n    say:", "  refunded:\n    say: [a, b, c]\n  walked_out:\n    say:")
    assert any("endings.refunded: no transition leads to this ending [unreachable-ending]" in f
               for f in lint(text))


def test_the_turn_limit_ending_is_always_reachable():
    text = edit("      - silence: 2                # two nudges unanswered\n        to: walked_out\n", "")
    text = edit("  - temperature_above: 90\n    to: walked_out",
                "  - temperature_above: 90\n    to: escalated", text)
    assert not [f for f in lint(text) if "walked_out" in f]


def test_a_state_with_no_way_to_an_ending_is_an_error():
    text = edit("""      - any_of: [dismisses, blames, shouts, swears]
        to: escalated
      - any_of: [commits_next_steps]
        to: resolved""", """      - any_of: [commits_next_steps]
        to: listening""")
    text = edit("anywhere:                         # rules every state tries after its own\n"
                "  - temperature_above: 90\n    to: walked_out\n", "", text)
    found = lint(text)
    assert f"{line_of('  listening:', text)}: error: states.listening: no ending can be reached from here, " \
        "so the customer stays until the turn limit [no-way-out]" in found, found


def test_a_rule_after_a_broader_one_never_fires():
    text = edit("      - any_of: [empathizes]\n        to: listening",
                "      - any_of: [empathizes, courtesy]\n        to: listening\n"
                "      - any_of: [empathizes]\n        none_of: [shouts]\n        to: resolved")
    found = lint(text)
    assert any("states.upset.on[2]: can never fire: `states.upset.on[1]` (any of empathizes, courtesy) "
               "is tried first and fires whenever this would [never-fires]" in f for f in found), found


def test_contradictory_temperatures_never_fire():
    text = edit("  - temperature_above: 90\n", "  - temperature_above: 90\n    temperature_below: 91\n")
    found = lint(text)
    assert any("anywhere[0]: can never fire in any state: no whole temperature is above 90 and below 91"
               in f for f in found), found


def test_a_rule_whose_behaviours_are_all_excluded_never_fires():
    text = edit("      - any_of: [empathizes]\n        to: listening",
                "      - any_of: [empathizes]\n        none_of: [empathizes]\n        to: listening")
    assert any("every behaviour in `any_of` is also in `none_of`" in f for f in lint(text))


def test_a_narrower_rule_before_a_broader_one_is_fine():
    text = edit("      - any_of: [empathizes]\n        to: listening",
                "      - all_of: [empathizes, courtesy]\n        to: listening\n"
                "      - any_of: [empathizes]\n        to: listening")
    assert not [f for f in lint(text) if "never-fires" in f]


def test_a_rubric_item_for_an_unreachable_state_has_no_opportunity():
    text = edit("      - any_of: [empathizes]\n        to: listening",
                "      - any_of: [empathizes]\n        to: resolved")
    found = lint(text)
    assert any("error: rubric.expected[1]: `commits_next_steps` can never be scored: the round never "
               "reaches state `listening` [no-opportunity]" in f for f in found), found


def test_an_unused_variable_is_reported_at_its_name():
    text = edit("  item: {choice:", "  colour: {choice: [red, blue]}\n  item: {choice:")
    found = lint(text)
    line = line_of("item: {choice:")
    assert f"{line}: warning: variables.colour: no line uses this variable [unused-variable]" in found


def test_an_unused_declared_behaviour_is_reported():
    text = edit("states:", "behaviors:\n  offers_tracking:\n    phrases: [tracking number]\n\nstates:")
    assert any("behaviors.offers_tracking: nothing uses this behaviour [unused-behaviour]" in f
               for f in lint(text))


def test_fewer_than_three_phrasings_is_a_warning():
    text = edit("      - Great, I'll look out for that email.\n"
                "      - Okay, that's a relief. Thank you.\n", "")
    assert any("warning: endings.resolved.say: 1 phrasing; give at least 3 [few-phrasings]" in f
               for f in lint(text))


def test_a_line_written_twice_is_reported():
    text = edit("      - So where is it?", "      - I just want to know where it is.")
    found = lint(text)
    assert any("states.upset.again[1]: repeats `states.upset.again[0]` word for word [repeated-phrasing]"
               in f for f in found), found


def test_lines_reused_through_a_yaml_alias_are_not_repeats():
    text = edit("    say:\n      - I want to speak to someone else.",
                "    say: &angry\n      - I want to speak to someone else.")
    text = edit("  walked_out:\n    say:\n      - Forget it, I'll ask the courier myself.\n"
                "      - Never mind. Goodbye.\n      - I haven't got time for this.",
                "  walked_out:\n    say: *angry", text)
    assert lint(text) == []


def test_lint_strict_fails_on_warnings_only_when_asked(tmp_path: Path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(edit("  item: {choice:", "  colour: {choice: [red, blue]}\n  item: {choice:"))
    assert main(["lint", str(path)]) == 0
    assert main(["lint", "--strict", str(path)]) == 1
    err = capsys.readouterr().err
    line = line_of("item: {choice:")
    assert f"{path}:{line}:3: warning: variables.colour: no line uses this variable [unused-variable]" in err
    assert "0 error(s), 1 warning(s) in 1 file(s)" in err


def test_lint_reports_validation_problems_as_errors(tmp_path: Path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(edit("to: listening", "to: listenning"))
    assert main(["lint", str(path)]) == 1
    assert "error: states.upset.on[1].to: unknown state or ending `listenning` (did you mean `listening`?)" \
        in capsys.readouterr().err


# ---------------------------------------------------------------- graph


def test_the_mermaid_graph_marks_start_endings_and_triggers():
    text = draw(parse_scenario(STARTER, "s.yaml").scenario)
    assert text.startswith('---\ntitle: "Late parcel"\n---\nstateDiagram-v2\n')
    assert "  [*] --> s_upset\n" in text
    assert "  s_upset --> s_listening: any of empathizes\n" in text
    assert "  s_upset --> s_walked_out: silence x2 | temperature above 90 (anywhere)\n" in text
    assert "  s_resolved --> [*]\n" in text
    assert 'state "walked_out (ending; also after 12 turns)" as s_walked_out' in text


def test_mermaid_keywords_and_odd_titles_cannot_break_the_diagram():
    text = STARTER.replace("title: Late parcel", "title: '[URGENT] \"refund\": now'")
    text = text.replace("listening", "note")
    drawn = draw(parse_scenario(text, "s.yaml").scenario)
    assert 'title: "[URGENT] \\"refund\\": now"\n' in drawn
    assert 'state "note" as s_note' in drawn
    assert " note " not in drawn.replace('"note"', "")


def test_the_dot_graph_is_a_digraph_with_endings_drawn_differently():
    text = draw(parse_scenario(STARTER, "s.yaml").scenario, "dot")
    assert text.startswith('digraph "late-parcel" {')
    assert '"resolved" [shape=doubleoctagon, label="resolved (ending)"];' in text
    assert '"listening" -> "resolved" [label="any of commits_next_steps"];' in text
    assert text.rstrip().endswith("}")


def test_sim_graph_prints_a_bundled_scenario(capsys):
    assert main(["graph", "supervisor-unavailable", "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith('digraph "supervisor-unavailable"')


# ---------------------------------------------------------------- sim test


def test_a_failing_rehearsal_says_what_happened_instead():
    text = edit("    outcome: escalated\n    missed: [empathizes]",
                "    outcome: resolved\n    missed: [empathizes]")
    result = run_rehearsal(parse_scenario(text, "s.yaml"), 1)
    assert result.failures == ("ended `escalated`, expected `resolved` (path: upset -> escalated)",)
    assert result.line == line_of("- name: brushes them off")


def test_a_promised_finding_that_does_not_appear_fails_the_rehearsal():
    text = edit("    observed: [empathizes, commits_next_steps]", "    observed: [empathizes, checks_in]")
    result = run_rehearsal(parse_scenario(text, "s.yaml"), 0)
    assert result.failures == ("`checks_in` was not on the scorecard, expected observed (the scorecard "
                               "lists the rubric's expected behaviours and any avoided ones shown)",)


def test_playthroughs_of_every_bundled_scenario_end_within_the_turn_limit():
    for path in bundled_paths():
        loaded = load_scenario(path)
        for seed in range(5):
            played = random_playthrough(loaded, seed)
            assert played.passed, (path.name, seed, played.failure)
            assert played.outcome in loaded.scenario.endings


def test_a_playthrough_is_the_same_for_the_same_seed():
    loaded = parse_scenario(STARTER, "s.yaml")
    assert random_playthrough(loaded, 7).steps == random_playthrough(loaded, 7).steps
    assert random_playthrough(loaded, 7).steps != random_playthrough(loaded, 8).steps


def test_a_crashing_playthrough_prints_its_seed_and_the_replay_command(tmp_path: Path, capsys,
                                                                       monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "late-parcel.yaml"
    path.write_text(STARTER)
    real = rehearse.Session.take_turn

    def flaky(self, text, sent_at):
        if self.seed == 3:
            raise RuntimeError("boom")
        return real(self, text, sent_at)

    monkeypatch.setattr(rehearse.Session, "take_turn", flaky)
    assert main(["test", str(path), "--playthroughs", "5"]) == 1
    captured = capsys.readouterr()
    assert f"{path}: playthrough seed 3: crashed: RuntimeError: boom" in captured.err
    assert f"  replay: sim test {path} --replay 3" in captured.err
    assert "FAILED: 3/3 rehearsals, 4/5 playthroughs" in captured.out


def test_replay_prints_the_transcript(tmp_path: Path, capsys):
    path = tmp_path / "late-parcel.yaml"
    path.write_text(STARTER)
    assert main(["test", str(path), "--replay", "4"]) == 0
    out = capsys.readouterr().out
    assert "  customer: " in out
    assert out.rstrip().splitlines()[-1].startswith("outcome: ")


# ---------------------------------------------------------------- sim new and sim schema


def test_sim_new_writes_a_starter_that_validates_lints_clean_and_passes_its_tests(tmp_path: Path, capsys):
    assert main(["new", "refund-refused", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "refund-refused.yaml"
    assert path.read_text().startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert (tmp_path / "scenario.schema.json").is_file()
    assert main(["validate", str(path)]) == 0
    assert main(["lint", "--strict", str(path)]) == 0
    assert main(["test", str(path), "--playthroughs", "10"]) == 0
    assert load_scenario(path).scenario.id == "refund-refused"


def test_sim_new_never_overwrites_without_force(tmp_path: Path, capsys):
    (tmp_path / "x.yaml").write_text("mine")
    assert main(["new", "x", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "x.yaml").read_text() == "mine"


def test_sim_new_refuses_an_id_the_format_would_refuse(tmp_path: Path, capsys):
    assert main(["new", "Refund Refused", "--dir", str(tmp_path)]) == 2
    assert "is not a usable id" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_schema_accepts_every_bundled_scenario_as_editors_read_it():
    validator = jsonschema.Draft202012Validator(scenario_schema())
    for path in [*bundled_paths(), Path("tests/data/scenarios/mini.yaml")]:
        data, _, _ = _parse(path.read_text(), str(path))
        assert not list(validator.iter_errors(data)), path.name


def test_the_schema_flags_an_unknown_key_and_an_unknown_tip():
    validator = jsonschema.Draft202012Validator(scenario_schema())
    data, _, _ = _parse(edit("tips: [kindness]", "tips: [kindnes]\ncolour: red"), "s.yaml")
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("colour" in m for m in messages)
    assert any("kindnes" in m for m in messages)


def test_sim_schema_prints_the_published_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(Path("docs/scenario.schema.json").read_text())
