"""Terms and online TF-IDF for story clustering.

An article becomes two sparse vectors (plain dicts, term -> weight): its words and its
named entities. Weights use an IDF that is learned online, from the articles seen so
far only, so clustering a stream never looks at the future and a resumed run sees the
same statistics as an uninterrupted one.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping
from functools import lru_cache

from storydesk.lexicon import TFIDF_STOP_WORDS
from storydesk.model import Analysis, Article

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+(?:[.,]\d+)*")

# Words that say nothing about which event a report covers (see the lexicon).
STOPWORDS = TFIDF_STOP_WORDS

# Entity types that identify an event's actors and places. Dates, times and numbers
# recur across unrelated stories ("Friday", "two") and are left out.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)

Vector = dict[str, float]


@lru_cache(maxsize=200_000)  # news vocabulary repeats; stemming is the tokeniser's hot spot
def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "talks"/"talk", "killed"/"kill"."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + keep
    return word


def words(text: str) -> list[str]:
    """Content-word stems of a text, in order, lower-cased."""
    out = []
    for match in _WORD.finditer(text.lower()):
        token = match.group().replace("’", "'")
        if token.endswith("'s"):
            token = token[:-2]
        if len(token) < 2 or token in STOPWORDS:
            continue
        out.append(stem(token))
    return out


def article_terms(article: Article, title_weight: float, lead_words: int) -> dict[str, float]:
    """Term counts of an article: the title counts `title_weight` times and only the
    first `lead_words` content words of the body are used (the lead says what the
    event is; the tail of a long report wanders into background)."""
    counts: dict[str, float] = {}
    title = (article.title or "").strip()
    body = article.text or ""
    # A feed entry or file often repeats its headline as the first line of the body.
    if title and body.lstrip().lower().startswith(title.lower()):
        body = body.lstrip()[len(title) :]
    for term in words(title):
        counts[term] = counts.get(term, 0.0) + title_weight
    for term in words(body)[:lead_words]:
        counts[term] = counts.get(term, 0.0) + 1.0
    return counts


def _entity_key(mention_text: str, label: str) -> str | None:
    tokens = words(mention_text)
    if not tokens:
        return None
    # People are named in full once and by surname afterwards: the surname is the key.
    return "e:" + (tokens[-1] if label == "PERSON" else " ".join(tokens))


def entity_terms(article: Article, analysis: Analysis | None) -> Counter[str]:
    """Counts of normalised entity keys ("e:netanyahu", "e:qatar"); empty without analysis."""
    counts: Counter[str] = Counter()
    if analysis is None:
        return counts
    for mention in analysis.mentions:
        if mention.label in ENTITY_LABELS:
            key = _entity_key(mention.text, mention.label)
            if key:
                counts[key] += 1
    return counts


class OnlineIdf:
    """Document frequencies of the articles seen so far."""

    def __init__(self, n_docs: int = 0, df: MutableMapping[str, int] | None = None) -> None:
        self.n_docs = n_docs
        # A dict, or lazy rows over a store (link.cluster_rows loads the terms it needs).
        self.df: MutableMapping[str, int] = df if df is not None else {}

    def observe(self, terms: Iterable[str]) -> None:
        self.n_docs += 1
        df = self.df
        for term in terms:
            df[term] = df.get(term, 0) + 1

    def idf(self, term: str) -> float:
        # Smoothed so that a term seen in every document still weighs a little and a
        # first-seen term does not dwarf everything else.
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def weights(self, values: Mapping[str, float]) -> dict[str, float]:
        """`values` times the IDF of each term (the bulk form of `idf`, for speed)."""
        base = math.log(self.n_docs + 1) + 1.0
        get, log = self._frequencies(values).get, math.log
        return {t: v * (base - log(get(t, 0) + 1)) for t, v in values.items()}

    def _frequencies(self, terms: Iterable[str]) -> Mapping[str, int]:
        """A mapping that answers for `terms` as `df` does (a row-backed IDF loads them
        in one go and answers from its cache)."""
        return self.df


def weigh(counts: Mapping[str, float], idf: OnlineIdf) -> Vector:
    """L2-normalised sublinear TF-IDF vector of term counts."""
    return normalise(idf.weights({t: 1.0 + math.log(c) for t, c in counts.items() if c > 0}))


def normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if norm == 0.0:
        return {}
    return {t: w / norm for t, w in vec.items()}


def dot(small: Mapping[str, float], large: Mapping[str, float]) -> float:
    """Sparse dot product; iterate over the smaller vector."""
    if len(small) > len(large):
        small, large = large, small
    get = large.get
    return sum(w * get(t, 0.0) for t, w in small.items())


def top_terms(vec: Mapping[str, float], k: int) -> list[str]:
    """The k heaviest terms; ties keep the vector's own order, which is reproducible
    because every vector is built in the same order on every run (and saved so)."""
    return heapq.nlargest(k, vec, key=vec.__getitem__)
