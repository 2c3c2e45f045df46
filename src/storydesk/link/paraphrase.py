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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

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


def _jaccard(a: AbstractSet[Any], b: AbstractSet[Any]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _mismatch(a: AbstractSet[str], b: AbstractSet[str]) -> float:
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


@dataclass(frozen=True, slots=True)
class _Profile:
    """What `pair_features` reads of one sentence. A sentence meets many others (each
    of its candidates, in every pair of articles it takes part in), so it is read once."""

    words: list[str]
    unigrams: frozenset[str]
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    trigrams: frozenset[tuple[str, str, str]]
    char4: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    stems: frozenset[str]


@lru_cache(maxsize=16384)
def _profile(text: str) -> _Profile:
    w = words(text)
    unigrams = frozenset(w)
    return _Profile(
        words=w,
        unigrams=unigrams,
        content=unigrams - STOPWORDS,
        bigrams=frozenset(itertools.pairwise(w)),
        trigrams=frozenset(zip(w, w[1:], w[2:], strict=False)),
        char4=frozenset(text[i : i + 4].lower() for i in range(len(text) - 3)),
        numbers=frozenset(_NUMBER.findall(text)),
        names=frozenset(n.lower() for n in _NAME.findall(text)),
        stems=frozenset(_stem(x) for x in w),
    )


def pair_features(a: str, b: str, cosine: float) -> np.ndarray:
    pa, pb = _profile(a), _profile(b)
    aw, bw = pa.words, pb.words
    a1, b1 = pa.unigrams, pb.unigrams
    unigram = _jaccard(a1, b1)
    containment = len(a1 & b1) / min(len(a1), len(b1)) if a1 and b1 else 0.0
    length_ratio = min(len(aw), len(bw)) / max(len(aw), len(bw), 1)
    a_numbers, b_numbers = pa.numbers, pb.numbers
    return np.array(
        [
            unigram,
            _jaccard(pa.content, pb.content),
            _jaccard(pa.bigrams, pb.bigrams),
            containment,
            sequence_cover(aw, bw),
            cosine,
            length_ratio,
            _mismatch(a_numbers, b_numbers),
            _mismatch(pa.names, pb.names),
            cosine * unigram,
            _jaccard(pa.stems, pb.stems),
            _jaccard(pa.char4, pb.char4),
            _jaccard(pa.trigrams, pb.trigrams),
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
