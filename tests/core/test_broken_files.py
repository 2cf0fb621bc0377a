"""Every kind of mistake a trainer can make, each in its own file under tests/data/broken, with
the exact message `sim` must print for it (the `.expected` file beside it).

An `.expected` file starts with the command (`$ sim lint FILE`), then what it prints (standard
output, then standard error), then `[exit N]`. Regenerate one by running that command in
tests/data/broken and reading every line before you accept it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from sim.cli import main

BROKEN = Path(__file__).parents[1] / "data" / "broken"
CASES = sorted(BROKEN.glob("*.expected"))


def test_every_broken_file_has_its_expected_output():
    assert {p.stem for p in BROKEN.glob("*.yaml")} == {p.stem for p in CASES}


@pytest.mark.parametrize("expected", CASES, ids=lambda p: p.stem)
def test_the_message_for_each_mistake_is_exactly_as_written(expected: Path, capsys, monkeypatch):
    command, *lines = expected.read_text().splitlines()
    assert command.startswith("$ sim ")
    monkeypatch.chdir(BROKEN)
    code = main(shlex.split(command)[2:])
    captured = capsys.readouterr()
    assert (captured.out + captured.err + f"[exit {code}]").splitlines() == lines
