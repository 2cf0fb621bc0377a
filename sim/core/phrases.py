"""Trainer phrases compiled to safe patterns: literal words, `*` wildcards, nothing else.

A trainer's phrase never becomes a regular expression of their own: we escape every
word and join words with bounded gaps, so matching is linear and cannot backtrack
catastrophically whatever a scenario file says.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

# One wildcard stands for up to this many words: enough for "I'll * call you"
# ("I'll ask her to call you"), short enough to stay inside one clause.
WILDCARD_WORDS = 4
MAX_PHRASE_WORDS = 12

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\*", re.UNICODE)


class PhraseError(ValueError):
    """A phrase that cannot be compiled, with a message meant for a trainer."""


# Words this long also match with one letter dropped, doubled or swapped with its
# neighbour: the typos new hires make most ("avaialble", "tomorow", "availlable").
TYPO_MIN_LETTERS = 5


def _typo_variants(word: str) -> list[str]:
    variants = {word}
    for i in range(len(word)):
        variants.add(word[:i] + word[i + 1 :])
        variants.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return sorted(variants, key=lambda v: (-len(v), v))


def _word_pattern(word: str) -> str:
    """Match one literal word, tolerant of the spellings trainees really type."""
    word = word.lower().replace("’", "'")
    if word.isalpha() and len(word) >= TYPO_MIN_LETTERS:
        return "(?:" + "|".join(_spelling_pattern(v) for v in _typo_variants(word)) + ")"
    return _spelling_pattern(word)


def _spelling_pattern(word: str) -> str:
    out: list[str] = []
    for index, char in enumerate(word):
        if char == "'":
            # "don't" also matches "dont" and "don’t".
            out.append("['’]?")
        elif char in "sz" and word[index - 1 : index] == "i" and word[index + 1 : index + 2] in (
            "e",
            "i",
        ):
            # apologise / apologize, realised / realized.
            out.append("[sz]")
        else:
            out.append(re.escape(char))
    pattern = "".join(out)
    if word.endswith("our") and len(word) > 4:
        # colour / color, behaviour / behavior.
        pattern = pattern[: -len("our")] + "o(?:u)?r"
    return pattern


def compile_phrase(phrase: str) -> str:
    """Return the regex source for one trainer phrase (words and `*` wildcards only)."""
    words = _WORD.findall(phrase)
    if not words or all(w == "*" for w in words):
        raise PhraseError(f"phrase {phrase!r} has no words to match")
    if len(words) > MAX_PHRASE_WORDS:
        raise PhraseError(
            f"phrase {phrase!r} has {len(words)} words; keep phrases to {MAX_PHRASE_WORDS} "
            "or fewer and list variants separately"
        )
    parts: list[str] = []
    pending_gap = False
    for word in words:
        if word == "*":
            pending_gap = True
            continue
        if parts:
            gap = rf"(?:\W+[^\W_]+){{0,{WILDCARD_WORDS}}}\W+" if pending_gap else r"\W+"
            parts.append(gap)
        parts.append(_word_pattern(word))
        pending_gap = False
    return r"(?<![^\W_])" + "".join(parts) + r"(?![^\W_])"


class PhraseMatch(NamedTuple):
    """Where a phrase list matched: the character span and the phrase that did it."""

    start: int
    end: int
    phrase: str


@lru_cache(maxsize=256)
def _combined(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # Every round of a scenario has the same phrase lists: build each pattern once (~3 ms).
    groups = [f"(?P<p{i}>{compile_phrase(p)})" for i, p in enumerate(phrases)]
    return re.compile("|".join(groups), re.IGNORECASE)


# Letters that re's IGNORECASE takes for one another (the table in CPython's re/_casefix.py):
# the scan folds them alike, so it never rules out a text the pattern would match.
_SAME_LETTERS = ((0x69, 0x131), (0x73, 0x17F), (0xB5, 0x3BC), (0x3B9, 0x345, 0x1FBE), (0x390, 0x1FD3),
                 (0x3B0, 0x1FE3), (0x3B2, 0x3D0), (0x3B5, 0x3F5), (0x3B8, 0x3D1), (0x3BA, 0x3F0),
                 (0x3C0, 0x3D6), (0x3C1, 0x3F1), (0x3C3, 0x3C2), (0x3C6, 0x3D5), (0x432, 0x1C80),
                 (0x434, 0x1C81), (0x43E, 0x1C82), (0x441, 0x1C83), (0x442, 0x1C84, 0x1C85), (0x44A, 0x1C86),
                 (0x463, 0x1C87), (0xA64B, 0x1C88), (0x1E61, 0x1E9B), (0xFB06, 0xFB05))
_FOLD = {other: group[0] for group in _SAME_LETTERS for other in group[1:]}


def _fold(text: str) -> str:
    """`text` lower-cased the way re's IGNORECASE compares letters ("İ" is "i", "ſ" is "s")."""
    return text.replace("\u0130", "i").lower().translate(_FOLD)


