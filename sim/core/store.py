"""Every round kept: SQLite (stdlib, WAL). This module alone owns the schema and its migrations.

Each turn is written the moment it happens, in its own short transaction, so a round survives
kill -9 or a closed terminal; rounds left `open` are found at the next start.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sim.core.record import RoundRecord, Scorecard, Turn

APP_ID = "sim"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000

# Numbered migrations: MIGRATIONS[n] brings a database from version n-1 to n. Never edit a
# released step; add a new one.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE trainees (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
        """CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            scenario TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            seed INTEGER NOT NULL,
            locale TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'done', 'abandoned')),
            outcome TEXT,
            score INTEGER,
            gap INTEGER,
            persona TEXT NOT NULL,
            variables TEXT NOT NULL,
            scorecard TEXT,
            ratings TEXT
        )""",
        "CREATE INDEX rounds_by_trainee ON rounds (trainee_id, started_at DESC, id DESC)",
        "CREATE INDEX rounds_by_date ON rounds (started_at DESC, id DESC)",
        "CREATE INDEX rounds_open ON rounds (status) WHERE status = 'open'",
        """CREATE TABLE turns (
            round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (round_id, idx)
        ) WITHOUT ROWID""",
        """CREATE TABLE disputes (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            behavior TEXT NOT NULL,
            comment TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX disputes_by_round ON disputes (round_id)",
        """CREATE TABLE rescores (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            score INTEGER NOT NULL,
            scorecard TEXT NOT NULL
        )""",
        "CREATE INDEX rescores_by_round ON rescores (round_id, id)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
}


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


