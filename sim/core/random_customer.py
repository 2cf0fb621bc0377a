"""Random difficult customers: persona traits + a situation + Faker details, from one seed.

The composed scenario's id encodes how to rebuild it (`random-<difficulty>-<seed>`), so a
trainer can hand a whole group the same customer, and stored rounds can be resumed and
rescored like any bundled scenario.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from sim.core.scenario import Scenario, build

ID_PATTERN = re.compile(r"^random-([1-5])-(\d{1,12})$")
AVOID = ["dismisses", "blames", "shouts", "swears", "interrupts"]


@dataclass(frozen=True, slots=True)
class Trait:
    """How one trait shapes a customer: numbers, sensitivities and a way of talking."""

    name: str
    temperature: int
    patience: float
    sensitivity: dict[str, int]
    flavour: tuple[str, str, str]


TRAITS = (
    Trait("impatient", 8, -8, {"interrupts": 6, "dead_air": 6, "monologues": 6},
          ("And quickly, please.", "I haven't got all day.", "Can we speed this up?")),
    Trait("talkative", 0, 6, {"interrupts": 8, "empathizes": -4},
          ("Sorry, I do go on, but you need the whole picture.", "Let me tell you the whole story.",
           "And another thing about that...")),
    Trait("sceptical", 4, 0, {"confirms_understanding": -4, "dismisses": 6, "commits_next_steps": -3},
          ("I've heard promises before.", "Forgive me if I don't just take your word for it.",
           "Last time nothing happened.")),
    Trait("confused", -4, 4, {"checks_in": -8, "monologues": 10},
          ("I'm not very good with this sort of thing.", "Sorry, I'm a bit lost with all this.",
           "Can you keep it simple?")),
    Trait("irate", 14, -4, {"empathizes": -6, "dismisses": 8, "blames": 8},
          ("This is completely unacceptable.", "I am absolutely furious.", "I've had it with you people.")),
    Trait("polite but firm", -6, 4, {"courtesy": -3, "commits_next_steps": -5},
          ("I'd like this sorted properly, please.", "I'm trying to stay calm about it.",
           "I just want a straight answer.")),
)


@dataclass(frozen=True, slots=True)
class Situation:
    """What went wrong and what the customer wants."""

    name: str
    problem: tuple[str, str, str]
    wants: tuple[str, str, str]
    variables: dict[str, Any]


SITUATIONS = (
    Situation("double charge",
              ("I've been charged {amount} twice for the same order, {reference}.",
               "There are two payments of {amount} on my card for one order, {reference}.",
               "You took {amount} from me twice. Order {reference}. Explain that."),
              ("I want the second payment back.", "I just want the duplicate refunded.",
               "Refund the extra charge, that's all."),
              {"amount": {"faker": "numerify", "args": {"text": "%#.99"}},
               "reference": {"faker": "bothify",
                             "args": {"text": "##-####-??", "letters": "ABCDEFGHJKLMNPQRSTUVWXYZ"}}}),
    Situation("late delivery",
              ("My parcel {reference} was due on {day} and it still hasn't come.",
               "Order {reference} should have arrived on {day}. Nothing.",
               "I was promised delivery on {day} for {reference}. Where is it?"),
              ("I need it by the weekend or I want my money back.",
               "I want to know where it is and when it comes.", "Get it to me or refund me."),
              {"reference": {"faker": "bothify", "args": {"text": "PK#######"}},
               "day": {"faker": "day_of_week"}}),
    Situation("broken device",
              ("The {device} I bought from you stopped working after a week.",
               "My new {device} is dead. It's barely a week old.",
               "I paid good money for this {device} and it's already broken."),
              ("I want a replacement, not a repair that takes a month.", "I want it replaced straight away.",
               "Just send me one that works."),
              {"device": {"choice": ["laptop", "phone", "coffee machine", "printer", "tablet"]}}),
    Situation("cancelled booking",
              ("You cancelled my booking {reference} for {day} without telling me.",
               "I turned up on {day} and my booking {reference} had been cancelled.",
               "Booking {reference} for {day} was cancelled and nobody said a word."),
              ("I want it rebooked and someone to admit it was your mistake.",
               "I want a new booking and some compensation.", "Rebook me or refund me, today."),
              {"reference": {"faker": "bothify", "args": {"text": "BK-####"}},
               "day": {"faker": "day_of_week"}}),
    Situation("service outage",
              ("My internet has been down since {day} and I work from home.",
               "No broadband since {day}. I can't work.",
               "I've had no connection since {day} and nobody tells me anything."),
              ("I need it fixed and a credit for the days I've lost.",
               "I want an engineer and money off my bill.", "Fix it, and don't charge me for this month."),
              {"day": {"faker": "day_of_week"}}),
)

CLEAN = {"none_of": AVOID}


def parse_id(text: str) -> tuple[int, int] | None:
    """(difficulty, seed) if `text` names a random customer."""
    m = ID_PATTERN.match(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def random_id(difficulty: int, seed: int) -> str:
    """The id that rebuilds this customer."""
    return f"random-{difficulty}-{seed}"


def compose(difficulty: int, seed: int) -> Scenario:
    """A validated scenario for a random customer; the same inputs give the same customer."""
    if not 1 <= difficulty <= 5:
        raise ValueError("difficulty runs from 1 to 5")
    rng = random.Random(f"compose:{seed}")
    traits = rng.sample(TRAITS, 2)
    situation = rng.choice(SITUATIONS)
    scale = 0.6 + 0.2 * difficulty  # 0.8 (easy) .. 1.6 (hardest)
    start = 30 + 8 * difficulty + sum(t.temperature for t in traits)
    patience = max(8.0, 34 - 4 * difficulty + sum(t.patience for t in traits))
    sensitivity: dict[str, int] = {}
    for behaviour, heat in (("dismisses", 18), ("blames", 18), ("shouts", 20), ("interrupts", 10),
                            ("empathizes", -8), ("clarifies_needs", -5), ("offers_options", -5)):
        sensitivity[behaviour] = heat
    for t in traits:
        for behaviour, delta in t.sensitivity.items():
            sensitivity[behaviour] = sensitivity.get(behaviour, 0) + delta
    sensitivity = {b: max(-50, min(50, round(v * scale if v > 0 else v / scale)))
                   for b, v in sensitivity.items()}
    flavour = [f for t in traits for f in t.flavour]

    def lines(*texts: str) -> list[str]:
        return list(texts)

    problem = [f"{p} {rng.choice(flavour)}" for p in situation.problem]
    wants = list(situation.wants)
    data: dict[str, Any] = {
        "id": random_id(difficulty, seed),
        "title": f"Random customer: {situation.name} ({', '.join(t.name for t in traits)})",
        "summary": (f"A {traits[0].name}, {traits[1].name} customer with a {situation.name}. "
                    "Find out what happened and what they want, show you understand, offer options "
                    "and commit to the next step."),
        "difficulty": difficulty,
        "tips": ["avoid-techniques", "special-sauce"],
        "persona": {
            "name": {"faker": "name"},
            "traits": [t.name for t in traits],
            "temperature": {"between": [max(0, min(95, start - 5)), max(0, min(95, start + 5))]},
            "patience": {"between": [patience, patience + 6]},
            "pace": {"between": [150, 210]},
            "sensitivity": sensitivity,
        },
        "variables": situation.variables,
        "states": {
            "upset": {
                "cues": ["complaint"],
                "say": problem,
                "again": lines("Are you going to help me or not?", "I'm still waiting for an answer.",
                               "Hello? Did you read what I said?"),
                "on": [
                    {"all_of": ["clarifies_needs", "empathizes"], **CLEAN, "to": "explaining"},
                    {"any_of": ["clarifies_needs", "asks_question"], **CLEAN, "to": "explaining"},
                    {"any_of": ["empathizes", "courtesy", "greets"], **CLEAN, "to": "upset",
                     "say": lines("Fine. So what are you going to do?", "Right. And?",
                                  "Saying sorry doesn't fix it. What now?")},
                    {"otherwise": True, "to": "upset"},
                ],
            },
            "explaining": {
                "cues": ["story_told"],
                "say": wants,
                "again": lines("So, can you do that?", "That's what I want. Can you do it?",
                               "I've told you what I need."),
                "on": [
                    {"all_of": ["confirms_understanding", "offers_options"], **CLEAN, "to": "choosing"},
                    {"any_of": ["confirms_understanding"], **CLEAN, "to": "confirmed"},
                    {"any_of": ["offers_options"], **CLEAN, "to": "choosing"},
                    {"any_of": ["commits_next_steps"], **CLEAN, "to": "explaining",
                     "say": lines("Hang on, do you even know what I asked for?",
                                  "Before you promise anything, tell me what you understood.",
                                  "Say back to me what the problem is first.")},
                    {"otherwise": True, "to": "explaining"},
                ],
            },
            "confirmed": {
                "cues": ["wants_options"],
                "say": lines("Yes, that's it. So what can you do?", "Exactly. What are my options?",
                             "Right. Now what can you actually offer?"),
                "again": lines("So what are my options?", "I'm waiting to hear what you can do.",
                               "Well? What can you offer?"),
                "on": [
                    {"all_of": ["offers_options", "gives_control"], **CLEAN, "to": "chose"},
                    {"any_of": ["offers_options"], **CLEAN, "to": "choosing"},
                    {"otherwise": True, "to": "confirmed"},
                ],
            },
            "choosing": {
                "cues": ["options_offered"],
                "say": lines("Hm. I'm not sure which is better.", "Maybe. Which one is quicker?",
                             "I don't know, what would you do?"),
                "again": lines("So which is it?", "I still can't decide.", "Which do you suggest?"),
                "on": [
                    {"any_of": ["gives_control"], **CLEAN, "to": "chose"},
                    {"any_of": ["commits_next_steps"], **CLEAN, "to": "resolved"},
                    {"otherwise": True, "to": "choosing"},
                ],
            },
            "chose": {
                "cues": ["choice_made"],
                "say": lines("I'll take the first one. When will it happen?",
                             "The quicker one, then. What happens now?", "Fine, that one. When?"),
                "again": lines("And when exactly?", "Who's doing what, and when?", "I need a time."),
                "on": [
                    {"any_of": ["commits_next_steps"], **CLEAN, "to": "resolved"},
                    {"otherwise": True, "to": "chose"},
                ],
            },
            "heated": {
                "cues": ["heated"],
                "say": lines("Don't you dare talk to me like that.",
                             "Excuse me? That's how you treat customers?",
                             "Right. I'm about to take this further."),
                "again": lines("I'm still waiting for an apology.", "Well?", "Are you going to fix this?"),
                "on": [
                    {"any_of": ["dismisses", "blames", "shouts", "interrupts"], "to": "escalated"},
                    {"all_of": ["empathizes", "courtesy"], **CLEAN, "to": "explaining",
                     "say": lines("Fine. Let's try again. " + wants[0], "Alright. " + wants[1],
                                  "Okay. Apology accepted. " + wants[2])},
                    {"otherwise": True, "to": "heated"},
                ],
            },
        },
        "anywhere": [
            {"any_of": ["swears"], "to": "walked_out"},
            {"temperature_above": 92, "to": "walked_out"},
            {"silence": 3, "to": "walked_out"},
            {"any_of": ["dismisses", "blames", "shouts"], "temperature_above": 80, "to": "escalated"},
            {"any_of": ["dismisses", "blames", "shouts", "interrupts"], "to": "heated"},
        ],
        "endings": {
            "resolved": {"say": lines("Okay. Thank you, that's all I wanted.", "Good. Thanks for sorting it.",
                                      "Right, that works. Thank you.")},
            "escalated": {"say": lines("I want to make a formal complaint.", "I'm taking this further.",
                                       "Give me your manager's details. Now.")},
            "walked_out": {"say": lines("Forget it. I'm going elsewhere.", "I'm done. Goodbye.",
                                        "Don't bother. I'll cancel everything.")},
        },
        "nudges": lines("Hello? Are you there?", "I'm still waiting.", "Did you go somewhere?"),
        "interrupted": lines("Let me finish.", "I wasn't done.", "Don't talk over me."),
        "turn_limit": 14,
        "rubric": {
            "expected": [
                {"behavior": "clarifies_needs", "states": ["upset"],
                 "why": "you need to know what happened and what they want"},
                {"behavior": "empathizes", "states": ["upset", "heated"],
                 "why": "the customer is upset before you say a word"},
                {"behavior": "confirms_understanding", "states": ["explaining"],
                 "why": "they told you the problem; restate it"},
                {"behavior": "offers_options", "states": ["confirmed", "explaining"],
                 "why": "they asked what you can do"},
                {"behavior": "gives_control", "states": ["confirmed", "choosing"],
                 "why": "options only help when the customer chooses"},
                {"behavior": "commits_next_steps", "states": ["chose", "choosing"],
                 "why": "say what happens, who does it, and when"},
            ],
        },
    }
    # Written with the file format's shorthands, so it goes through the same validation.
    from sim.core import scenario_file

    return build(Scenario, scenario_file.Scenario.model_validate(data).model_dump())
