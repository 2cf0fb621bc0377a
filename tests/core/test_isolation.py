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


def test_bulk_detection_imports_no_process_pool_and_no_training_modules(tmp_path):
    # Each of these cost milliseconds of every `sim detect` start; none is needed to detect.
    # (The first run after the rules change writes their cache, with tempfile: done here first.)
    subprocess.run([sys.executable, "-m", "sim", "detect", "thanks"], capture_output=True, check=True)
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "thanks"}\n' * 600, "utf-8")
    code = (
        "import sys\nfrom sim.cli import main\n"
        f"main(['detect', '--jsonl', {str(source)!r}, '--jobs', '2'])\n"
        "avoid = ('multiprocessing', 'concurrent', 'random', 'tempfile', 'logging')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in avoid)), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.count("\n") == 600
    assert out.stderr.strip() == ""
