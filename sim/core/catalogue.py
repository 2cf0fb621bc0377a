"""The behaviour catalogue and the tips: fixed ids shared by scenarios, scoring, storage and output."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """Whether a behaviour is a good habit to show or a bad one to avoid."""

    DO = "do"
    AVOID = "avoid"


class Signal(StrEnum):
    """Where a behaviour is read from: the words of a turn, or its timing."""

    TEXT = "text"
    TIMING = "timing"


@dataclass(frozen=True, slots=True)
class Behaviour:
    """One catalogue entry: its id, meaning, default effect on the customer and coaching line."""

    id: str
    kind: Kind
    signal: Signal
    label: str
    meaning: str
    # How many degrees one occurrence moves an average customer's temperature
    # (negative calms). Personas override these per scenario.
    default_heat: int
    coaching: str
    short: str = ""


CATALOGUE: dict[str, Behaviour] = {
    b.id: b
    for b in (
        Behaviour(
            "greets", Kind.DO, Signal.TEXT, "Greets and introduces themselves",
            "opens with a greeting and/or says who they are",
            -3,
            "Open with a greeting and your name, and say you are ready to help: "
            "\"Hi, thanks for getting in touch, this is Sam - let's sort this out.\"",
            short="Greeting",
        ),
        Behaviour(
            "asks_question", Kind.DO, Signal.TEXT, "Asks a genuine question",
            "asks the customer a real question (not a rhetorical one)",
            -2,
            "Ask at least one real question before you explain anything: "
            "\"When did you first notice it?\"",
            short="Asked a question",
        ),
        Behaviour(
            "clarifies_needs", Kind.DO, Signal.TEXT, "Clarifies what the customer needs",
            "asks about the customer's problem, goal or the outcome they want",
            -4,
            "Find out what the customer wants out of the conversation: "
            "\"What would a good outcome look like for you?\"",
            short="Clarified needs",
        ),
        Behaviour(
            "empathizes", Kind.DO, Signal.TEXT, "Shows empathy",
            "acknowledges the customer's feelings or situation",
            -8,
            "Name the feeling before the facts: \"I can hear how frustrating it is "
            "to be charged twice.\"",
            short="Empathy",
        ),
        Behaviour(
            "confirms_understanding", Kind.DO, Signal.TEXT, "Confirms understanding",
            "restates what the customer said and checks it",
            -5,
            "Restate the problem and check it: \"So if I've got this right, you were "
            "charged twice and want one refunded - is that right?\"",
            short="Confirmed understanding",
        ),
        Behaviour(
            "offers_options", Kind.DO, Signal.TEXT, "Offers options",
            "offers two or more alternatives, or an alternative to what was refused",
            -5,
            "Offer one or two workable alternatives instead of a flat no: "
            "\"I can have her call you tomorrow, or get our billing lead on now.\"",
            short="Offered options",
        ),
        Behaviour(
            "gives_control", Kind.DO, Signal.TEXT, "Gives the customer control",
            "hands the choice to the customer",
            -5,
            "After offering options, let the customer pick: \"Which of those works "
            "better for you?\"",
            short="Gave control",
        ),
        Behaviour(
            "commits_next_steps", Kind.DO, Signal.TEXT, "Commits to next steps",
            "says what happens next, with a time and/or an owner",
            -6,
            "Close with what happens next, who does it and when: \"I'll email the "
            "refund confirmation by 5 pm today.\"",
            short="Next steps",
        ),
        Behaviour(
            "checks_in", Kind.DO, Signal.TEXT, "Checks in",
            "checks that an explanation is landing",
            -3,
            "When the customer sounds lost, stop and check in: \"Does that make sense "
            "so far?\"",
            short="Checked in",
        ),
        Behaviour(
            "courtesy", Kind.DO, Signal.TEXT, "Courtesy",
            "thanks, apologises sincerely, or uses polite markers",
            -2,
            "A sincere thank-you or apology costs nothing: \"Thank you for bearing "
            "with me.\"",
            short="Courtesy",
        ),
        Behaviour(
            "interrupts", Kind.AVOID, Signal.TIMING, "Interrupts",
            "sends a message while the customer is still speaking",
            12,
            "Let the customer finish their sentence before you reply, even when you "
            "already know the answer.",
            short="Interrupting",
        ),
        Behaviour(
            "shouts", Kind.AVOID, Signal.TEXT, "Shouts",
            "writes with a raised voice: words in capitals or repeated exclamation marks",
            20,
            "Keep your voice level: write in normal case with one exclamation mark at "
            "most, however heated the customer gets.",
            short="Shouting",
        ),
        Behaviour(
            "swears", Kind.AVOID, Signal.TEXT, "Swears",
            "uses profanity or abusive words",
            35,
            "Never swear at or near a customer, even in frustration; take a breath and "
            "restate the facts.",
            short="Swearing",
        ),
        Behaviour(
            "dismisses", Kind.AVOID, Signal.TEXT, "Dismisses",
            "brushes the customer off or talks down to them",
            18,
            "Replace a brush-off with what you can do: \"That won't work for your plan, "
            "but here's what I can do instead...\"",
            short="Dismissing",
        ),
        Behaviour(
            "blames", Kind.AVOID, Signal.TEXT, "Blames the customer",
            "puts the fault on the customer",
            18,
            "Describe the problem, not the customer's fault: \"It looks like the form "
            "had an old address; let's fix it together.\"",
            short="Blaming",
        ),
        Behaviour(
            "monologues", Kind.AVOID, Signal.TIMING, "Monologues",
            "talks on without leaving room: one very long turn, or several messages in a row",
            6,
            "Say less per turn and leave room for the customer: one point, then a "
            "question.",
            short="Monologue",
        ),
        Behaviour(
            "dead_air", Kind.AVOID, Signal.TIMING, "Leaves dead air",
            "leaves the customer waiting longer than their patience",
            8,
            "If you need time, say so: \"Give me a moment while I pull up your "
            "account.\" Silence feels longer to the customer than to you.",
            short="Dead air",
        ),
    )
}

TEXT_BEHAVIOURS: tuple[str, ...] = tuple(
    b.id for b in CATALOGUE.values() if b.signal is Signal.TEXT
)
AVOID_BEHAVIOURS: tuple[str, ...] = tuple(
    b.id for b in CATALOGUE.values() if b.kind is Kind.AVOID
)


@dataclass(frozen=True, slots=True)
class Tip:
    """A lesson from the weekly tips series, restated in our own words."""

    id: str
    title: str
    lesson: str


TIPS: dict[str, Tip] = {
    t.id: t
    for t in (
        Tip("supervisor", "When they want the supervisor",
            "Say plainly the supervisor is unavailable and show you understand; ask what "
            "happened and what they want; restate it; offer one or two alternatives and "
            "let them pick."),
        Tip("avoid-techniques", "Avoid these techniques",
            "Steer the conversation, never the customer: no talking over them, raised "
            "voice, brush-offs, blame or swearing, and ask at least one question."),
        Tip("special-sauce", "Find your special sauce",
            "Be excellent at one or two things, and always make the next steps clear: "
            "what happens, when, and who does it."),
        Tip("over-explaining", "Explain without over-explaining",
            "Tell the customer what they need to know, not all you know."),
        Tip("stop-sign", "Look for a stop sign",
            "Watch how your words land; when the customer seems lost or irritated, stop "
            "and check in."),
        Tip("point-of-empathy", "Identify your point of empathy",
            "Find something in the customer's situation you can relate to, and say so."),
        Tip("pressure", "Pressure is a privilege",
            "Pressure means the moment matters; stay calm and methodical."),
        Tip("one-more-thing", "While I've got you on the phone",
            "Handle the extra requests a customer piles on without losing the thread."),
        Tip("first-impression", "Pass the quick impression test",
            "Greet, introduce yourself and show you're ready to help, in the first seconds."),
        Tip("long-wait", "Make the long wait feel shorter",
            "Tell a waiting customer what is happening and how long it will take."),
        Tip("kindness", "When kindness means more",
            "Customers remember kindness: thank them and mean it."),
    )
}