def default_path() -> Path:
    """Where rounds are kept: $SIM_DB, else the platform's user data directory."""
    env = os.environ.get("SIM_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("sim", appauthor=False)) / "rounds.db"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """One row of history."""

    id: int
    trainee: str
    scenario: str
    title: str
    seed: int
    started_at: str
    status: str
    outcome: str | None
    score: int | None
    gap: int | None
    disputes: int


@dataclass(frozen=True, slots=True)
class Dispute:
    """A finding the trainee disagrees with, and why."""

    behavior: str
    comment: str
    created_at: str


@dataclass(frozen=True, slots=True)
class StoredRound:
    """A round as stored: its record plus what the trainee added."""

    id: int
    trainee: str
    status: str
    record: RoundRecord
    ratings: dict[str, str]
    disputes: tuple[Dispute, ...]
    rescores: tuple[tuple[str, Scorecard], ...]


def self_assessment_gap(ratings: dict[str, str], card: Scorecard | None) -> int | None:
    """How many habits the trainee rated differently from what was observed."""
    if not ratings or card is None:
        return None
    observed = {f.behavior: f.result for f in card.findings if f.kind == "expected"}
    gap = 0
    for behavior, rating in ratings.items():
        result = observed.get(behavior)
        if result == "no_opportunity" or rating == "partly":
            continue
        if (rating == "yes") != (result == "observed"):
            gap += 1
    return gap


class Store:
    """A connection to the rounds database."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Store:
        """Open (creating or migrating if needed) the database at `path`."""
        target = Path(path) if path is not None else default_path()
        existed = target.exists() and target.stat().st_size > 0
        if target.exists() and target.is_dir():
            raise StoreError(f"{target} is a directory; give a database file with --db or SIM_DB")
        if existed:
            _check_header(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open {target}: {exc}; check the folder exists and is "
                             "writable, or choose another file with --db") from None
        store = cls(target, db)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            store._prepare(existed)
            db.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL never corrupts the file and keeps every committed turn when the
            # program is killed; only a power cut or OS crash can undo the last commits. FULL would
            # add an fsync to every trainee turn (p99 20 ms instead of under 2; bench/run.py).
            db.execute("PRAGMA synchronous = NORMAL")
        except StoreError:
            db.close()
            raise
        except sqlite3.DatabaseError as exc:
            db.close()
            raise _explain(exc, target) from None
        return store

    def _prepare(self, existed: bool) -> None:
        version = self._version() if existed else 0
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer sim (schema {version}; this version "
                             f"reads up to {SCHEMA_VERSION}). Upgrade sim, or use another file with --db.")
        if version == SCHEMA_VERSION:
            return
        if existed:
            backup = self.path.with_name(f"{self.path.name}.v{version}-{int(time.time())}.bak")
            self._backup(backup)
        with self._transaction():
            # Another process may have created or migrated the file while we looked: read the
            # version again now that this one holds the write lock.
            version = self._version()
            if version == SCHEMA_VERSION:
                return
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for sql in MIGRATIONS[step]:
                    self._db.execute(sql)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('app', ?)", (APP_ID,))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                             (str(SCHEMA_VERSION),))

    def _version(self) -> int:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return 0
        if "meta" not in tables:
            raise StoreError(f"{self.path} is an SQLite database but not one of sim's; nothing was "
                             "changed. Use another file with --db or SIM_DB.")
        rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if rows.get("app") != APP_ID:
            raise StoreError(f"{self.path} is not a sim database; nothing was changed. Use another "
                             "file with --db or SIM_DB.")
        return int(rows.get("schema_version", "0"))

    def _backup(self, target: Path) -> None:
        try:
            copy = sqlite3.connect(target)
            with copy:
                self._db.backup(copy)
            copy.close()
        except sqlite3.Error as exc:
            raise StoreError(f"could not back up {self.path} before upgrading it ({exc}); "
                             "nothing was changed") from None

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    # ------------------------------------------------------------ writing

    class _Tx:
        def __init__(self, store: Store) -> None:
            self.store = store

        def __enter__(self) -> sqlite3.Connection:
            self.store._db.execute("BEGIN IMMEDIATE")
            return self.store._db

        def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
            self.store._db.execute("ROLLBACK" if kind else "COMMIT")

    def _transaction(self) -> Store._Tx:
        return Store._Tx(self)

    def _write(self, sql: str, args: Sequence[Any]) -> sqlite3.Cursor:
        try:
            with self._transaction() as db:
                return db.execute(sql, args)
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.path) from None

    def trainee_id(self, name: str) -> int:
        """The id of trainee `name`, created on first use."""
        name = name.strip() or "trainee"
        try:
            with self._transaction() as db:
                db.execute("INSERT OR IGNORE INTO trainees (name, created_at) VALUES (?, ?)", (name, _now()))
                return int(db.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.path) from None

    def begin_round(self, record: RoundRecord, trainee: str) -> int:
        """Create an open round (with the turns so far) and return its id."""
        tid = self.trainee_id(trainee)
        try:
            with self._transaction() as db:
                cur = db.execute(
                    "INSERT INTO rounds (trainee_id, scenario, title, seed, locale, started_at, updated_at,"
                    " status, persona, variables) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                    (tid, record.scenario, record.title, record.seed, record.locale, record.started_at,
                     _now(), json.dumps(record.persona.to_json()), json.dumps(record.variables)))
                round_id = int(cur.lastrowid or 0)
                db.executemany("INSERT OR REPLACE INTO turns (round_id, idx, data) VALUES (?, ?, ?)",
                               [(round_id, t.index, json.dumps(t.to_json())) for t in record.turns])
                return round_id
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.path) from None

    def save_turn(self, round_id: int, turn: Turn) -> None:
        """Write (or amend) one turn, at once."""
        try:
            with self._transaction() as db:
                db.execute("INSERT OR REPLACE INTO turns (round_id, idx, data) VALUES (?, ?, ?)",
                           (round_id, turn.index, json.dumps(turn.to_json())))
                db.execute("UPDATE rounds SET updated_at = ? WHERE id = ?", (_now(), round_id))
        except sqlite3.DatabaseError as exc:
            raise _explain(exc, self.path) from None

    def finish_round(self, round_id: int, record: RoundRecord, ratings: dict[str, str] | None = None,
                     ) -> None:
        """Close a round with its outcome, scorecard and self-assessment."""
        card = record.scorecard
        ratings = ratings or {}
        self._write(
            "UPDATE rounds SET status = 'done', outcome = ?, score = ?, gap = ?, scorecard = ?, ratings = ?,"
            " updated_at = ? WHERE id = ?",
            (record.outcome, card.score if card else None, self_assessment_gap(ratings, card),
             json.dumps(card.to_json()) if card else None, json.dumps(ratings), _now(), round_id))

    def abandon(self, round_id: int) -> None:
        """Close an unfinished round as abandoned (its turns stay)."""
        self._write("UPDATE rounds SET status = 'abandoned', outcome = 'abandoned', updated_at = ?"
                    " WHERE id = ? AND status = 'open'", (_now(), round_id))

    def dispute(self, round_id: int, behavior: str, comment: str) -> None:
        """Mark a finding of a round as disputed, with the trainee's comment."""
        if not self._db.execute("SELECT 1 FROM rounds WHERE id = ?", (round_id,)).fetchone():
            raise StoreError(f"no round {round_id}")
        self._write("INSERT INTO disputes (round_id, behavior, comment, created_at) VALUES (?, ?, ?, ?)",
                    (round_id, behavior, comment.strip(), _now()))

    def add_rescore(self, round_id: int, card: Scorecard) -> None:
        """Keep a new scorecard for a round beside its original."""
        self._write("INSERT INTO rescores (round_id, created_at, score, scorecard) VALUES (?, ?, ?, ?)",
                    (round_id, _now(), card.score, json.dumps(card.to_json())))

    def set_setting(self, key: str, value: str) -> None:
        """Remember a setting (e.g. the default trainee)."""
        self._write("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def setting(self, key: str) -> str | None:
        """A remembered setting."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------ reading

    def open_rounds(self, trainee: str | None = None) -> list[RoundSummary]:
        """Rounds left open by a process that never finished them."""
        return self.history(trainee, status="open", limit=100)

    def history(self, trainee: str | None = None, *, limit: int = 50, before_id: int | None = None,
                status: str | None = None) -> list[RoundSummary]:
        """Newest rounds first (optionally one trainee's), `limit` at a time."""
        where, args = [], []
        if trainee:
            where.append("r.trainee_id = (SELECT id FROM trainees WHERE name = ?)")
            args.append(trainee)
        if status:
            where.append("r.status = ?")
            args.append(status)
        if before_id is not None:
            where.append("r.id < ?")
            args.append(before_id)
        sql = ("SELECT r.id, t.name, r.scenario, r.title, r.seed, r.started_at, r.status, r.outcome, r.score,"
               " r.gap, (SELECT count(*) FROM disputes d WHERE d.round_id = r.id)"
               " FROM rounds r JOIN trainees t ON t.id = r.trainee_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY r.started_at DESC, r.id DESC LIMIT ?")
        rows = self._db.execute(sql, (*args, limit)).fetchall()
        return [RoundSummary(*row) for row in rows]

    def trends(self, trainee: str | None, *, rounds: int = 20) -> dict[str, list[int]]:
        """Per expected behaviour, 1/0 (observed/missed) over the last finished rounds, oldest first."""
        where = "r.status = 'done'"
        args: list[Any] = []
        if trainee:
            where += " AND r.trainee_id = (SELECT id FROM trainees WHERE name = ?)"
            args.append(trainee)
        rows = self._db.execute(
            f"SELECT r.scorecard FROM rounds r WHERE {where} ORDER BY r.started_at DESC, r.id DESC LIMIT ?",
            (*args, rounds)).fetchall()
        out: dict[str, list[int]] = {}
        for (raw,) in reversed(rows):
            if not raw:
                continue
            for f in json.loads(raw)["findings"]:
                if f["kind"] == "expected" and f["result"] != "no_opportunity":
                    out.setdefault(f["behavior"], []).append(1 if f["result"] == "observed" else 0)
        return out

    def csv_rows(self, ids: Sequence[int] | None = None, trainee: str | None = None
                 ) -> Iterator[tuple[Any, ...]]:
        """One summary row per round (no turns read), for spreadsheet exports."""
        sql = ("SELECT r.id, t.name, r.started_at, r.scenario, r.seed, r.status, coalesce(r.outcome, ''),"
               " coalesce(r.score, ''), coalesce(r.gap, ''),"
               " (SELECT count(*) FROM disputes d WHERE d.round_id = r.id),"
               " coalesce((SELECT s.score FROM rescores s WHERE s.round_id = r.id"
               " ORDER BY s.id DESC LIMIT 1), r.score, '')"
               " FROM rounds r JOIN trainees t ON t.id = r.trainee_id")
        if ids is not None:
            for chunk in range(0, len(ids), 500):
                part = list(ids[chunk : chunk + 500])
                marks = ",".join("?" * len(part))
                yield from self._db.execute(f"{sql} WHERE r.id IN ({marks}) ORDER BY r.id", part)
        elif trainee:
            yield from self._db.execute(f"{sql} WHERE t.name = ? ORDER BY r.id", (trainee,))
        else:
            yield from self._db.execute(f"{sql} ORDER BY r.id")

    def round_ids(self, trainee: str | None = None) -> Iterator[int]:
        """Every stored round's id, oldest first."""
        if trainee:
            cur = self._db.execute("SELECT r.id FROM rounds r JOIN trainees t ON t.id = r.trainee_id"
                                   " WHERE t.name = ? ORDER BY r.id", (trainee,))
        else:
            cur = self._db.execute("SELECT id FROM rounds ORDER BY id")
        for (rid,) in cur:
            yield int(rid)

    def load(self, round_id: int) -> StoredRound:
        """A stored round with its record, ratings, disputes and later scorecards."""
        row = self._db.execute(
            "SELECT r.id, t.name, r.scenario, r.title, r.seed, r.locale, r.started_at, r.status, r.outcome,"
            " r.persona, r.variables, r.scorecard, r.ratings FROM rounds r JOIN trainees t"
            " ON t.id = r.trainee_id WHERE r.id = ?", (round_id,)).fetchone()
        if row is None:
            raise StoreError(f"no round {round_id} in {self.path}")
        (rid, trainee, scenario, title, seed, locale, started, status, outcome, persona, variables,
         card, ratings) = row
        turns = [json.loads(d) for (d,) in self._db.execute(
            "SELECT data FROM turns WHERE round_id = ? ORDER BY idx", (rid,))]
        data = {"format": 1, "scenario": scenario, "title": title, "seed": seed, "locale": locale,
                "started_at": started, "persona": json.loads(persona), "variables": json.loads(variables),
                "turns": turns, "outcome": outcome if outcome != "abandoned" or status != "open" else None,
                "scorecard": json.loads(card) if card else None}
        disputes = tuple(Dispute(b, c, at) for b, c, at in self._db.execute(
            "SELECT behavior, comment, created_at FROM disputes WHERE round_id = ? ORDER BY id", (rid,)))
        rescores = tuple((at, Scorecard.from_json(json.loads(sc))) for at, sc in self._db.execute(
            "SELECT created_at, scorecard FROM rescores WHERE round_id = ? ORDER BY id", (rid,)))
        return StoredRound(int(rid), trainee, status, RoundRecord.from_json(data),
                           json.loads(ratings) if ratings else {}, disputes, rescores)


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it (no damage to foreign files)."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if head != b"SQLite format 3\x00":
        raise StoreError(f"{path} is not a sim database (not SQLite at all); nothing was changed. "
                         "Move it aside or choose another file with --db or SIM_DB.")


def _explain(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path} cannot be written (read-only file or folder); choose a writable "
                          "location with --db or SIM_DB")
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(f"the disk holding {path} is full; free some space and try again")
    if "malformed" in text or "not a database" in text:
        return StoreError(f"{path} is damaged or not a sim database ({text}); nothing was changed. "
                          "Move it aside or choose another file with --db or SIM_DB.")
    if "locked" in text:
        return StoreError(f"{path} stayed locked by another process for over "
                          f"{BUSY_TIMEOUT_MS // 1000} s; try again")
    return StoreError(f"{path}: {text}")
