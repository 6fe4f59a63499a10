"""Which known name a mistyped one most likely meant: the one "did you mean" of alignlint.

Every suggestion, the linter's (an undeclared key, an unknown config attribute, an unregistered
step type, a property path member) and the runtime library's (an unknown step name or config
class in a ``StepRegistry``), ranks candidates the same way: difflib's similarity ratio of the
lower-cased names, best first, ties by name, the word itself never suggested. It lives in
:mod:`alignlint.sagemaker` because the runtime library may import only this package; it is
standard library only, like the rest of it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

SUGGESTION_CUTOFF = 0.6
"""How similar two names must be (difflib ratio, case-insensitive) for a suggestion."""


def similarity(first: str, second: str) -> float:
    """difflib's ratio of two names, case-insensitive (1.0: the same letters)."""
    return difflib.SequenceMatcher(None, first.lower(), second.lower()).ratio()


def length_ratio(matches: int, length: int) -> float:
    """difflib's ratio of ``matches`` matching letters in two strings of ``length`` letters
    together (1.0 for two empty strings)."""
    return 2.0 * matches / length if length else 1.0


def length_bound(first: int, second: int) -> float:
    """difflib's ``real_quick_ratio`` of two strings of these lengths: an upper bound of their
    similarity."""
    return length_ratio(min(first, second), first + second)


class CommonLetters:
    """How many letters one word shares, in order, with others: the length of their longest
    common subsequence, which bounds difflib's ratio from above.

    difflib's ratio is ``2 * M / T`` where ``M`` counts the letters of its matching blocks;
    those blocks are common runs of both strings in the same order, so together they are a
    common subsequence and ``M`` is at most its longest one. The bound is tighter than
    difflib's ``quick_ratio`` (the letters shared in any order) and costs a few integer
    operations per letter of the other word: the bit-parallel algorithm of Allison and Dix
    (1986), as written by Hyyrö (2004), with one bit per letter of the word.
    """

    __slots__ = ("_full", "_positions", "length")

    def __init__(self, word: str) -> None:
        self.length = len(word)
        self._full = (1 << len(word)) - 1
        positions: dict[str, int] = {}
        for index, letter in enumerate(word):
            positions[letter] = positions.get(letter, 0) | (1 << index)
        self._positions = positions

    def count(self, other: str) -> int:
        """The length of the longest common subsequence of the word and ``other``."""
        full, positions = self._full, self._positions
        row = full  # a 1 bit: no common subsequence ends at that letter of the word yet
        for letter in other:
            matched = row & positions.get(letter, 0)
            row = ((row + matched) | (row - matched)) & full
        return self.length - row.bit_count()

    def bound(self, other: str) -> float:
        """An upper bound of difflib's ratio of the word and ``other`` (in that order or the
        other): ``2 * count / (len(word) + len(other))``."""
        return length_ratio(self.count(other), self.length + len(other))


def most_similar(
    word: str, candidates: Iterable[str], *, cutoff: float = 0.0
) -> tuple[float, str] | None:
    """The candidate most similar to ``word`` (:func:`similarity`; ties by name) with its
    ratio, when it is at least ``cutoff`` similar, else None.

    Candidates are compared from the best upper bound of their ratio down (the length bound,
    then :class:`CommonLetters`), and the search stops once no remaining candidate can reach
    the best ratio found: the answer of comparing every candidate."""
    lowered = word.lower()
    common = CommonLetters(lowered)
    bounded = []
    for candidate in set(candidates):
        other = candidate.lower()
        if length_bound(len(lowered), len(other)) < cutoff:
            continue
        bound = common.bound(other)
        if bound >= cutoff:
            bounded.append((-bound, candidate, other))
    bounded.sort()
    matcher = difflib.SequenceMatcher(None, lowered)
    best: tuple[float, str] | None = None
    for negated, candidate, other in bounded:
        if best is not None and -negated < best[0]:
            break  # this candidate and every later one is less similar than the best
        matcher.set_seq2(other)
        ratio = matcher.ratio()  # == similarity(word, candidate)
        if ratio >= cutoff and (best is None or (-ratio, candidate) < (-best[0], best[1])):
            best = (ratio, candidate)
    return best


def close_names(
    word: str, candidates: Iterable[str], *, limit: int = 1, cutoff: float = SUGGESTION_CUTOFF
) -> list[str]:
    """Up to ``limit`` candidates at least ``cutoff`` similar to ``word``, most similar first
    (ties by name); ``word`` itself is never one."""
    lowered = word.lower()
    matcher = difflib.SequenceMatcher(None, lowered)
    common = CommonLetters(lowered)
    ranked = []
    for candidate in set(candidates):
        if candidate == word:
            continue
        # Two upper bounds of the ratio: a candidate they rule out is not similar enough, so
        # the answer is the same. The first (``real_quick_ratio``) needs only the lengths; the
        # second (the longest common subsequence, tighter than difflib's ``quick_ratio``) is
        # asked before ``set_seq2``, which indexes the candidate's letters and, with the
        # ratio itself, costs most of the time over a long list.
        other = candidate.lower()
        if length_bound(len(lowered), len(other)) < cutoff:
            continue
        if common.bound(other) < cutoff:
            continue
        matcher.set_seq2(other)
        ratio = matcher.ratio()  # == similarity(word, candidate)
        if ratio >= cutoff:
            ranked.append((-ratio, candidate))
    ranked.sort()
    return [candidate for _, candidate in ranked[:limit]]


def closest(
    word: str, candidates: Iterable[str], *, cutoff: float = SUGGESTION_CUTOFF
) -> str | None:
    """The candidate most similar to ``word`` when similar enough for a suggestion, else None."""
    found = close_names(word, candidates, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean `x`?)`` for the closest candidate, or an empty string."""
    suggestion = closest(word, candidates)
    return f" (did you mean `{suggestion}`?)" if suggestion else ""
