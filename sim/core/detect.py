"""Detect catalogue behaviours in one trainee utterance, each with a quotable span and reason.

Rules are ours, written as anchored regular expressions over a lower-cased copy of the
text that keeps every character at its original offset, so a span always quotes the
trainee's own words. Trainer phrases go through `phrases.PhraseBook`, never raw regex.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sim.core.catalogue import AVOID_BEHAVIOURS
from sim.core.phrases import PhraseBook
from sim.core.rules import Rule, RuleSet

if TYPE_CHECKING:
    from sim.core.learned import Model, Verdict

# Beyond this many characters a turn is a monologue anyway; bounding the analysed
# prefix keeps detection time bounded whatever is pasted in.
ANALYSED_CHARS = 4000
A = "['’]?"  # optional apostrophe: "don't" and "dont" alike


@dataclass(frozen=True, slots=True)
class Detection:
    """One behaviour found in a turn: where (character span) and why."""

    behavior: str
    start: int
    end: int
    reason: str
    # An explicit marker ("just to make sure I've got this right") that the learned layer
    # may not veto; most rule hits can be overruled by the wording around them.
    explicit: bool = False

    def quote(self, text: str) -> str:
        """The trainee's own words that triggered this detection."""
        return text[self.start : self.end]


class _Sentence(NamedTuple):
    # A named tuple, not a frozen dataclass: a turn makes a few of these and the dataclass's
    # checked __init__ cost three times as much.
    start: int
    end: int
    text: str  # lower-cased, offsets as in the original

    @property
    def is_question_marked(self) -> bool:
        return "?" in self.text


# Planned on first use (see `warm_up`): compiling the tables takes ~180 ms, so the compiled
# form is kept beside this module and read back in ~10 ms by later processes (see rule_cache).
# Matched against lower-cased text only.
_RULES = RuleSet(Path(__file__).with_name("__pycache__") / f"detection-rules.{sys.implementation.cache_tag}.bin")
_rx = _RULES.add


def rule_patterns() -> list[str]:
    """The source of every detection rule (the learned layer is trained against these)."""
    return [rule.pattern for rule in _RULES.rules]


def warm_up() -> None:
    """Compile every detection rule and load the learned weights now, while nobody is waiting."""
    from sim.core.learned import model

    _RULES.compile()
    model()


