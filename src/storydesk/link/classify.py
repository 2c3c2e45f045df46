"""Pair classification: is one article a duplicate or a rewrite of the other, or independent?

Public API
----------
``pair_features(alignment, side) -> np.ndarray``: the evidence that ``side`` ("a"
    or "b") is derived from the other (names in ``FEATURE_NAMES``).
``classify(features, models=None, *, params) -> (kind, p_copied, p_near_verbatim)``
    ``kind`` is ``"duplicate"`` (near-verbatim copy), ``"rewrite"`` (a substantial
    part derived, verbatim or paraphrased) or ``"independent"``.
``is_near_verbatim(alignment, side, *, params) -> bool``: the cheap lexical test
    that lets a plain copy skip paraphrase detection.
``PairModels`` / ``fit_pair_models(features, labels) -> PairModels``: the two
    logistic models (copied vs not; near-verbatim vs rewrite among copies), fit by
    ``bench/rewrites_cs.py --write`` on the Clough & Stevenson corpus; the defaults
    live in ``data/classify_weights.json``.
The decision thresholds come from ``params`` (a ``LinkParams``, ``DEFAULT`` unless given).

Two independent reports of one event use the same names and often quote the same
statement; a rewrite keeps the *reporter's own* sentences. So every feature is
computed on the derived side's own words: shared quotations and boilerplate carry
no weight (see ``Alignment.weights``) and n-gram containment skips quoted words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from storydesk.link.align import Alignment
from storydesk.link.link_params import DEFAULT, LinkParams
from storydesk.link.logistic import LogisticModel, fit_logistic
from storydesk.link.weights import load_models

Kind = Literal["duplicate", "rewrite", "independent"]
FEATURE_NAMES = (
    "verbatim_share",
    "paraphrase_share",
    "mean_paraphrase_probability",
    "mean_best_cosine",
    "unigram_containment",
    "bigram_containment",
    "trigram_containment",
    "fivegram_containment",
    "half_covered_share",
    "confident_paraphrase_share",
)
# Which features each stage reads: whether anything was taken at all depends on
# meaning-level overlap; how literally it was taken depends on long shared n-grams.
COPIED_FEATURES = (2, 3, 4, 5, 8)
VERBATIM_FEATURES = (0, 6, 7, 9)
# Part of the features' definitions (the fitted weights assume them; change them only
# with a refit): a sentence half covered by in-order word blocks, and a paraphrase
# the model is confident of.
HALF_COVER = 0.5
CONFIDENT_PARAPHRASE = 0.9


def pair_features(alignment: Alignment, side: str) -> np.ndarray:
    pairs = alignment.pairs(side)
    w = alignment.weights(side)
    verbatim, paraphrase = alignment.shares(side)
    prob = np.array([p.probability for p in pairs])
    cos = np.array([p.cosine for p in pairs])
    cover = np.array([p.cover for p in pairs])
    return np.array(
        [
            verbatim,
            paraphrase,
            float(w @ prob) if len(w) else 0.0,
            float(w @ cos) if len(w) else 0.0,
            alignment.containment(side, 1),
            alignment.containment(side, 2),
            alignment.containment(side, 3),
            alignment.containment(side, 5),
            float(w @ (cover >= HALF_COVER)) if len(w) else 0.0,
            float(w @ (prob >= CONFIDENT_PARAPHRASE)) if len(w) else 0.0,
        ]
    )


def is_near_verbatim(alignment: Alignment, side: str, *, params: LinkParams = DEFAULT) -> bool:
    """Most of the side's own sentences or 3-grams are found verbatim in the other."""
    verbatim, _ = alignment.shares(side)
    return (
        verbatim >= params.near_verbatim_share
        or alignment.containment(side, 3) >= params.near_verbatim_trigrams
    )


@dataclass(frozen=True)
class PairModels:
    copied: LogisticModel  # P(derived at all) from COPIED_FEATURES
    near_verbatim: LogisticModel  # P(near-verbatim | derived) from VERBATIM_FEATURES


def fit_pair_models(features: np.ndarray, labels: list[Kind], l2: float = 1.0) -> PairModels:
    copied = np.array([k != "independent" for k in labels], dtype=float)
    rows = copied > 0
    dup = np.array([k == "duplicate" for k in labels], dtype=float)
    return PairModels(
        fit_logistic(features[:, COPIED_FEATURES], copied, l2=l2),
        fit_logistic(features[rows][:, VERBATIM_FEATURES], dup[rows], l2=l2),
    )


@lru_cache(maxsize=1)
def default_models() -> PairModels:
    models = load_models("classify_weights")
    return PairModels(models["copied"], models["near_verbatim"])


def classify(
    features: np.ndarray, models: PairModels | None = None, *, params: LinkParams = DEFAULT
) -> tuple[Kind, float, float]:
    models = models or default_models()
    p_copied = float(models.copied.probability(features[list(COPIED_FEATURES)])[0])
    p_verbatim = float(models.near_verbatim.probability(features[list(VERBATIM_FEATURES)])[0])
    if p_copied < params.copied_probability:
        return "independent", p_copied, p_verbatim
    kind: Kind = "duplicate" if p_verbatim >= params.duplicate_probability else "rewrite"
    return kind, p_copied, p_verbatim
