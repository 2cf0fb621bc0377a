"""The rounds store: nothing typed is lost; bad files get a clear message and no damage."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.core import store as store_module
from sim.core.keeping import keep, resolve_trainee, resume
from sim.core.session import Session
from sim.core.store import Store, StoreError
from tests.conftest import ROOT, fixed_clock


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def played(store: Store, scenario, trainee: str = "sam", lines=("hi, sorry she is out today",)):
    session = Session(scenario, seed=3, clock=fixed_clock)
    kept = keep(store, session, trainee)
    for line in lines:
        if not session.over:
            session.take_turn(line, 2)
    session.end()
    kept.finish({"empathizes": "yes"})
    return kept


def test_a_new_database_is_created_in_wal_mode(tmp_path):
    store = Store.open(tmp_path / "sub" / "r.db")
    mode = store._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_every_turn_is_written_as_it_happens(tmp_path, supervisor):
    store = Store.open(tmp_path / "r.db")
    session = Session(supervisor, seed=3, clock=fixed_clock)
    kept = keep(store, session, "sam")
    session.take_turn("hi there", 2)
    other = Store.open(tmp_path / "r.db")  # another connection sees it at once
    assert len(other.load(kept.round_id).record.turns) == len(session.turns)
    assert other.open_rounds("sam")[0].id == kept.round_id


def test_a_finished_round_keeps_outcome_score_ratings_and_gap(tmp_path, supervisor):
    store = Store.open(tmp_path / "r.db")
    kept = played(store, supervisor)
    row = store.history("sam")[0]
    assert (row.status, row.outcome) == ("done", "ended")
    assert row.score is not None and row.gap is not None
    assert store.load(kept.round_id).ratings == {"empathizes": "yes"}


def test_an_unfinished_round_can_be_resumed_exactly(tmp_path, supervisor):
    store = Store.open(tmp_path / "r.db")
    session = Session(supervisor, seed=5, clock=fixed_clock)
    kept = keep(store, session, "sam")
    session.take_turn("hi, im sorry my supervisor is out today", 2)
    session.take_turn("what happened?", 40)  # with a silence nudge before it
    before = [t.text for t in session.turns]
    again = resume(Store.open(tmp_path / "r.db"), kept.round_id, supervisor.scenario)
    assert [t.text for t in again.session.turns] == before
    again.session.take_turn("so you were charged twice, is that right?", 2)
    assert len(store.load(kept.round_id).record.turns) == len(again.session.turns)


def test_an_unfinished_round_can_be_closed_as_abandoned(tmp_path, supervisor):
    store = Store.open(tmp_path / "r.db")
    session = Session(supervisor, seed=5, clock=fixed_clock)
    kept = keep(store, session, "sam")
    session.take_turn("hello", 2)
    store.abandon(kept.round_id)
    assert store.open_rounds("sam") == []
    stored = store.load(kept.round_id)
    assert stored.status == "abandoned" and len(stored.record.turns) == 3


def test_trainees_are_kept_apart_and_the_last_one_named_is_the_default(tmp_path, supervisor):
    store = Store.open(tmp_path / "r.db")
    played(store, supervisor, "ana")
    played(store, supervisor, "ben")
    assert [r.trainee for r in store.history("ana")] == ["ana"]
    assert resolve_trainee(store, "ben") == "ben"
    assert resolve_trainee(store, None) == "ben"


def test_a_disputed_finding_is_stored_with_its_comment(tmp_path, supervisor):
    store = Store.open(tmp_path / "r.db")
    kept = played(store, supervisor)
    store.dispute(kept.round_id, "empathizes", "I did say I understood")
    assert store.load(kept.round_id).disputes[0].comment == "I did say I understood"
    assert store.history("sam")[0].disputes == 1


def test_trends_show_each_habit_over_the_last_rounds(tmp_path, supervisor):
    store = Store.open(tmp_path / "r.db")
    played(store, supervisor, lines=("ok",))
    played(store, supervisor, lines=("i can hear how frustrating this is",))
    assert store.trends("sam")["empathizes"] == [0, 1]


def test_an_older_database_is_backed_up_then_migrated(tmp_path, supervisor, monkeypatch):
    path = tmp_path / "r.db"
    store = Store.open(path)
    played(store, supervisor)
    store.close()
    monkeypatch.setitem(store_module.MIGRATIONS, 2, ["ALTER TABLE rounds ADD COLUMN note TEXT"])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    migrated = Store.open(path)
    backups = list(tmp_path.glob("r.db.v1-*.bak"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("SELECT count(*) FROM rounds").fetchone()[0] == 1
    assert migrated._db.execute("SELECT note FROM rounds").fetchone() == (None,)
    assert migrated.history("sam")[0].status == "done"


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path, supervisor):
    path = tmp_path / "r.db"
    newer = Store.open(path)
    newer._db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    # Closed here, not whenever the collector gets to it: closing checkpoints the write-ahead
    # log into the file, and a checkpoint after `before` failed this test now and then in CI.
    newer.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer sim"):
        Store.open(path)
    assert digest(path) == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my shopping list\n")
    with pytest.raises(StoreError, match="not a sim database"):
        Store.open(path)
    assert path.read_text() == "my shopping list\n"


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (id INTEGER)")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not one of sim's"):
        Store.open(path)
    assert digest(path) == before


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root can write to read-only folders")
def test_a_read_only_folder_gets_a_clear_message(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot"):
            Store.open(folder / "r.db")
    finally:
        folder.chmod(0o700)


def test_a_read_only_database_gets_a_clear_message(tmp_path, supervisor):
    path = tmp_path / "r.db"
    Store.open(path).close()
    uri = f"file:{path}?mode=ro"
    store = Store(path, sqlite3.connect(uri, uri=True, isolation_level=None))
    with pytest.raises(StoreError, match="cannot be written"):
        store.trainee_id("sam")


def test_a_full_disk_gets_a_clear_message(tmp_path, supervisor):
    from sim.core.record import Turn

    store = Store.open(tmp_path / "r.db")
    kept = keep(store, Session(supervisor, seed=3, clock=fixed_clock), "sam")
    page_count = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {page_count + 2}")  # a disk about to fill up
    with pytest.raises(StoreError, match=r"disk holding .* is full"):
        for i in range(100):
            store.save_turn(kept.round_id, Turn(10 + i, "trainee", "x" * 4000, float(i), 50, "s"))


WRITER = """
import sys
from sim.core.store import Store
from sim.core.record import Turn
store = Store.open(sys.argv[1])
rid = int(sys.argv[2])
for i in range(int(sys.argv[3])):
    store.save_turn(rid, Turn(i, "trainee", f"{sys.argv[4]} {i}", float(i), 50, "s"))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path, supervisor):
    path = tmp_path / "r.db"
    store = Store.open(path)
    a = keep(store, Session(supervisor, seed=1, clock=fixed_clock), "ana").round_id
    b = keep(store, Session(supervisor, seed=2, clock=fixed_clock), "ben").round_id
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(rid), "300", name], cwd=ROOT)
             for rid, name in ((a, "ana"), (b, "ben"))]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert len(store.load(a).record.turns) == 300
    assert len(store.load(b).record.turns) == 300