def _lowered(text: str) -> str:
    """Lower-case `text` without changing its length, so offsets stay valid."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    low = low.replace("’", "'").replace("‘", "'")
    # "5 p.m. today" and "£12.50 a month" must not split into sentences at their dots. Most
    # texts have none: the scan says so at no cost, as the text it scans is the one returned.
    if "." not in low or not _ABBREV.search(low):
        return low
    return _ABBREV.sub(lambda m: m.group(0).replace(".", "_"), low)


_ABBREV = _rx(r"\b(?:[ap]\.m\.|e\.g\.|i\.e\.|etc\.|mr\.|mrs\.|ms\.|dr\.|approx\.|no\.(?= ?\d))|(?<=\d)\.(?=\d)")
_QUOTED = re.compile(r'"[^"\n]{1,200}"|“[^”\n]{1,200}”')
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def _sentences(low: str) -> tuple[_Sentence, ...]:
    """The sentences of `low`, in order (the last text's are kept: a turn asks several times)."""
    global _last_split
    last = _last_split  # read once: another thread may replace it meanwhile
    if last[0] == low:
        return last[1]
    out = []
    for m in _SENTENCE.finditer(low):
        chunk = m.group(0)
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start = m.start() + lead
        out.append(_Sentence(start, start + len(stripped), stripped))
    found = tuple(out)
    _last_split = (low, found)
    return found


_last_split: tuple[str | None, tuple[_Sentence, ...]] = (None, ())


# ---------------------------------------------------------------- questions

_FILLER = r"(?:(?:ok(?:ay)?|so|and|also|right|alright|great|sure|perfect|thanks|sorry|well|now|" \
    r"first(?:ly)?|just|quick question|one more thing|oh|ah|hmm|cool|yes|no|then)\W+)*"
_AUX = r"(?:could|can|would|will|do|does|did|is|are|was|were|have|has|had|may|might|shall|should)"
_SUBJECT = r"(?:you|u|ya|i|we|it|that|this|there|they|he|she|your|the|my|anyone|someone|any|either|those|these|both)"
_Q_START = _rx(
    rf"^{_FILLER}(?:"
    rf"(?:what|when|where|which|who|whom|whose|why|how)\b(?!\s+(?:a|an)\b)"
    rf"(?!\s+(?:awful|frustrating|annoying|terrible|horrible|stressful|rude|kind|lovely|great)\b)"
    rf"(?!\s+(?:you|we|i)\s+(?:get|have|do|can|are)\b)"
    rf"|{_AUX}(?:n{A}t)?\s+{_SUBJECT}\b"
    rf"|any chance|mind (?:telling|sharing|confirming)|(?:do (?:you|u) )?want me to\b"
    rf"|(?:please\s+)?(?:tell|walk) me\b|(?:please\s+)?let me know (?:what|when|where|which|who|how|if|whether|your)"
    rf"|i{A}d (?:like|love) to (?:know|ask|understand|check)|i (?:was|am) wondering|wondering (?:if|whether|what|when)"
    rf")"
)
_Q_EMBEDDED = _rx(
    r"\b(?:can|could|would|will) (?:you|u) (?:please |just |quickly )?(?:tell|give|send|confirm|share|provide|describe|"
    r"explain|walk me|spell|read out|let me know)\b"
    r"|\b(?:may|can|could) i (?:please )?(?:ask|have|get|take|grab|check|confirm)\b"
    r"|\bdo you (?:know|have|remember|happen)\b"
)
# Questions that are really accusations or brush-offs: never credited as questions.
_RHETORICAL = _rx(
    rf"\b(?:do|did|have|are) (?:you|u) (?:even|ever|not|honestly|seriously) (?:read|listen|understand|check|know|think|"
    rf"look|bother|pay|realise|realize|get)|\b(?:you|u) (?:do|surely|must) (?:know|realise|realize|understand|get)\b"
    rf"|\bwhy (?:would|should) (?:we|i|anyone|you|they|the company)\b"
    rf"|\bwhy (?:didn{A}t|did not|don{A}t|do not|can{A}t|couldn{A}t|wouldn{A}t|won{A}t|haven{A}t) (?:you|u)\b"
    rf"|\bwhat (?:do|did) (?:you|u) (?:expect|want me to do)"
    rf"|\bwhat (?:part of|else do you want|more do you want|is (?:your|ur) problem|{A}s (?:your|ur) problem|{A}s wrong with you)"
    rf"|\bhow (?:many times|hard is it|difficult is it|else (?:am|can|do) i|am i supposed|would i know|is that my)"
    rf"|\bare (?:you|u) (?:serious|kidding|joking|for real|even listening|deaf|stupid|blind)"
    rf"|\b(?:who|what) do (?:you|u) think\b|\bcan{A}t (?:you|u) (?:just |even )?(?:read|see|understand|listen|follow)"
    rf"|\bdon{A}t (?:you|u) (?:think|understand|get|see|know|read)\b|\bcan (?:you|u) believe\b"
    rf"|\bis (?:that|it) (?:so|really that|too) (?:hard|difficult)|\bisn{A}t (?:it|that) obvious"
    rf"|^(?:seriously|really|what|huh|excuse me|you know what|got it|understand|understood|ok(?:ay)?|right|yeah|capiche)\s*[?!.]*$"
)
# "You'll wait, OK?" - a statement with a tag is not a genuine question.
_TAG_ONLY = _rx(r"^(?!.*\b(?:what|when|where|which|who|how|why)\b).*,\s*(?:ok(?:ay)?|right|alright|yeah|got it|understood|yes|clear)\s*\?+$")


# A question typed on the end of a statement with no mark: "…, would either of those work"
_LAST_CLAUSE = _rx(r",\s*([^,]+?)\s*$")
# ...but not a relative clause ("…, which is cheaper"), a tag ("…, isn't it") or a jibe.
_NOT_A_TRAILING_QUESTION = _rx(
    rf"^(?:which|who|whose|whom)\b(?! (?:one|of|would|do|does|did|suits you|works (?:best|better|for you)|is (?:best|better|easier)))|^who{A}?d\b"
    rf"|^(?:is|isn{A}?t|isnt|wasn{A}?t|aren{A}?t|don{A}?t|doesn{A}?t|didn{A}?t|won{A}?t|can{A}?t|right) ?(?:it|that|you|they|he|she|we|i)?\s*$"
    rf"|\bor what\s*$|\bhow (?:did|will|would|do) (?:you|u) (?:ever )?(?:cope|survive|manage)\b|\bthink would happen\b"
)


# Statements that open like questions. A counterfactual: "Had you rung earlier, we could have
# fixed it". A pseudo-cleft: "what I'd like you to do is restart it". And, closed with a full
# stop, a question word followed by a plain subject and verb, with no inversion: "When the
# organiser pays it back to us.", "When you arrive, go to reception." ("What sort of food would
# you like." still asks: agents do end questions with a full stop.)
_NOT_A_QUESTION = _rx(
    rf"^{_FILLER}had (?:you|u|i|we|they|he|she|it)\b[^.?!]*\b(?:would|could|might)(?:n{A}?t)? (?:have|of|{A}ve)\b"
    rf"|^{_FILLER}what (?:i|we)(?:{A}d| would| will|{A}ll| can| could)?(?: like| want| need)?(?: you)?(?: to)? (?:do|suggest|recommend|can do)\b[^.?!]{{0,20}}\bis\b"
)
_STATEMENT_WITH_FULL_STOP = _rx(
    rf"^{_FILLER}(?:when|where|why|how|what) (?:you|u|he|she|they|we|i|it|(?:the|your|our|my|this|that) \w+) "
    rf"(?!(?:do|does|did|is|are|was|were|will|would|can|could|should|shall|may|might|have|has|had|{A}s|{A}re|{A}ll|{A}d)\b)\w+.*(?<!\.)\.$"
)


def _question_sentences(sentences: Sequence[_Sentence]) -> list[_Sentence]:
    found = []
    for s in sentences:
        if _RHETORICAL.search(s.text) or _TAG_ONLY.search(s.text):
            continue
        statement = not s.is_question_marked and bool(
            _NOT_A_QUESTION.search(s.text) or _STATEMENT_WITH_FULL_STOP.search(s.text))
        if not statement and (s.is_question_marked or _Q_START.search(s.text) or _Q_EMBEDDED.search(s.text)):
            found.append(s)
        elif (s.text[-1] not in ".!" and (m := _LAST_CLAUSE.search(s.text)) and _Q_START.search_fragment(m.group(1))
              and not _NOT_A_TRAILING_QUESTION.search_fragment(m.group(1))):
            start = s.start + m.start(1)
            found.append(_Sentence(start, start + len(m.group(1)), m.group(1)))
    return found


# ---------------------------------------------------------------- positive rules

_CLARIFIES = _rx(
    rf"\bwhat (?:matters|is|{A}s) most|\bwh?at{A}?s the (?:most urgent|main|biggest|most important|problem|issue|claim|call|matter|trouble)"
    rf"|\bwh?at{A}?s the \w+ (?:about|for)\b|\bwhich part\b|\bwhich of (?:those|these|them) is (?:causing|bothering|worst|the (?:biggest|main|most))"
    rf"|\b(?:were|are) (?:you|u) (?:wanting|hoping|looking|trying) to|\bis something else going on|\bwhat else is going on"
    rf"|\bis it (?:the|your|about) [^.?!]{{1,50}}(?:you{A}?re|youre|you are) (?:calling|writing|messaging|contacting|here|chatting) about"
    rf"|\bwhat exactly is\b|\bwhat is the \w+ doing|\bwhat (?:would you like|do you need|can i do|brings you)\b|"
    rf"\bwh?at{A}s (?:happened|happening|going on|gone wrong|wrong|up|the (?:problem|issue|matter|situation))"
    rf"|\bwh?at (?:you{A}d|you would|u would|u{A}d|youd|would you|would u) (?:like|want|prefer) (?:us|me|to happen|done|to see)"
    rf"|\bwat (?:happen|went|is|would|do)"
    rf"|\bwhat (?:exactly )?(?:happen(?:e|)d|hap+ened|went wrong|seems to be|{A}s (?:going on|happened|wrong|up|the (?:problem|issue|matter|situation))|"
    rf"is (?:going on|wrong|happening|the (?:problem|issue|matter|situation))|has happened|can (?:i|we) (?:do|help)|"
    rf"would (?:you like|help|make|a good|be (?:a good|the best|ideal|most helpful|best))|"
    rf"do (?:you|u) (?:need|want|expect|have in mind)|are (?:you|u) (?:hoping|looking|trying|after|wanting)|"
    rf"outcome|result|resolution|brings you|(?:is|{A}s) the (?:main|biggest|most important)|did (?:they|the|it|we)|"
    rf"(?:is|{A}s) (?:most )?important to you|would (?:you consider|fix)|(?:error|message) (?:do|did|are|is))"
    rf"|\bhow (?:can|may|might|could) (?:i|we) (?:help|assist|sort|fix|make|put)\b(?!(?: you)? (?:any )?further| you with anything else)"
    rf"|\bwhat can (?:i|we) do\b|\bhow (?:do|would) (?:you|u) (?:want|like) (?:this|it|us|me|things) (?:to be )?(?:resolved|handled|sorted|fixed|to)"
    rf"|\b(?:tell|walk) me (?:a (?:bit|little) )?(?:more )?(?:about|through|what|how|when|exactly|why)"
    rf"|\b(?:tell|describe|explain|walk me through|let me know) (?:to me )?(?:what|how|when|more|a bit|exactly|the (?:problem|issue|situation))"
    rf"|\bhas (?:this|it|that) happened before"
    rf"|\bwhich (?:order|account|item|device|booking|card|product|charge|payment|transaction|parcel|package|bill|flight|policy)"
    rf"|\bis (?:there )?anything (?:i|we) can\b|\bwhat{A}?s (?:the )?(?:problem|issue)|\bwhat (?:do|did) (?:you|u) (?:see|notice|get)"
    rf"|\bwhat (?:are|were) (?:you|u) (?:expecting|hoping|trying)|\bwhat (?:time|date) did\b|\bwhere did (?:it|this|the)"
)

_FEELING = (
    r"frustrat\w*|annoy\w*|anoying|upset\w*|stress\w*|disappoint\w*|miserable|awful|rotten|infuriat\w*|maddening|"
    r"exhausting|worr(?:y|ying|ied)|scary|frightening|horrible|terrible|rubbish|gutting|heartbreaking|unsettling|"
    r"nightmare|a nightmare|a pain|a hassle|a headache|rough|tough|hard on you|not fair|unfair|unacceptable|let down|"
    r"a long (?:time|wait|day|week)|far too long|way too long|too long to wait|inconvenient|distressing|overwhelming|"
    r"fed up|furious|angry|cross|confus\w*"
)
_NOT_CLARIFYING = _rx(r"\bis that what happened\b|\bi{A}?ll (?:tell|explain) (?:you )?what\b".replace("{A}", A))
_EMPATHY = _rx(
    rf"\bi (?:can |do |totally |completely |fully |really |absolutely |truly |definitely |honestly )*"
    rf"(?:understand|see|imagine|appreciate|get|hear|feel) (?:(?:how|why|what|that)\s+(?:(?:this|that|it|all this)\s+(?:must|would|has|is|feels|was|{A}s)|"
    rf"you|your|youre|{_FEELING})|this (?:is|must|has)|your (?:frustration|point|concern|worry|anger|situation)|"
    rf"the (?:frustration|stress|inconvenience|worry|annoyance|urgency)|you(?:{A}re| are| were|{A}ve| have| must)|"
    rf"where (?:you{A}re|you are|youre) coming from|wanting)"
    rf"|\bi know (?:you{A}?(?:ve|re)|you (?:have|are)|it{A}?s been|its been|it has been|this (?:is|has)|that (?:is|was)|how|waiting|(?:it|that|this) (?:is|was|must))"
    rf"|\b(?:is|was|are|{A}s|sounds?|seems?|must be|feels?|looks?)\s+(?:\w+\s+){{0,2}}?(?:so |really |very |incredibly |such |absolutely |just |pretty |genuinely |truly )*"
    rf"(?:{_FEELING})\b"
    rf"|^(?:oh no,? |ugh,? |oh,? )?how (?:{_FEELING})\b|\b(?:rotten|bad|awful|terrible|horrible) luck\b|\bnobody (?:wants|likes|should have) to\b"
    rf"|\b(?:fair|understandable|natural|reasonable|normal|right) to (?:be|feel) (?:angry|upset|annoyed|frustrated|cross|worried|fed up|furious)"
    rf"|\bit sounds like [^.?!]{{0,40}}(?:let down|didn{A}t listen|a (?:rough|hard|tough|long)|been through|{_FEELING})"
    rf"|\b(?:you must be|you{A}re probably|you{A}?ve been) (?:so |really |very )?(?:exhausted|worried|fed up|frustrated|stressed|tired|upset|"
    rf"angry|through a lot|really patient|let down)"
    rf"|\b(?:that|this|it|which)(?: all)?(?:{A}s| (?:must|would|will|can|could|sounds?|seems?|is|was|has been|{A}s been|"
    rf"must have been|must{A}ve been|feels?|gets?|got))(?: be| have been| like)?(?: (?:so|really|very|incredibly|super|extremely|genuinely|pretty|"
    rf"quite|such|a|an|absolutely|truly|hugely|massively|so so|beyond))* (?:frustrating|frustratin|annoying|anoying|stressful|upsetting|"
    rf"difficult|hard|awful|infuriating|worrying|maddening|exhausting|disappointing|inconvenient|confusing|nightmare|"
    rf"pain|hassle|headache|lot to deal|terrible|horrible|rough|tough|scary|frightening|worrying|unacceptable|"
    rf"not (?:good enough|ok|okay|acceptable|fair|what you|right)|unfair|rubbish|a lot to)"
    rf"|\bwhat a (?:nightmare|pain|hassle|headache|mess|rough|stressful|frustrating|horrible|terrible|worry)"
    rf"|\b(?:i{A}m|i am) (?:so |really |very |truly |genuinely |terribly |deeply |sincerely )?(?:sorry|sory) "
    rf"(?:to hear|(?:that|about|for) (?:this|that|the|all|what|you|your|everything)|you(?:{A}ve| have| had| were|{A}re| are)|"
    rf"this (?:has|happened)|it{A}s been|things)"
    rf"|\bi(?:{A}d| would) (?:be|feel|have been) (?:just as |really |so |pretty |very |absolutely )?(?:frustrated|upset|annoyed|"
    rf"angry|worried|the same|stressed|cross|fed up|furious|livid|gutted)"
    rf"|\bno wonder (?:you|you{A}re)\b|\b(?:it{A}s|that{A}s|its|thats) (?:completely |totally |perfectly |entirely |very )?"
    rf"(?:understandable|natural to feel|fair to be|normal to feel)|\bunderstandabl[ey]\b|\byou have every right\b"
    rf"|\bi hear (?:you|what you{A}re saying|how)\b(?!\s+(?:asked|said|want|wanted|need|were|called|mentioned|had))|\bi get (?:it|that|why|how)\b(?!,? but)|\bi know (?:how|what) (?:that|it|this) "
    rf"(?:feels|must|can)|\bi know how (?:frustrating|annoying|stressful|hard|difficult|upsetting|worrying)"
    rf"|\bi{A}?ve been (?:there|in your shoes|through)|\bi can only imagine\b|\bi{A}d feel the same\b"
    rf"|\b(?:that{A}s|it{A}s|thats|its) (?:a lot|so much|too much) to (?:deal|handle|cope|juggle)"
    rf"|\bon top of (?:everything|a move|all (?:that|this|of that)|moving|work)"
    rf"|\bthe last thing you need\b|\bi{A}m (?:so )?sorry you{A}(?:re| are| ve| have) (?:had|been|going|dealing|having)"
)
# Formulaic non-empathy that borrows its words.
_FAKE_EMPATHY = _rx(rf"\bsorry (?:that )?you feel (?:that way|like that)|\bi understand,? but\b"
                    rf"|\bi (?:get|hear|understand|know)\b[^.!?]{{0,40}}\bbut (?:that{A}?s|thats|raising|it{A}?s (?:policy|the rule)|rules|policy|you{A}?ll have)"
                    # heard, then refused with nothing in its place: "i hear you, but no"
                    rf"|\bi (?:get|hear|understand|know|appreciate)\b[^.!?]{{0,40}}\b(?:but|however),? (?:no\b|the (?:fee|charge|"
                    rf"policy|rules?|price|decision|terms|system) (?:is|was|stands|applies|has been)\b)")

# Asking for an identity detail ("please confirm your date of birth") checks the caller, not
# what was understood.
_ID_DETAIL = (r"(?:(?:your|the|ur) )?(?:date|dob|d\.o\.b|name|full name|address|first line|postcode|post code|zip|email|"
              r"phone|mobile|number|account|card|identity|security|password|pin|last (?:four|4)|birthday|reference|"
              r"details? (?:on|of) (?:the|your) account)")
_CONFIRM_STRONG = _rx(
    rf"\b(?:if i{A}(?:ve| have) (?:got|understood|heard) (?:this|that|you|it|everything|all that) (?:right|correct|correctly|rite)"
    rf"|just so i{A}?m (?:sure|clear|certain|on the same page)|\bso i (?:have|{A}ve got|get|got) (?:it|this|that|everything|all that) (?:right|straight|correct)|so i{A}?m (?:sure|clear) i(?:{A}ve| have)? (?:got|understand)"
    rf"|did i (?:miss|leave out) anything|(?:have|did) i (?:got|get) (?:all )?(?:that|this|it|everything) (?:right|correct|rite)"
    rf"|if i (?:understand|hear|heard|read|got) (?:you |this |that |it )?(?:right|correctly|properly)"
    rf"|(?:just )?to (?:make sure|recap|summari[sz]e|sum up|be sure|be clear|double[- ]check)\b(?: i{A}(?:ve| have) got| i understand| i{A}m understanding)?"
    rf"|(?:let me|can i|could i|i want to|i{A}ll just|i{A}d like to|i just want to) (?:just |quickly )?(?:make sure|check i|check that i|"
    rf"recap|repeat (?:that|it|this) back|read (?:that|it|this) back|see if i{A}ve|summari[sz]e|play (?:that|it) back)"
    rf"|\b(?:please|kindly) (?:confirm|verify)\b(?! {_ID_DETAIL})|^to verify\b"
    rf"|\b(?:can|could|would|will) (?:you|u) (?:please )?confirm (?:that )?(?:you\b|your\b(?! {_ID_DETAIL}))|^confirm (?:that )?(?:you|u)\b"
    rf"|\b(?:are|is) (?:the|these|those|all) (?:data|details|information|info)(?: all)? correct"
    rf"|correct me if i{A}m wrong|just checking i (?:understand|have|{A}ve got|got)|to check i{A}?m (?:following|understanding|getting)"
    rf"|just making sure i (?:have|{A}ve got|got|understand)|if i{A}?m hearing you (?:right|correctly)|just so i understand"
    rf"|have i (?:got|understood|heard) (?:that|this|it|everything|you|all (?:that|of that)) (?:right|correctly)"
    rf"|(?:do|did) i (?:have|get|understand) (?:that|this|it|you|everything|all (?:that|of that)) (?:right|correct|correctly)|am i right (?:in thinking|that|to say)"
    rf"|is that (?:a )?(?:fair|accurate|correct|right) (?:summary|recap|understanding)"
    # Reading a request back for the customer to check: "please confirm: a table for 4 at 7?"
    rf"|\bconfirm (?:these|the following|the|your|all the) (?:details|booking|information|info|request|order)\b"
    rf"|\b(?:check|review)(?: and (?:confirm|review|check))? (?:these|the following|the below) (?:details|information|info)"
    rf"|\bi need (?:your confirmation|you to confirm)|\bgive (?:me )?(?:your |a )?confirmation\b|\bconfirmation details\b"
    rf"|\blet{A}?s (?:confirm|go over|check|review) (?:the|these|your) details|^(?:ok(?:ay)?,? |sure(?: thing)?,? |great,? )?confirming (?:that )?(?:you|your request)\b"
    rf"|\b(?:see|check) if i (?:got|have|{A}ve got|understood|heard)\b|(?<!what )(?<!wtf )\bdid (?:you|u) mean\b"
    rf"|\bto confirm(?: then)?[:,]? (?:so )?(?:you|u) (?:want|would like|{A}d like|wanted|are looking|{A}re looking|need|needed|wish|asked for|are after|{A}re after))"
)
# Weaker markers count only with a check: "just to confirm, you want the 12th?"
_CONFIRM_WEAK = _rx(
    rf"(?:^|[,.;:-] |(?<=\bso )|(?<=\bok )|(?<=\bokay )|(?<=\bright )|(?<=\band ))(?:just )?to (?:confirm|clarify|check)\b"
    rf"|(?:what )?i{A}m hearing is|so what (?:you{A}re|you are|your) saying|(?:you{A}re|you are|your) saying (?:that|you)"
    rf"|^(?:(?:oh|ah|sorry|ok(?:ay)?|so)\W+)?(?:do )?(?:you|u) mean\b|\bit sounds like (?:you|your|the|this)|\bso to (?:confirm|clarify)|^(?:ok(?:ay)?,? |right,? |sure,? |got it,? )?so\b|^got it\b"
    rf"|^(?:ok(?:ay)?,? )?so (?:two|three|\d) things|\bi see (?:you{A}?re|youre) (?:calling|writing|here) about"
    # A request read back as a question: "you'd like the 7:30 showing, correct?"
    rf"|^(?:(?:ok(?:ay)?|alright|great|sure|right|and)\W+)*(?:you|u)(?: (?:want|wanted|would like|wanna|wish to|are looking|are after)|{A}d like|{A}re (?:looking|after))\b"
    rf"|^(?:(?:ok(?:ay)?|alright|great|sure)\W+)?confirming\b"
    rf"|^your (?:request|stated desire|booking|order|reservation) (?:is|was) (?:for|to)\b"
)
_CHECK_TAG = _rx(r"^(?:is|was) (?:that|this|it) (?:right|correct|it|everything|all|accurate)\W*$|^(?:is )?(?:that |this |it )?(?:all|everything) (?:correct|right|good|ok|okay)\W*$|^(?:have|did) i (?:got|get) (?:that|it|this|everything) (?:right|correct)\W*$"
                 r"|^(?:right|correct|yes|yeah)\s*\?+$")
# A statement read back with "is that right?" on its end or as the next sentence checks it, whatever
# its opening words: "I'll move your delivery to Friday the 12th. Is that correct?"
_IS_THAT_RIGHT = (rf"(?:(?:is|was) (?:that|this|it) (?:all )?(?:right|correct|accurate)|(?:is |it{A}?s )?correct(?: like this)?"
                  r"|(?:have|did|do) i (?:got|get|have) (?:that|it|this|everything|all that) (?:right|correct|correctly)"
                  rf"|i{A}ve got (?:that|it|this|everything|all that) (?:right|correct)|right|yes|confirm"
                  r"|(?:does |do )?(?:that|this|it|everything|all that|all of that)? ?(?:sounds?|looks?|seems?) (?:right|correct|accurate)"
                  r"|(?:does|do) (?:that|this|it) match what you (?:wanted|asked for|need|needed|meant|had in mind))\W*$")
_READBACK_TAG = _rx(r"(?:,|\s[-–—])\s*" + _IS_THAT_RIGHT)
_READBACK_NEXT = _rx(r"^" + _IS_THAT_RIGHT)
_CONFIRM_SO_YOU = _rx(r"^(?:(?:ok(?:ay)?|alright|all right|right|great|sure|got it),? )?(?:so|right,? so|okay so)\b,? (?:basically |essentially |just |to be clear,? )?"
                      r"(?:you|your|the|it|this|that|they|there|u)\b")
# "You'll wait, ok?" asks for agreement to an order, not for a check of what was understood.
_ORDER_TAG = re.compile(r",\s*(?:ok(?:ay)?|alright|got it|understood|clear)\s*\?+$")
_CONFIRM_CHECK = _rx(r"(?:\?|\b(?:is that|was that|have i got that|did i get that|that|is this) (?:right|correct|accurate|rite)|"
                     r"\bis (?:that |this |it )?(?:all|everything) (?:right|correct|ok|okay|good)|^(?:is )?(?:that )?all (?:correct|right|good)|"
                     r",\s*(?:right|correct|yes|yeah|rite)|\b(?:right|correct|rite)\s*\?)[\s.!?]*$")

# "Take it or leave it" has an "or" in it but offers nothing.
_ULTIMATUM = _rx(r"\b(?:take|like|love) it or (?:leave|lump) it\b")
# An alternative to what was refused (the catalogue counts it as an option): something is not to
# be had ("no rooms", "discontinued", "won't apply"), and later in the turn something else is
# put in its place ("the closest match we stock", "we still have it in sage", "...instead?").
_NOT_TO_BE_HAD = _rx(
    rf"\bno (?:rooms?|tables?|trains?|flights?|buses|seats?|spaces?|slots?|availability|longer|more)\b"
    rf"|\bnot (?:available|possible|in stock)\b|\bunavailable\b|\bdiscontinued\b|\bout of stock\b|\bsold out\b"
    rf"|\bfully booked\b|\b(?:is|are|{A}s|{A}re) full\b|\bwon{A}?t (?:apply|work)\b|\bcan{A}?t\b|\bcannot\b|\bunable to\b"
    rf"|\bunfortunately\b|\bdon{A}?t (?:have|stock|sell|offer)\b|\bdoesn{A}?t (?:have|apply)\b|\bisn{A}?t (?:available|possible)\b"
)
_IN_ITS_PLACE = _rx(
    rf"\binstead\b(?! of)|\bclosest (?:match|thing|alternative|option)\b|\b(?:we|i) (?:do|still) (?:have|stock)\b"
    rf"|\bthere(?:{A}?s| is) (?:a|also a) (?:cheaper|similar|newer|later|earlier|nearby)\b"
    rf"|\bha(?:s|ve) (?:availability|space|rooms?|tables?|seats?)\b|\bwould you like to try\b|\bhow about\b"
    rf"|\bwould (?:a|an|the) [^.?!]{{1,40}} (?:work|suit|do)\b"
)
# Sending the customer away is no alternative: "try another shop instead".
_ELSEWHERE = _rx(r"\belsewhere\b|\bsomewhere else\b|\bsomeone else\b|\banother (?:shop|store|company|provider|supplier|retailer|bank|seller)\b")
_OPTIONS = _rx(
    rf"\b(?:can{A}?t|cannot|won{A}?t|wont|isn{A}?t|not|don{A}?t|doesn{A}?t|unable|no longer|full|out of stock|only|was)\b[^.?!]{{0,90}}?,?\s+but\s+"
    rf"(?!i understand|i get|that{A}?s|it{A}?s (?:policy|the rule)|rules)[^.?!]{{0,60}}?\b(?:can|could|will|{A}ll|there{A}?s|theres|there (?:is|are)|"
    rf"have|has|is available|are available|possible|would|able|instead)\b"
    rf"|\b(?:can|could|able to)\b(?!{A}?t\b| not\b| (?:i|we) (?:just )?(?:ask|check)\b| (?:you|u) (?:please )?(?:tell|let|confirm|check|send|give)\b| take\b)"
    rf"[^.?!]{{1,100}}?\bor\b(?! (?:not|so|two|twice|more|less|later|anything|something|both|three|other)\b)"
    rf"|\bhow about\b[^.?!]{{1,80}}?\bor\b|\b(?:i{A}?ve|i have|we{A}?ve|we have) found\b[^.?!]{{1,80}}?(?:,|\band\b|\bor\b)"
    rf"|\b(?:two|three|\d) (?:suggestions|options|choices|possibilities)\b|\b\w+, [^.?!,]{{1,40}},? or\b"
    rf"|\b(?:i|we) (?:can|could) also\b|\bthere(?:{A}?s| is| are) also\b|\btheres also\b|\b(?:two|three|a few|several) ways\b|\bways to go\b"
    rf"|"
    rf"\beither\b[^.?!]{{1,100}}?\bor\b(?! (?:you )?(?:don{A}?t|won{A}?t|can{A}?t|do i)\b)"
    rf"|\b(?:two|2|a couple of|a few|several|three|3|some|other|different|a couple|some other) (?:options|choices|alternatives|ways (?:we|i) can|possibilities|routes)"
    rf"|\b(?:another|the other|a second|my first|second|the first|a third|third) option\b|\bone option (?:is|would be)\b|\balternatively\b"
    rf"|\boption (?:1|2|one|two|a|b)\b|\bhere{A}?s what (?:i|we) can (?:offer|do)|\b(?:i|we) (?:can|could) offer (?:you )?(?:two|a couple|a few|some|either)"
    rf"|\bor,? (?:if you(?:{A}d)? (?:prefer|rather|like|want)|(?:i|we|you) (?:can|could)|else (?:i|we) (?:can|could)|otherwise)"
    rf"|\b(?:instead|in the meantime),? (?:i|we) (?:can|could)|\b(?:what|something) (?:i|we) (?:can|could) do (?:instead |for you |right now |today )?is\b"
    rf"|\b(?:but|however|though|that said),? (?:what )?(?:i|we) (?:can|could|am able to|{A}m able to|{A}re able to)\s+(?:also\s+)?(?!not\b|n{A}t\b)"
    rf"(?:offer|arrange|set up|have|get|put|transfer|connect|send|book|schedule|do|give|escalate|raise|ask|call|refund|credit|waive|"
    rf"replace|process|pass|log|take|check|look|make|email|organi[sz]e|sort|try|see|reissue|reorder|reship|expedite)"
    rf"|\b(?:would (?:you|u) (?:like|prefer|rather)|do (?:you|u) (?:want|prefer|fancy)|shall i|should i|(?:i|we) (?:can|could)|(?:you|u) (?:can|could)|"
    rf"is it|are you after|happy (?:with|to))\b[^.?!]{{1,120}}?\bor\b(?! (?:not|so|two|twice|more|less|later|anything|something|both|three|other)\b)"
    rf"|\bwould (?:you|u) prefer\b[^.?!]{{0,60}}?,[^.?!]{{1,60}}?\bor\b"
    # Asking which of two or more things the customer wants: "are you after a sedan or an suv?"
    rf"|(?:\b(?:would|will) (?:you|u) be (?:interested|looking|paying|wanting)|\b(?:are|r) (?:you|u) (?:looking|interested|planning|hoping|wanting|needing|in need of)\b"
    rf"|\bdo (?:you|u) (?:need|require|like|have a preference)|\b(?:any|your|a) (?:preference|preferred)|\b(?:what|which) (?:kind|type|sort|category)\b"
    rf"|\b(?:let me know|tell me) (?:whether|if) (?:you|u)\b)[^.?!]{{1,100}}?\bor\b(?! (?:not|no|so|later|anything|something|both)\b)(?=[^.!]*\?)"
    # A bare choice put as a question ("regular or luxury?"), or categories with "or something else".
    rf"|(?:^|[.?!]\s*)(?!(?:is|was|did|does|has|have|are|were|do|can|could|should|will|would|why|how)\b)"
    rf"(?:(?:maybe|perhaps|either|like)\s+)?[a-z0-9' -]{{1,30}} or [a-z0-9' -]{{1,30}}\?"
    rf"|,? or (?:something|anything) else\s*\?"
    # Named alternatives in a list: "i found a, b and c", "including a, b, or c".
    rf"|\b(?:i (?:also )?found|(?:i|we)(?:{A}ve| have) (?:also )?found|including|options (?:are|include)|such as|for example|"
    rf"choose (?:from|among|between)|how about|do you like|would you (?:like|enjoy|fancy)|"
    rf"what about|what do you think (?:of|about)|(?:the|these) following|short ?listed|came up with)\b:?"
    rf"(?: (?:these|the following|them|some|\d+|two|three|four))?(?: \w+)?:? [^,.?!:]{{1,40}}, [^,.?!]{{1,40}},? (?:and|or)\b"
    rf"|\b(?:ones|options|picks|choices) (?:are|include)\b[^.?!]{{1,60}}?\b(?:and|or)\b"
    rf"|\bthere(?:{A}?s| is| are)\b(?! (?:no|nothing|not|never|only)\b)[^.?!]{{1,80}}?\bor\b(?! (?:not|no|so|anything|something|both|more|less|later)\b)"
    rf"|\b(?:best|ideal|preferred)\b[^.?!]{{0,60}}?\bor\b(?=[^.!]*\?)"
    # Times offered side by side: "a 2:40 today or dr khan has 4:15", "at 6:50, 13:20 and 19:05".
    rf"|\b\d{{1,2}}(?:[:_]\d\d(?:\s?[ap]_?m)?|\s?[ap]_?m)\b[^.?!]{{0,60}}?\bor\b[^.?!]{{0,40}}?\b\d{{1,2}}(?:[:_]\d\d)?(?:\s?[ap]_?m)?\b"
    rf"|\b\d{{1,2}}[:_]\d\d, \d{{1,2}}[:_]\d\d,? (?:and|or) \d{{1,2}}[:_]\d\d\b"
    # A list followed by a question that hands over the choice.
    rf"|\b(?:and|or)\b[^.?!]{{1,80}}[.?!,]\s*(?:which|who)\b[^.?!]{{0,40}}\b(?:prefer|like|suits?|works?|want|rather|fancy)"
    rf"|\b(?:see|want|fancy|like|try) (?:either|any) (?:of (?:those|these|them)|one)?\s*\?"
    rf"|\b(?:and|or)\b[^.?!]{{1,80}}[.?!,]\s*(?:[^.?!]{{0,40}}\b(?:either|any of (?:these|those|them))\b[^.?!]{{0,30}}\?|which one\s*\?)"
    # A count, then the named alternatives: "two under £20: lite at £9 and flex at £16.50".
    rf"|\b(?:two|three|four|five|\d)\b(?![^.?!:]{{0,40}}\b(?:need|bring|send|things|bits|reasons|steps|documents|questions)\b)"
    rf"[^.?!:]{{0,40}}(?::| -) [^,.?!]{{1,40}}(?:, [^,.?!]{{1,40}})*,? (?:and|or)\b"
    # A choice put without "do you": "want it on the day, or a week before?"
    rf"|(?:^|[.?!]\s*)(?:(?:do )?(?:you|u) )?want (?:it|them|this|that|one)\b[^.?!]{{1,80}}\bor\b(?! (?:not|no)\b)[^.?!]*\?"
    # Times side by side: "we have the 9:10 and the 11:40 sailings".
    rf"|\b(?:we(?:{A}ve| have)(?: got)?|there(?:{A}?s| is| are)|i(?:{A}ve| have) got|(?:i|we) (?:can|could) do)\b[^.?!]{{0,30}}?"
    rf"\b\d{{1,2}}(?:[:_]\d\d(?:\s?[ap]_?m)?|\s?[ap]_?m)\b[^.?!]{{0,30}}? and (?:the |a |one at )?\d{{1,2}}(?:[:_]\d\d|\s?[ap]_?m)"
)

_CONTROL = _rx(
    rf"\bwh?ich\b[^.?!]{{0,40}}?\b(?:suits?|works?|prefer|better|best|sounds?|easier|rather|choose|pick|fancy|would you like)\b"
    rf"|\bwhen(?:ever)? (?:suits|works|is (?:good|best|convenient|better|easiest))|\bwhen would (?:be|suit|work)"
    # "two options: credit now or a replacement tomorrow. which one?", "whens best for u", "a time that suits"
    rf"|\bwhich one(?: first| do (?:you|u) want| would (?:you|u) like| suits (?:you|u)| works)?\s*(?:\?|$)"
    rf"|\bwhen{A}?s (?:best|good|better|easiest) for (?:you|u)\b|\bwhatever (?:works|suits) (?:best )?(?:for )?(?:you|u)\b|\ba time that suits\b"
    rf"|\bwhat (?:would|will|does|do) (?:work|suit)|\b(?:do|would) (?:you|u) (?:want|like|prefer)\b[^.?!]{{1,80}}?\bor\b"
    rf"|\bwh?ichever (?:you|u)\b|\bwhatever (?:you|u) (?:decide|choose|prefer|pick|think|want)|\b(?:you|u) (?:choose|pick|decide)\b"
    rf"|\bpick (?:whichever|whatever|the one|any)|\bup to (?:you|u)\b|\bhow would (?:you|u) like (?:to|me|us)"
    rf"|\bis there a (?:time|day|way)[^.?!]{{0,30}}(?:better|best|suits|works|prefer)|\b(?:ok|okay|work|suit)(?: for you)?,? or would\b|"
    rf"\bwhich (?:one |option |of (?:those|these|them|the \w+) )?(?:would (?:you|u) (?:prefer|like|rather|choose|want)|do (?:you|u) (?:prefer|want|fancy|think)|"
    rf"works (?:better|best)|suits(?: you)?|sounds (?:better|best|good)|would (?:suit|work|be better|be best|you like)|(?:is|{A}s) (?:better|best|easier)|is more convenient)"
    rf"|\b(?:it{A}s|its|it is|that{A}s|thats|the choice is|the decision is|choice is|decision is) (?:entirely |completely |totally |all |really )?"
    rf"(?:your (?:call|choice|decision)|up to (?:you|u)|yours)"
    rf"|\bwhichever (?:you (?:prefer|like|choose|want|{A}d like|{A}d prefer|think)|works|suits|is (?:easier|best|better))"
    rf"|\bwhat (?:would|do) (?:you|u) (?:prefer|rather)|\bwhat (?:works|suits) (?:best |better )?(?:for )?you"
    rf"|\bwhat (?:time|day|date) (?:suits|works|is (?:best|good|convenient|better)|would (?:suit|work|be (?:best|good)))"
    rf"|\b(?:would|do) (?:you|u) (?:prefer|rather)\b|\bhow would (?:you|u) like (?:to|me to|us to) (?:proceed|go ahead|handle|continue|go forward|do this)"
    rf"|\b(?:you|u) (?:can|could|get to|are free to|may) (?:choose|decide|pick)|\b(?:let me know|tell me) (?:which|what you(?:{A}d)? prefer|your preference|what works|what suits)"
    rf"|\byour (?:preference|choice|call)\b(?!\s+(?:was|is not|of))|\bwhen (?:would|is|{A}s) (?:be )?(?:a )?(?:good|convenient|best|suitable|the best|a good) time"
    rf"|\bwhat(?:{A}s| is) (?:a )?(?:good|convenient|the best|best|suitable) time"
    rf"|\bhow (?:would|do) you (?:like|want) to (?:proceed|go ahead|handle|play)"
)

_OWNER_FUTURE = (
    rf"(?:\bi{A}ll|\bi will|\bi{A}m going to|\bim gonna|\bi{A}m gonna|\bi am going to|\bwe{A}ll|\bwe will|\bwe{A}re going to|"
    rf"\b(?:she|he|they){A}ll|\b(?:she|he|they) will|\b(?:she|he|they) (?:is|are){A}? going to|"
    rf"\b(?:our|the|my|a) [a-z ]{{0,30}}?(?:team|lead|manager|supervisor|department|colleague|specialist|engineer|technician|"
    rf"courier|agent|advisor|adviser)(?:,? [a-z]+,?)? (?:will|is going to|{A}ll|can)|"
    rf"\byou{A}ll (?:get|receive|have|see|hear|be (?:contacted|called|emailed|refunded|credited))|\byou will (?:get|receive|have|see|hear|be)|"
    rf"\b(?:it|this|the [a-z]+|your [a-z]+)(?: should| will|{A}ll) (?:be (?:back|with you|processed|refunded|credited|sent|delivered|fixed|sorted|"
    rf"restored|updated|resolved|there|done)|arrive|show up|appear|reach|land|go out|clear))"
)
_ACTION = (
    r"(?:\w+ ){0,3}?(?:call|ring|phone|email|e-mail|text|message|send|process|refund|credit|issue|escalate|book|arrange|"
    r"schedule|set (?:up|it up|that up)|update|transfer|raise|log|cancel|post|ship|dispatch|follow (?:up|it up)|get back|"
    r"reach out|contact|investigate|fix|sort|replace|reset|apply|put (?:a|the|in|through|it)|pass|forward|connect|chase|"
    r"expedite|reverse|waive|reply|refund|reissue|check|look into|organi[sz]e|confirm|be (?:in touch|back|contacted|sent)|"
    r"get (?:that|this|it|you|a|the)|have (?:that|this|it|a|the|someone|her|him)|make sure|note|add|remove|open|close|"
    r"speak|talk|ask|mark|flag|request|submit|order|deliver|install|restore|activate|unblock|unlock|release|return|"
    r"keep (?:you|an eye)|monitor|track|handle|take care|personally|stay|review|arrive|show|appear|reach|land|go out|clear|"
    r"be processed|be refunded|be credited|be delivered|be fixed|be sorted|be restored|be resolved|be done|be with you|"
    r"get|receive|hear|see)"
)
_TIME = _rx(
    r"\b(?:today|tonight|tomorrow|tmrw|tmr|this (?:morning|afternoon|evening|week|weekend)|"
    r"(?:by|before|at|around|within|in|after|no later than|until|from|between) (?:\d|the end|end of|eod|close|noon|midday|lunch|an? hour|"
    r"a few|the next|two|three|four|five|ten|24|48|72|one|half|a couple|an? (?:minute|min|moment|day|week))|"
    r"(?:within|in|over) (?:\d+|an?|one|two|three|four|five|ten|the next|a couple of|a few) (?:minutes?|mins?|hours?|hrs?|days?|working days|business days|weeks?)|"
    r"(?:mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sat|sun)(?:day)?\b|next (?:week|month|working day|business day)|"
    r"\d{1,2}(?:[:._]\d\d)?\s*(?:am|pm|a_m_|p_m_|o'?clock)\b|right (?:now|away)|straight away|immediately|asap|first thing|"
    r"end of (?:the )?(?:day|week)|eod|shortly|as soon as|the next (?:hour|day|few)|24 ?h|48 ?h|within the hour|"
    r"\d+ ?(?:to|-|–) ?\d+ (?:working |business )?days|(?:in )?about \d+ (?:minutes|mins|hours|days)|the \d{1,2}(?:st|nd|rd|th)\b|"
    r"at \d{1,2}(?:[:._]\d\d)?\b|between \d+ and \d+|tom+or+ow|later today|(?:this|the) (?:\d+ ?(?:am|pm)|morning|afternoon)|"
    r"a few (?:minutes|days|hours)|(?:an|one) hour before|on the day|\bnow\b)"
)
_COMMIT = _rx(rf"{_OWNER_FUTURE}\s+{_ACTION}\b"
              rf"|\b(?:i{A}?m|im|we{A}?re|were|she{A}?s|he{A}?s|they{A}?re) (?:now |just )?(?:sending|transferring|putting|booking|arranging|"
              rf"escalating|raising|processing|refunding|crediting|posting|ordering|calling|emailing|texting|setting|passing|forwarding|"
              rf"scheduling|issuing|cancell?ing|logging|adding|moving|changing|updating|resetting|connecting|going to)\b"
              rf"|\b(?:i{A}?ve|ive|we{A}?ve|i have|we have) (?:just |now |already )?(?:booked|set|arranged|scheduled|escalated|raised|picked|"
              rf"reset|cancell?ed|asked|requested|ordered|logged|put|sent|emailed|credited|refunded|issued|passed|added|updated)\b"
              rf"|\b(?:is|are|has been|have been|{A}s|will be|gets?) (?:now |being |just )?(?:booked|scheduled|arranged|set|going out|posted|sent|"
              rf"dispatched|approved|on (?:its|it{A}s|the) way|processed|due|coming|out for delivery)\b"
              rf"|\b(?:takes?|should (?:arrive|get|receive|recieve|show|land|be|reach)|(?:you|u) should (?:get|receive|recieve|see|have(?! (?:been|\w+ed|known|done|gone|read|kept|sent|paid|told|made|taken|got|put|let|brought|bought|left|thought|seen|heard|had)\b)|hear)|"
              rf"(?:it|this|that)(?:{A}ll| will|ll) (?:be|show|land|arrive|reach|appear|clear|go)|itll)\b"
              rf"|\b(?:i{A}?ll|ill|i will|we{A}?ll|we will) (?:\w+ ){{0,2}}?(?:put you through|transfer|resend|correct|change|fix|assess|"
              rf"decide|let you know|come back|hold|note|keep|cancel|book|call|email|send|refund|credit|raise|escalate|chase|ring|text|"
              rf"confirm|update|process|sort|arrange|check|get)\b"
              rf"|\b[a-z]+ (?:in|from|at) (?:claims|billing|accounts|payments|the garage|the depot|support|the team)\b[^.?!]{{0,15}}\bwill\b"
              rf"|\byour [a-z]+, [a-z]+,? will\b")
_VAGUE = _rx(r"\bsee what (?:i|we) can do\b|\bin due course\b|\bat some point\b|\bsomeone will\b|\bsoon(?:ish)?\b$|"
             r"\bleave it with (?:me|us)\b|\bwe{A}?ll look into it\b")
_CONCRETE_SELF = _rx(rf"^(?:i{A}?ll|ill|i will|we{A}?ll|we will) (?:\w+ ){{0,2}}?(?:put you through|transfer|resend|correct|change|fix|"
                     rf"call|email|send|refund|credit|book|cancel|confirm|process|ring|text)|^(?:i{A}?m|im) (?:now |just )?(?:sending|transferring|"
                     rf"putting|booking|processing|refunding|crediting|cancell?ing|escalating|raising)|^[a-z]+ (?:in|from|at) |^your [a-z]+, [a-z]+")
_FIRST_PERSON = _rx(rf"^(?:i{A}ll|i will|i{A}m going to|im gonna|i{A}m gonna|i am going to)\b")
_NAMED_OWNER = _rx(r"^(?:our|the|my|a) [a-z ]*(?:team|lead|manager|supervisor|department|colleague|specialist|engineer|technician)")

_CHECKS_IN = _rx(
    rf"\b(?:does|did|is|was|do)\b[^.?!,]{{0,45}}?\b(?:make(?:s)?(?: a bit| any| more)*(?: more)? sense|(?<!need )(?<!other )(?<!more )(?<!further )(?<!any )(?<!extra )help(?:ful)?(?: at all)?|clear(?:er)?|unclear|"
    rf"work for you|sound (?:ok|okay|good|right|alright|reasonable|fair)|alright|explain (?:it|that) (?:ok|well))\b(?! enough for you)"
    rf"|\bhow{A}?s (?:that|this) (?:sound|sounding|looking|seem)|\b(?:am i|i{A}?m) going too (?:fast|quick)|\b(?:too fast|too much)\?"
    rf"|\b(?:should|shall) i (?:put|say|explain) it (?:another|a different) way|"
    rf"\bdoes (?:that|this|it|all (?:that|of that|this)|everything|any of (?:that|this)) (?:make sense|sound (?:ok|okay|good|right|clear|alright|reasonable|fair)|"
    rf"help|work for you|answer|clear (?:it|things|that) up|seem (?:clear|ok|okay|right|reasonable))"
    rf"|\b(?:is|was) (?:that|this|it|everything|all (?:that|of that|this)) (?:clear|ok|okay|alright|all right|helpful|making sense|understandable|clearer|"
    rf"easier|ok with you|okay with you|alright with you|clear enough|what you (?:needed|meant|were after|wanted|were looking for))"
    rf"|\b(?:how|what) (?:does|do) (?:that|this|those|it) (?:sound|seem)|\bhow (?:are you|are we) doing so far"
    rf"|\b(?:are|r) (?:you|u) (?:still )?(?:with me|following|ok with (?:that|this)|happy with (?:that|this)|clear on|okay with (?:that|this)|alright with)"
    rf"|\bwith me (?:so far|still)|\b(?:am i|is this|is that) (?:making sense|clear|too (?:fast|much))"
    rf"|\b(?:any|do you have any|got any|have you got any) (?:questions|qs|other questions)\b|\b(?:shall|should) i (?:go on|continue|carry on|slow down|explain|go (?:through|over)|keep going|"
    rf"repeat|say (?:that|it) (?:again|differently))"
    rf"|\b(?:do|would) (?:you|u) (?:want|like) me to (?:slow down|go (?:over|through)|explain|repeat|break (?:it|that|this) down|clarify|walk you|put it (?:another|a different|differently|more simply|in other words))"
    rf"|\b(?:let me know|tell me|stop me|just shout) if (?:that|this|anything|any of (?:that|this)|i{A}m going too fast|you (?:have|get|need|{A}d like|want|are|{A}re)|it|something)"
    rf"|\bhave i (?:lost you|explained|made (?:that|it|this) clear|answered|covered)|\b(?:did|does) (?:that|this|it) (?:help|answer|make sense|clear)"
    rf"|\bmakes? sense\s*\?|\bsound (?:good|ok|okay|alright|fair)\s*\?|\bhow (?:does|do) (?:you|u) feel about (?:that|this)"
    rf"|\b(?:is|was) there anything (?:i|that) (?:didn{A}t|haven{A}t) (?:explain|cover|make)|\banything (?:unclear|you{A}d like me to)"
    rf"|\bdo (?:you|u) (?:follow|understand what i mean)\b(?! the)|\bare we on the same page"
)

_COURTESY = _rx(
    rf"\bthank(?:s| you| u|ing you|ful)\b|\bthx\b|\bthanx\b|\bty\b|\bcheers\b|\btyvm\b"
    rf"|\b(?:i|we) (?:really |truly |do |very much |greatly )?appreciate\b|\bplease\b|\bpls\b|\bplz\b"
    rf"|\b(?:i{A}m|im|i am) (?:so |really |very |truly |terribly |genuinely |deeply |sincerely |awfully )?(?:sorry|sory|sorryy)\b"
    rf"|\bsorry\b|\bsory\b|\bapolog(?:ies|i[sz]e|i[sz]ing|y)\b|\b(?:you{A}re|you are|your|ur) (?:very |most )?welcome\b"
    rf"|\b(?:my|it{A}s my|it was my|its my|with) pleasure\b|\b(?:happy|glad) to help\b"
    rf"|\bhave a (?:good|great|nice|lovely|wonderful|fantastic|brilliant) \w+|\btake care\b|\bmuch appreciated\b|\bkind(?:ly| of you)\b"
)
_SARCASM = _rx(
    rf"(?:thanks?|thank you|cheers)(?: (?:a lot|so much|very much|a bunch))? for (?:wasting|that,? really|your valuable|finally|hanging up|nothing)"
    rf"|\breally helpful,? not\b|\boh sorry,? did i\b|\bthanks to\b|\bthank[- ]you (?:email|page|letter|card|message|note|voucher|gift)"
    rf"|\bno need to apologi[sz]e|\bsorry[- ](?:we|were|we{A}re)[- ]|\bthank you (?:so|very) much for (?:wasting|nothing)|"
    rf"\bthanks? (?:a lot |so much |very much |a bunch )?for (?:nothing|shouting|yelling|screaming|wasting|being (?:rude|difficult|so)|the attitude|"
    rf"swearing|the abuse|your attitude|ruining)|\b(?:well,? )?thanks (?:a lot|a bunch|for that),? (?:genius|pal|mate)\b"
    rf"|\bsorry (?:that )?you feel (?:that way|like that)|\bsorry not sorry\b|\bsorry,? but (?:that{A}s|thats|it{A}s|its|rules|policy|there{A}s nothing|no)"
    rf"|\bplease (?:calm down|stop (?:shouting|yelling|complaining|whining)|just listen|listen to me|relax|don{A}t)\b"
)

_GREETS = _rx(
    rf"^\W*(?:(?:hi|hello|hey|hiya|heya|howdy|good (?:morning|afternoon|evening|day)|morning|afternoon|greetings|welcome|"
    rf"(?:thanks|thank you|thx|ty) (?:so much |very much )?for (?:calling|contacting|reaching out|getting in touch|your call|"
    rf"chatting|your message|messaging)|you{A}re (?:through|speaking|talking|chatting) (?:to|with))\b"
    rf"|(?:my name is|my name{A}s|this is|i{A}m|im|i am) (?!(?:not|afraid|sorry|just|so|very|really|going|gonna|unable|able|"
    rf"happy|glad|still|also|only|the|an?|on|in|at|with|here|off|out|back|busy|new|now)\b)[a-z]+(?:[ ,]+(?:from|speaking|here|on|with|in|at|and|i{A}ll|how)\b|\W*$))"
)

# ---------------------------------------------------------------- avoid rules

_ACRONYMS = frozenset(
    ["a", "i", "ok", "id", "pin", "sku", "faq", "url", "pdf", "usb", "hdmi", "atm", "iban", "bic", "vat", "gdpr", "asap", "fyi", "eta", "tv", "pc", "uk", "us", "usa", "eu", "ceo", "it", "hr", "api", "sms", "vpn", "dns", "ip", "nhs", "dvla", "irs", "isp", "ssn", "dob", "dm", "pm", "am", "uk", "gb", "mb", "kb", "tb", "cpu", "gpu", "ram", "ssd", "hd", "led", "lcd", "os", "ios", "pos", "psd", "nasa", "bbc", "cnn", "ups", "dhl", "fedex", "usps", "tnt", "llc", "ltd", "plc", "inc", "na", "tbd", "tba", "n/a", "ref", "nb", "ps", "pto", "cc", "bcc", "imo", "wifi", "gps", "sim", "esim", "nfc", "otp", "mfa", "2fa", "cvv", "cvc", "iou", "rsvp", "aka", "diy", "hq", "qa", "ux", "ui", "kyc", "aml", "apr", "sla", "eod", "cod", "ot", "ev", "ac", "dc", "hmrc", "ee", "o2", "bt", "sky", "aol", "msn", "bmw", "vw", "ikea", "jfk", "lax", "heathrow", "ba", "aa", "ua", "dl", "tsa", "nyc", "la", "sf", "dc", "ny", "ca", "tx", "fl", "wa", "nhs", "ok", "pdf", "csv", "xml", "json", "html", "http", "https", "www", "com", "net", "org", "co"]
)
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b|\b[A-Z]\b")
# `_QUOTED`, and single quotes in the original text: one opens only after a space or bracket, so
# the apostrophe of "don't" never does.
_QUOTED_CASED = re.compile(_QUOTED.pattern + r"|‘[^’\n]{1,200}’|(?<![\w'])'[^'\n]{1,80}'(?![\w])")
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z']*[A-Z]")  # what any capitals word longer than one letter holds
_EXCLAIMS = re.compile(r"!{2,}|(?:![?]+!|[?]+![!?]*!)")

_SWEAR = _rx(
    r"\b(?:f+u+c+k\w*|fck\w*|fuk\w*|fuq\w*|f\*+k\w*|f\*+\w*ck\w*|f\*{2,}|effing|wtf|stfu|ffs|omfg|motherf\w+|"
    r"sh[i1!]t(?:s|ty|tier|tiest|head|heads|hole|show|e|ting|ted|load)?\b|s\*+t|bullsh\w+|b\.?s\.?(?= artist)|shite|crap(?:py|s)?|dam+n(?:ed|it)?|goddam\w*|god damn|"
    r"bitch\w*|b\*tch|bastard\w*|ass(?:hole|hat|wipe)s?|a\*+hole|arse(?:hole)?s?|dickhead\w*|(?:you|a|such a|what a) dick\b|"
    r"piss(?:ed|ing)?(?: off)?|bloody(?= \w)|cunt\w*|c\*nt|twat\w*|wank\w*|bollocks|sod off|jackass|dumbass|dumb ass|"
    r"screw (?:you|this|that|off)|idiot(?!\s*-?\s*proof)\w*|moron\w*|imbecile|retard\w*|stupid (?:cow|woman|man|idiot|customer|person)|"
    r"you(?:'re| are)? (?:so )?(?:stupid|thick|dumb)|are you (?:deaf|thick|dense|dumb|stupid)|(?:deaf|thick|dense|stupid|dumb|slow) or (?:just |are you )?(?:thick|stupid|dumb|deaf|dense|something)|hell(?= (?:is wrong|are you|do you|did you|with))|what the hell|go to hell|the hell|"
    # "shut up" is rude rather than profane (the corpus calls it a brush-off); "we're shut the
    # rest of the week" is no oath at all
    r"bugger(?: off)?|prick\w*|douche\w*|knob(?:head|end)|tosser|shut the (?:f|fu|f\*+|hell|heck))\b"
)

_DISMISS_REFUSAL = _rx(
    rf"\bthat (?:won{A}t|will not|wont|isn{A}t going to|is not going to|doesn{A}t|does not) work\b"
    rf"|\b(?:that{A}s|it{A}s|thats|its|that is|it is|this is) (?:just |simply |only )?(?:our|the|company|store|bank) (?:policy|rules?|procedure|process|price list|terms)\b"
    rf"|\b(?:there{A}s|there is|theres) (?:really |absolutely |simply |just )?nothing (?:(?:more|else|further) )?(?:i|we|anyone) (?:can|could) (?:do|say)"
    rf"|\bnothing (?:(?:more|else) )?(?:i|we) can (?:do|say)|\b(?:i|we) (?:can{A}t|cannot|can not) (?:help you|do anything|do nothing|do that for you)\b(?! (?:right now|with that myself),? but)"
    rf"|\b(?:that{A}s|it{A}s|thats|its) (?:just )?(?:not|im) ?possible\b|\b(?:we|i) don{A}t do that\b"
    rf"|\b(?:that{A}s|it{A}s|thats|its|this is|that is|it is) not (?:my|our) (?:problem|department|job|responsibility|concern|issue)"
    rf"|\bnot my (?:problem|department|job|concern)\b|\byou{A}ll (?:just )?have to (?:wait|accept|live with|deal)"
    rf"|\b(?:that{A}s|it{A}s|thats|its) not going to happen|\b(?:there{A}s|there is|theres) no (?:way|point)\b(?! (?:i{A}m|we{A}re) (?:letting|going to let))"
    # ("there's no way you could have known" reassures)
    rf"(?! (?:you|u|anyone|anybody) (?:could|would|can|were|should|{A}d)(?:{A}ve| have)? (?:known|know|tell|told|guessed|seen|spotted|noticed|predicted|expected)\b)"
    rf"|\bnothing (?:else|more) i can (?:tell|do|say)|\bnothing (?:more|else|further) (?:can|could) be done\b"
    rf"|\bmy hands are tied\b|\b(?:gonna|going to) be a (?:no|nope)\b"
    rf"|\bthe answer is no\b|\brules are rules\b|\bi don{A}t make the rules|\bout of my hands\b"
    rf"|\b(?:no|nope),? (?:we|i) (?:can{A}t|cannot|don{A}t|won{A}t)\b"
)
_DISMISS_CONDESCENDING = _rx(
    # minimising the problem
    rf"\bwouldn{A}?t (?:exactly )?(?:call (?:that|it)|lose (?:any )?sleep|worry about)|\bnot (?:really )?(?:worth (?:anyone|the|getting|chasing|it)|a disaster|that serious|a big)"
    rf"|\bmaking (?:such )?a (?:fuss|big deal|drama|scene|song and dance)|\bget(?:ting)? (?:so )?(?:dramatic|worked up)|\blet{A}?s not get\b"
    rf"|\b(?:you{A}?ll|youll) survive\b|\b(?:it{A}?s|its) (?:only|just) (?:a|one|an|two|a couple of) \w+,? (?:so|i wouldn|not|hardly|calm)"
    # deflecting without help
    rf"|\btake (?:that|it|this) up with\b(?![^.?!]*\b(?:i can|i{A}?ll|we can|happy to))"
    rf"|\b(?:above|beyond) my pay ?grade\b"
    # stonewalling
    rf"|\b(?:don{A}?t|dont|do not) know what (?:else )?(?:to tell|you want me to tell) you\b|\b(?:not|won{A}?t) (?:be )?(?:going|go) (?:round|around) in circles\b"
    rf"|\bsame question,? same answer\b|\banswer (?:never changes|is (?:still )?the same|won{A}?t change|is still no)\b|\bcomputer says no\b"
    rf"|\bno point (?:escalating|complaining|arguing|chasing|in (?:escalating|complaining|arguing))\b|\bnot that (?:it{A}?ll|itll|it will|it would) (?:change|make|help)"
    rf"|\bwhen you get it\b|\bsimple as\b(?! that)|\bwe{A}?re a business\b|\bnot a charity\b|\bdoesn{A}?t (?:really )?care how you feel"
    # comparing the customer to others
    rf"|\bnobody else (?:has )?(?:complained|had|has had|seems to have)|\b(?:loads of|most|plenty of|other) (?:people|customers) (?:manage|set it up|have no|don{A}?t seem|seem to)"
    rf"|\bnot the only customer\b"
    # talking down
    rf"|\bslowly this time\b|\btry reading\b|\bwith (?:all due )?respect,? (?:you{A}?re|youre) not\b|\bkeep that up and\b|"
    rf"(?:thanks?|thank you|cheers)(?: (?:a lot|so much|very much|a bunch))? for (?:nothing|wasting|shouting|yelling|your valuable|finally|hanging up)"
    rf"|\breally helpful,? not\b|\bdid i not explain it\b|\bclear enough for you|\bspell it out\b|\bwhat part of\b[^.?!]{{0,40}}\b(?:don{A}?t|do not|not) (?:you )?(?:get|understand)"
    rf"|\bhow many times (?:do|have|must) i\b|\bi (?:have )?told you (?:\w+ )?(?:times|already|twice)|\b(?:i )?already told you\b|\bisn{A}?t it obvious"
    rf"|\bare you serious\b|\bwhere{A}?s the logic|\bwhat else is new\b|\bhow is (?:that|this) my (?:problem|fault)|\bwhatever you say\b"
    rf"|\bwhat (?:do|did) (?:you|u) (?:expect|think would happen)|\byou wouldn{A}?t understand|\byou (?:don{A}?t|dont) understand how\b"
    rf"|\bfeelings aside\b|\bif you don{A}?t like it\b|\bgo elsewhere\b|\bbest (?:you{A}?re|youre) (?:getting|going to get)|\bthose are the rules\b"
    rf"|\bthat{A}?s (?:just )?how it (?:works|is)\b|\bthats (?:just )?how it (?:works|is)\b"
    rf"|\bnot here to argue\b|\bwon{A}?t get you anywhere"
    rf"|\bstop calling me\b|\beveryone says that\b|\byou think we just\b|\bdo you think i{A}?m making\b"
    rf"|\bpiss off\b|\bscrew you\b|\bshut up\b"
    rf"|\b(?:you|u) (?:idiot|moron|muppet|clown|imbecile)|\bare (?:you|u) (?:stupid|thick|dumb)|\bdon{A}?t be (?:such )?(?:an? )?(?:arse|ass|idiot|baby)"
    rf"|\bwhat the (?:fuck|hell|heck) do (?:you|u) want"
    rf"|\bnot paid enough\b|\b(?:that{A}?s|thats) bollocks\b|\bsame question again\b|(?:^|[.!?]\s+)(?:just )?read the (?:email|size guide|manual|instructions|letter)\b"
    rf"|\byour options are (?:listed|on the website)|"
    rf"\bcalm down\b|\b(?:you|u) (?:don{A}t|do not|dont) (?:understand|get|know) how (?:this|it|things|our system|the system) works?"
    rf"|\b(?:too|very|far too|way too) (?:technical|complicated|complex) (?:to explain|for you|to go into)|\btoo technical\b"
    rf"|\bsorry (?:that )?you feel (?:that way|like that)|\b(?:i|we) understand,? but (?:that{A}s|it{A}s|this is|its|thats|rules|policy|those are)"
    rf"|(?:^|[.!?]\s*|,\s*)whatever\s*(?:[.!?,]|$)|\blike i (?:said|told you|already (?:said|told you|explained))|\bas i (?:already )?(?:said|told you|explained)"
    rf"|\b(?:i{A}ve|i have) already (?:told|explained|said)|\bit is what it is\b|\bdeal with it\b"
    rf"|\b(?:you{A}re|you are|ur|youre) (?:overreacting|being (?:unreasonable|dramatic|ridiculous|silly|difficult|hysterical))"
    rf"|\b(?:it{A}s|its|it is) not (?:that|rocket) (?:complicated|hard|difficult|science)|\bnot rocket science\b"
    rf"|\b(?:do|did) (?:you|u) (?:even|not) (?:read|listen|check|understand)|\bare (?:you|u) even listening"
    rf"|\bwhy (?:would|should) (?:we|i|anyone) (?:do|give|refund|change|care|bother|make)"
    rf"|\b(?:that{A}s|it{A}s|its|thats) not (?:a big deal|that big a deal|important|my concern|that bad)"
    rf"|\bnot a big deal\b|\b(?:you need to|just) (?:relax|calm|chill)\b|\blisten to me\b|\bi (?:really |just |honestly )?don{A}?t have (?:the )?(?:time|all day)"
    rf"|\btake it or leave it\b|\bend of (?:story|discussion)\b|\b(?:what|the (?:hell|heck|fuck|f)) (?:exactly |actually |honestly )?do (?:you|u) (?:want|expect) me to do"
    rf"|\bstop (?:complaining|whining|moaning|whinging|hassling|nagging|pestering|harassing|bugging)|\b(?:read|check) the (?:manual|faq|terms|website|instructions) (?:yourself|first|next time)"
    rf"|\bi (?:already|just) (?:explained|told you) (?:this|that)|\bnothing (?:else )?to discuss\b|\bif you (?:had|would) (?:just )?listen"
    rf"|\bi{A}m not (?:going to|gonna) (?:argue|repeat)|\bwe{A}re done here\b|(?<!we'll )(?<!we will )(?<!let's )(?<!lets )\bfigure it out\b(?! together\b| for (?:you|u)\b| with (?:you|u)\b)|\bnot (?:our|my) fault\b"
    # brush-off idioms: contempt whatever else the turn says
    rf"|\btough (?:luck|titties|cookies)\b|\bgood luck with that\b|\bin your dreams\b|\bsuck it up\b|(?:^|[.!?,]\s*|\bjust )get used to it\b"
    rf"|\bboo[- ]?hoo\b|\bcry me a river\b|\bjog on\b|(?:^|[.!?,]\s*)(?:now |so )?on your bike\s*(?:[.!,]|$)|\b(?:that{A}?s|thats|it{A}?s|its) your loss\b|\bnot my circus\b"
    rf"|\byou get what you pay for\b|\bbeggars can{A}?t be choosers\b|\bfirst world problems?\b|\b(?:sounds|that{A}?s) like a you problem\b"
    rf"|\bjoin the queue like\b|(?:^|[.!?,]\s*)join the queue\s*[.!]*$|\bwait your turn\b|\bi (?:just|only) work here\b|\bjust google it\b|\bkeep your (?:hair|knickers|shirt) on\b"
    rf"|\b(?:complain|shout|moan|argue|whinge|escalate) (?:all|as much as) (?:you|u) (?:like|want)\b"
    rf"|\b(?:will|would|{A}ll) (?:only|just) (?:tell|say) (?:you )?(?:exactly )?the same\b|\b(?:will|would|{A}ll) (?:tell|say) (?:you )?exactly the same\b"
    rf"|\bonly (?:one|person|customer) (?:who{A}?s|whos|who has|to have) (?:complained|moaned|had (?:a|an|any) (?:problem|issue))\b"
    rf"|\bwere (?:you|u) even listening\b"
    # ease rubbed in: "a child could do it", "everyone with a car knows this"
    rf"|\b(?:a child|a kid|a toddler|a five[- ]year[- ]old|my (?:nan|gran|grandma)) could do (?:it|this|that)\b"
    rf"|\b(?:everyone|everybody) (?:with (?:a |an )?[\w ]{{1,20}} )?knows (?:this|that)\b"
    rf"|\bhow(?:ever)? will (?:you|u) (?:ever )?(?:survive|cope|manage)\b"
    rf"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) whole (?:minutes?|mins?|hours?|days?|weeks?|pounds?|quid|dollars?|euros?)\b"
    rf"|\b(?:don{A}?t|dont|try not to) take it (?:so )?personally\b|\byou (?:wouldn{A}?t|wouldnt|won{A}?t|wont) really (?:follow|understand|get) (?:it|this|that)\b"
    rf"|\b(?:i{A}?ve|ive|i have) been over (?:this|it|that)\b"
    rf"|\b\d+ (?:hours?|hrs?|days?|minutes?|mins?|weeks?) is nothing\b|(?:^|[.!?,]\s*)(?:just )?google it\b"
    rf"|\b(?:get|be) done when it (?:gets|is) done\b|\b(?P<taut>[a-z]{{3,}}) (?:is|are|means) (?P=taut)\b(?! (?:and|or)\b)"
    rf"|^\s*(?:k|kk)\s*[.!]*$"
    # Laughing the customer off, and nothing else: "lmao ok", "haha sure".
    rf"|^\s*(?:lol|lmao|lmfao|rofl|haha+|ha ha)[\s,.!]*(?:ok(?:ay)?|k|sure|right|whatever|fine)?\s*[.!]*$"
)
# Talking down, in general shapes rather than set phrases: belittling the difficulty, the
# customer's competence or their feelings, and closing the subject.
_DISMISS_TALKING_DOWN = _rx(
    rf"\b(?:it{A}?s|its|it is|this is|that{A}?s|thats|isn{A}?t|is not) (?:really |honestly |literally |just )?(?:not )?"
    rf"(?:that|so|very|exactly|all that) (?:hard|difficult|complicated|confusing|tricky|complex)\b(?! (?:to|for (?:me|us)))"
    rf"|\bhardly (?:a |an )?(?:big |huge |major )?(?:problem|issue|deal|disaster|emergency|crisis)\b"
    rf"|\bno (?:need|reason) (?:to|for you to) (?:shout|yell|swear|get (?:emotional|upset|angry|worked up|nasty|aggressive|arsey|shirty|so \w+)|"
    rf"be (?:rude|anxious|upset|like that|so \w+|nasty)|raise your voice|take that tone|panic about)"
    rf"|\b(?:you (?:just )?(?:don{A}?t|dont|do not) know how to (?:use|read|work|do)|you wouldn{A}?t (?:get|understand|follow) (?:it|that|this)\b"
    rf"|you (?:don{A}?t|dont|do not) need to (?:understand|know) (?:it|that|how|why)"
    rf"|if you (?:actually|bothered to|even) (?:look|read|check|listen)|you (?:just )?(?:need to |have to |should )?(?:read|look at|check) (?:the|your) (?:\w+ )?properly"
    rf"|(?:can{A}?t|cannot) make it (?:any )?(?:simpler|clearer|easier|plainer)"
    rf"|works? (?:fine |perfectly )?for (?:everyone|everybody) else|(?:everyone|everybody) else (?:manages|seems|gets|understands|can|copes)"
    rf"|most (?:people|customers|of our customers) (?:understand|manage|know|get|figure|cope|can))"
    rf"|\b(?:that{A}?s|thats|that is|it{A}?s|its) (?:final|life|all there is to it|the end of it)\b|\bend of\s*[.!]?\s*$"
    rf"|\bnot up for (?:discussion|debate|negotiation)\b"
    rf"|\b(?:take|takes) as long as (?:it|they) takes?\b|\bwhen it gets there\b|\b(?:you{A}?re|youre|you are) not special\b|\bjoin the club\b"
    rf"|\b(?:not|isn{A}?t|is not) (?:really )?(?:my|our) (?:issue|concern|problem|worry)\b"
    rf"|\bstuck with me\b"
    rf"|\bi{A}?m not (?:going to|gonna) (?:argue|repeat|apologi[sz]e|get into|discuss|debate|explain (?:it |this |that )?again)"
    rf"|\bstop (?:arguing|complaining|whining|moaning|stressing)\b|\blet me do my job\b"
    rf"|\b(?:other|more|real) customers (?:waiting|to (?:get to|deal with|help|serve))|\bi{A}?d be here all day\b"
    rf"|\b(?:i{A}?ve|ive|i have) (?:said|told you|explained) (?:it |this |that )?(?:twice|three times|already|before|more than once)"
    rf"|\bthat{A}?s (?:just )?(?:the way|how) (?:it goes|things are|it is)\b|\bthats (?:just )?how it goes\b"
)
# Shrugging the customer off, in general shapes: a rule restated as its own reason, impatience
# at being asked again, belittling the problem or the customer, telling them not to bother.
_DISMISS_SHRUG = _rx(
    rf"\bthe (?P<same>\w+) (?:is|are) the (?P=same)\b|\b(?:rules are rules|policy is policy|a no is a no|no means no)\b"
    rf"|(?:^|[.!?]\s+)(?:ok(?:ay)?,? |right,? )?for the (?:second|third|fourth|fifth|tenth|hundredth|last|\w+th|\d+(?:st|nd|rd|th)) time\b"
    rf"|\b(?:i{A}?ve|ive|i have) (?:already )?(?:(?:been through|gone through|gone over) (?:this|it|that) with you|explained (?:this|it|that)(?: to you)?) (?:already|twice|before|\w+ times)\b"
    rf"|\b(?:you{A}?ve|youve|you have) (?:now )?asked (?:me )?(?:that |this )?(?:\w+ times|twice|already|before)\b"
    rf"|\bthe answer (?:hasn{A}?t|has not|hasnt) changed\b"
    rf"|\b(?:i{A}?m not|im not|i won{A}?t|i wont) (?:going to |gonna )?(?:go|going) (?:through|over) (?:it|this|that|all)\b"
    rf"|\b(?:we{A}?ve|weve|we have) all got (?:problems|issues|bills)\b"
    rf"|\bwhat (?:were|was) (?:you|u) (?:expecting|thinking)\b|\b(?:you{A}?re|youre|your|you are) overthinking\b"
    rf"|(?:^|[.!?,]\s*|\b(?:just|please|ok|okay) )settle down\b"
    rf"|\bnot a (?:spaceship|space ship|rocket|nasa)\b|(?:^|[.!?]\s+)ok(?:ay)? and\s*\?"
    rf"|\bi (?:really )?(?:wouldn{A}?t|wouldnt) bother (?:appealing|complaining|chasing|escalating|calling|ringing|arguing|trying)\b"
    rf"|\bso i (?:wouldn{A}?t|wouldnt) bother\s*[.!]*$"
    rf"|\b(?:appeals|complaints|escalations|claims|disputes) (?:very )?rarely (?:work|succeed|get anywhere)\b"
    rf"|\b(?:chasing|ringing|calling|shouting|complaining|moaning|emailing|asking)(?: (?:it|us|me|every day|at me|again|up))* "
    rf"(?:won{A}?t|wont|will not|isn{A}?t going to|doesn{A}?t|does not) (?:make|change|help|speed|get|bring)\b"
    rf"|\b(?:won{A}?t|wont|will not) side with (?:you|u)\b|(?:^|[.!?]\s+)\*?sigh\*?\b"
    rf"|\bi (?:don{A}?t|dont|do not) (?:really )?know what (?:(?:else )?you want me to (?:say|do)|you expect)\b"
    rf"|\b(?:pretty|really|very|super) basic (?:thing|stuff|question|task)\b"
    rf"|\bliterally (?:on|in|at) the (?:first|front|top|home)\b"
    rf"|\bmy (?:nan|gran|grandma|granny|nana|\d+[- ]year[- ]old)\b[^.!?]{{0,25}}\b(?:manages|can|does|uses|could|knows)\b"
    rf"|\bjust (?:trust|believe) (?:me|us|that|it)\b"
    rf"|\b(?:it{A}?s|its) (?:a|still a|still) no\s*(?:[.!,]|$|i{A}?m afraid|sorry)|\bnot (?:making|doing|giving) (?:any )?exceptions\b"
    rf"|\bthe (?:data|numbers|system) (?:doesn{A}?t|don{A}?t|dont|doesnt) lie\b"
    # Sending the customer back to the small print as the whole answer.
    rf"|(?:^|[.!?]\s+)(?:please |just |go and |go )?(?:re-?)?read (?:our|the|my) (?:previous|earlier|last|above|first) (?:reply|message|email|response|answer)"
    rf"|(?:^|[.!?]\s+)(?:please |just |go and |go )?read (?:our|the) (?:small print|fine print|terms|t&cs|t_cs|policy|returns policy|code of conduct|faqs?|website|"
    rf"confirmation(?: email)?|instructions|manual)(?: again| properly| first)?\s*[.!]*$"
    rf"|\bit{A}?ll (?:come|arrive|happen|get there|be done|turn up) when it (?:comes|arrives|happens|gets there|{A}?s done|turns up)\b"
    rf"|\bbecause i said so\b|\bthat{A}?s what i (?:just )?said\s*[.!]*$|\bmake up your mind\b"
    rf"|(?:^|[.!?]\s+)no \w+(?: \w+)?,? no \w+\s*[.!]*$|,? so,? no(?:\s*[.!]|_)*$"
    rf"|\bstop (?:asking|tweeting|messaging|emailing|ringing|chasing|complaining|moaning|going on)\b"
    rf"|\bwhy (?:do|are|d{A}?) (?:you|u) (?:keep|keeping|still) (?:asking|calling|ringing|saying|messaging|tweeting)\b"
    rf"|(?:^|[.!?]\s+)i (?:said|told you)(?: already| before)?,? (?:the|it|no|we|that|you)\b"
    # Impatience and contempt in so many words.
    rf"|\b(?:explaining|repeating|saying) (?:it|this|that|myself) (?:again|twice|one more time)\b"
    rf"|\b(?:i{A}?ve|ive|i have) (?:already )?answered (?:that|this|it|your question)\b|\b(?:got|have) nothing (?:else|more) for you\b"
    rf"|\bi (?:haven{A}?t|havent|have not|don{A}?t|dont) (?:got|have) all day\b|\bhurry up\b|\bper my (?:last|previous|earlier)\b"
    rf"|\b(?:can|could) (?:we|you|u) (?:please |just )?hurry (?:this|it|things) (?:up|along)\b"
    rf"|\blower your expectations\b|\bget over it\b|\bsee if anyone cares\b|\bcould(?:n{A}?t|nt)? care less\b|\bcan{A}?t be bothered\b"
    rf"|\bnot a mind ?reader\b|\bmountain out of a\b|(?<!are you )(?<!are u )\bhappy now\s*\?|\b(?:and )?your point is\s*\?"
    rf"|\byour (?:own )?time (?:you{A}?re|youre|you are) wasting\b|\bworry your (?:pretty |little )*head\b|\bthanks for making my (?:job|day|life)\b"
    rf"|\bnothing to get (?:in a state|worked up|upset|excited|stressed|so upset) (?:about|over)\b"
    rf"|\b(?:getting|being) (?:upset|angry|cross|shouty|rude) (?:isn{A}?t|won{A}?t|doesn{A}?t|will not|is not) (?:going to )?(?:make|help|change|get)\b"
    rf"|\bhow many (?:more )?(?:ways|times) (?:do|must|will) (?:i (?:have|need) to|(?:you|u) need me to)\b|\bone more (?:message|comment|word) like that\b"
    # Waving the feelings away: "no need to be dramatic", "relax, it's fine", "tone it down".
    rf"|\b(?:no need to be|don{A}?t be so|stop being|you{A}?re being|youre being|being) (?:a (?:bit|little) )?(?:so )?"
    rf"(?:dramatic|sensitive|precious|silly|unreasonable|hysterical|emotional|difficult)\b"
    rf"|(?:^|[.!?]\s+)(?:lol |just |ok |okay )?(?:relax|chill(?: out)?)(?:\s*[,.!]|\s*$|\s+(?:lol|mate|pal|bro|dude|man|hun|babe)\b)|\btone it down\b|\b(?:take|watch) (?:that|your) tone\b"
    rf"|\bkeep (?:the )?emotions? out of\b|\bcrying about it\b|\bdon{A}?t waste my time\b|\bwaste of (?:my )?time\b"
    # Impatience: "we've been over this", "are we done?", "I heard you the first time".
    rf"|\b(?:we{A}?ve|weve|we have) (?:already )?(?:been over|gone over|been through|discussed) (?:this|that|it)\b|\bcan we (?:just )?move on\b"
    rf"|(?:^|[.!?]\s+)(?:so,? |right,? )?are we done\s*\?|\bis that everything,? (?:because|cos|coz)\b|\bi heard you the first time\b"
    rf"|\bsame answer as (?:yesterday|before|last time|earlier)\b|\bas i keep (?:telling|saying|explaining)\b|\bas (?:previously|already) (?:stated|advised|explained|mentioned)\b"
    rf"|\b(?:explained|put) it as (?:simply|clearly|plainly) as\b|\bonce more,? slowly\b|\bin words (?:you{A}?ll|youll|you will|you can|you{A}?d) understand\b"
    rf"|\bi{A}?ll type slowly\b|\bis there a question in there\b|\banything (?:actually )?new,? or\b|\binteresting theory\b"
    rf"|(?:^|[.!?]\s+)noted\.?\s+moving on\b|(?:^|[.!?]\s+)(?:mm-?hm|uh-?huh|yep)[.,]? and\s*\?|(?:^|[.!?]\s+)how many times,"
    # Sarcasm and talking down: "bless you for trying", "it's called a postcode", "sweetie".
    rf"|\bbless (?:you|your heart|him|her) for\b|\bit{A}?s called an? \w+\b|\bcongratulations,? (?:you{A}?ve|youve|you have)\b"
    rf"|\boh (?:good|great|wonderful),? another\b|\bwhat a surprise\b|\bhow will you (?:ever )?cope\b|\bbig scary\b"
    rf"|\b(?:sweetie|sweetheart|sweety)\b|\b(?:are|is) (?:on the website|in the box|there|written down) for a reason\b"
    rf"|\bhave you tried reading\b|\bhardly the end of the world\b|\bthe (?:algorithm|computer|system) (?:sets|decides|says)\b"
    rf"|\b(?:the )?system (?:won{A}?t|wont) let me,? so\b|,? full stop\s*[.!]*$|\bthere{A}?s nothing (?:more|else|further) to (?:discuss|say|add)\b"
    rf"|\b(?:will not|won{A}?t|wont) be (?:corresponding|entering into (?:any )?(?:further )?correspondence|discussing this)\b"
    rf"|\b(?:this|the|your) (?:case|ticket|complaint|file|matter|chat|claim) is (?:now )?closed\b"
)
# Brush-offs that are only dismissive when nothing else in the turn helps: a bare refusal, a
# "not us, go elsewhere", or shrugging the problem off.
_DISMISS_BARE = _rx(
    rf"\b(?:we|i) (?:don{A}?t|dont|do not|can{A}?t|cant|cannot|won{A}?t|wont) (?:do (?:refunds|exchanges|returns|call ?backs|exceptions|that|those|them)|offer|give out|give|issue|reissue|read out|"
    rf"discuss|handle|deal with|accept|allow|price match|speed (?:it|that|this) up|guarantee|cover|provide|"
    rf"refund|make exceptions|do exceptions|take (?:calls|complaints))\b"
    rf"|\b(?:isn{A}?t|is not|aren{A}?t|are not) something (?:we|i) (?:give|offer|do|cover|provide|deal with)\b"
    # the last word, and nothing more: "the appeal will not be reviewed again", "this response is final"
    rf"|\b(?:\w+ )?(?:is|remains|are) (?:final|our (?:final )?(?:position|decision|answer))(?=\s*(?:[.!,;]|$|and\b))|\bthis (?:response|decision|answer) is final\b"
    # ("the charge remains pending until the refund lands" and "the fee stands at £20" are news)
    rf"|\bthe (?:charges?|fees?|fines?|penalty|arrears|amount|cost|excess|deduction|decision|estimate|price|bill|quote) "
    rf"(?:stands?\b(?! at\b)|(?:remains?|will (?:remain|stand))(?: in full| unchanged| as it is)?(?=\s*(?:[.!,;]|$|and\b|so\b)))"
    rf"|\b(?:case|matter|complaint|appeal) (?:is |as |now )?(?:closed|concluded)\b|\bwill not be (?:reviewed|reconsidered|reopened)\b"
    # ("you're not obliged to take the upgrade" frees the customer; "returns are free regardless of the reason" helps)
    rf"|\bthere{A}?s no other way\b|\b(?:we{A}?re|we are|were|i{A}?m|i am|im) not (?:obliged|bound) (?:to|by)\b"
    # the customer is one of the crowd, or should look it up: "ring at 8 like everyone else", "it's all in the booklet"
    rf"|\blike (?:everyone|everybody|anyone|anybody) else(?: does| did| has to| is)?(?=\s*(?:[.!]|$))"
    rf"|\b(?:it{A}?s|its|it is|that{A}?s|thats|that is) all (?:(?:explained|covered|set out|listed|detailed|there) )?(?:in|on) (?:the|your|our) \w+"
    rf"|\bhave (?:you|u) (?:actually|even) (?:read|looked at|checked)\b|\bworks on my (?:machine|end|side|computer)\b|\bskill issue\b"
    rf"|\b(?:we{A}?re|we are|were) not (?:responsible|liable)\b|\bnot (?:our|my) (?:responsibility|concern|issue)\b"
    # impatience and shrugs: "can u be quick", "claims take as long as they take", "no way round it"
    rf"|\b(?:wtf|what the hell|what the heck|what) do (?:you|u) (?:want|expect) me to do\b"
    rf"|\b(?:can|could) (?:you|u) (?:be quick|hurry up|hurry|speed (?:it|this) up)\b|\bhurry up\b|\btry and keep up\b"
    rf"|\bno need for (?:all )?(?:that|this|the) (?:tone|attitude|language|shouting|question marks|caps)\b|\b(?:have|need) to be patient\b"
    rf"|\btakes? as long as (?:they|it) takes?\b|\bwhen (?:he|she|it|they) (?:comes?|gets? here|gets? there)\b|\bno way (?:round|around) it\b"
    rf"|\b(?:a )?(?:bit|little) (?:dramatic|over the top)\b"
    # the conversation is over: "we have nothing further to add", "my answer remains the same"
    rf"|\bnothing (?:further|more) to add\b|\bnot be responding (?:further|again)\b|\b(?:my|our) answer (?:remains|is still|stays) the same\b"
    rf"|\bstill the same answer\b|\bnot sure how else to (?:explain|say|put)\b"
    rf"|\b(?:that{A}?s|thats|that is|it{A}?s|its|it is) (?:a matter|one|something) for (?:the|your) \w+(?:,? not (?:us|me|the \w+))?\s*[.!]*$"
    rf"|\bnot something (?:we{A}?re|we are|i{A}?m|i am) able to (?:help|assist)\b|\bnot something (?:our|my|this) (?:team|department|office) "
    rf"(?:deals with|handles|covers|does)\b"
    rf"|\bthe (?:system|computer|portal|app|website|site|software|tool) (?:won{A}?t|wont|will not|doesn{A}?t|does not|can{A}?t|cannot|is not|isn{A}?t) "
    rf"(?:let|allow(?:ing)?)\b|\bthe system (?:doesn{A}?t|does not) make\b"
    rf"|\bnot a chance\b|\bno can do\b|^\s*nothing\W+(?:sorry|i{A}?m afraid)\W*$"
    rf"|\b(?:speak|talk) to (?:them|your (?:bank|provider|gp|doctor|landlord|network|retailer|insurer))\b|\btry (?:your|the) (?:bank|provider|gp|doctor|network|retailer|manufacturer)\b"
    rf"|\b(?:go|take it) back to (?:your|whoever)\b"
    rf"|\b(?:you{A}?ll|youll|you will) (?:just )?(?:need|have) to (?:ring|call|contact|phone|go to|speak to|email|write to|be in|pay|wait)\b"
    rf"|\bcheck with your (?:neighbours|neighbors|bank|provider)\b"
    rf"|\b(?:it{A}?s|its|it is|that{A}?s|thats) (?:only|just) (?:a|one|an|two|a few|a couple of|a little|a small|a minor|a bit)\b(?![^.!?]*\bbut\b)"
    rf"|\b(?:it{A}?ll|itll|it will) (?:turn up|get there|sort itself out|come back|reconnect)\b|\b(?:you{A}?ll|youll) be fine\b"
    rf"|\b(?:doesn{A}?t|does not|won{A}?t) (?:really )?(?:matter|change anything|come into it)\b|\bself[- ]?explanatory\b"
    rf"|\bevery (?:hotel|bank|company|shop|store|airline|provider|business|insurer|one|network) does (?:it|that|this)\b"
    rf"|\boutside (?:what we do|(?:our|my) remit|of what we)\b|\b(?:the )?case is closed\b"
    rf"|\b(?:the (?:app|bill|system|charge|invoice|reading|meter|statement|price)|our (?:system|records?)) (?:is|are) (?:right|correct|accurate)\b"
    rf"|\b(?:doesn{A}?t|don{A}?t|dont|does not|do not) (?:make (?:mistakes|errors)|get (?:these|those|this|that|such) (?:\w+ )?wrong)\b"
    # not ours: "that's between you and the airline", "ask your gp", "try somewhere else"
    rf"|\b(?:that{A}?s|thats|it{A}?s|its) (?:really )?(?:between you and|for (?:the|your) \w+ to (?:sort|deal|fix|handle))\b"
    rf"|\bnot (?:really )?(?:a question|something|one) for (?:me|us)\b|\bno idea about (?:that|this|it)\b"
    rf"|\bask (?:your|the) (?:gp|doctor|bank|landlord|airline|courier|council|seller|retailer|manufacturer|provider|hotel|school)\b"
    rf"|\btry (?:somewhere|someone) else\b|\btry elsewhere\b|\b(?:you{A}?ll|youll|you will) have to chase\b"
    rf"|\bwe get that (?:complaint |comment |question |a lot |alot )?(?:a lot|alot|all the time|every day)\b|\b(?:isn{A}?t|is not|not) coming off\b"
    rf"|\bwe just (?:sell|do|book|handle) the \w+\b"
    # impatience that is only a brush-off when nothing else follows
    rf"|\bi know,? i know\b"
    rf"|\b(?:that{A}?s|thats|it{A}?s|its) just (?:how|what) (?:happens|[^.!?]{{0,25}}\b(?:is|are|works|happens))\b"
    # not ours, with nothing else: "that's the freeholder's job, ring them", "it's out of our hands"
    rf"|\b(?:that{A}?s|thats|it{A}?s|its) (?:the|your|their) \w+(?:{A}s)? (?:job|problem|responsibility|department|call|business)\b"
    rf"|\bnothing to do with (?:us|me)\b|\bout of (?:our|my) hands\b|\bseparate (?:company|firm|business|organi[sz]ation)\b"
    rf"|\bwe{A}?re (?:just|only) the (?:platform|middleman|booking agent|agent|marketplace|shop)\b|\bwe (?:only|just) (?:sell|take|book|handle|process)\b"
    rf"|(?:^|[.!?,]\s*)(?:ring|call|contact|message|email|phone) them(?:,? (?:so|then|mate))?\s*[.!]*$|\bmessage (?:them|the seller)\b"
    rf"|\b(?:i )?can{A}?t (?:help|assist) with (?:that|this)(?: one)?\b|\b(?:i )?can{A}?t comment on (?:that|this)\b"
    rf"|\b(?:that{A}?s|thats|that is|it{A}?s not|its not|it is not) (?:not )?something we (?:offer|do|provide)\b|\bit{A}?s automated\b"
    rf"|\byour (?:feedback|comments?|complaint) (?:has|have) been (?:logged|noted|passed on|recorded)\b|\bmarking (?:this |it )?as resolved\b"
    rf"|\b(?:i{A}?m|im|i am) (?:going to |gonna )?(?:have to )?(?:ending|end|closing|close|putting the phone down|hanging up|let you go)\b"
    rf"|\b(?:it{A}?s|its) in the (?:terms|t&cs|t_cs|small print|contract|policy)(?: and conditions)?(?:,? (?:section|clause) \w+)?\s*[.!]*$"
    rf"|\bcompletely normal\b(?! (?:worry|concern|question|reaction|feeling|thing to)| to (?:feel|worry|ask|be))|\bwe (?:won{A}?t|wont|will not) be (?:reissuing|refunding|replacing|changing|reopening)\b"
    # polite refusals and "not ours": a brush-off only with nothing else on offer
    rf"|\bnot (?:really )?in a position to\b|\bi (?:really |just |honestly |simply )?can{A}?t help (?:you )?with (?:that|this)\b|\b(?:unable to|cannot|can{A}?t) comment on\b"
    rf"|\bnot something (?:we|i) (?:get involved|deal with|handle|do|support|cover|allow)\b"
    rf"|\b(?:not|isn{A}?t|is not) (?:really )?(?:my|our) (?:department|business|area)\b|\bcan{A}?t speak (?:to|for) (?:that|this)\b"
    rf"|\b(?:you|u) (?:must|should|need to) (?:go|ring|call|contact|phone|email|write) (?:to )?(?:the|your) (?:branch|bank|council|post office|"
    rf"police|shop|store|seller|retailer|manufacturer|airline|landlord|gp|doctor|provider|insurer|embassy|dealer)\b"
    rf"|\bcome back (?:tomorrow|later|another day|next week|when)\b|\bnot in charge of (?:the|your)\b|\bi{A}?m on (?:my|a) break\b"
    # feelings heard, then refused: "i understand your frustration, however the fee stands"
    rf"|\bi (?:hear|understand|appreciate|get|see) (?:what (?:you{A}?re|youre|you are) saying|your (?:frustration|concern|point)|"
    rf"where (?:you{A}?re|youre|you are) coming from)[^.?!]{{0,20}}\b(?:but|however)\b[^.?!]{{0,40}}"
    # fatalism ("these things happen", "oh well", "too bad" are as often kind: left out)
    rf"|\b(?:such is|that{A}?s|thats) life\b"
    rf"|\bif (?:you|u) say so\b|\blet me stop you there\b|(?:^|[.!?]\s*)closing (?:this |the )?(?:ticket|case|one)\s*[.!]*$"
    rf"|\bworks (?:fine |perfectly |ok )?(?:on mine|on my end|at my end|on our end)\b|\bworks (?:fine|perfectly) for me\b"
    # the wait, the rule or the place to go, and nothing more: "known issue", "try again later",
    # "no exceptions", "it's on the website", "closing this chat"
    rf"|(?:^|[.!?,]\s*|\b(?:just|please|so) )try again (?:later|tomorrow|another time)\b|\bno exceptions\b|\bno promises\b"
    rf"|\bnot my (?:rule|rules|call|decision)\b|\bout of (?:our|my) control\b|\b(?:the )?policy (?:says|is) (?:no|we can{A}?t|you can{A}?t)\b"
    rf"|\b(?:it{A}?s|its|it is|should be|that{A}?s|thats) (?:all )?(?:on|in) (?:the|our|your|ur) (?:website|site|app|portal|help cent(?:re|er))\b"
    rf"|(?:^|[.!?,]\s*)(?:closing|ending|marking) (?:this|the) (?:chat|ticket|case|conversation|call)\b|\bchat ending\b|\bmark(?:ed|ing) (?:this |it )?(?:as )?resolved\b"
    rf"|\b(?:move on|get) to the next (?:caller|customer|person|call|chat)\b"
    rf"|\b(?:it|that|this) (?:doesn{A}?t|does not|don{A}?t|doesnt) work like that\b|\bcan(?:not|{A}?t| not) be done\b"
    rf"|\b(?:aren{A}?t|arent|are not|isn{A}?t|isnt|is not) (?:issued|given|offered|refunded|accepted) (?:for|on|to|after)\b"
    rf"|\b(?:doesn{A}?t|does not|don{A}?t|dont|do not) take (?:calls|complaints|walk-?ins)\b"
    rf"|\b(?:you{A}?d|youd|you would) (?:need|have) to (?:contact|ring|call|phone|speak to|talk to|go to|email|write to|take it up)\b"
    rf"|\bvisit (?:your|the) (?:local |home )?(?:branch|store|shop)\b|\btake a (?:deep )?breath\b"
    rf"|\b(?:no (?:one|body)|nobody) else\b[^.!?]{{0,25}}\b(?:has|have|had) (?:rang|rung|called|reported|complained|mentioned)\b"
    rf"|\b(?:we{A}?ve|weve|we have|i{A}?ve|ive|i have) never had (?:a |any |one )?(?:complaints?|problems?|issues?) (?:about|with) (?:that|this|it)\b"
    rf"|\bhave it your (?:own )?way\b"
    rf"|\b(?:had|have|got) no other (?:complaints|reports)\b|\b(?:isn{A}?t|isnt|is not|not) the only job\b"
    rf"|\b(?:you{A}?ll|youll|you will) (?:just )?(?:have|need) to be patient\b|(?:^|[.!?,]\s*)just wait\b"
    rf"|\bwhen (?:someone{A}?s|someones|someone is) free\b|\bget round to it\b|(?:^|[.!?,]\s*)dunno\b|\bwe{A}?ll see\b"
    rf"|\b(?:isn{A}?t|isnt|is not|not) (?:actually |really )?(?:that|very|so) (?:long|bad|much|big|expensive|late|loud|noticeable)\b"
    rf"|\bbarely (?:noticeable|visible)\b|\bthey all do (?:that|it|this)\b|\b(?:that{A}?s|thats|it{A}?s|its) to be expected\b"
    rf"|\b(?:that{A}?s|thats|it{A}?s|its) (?:completely |totally |perfectly )?normal\s*[.!]*$"
    rf"|\b(?:it{A}?s|its|it is) all (?:in|on) the (?:faqs?|website|manual|terms|guide|help (?:centre|center|pages?))\s*[.!]*$"
)
# Reactions to the customer's situation in everyday words ("oh no", "what a pain", "you must
# be worried", "i don't blame you"): general shapes, so new wording still counts.
_EMPATHY_SHAPES = _rx(
    rf"(?:^|[.!?,]\s*)(?:oh no|oof)\b(?! (?:not|you))"
    rf"|\b(?:that{A}?s|thats|that is|what a|such a|sounds) (?:so |really |a real |such a |totally |pretty |very |absolutely |a |an )?"
    rf"(?:(?:really |so )?(?:annoying|miserable|rubbish|unfair|pain|nightmare|faff|hassle|tough|rough|awful|horrible|stressful|worrying|"
    rf"upsetting|gutting|tiring|exhausting|embarrassing|infuriating|maddening|disappointing|scary|frightening|worst timing|bad timing|"
    rf"annoying timing|lot to deal with|lot of jargon|lot at once|lot of new terms))\b"
    rf"|\b(?:not|isn{A}?t|wasn{A}?t) (?:exactly )?what (?:you|anyone) (?:want|wanted|need|needed|want to|wanted to)\b"
    rf"|\byou must (?:be|have been|feel) (?:\w+ )?(?:losing|worried|exhausted|fed up|frustrated|stressed|gutted|shaken|upset|tired|anxious)"
    rf"|\bi can (?:tell|see|imagine|only imagine|understand)(?: (?:why|how|that))?\b[^.!?]{{0,30}}\b(?:a lot|worr|stress|upset|frustrat|annoy|awful|hard|difficult|tough|scary)"
    rf"|\bi can{A}?t imagine how\b|\bi (?:totally |completely |really )?get (?:how|why) (?:that|this|it|easy|you)"
    rf"|\bi (?:don{A}?t|dont) blame you\b|\bwould (?:wear|drive|get to|annoy|upset|worry|frustrate) anyone\b|\byou deserve better\b"
    rf"|\bgutted for you\b|\bpoor (?:thing|you|pup|dog|cat|kid|little)\b|\bputs you in a (?:really |very )?(?:tough|difficult|awkward|bad|horrible) (?:spot|position|place)"
    rf"|\bafter (?:what|everything|all) (?:you{A}?ve|youve|you have) (?:been through|dealt with)|\b(?:loads of|lots of|plenty of|a lot of) people find (?:this|that|it) (?:\w+ )?(?:fiddly|confusing|tricky|hard|difficult|annoying|frustrating)"
    rf"|\b(?:exciting|stressful|busy) but (?:hectic|stressful|exhausting)\b|\bon top of (?:a move|the move|a new baby|work)\b"
    rf"|\bi know (?:it{A}?s|its|this is|that{A}?s|thats) (?:a |such a |been a )?(?:faff|lot|pain|hassle|nightmare|long|rough)"
)
# Whole-sentence brush-offs: "understood?" after a refusal, ", simple." (a bare "it's not." is
# too often a plain answer to a yes-or-no question)
_DISMISS_SENTENCE = _rx(r"^understood\?\s*$|,\s*simple\s*[.!]?$")
_ALTERNATIVE = _rx(
    rf"\b(?:but|however|though|that said)\b[^.?!]{{0,20}}\b(?:i|we) (?:can|could|{A}ll|will|am able|{A}m able)\b(?!{A}?t| not)|\bwhat (?:i|we) (?:can|could) do\b"
    rf"|\bbut if (?:it|they\w*|the\w*|your)\b|\binstead\b|\balternatively\b|\bhere{A}s (?:what|how)\b|\bhere(?:{A}?s| is) (?:the|a|your|our) (?:direct |full )?(?:link|form|number|address|page|steps?|guide)\b|\bthe good news\b|\bwhat i{A}ll do\b|\bwhat we can do\b"
    rf"|\bbut (?:you|u) (?:can|could)\b|\bbut (?:there{A}s|there is) (?:another|a|an)\b|\bwill work\b"
    # what is on offer after a "we don't": "we don't price match online shops. we do match high-street ones"
    rf"|\bwe do (?:match|offer|have|accept|take|sell|stock|deliver|cover|allow|refund|run|price|ship|provide|carry|support|open)\b"
    rf"|\bi do have (?:a|an|one|some|\d)"
    # an offer to act or to look together: "i can send you a letter", "shall we check?", "let me look"
    rf"|(?<!nothing )(?<!anything )(?<!not something )\b(?:i|we) can (?:still |also |easily |happily |definitely )?(?:send|arrange|book|order|offer|refund|replace|swap|exchange|"
    rf"transfer|put you|pass|raise|log|check|help|email|text|call|ring|sort|set up|look|show|walk|add|change|move|update|take \d+|knock|give|"
    rf"escalate|waive|credit|reset|reissue|fix|request|chase|get you|get that|get it|get one|get a)\b"
    rf"|\bshall (?:we|i)\b|\b(?:want|would you like|do you want) me to\b"
    rf"|\b(?:i{A}?m|im|i am|i{A}?d be|we{A}?re|we are|we{A}?d be) (?:more than |very |really )?(?:happy|glad|pleased) to (?!help\b)\w+"
    rf"|(?:^|[.!?,;]\s*|\b(?:and|so|but|ok|okay|now|just|here) )let(?: me|{A}?s)\b(?! (?:stop|finish|be clear|be honest|repeat|remind|say this|make this|put it))"
    # another one on offer, or a way round: "but this one's on offer", "but your phone may have a backup"
    rf"|\bbut (?:this|that|the other|another) (?:one|model|version|option|plan|size|colour|color|date|room|seat|flight|slot)\b"
    rf"|\bbut (?:your|the) \w+ (?:may|might|should|could|can|usually|often)\b(?! not\b)"
    # a step that fixes it: "tap the screen and it'll come back", "20 mins and you'll be sorted"
    rf"|\b(?:tap|click|press|hold|restart|reboot|unplug|plug|switch|turn|open|reset|refresh|clear|update|reinstall)\b[^.!?]{{0,40}}"
    rf"\band (?:it{A}?ll|itll|it will|you{A}?ll|youll|you will|that{A}?ll|thatll|that will)\b"
    rf"|\b(?:you{A}?ll|youll|you will|it{A}?ll|itll|it will) be (?:sorted|fixed|good to go|up and running|back up|working again)\b"
)

# What we owed the customer: "you should have had a call" admits our failing, unlike "you should
# have had your ID with you".
_OWED_NOTICE = (r"(?:(?:a|an|the|our|some|any) (?:\w+ )?(?:call|text|email|e-mail|letter|message|reply|response|notification|"
                r"notice|visit|update|refund|confirmation|reminder|warning|phone call|callback|heads[- ]up)s?\b"
                r"|(?:it|them)(?= by\b| already\b|\s*[.!,;]|\s*$))")
_BLAME = _rx(
    rf"\bthat{A}?s what (?:happens|you get) (?:when|for|if) you\b|\bhad you (?:\w+ ){{0,2}}?\w+ed\b|\b(?:you|u)(?:{A}re| are) supposed to\b"
    # ("you must have been looking forward to it" is empathy: feelings, not a fault)
    rf"|\b(?:you|u) (?:must|cant|can{A}?t|couldn{A}?t) have\b(?! (?:been|felt|had|found|wanted|hoped|thought|worried|needed|expected)\b)"
    rf"|\bsomeone on your (?:side|end)\b|\bnot reading\b[^.?!]{{0,30}}\bchoice\b|\bnot my job to read\b"
    rf"|\byou (?:just|simply) missed it\b|\byou were the one\b"
    rf"|\bthe (?:manual|instructions|guide|terms|label) (?:tells?|says?|clearly|warns?)\b[^.?!]{{0,40}}\b(?:not to|you)\b"
    # "you did X, so/that's why Y" (not a passive: "you were sent the wrong one" is our fault)
    rf"|\b(?:you|u)(?:{A}ve| have| had|{A}d)?\s+(?!(?:\w+\s+){{0,2}}(?:been|were|was)\b)(?:\w+\s+){{0,3}}?(?:(?!need\b|feed\b|proceed\b)\w+ed|left|ran|put|set|ignored|picked|chose|kept|let|forgot|missed|signed|bought|"
    rf"switched|clicked|broke|dropped|lost|waited|skipped|overloaded|entered|typed|ordered|paid|gave|threw|did)\b[^.?!]{{0,60}}"
    rf"(?:\bthat{A}?s (?:why|how)\b|\bwhich is (?:why|how)\b|\bdidn{A}?t you\b|,\s*remember\s*[?.!]*$|\bthis whole time\b|"
    rf"\bthats (?:why|how)\b|\bnot a (?:defect|fault)\b)"
    rf"|\b(?:because|since|cos|becuase) (?:you|u)(?:{A}ve| have)? (?:kept|keep|been|didn{A}?t|never)\b|"
    rf"\b(?:you|u) let (?:your|the|it) [^.?!]{{0,20}}(?:expire|lapse|run out)|\b(?:you|u) left it (?:too late|until|till)"
    rf"|\b(?:you|u) (?:clearly|obviously|evidently|just) (?:didn{A}?t|did not|never|don{A}?t) |\bwhose fault is (?:that|this|it)"
    rf"|\bif (?:you|u){A}?d (?:bothered|logged|read|checked|listened|called|paid|looked|followed)|\bbecause (?:you|u) (?:keep|kept)\b"
    rf"|\b(?:maybe|perhaps) next time\b|\b(?:you|u) bought the cheapest|\b(?:you|u) signed the (?:contract|form|agreement)\b"
    rf"|\bof course it (?:blew|broke)|\b(?:you|u) plugged\b|\bits because (?:you|u)\b|\bit{A}s because (?:you|u)\b|"
    rf"\b(?:you|u) (?:should|shoulda|should{A}ve|should have|ought to have|needed to|had to|were supposed to|were meant to|were told to|"
    # (not "you should have been told" or "should have had a call": those are our failings)
    rf"were warned|were asked to)(?: have)? (?!(?:have )?been (?!(?:more )?careful\b)|(?:have )?had {_OWED_NOTICE})(?:\w+ ){{0,2}}?(?:read|checked|check|called|call|told|tell|updated|update|paid|pay|looked|look|"
    rf"contacted|noticed|kept|saved|entered|filled|followed|known|asked|cancell?ed|cancel|reported|done|listened|double[- ]checked|"
    rf"thought|used|chosen|picked|waited|sent|printed|registered|renewed|backed up|logged|written|gone|come|been more careful|been careful|"
    rf"returned|confirmed|signed|opted|informed|let us know|taken|ordered|switched|booked|bought|measured|rung|phoned|emailed|mentioned|"
    rf"topped up|backed (?:it|them|everything) up|displayed|declared|verified)\b"
    rf"|\bif (?:you|u)(?:{A}d| had| would have| would{A}ve| just| only)+ (?:\w+ ){{0,2}}?(?:read|called|checked|paid|updated|followed|listened|told|looked|done|"
    rf"filled|entered|kept|contacted|noticed|used|rung|phoned|replied|responded|cancell?ed|returned|registered|answered|opened|asked)"
    rf"|\b(?:that{A}s|it{A}s|this is|thats|its|this was|that was|it was) (?:all |entirely |totally |completely |really |honestly |kind of )?"
    rf"(?:your|ur|yer) (?:own )?(?:fault|problem|mistake|doing|responsibility|error|issue|own doing|lookout|bad)"
    rf"|\b(?:that{A}s|it{A}s|thats|its) on (?:you|u)\b|\byour (?:own )?(?:fault|mistake|carelessness|error|negligence)\b"
    rf"|\b(?:you|u) (?:didn{A}t|did not|didnt|never|failed to|forgot to|neglected to|couldn{A}t be bothered to|refused to|chose not to) "
    rf"(?:even )?(?:\w+ ){{0,1}}?(?:read|check|follow|fill|update|tell|pay|cancel|submit|call|notice|click|enter|attach|sign|renew|register|"
    rf"confirm|save|look|bother|listen|provide|send|back up|reply|respond|answer|return|activate|log|keep|give|turn|charge|lock|inform|let us)"
    rf"|\b(?:because|since|as|cause|cos) (?:you|u) (?:didn{A}t|did not|didnt|never|failed|forgot|entered|gave|typed|put|chose|ignored|missed|"
    rf"clicked|deleted|let|used|sent|picked|selected|waited|left)"
    rf"|\b(?:you|u) (?:must|must{A}ve|must have|must of|probably|obviously|clearly|evidently)(?: have)? (?:\w+ ){{0,1}}?(?:entered|typed|clicked|put|done|made|"
    rf"set|given|deleted|broken|broke|dropped|ignored|missed|misread|forgot|forgotten|changed|messed|used|pressed|selected|chose|chosen|caused|"
    rf"washed|streamed|been streaming|been using|downloaded|installed|left|spilt|spilled)"
    # what the customer should have done, with the "you" left out or "have" typed "of":
    # "should of checked first", "shouldn't have gone overdrawn" (not "should have arrived")
    rf"|(?:^|[.!?,;]\s*|\b(?:so|well|then|honestly|tbh) )(?:should|shoulda|should{A}?ve|shouldve|should of|should have|"
    rf"shouldn{A}?t have|shouldnt have|shouldn{A}?t of|shouldnt of)\s+(?!been\b|arrived\b|happened\b|come\b|got\b|gotten\b|received\b|"
    rf"taken\b|gone through\b|reached\b|worked\b|had\b|heard\b|seen\b|landed\b|cleared\b|updated\b|shown\b)(?:\w+ed|gone|done|bought|left|let|put|read|kept|sent|paid)\b"
    rf"|\b(?:you|u) (?:should|should{A}?ve|shouldve) of\b"
    rf"|\bsomething (?:you{A}?re|youre|your|you are|ur) doing\b|\bmust be (?:something )?(?:on|at) your (?:end|side)\b"
    rf"|\b(?:you|u) (?:entered|typed|gave us|put in|put|used|chose|picked|selected|clicked|booked|ordered|filled (?:it|this|that|the \w+) (?:in|out)) "
    rf"(?:\w+ ){{0,3}}?(?:wrong|incorrect(?:ly)?|old|outdated|invalid|the wrong|by mistake|mistakenly)"
    rf"|\b(?:your|you{A}?re|you are|youre|ur) the one (?:who|that)\b|\buser error\b|\bpebkac\b"
    rf"|\b(?:it|this|that) (?:clearly |plainly |literally )?says (?:so |it )?(?:clearly |very clearly )?(?:in|on) the (?:terms|contract|email|website|policy|agreement|manual|confirmation)"
    rf"|\bwhy (?:didn{A}t|did not|didnt|wouldn{A}t|would) (?:you|u) (?:just )?(?:read|check|call|tell|update|pay|cancel|follow|look|click|enter|send|do|listen|ignore|delete|throw)"
    rf"|\b(?:did|do) (?:you|u) (?:even|not|never) (?:read|check|look|bother|try|restart|reboot|turn|plug|charge|follow|update|install)|\b(?:you|u) (?:caused|broke|messed up|screwed up|damaged|ruined) (?:it|this|that|the|your)"
    rf"|\bno(?:body| one) (?:else )?(?:forced|made) (?:you|u)\b|\bread the (?:terms|small print|fine print) (?:before|next time)"
    # the fault placed on the customer's side
    rf"|(?<!\bno )(?<!\bany )\b(?:wrong|missed|skipped|mistake|error|delay|came from|chosen|picked|bad timing)\b[^.!?]{{0,40}}\b(?:on|at|from|by) your (?:end|side|part)\b"
    rf"|\b(?:was|were|got) (?:missed|skipped|chosen|picked|typed|entered|ticked|ignored|deleted|lost) by you\b"
    rf"|\b(?:(?:you|u) (?:were|are) (?:supposed|meant) to|(?:you|u){A}?d (?:been|bothered)|if (?:you|u) (?:had|would have) been) "
    rf"(?:\w+ ){{0,1}}?(?:measure|collect|rebook|book|bring|check|wait|ring|back up|tick|read|in|home|there|around|available)\b"
    rf"|\b(?:you|u) had \w+ (?:days?|hours?|weeks?) to \w+ (?:it )?and (?:didn{A}?t|did not|didnt|never)\b"
    rf"|\b(?:but|well) (?:you|u) did (?:tick|choose|pick|select|order|sign|agree|click|accept|call at|book|put|say|write|mark)\b"
    rf"|\b(?:you|u) actually (?:ordered|picked|chose|selected|typed|entered|gave|signed|booked)\b"
    rf"|\bthe \w+ (?:you|u) (?:gave|typed|entered|picked|chose|sent|filled in|provided|selected)\b[^.!?]{{0,40}}\b(?:wrong|missing|incorrect|invalid)\b"
    rf"|\bnext time,? (?:please )?(?:maybe |just )?(?:make sure|remember to|double[- ]check|read the)\b"
    rf"|\blike (?:he|she|they|the \w+) (?:told|showed|warned|asked) (?:you|u)\b"
    rf"|\b(?:i{A}?m guessing|i{A}?d guess|presumably) (?:you|u) (?:didn{A}?t|did not|didnt|are|were|forgot|missed)\b"
    rf"|\bsomeone (?:in your (?:house|household|family|home)|at your (?:end|address)) must have\b"
    rf"|\b(?:when|if) (?:people|customers|you) (?:don{A}?t|dont|do not) bother\b|\bnot (?:something|anything) (?:we|i) caused\b"
    rf"|\b(?:in|on) the (?:terms|email|text|letter|contract|agreement|box) (?:you|u) (?:accepted|signed|agreed|got|received|were sent)\b"
    rf"|\bwhich the (?:text|email|letter) (?:you|u) (?:got|received) (?:explained|said)\b"
    # what the customer did wrong: "you've been using the wrong charger", "you booked X not Y"
    rf"|(?<!have )(?<!did )(?<!if )(?<!maybe )\b(?:you|u)(?:{A}ve| have)? (?:just |actually |also |then )?(?:been using|installed|sent|sending|put|entered|typed|"
    rf"used|booked|set|selected|picked|chose|ordered|registered|plugged|paired|connected|uploaded|filled in|gave us) "
    rf"(?:\w+ ){{0,4}}?(?:the )?(?:wrong|incorrect|unsupported|expired|invalid)\b"
    # what would have happened had they acted: "if you'd attached the receipt..."
    rf"|\bif (?:you{A}?d|youd|you had) (?:just |only |actually )?(?:\w+ed|given|sent|read|done|rung|taken|kept|brought|made|paid|told|"
    rf"written|put|let us know)\b(?! (?:to|like|prefer|rather))"
    rf"|\b(?:you{A}?d|youd|you would) have (?:avoided|known|been fine|been ok|had no)\b"
    rf"|\bif (?:you|u) will (?:leave|insist|keep|go|ignore|buy|book|wait)\b"
    rf"|\b(?:delay|problem|issue|fault|fee|charge|error|mix-?up|failure|decline|refusal)\b[^.!?]{{0,25}}\b(?:is|was|{A}s) (?:all |entirely |completely )?"
    rf"(?:down to|because of|due to) (?:you|u)\b"
    rf"|\b(?:you|u) (?:weren{A}?t|were not|werent) (?:in|home|there|available|around)\b(?! (?:to|for) (?:take|receive|get))"
    rf"|\b(?:you|u) (?:pulled|skipped|ignored|forgot|cancell?ed|deleted|removed|unplugged|switched off|blocked) (?:\w+ ){{0,4}}?(?:too early|too soon|yourself|without)\b"
    rf"|\bas (?:you were (?:told|advised|informed|warned)|stated in the \w+(?: \w+)? (?:you|u))\b"
    rf"|\b(?:you|u) (?:received|got|were sent|signed|accepted|agreed to)\b[^.!?]{{0,25}}\bclearly\b"
    rf"|\b(?:you|u)\b[^.!?]{{3,80}}\bthat{A}?ll be (?:why|the reason)\b"
    rf"|\breason\b[^.!?]{{0,40}}\bis (?:that )?(?:you|u) (?:\w+ed|didn{A}?t|didnt|did not|forgot|put|sent|gave|chose|picked|booked|weren{A}?t|werent)\b"
)


# A blame or brush-off that the trainee negates ("it isn't your fault") or only echoes back
# ("I hear that won't work for you") accuses nobody.
_NEGATED_BEFORE = _rx(rf"\b(?:not|isn{A}?t|isnt|wasn{A}?t|wasnt|never|none of|no one|nobody|"
                      rf"in no way|hardly|(?:didn{A}?t|did not|don{A}?t|do not) (?:say|mean|think|believe))\b[^.?!]{{0,20}}$")
# "I get that, but you should have..." concedes, then blames: a "but" ends the echo.
_ECHO_BEFORE = _rx(rf"\b(?:i hear|i get that|you said|you{A}?re saying|youre saying|you feel|you think|you mentioned|"
                   rf"sounds like|you told me)\b(?![^.?!]*\bbut\b)[^.?!]{{0,15}}$")
_NEGATED_FAULT = _rx(rf"\b(?:not|isn{A}?t|isnt|wasn{A}?t|wasnt|never|none of (?:this|it|that) (?:is|was))\b[^.?!]{{0,20}}"
                     rf"\byour (?:own )?(?:fault|mistake|doing)")

# The fault owned by us: read after the learned layer only (so not a rule the model is trained on).
_OWNED_FAULT = re.compile(
    r"\b(?:our|my) (?:own )?(?:fault|mistake|error|bad|oversight)\b"
    r"|\b(?:that|this|it)(?:'s| is| was|s) (?:on|down to) (?:us|me)\b"
    r"|\bwe (?:got (?:it|that|this) wrong|made (?:a|an) (?:mistake|error)|messed (?:it |that |this )?up|sent (?:you )?the wrong)\b"
    r"|\bnot yours\b"
    r"|\b(?:you|u) should(?:'ve| have| of) (?:been (?:told|informed|notified|warned|contacted|called|emailed|sent|given|offered)\b"
    r"|had " + _OWED_NOTICE + ")"
    # the fault placed on our side: "it was put on the wrong connection at our end"
    r"|\b(?:at|on|from) our (?:end|side)\b"
    r"|(?<!\bat )(?<!\bon )(?<!\bfrom )\bour end\b"
    # guessing at feelings, or answering the customer's own question: no fault in either
    r"|\b(?:you|u) must(?:'ve| have) (?:been|felt) (?:so |really |very )?(?:looking forward|excited|worried|upset|gutted|disappointed)"
    r"|^(?:so,? |well,? )?(?:you|u) asked (?:why|what|how|whether|if|when|where|about)\b"
    # reading back what the customer wants: "you intend to check in on March 9th"
    r"|(?:^|[.!?]\s+)(?:(?:ok(?:ay)?|so|alright|great|sure|right)\W+)*(?:you|u)(?: (?:want|would like|wish|intend|plan|are planning|"
    r"are looking|are after)|'d like|'re (?:looking|after|planning)) to\b"
)
_NEGATED_JUST_BEFORE = re.compile(r"\b(?:not|n't|nt|hardly|never|no)\b(?: really| exactly| entirely| actually)?\s*$")


def _owns_the_fault(low: str) -> bool:
    """Does the turn put the fault on our side ("that's our mistake", "at our end"), and not as
    a denial ("that's hardly our fault")?"""
    return any(not _NEGATED_JUST_BEFORE.search(low[max(0, m.start() - 20) : m.start()])
               for m in _OWNED_FAULT.finditer(low))


# Telling the customer they did nothing wrong, in more words than `_NEGATED_FAULT`'s "not your
# fault"; read after the learned layer only, like `_OWNED_FAULT`.
_REASSURES = re.compile(
    r"\b(?:not|nothing) (?:down to |because of )?(?:anything |something )?(?:that )?(?:you|u)(?:'ve| have|ve)? (?:did|done|caused)\b"
    r"|\bnothing (?:you(?:'ve| have)?|youve) done wrong\b|\b(?:you(?:'ve| have)?|youve) done nothing wrong\b"
    r"|\bnot (?:down to|because of) (?:you|anything you)\b"
    r"|\b(?:didn't|did not|didnt) do anything wrong\b"
    # and encouragement: "it's not you, the letter is badly written", "don't apologise, you're doing great"
    r"|\b(?:it'?s|it is) not (?:you|u)\b(?! (?:who|that|i)\b)|\b(?:don'?t|do not|no need to) (?:apologi[sz]e|be sorry)\b"
    r"|\b(?:you'?re|youre|you are) doing (?:really |so )?(?:great|fine|well|brilliantly|amazing)\b"
)


def _clears_the_customer(low: str) -> bool:
    """Does the turn tell the customer the fault is not theirs ("not your fault", "it's nothing
    you did")? Then neither a learned blame nor a learned brush-off stands."""
    return bool(_NEGATED_FAULT.search(low) or _REASSURES.search(low))


def _first_accusing(rule: Rule, low: str) -> re.Match[str] | None:
    """The first match of an avoid rule that is not negated or merely echoed back."""
    for m in rule.finditer(low):
        before = low[max(0, m.start() - 60) : m.start()]
        if _NEGATED_BEFORE.search_fragment(before) or _ECHO_BEFORE.search_fragment(before):
            continue
        return m
    return None


_CLOSING_QUESTION = _rx(r"\banything else\b")
# Something already done for the customer: "i've taken it off", "we've sent a new one".
_DONE_FOR_THEM = _rx(rf"\b(?:i{A}?ve|ive|i have|we{A}?ve|weve|we have) (?:already |just |now )?(?:\w+ed|sent|put|made|done|taken|set up|got)\b")


# Good habits that help the customer: a turn with any of them is not a brush-off.
_HELPING = ("offers_options", "gives_control", "commits_next_steps", "clarifies_needs",
            "confirms_understanding", "checks_in")


_REFUSAL_WORD = _rx(rf"\b(?:no|not|nope|never|nothing|can{A}?t|cannot|won{A}?t|don{A}?t|doesn{A}?t|isn{A}?t|aren{A}?t|"
                    rf"unable|policy|afraid)\b")


# Where to go next, in full: a phone number, a web address or an email address. "It's on the
# website" is a brush-off; "the visa checker at gov.uk/check-uk-visa will tell you" is help.
_CONTACT = re.compile(
    r"(?<![\w£$€.,])(?:\+\d{1,3}[ -]?)?\(?0\d{2,4}\)?[ -]?\d{3}[ -]?\d{3,4}(?![\w,.]\d)"
    r"|(?<![\w£$€.,])\d{3,4}[ -]\d{3}[ -]\d{3,4}(?![\w,.]\d)"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co\.uk|org|org\.uk|gov\.uk|gov|nhs\.uk|uk|net|ie|io|au|ng|za|ph|ca)\b"
    r"(?:/[\w/#?=.-]*)?|\b[\w.+-]+@[\w-]+\.[a-z]"
)


