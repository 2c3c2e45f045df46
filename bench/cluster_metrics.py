"""Clustering quality measures: BCubed, pairwise F1 and NMI (arithmetic normalisation,
as scikit-learn's default), written out so the benchmark needs no extra package."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence


def _contingency(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Counter:
    return Counter(zip(gold, pred, strict=True))


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (each item counts once)."""
    joint = _contingency(gold, pred)
    g_size, p_size = Counter(gold), Counter(pred)
    n = len(gold)
    precision = sum(c * c / p_size[p] for (_, p), c in joint.items()) / n
    recall = sum(c * c / g_size[g] for (g, _), c in joint.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairwise_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """F1 over all pairs of items: same cluster in gold vs in the prediction."""
    pairs = lambda sizes: sum(s * (s - 1) / 2 for s in sizes)  # noqa: E731
    joint = _contingency(gold, pred)
    both = pairs(joint.values())
    in_pred, in_gold = pairs(Counter(pred).values()), pairs(Counter(gold).values())
    if both == 0:
        return 0.0
    precision, recall = both / in_pred, both / in_gold
    return 2 * precision * recall / (precision + recall)


def nmi(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    n = len(gold)
    joint = _contingency(gold, pred)
    g_size, p_size = Counter(gold), Counter(pred)
    mi = sum(c / n * math.log(c * n / (g_size[g] * p_size[p])) for (g, p), c in joint.items())
    entropy = lambda sizes: -sum(s / n * math.log(s / n) for s in sizes)  # noqa: E731
    h_gold, h_pred = entropy(g_size.values()), entropy(p_size.values())
    if h_gold + h_pred == 0:
        return 1.0
    return 2 * mi / (h_gold + h_pred)


def best_f1_threshold(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, float]:
    """(best F1, its threshold) over every cut point: the oracle view of a score."""
    ranked = sorted(zip(scores, labels, strict=True), reverse=True)
    positives = sum(labels)
    best, best_t, tp = 0.0, 1.0, 0
    for i, (score, label) in enumerate(ranked, start=1):
        tp += label
        f1 = 2 * tp / (i + positives) if positives else 0.0
        if f1 > best:
            best, best_t = f1, score
    return best, best_t


def f1_at(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> float:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    predicted = sum(1 for s in scores if s >= threshold)
    positives = sum(labels)
    return 2 * tp / (predicted + positives) if predicted + positives else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    vy = math.sqrt(sum((y - my) ** 2 for y in ys))
    return cov / (vx * vy) if vx and vy else 0.0
