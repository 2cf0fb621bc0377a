"""The learned layer of detection: weighted phrases fitted on the labelled development corpus.

Hand-written rules are precise but miss new wording. For each text behaviour a logistic
regression over word n-grams (plus the rules' own verdicts as features) gives a probability;
a behaviour is reported when it passes that behaviour's threshold, chosen by cross-validation
on the development data only. Weights ship next to this module, readable in `detector.tsv`
and compiled into `detector.bin`, and are explainable: a detection quotes the phrase that
contributed most.

Regenerate with `make detector` (python -m sim.core.learned) after changing rules or data.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import BinaryIO, NamedTuple

from sim.core import ngrams
from sim.core.ngrams import Phrase

MODEL_PATH = Path(__file__).with_name("detector.tsv")
DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data"
TRAINING_FILES = ("corpus.jsonl", "corpus-extra.jsonl", "corpus-avoid.jsonl", "corpus-do.jsonl",
                  "corpus-fresh.jsonl", "corpus-fresh2.jsonl", "corpus-assistant.jsonl",
                  "corpus-support.jsonl")
# Files written to teach one behaviour train only that behaviour. Their other labels are sound,
# but their wording is lopsided: trained on for every behaviour, the brush-offs' hostile "what
# do you want us to do about it" taught the model that "do about it" is never a real question.
FOCUSED_FILES: dict[str, frozenset[str]] = {
    "corpus-brushoff.jsonl": frozenset({"dismisses"}),
    "corpus-brushoff2.jsonl": frozenset({"dismisses"}),
    "corpus-brushoff5.jsonl": frozenset({"dismisses", "blames"}),
    "corpus-brushoff6.jsonl": frozenset({"dismisses", "blames"}),
    "corpus-brushoff7.jsonl": frozenset({"dismisses", "blames"}),
    "corpus-brushoff8.jsonl": frozenset({"dismisses", "blames"}),
    "corpus-brushoff9.jsonl": frozenset({"dismisses", "blames"}),
    "corpus-brushoff10.jsonl": frozenset({"dismisses", "blames"}),
    # Written to teach read-backs and offers of named alternatives, with their near misses.
    # Its plain answers ("there are no rooms left that night") also teach what is no brush-off.
    "corpus-assistant2.jsonl": frozenset({"confirms_understanding", "offers_options", "gives_control",
                                          "dismisses"}),
    # helpful lines in the brush-offs' words ("not sure, let me check"): the counterweight
    "corpus-nearmiss.jsonl": frozenset({"dismisses"}),
    # 2026-11-23: two more brush-off writers, and real agents' courteous "no"s and redirects
    "corpus-brushoff12.jsonl": frozenset({"dismisses", "blames"}),
    "corpus-brushoff13.jsonl": frozenset({"dismisses", "blames"}),
    "corpus-nearmiss2.jsonl": frozenset({"dismisses", "blames"}),
    # Trainees' slips in practice rounds, and the same words used well. Trained on for every
    # behaviour, they moved the commitment threshold 0.5 -> 0.2 and formal agent turns
    # (corpus-agent.jsonl) drew 15 false commitments instead of 5.
    "corpus-practice.jsonl": frozenset({"dismisses"}),
    "corpus-practice3.jsonl": frozenset({"dismisses"}),
    # Written to teach commitments, check-ins, hand-overs of choice and options, with near misses.
    "corpus-followup.jsonl": frozenset({"commits_next_steps", "checks_in", "gives_control",
                                        "offers_options"}),
}
# Avoid-behaviours' settings are chosen by F-beta with this beta: precision counts 16 times as
# much as recall, which in cross-validation keeps a brush-off's precision near 0.99.
AVOID_BETA = 0.25
# What each step of 1.0 away from its default costs a good habit's threshold or veto, in F1 (see
# `_threshold`): 0.02 lets cross-validation move a setting by 0.2 only for a gain over 0.004.
SETTLE = 0.02
# Below this a weight is dropped: 0.1 keeps two thirds of them and the table at half the size.
MIN_WEIGHT = 0.1
_TOKEN = ngrams.WORD


class Token(NamedTuple):
    """A normalised word and where it sits in the original text."""

    text: str
    start: int
    end: int


def tokens(low: str) -> list[Token]:
    """Words of an already lower-cased text, apostrophes dropped ("don't" -> "dont")."""
    return [Token(ngrams.normal(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(low)]


def features(low: str, rule_hits: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Feature name -> the span it came from (the first occurrence)."""
    toks = tokens(low)
    out = {name: (toks[i].start, toks[i + max(1, n) - 1].end)
           for name, (i, n) in ngrams.phrases([t.text for t in toks]).items()}
    for hit in rule_hits:
        out[f"rule:{hit}"] = (0, 0)
    return out


