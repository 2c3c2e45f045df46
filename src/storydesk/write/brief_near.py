"""Near-identical sentences: word-set Jaccard with prefix filtering.

Comparing every pair of a story's sentences is quadratic (a 25-article story has
~750 sentences, ~280,000 pairs). Prefix filtering (Chaudhuri et al. 2006) avoids it:
with each set's words sorted rarest first, two sets whose Jaccard reaches t must share
a word among the first |A| - ceil(t|A|) + 1 words of each, so only those prefixes are
indexed and only pairs sharing a prefix word are verified.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def near_duplicates(
    word_sets: Sequence[set[str]], threshold: float, min_size: int = 1
) -> list[frozenset[int]]:
    """For each set, the indices of the others whose Jaccard with it is >= threshold.

    Sets smaller than `min_size` match nothing: two five-word sentences agreeing on
    four words are not evidence of a shared source.
    """
    frequency: Counter[str] = Counter()
    for words in word_sets:
        frequency.update(words)
    partners: list[set[int]] = [set() for _ in word_sets]
    index: dict[str, list[int]] = {}
    # Shorter sets first: a set can only match sets at least threshold times its size,
    # and visiting in size order lets each probe see every eligible earlier set.
    order = sorted(
        (i for i, w in enumerate(word_sets) if len(w) >= min_size), key=lambda i: len(word_sets[i])
    )
    for i in order:
        words = word_sets[i]
        ranked = sorted(words, key=lambda w: (frequency[w], w))
        prefix = ranked[: len(words) - math.ceil(threshold * len(words)) + 1]
        seen: set[int] = set()
        for word in prefix:
            for j in index.get(word, ()):
                if j in seen:
                    continue
                seen.add(j)
                other = word_sets[j]
                if len(other) >= threshold * len(words) and jaccard(words, other) >= threshold:
                    partners[i].add(j)
                    partners[j].add(i)
            index.setdefault(word, []).append(i)
    return [frozenset(p) for p in partners]