def _offers_help(low: str, detected: Container[str], questions: list[_Sentence] | None = None) -> bool:
    """Does the turn offer something: an alternative, something done, a helping habit, where to
    go in full, or a real question? The rules pass their question sentences; once detection is
    done, the detected `asks_question` stands for them (a rhetorical question is none)."""
    if (_ALTERNATIVE.search(low) or _DONE_FOR_THEM.search(low) or any(b in detected for b in _HELPING)
            or _CONTACT.search(low)):
        return True
    if questions is not None:
        return any(not _CLOSING_QUESTION.search(q.text) for q in questions)
    return "asks_question" in detected and not _CLOSING_QUESTION.search(low)


def _cues(low: str, found: Container[str]) -> list[str]:
    """Abstract features for the learned layer: "refuses_alone" marks a turn with a refusal
    word and nothing that helps (a brush-off's shape, whatever its words)."""
    if not _REFUSAL_WORD.search(low) or _offers_help(low, found):
        return []
    return ["refuses_alone"]


# ---------------------------------------------------------------- the detector


def _shouting(text: str) -> Detection | None:
    """Capitals over several words or repeated exclamation marks; acronyms and codes excluded."""
    bang = _EXCLAIMS.search(text) if "!" in text else None  # tried at every position otherwise
    if bang is None and not _TWO_CAPITALS.search(text):
        return None  # only one-letter capitals ("I"): no word long enough to be loud
    # A run of capitalised words close together. Acronyms and "I"/"A" may sit inside a run
    # ("I AM CHECKING IT NOW") but do not make one: only ordinary words count towards it.
    run_start = run_end = -1
    counted: list[str] = []
    best: tuple[int, int] | None = None

    def loud() -> bool:
        return len(counted) >= 2 and any(len(w) >= 3 for w in counted)

    quoted = [(q.start(), q.end()) for q in _QUOTED_CASED.finditer(text[:ANALYSED_CHARS])]
    for m in _CAPS_WORD.finditer(text[:ANALYSED_CHARS]):
        word = m.group(0).strip("'")
        lowered = word.lower()
        # Codes like AB-1234 or SKU123 are not raised voices.
        adjacent = text[m.end() : m.end() + 1]
        is_code = (adjacent in ("-", "/") and text[m.end() + 1 : m.end() + 2].isalnum()) or any(ch.isdigit() for ch in word)
        # Capitals inside quotes are somebody else's: a merchant's name on a statement ('DGTL
        # SVC'), a screen's message ("PAYMENT DECLINED").
        is_code = is_code or any(a < m.start() and m.end() < b for a, b in quoted)
        gap = text[run_end:m.start()] if run_start >= 0 else ""
        if is_code or (run_start >= 0 and (len(gap) > 3 or any(c.isalpha() for c in gap))):
            if loud():
                best = best or (run_start, run_end)
            run_start, counted = -1, []
            if is_code:
                continue
        if run_start < 0:
            run_start = m.start()
        run_end = m.end()
        if lowered not in _ACRONYMS or len(word) >= 6:
            counted.append(word)
    if loud():
        best = best or (run_start, run_end)
    if best:
        return Detection("shouts", best[0], best[1], "several words in capitals read as a raised voice")
    if bang:
        return Detection("shouts", bang.start(), bang.end(), "repeated exclamation marks read as a raised voice")
    return None


