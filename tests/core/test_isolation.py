"""The engine never imports the UI."""

import subprocess
import sys


def test_importing_the_engine_does_not_import_textual():
    code = (
        "import sys, sim.core, sim.core.session, sim.core.loader, sim.core.scoring, sim.plain, sim.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_starting_the_cli_does_not_import_faker():
    code = "import sys, sim.cli\nprint('faker' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_round_from_a_validated_scenario_needs_neither_pydantic_nor_yaml():
    code = (
        "import sys, sim.core.session, sim.core.library, sim.core.keeping, sim.tui.app\n"
        "print(','.join(sorted(m for m in ('pydantic', 'yaml', 'faker') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
