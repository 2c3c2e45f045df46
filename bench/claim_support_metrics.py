"""Article-pair precision and recall of claim groups against the claim-support gold.

For a gold claim C stated by the articles A_C, a grouping (the system's claim groups,
or a baseline's) says the pair {a, b} when the group holding a's gold sentence (a
group member in article a overlapping that sentence) also holds a sentence of article
b. C's said pairs are the union over a in A_C; its gold pairs are every {a, b} within
A_C. A said pair is right when both articles are in A_C: a group that joins a claim
with a different one (another figure, a related event) says wrong pairs, and a claim
only one article states has no gold pair but can still be said wrongly. Pairs are
unordered and counted once per claim; the figures pool the pairs of all claims
(micro), and the mean over claims (macro) is printed beside them.

    index = GroupIndex(groups)
    said, gold = claim_pairs(claim, index)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from storydesk.model import Citation

Group = tuple[Citation, ...]  # one claim group: a sentence span per member
Pair = frozenset[str]  # two article ids

# A group member is "a's gold sentence" when it covers at least this share of the
# shorter of the two spans. Not any overlap: the analysis may end a sentence a
# character into the next one (a closing quote), and that sliver is not the sentence.
# A share of the shorter, not of the gold span: the analysis may cut a gold sentence
# in two (each half is the sentence) or join two gold sentences (the pair is covered).
OVERLAP_SHARE = 0.5
SIZE_BUCKETS = ((1, 1), (2, 2), (3, 5), (6, 10), (11, None))


@dataclass(frozen=True)
class LocatedClaim:
    """A gold claim with its docnos mapped to stored articles."""

    id: str
    half: str
    articles: frozenset[str]  # A_C: every stored article that states the claim
    spans: dict[str, tuple[tuple[int, int], ...]]  # article id -> its located sentences


class GroupIndex:
    """Which groups hold a sentence of each article, and the articles of each group."""

    def __init__(self, groups: Iterable[Group]) -> None:
        self.members: list[frozenset[str]] = []
        self.spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for number, group in enumerate(groups):
            self.members.append(frozenset(c.article_id for c in group))
            for c in group:
                self.spans[c.article_id].append((c.start, c.end, number))

    def groups_at(self, article_id: str, start: int, end: int) -> list[int]:
        found = []
        for s, e, number in self.spans.get(article_id, ()):
            shorter = min(e - s, end - start)
            if shorter > 0 and min(e, end) - max(s, start) >= OVERLAP_SHARE * shorter:
                found.append(number)
        return found


def claim_pairs(claim: LocatedClaim, index: GroupIndex) -> tuple[set[Pair], set[Pair]]:
    """(said pairs, gold pairs) of one claim."""
    said: set[Pair] = set()
    for article_id, spans in claim.spans.items():
        for start, end in spans:
            for number in index.groups_at(article_id, start, end):
                said.update(frozenset((article_id, b)) for b in index.members[number]
                            if b != article_id)  # fmt: skip
    gold = {frozenset(p) for p in combinations(sorted(claim.articles), 2)}
    return said, gold


@dataclass
class PairCount:
    said: int = 0
    gold: int = 0
    right: int = 0  # said pairs that are gold pairs

    def add(self, said: set[Pair], gold: set[Pair]) -> None:
        self.said += len(said)
        self.gold += len(gold)
        self.right += len(said & gold)

    @property
    def precision(self) -> float | None:
        return self.right / self.said if self.said else None

    @property
    def recall(self) -> float | None:
        return self.right / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None


@dataclass
class Scores:
    """One grouping's figures over a set of claims."""

    pooled: PairCount = field(default_factory=PairCount)
    by_size: dict[str, PairCount] = field(default_factory=dict)
    claim_precisions: list[float] = field(default_factory=list)
    claim_recalls: list[float] = field(default_factory=list)

    @property
    def macro_precision(self) -> float | None:
        return _mean(self.claim_precisions)

    @property
    def macro_recall(self) -> float | None:
        return _mean(self.claim_recalls)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def size_bucket(size: int) -> str:
    for low, high in SIZE_BUCKETS:
        if size >= low and (high is None or size <= high):
            if high is None:
                return f">{low - 1}"
            return str(low) if low == high else f"{low}-{high}"
    return "0"


def bucket_names() -> list[str]:
    """The claim-size buckets, smallest first."""
    return [size_bucket(low) for low, _ in SIZE_BUCKETS]


def score(claims: Sequence[LocatedClaim], index: GroupIndex) -> Scores:
    scores = Scores()
    for claim in claims:
        said, gold = claim_pairs(claim, index)
        scores.pooled.add(said, gold)
        bucket = scores.by_size.setdefault(size_bucket(len(claim.articles)), PairCount())
        bucket.add(said, gold)
        one = PairCount()
        one.add(said, gold)
        if one.precision is not None:
            scores.claim_precisions.append(one.precision)
        if one.recall is not None:
            scores.claim_recalls.append(one.recall)
    return scores