_STOP = frozenset(
    ["the", "a", "an", "and", "or", "but", "so", "to", "of", "in", "on", "at", "for", "with", "my", "your", "you", "i", "we", "it", "is", "was", "are", "be", "been", "this", "that", "me", "our", "us", "they", "them", "he", "she", "her", "his", "have", "has", "had", "do", "did", "does", "not", "no", "yes", "just", "can", "could", "would", "will", "what", "when", "where", "which", "who", "how", "why", "there", "their", "its", "it's", "i'm", "im", "you're", "youre", "please", "thanks", "thank", "okay", "ok", "sorry", "really", "very", "all", "any", "some", "one", "two", "get", "got", "want", "need", "like"]
)
_CONTENT = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _echoes(low: str, customer: str | None, at_least: int = 1) -> bool:
    """Does the utterance reuse at least `at_least` content words from the customer's line?"""
    if not customer:
        return False
    return len(_content_words(customer.lower()) & _content_words(low)) >= at_least


@lru_cache(maxsize=16)
def _content_words(low: str) -> frozenset[str]:
    """The words of `low` that carry content (a turn's sentence is asked about up to twice,
    against the same customer line)."""
    return frozenset(w for w in _CONTENT.findall(low) if w not in _STOP and len(w) > 2)


_model: Callable[[], Model | None] | None = None  # sim.core.learned.model, once imported


