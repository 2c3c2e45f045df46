"""The sentence-level paraphrase decision: lexical overlap + MiniLM cosine, combined.

Public API
----------
``pair_features(a: str, b: str, cosine: float) -> np.ndarray``
    The feature vector of one sentence pair (names in ``FEATURE_NAMES``).
``default_model() -> LogisticModel``: the model the aligner uses;
    ``.probability(features)`` scores a matrix of feature rows.
``fit_paraphrase_model(features, labels, l2=10.0) -> LogisticModel``
    L2-regularised logistic regression on the features and their pairwise products,
    used by the benchmark to cross-validate and to refit the default model.

Neither overlap nor cosine alone separates paraphrases well (MSRP: 73% and 72%):
overlap misses re-wordings, cosine cannot see that two sentences about one event
give different numbers or names. The model therefore also sees number and
capitalised-name mismatches and the length ratio, and all pairwise products.
The default model's numbers live in ``data/paraphrase_weights.json``, written by
``bench/rewrites_msrp.py --write`` from the MSRP training pairs.
"""

from __future__ import annotations

import itertools
import re
from difflib import SequenceMatcher

import numpy as np

from storydesk.link.logistic import LogisticModel, fit_logistic
from storydesk.link.text import STOPWORDS, words
from storydesk.link.weights import load_models

FEATURE_NAMES = (
    "unigram_jaccard",
    "content_jaccard",
    "bigram_jaccard",
    "containment",
    "sequence_cover",
    "cosine",
    "length_ratio",
    "number_mismatch",
    "name_mismatch",
    "cosine_x_jaccard",
    "stem_jaccard",
    "char4_jaccard",
    "trigram_jaccard",
    "max_containment",
    "length_difference",
    "numbers_differ",
    "numbers_equal",
)
# Part of the features' definitions (the fitted weights assume them; change them only
# with a refit): the shortest stem the suffix stripper leaves, and the word-count
# difference that counts as 1.0 in `length_difference`.
MIN_STEM = 3
LENGTH_DIFFERENCE_SCALE = 10.0
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


def _jaccard(a: set[object], b: set[object]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _mismatch(a: set[str], b: set[str]) -> float:
    """Share of the items in either that the other lacks (0 when neither has any)."""
    return len(a ^ b) / len(a | b) if a or b else 0.0


def _stem(word: str) -> str:
    """A crude suffix stripper: enough for "recalled"/"recalls" to meet."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def sequence_cover(a_words: list[str], b_words: list[str]) -> float:
    """Share of the shorter token list covered by blocks it shares, in order, with the other."""
    if not a_words or not b_words:
        return 0.0
    matcher = SequenceMatcher(None, a_words, b_words, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / min(len(a_words), len(b_words))


def pair_features(a: str, b: str, cosine: float) -> np.ndarray:
    aw, bw = words(a), words(b)
    a1, b1 = set(aw), set(bw)
    ac, bc = a1 - STOPWORDS, b1 - STOPWORDS
    a2, b2 = set(itertools.pairwise(aw)), set(itertools.pairwise(bw))
    unigram = _jaccard(a1, b1)  # type: ignore[arg-type]
    containment = len(a1 & b1) / min(len(a1), len(b1)) if a1 and b1 else 0.0
    length_ratio = min(len(aw), len(bw)) / max(len(aw), len(bw), 1)
    a_numbers, b_numbers = set(_NUMBER.findall(a)), set(_NUMBER.findall(b))
    numbers = _mismatch(a_numbers, b_numbers)
    a4 = {a[i : i + 4].lower() for i in range(len(a) - 3)}
    b4 = {b[i : i + 4].lower() for i in range(len(b) - 3)}
    a3 = set(zip(aw, aw[1:], aw[2:], strict=False))
    b3 = set(zip(bw, bw[1:], bw[2:], strict=False))
    names = _mismatch(
        {n.lower() for n in _NAME.findall(a)}, {n.lower() for n in _NAME.findall(b)}
    )
    return np.array(
        [
            unigram,
            _jaccard(ac, bc),  # type: ignore[arg-type]
            _jaccard(a2, b2),  # type: ignore[arg-type]
            containment,
            sequence_cover(aw, bw),
            cosine,
            length_ratio,
            numbers,
            names,
            cosine * unigram,
            _jaccard({_stem(w) for w in aw}, {_stem(w) for w in bw}),  # type: ignore[arg-type]
            _jaccard(a4, b4),  # type: ignore[arg-type]
            _jaccard(a3, b3),  # type: ignore[arg-type]
            len(a1 & b1) / max(len(a1), len(b1), 1),
            abs(len(aw) - len(bw)) / LENGTH_DIFFERENCE_SCALE,
            float(a_numbers != b_numbers),
            float(bool(a_numbers | b_numbers) and a_numbers == b_numbers),
        ],
        dtype=np.float64,
    )


def fit_paraphrase_model(
    features: np.ndarray, labels: np.ndarray, l2: float = 10.0
) -> LogisticModel:
    """Logistic regression on the features and their pairwise products."""
    return fit_logistic(features, labels, l2=l2, quadratic=True)


def default_model() -> LogisticModel:
    return load_models("paraphrase_weights")["paraphrase"]
