"""How far any clustering of DUC 2006 can get with the clusterer's own text features.

DUC's gold clusters are topics picked by assessors, and some topics are nearly the
same subject ("impacts of global climate change" and "global warming", both 1996-2000
from the same wires) while one ("perceptions of Generation X") shares almost no
vocabulary between its reports. To tell an unreachable target from a weak clusterer,
the benchmark prints what methods that *see the answer* reach on the very same
vectors (title and lead terms plus entities, TF-IDF with IDF fitted on all
documents, which is itself a look into the future):

- ``nearest_gold_centroid``: each article goes to the gold topic whose centroid
  (without the article) is closest; the best a centroid-based clusterer can do.
  Leaving the articles whose two best topics are within 0.01-0.05 of each other
  on their own (as a cautious clusterer would) trades recall for precision and
  lowers F1 (0.921-0.911).
- ``supervised_ridge``: a kernel ridge classifier trained on the gold labels of 80%
  of the articles predicts the other 20% (5 folds).
- ``offline_average_link``: agglomerative clustering (average link on cosine) over
  the whole corpus at once, at the best of a few distance cut-offs chosen with the
  gold labels: what clustering without the online constraint reaches.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from cluster_metrics import bcubed

from storydesk.link.cluster_params import ClusterParams
from storydesk.link.tfidf import OnlineIdf, article_terms, entity_terms, weigh
from storydesk.model import Analysis, Article

_RIDGE = 0.1  # kernel ridge regularisation; 0.001-1.0 give BCubed F1 0.919-0.924
_FOLDS = 5
_CUTS = (0.86, 0.88, 0.9, 0.91, 0.92, 0.93)  # average-link cosine-distance cut-offs


def feature_matrix(articles: Sequence[Article], analyses: Sequence[Analysis | None]) -> np.ndarray:
    """Rows: the clusterer's term vectors (same terms, weights and entities), L2-normed."""
    p = ClusterParams()
    idf = OnlineIdf()
    counts = []
    for article, analysis in zip(articles, analyses, strict=True):
        c = article_terms(article, p.title_weight, p.lead_words)
        for key, n in entity_terms(article, analysis).items():
            c[key] = n * p.entity_weight
        idf.observe(c)
        counts.append(c)
    vocab: dict[str, int] = {}
    rows = [weigh(c, idf) for c in counts]  # IDF of the whole corpus: a ceiling may cheat
    for row in rows:
        for term in row:
            vocab.setdefault(term, len(vocab))
    matrix = np.zeros((len(rows), len(vocab)), dtype=np.float32)
    for i, row in enumerate(rows):
        for term, weight in row.items():
            matrix[i, vocab[term]] = weight
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def nearest_gold_centroid(matrix: np.ndarray, gold: Sequence[str]) -> float:
    labels = sorted(set(gold))
    index = np.array([labels.index(g) for g in gold])
    sums = np.stack([matrix[index == k].sum(axis=0) for k in range(len(labels))])
    dots = matrix @ sums.T  # article . topic sum
    norms2 = np.tile((sums * sums).sum(axis=1), (len(gold), 1))
    # Leave the article out of its own topic: (s - r).r = s.r - 1, |s - r|^2 = |s|^2 - 2 s.r + 1.
    rows = np.arange(len(gold))
    own = dots[rows, index]
    norms2[rows, index] += 1.0 - 2.0 * own
    dots[rows, index] = own - 1.0
    pred = np.argmax(dots / np.sqrt(np.maximum(norms2, 1e-12)), axis=1)
    return bcubed(list(gold), list(pred))[2]


def supervised_ridge(matrix: np.ndarray, gold: Sequence[str]) -> float:
    labels = sorted(set(gold))
    targets = np.stack([[1.0 if g == label else 0.0 for label in labels] for g in gold])
    order = np.random.default_rng(0).permutation(len(gold))
    pred = np.zeros(len(gold), dtype=int)
    for fold in range(_FOLDS):
        test = order[fold::_FOLDS]
        train = np.setdiff1d(order, test)
        x = matrix[train]
        alpha = np.linalg.solve(x @ x.T + _RIDGE * np.eye(len(train)), targets[train])
        pred[test] = np.argmax(matrix[test] @ x.T @ alpha, axis=1)
    return bcubed(list(gold), list(pred))[2]


def offline_average_link(matrix: np.ndarray, gold: Sequence[str]) -> float:
    from scipy.cluster.hierarchy import fcluster, linkage  # bench-only dependency
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - matrix @ matrix.T, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), "average")
    return max(bcubed(list(gold), list(fcluster(tree, cut, "distance")))[2] for cut in _CUTS)