def test_a_round_killed_mid_way_is_kept_and_offered_next_time(tmp_path):
    db = tmp_path / "r.db"
    env = {**os.environ, "SIM_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "sim", "play", "supervisor-unavailable", "--plain",
                             "--seed", "4", "--trainee", "kim"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True, env=env,
                            cwd=ROOT)
    assert proc.stdin is not None
    proc.stdin.write("hi, im sorry my supervisor is out today\n")
    proc.stdin.flush()
    deadline = time.time() + 60
    while time.time() < deadline:
        if db.exists():
            rows = Store.open(db).open_rounds("kim")
            if rows and len(Store.open(db).load(rows[0].id).record.turns) >= 3:
                break
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    (unfinished,) = Store.open(db).open_rounds("kim")
    assert "supervisor is out today" in Store.open(db).load(unfinished.id).record.turns[1].text
    again = subprocess.run([sys.executable, "-m", "sim", "play", "--plain", "--trainee", "kim"],
                           input="y\nwhat happened?\n/end\n", capture_output=True, text=True, env=env,
                           cwd=ROOT, timeout=60)
    assert "unfinished round" in again.stdout
    stored = Store.open(db).load(unfinished.id)
    assert stored.status == "done"
    assert [t.text for t in stored.record.turns if t.speaker == "trainee"] == [
        "hi, im sorry my supervisor is out today", "what happened?"]


def sim(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SIM_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)


def test_history_export_dispute_and_rescore_from_the_command_line(tmp_path, supervisor):
    db = tmp_path / "r.db"
    kept = played(Store.open(db), supervisor, "sam", lines=("thats just our policy",))
    rid = str(kept.round_id)

    history = sim(db, "history", "--plain", "--trainee", "sam")
    assert history.returncode == 0 and "supervisor-unavailable" in history.stdout

    assert sim(db, "dispute", rid, "dismisses", "I was quoting our policy doc").returncode == 0
    exported = json.loads(sim(db, "export", rid, "--format", "json").stdout)
    assert exported["format"] == 1 and exported["disputes"][0]["behavior"] == "dismisses"
    assert exported["self_assessment"] == {"empathizes": "yes"}

    rows = list(csv.DictReader(io.StringIO(sim(db, "export", "--all", "--format", "csv").stdout)))
    assert rows[0]["round"] == rid and rows[0]["disputes"] == "1"
    markdown = sim(db, "export", rid, "--format", "md").stdout
    assert "## Transcript" in markdown and "I was quoting our policy doc" in markdown

    rescored = sim(db, "rescore", "--all")
    assert rescored.returncode == 0 and "original scores are kept" in rescored.stdout
    stored = Store.open(db).load(kept.round_id)
    assert len(stored.rescores) == 1
    assert stored.record.scorecard is not None  # the original is still there


def test_a_bad_database_path_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    result = sim(bad, "history", "--plain")
    assert result.returncode == 2
    assert "not a sim database" in result.stderr and "Traceback" not in result.stderr


def test_a_file_created_by_another_process_meanwhile_is_not_created_twice(tmp_path):
    # Two processes starting at once both see an empty new file; the second to take the write
    # lock must find the schema the first one made instead of failing on it.
    db = tmp_path / "new.db"
    late = sqlite3.connect(db, isolation_level=None)
    Store.open(db).close()
    Store(db, late)._prepare(existed=False)
    assert Store.open(db).history() == []