def _bendable(spelling: str) -> list[int]:
    """Where `_spelling_pattern` lets the text differ from `spelling`: an optional apostrophe,
    s or z in "-ise"/"-ize", the u of a closing "our"."""
    at = [i for i, c in enumerate(spelling) if c == "'"
          or (c in "sz" and spelling[i - 1 : i] == "i" and spelling[i + 1 : i + 2] in ("e", "i"))]
    if spelling.endswith("our") and len(spelling) > 4:
        at.append(len(spelling) - 2)
    return at


def _fixed_run(spelling: str) -> str:
    """The longest stretch of `spelling` the text must hold letter for letter (folded)."""
    runs, start = [], 0
    for i in [*_bendable(spelling), len(spelling)]:
        runs.append(spelling[start:i])
        start = i + 1
    return _fold(max(runs, key=len))


class _Prefilter(NamedTuple):
    """Which phrases could match a text, from one pass over it: a word the pattern matches only
    as written must be one of the text's words; any other, one of its spellings' fixed runs
    must occur somewhere in it."""

    automaton: ahocorasick.Automaton | None
    words_per_phrase: tuple[int, ...]
    whole_words: tuple[tuple[int, int, str], ...]  # (phrase, word, the word as written)

    def any_possible(self, text: str) -> bool:
        """Could any phrase match `text`? (False only when none can.)"""
        folded = _fold(text)
        seen: dict[int, set[int]] = {}
        if self.automaton is not None:
            for _, pairs in self.automaton.iter(folded):
                for phrase, word in pairs:
                    seen.setdefault(phrase, set()).add(word)
        if self.whole_words:
            present = set(_TEXT_WORD.findall(folded))
            for phrase, word, written in self.whole_words:
                if written in present:
                    seen.setdefault(phrase, set()).add(word)
        return any(len(words) == self.words_per_phrase[p] for p, words in seen.items())


_TEXT_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=256)
def _prefilter(phrases: tuple[str, ...]) -> _Prefilter | None:
    needs: dict[str, list[tuple[int, int]]] = {}
    whole: list[tuple[int, int, str]] = []
    counts = []
    for p, phrase in enumerate(phrases):
        words = [w.lower().replace("’", "'") for w in _WORD.findall(phrase) if w != "*"]
        counts.append(len(words))
        for w, word in enumerate(words):
            spellings = _typo_variants(word) if word.isalpha() and len(word) >= TYPO_MIN_LETTERS else [word]
            if len(spellings) == 1 and not _bendable(word):
                whole.append((p, w, _fold(word)))
                continue
            for literal in {_fixed_run(v) for v in spellings}:
                if not literal:
                    return None  # no letter is fixed: any text could match
                needs.setdefault(literal, []).append((p, w))
    automaton = None
    if needs:
        automaton = ahocorasick.Automaton()
        for literal, pairs in needs.items():
            automaton.add_word(literal, tuple(pairs))
        automaton.make_automaton()
    return _Prefilter(automaton, tuple(counts), tuple(whole))


class PhraseBook:
    """A compiled list of phrases searched together in one pass."""

    __slots__ = ("_phrases", "_regex", "_scan")

    def __init__(self, phrases: list[str] | tuple[str, ...]) -> None:
        self._phrases = tuple(phrases)
        # Compiled on first search: typo variants make the pattern large, and a round
        # should start without waiting for it.
        self._regex: re.Pattern[str] | None = None
        self._scan: _Prefilter | None = None

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def compile(self) -> re.Pattern[str] | None:
        """The combined pattern (compiled now if it was not yet), and the scan that rules it out."""
        if self._regex is None and self._phrases:
            self._regex = _combined(self._phrases)
            self._scan = _prefilter(self._phrases)
        return self._regex

    def search(self, text: str) -> PhraseMatch | None:
        """First match of any phrase in `text`, or None."""
        regex = self.compile()
        if regex is None:
            return None
        # The combined pattern tries every phrase, typo and all, at every word (~100 µs a turn);
        # most turns hold no phrase's words at all, which one literal scan shows.
        if self._scan is not None and not self._scan.any_possible(text):
            return None
        found = regex.search(text)
        if found is None:
            return None
        index = int(found.lastgroup[1:]) if found.lastgroup else 0
        return PhraseMatch(found.start(), found.end(), self._phrases[index])