class Verdict(NamedTuple):
    """A learned detection: the probability and, unless a rule found it too, the phrase that
    weighed most."""

    # A named tuple, not a frozen dataclass: every turn makes a few, and the dataclass's
    # __init__ (one object.__setattr__ per field) cost three times as much.

    behavior: str
    probability: float
    start: int
    end: int
    phrase: str


class WeightTable:
    """Feature weights in flat arrays, keyed by a CRC-32 of the feature's text.

    About 47,000 features as a dict of strings took ~8 MB, most of the app's memory over a
    minimal Textual app; this open-addressing table holds 76,000 in ~1.7 MB. Names are not
    kept: a message's own n-grams supply them when a detection is explained.
    """

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.keys = array("I", bytes(4 * slots))  # 0 marks an empty slot
        self.first = array("I", bytes(4 * slots))  # where the slot's pairs start in `weights`
        self.count = array("B", bytes(slots))
        self.numbers = array("B")  # behaviour number of each weight
        # Single precision: the weights are written to 4 decimals, and doubles cost 0.55 MB more.
        self.weights = array("f")

    @staticmethod
    def key(feature: str) -> int:
        """The feature's 32-bit key (never 0, which marks an empty slot)."""
        return zlib.crc32(feature.encode()) or 1

    @classmethod
    def from_index(cls, rows: Iterable[tuple[str, str]], size: int) -> WeightTable:
        """Build from `(feature, "number weight number weight ...")` rows."""
        # Two thirds full: a miss (most n-grams carry no weight) probes ~5 slots. Sized to
        # that, not to the next power of two, which left it half full and 235 kB larger: a
        # whole round in the app runs close to 1.5x the minimal app's memory.
        slots = max(16, size * 3 // 2)
        table = cls(slots)
        for feature, flat in rows:
            values = flat.split()
            table._put(cls.key(feature), [int(x) for x in values[0::2]], [float(x) for x in values[1::2]])
        return table

    def _put(self, key: int, numbers: list[int], weights: list[float]) -> None:
        slot = key % self.slots
        while self.keys[slot]:
            slot = slot + 1 if slot + 1 < self.slots else 0
        self.keys[slot] = key
        self.first[slot] = len(self.weights)
        self.count[slot] = len(weights)
        self.numbers.extend(numbers)
        self.weights.extend(weights)

    def pairs(self, feature: str) -> tuple[int, int] | None:
        """The `[first, end)` range of the feature's weights, or None if it carries none."""
        key = self.key(feature)
        keys, slots = self.keys, self.slots
        slot = key % slots
        while (found := keys[slot]) != key:
            if not found:
                return None
            slot = slot + 1 if slot + 1 < slots else 0
        first = self.first[slot]
        return first, first + self.count[slot]

    _PARTS = (("keys", "I", "slots"), ("first", "I", "slots"), ("count", "B", "slots"),
              ("numbers", "B", "pairs"), ("weights", "f", "pairs"))

    def write(self, f: BinaryIO) -> None:
        """Write the table: a JSON header line, then the arrays in native byte order."""
        header = {"slots": self.slots, "pairs": len(self.weights), "byteorder": sys.byteorder}
        f.write(json.dumps(header).encode() + b"\n")
        for name, _, _ in self._PARTS:
            getattr(self, name).tofile(f)

    @classmethod
    def read(cls, f: BinaryIO) -> WeightTable:
        """Read a table written by `write`, straight into its arrays (no copy of the file)."""
        header = json.loads(f.readline())
        table = cls(0)
        table.slots = header["slots"]
        for name, code, size in cls._PARTS:
            part = array(code)
            part.fromfile(f, header[size])
            if header["byteorder"] != sys.byteorder:
                part.byteswap()
            setattr(table, name, part)
        return table


class Model:
    """Per-behaviour weights, biases and thresholds."""

    def __init__(self, data: dict, table: WeightTable) -> None:
        self.bias: dict[str, float] = data["bias"]
        self.threshold: dict[str, float] = data["threshold"]
        # A rule's hit stands unless the learned score is below the behaviour's veto: 0 trusts
        # the rule outright; the threshold itself (the default) lets the score alone decide.
        self.veto: dict[str, float] = data.get("veto", {})
        self.trained_on: str = data.get("trained_on", "")
        self._names: list[str] = data["behaviours"]
        self._bias = [self.bias[b] for b in self._names]
        # Below this score a behaviour cannot pass its threshold (kept a hair under the exact
        # log-odds, so rounding never hides a find): its probability need not be worked out.
        self._unreachable = [math.log(t / (1 - t)) - 1e-6 if 0 < (t := self.threshold[b]) < 1 else -math.inf
                             for b in self._names]
        self.table = table
        # A rule hit's weights, looked up once: a turn has a few hits, from a dozen names.
        self._hit_weights: dict[str, tuple[tuple[int, float], ...]] = {}

    @classmethod
    def load(cls, path: Path) -> Model:
        """Read a model written by `write_model`, through its compiled table when that is current."""
        with path.open("rb") as f:
            data = json.loads(f.readline())
            f.seek(0)
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        try:
            with path.with_suffix(".bin").open("rb") as f:
                if f.readline().decode().strip() == digest:
                    return cls(data, WeightTable.read(f))
        except (OSError, ValueError, KeyError, EOFError):
            pass  # missing, stale or damaged: build it from the text, a few tenths of a second
        return cls(data, _table_from_text(path))

    def _weights(self, feature: str) -> list[float] | None:
        """The feature's `[behaviour number, weight, ...]`, or None."""
        span = self.table.pairs(feature)
        if span is None:
            return None
        out: list[float] = []
        for i in range(*span):
            out += (self.table.numbers[i], self.table.weights[i])
        return out

    def verdicts(self, low: str, rule_hits: Iterable[str],
                 window_of: Callable[[str], tuple[int, int] | None] | None = None,
                 explicit: Iterable[str] = ()) -> list[Verdict]:
        """Behaviours whose probability passes their threshold, or that a rule found and the
        score does not veto: neither the whole turn's nor, where `window_of(behaviour)` gives
        the rule's sentence in `low`, that sentence's own (asked only when the whole turn
        would veto). An `explicit` marker's hit is never vetoed."""
        explicit = set(explicit)
        rule_hits = set(rule_hits)
        score, best = self._scored(low, rule_hits)
        out = []
        weighed = zip(self._names, score, self._unreachable, strict=True)
        for number, (behavior, z, floor) in enumerate(weighed):
            if z < floor and behavior not in rule_hits and behavior not in explicit:
                continue  # far below its threshold: no need to work out the probability
            p = _sigmoid(z)
            by_rule = False
            if behavior in explicit:
                by_rule = True
            elif behavior in rule_hits:
                veto = self.veto.get(behavior, self.threshold[behavior])
                by_rule = p >= veto
                if not by_rule and window_of is not None and (window := window_of(behavior)) is not None:
                    by_rule = self.local_probability(low, window, behavior) >= veto
            if by_rule or p >= self.threshold[behavior]:
                # A rule's hit explains itself (its span); only the model's own finds need a phrase.
                out.append(Verdict(behavior, p, 0, 0, "") if behavior in rule_hits
                           else self._explained(behavior, p, best[number], low))
        return out

    def local_probability(self, low: str, window: tuple[int, int], behavior: str) -> float:
        """The probability of `behavior` from the words of one window of `low` and the rule's hit.

        A rule's own sentence can carry its hit where the whole turn would veto it: "does that
        make sense?" after "that sounds so frustrating." says nothing about the empathy, yet in
        a whole-turn score its words weigh against it."""
        start, end = window
        score, _ = self._scored(low[start:end], {behavior})
        return _sigmoid(score[self._names.index(behavior)])

    def _scored(self, low: str, rule_hits: set[str]) -> tuple[list[float], list[Phrase | None]]:
        """Each behaviour's summed score over `low` (the rules' hits last) and the phrase of `low`
        that weighs most for it."""
        table = self.table
        score, best = ngrams.score(low, self._bias, table.keys, table.first, table.count,
                                   table.numbers, table.weights, table.slots)
        for hit in rule_hits:
            weighed = self._hit_weights.get(hit)
            if weighed is None:
                weighed = self._hit_weights[hit] = self._pairs_of(f"rule:{hit}")
            for number, weight in weighed:
                score[number] += weight
        return score, best

    def _pairs_of(self, feature: str) -> tuple[tuple[int, float], ...]:
        """The feature's (behaviour number, weight) pairs; none if it carries no weight."""
        table = self.table
        span = table.pairs(feature)
        return tuple((table.numbers[i], table.weights[i]) for i in range(*span)) if span else ()

    @staticmethod
    def _explained(behavior: str, p: float, phrase: Phrase | None, low: str) -> Verdict:
        """The verdict with the phrase that weighed most for it."""
        if phrase is None:
            return Verdict(behavior, p, 0, 0, "")
        first, size = phrase
        found = list(itertools.islice(ngrams.WORD.finditer(low), first, first + max(1, size)))
        words = [ngrams.normal(m.group(0)) for m in found]
        return Verdict(behavior, p, found[0].start(), found[-1].end(), ngrams.feature_name(words, (0, size)))


def _table_from_text(path: Path) -> WeightTable:
    with path.open(encoding="utf-8") as f:
        f.readline()
        size = sum(1 for _ in f)
        f.seek(0)
        f.readline()
        return WeightTable.from_index((line.rstrip("\n").split("\t", 1) for line in f), size)


def compile_table(path: Path) -> None:
    """Write the compiled table next to the model text (`detector.bin`), tagged with its digest."""
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    with path.with_suffix(".bin").open("wb") as f:
        f.write(digest.encode() + b"\n")
        _table_from_text(path).write(f)


@cache
def model() -> Model | None:
    """The shipped model, or None if it has not been trained."""
    if not MODEL_PATH.exists():
        return None
    return Model.load(MODEL_PATH)


# ---------------------------------------------------------------- training


def corpus_digest(paths: Sequence[Path]) -> str:
    """A fingerprint of the training data and of the rule patterns the model was trained with."""
    from sim.core.detect import rule_patterns

    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    for pattern in rule_patterns():
        h.update(pattern.encode())
    return h.hexdigest()[:16]


def _fit(rows: list[tuple[dict[str, tuple[int, int]], set[str]]], behavior: str,
         epochs: int = 25, rate: float = 0.3, l2: float = 1e-4, seed: int = 7
         ) -> tuple[dict[str, float], float]:
    weights: dict[str, float] = {}
    bias = 0.0
    import random  # training only: detection should not pay for importing it

    order = list(range(len(rows)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch * 0.2)
        for i in order:
            feats, labels = rows[i]
            y = 1.0 if behavior in labels else 0.0
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            bias -= step * g
            for f in feats:
                w = weights.get(f, 0.0)
                weights[f] = w - step * (g + l2 * w)
    return weights, bias


def _pruned(weights: dict[str, float]) -> dict[str, float]:
    """The weights worth shipping: smaller ones barely move a score and cost memory and time."""
    return {f: w for f, w in weights.items() if abs(w) >= MIN_WEIGHT}


def _sigmoid(z: float) -> float:
    # Clamped by comparisons, not max() and min(): each turn asks a dozen times, and those two
    # calls cost more than the exponential.
    return 1.0 / (1.0 + math.exp(-(30.0 if z > 30.0 else -30.0 if z < -30.0 else z)))


def _prob(weights: dict[str, float], bias: float, feats: dict[str, tuple[int, int]]) -> float:
    return _sigmoid(bias + sum(weights.get(f, 0.0) for f in feats))


def _threshold(scored: list[tuple[float, bool, float | None]], avoid: bool,
               neutral: float | None = None) -> tuple[float, float, float]:
    """The threshold and veto (the score below which a rule's hit is overruled; None in
    `scored` where no rule fired) whose neighbourhood scores best, and the cross-validated F1
    there. A good habit is scored by F1; an avoid-behaviour by F-beta with `AVOID_BETA`, which
    weighs precision far above recall (a false accusation costs more than a miss).

    The neighbourhood, not the single best cell: cross-validated scores are flat near their
    top, and the best cell alone jumped (offers_options' threshold 0.24 -> 0.42) on a change
    of one rule. Avoid-behaviours used to need 99% precision instead; that floor was a knife
    edge: one false alarm more or less in the folds moved the brush-off veto 0.50 -> 0.92 or
    0.50 -> 0.04. On a tie a good habit takes the lower veto (a rule's hit explains itself, a
    learned one only by its weightiest words) and an avoid-behaviour the higher one.

    Even the neighbourhood's best wandered by 0.2 or more whenever data or an unrelated rule
    changed, and with it the verdict on spec examples. So a good habit's settings are drawn
    towards defaults, each step away costing `SETTLE` of the score: the threshold towards 0.5
    (even odds), the veto towards `neutral`, the score of the rule's hit alone (a hit stands
    unless the words weigh against it). Cross-validation moves them only for a real gain."""
    grid = [x / 100 for x in range(0, 100, 2)]
    beta2 = AVOID_BETA**2 if avoid else 1.0
    f1_at: dict[tuple[int, int], float] = {}  # (threshold step, veto step) -> F1
    chosen_by: dict[tuple[int, int], float] = {}  # the same cells, scored by what picks them
    for ti in range(10, len(grid)):
        for vi in range(ti + 1):
            t, v = grid[ti], grid[vi]
            tp = fp = fn = 0
            for p, y, local in scored:
                fired = p >= t or (local is not None and local >= v)
                if fired:
                    tp += y
                    fp += not y
                else:
                    fn += y
            f1_at[ti, vi] = 2 * tp / (2 * tp + fn + fp) if tp else 0.0
            chosen_by[ti, vi] = (1 + beta2) * tp / ((1 + beta2) * tp + beta2 * fn + fp) if tp else 0.0
    best: tuple[float, int, int] | None = None
    for ti, vi in chosen_by:
        around = [chosen_by[a, b] for a in (ti - 1, ti, ti + 1) for b in (vi - 1, vi, vi + 1)
                  if (a, b) in chosen_by]
        smooth = sum(around) / len(around)
        if neutral is not None:
            t, v = grid[ti], grid[vi]
            smooth -= SETTLE * (abs(t - 0.5) + abs(v - min(t, neutral)))
        if best is None or smooth > best[0] or (avoid and smooth == best[0] and ti == best[1]):
            best = (smooth, ti, vi)
    if best is None or best[0] == 0.0:
        return 1.01, 0.0, 0.0
    _, ti, vi = best
    return grid[ti], f1_at[ti, vi], grid[vi]


def training_rows(paths: Sequence[Path]) -> tuple[list[tuple[dict[str, tuple[int, int]], set[str]]],
                                                 list[dict[str, dict[str, tuple[int, int]] | None]]]:
    """Each labelled turn's features and labels, and per rule-found good habit the features of
    its veto window (None for an explicit marker, never vetoed): what `train` fits and checks."""
    from sim.core.detect import _lowered, rule_reading

    rows = []
    local: list[dict[str, dict[str, tuple[int, int]] | None]] = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            r = json.loads(line)
            low = _lowered(r["text"])
            rules = rule_reading(r["text"], r.get("customer") or None)
            # Every hit is a feature, the avoid-behaviours' too; only good habits have windows.
            rows.append((features(low, sorted(rules.hits)), set(r["behaviors"])))
            local.append({b: None if b in rules.explicit else features(low[s:e], [b])
                          for b, (s, e) in rules.windows.items()})
    return rows, local


def training_paths() -> list[Path]:
    """Every file the shipped model is trained on, the focused ones last."""
    return [DATA_DIR / f for f in (*TRAINING_FILES, *FOCUSED_FILES)]


def _shuffled(rows: list, local: list, seed: int) -> tuple[list, list]:
    import random

    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    return [rows[i] for i in order], [local[i] for i in order]


def train(paths: Sequence[Path] | None = None, focused: dict[Path, frozenset[str]] | None = None,
          folds: int = 5) -> dict:
    """Fit every behaviour on the development files (and each focused file's behaviours on it
    too); thresholds from cross-validation."""
    from sim.core.catalogue import AVOID_BEHAVIOURS, TEXT_BEHAVIOURS

    if paths is None:
        paths = [DATA_DIR / f for f in TRAINING_FILES]
        focused = {DATA_DIR / f: scope for f, scope in FOCUSED_FILES.items()}
    focused = focused or {}
    every_rows, every_local = _shuffled(*training_rows(paths), seed=11)
    # Focused rows go after the shared ones, so a behaviour no focused file teaches is fitted
    # and cross-validated on exactly the rows it would have without them.
    extra: list[tuple[frozenset[str], list, list]] = [
        (scope, *_shuffled(*training_rows([path]), seed=11)) for path, scope in focused.items()]
    out: dict = {"trained_on": corpus_digest([*paths, *focused]), "weights": {}, "bias": {},
                 "threshold": {}, "veto": {}}
    cv_f1: dict[str, float] = {}
    for behavior in TEXT_BEHAVIOURS:
        rows, local = list(every_rows), list(every_local)
        for scope, more_rows, more_local in extra:
            if behavior in scope:
                rows += more_rows
                local += more_local
        scored: list[tuple[float, bool, float | None]] = []
        for k in range(folds):
            train_rows = [r for i, r in enumerate(rows) if i % folds != k]
            w, b = _fit(train_rows, behavior)
            w = _pruned(w)  # thresholds are chosen for the model as shipped
            for i in range(k, len(rows), folds):
                f, labels = rows[i]
                p = _prob(w, b, f)
                # What the veto reads (see `Model.verdicts`); None where no rule fired.
                veto_on: float | None
                if behavior in local[i]:
                    window = local[i][behavior]
                    veto_on = 1.0 if window is None else max(p, _prob(w, b, window))
                else:
                    veto_on = p if f"rule:{behavior}" in f else None
                scored.append((p, behavior in labels, veto_on))
        weights, bias = _fit(rows, behavior)
        kept = {f: round(w, 4) for f, w in _pruned(weights).items()}
        out["weights"][behavior] = kept
        out["bias"][behavior] = round(bias, 4)
        avoid = behavior in AVOID_BEHAVIOURS
        neutral = None if avoid else _sigmoid(bias + kept.get(f"rule:{behavior}", 0.0))
        threshold, f1, veto = _threshold(scored, avoid, neutral)
        out["threshold"][behavior] = threshold
        out["veto"][behavior] = veto
        cv_f1[behavior] = round(f1, 3)
    out["cv_f1"] = cv_f1
    return out


def feature_major(data: dict) -> dict:
    """The trained model with its per-behaviour weights turned into one index by feature
    (`{feature: [behaviour number, weight, ...]}`): what scoring needs, and a third of the memory."""
    behaviours = sorted(data["weights"])
    index: dict[str, list[float]] = {}
    for number, behavior in enumerate(behaviours):
        for feature, w in sorted(data["weights"][behavior].items()):
            index.setdefault(feature, []).extend((number, w))
    out = {k: v for k, v in data.items() if k != "weights"}
    return {**out, "behaviours": behaviours, "index": index}


def write_model(data: dict, path: Path) -> None:
    """One JSON line of settings, then a line per feature: `feature<TAB>number weight ...`."""
    settings = {k: v for k, v in data.items() if k != "index"}
    lines = [json.dumps(settings, sort_keys=True, separators=(",", ":"))]
    lines += [f"{feature}\t{' '.join(map(str, flat))}" for feature, flat in sorted(data["index"].items())]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    """Train on the development corpus and write the model next to this module."""
    data = train()
    sizes = {b: len(w) for b, w in data["weights"].items()}
    write_model(feature_major(data), MODEL_PATH)
    compile_table(MODEL_PATH)
    print(f"wrote {MODEL_PATH} ({sum(sizes.values())} weights)")
    for b, f1 in data["cv_f1"].items():
        veto, threshold = data["veto"][b], data["threshold"][b]
        print(f"  {b:24} threshold {threshold:.2f}  rule veto below {veto:.2f}  cross-validated F1 {f1:.3f}")
    print(f"  macro F1 (cross-validated) {sum(data['cv_f1'].values()) / len(data['cv_f1']):.3f}")


if __name__ == "__main__":
    main()
