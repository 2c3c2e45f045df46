"""Which sentences go into the brief: concept coverage under a word budget.

The model is Gillick & Favre's (2009): a story's important content is the set of word
bigrams ("concepts") that many independent sources repeat, each worth the number of
independent sources using it; a brief is worth the summed weight of the distinct
concepts it covers. Redundancy is thereby penalised for free (a concept counts once,
however many chosen sentences repeat it), and a concept that only one outlet and its
rewrites use is worth little (independent sources are counted, not articles).

The exact optimum is an integer program; instead a lazy greedy pass (best gain per
word; gains only shrink as coverage grows, so stale heap entries are upper bounds) is
followed by a local search that swaps one chosen sentence for an unchosen one while
that raises the objective. No solver dependency, well under a second per story.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from storydesk.write.brief_params import DEFAULT, BriefParams

# Which options may not be chosen together: for each option the set of its conflicts,
# or a predicate asked of a candidate and each chosen option (cheaper when the pairs
# are many and the chosen few).
Conflicts = Sequence[frozenset[int]] | Callable[[int, int], bool]


@dataclass(frozen=True, slots=True)
class Option:
    """A candidate sentence as the selector sees it (concepts as integer ids)."""

    words: int
    concepts: frozenset[int]
    bonus: float = 0.0  # sentence-level value beyond its concepts (external support)
    factor: float = 1.0  # the whole value scaled (claims several sources state: > 1)


def concept_weights(
    concepts_by_source: Sequence[AbstractSet[Hashable]],
    min_sources: int | None = None,
    *,
    params: BriefParams = DEFAULT,
) -> dict[Hashable, float]:
    """Weight of each concept: the number of independent sources that use it.

    `concepts_by_source` holds one set per independent source (the union over the
    articles of a group of rewrites). Concepts below the threshold get no weight.
    """
    counts: Counter[Hashable] = Counter()
    for found in concepts_by_source:
        counts.update(found)
    n = len(concepts_by_source)
    if min_sources is None:
        min_sources = max(1 if n < 2 else 2, round(params.min_source_share * n))
    weights = {c: float(k) for c, k in counts.items() if k >= min_sources}
    if not weights and min_sources > 1:  # nothing repeated: fall back to every concept
        weights = {c: float(k) for c, k in counts.items()}
    return weights


class _Coverage:
    """How many chosen sentences cover each concept, to price additions and removals."""

    def __init__(self, weights: Sequence[float]) -> None:
        self.weights = weights
        self.count = [0] * len(weights)

    def gain(self, option: Option) -> float:
        count, weights = self.count, self.weights
        return option.factor * (
            option.bonus + sum(weights[c] for c in option.concepts if not count[c])
        )

    def loss(self, option: Option) -> float:
        count, weights = self.count, self.weights
        return option.factor * (
            option.bonus + sum(weights[c] for c in option.concepts if count[c] == 1)
        )

    def add(self, option: Option) -> None:
        for c in option.concepts:
            self.count[c] += 1

    def remove(self, option: Option) -> None:
        for c in option.concepts:
            self.count[c] -= 1


class _Selection:
    def __init__(
        self,
        options: Sequence[Option],
        weights: Sequence[float],
        budget: int,
        conflicts: Conflicts | None,
        length_exponent: float,
    ) -> None:
        self.options = options
        self.budget = budget
        self.length_exponent = length_exponent
        if conflicts is None:
            self.conflict: Callable[[int, int], bool] = lambda i, j: False
        elif callable(conflicts):
            self.conflict = conflicts
        else:
            listed = conflicts
            self.conflict = lambda i, j: j in listed[i]
        self.cover = _Coverage(weights)
        self.chosen: list[int] = []
        self.used = 0

    def allowed(self, i: int, without: int | None = None) -> bool:
        """No near-duplicate of option i is chosen (ignoring `without`)."""
        return not any(self.conflict(i, j) for j in self.chosen if j != without)

    def fits(self, i: int, room: int | None = None) -> bool:
        free = self.budget - self.used if room is None else room
        return self.options[i].words <= free

    def take(self, i: int) -> None:
        self.chosen.append(i)
        self.cover.add(self.options[i])
        self.used += self.options[i].words

    def drop(self, i: int) -> None:
        self.chosen.remove(i)
        self.cover.remove(self.options[i])
        self.used -= self.options[i].words

    def greedy(self, pool: Sequence[int]) -> None:
        """Lazy greedy: add the best gain per word among what fits, until nothing helps."""
        heap = [(-self._ratio(i), i) for i in pool if i not in self.chosen]
        heapq.heapify(heap)
        while heap:
            _, i = heapq.heappop(heap)
            if not self.fits(i) or not self.allowed(i):
                continue
            ratio = self._ratio(i)
            if ratio <= 0:
                continue
            if heap and ratio < -heap[0][0]:  # stale bound: re-queue with the fresh one
                heapq.heappush(heap, (-ratio, i))
                continue
            self.take(i)

    def _ratio(self, i: int) -> float:
        option = self.options[i]
        return self.cover.gain(option) / option.words**self.length_exponent

    def swap_once(self, pool: Sequence[int]) -> bool:
        """Replace one chosen option by the unchosen one that gains most, if any does."""
        best_delta, best_pair = 1e-9, None
        chosen = set(self.chosen)
        for out in self.chosen:
            option_out = self.options[out]
            loss = self.cover.loss(option_out)
            self.cover.remove(option_out)
            room = self.budget - self.used + option_out.words
            for i in pool:
                if i in chosen or not self.fits(i, room) or not self.allowed(i, out):
                    continue
                delta = self.cover.gain(self.options[i]) - loss
                if delta > best_delta:
                    best_delta, best_pair = delta, (out, i)
            self.cover.add(option_out)
        if best_pair is None:
            return False
        self.drop(best_pair[0])
        self.take(best_pair[1])
        return True


def select(
    options: Sequence[Option],
    weights: Sequence[float],
    budget: int,
    conflicts: Conflicts | None = None,
    *,
    params: BriefParams = DEFAULT,
) -> list[int]:
    """Indices of the options to include: a high-value set within `budget` words.

    `weights[c]` is the value of concept id c. `conflicts[i]` lists options that may
    not be chosen together with option i (near-duplicates of it), or `conflicts(i, j)`
    says whether i may not join the chosen j: the coverage objective alone does not
    forbid two paraphrases that use different bigrams.
    """
    state = _Selection(options, weights, budget, conflicts, params.length_exponent)
    everything = range(len(options))
    state.greedy(everything)
    ranked = sorted(everything, key=lambda i: -_standalone(options[i], weights))
    pool = ranked[: params.swap_pool]
    for _ in range(params.max_swap_rounds):
        if not state.swap_once(pool):
            break
        state.greedy(pool)  # fill the room the swap freed
    return state.chosen


def _standalone(option: Option, weights: Sequence[float]) -> float:
    return option.factor * (option.bonus + sum(weights[c] for c in option.concepts))
