"""Whether two claim sentences report one thing though worded apart.

`idf_weights(sentences)` weighs each content word by how few of a story's claim
sentences use it, so that what every article repeats ("said", the story's main
actor) counts little and what makes a sentence specific ("crash", "vials",
"District of Columbia") counts much. `aligned(a, b, ...)` is the second way two
disagreeing figures become a conflict (see `conflicts`); `near_*` are the content
words within a few words of each number.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from storydesk.lexicon import MONTHS, WEEKDAYS, word_set
from storydesk.model import FactClaim
from storydesk.reconcile.fact_params import DEFAULT, FactParams

# Words that say how much, when or who told, not what: shared by unrelated figures of
# one story ("million", "last year", "officials said"), so they are no sign that two
# sentences report one fact.
NOISE = (
    word_set("one two three four five six seven eight nine ten eleven twelve dozen hundred")
    | word_set("thousand million billion trillion half first second third")
    | word_set("year last week month day today yesterday morning night")
    | frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | word_set("said says told reported according quoted agency news official officials spokesman")
)


def idf_weights(sentences: Iterable[frozenset[str]]) -> Mapping[str, float]:
    """Smoothed inverse document frequency of each word over the given sentences."""
    counts: Counter[str] = Counter()
    total = 0
    for words in sentences:
        counts.update(words)
        total += 1
    return {w: math.log((total + 1) / (n + 1)) + 1.0 for w, n in counts.items()}


def cosine(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """TF-IDF cosine of two word sets (each word once: sentences are short)."""
    if not a or not b:
        return 0.0
    dot = sum(idf.get(w, 1.0) ** 2 for w in a & b)
    norm_a = math.sqrt(sum(idf.get(w, 1.0) ** 2 for w in a))
    norm_b = math.sqrt(sum(idf.get(w, 1.0) ** 2 for w in b))
    return dot / (norm_a * norm_b)


def _different_days(a: FactClaim, b: FactClaim) -> bool:
    """Both sentences name the day they state the figure for, and the days differ: a
    later figure may update an earlier one. A day stood in by the article's date is
    no evidence either way."""
    return a.as_of_stated and b.as_of_stated and a.as_of != b.as_of


def aligned(a: FactClaim, b: FactClaim, words_a: frozenset[str], words_b: frozenset[str],
            near_a: frozenset[str], near_b: frozenset[str], counted: frozenset[str],
            idf: Mapping[str, float], *, params: FactParams = DEFAULT) -> bool:  # fmt: skip
    """Two figures of one subject in different articles, clearly apart, whose
    sentences share distinctive words: reports of one fact that disagree (the
    thresholds: `FactParams.clear_ratio` and the rest of its alignment group)."""
    if a.article_id == b.article_id or _different_days(a, b):
        return False
    low, high = sorted((abs(a.value), abs(b.value)))
    if low < params.min_aligned_value or high < params.clear_ratio * low:
        return False
    words_a, words_b = words_a - counted - NOISE, words_b - counted - NOISE
    near = (near_a & near_b) - counted - NOISE
    if len(words_a & words_b) < params.min_shared_words + (0 if near else 1):
        return False
    return cosine(words_a, words_b, idf) >= (params.min_cosine if near else params.strong_cosine)
