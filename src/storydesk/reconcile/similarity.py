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

# Disagreeing by at least this factor: a clear contradiction, not a revision
# ("27 dead" then "31 dead" is news updating itself; 113 vs 339 is not).
CLEAR_RATIO = 2.0
MIN_SHARED = 2  # distinctive content words both sentences use, the counted noun aside
MIN_COSINE = 0.14  # TF-IDF cosine of the two sentences' content words, with a shared
# word next to the number ("the crash that killed"); without one, the sentences must
# be much closer (STRONG_COSINE): they may share a setting and count apart things.
STRONG_COSINE = 0.3
# These four were set on bench/bench_facts.py (DUC2006): cosine 0.12 without the
# near-word condition found 25 of 27 injected conflicts but doubled false ones.
# Small counts ("two engines", "six documents") recur in many roles within one story;
# shared wording is too weak a sign that two of them count the same things.
MIN_VALUE = 10
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
            idf: Mapping[str, float]) -> bool:  # fmt: skip
    """Two figures of one subject in different articles, clearly apart, whose
    sentences share distinctive words: reports of one fact that disagree."""
    if a.article_id == b.article_id or _different_days(a, b):
        return False
    low, high = sorted((abs(a.value), abs(b.value)))
    if low < MIN_VALUE or high < CLEAR_RATIO * low:
        return False
    words_a, words_b = words_a - counted - NOISE, words_b - counted - NOISE
    near = (near_a & near_b) - counted - NOISE
    if len(words_a & words_b) < (MIN_SHARED if near else MIN_SHARED + 1):
        return False
    return cosine(words_a, words_b, idf) >= (MIN_COSINE if near else STRONG_COSINE)
