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
from collections.abc import Hashable, Sequence

from storydesk.write.brief_params import DEFAULT


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def near_duplicates(
    word_sets: Sequence[set[str]],
    threshold: float,
    min_size: int = 1,
    groups: Sequence[Hashable] | None = None,
    max_checks: int = DEFAULT.max_checks,
) -> list[frozenset[int]]:
    """For each set, the indices of the others whose Jaccard with it is >= threshold.

    Sets smaller than `min_size` match nothing: two five-word sentences agreeing on
    four words are not evidence of a shared source. With `groups` (one key per set,
    e.g. its article), sets of one group are never compared: the caller has no use
    for those pairs, and an article repeating one sentence a thousand times would
    otherwise cost a million comparisons.
    """
    frequency: Counter[str] = Counter()
    for words in word_sets:
        frequency.update(words)
    partners: list[set[int]] = [set() for _ in word_sets]
    # word -> group -> indices of the sets (seen so far) whose prefix holds the word
    index: dict[str, dict[Hashable, list[int]]] = {}
    checks = 0
    # Shorter sets first: a set can only match sets at least threshold times its size,
    # and visiting in size order lets each probe see every eligible earlier set.
    order = sorted(
        (i for i, w in enumerate(word_sets) if len(w) >= min_size), key=lambda i: len(word_sets[i])
    )
    for i in order:
        words = word_sets[i]
        mine = groups[i] if groups is not None else i
        ranked = sorted(words, key=lambda w: (frequency[w], w))
        prefix = ranked[: len(words) - math.ceil(threshold * len(words)) + 1]
        seen: set[int] = set()
        for word in prefix:
            postings = index.setdefault(word, {})
            for group, members in postings.items():
                if group == mine:
                    continue
                for j in members:
                    if j in seen:
                        continue
                    seen.add(j)
                    other = word_sets[j]
                    if len(other) < threshold * len(words):
                        continue
                    checks += 1
                    if checks > max_checks:
                        return [frozenset(p) for p in partners]
                    if jaccard(words, other) >= threshold:
                        partners[i].add(j)
                        partners[j].add(i)
            postings.setdefault(mine, []).append(i)
    return [frozenset(p) for p in partners]