def detect_behaviours(
    text: str,
    customer: str | None = None,
    *,
    extra: Mapping[str, PhraseBook] | None = None,
) -> list[Detection]:
    """Every text behaviour of the catalogue (and of `extra` phrase books) found in `text`."""
    global _model
    if _model is None:
        # Imported on first use, as before; but an import statement costs ~2 us even once the
        # module is loaded, so it runs on the first detection only.
        from sim.core.learned import model as _model

    low = _lowered(text[:ANALYSED_CHARS])
    found = _rule_detections(text, customer, low)
    learned = _model()
    if learned is not None:
        explicit = {b for b, d in found.items() if d.explicit}
        verdicts = {v.behavior: v for v in learned.verdicts(
            low, _rule_hits(low, found), lambda behavior: _veto_window(low, found[behavior]), explicit)}
        # The learned layer has the last word: it weighs the rules' verdicts with the wording.
        found = {b: d for b, d in found.items() if b in verdicts}
        if "blames" in verdicts and "blames" not in found and (_clears_the_customer(low) or _owns_the_fault(low)):
            # Telling the customer it is not their fault, or that it is ours, is the opposite of
            # blaming them, whatever "you ..." the turn opens with.
            del verdicts["blames"]
        if ("gives_control" in verdicts and "gives_control" not in found and "offers_options" not in verdicts
                and _only_offers_to_act(low)):
            # "would you like me to book it?" asks leave to act; with no options on the table the
            # customer gets no choice of how.
            del verdicts["gives_control"]
        if "dismisses" in verdicts and "dismisses" not in found and (
                _offers_help(low, {*found, *verdicts}) or _clears_the_customer(low)):
            # Wording alone is weak evidence of a brush-off; a turn that also helps is not one
            # (a hostile "do I look like I run the trains?" is no real question, so no help), nor
            # one that tells the customer they did nothing wrong ("it's not anything you did").
            del verdicts["dismisses"]
        for b, v in verdicts.items():
            if b not in found:
                found[b] = _learned_detection(b, v, text[:ANALYSED_CHARS], low)
    if extra:
        for behavior, book in extra.items():
            if behavior in found:
                continue
            pm = book.search(low)
            if pm:
                found[behavior] = Detection(behavior, pm.start, pm.end, f'matches the phrase "{pm.phrase}"')
    return sorted(found.values(), key=lambda d: (d.start, d.behavior))


