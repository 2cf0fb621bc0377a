"""What the four screens look like at 80x24 (SVG snapshots under tests/tui/__snapshots__)."""

from __future__ import annotations


def test_home_screen(snap_compare, make_app):
    assert snap_compare(make_app(start=False), terminal_size=(80, 24))


def test_conversation_screen(snap_compare, make_app):
    async def talk(pilot):
        await pilot.pause()
        message = "hi, sorry she is out today. that sounds so frustrating"
        pilot.app.screen.query_one("#message").value = message
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(typing_speed=0), terminal_size=(80, 24), run_before=talk)


def test_assessment_screen(snap_compare, make_app):
    async def end(pilot):
        await pilot.pause()
        await pilot.press("ctrl+e", "y", "p")
        await pilot.pause()

    assert snap_compare(make_app(typing_speed=0), terminal_size=(80, 24), run_before=end)


def test_scorecard_screen(snap_compare, make_app):
    async def finish(pilot):
        await pilot.pause()
        pilot.app.screen.query_one("#message").value = "calm down, thats just our policy"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+e", *("n" * 8), "enter")
        await pilot.pause()

    assert snap_compare(make_app(typing_speed=0), terminal_size=(80, 24), run_before=finish)
