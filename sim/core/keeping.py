"""Keeping a live session in the store: every turn written at once; unfinished rounds resumed."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from sim.core.record import Turn
from sim.core.scenario import Scenario
from sim.core.session import Session
from sim.core.store import Store, StoreError

TRAINEE_SETTING = "default_trainee"


def resolve_trainee(store: Store, given: str | None) -> str:
    """The trainee named on the command line (remembered as the default), else the default."""
    if given and given.strip():
        store.set_setting(TRAINEE_SETTING, given.strip())
        return given.strip()
    saved = store.setting(TRAINEE_SETTING)
    if saved:
        return saved
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "trainee"


@dataclass
class KeptRound:
    """A session whose turns go to the store as they happen."""

    store: Store
    session: Session
    round_id: int
    error: str | None = None

    def _save(self, turn: Turn) -> None:
        try:
            self.store.save_turn(self.round_id, turn)
        except StoreError as exc:
            # The round goes on in memory; the app shows the message instead of crashing.
            self.error = str(exc)

    def finish(self, ratings: dict[str, str] | None = None) -> None:
        """Store the outcome, the scorecard and the self-assessment."""
        try:
            self.store.finish_round(self.round_id, self.session.record(), ratings)
        except StoreError as exc:
            self.error = str(exc)


def keep(store: Store, session: Session, trainee: str) -> KeptRound:
    """Start storing `session` for `trainee` (the turns so far are written at once)."""
    kept = KeptRound(store, session, store.begin_round(session.record(), trainee))
    session.add_listener(kept._save)
    return kept


def resume(store: Store, round_id: int, scenario: Scenario) -> KeptRound:
    """Rebuild an unfinished round by replaying its trainee turns; it carries on being stored."""
    stored = store.load(round_id)
    record = stored.record
    session = Session(scenario, seed=record.seed, locale=record.locale)
    for turn in record.turns:
        if session.over:
            break
        last = session.last_line
        anchor = last.at + last.duration if last else 0.0
        if turn.speaker == "trainee":
            session.take_turn(turn.text, turn.at - anchor)
        elif turn.cause == "silence" and turn.at > anchor:
            session.wait(turn.at - anchor)
    kept = KeptRound(store, session, round_id)
    session.add_listener(kept._save)
    return kept