# Past this length a learned find quotes the clause around its strongest words, not the sentence:
# the scorecard shortens quotes to 80 characters, and the words that count must stay in view.
_LONG_QUOTE = 100
_CLAUSE_BREAK = re.compile(r"[,;:–—]\s+|\s+-\s+")


def _learned_detection(behavior: str, verdict: Verdict, original: str, low: str) -> Detection:
    """A find of the learned layer, quoted by the sentence that holds the words that weighed most.

    Those words alone ("You", "so") say little on a scorecard; the sentence around them shows
    what the trainee wrote. The reason still names them, in the trainee's own spelling."""
    at = verdict.start
    sentence = next((s for s in _sentences(low) if s.start <= at < s.end), None)
    start, end = (sentence.start, sentence.end) if sentence else (0, len(low.rstrip()))
    if end - start > _LONG_QUOTE:
        breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(low, start, end)]
        start = max([b for _, b in breaks if b <= at], default=start)
        end = min([a for a, _ in breaks if a >= max(verdict.end, at + 1)], default=end)
    words = original[verdict.start : verdict.end]
    if not words.strip():
        return Detection(behavior, start, end, "wording learned from the labelled corpus")
    where = " opening the message" if verdict.phrase.startswith("^") else ""
    return Detection(behavior, start, end, f'wording learned from the labelled corpus; "{words}"{where} weighs most')


