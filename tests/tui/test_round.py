"""A whole round driven through the app with Pilot, on a fake clock."""

from __future__ import annotations

import asyncio
import html

from sim.tui.screens.assessment import AssessmentScreen, Question
from sim.tui.screens.conversation import ConversationScreen
from sim.tui.screens.home import HomeScreen
from sim.tui.screens.scorecard import ScorecardScreen
from sim.tui.widgets.rubric import RubricItem
from sim.tui.widgets.transcript import Line


def run(coro):
    return asyncio.run(coro)


async def say(pilot, text: str) -> None:
    pilot.app.screen.query_one("#message").value = text
    await pilot.press("enter")
    await pilot.pause()


def note_exits(app, note) -> list[str]:
    """What `note(exit's keyword arguments)` says each time the app exits, noted before it does."""
    noted: list[str] = []
    leave = app.exit

    def exit_noting(*args, **kwargs):
        noted.append(note(kwargs))
        leave(*args, **kwargs)

    app.exit = exit_noting
    return noted


def visible_text(app) -> str:
    return "\n".join(str(line.render()) for line in app.screen.query(Line) if line.display)


def test_a_whole_round_from_first_line_to_retry(make_app, clock):
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ConversationScreen)
            session = screen.session
            opening = session.turns[0]

            # The first line arrives word by word.
            clock.advance(opening.duration / 3)
            await pilot.pause()
            assert 0 < len(visible_text(app).split()) < len(opening.text.split()) + 2

            clock.advance(opening.duration)
            await say(pilot, "hi, im sorry my supervisor is out of the office today. "
                             "i can hear how frustrating this is")
            assert any(i.seen for i in app.screen.query(RubricItem) if i.behavior == "empathizes")

            # Typing while the reply is still arriving is an interruption.
            reply = session.last_line
            clock.advance(reply.at - session.turns[-2].at + reply.duration / 2)
            await say(pilot, "what happened?")
            assert session.turns[reply.index].delivered is not None
            assert "interrupts" in session.turns[-2].behaviour_ids

            # Silence past the persona's patience makes the customer speak up.
            last = session.last_line
            clock.advance(last.at + last.duration - session.turns[-2].at + session.patience + 1)
            await pilot.pause(0.1)
            assert session.turns[-1].cause == "silence"
            assert "after your silence" in visible_text(app)

            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, AssessmentScreen)
            questions = list(app.screen.query(Question))
            await pilot.press("enter")  # not yet: every habit needs an answer
            assert isinstance(app.screen, AssessmentScreen)
            for key in "yy" + "n" * (len(questions) - 2):
                await pilot.press(key)
            assert all(q.answer for q in questions)
            await pilot.press("enter")
            await pilot.pause()

            card = app.screen
            assert isinstance(card, ScorecardScreen)
            assert card.ratings["empathizes"] == "yes"
            assert card.record.outcome in ("ended", "escalated", "walked_out")
            coaching = str(card.query_one("#coaching").render())
            assert coaching.startswith("Next time:")

            await pilot.press("r")
            await pilot.pause()
            again = app.screen
            assert isinstance(again, ConversationScreen)
            assert again.session.seed == session.seed
            assert again.session.persona == session.persona
            assert again.session.turns[0].text == opening.text

    run(scenario())


def test_the_round_ends_with_the_customers_ending_and_enter_moves_on(make_app, clock):
    async def scenario():
        app = make_app(typing_speed=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            session = app.screen.session
            await say(pilot, "calm down")
            if not session.over:
                await say(pilot, "thats just our policy")
            assert session.outcome in ("escalated", "walked_out")
            await pilot.pause()
            assert "Round over" in str(app.screen.query_one("#status").render())
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, AssessmentScreen)

    run(scenario())


