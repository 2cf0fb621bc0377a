"""The command line is parsed by the one command's parser alone; it must read as the whole one."""

import argparse

import pytest

from sim import cli


def commands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(commands()))
def test_a_command_alone_has_the_same_options_and_help_as_in_the_whole_parser(name):
    alone = cli._build_parser(name)
    assert alone is not None
    action = next(a for a in alone._actions if isinstance(a, argparse._SubParsersAction))
    assert list(action.choices) == [name]
    assert action.choices[name].format_help() == commands()[name].format_help()


def test_an_unknown_command_gets_no_parser_of_its_own():
    assert cli._build_parser("nonsense") is None


def test_a_command_line_parses_the_same_either_way():
    given = ["detect", "--jsonl", "in.jsonl", "--jobs", "2"]
    assert cli._build_parser("detect").parse_args(given) == cli._parser().parse_args(given)
