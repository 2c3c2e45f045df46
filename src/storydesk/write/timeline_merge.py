"""Near-identical sentences on one date as one timeline row (when no claims are given).

Two sentences are one row when their content words overlap by Jaccard >=
`same_wording` and they carry the same figures and the same negation: a copy with small
edits, never a copy that changed "12 killed" to "13 killed" or added a "not" (the
Jaccard of such a pair is high, and merging it would show disagreement as support).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Generic, Protocol, TypeVar

from storydesk.model import Citation
from storydesk.write.brief_near import jaccard
from storydesk.write.brief_text import tokens

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "neither"})

Signature = tuple[frozenset[str], bool]


def wording_signature(text: str) -> Signature:
    """What two merged wordings must share: their figures and whether they negate."""
    words = tokens(text)
    figures = frozenset(_FIGURE.findall(text))
    negated = not _NEGATIONS.isdisjoint(words) or "n't" in text or "n’t" in text
    return figures, negated


class Mergeable(Protocol):
    words: set[str]
    signature: Signature
    citations: list[Citation]


RowT = TypeVar("RowT", bound=Mergeable)


class SameDate(Generic[RowT]):
    """The rows of one date, indexed so that a new sentence is compared only with rows
    it could match. Two word sets with Jaccard >= t share a word among the first
    |A| - ceil(t|A|) + 1 of each in one global order (prefix filtering, as in
    brief_near), so only rows sharing such a word are candidates: a story whose
    thousands of sentences all say "on Friday" stays linear."""

    def __init__(self, rank: Mapping[str, int], same_wording: float) -> None:
        self.rank = rank
        self.same_wording = same_wording
        self.rows: list[RowT] = []
        self.index: dict[str, list[int]] = {}

    def _prefix(self, words: set[str]) -> list[str]:
        ranked = sorted(words, key=lambda w: (self.rank.get(w, 0), w))
        return ranked[: len(words) - math.ceil(self.same_wording * len(words)) + 1]

    def add(self, row: RowT) -> None:
        """Add `row`, or fold its citations into the first row saying the same (the
        first in the order rows were added, as a scan would find it)."""
        prefix = self._prefix(row.words)
        candidates = sorted({i for word in prefix for i in self.index.get(word, ())})
        for i in candidates:
            existing = self.rows[i]
            if (
                existing.signature == row.signature
                and jaccard(existing.words, row.words) >= self.same_wording
            ):
                cited = {c.article_id for c in existing.citations}
                existing.citations.extend(c for c in row.citations if c.article_id not in cited)
                return
        for word in prefix:
            self.index.setdefault(word, []).append(len(self.rows))
        self.rows.append(row)
