"""A turn's word n-grams looked up in the learned layer's weight table: the layer's hot loop.

`score` is compiled from `_ngrams.c` when the package is installed with a C compiler at hand,
and falls back to the same work in Python otherwise (about twenty times slower). Both give
the same sums, to the last bit, and the same weightiest phrases (tests/core/test_ngrams.py).
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Sequence

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")

# Where a phrase of the text lies: (its first word's number, how many words it spans), with 0
# words for the opening-word marker "^word".
Phrase = tuple[int, int]


def normal(word: str) -> str:
    """A word as features spell it: apostrophes dropped, any number read as "0"."""
    word = word.replace("'", "")
    return "0" if word.isdigit() else word


def feature_name(words: Sequence[str], phrase: Phrase) -> str:
    """The text of a phrase's feature, from the normalised words of its text."""
    word, size = phrase
    return "^" + words[word] if size == 0 else " ".join(words[word : word + size])


def phrases(words: Sequence[str]) -> dict[str, Phrase]:
    """Each distinct feature of a text's normalised words and the phrase it first comes from:
    the 1-, 2- and 3-grams in order of first occurrence by size, then the opening word."""
    found: dict[str, Phrase] = {}
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            found.setdefault(" ".join(words[i : i + n]) if n > 1 else words[i], (i, n))
    if words:
        found.setdefault("^" + words[0], (0, 0))
    return found


def score_in_python(low: str, bias: list[float], keys: array, first: array, count: array,
                    numbers: array, weights: array, slots: int) -> tuple[list[float], list[Phrase | None]]:
    """The biases plus the weights of each distinct n-gram of `low`, and per behaviour the
    phrase that weighs most for it (the first on a tie; None if none weighs for it)."""
    score = list(bias)
    best_w = [0.0] * len(bias)
    best: list[Phrase | None] = [None] * len(bias)
    crc32 = zlib.crc32
    for name, phrase in phrases([normal(m.group(0)) for m in WORD.finditer(low)]).items():
        key = crc32(name.encode()) or 1
        slot = key % slots
        while (held := keys[slot]) != key:
            if not held:
                break
            slot = slot + 1 if slot + 1 < slots else 0
        else:
            start = first[slot]
            for p in range(start, start + count[slot]):
                b, w = numbers[p], weights[p]
                score[b] += w
                if w > best_w[b]:
                    best_w[b], best[b] = w, phrase
    return score, best


try:
    from sim.core._ngrams import score as _compiled
except ImportError:  # built without a C compiler: the same in Python
    _compiled = None


def score(low: str, bias: list[float], keys: array, first: array, count: array,
          numbers: array, weights: array, slots: int) -> tuple[list[float], list[Phrase | None]]:
    """The summed scores and each behaviour's weightiest phrase (see `score_in_python`)."""
    if _compiled is None:
        return score_in_python(low, bias, keys, first, count, numbers, weights, slots)
    return _compiled(low, bias, keys, first, count, numbers, weights, slots)


def compiled() -> bool:
    """Is the C version in use?"""
    return _compiled is not None