# A yes-or-no offer to act: "would you like me to book it?", "shall I cancel it?"
# ...or to go ahead with the one thing on offer: "would you like to join the waiting list?"
_OFFER_TO_ACT = _rx(r"\b(?:(?:would|do) (?:you|u) (?:like|want)|(?:you|u) want|want) (?:me|us) to\b|\bshall (?:i|we)\b"
                    r"|\b(?:would|do) (?:you|u) (?:like|want) to (?!choose|pick|decide|select|say|tell|let)")
_CHOICE_WORD = _rx(r"\b(?:or|either|any|which|whichever|when|what|whatever|where|how|who)\b")


def _only_offers_to_act(low: str) -> bool:
    """Is every question of the turn a yes-or-no offer to act, with no alternative or open choice?"""
    questions = _question_sentences(_sentences(low))
    return bool(questions) and all(_OFFER_TO_ACT.search(q.text) and not _CHOICE_WORD.search(q.text)
                                   for q in questions)


def rule_behaviours(text: str, customer: str | None = None) -> set[str]:
    """The behaviours the hand-written rules alone find (features for the learned layer)."""
    return set(_rule_detections(text, customer))


@dataclass(frozen=True, slots=True)
class RuleReading:
    """What the learned layer reads from the rules for one turn, in training as in detection."""

    hits: frozenset[str]  # every behaviour a rule found, and the turn's cues: features of the turn
    windows: dict[str, tuple[int, int]]  # good habits only: where a veto reads (see `_veto_window`)
    explicit: frozenset[str]  # found by an explicit marker: never vetoed


