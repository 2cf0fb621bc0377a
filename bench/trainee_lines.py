"""What the benchmarks' trainee says to the supervisor-unavailable customer: a good round in
the first six lines, then two that the rubric marks down."""

GOOD_ROUND = (
    "I'm so sorry, she's out of the office today, she's back tomorrow.",
    "That sounds really frustrating, being charged twice.",
    "Can you tell me what happened with the payment?",
    "So if I've got this right, you were charged twice for the same order?",
    "I can refund the duplicate now, or have her call you tomorrow. Which would you prefer?",
    "I'll process the refund right now and email you confirmation within the hour.",
)
TRAINEE_LINES = (*GOOD_ROUND, "That's not my problem.", "ok")