def test_assess_mode_hides_the_rubric_panel(make_app):
    async def scenario():
        app = make_app(practice=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not app.screen.query(RubricItem)

    run(scenario())


def test_home_lists_scenarios_filters_and_starts_one(make_app):
    async def scenario():
        app = make_app(start=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("slash", *"zzz-no-match")
            table = app.screen.query_one("DataTable")
            assert table.row_count == 1  # only the random entry is left
            app.screen.query_one("#filter").value = "supervisor-unavailable"
            await pilot.pause()
            assert table.row_count == 2
            await pilot.press("enter", "down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ConversationScreen)

    run(scenario())


def test_pasted_markup_and_escape_sequences_show_harmlessly(make_app, clock):
    async def scenario():
        app = make_app(typing_speed=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await say(pilot, "[bold red]hi[/] \x1b[31mthere\x07 " + "x" * 100_000)
            text = visible_text(app)
            assert "[bold red]hi[/]" in text
            assert "more characters" in text
            assert not app.screen.session.over or app.screen.session.outcome

    run(scenario())


def test_a_tiny_terminal_does_not_crash(make_app):
    async def scenario():
        app = make_app(typing_speed=0)
        async with app.run_test(size=(20, 6)) as pilot:
            await pilot.pause()
            await say(pilot, "hello")
            await pilot.resize_terminal(10, 3)
            await pilot.pause()
            await pilot.press("ctrl+e")
            await pilot.pause()

    run(scenario())


def test_f1_opens_the_published_rules(make_app):
    async def scenario():
        app = make_app(typing_speed=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            from sim.tui.screens.help import HelpScreen
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, ConversationScreen)

    run(scenario())


def leave_unfinished(app, tmp_path, scenario, text: str):
    """Keep a round of `scenario` in which the trainee said `text`, left open for `app` to offer."""
    from sim.core.keeping import keep
    from sim.core.session import Session
    from sim.core.store import Store
    from tests.conftest import fixed_clock

    store = Store.open(tmp_path / "r.db")
    session = Session(scenario, seed=9, clock=fixed_clock)
    keep(store, session, "sam")
    session.take_turn(text, 2)
    app.store, app.trainee = store, "sam"
    return session


def test_an_unfinished_round_is_offered_and_resumed_in_the_app(make_app, clock, tmp_path):
    app = make_app(start=False)
    session = leave_unfinished(app, tmp_path, app.scenarios[0].scenario, "hi, sorry she is out today")

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            from sim.tui.screens.resume import ResumeScreen
            assert isinstance(app.screen, ResumeScreen)
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ConversationScreen)
            assert [t.text for t in app.screen.session.turns] == [t.text for t in session.turns]

    run(scenario())


def test_a_resumed_round_keeps_the_habits_already_shown_lit(make_app, tmp_path):
    app = make_app(start=False)
    supervisor = next(s.scenario for s in app.scenarios if s.scenario.id == "supervisor-unavailable")
    leave_unfinished(app, tmp_path, supervisor,
                     "im so sorry, she's out of the office today. that sounds really frustrating")

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            seen = {item.behavior for item in app.screen.query(RubricItem) if item.seen}
            assert seen == {"explains_unavailability", "empathizes"}

    run(scenario())


def test_a_finding_can_be_disputed_from_the_scorecard(make_app, tmp_path):
    from sim.core.store import Store

    store = Store.open(tmp_path / "r.db")
    app = make_app(typing_speed=0)
    app.store, app.trainee = store, "sam"

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await say(pilot, "calm down")
            await pilot.press("ctrl+e")
            await pilot.pause()
            for _ in range(8):
                await pilot.press("n")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ScorecardScreen)
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("enter")  # the first finding
            await pilot.press(*"i was being firm not rude", "enter")
            await pilot.pause()
            (row,) = store.history("sam")
            assert row.disputes == 1 and row.status == "done"

    run(scenario())


def test_first_line_exit_leaves_once_a_frame_shows_the_customers_words(make_app):
    # bench/run.py times `sim play --first-line-exit`: it must not leave before the line is drawn.
    app = make_app()
    app.exit_on_first_line = True
    shown = note_exits(app, lambda kwargs: app.export_screenshot())

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert shown, "the app did not leave by itself"

    run(asyncio.wait_for(scenario(), 10))
    session = app._session
    assert session is not None
    drawn = html.unescape(shown[0]).replace("\xa0", " ")
    assert f"{session.persona.name}: {session.turns[0].text.split()[0]}" in drawn


def test_an_unknown_locale_ends_the_app_with_a_message_not_a_traceback(make_app):
    app = make_app()
    app.locale = "xx_NOWHERE"
    said = note_exits(app, lambda kwargs: str(kwargs.get("message")))

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    run(asyncio.wait_for(scenario(), 10))
    assert app.return_code == 2
    assert said and "unknown locale `xx_NOWHERE`" in said[0]


def test_an_unknown_locale_on_the_home_screen_is_shown_and_home_stays(make_app):
    app = make_app(start=False)
    app.locale = "xx_NOWHERE"

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.start_random() is None
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert any("unknown locale" in str(n.message) for n in app._notifications)

    run(asyncio.wait_for(scenario(), 10))


def test_the_app_leaves_when_its_terminal_goes_away(make_app):
    alive = [True]
    app = make_app(terminal_alive=lambda: alive[0])
    lost: list[bool] = []
    app.terminal_lost = lambda: lost.append(True)  # the real one ends the process

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.check_terminal()
            assert lost == []
            alive[0] = False
            app.check_terminal()
            assert lost == [True]

    run(go())


def test_a_lost_terminal_ends_the_process_with_the_hang_up_status(tmp_path):
    import subprocess
    import sys

    code = (
        "from sim.core.store import Store\n"
        "from sim.tui.app import SimApp\n"
        f"app = SimApp([], store=Store.open({str(tmp_path / 'r.db')!r}))\n"
        "app.terminal_lost()\n"
        "raise SystemExit('still running')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 129, done.stderr