def rule_reading(text: str, customer: str | None = None) -> RuleReading:
    """The rules' hits on a turn, the veto windows of its good habits, and its explicit markers."""
    low = _lowered(text[:ANALYSED_CHARS])
    found = _rule_detections(text, customer, low)
    windows = {b: w for b, d in found.items() if (w := _veto_window(low, d)) is not None}
    return RuleReading(_rule_hits(low, found), windows, frozenset(b for b, d in found.items() if d.explicit))


def _rule_hits(low: str, found: Mapping[str, Detection]) -> frozenset[str]:
    """The features the rules give the learned layer: their hits and the turn's cues. One
    function for training and detection, so the model is scored on what it was fitted on."""
    return frozenset([*found, *_cues(low, found)])


def _veto_window(low: str, found: Detection) -> tuple[int, int] | None:
    """The sentences of `low` a good habit's rule hit lies in; None for a behaviour to avoid,
    which is weighed over the whole turn, where an alternative offered anywhere redeems it."""
    if found.behavior in AVOID_BEHAVIOURS:
        return None
    inside = [s for s in _sentences(low)
              if s.start <= found.start < s.end or (s.start < found.end and found.start < s.end)]
    return (inside[0].start, inside[-1].end) if inside else (0, len(low))


def _overlaps(m: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    """Does the match start inside, or run over the start of, any of `spans`?"""
    return any(a <= m.start() < b or m.start() < a < m.end() for a, b in spans)


def _rule_detections(text: str, customer: str | None, low: str | None = None) -> dict[str, Detection]:
    original = text[:ANALYSED_CHARS]
    low = _lowered(original) if low is None else low
    sentences = _sentences(low)
    found: dict[str, Detection] = {}

    def add(behavior: str, start: int, end: int, reason: str, *, explicit: bool = False) -> None:
        if behavior not in found:
            found[behavior] = Detection(behavior, start, end, reason, explicit)

    # Words inside quotes are somebody else's ("the card says "please sign here"").
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(low)]
    questions = _question_sentences(sentences)
    if questions:
        q = questions[0]
        add("asks_question", q.start, q.end, "asks the customer a question")
    for s in sentences:
        m = _CLARIFIES.search(s.text)
        if not m or _NOT_CLARIFYING.search(s.text):
            continue
        before = s.text[: m.start()].rstrip()
        # An opener like "hiya, chloe here 😊 what can i do for you" is a question without "?".
        if s in questions or not before or not before[-1].isalnum():
            add("asks_question", s.start, s.end, "asks the customer a question")
            add("clarifies_needs", s.start, s.end, "asks about the customer's problem or what they want")
            break

    m = _GREETS.search(low)
    if m:
        add("greets", m.start(), m.end(), "opens with a greeting or introduction")

    for s in sentences:
        if _FAKE_EMPATHY.search(s.text):
            continue
        m = _EMPATHY.search(s.text) or _EMPATHY_SHAPES.search(s.text)
        if m:
            add("empathizes", s.start + m.start(), s.start + m.end(), "acknowledges how the customer feels")
            break

    for i, s in enumerate(sentences):
        m = _CONFIRM_STRONG.search(s.text)
        if m:
            add("confirms_understanding", s.start, s.end, "restates what the customer said and checks it",
                explicit=True)
            break
        after = sentences[i + 1].text if i + 1 < len(sentences) else None
        read_back_next = after is not None and bool(_READBACK_NEXT.search(after))
        checked = bool(_CONFIRM_CHECK.search(s.text)) or read_back_next or (
            after is not None and bool(_CHECK_TAG.search(after)))
        if not checked or _CHECK_TAG.search(s.text) or _RHETORICAL.search(s.text) or _ORDER_TAG.search(s.text):
            continue
        restated = _echoes(s.text, customer, 2) or len(s.text.split()) >= 7
        if (_CONFIRM_WEAK.search(s.text) or _CONFIRM_SO_YOU.search(s.text)) and restated:
            add("confirms_understanding", s.start, s.end, "restates the customer's words and checks them")
            break
        if _echoes(s.text, customer, 3) and not _Q_START.search(s.text):
            add("confirms_understanding", s.start, s.end, "repeats the customer's details back to check them")
            break
        tagged = read_back_next or _READBACK_TAG.search(s.text)
        if tagged and not _Q_START.search(s.text):
            # The details may be read back over a few short statements before "is that correct?":
            # "Pickup is at 5 pm. Drop-off is next Wednesday. Is that correct?"
            first, words = i, len(s.text.split())
            while (words < 7 and read_back_next and first > max(0, i - 2)
                   and not sentences[first - 1].is_question_marked and not _Q_START.search(sentences[first - 1].text)):
                first -= 1
                words += len(sentences[first].text.split())
            if words >= 7:
                add("confirms_understanding", sentences[first].start, s.end,
                    "reads the details back and asks if they are right")
                break

    ultimatums = [(u.start(), u.end()) for u in _ULTIMATUM.finditer(low)]
    m = next((m for m in _OPTIONS.finditer(low) if not _overlaps(m, ultimatums)), None)
    if m:
        add("offers_options", m.start(), m.end(), "offers the customer alternatives")
    elif (gone := _NOT_TO_BE_HAD.search(low)) and (other := _IN_ITS_PLACE.search(low, gone.end())):
        at = next((s for s in sentences if s.start <= other.start() < s.end), None)
        start, end = (at.start, at.end) if at else (other.start(), other.end())
        if not _ELSEWHERE.search_fragment(low[start:end]):
            add("offers_options", start, end, "offers an alternative to what cannot be had")

    m = _CONTROL.search(low)
    if m:
        add("gives_control", m.start(), m.end(), "hands the choice to the customer")

    for s in sentences:
        m = _COMMIT.search(s.text)
        if not m or _VAGUE.search(s.text):
            continue
        owner = m.group(0)
        timed = _TIME.search(s.text) is not None
        personal = (_FIRST_PERSON.search_fragment(owner) or _NAMED_OWNER.search_fragment(owner)
                    or _CONCRETE_SELF.search_fragment(owner))
        if timed or personal:
            add("commits_next_steps", s.start + m.start(), s.end,
                "says what happens next" + (" and when" if timed else " and who does it"))
            break

    m = _CHECKS_IN.search(low)
    if m:
        add("checks_in", m.start(), m.end(), "checks that the explanation is landing")

    not_courtesy = [(m.start(), m.end()) for m in _SARCASM.finditer(low)] + quoted
    for m in _COURTESY.finditer(low):
        if _overlaps(m, not_courtesy):
            continue
        add("courtesy", m.start(), m.end(), "uses a polite marker, thanks or apology")
        break

    shout = _shouting(original)
    if shout:
        found["shouts"] = shout

    m = _SWEAR.search(low)
    if m:
        add("swears", m.start(), m.end(), "uses a profane or abusive word")

    m = (_first_accusing(_DISMISS_CONDESCENDING, low) or _first_accusing(_DISMISS_TALKING_DOWN, low)
         or _first_accusing(_DISMISS_SHRUG, low))
    if m:
        add("dismisses", m.start(), m.end(), "brushes the customer off or talks down to them")
    elif whole := next(((x, mm) for x in sentences if (mm := _DISMISS_SENTENCE.search(x.text))), None):
        x, mm = whole
        add("dismisses", x.start + mm.start(), x.start + mm.end(),
            "brushes the customer off or talks down to them")
    else:
        m = _first_accusing(_DISMISS_REFUSAL, low)
        if m and not _ALTERNATIVE.search(low) and "offers_options" not in found:
            add("dismisses", m.start(), m.end(), "refuses without offering any alternative")
        elif (m := _first_accusing(_DISMISS_BARE, low)) and not _offers_help(low, found, questions):
            add("dismisses", m.start(), m.end(), "turns the customer away with nothing else on offer")

    m = _first_accusing(_BLAME, low)
    if m:
        add("blames", m.start(), m.end(), "puts the fault on the customer")

    return found
