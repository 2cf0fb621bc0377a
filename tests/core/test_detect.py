"""Detection: every text behaviour, its near misses, its spans, its speed and its robustness."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.catalogue import AVOID_BEHAVIOURS, TEXT_BEHAVIOURS
from sim.core.detect import detect_behaviours
from sim.core.evaluation import evaluate, read_jsonl
from tests.conftest import DATA


def found(text: str, customer: str | None = None) -> set[str]:
    return {d.behavior for d in detect_behaviours(text, customer)}


@pytest.mark.parametrize(("text", "behavior"), [
    ("Hi, thanks for calling, this is Sam.", "greets"),
    ("when did you first notice the charge", "asks_question"),
    ("could you tell me the order number", "asks_question"),
    ("whats the main thing you need fixed today", "clarifies_needs"),
    ("i can hear how frustrating this has been", "empathizes"),
    ("thats a lot to deal with on top of a move", "empathizes"),
    ("so if ive got this right, you were charged twice and want one refunded?", "confirms_understanding"),
    ("i can have her call you back this afternoon, or connect you with our billing lead now",
     "offers_options"),
    ("which of those works better for you", "gives_control"),
    ("ill email the refund confirmation by 5 pm today", "commits_next_steps"),
    ("our billing lead, ana, will call you tomorrow morning", "commits_next_steps"),
    ("can you check the order number for me.", "asks_question"),
    ("Your pickup is at 5 pm today. Drop-off is next Wednesday. Is that correct?", "confirms_understanding"),
    ("What sort of food would you like to eat.", "asks_question"),
    ("what i can do is spread it over two bills, would that help", "asks_question"),
    ("we've never had a complaint about that before", "dismisses"),
    ("I really can't help you with that one", "dismisses"),
    ("does that make sense so far", "checks_in"),
    ("thank you for your patience", "courtesy"),
    ("I SAID WE CANNOT DO THAT", "shouts"),
    ("stop!!!", "shouts"),
    ("I AM CHECKING IT NOW", "shouts"),
    ("this is a shit system", "swears"),
    ("thats just our policy", "dismisses"),
    ("calm down", "dismisses"),
    ("you should have read the terms", "blames"),
    ("if youd called earlier this wouldnt have happened", "blames"),
    ("the price is the price", "dismisses"),
    ("for the third time, its under settings", "dismisses"),
    ("appeals rarely work so i wouldnt bother", "dismisses"),
    ("if youd attached the receipt the first time wed have paid it by now", "blames"),
    ("youve been using the wrong charger, thats what kills these batteries", "blames"),
    ("Please confirm: a table for 4 at Nopa on Friday at 7 pm.", "confirms_understanding"),
    ("You'd like the alarm at 6:30 named Gym. Is that right?", "confirms_understanding"),
    ("could you confirm that you want 2 tickets for the 8th", "confirms_understanding"),
    ("I'll move your delivery to Friday the 12th. Is that correct?", "confirms_understanding"),
    ("just to confirm you need one room for two nights from the 3rd", "confirms_understanding"),
    ("alright, so you'd like to cancel the whole order?", "confirms_understanding"),
    ("ok, 3 rooms for 3 nights from the 8th. do i have that correct?", "confirms_understanding"),
    ("are you in need of a new router or just a reset?", "offers_options"),
    ("Are you after a sedan or an SUV?", "offers_options"),
    ("I found 3: The Grill, Nopa and Zuni Cafe.", "offers_options"),
    ("I've got Wednesday at 10:15 or Thursday at 2:40.", "offers_options"),
    ("a double for two nights from friday, arriving late - correct?", "confirms_understanding"),
    ("Swapping your plan to the £12.50 one from the 3rd. Sound right?", "confirms_understanding"),
    ("oh you mean the charge from march, not this month's?", "confirms_understanding"),
    ("We've found Luigi's, Sakura and The Anchor. Want to hear about either?", "offers_options"),
    ("there are two under £15: the basic at £9.99 and the plus at £14.50", "offers_options"),
    ("we have the 7:20 and the 10:45 crossings tomorrow", "offers_options"),
    # an alternative to what cannot be had counts, even across sentences
    ("there are no tables at 7 tonight. would you like to try 8:30 instead?", "offers_options"),
    ("sorry, that model's been discontinued. the closest match we have is the Aria", "offers_options"),
    ("the large is sold out. we do have the medium in both colours", "offers_options"),
    ("please read our previous reply.", "dismisses"),
    ("lmao ok", "dismisses"),
    ("look, can we hurry this up, there's a queue behind you", "dismisses"),
    ("the hell do you want me to do about it", "dismisses"),
    ("per my last three messages, the refund has been issued", "dismisses"),
    ("its a ten minute delay, get over it", "dismisses"),
    ("over the 2 hour limit, so no.", "dismisses"),
    ("no need to be dramatic", "dismisses"),
    ("we've been over this", "dismisses"),
    ("that's the freeholder's job, ring them", "dismisses"),
    ("Your comments have been passed on. This case is now closed.", "dismisses"),
    ("the answer is no.", "dismisses"),
    ("I hear what you're saying, but no.", "dismisses"),
    ("tough luck, the sale ended yesterday", "dismisses"),
    ("good luck with that", "dismisses"),
    ("stop hassling me, it'll ship", "dismisses"),
    ("my hands are tied.", "dismisses"),
    ("the system won't let me, sorry", "dismisses"),
    ("it's automated, there's nothing I can change on my end", "dismisses"),
    ("honestly a child could do it, it's one click", "dismisses"),
    ("wow, three whole days", "dismisses"),
    ("late is late", "dismisses"),
    ("thats everything from me, closing this chat", "dismisses"),
    ("check out is 11, no exceptions", "dismisses"),
    ("it's on the website", "dismisses"),
    ("you'd need to contact the manufacturer for that", "dismisses"),
    ("our answer on this is final", "dismisses"),
    ("the fee remains, i cant change that", "dismisses"),
    ("its all in the user guide", "dismisses"),
    ("book online like everybody else", "dismisses"),
    ("we're not liable for courier delays", "dismisses"),
    ("we have nothing further to add", "dismisses"),
    ("i'm not sure how else to explain it", "dismisses"),
    ("the refund will come when it comes", "dismisses"),
    ("ok so its a credit now or a new one tomorrow. which one?", "gives_control"),
    ("whens best for u", "gives_control"),
    ("can you hurry up, i have other chats", "dismisses"),
    ("oh no, that sounds awful. but hotels arent something we cover, not much i can do", "dismisses"),
    ("you must of dropped it", "blames"),
    ("should of checked your balance first", "blames"),
    ("works for everyone else, so it's something you're doing", "blames"),
    ("u shouldve ordered earlier", "blames"),
    ("we do evenings till 8 on tuesdays and thursdays, would either of those be better", "asks_question"),
    ("that voucher won't work on sale items, but your member discount will, want me to apply that instead",
     "asks_question"),
])
def test_each_behaviour_is_found_in_a_plain_example(text, behavior):
    assert behavior in found(text)


@pytest.mark.parametrize(("text", "behavior"), [
    ("she said hi and then hung up", "greets"),
    ("do you even read the emails?", "asks_question"),
    ("why would we do that?", "asks_question"),
    ("is your name spelled with an e?", "clarifies_needs"),
    ("I'm sorry you feel that way.", "empathizes"),
    ("I understand, but that's policy.", "empathizes"),
    ("I understand.", "confirms_understanding"),
    ("you need to fill in the form", "offers_options"),
    ("you'll need two things: a photo id and a recent bill", "offers_options"),
    ("you do know the sale ended, right?", "asks_question"),
    ("you'll wait, ok?", "gives_control"),
    ("someone will get back to you", "commits_next_steps"),
    ("got it?", "checks_in"),
    ("Is there anything else I can help you with today?", "checks_in"),
    ("Do you need any other help?", "checks_in"),
    ("Would you like me to put it on?", "checks_in"),
    ("Would you like me to book it for you?", "gives_control"),
    ("Is there anything else I can do for you?", "clarifies_needs"),
    ("How can I help you further?", "clarifies_needs"),
    ("thanks a lot for shouting", "courtesy"),
    ("Your PIN and the SKU AB-1234 are on the FAQ page.", "shouts"),
    ("IT and HR are copied, and the VAT and PIN details are in the email", "shouts"),
    ("I grew up in Scunthorpe and the assessment was fine, hello", "swears"),
    ("that option won't work for your plan, but here's one that will: the annual bundle", "dismisses"),
    ("it looks like the form had an old address; let's fix it", "blames"),
    ("you should receive it by friday", "blames"),
    ("it isnt your fault, the update broke it", "blames"),
    ("none of this is your fault", "blames"),
    ("i hear that wont work for you. what would?", "dismisses"),
    ("that didnt go through, could you try another card?", "dismisses"),
    ("its not the end of the world, ive already made a note so nobody chases you", "dismisses"),
    ("im sorry this has gone wrong for the second time, ill fix it now", "dismisses"),
    ("if youd like, i can book it for you", "blames"),
    ("the delay was due to your bank's extra checks", "blames"),
    ("we're shut the rest of the week, come in on monday", "swears"),
    ("could you please confirm your date of birth", "confirms_understanding"),
    ("Booking a cab for 2 to 14 Elm St.", "confirms_understanding"),
    ("I've added the extra bag to your booking. Is that everything?", "confirms_understanding"),
    ("did you pay by card or with paypal?", "offers_options"),
    ("no worries, we'll figure it out together. what are you trying to sync?", "dismisses"),
    ("I didn't say it was your fault, I said the courier has it now", "blames"),
    ("How about Nopa?", "offers_options"),
    ("It has wifi, parking and a pool.", "offers_options"),
    ("what a shame, you must have been looking forward to it", "blames"),
    ("sorry, I'm not explaining it very well. the fee covers the call-out", "dismisses"),
    ("please read the instructions below and tell me if anything is unclear", "dismisses"),
    ("i've reset it, are you happy now?", "dismisses"),
    ("so, no worries, it's all sorted", "dismisses"),
    ("that's the freeholder's job, but I'll email them today and copy you in", "dismisses"),
    ("sit back and we'll sort it, no need to be worried", "dismisses"),
    ("that's not our department, but I'll put you through to Omar in claims now", "dismisses"),
    ("we're not in a position to replace the lot. I'll get the broken two swapped on Tuesday", "dismisses"),
    ("I'm not in a position to refund it today", "greets"),
    ("I hear what you're saying, but no.", "empathizes"),
    ("no worries at all, it happens", "dismisses"),
    ("I'm so sorry for your loss. Let's take this one step at a time", "dismisses"),
    ("Please send the form to No. 12 High Street", "dismisses"),
    ("Works for me, I'll book the 3pm slot.", "dismisses"),
    ("you need to go to the settings page and tap reset", "dismisses"),
    ("That's too bad, sorry about that.", "dismisses"),
    ("did the damage happen on your bike?", "dismisses"),
    ("it takes a few days but you'll soon get used to it", "dismisses"),
    ("there's no way to recover it on our side, but your laptop might keep a restore point, shall we look?",
     "dismisses"),
    ("we don't price match, sorry, but this model is 15% off till friday", "dismisses"),
    ("it's the council's responsibility, but I can send you their claim form", "dismisses"),
    ("easy one, it's just a loose cable. plug it back in and you'll be sorted", "dismisses"),
    ("don't worry, that's sleep mode. press any key and it'll come back", "dismisses"),
    ("I'm not sure, let me check", "dismisses"),
    ("oh well, let's try resetting it again", "dismisses"),
    ("the driver will try again tomorrow", "dismisses"),
    ("I'll be closing this chat in 2 minutes if I don't hear back", "dismisses"),
    ("try again in ten minutes, I've just reset your line", "dismisses"),
    ("it's on the website, but here's the direct link so you don't have to hunt", "dismisses"),
    ("it should have arrived yesterday, sorry, I'll chase it now", "blames"),
    ("We can't refund tickets once the film has started, but I'm happy to give you a complimentary ticket "
     "for another showing.", "dismisses"),
    ("There was no error on your side, it was ours.", "blames"),
    ("that shouldn't have happened, I'm sorry", "blames"),
    ("you can stay on your plan or move to the annual one, which works out cheaper", "asks_question"),
    ("funny how it only cracked after you dropped it, isnt it", "asks_question"),
    ("thats the earliest slot, take it or leave it", "offers_options"),
    ("It's from 'DGTL SVC' on the 3rd, does that ring a bell?", "shouts"),
    ('the screen should say "PAYMENT DECLINED" in red', "shouts"),
    ("I'm really sorry, you should have been told about the change before your visit.", "blames"),
    ("you should have had a call before the engineer came, that's on us", "blames"),
    ("You were charged twice, that's our mistake and I've refunded the second one.", "blames"),
    ("you're right to chase it. there's no way you could have known, those skimmers are hard to spot",
     "dismisses"),
    ("you should have had a text from us about the change, I'm sorry", "blames"),
    ("it was put on the wrong connection at our end, sorry", "blames"),
    ("What a shame about the concert being postponed, you must have been looking forward to it.", "blames"),
    ("probably nothing you did, some of these fabrics are really fussy", "dismisses"),
    ("It's not anything you did.", "dismisses"),
    ("You intend to check in on March 9th.", "blames"),
    ("You should have contacted us within 14 days.", "commits_next_steps"),
    ("Had you rung the day it happened, we could have fixed it for free.", "asks_question"),
    ("When the organiser pays it back to us.", "asks_question"),
    ("so what I'd like you to do is close Outlook and restart the laptop", "asks_question"),
    ("That's a completely normal worry.", "dismisses"),
    ("we can't do refunds on sale items, try another shop instead", "offers_options"),
    ("haha ok, let me check that for you", "dismisses"),
    ("I'll hurry this up for you, one moment", "dismisses"),
    ("the engineer came on tuesday instead of monday and I can't change that now", "offers_options"),
    ("I can't give visa advice. The checker at gov.uk/check-visa answers it in two minutes.", "dismisses"),
    ("we don't handle that here, the lettings office does: 0161 496 0000 until 5", "dismisses"),
    ("We don't price match online shops. We do match high-street stores, so send me the link.", "dismisses"),
    ("no, i cant make it free. i can knock 20% off the order though", "dismisses"),
    ("don't apologise, you're doing great", "dismisses"),
    ("it's not you, the form is confusing. you don't owe anything", "dismisses"),
])
def test_a_near_miss_is_not_the_behaviour(text, behavior):
    assert behavior not in found(text)


def test_typos_lowercase_and_missing_punctuation_still_count():
    assert {"courtesy", "empathizes", "clarifies_needs"} <= found(
        "im realy sory, i know thats anoying. can u tell me wat happend")


def test_british_and_american_spellings_both_count():
    assert "courtesy" in found("I apologise for the wait")
    assert "courtesy" in found("I apologize for the wait")


def test_every_span_points_inside_the_text_and_quotes_it():
    text = "Hi, I'm Sam. I'm so sorry about this. What would help most? I'll call you at 3pm today."
    for d in detect_behaviours(text):
        assert 0 <= d.start < d.end <= len(text)
        assert d.quote(text) == text[d.start:d.end]
        assert d.reason


def test_the_development_corpus_stays_above_its_measured_level():
    report = evaluate(u for u in read_jsonl((DATA / "corpus.jsonl").read_text().splitlines())
                      if not isinstance(u, Exception))
    assert report.lines >= 700
    assert report.macro_f1 >= 0.90
    for name in AVOID_BEHAVIOURS:
        if name in TEXT_BEHAVIOURS:
            assert report.tallies[name].precision >= 0.97, name


def held_out_report():
    return evaluate(u for u in read_jsonl((DATA / "heldout.jsonl").read_text().splitlines())
                    if not isinstance(u, Exception))


def test_avoid_behaviours_are_rarely_claimed_falsely_on_the_held_out_part():
    report = held_out_report()
    for name in ("shouts", "swears", "blames"):
        assert report.tallies[name].precision >= 0.97, name
    # The target of 0.97 is not met yet for dismisses. This guards both counts against
    # getting worse: a false accusation more, or a true one fewer than one retrain's noise,
    # fails it. (Training on corpus-brushoff7-10 moved this part 27 -> 24 -> 26 while brushoff3,
    # brushoff4 and the validation file gained 18 finds between them, with no false alarm. On
    # 2026-11-23 four new files and rules from their misses moved it from 26 found with 2 false
    # to 24 with 3, while the five other unseen sets gained 22 finds with no false alarm, SGD
    # stayed at none, and 180,000 mixes of non-accusing sentences drew 391 claims, not 424.)
    dismisses = report.tallies["dismisses"]
    assert dismisses.fp <= 3 and dismisses.tp >= 23


def test_the_held_out_part_stays_at_its_measured_level():
    # A regression guard below today's figure (0.897); the target is 0.90.
    assert held_out_report().macro_f1 >= 0.885


def test_the_corpus_covers_every_text_behaviour_thirty_times():
    rows = [json.loads(line) for line in (DATA / "corpus.jsonl").read_text().splitlines()]
    for name in TEXT_BEHAVIOURS:
        assert sum(name in r["behaviors"] for r in rows) >= 30, name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_any_unicode_text_is_handled_quickly(text):
    start = time.perf_counter()
    for d in detect_behaviours(text, text[:200]):
        assert 0 <= d.start <= d.end <= len(text)
    assert time.perf_counter() - start < 0.25


@pytest.mark.parametrize("text", [
    "a" * 100_000,
    "HELLO " * 20_000,
    "!" * 100_000,
    "\x00\x1b[31m\x07" * 25_000,
    "you " * 25_000 + "should have",
    "🙂 " * 50_000,
])
def test_huge_and_hostile_inputs_finish_in_bounded_time(text):
    start = time.perf_counter()
    detect_behaviours(text, text)
    assert time.perf_counter() - start < 0.5


def sim(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True,
                          input=stdin, timeout=60)


def test_detect_jsonl_keeps_the_contract_and_the_input_order():
    lines = [{"id": "b", "text": "calm down"}, {"id": "a", "text": "how can I help?", "customer": "hi"}]
    result = sim("detect", "--jsonl", "-", stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["b", "a"]
    assert rows[0] == {"id": "b", "behaviors": ["dismisses"], "spans": {"dismisses": [[0, 9]]}}
    assert set(rows[1]) == {"id", "behaviors", "spans"}
    assert set(rows[1]["spans"]) == set(rows[1]["behaviors"])


def test_detect_jsonl_reports_a_bad_line_and_carries_on():
    result = sim("detect", "--jsonl", "-", stdin='not json\n{"id": 2, "text": "thanks"}\n')
    assert result.returncode == 1
    assert "<stdin>:1: not valid JSON" in result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert rows[1] == {"id": 2, "behaviors": ["courtesy"], "spans": {"courtesy": [[0, 6]]}}
    assert "error" in rows[0]


def test_detect_prints_spans_and_reasons_for_one_text():
    result = sim("detect", "that sounds so frustrating")
    assert "empathizes" in result.stdout and '"that sounds so frustrating"' in result.stdout


def test_eval_prints_precision_recall_and_macro_f1():
    result = sim("eval", str(DATA / "corpus.jsonl"))
    assert result.returncode == 0
    assert "macro F1" in result.stdout and "dismisses" in result.stdout


def test_a_whole_sentence_rule_is_quoted_at_its_own_place():
    from sim.core.detect import _rule_detections

    text = "you cant return opened software. understood?"
    assert _rule_detections(text, None)["dismisses"].quote(text) == "understood?"


@pytest.mark.parametrize(("text", "alone"), [
    ("no, we don't do that", True),
    ("not possible sorry", True),
    ("no, but I can send you a new one today", False),
    ("not sure, let me check", False),
    ("we can't refund it. which would you prefer, a voucher or a swap?", False),
    ("thanks for waiting, it's all sorted", False),
])
def test_a_refusal_with_nothing_that_helps_is_a_cue_for_the_learned_layer(text, alone):
    from sim.core.detect import rule_reading

    assert ("refuses_alone" in rule_reading(text).hits) is alone


def test_the_learned_layer_reads_a_refusal_alone_as_a_sign_of_a_brush_off():
    from sim.core.learned import model

    shipped = model()
    span = shipped.table.pairs("rule:refuses_alone")
    number = shipped._names.index("dismisses")
    assert span and any(shipped.table.numbers[i] == number and shipped.table.weights[i] > 0
                        for i in range(*span))


@pytest.mark.parametrize("behavior", sorted(TEXT_BEHAVIOURS))
def test_the_learned_layer_weighs_every_rule_hit_in_favour_of_its_behaviour(behavior):
    # Training once read only the good habits' hits: the avoid-behaviours' rules were no
    # feature at all, and their cross-validated F1 fell to nothing (shouts 0.27, dismisses 0).
    from sim.core.learned import model

    shipped = model()
    span = shipped.table.pairs(f"rule:{behavior}")
    assert span is not None, f"rule:{behavior} carries no weight"
    number = shipped._names.index(behavior)
    own = [shipped.table.weights[i] for i in range(*span) if shipped.table.numbers[i] == number]
    assert own and own[0] > 0


def test_training_reads_every_rule_hit_but_windows_only_for_good_habits(tmp_path):
    from sim.core.learned import training_rows

    labelled = tmp_path / "one.jsonl"
    labelled.write_text(json.dumps({"id": 1, "text": "calm down. I'll call you back at 3pm today",
                                    "behaviors": ["dismisses", "commits_next_steps"]}) + "\n")
    (features, labels), = training_rows([labelled])[0]
    (windows,) = training_rows([labelled])[1]
    assert {"rule:dismisses", "rule:commits_next_steps"} <= set(features)
    assert labels == {"dismisses", "commits_next_steps"}
    assert set(windows) == {"commits_next_steps"}


def test_a_focused_file_teaches_only_its_own_behaviours(tmp_path):
    from sim.core.learned import train

    def labelled(name: str, rows: list[tuple[str, list[str]]]) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": i, "text": t, "behaviors": b}) + "\n"
                                for i, (t, b) in enumerate(rows)))
        return path

    shared = labelled("shared.jsonl", [("thanks so much", ["courtesy"]), ("no.", ["dismisses"]),
                                       ("hi there", ["greets"]), ("calm down", ["dismisses"])] * 3)
    focus = labelled("focus.jsonl", [("thanks, not my problem", ["courtesy", "dismisses"])] * 3)
    plain = train([shared])
    focused = train([shared], {focus: frozenset({"dismisses"})})
    assert focused["weights"]["courtesy"] == plain["weights"]["courtesy"]
    assert "problem" in focused["weights"]["dismisses"]
    assert "problem" not in plain["weights"]["dismisses"]


def test_a_flat_cross_validated_score_keeps_a_good_habit_at_even_odds_and_its_rule_at_neutral():
    # Any threshold from 0.2 to 0.9 separates these perfectly: none may win by the order it is tried in.
    from sim.core.learned import _threshold

    scored = [(0.95, True, 0.95), (0.05, False, None)] * 20
    threshold, f1, veto = _threshold(scored, avoid=False, neutral=0.1)
    assert (threshold, veto, f1) == (0.5, 0.1, 1.0)


def test_a_real_cross_validated_gain_moves_a_good_habit_from_even_odds():
    from sim.core.learned import _threshold

    scored = [(0.3, True, None), (0.05, False, None)] * 20
    threshold, f1, _ = _threshold(scored, avoid=False, neutral=0.1)
    assert threshold <= 0.3 and f1 == 1.0


def test_the_shipped_model_was_trained_on_the_current_rules_and_corpus():
    from sim.core.learned import corpus_digest, model, training_paths

    shipped = model()
    assert shipped is not None, "run `make detector`"
    assert shipped.trained_on == corpus_digest(training_paths()), (
        "rules or development corpus changed since training: run `make detector`")


def tiny_model_data() -> dict:
    return {"behaviours": ["courtesy", "greets"], "bias": {"courtesy": -1.0, "greets": -2.0},
            "threshold": {"courtesy": 0.5, "greets": 0.5}, "veto": {}, "trained_on": "x",
            "index": {"thanks": [0, 3.25], "hi there": [1, 4.5, 0, -0.125]}}


def test_a_written_model_reads_back_with_the_same_weights(tmp_path):
    from sim.core.learned import Model, write_model

    write_model(tiny_model_data(), tmp_path / "m.tsv")
    back = Model.load(tmp_path / "m.tsv")
    assert back._weights("hi there") == [1.0, 4.5, 0.0, -0.125]
    assert back._weights("hi") is None
    assert [v.behavior for v in back.verdicts("hi there", [])] == ["greets"]
    assert [(v.behavior, v.phrase) for v in back.verdicts("thanks", [])] == [("courtesy", "thanks")]


def test_the_compiled_table_gives_the_weights_of_the_text_it_was_built_from(tmp_path):
    from sim.core.learned import Model, compile_table, write_model

    write_model(tiny_model_data(), tmp_path / "m.tsv")
    compile_table(tmp_path / "m.tsv")
    assert Model.load(tmp_path / "m.tsv")._weights("hi there") == [1.0, 4.5, 0.0, -0.125]


def test_a_stale_or_damaged_compiled_table_is_ignored_for_the_text(tmp_path):
    from sim.core.learned import Model, compile_table, write_model

    write_model(tiny_model_data(), tmp_path / "m.tsv")
    compile_table(tmp_path / "m.tsv")
    edited = tiny_model_data()
    edited["index"]["thanks"] = [0, 9.0]
    write_model(edited, tmp_path / "m.tsv")
    assert Model.load(tmp_path / "m.tsv")._weights("thanks") == [0.0, 9.0]
    (tmp_path / "m.bin").write_bytes(b"garbage")
    assert Model.load(tmp_path / "m.tsv")._weights("thanks") == [0.0, 9.0]


def test_a_rule_hit_stands_unless_the_score_is_below_the_veto(tmp_path):
    from sim.core.learned import Model, write_model

    data = tiny_model_data()
    data["veto"] = {"greets": 0.1}
    write_model(data, tmp_path / "m.tsv")
    model = Model.load(tmp_path / "m.tsv")
    # "hello" carries no weight: p = sigmoid(-2) ~ 0.12, under the 0.5 threshold, over the veto.
    assert [v.behavior for v in model.verdicts("hello", ["greets"])] == ["greets"]
    data["veto"] = {"greets": 0.2}
    write_model(data, tmp_path / "m.tsv")
    assert Model.load(tmp_path / "m.tsv").verdicts("hello", ["greets"]) == []


def test_a_rule_hit_vetoed_by_the_whole_turn_stands_on_its_own_sentence(tmp_path):
    from sim.core.learned import Model, write_model

    data = tiny_model_data()
    data["veto"] = {"greets": 0.1}
    data["index"]["make sense"] = [1, -3.0]
    write_model(data, tmp_path / "m.tsv")
    model = Model.load(tmp_path / "m.tsv")
    text = "hello. does that make sense"
    # Whole turn: sigmoid(-2 - 3) ~ 0.007, under the veto; "hello." alone: ~0.12, over it.
    assert model.verdicts(text, ["greets"]) == []
    assert [v.behavior for v in model.verdicts(text, ["greets"], {"greets": (0, 6)}.get)] == ["greets"]


def test_an_explicit_marker_is_never_vetoed(tmp_path):
    from sim.core.learned import Model, write_model

    data = tiny_model_data()
    data["veto"] = {"greets": 0.9}
    write_model(data, tmp_path / "m.tsv")
    model = Model.load(tmp_path / "m.tsv")
    assert model.verdicts("hello", ["greets"]) == []
    assert [v.behavior for v in model.verdicts("hello", ["greets"], explicit=["greets"])] == ["greets"]


def test_without_a_veto_the_score_alone_decides(tmp_path):
    from sim.core.learned import Model, write_model

    write_model(tiny_model_data(), tmp_path / "m.tsv")
    assert Model.load(tmp_path / "m.tsv").verdicts("hello", ["greets"]) == []


# Turns never trained on: real support channels' styles (used to choose settings) and, unseen,
# the formal register of exported chat logs, emails and call transcripts, and trainees' own
# replies in practice rounds.
@pytest.mark.parametrize("name", ["validation-real-style.jsonl", "corpus-agent2.jsonl",
                                  "corpus-practice2.jsonl"])
def test_avoid_behaviours_are_rarely_claimed_falsely_in_unseen_turns(name):
    report = evaluate(u for u in read_jsonl((DATA / name).read_text().splitlines())
                      if not isinstance(u, Exception))
    for behavior in ("shouts", "swears", "dismisses", "blames"):
        assert report.tallies[behavior].precision >= 0.97, behavior


def test_the_shipped_compiled_table_is_current():
    from sim.core.learned import MODEL_PATH

    digest = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    with MODEL_PATH.with_suffix(".bin").open("rb") as f:
        assert f.readline().decode().strip() == digest, "run `make detector` to rebuild detector.bin"


def test_a_learned_detection_quotes_the_words_that_weighed_most():
    text = "nobody else has complained about the new layout"
    (d,) = [d for d in detect_behaviours(text) if d.behavior == "dismisses"]
    assert d.quote(text) in text and d.end > d.start


def test_a_learned_detection_is_quoted_by_the_sentence_holding_its_strongest_words():
    from sim.core.detect import _learned_detection
    from sim.core.learned import Verdict

    text = "Thanks for waiting. You joined on the 10th, so it's pro rata. Anything else?"
    at = text.index("You")
    d = _learned_detection("blames", Verdict("blames", 0.9, at, at + 3, "^you"), text, text.lower())
    assert d.quote(text) == "You joined on the 10th, so it's pro rata."
    assert '"You"' in d.reason


def test_a_learned_detection_in_a_long_run_on_sentence_is_quoted_by_its_clause():
    from sim.core.detect import _learned_detection
    from sim.core.learned import Verdict

    text = ("hi there thanks for waiting i have had a look at the account and the notes from last week, "
            "honestly nobody else has mentioned it, anyway the engineer visit is still booked")
    at = text.index("nobody else")
    verdict = Verdict("dismisses", 0.99, at, at + 11, "nobody else")
    d = _learned_detection("dismisses", verdict, text, text.lower())
    assert d.quote(text) == "honestly nobody else has mentioned it"


def test_a_learned_detection_names_its_words_in_the_trainees_spelling():
    from sim.core.detect import _learned_detection
    from sim.core.learned import Verdict

    text = "We don't do that."
    d = _learned_detection("dismisses", Verdict("dismisses", 0.99, 3, 8, "dont"), text, text.lower())
    assert '"don\'t"' in d.reason and "^" not in d.reason


def test_capitals_outside_a_quote_still_shout():
    assert "shouts" in found("I SAID 'NO' AND I MEAN IT")


def test_no_two_shipped_features_share_a_table_key():
    from sim.core.learned import MODEL_PATH, WeightTable

    features = [line.split("\t", 1)[0] for line in MODEL_PATH.read_text("utf-8").splitlines()[1:]]
    assert len({WeightTable.key(f) for f in features}) == len(features)


def test_on_a_tie_an_avoid_behaviour_takes_the_stricter_veto_and_a_good_habit_trusts_its_rule():
    from sim.core.learned import _threshold

    # Every rule hit is right and the words alone never pass: any veto up to 0.9 scores F1 1.
    scored = [(0.0, True, 0.9)] * 10 + [(0.0, False, None)] * 10
    _, good_f1, good_veto = _threshold(scored, avoid=False)
    avoid_t, avoid_f1, avoid_veto = _threshold(scored, avoid=True)
    assert good_f1 == avoid_f1 == 1.0
    assert good_veto < avoid_veto <= avoid_t


def test_an_avoid_behaviour_gives_up_finds_to_avoid_false_accusations_and_a_good_habit_does_not():
    from sim.core.learned import _threshold

    # Vetoing below 0.3 costs 20 true finds; vetoing up to 0.5 also removes 10 false ones.
    scored = ([(0.0, True, 0.9)] * 100 + [(0.0, True, 0.3)] * 20 + [(0.0, False, 0.5)] * 10
              + [(0.0, False, None)] * 100)
    _, _, good_veto = _threshold(scored, avoid=False)
    _, _, avoid_veto = _threshold(scored, avoid=True)
    assert good_veto <= 0.3 and avoid_veto > 0.5
