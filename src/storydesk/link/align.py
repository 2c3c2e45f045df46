"""Sentence alignment of two articles: which sentences of one come from the other.

Public API
----------
``EmbeddingCache(embed=None, backing=None)``: sentence vectors computed once per
    distinct sentence (by ``embed``, default ``embed_texts``) and reused across every
    pair an article takes part in; a ``VectorBacking`` (the store's
    ``SentenceVectors``) keeps them between runs.
``align_texts(a: str, b: str, cache: EmbeddingCache | None = None, *, params) -> Alignment``
    Aligns each sentence of ``a`` with its best partner in ``b`` and vice versa.
    ``cache=None`` aligns on lexical evidence only; ``add_paraphrases(alignment,
    cache)`` adds paraphrase detection later (a near-verbatim copy never needs it).
    ``params`` (a ``LinkParams``, default ``DEFAULT``) holds the thresholds.
``Alignment``: ``a_pairs`` / ``b_pairs`` (one ``SentencePair`` per sentence of that
    side: label, partner span, word cover, paraphrase probability, cosine),
    ``shares(side) -> (verbatim, paraphrase)``, ``containment(side, n)``,
    ``weights(side)`` and ``spans(derived_side) -> tuple[AlignedSpan, ...]``.
    Sides are ``"a"`` and ``"b"``; texts are split once (``side_of`` is cached).

Each sentence is labelled *verbatim* (at least 80% of its words, ``verbatim_cover``,
appear in order in one sentence of the other article), *paraphrase* (the MSRP-trained
paraphrase model, lexical overlap + MiniLM cosine, says so) or *unaligned*. Two
independent reports quoting the same statement share whole sentences, so a match that
rests on words inside quotation marks is marked ``quoted``; boilerplate (credit lines,
"all rights reserved", two-word headings) is marked ``boilerplate``. Neither counts in
the shares that the pair classification reads.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np

from storydesk.link.embed import EMBEDDING_DIM, embed_texts
from storydesk.link.link_params import DEFAULT, LinkParams
from storydesk.link.paraphrase import default_model, pair_features
from storydesk.link.text import STOPWORDS, sentence_spans, strip_quotes, words
from storydesk.model import AlignedSpan

Label = Literal["verbatim", "paraphrase", "unaligned"]
# For each sentence of one text, the indices of its candidate partners in the other.
_Candidates = tuple[tuple[int, ...], ...]
BOILERPLATE = re.compile(
    r"information from .{2,60} (?:was|were) used|contributed to this report|all rights "
    r"reserved|copyright|©|\(c\) \d{4}|click here|subscribe|sign up for|follow us|"
    r"read more|this (?:story|article) (?:has been|was) updated|may not be published",
    re.IGNORECASE,
)


class VectorBacking(Protocol):
    """Somewhere sentence vectors outlive one run (see store.vectors.SentenceVectors)."""

    def load(self, texts: Sequence[str]) -> dict[str, np.ndarray]: ...

    def save(self, vectors: Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
        """Keep new vectors; returns them as `load` will give them back (a store may
        round them), so that a run and a later one see the same values."""
        ...


class EmbeddingCache:
    """Sentence text -> unit vector, filled in batches on demand: from memory, then
    from `backing` when given, and only then by running the model."""

    def __init__(
        self,
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
        backing: VectorBacking | None = None,
    ) -> None:
        self._embed = embed if embed is not None else embed_texts
        self._backing = backing
        self._vectors: dict[str, np.ndarray] = {}
        self.computed = 0  # sentences embedded by the model (not found anywhere)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing and self._backing is not None:
            self._vectors.update(self._backing.load(missing))
            missing = [t for t in missing if t not in self._vectors]
        if missing:
            fresh: Mapping[str, np.ndarray] = dict(
                zip(missing, self._embed(missing), strict=True)
            )
            self.computed += len(fresh)
            if self._backing is not None:
                fresh = self._backing.save(fresh)
            self._vectors.update(fresh)
        if not texts:
            return np.zeros((0, EMBEDDING_DIM))
        return np.stack([self._vectors[t] for t in texts])


@dataclass(frozen=True, slots=True)
class SentencePair:
    """One sentence of a side and its best partner on the other side."""

    start: int
    end: int
    partner: tuple[int, int] | None  # span in the other text; None when unaligned
    label: Label
    cover: float  # share of its words found, in order, in the best lexical partner
    probability: float = 0.0  # paraphrase probability of the best partner (1 if verbatim)
    cosine: float = 0.0  # best MiniLM cosine with the other side (1 if verbatim)
    quoted: bool = False  # the match rests on a shared quotation
    boilerplate: bool = False

    @property
    def counts(self) -> bool:
        """Whether this sentence counts as evidence of derivation."""
        return self.label != "unaligned" and not self.quoted and not self.boilerplate


@dataclass(frozen=True, slots=True)
class Side:
    """One text, split once and reused for every pair it takes part in."""

    text: str
    spans: list[tuple[int, int]]
    sentences: list[str]
    tokens: list[list[str]]
    own_tokens: list[list[str]]  # tokens outside quotation marks
    boilerplate: list[bool]
    words: list[str]  # all words, in order
    own_words: list[str]  # words outside quotations
    # Each sentence's words as a set of (word, occurrence) pairs: the size of two such
    # sets' intersection is the size of the two word multisets' intersection, computed
    # by one set operation instead of a loop over a Counter.
    bags: list[frozenset[tuple[str, int]]]
    # Each sentence's distinct content words, flattened as (word hash, sentence) sorted
    # by hash: which sentences of another text share how many content words is then a
    # few array operations (`_shared_words`).
    content_hashes: np.ndarray
    content_sentences: np.ndarray


@lru_cache(maxsize=1024)
def side_of(text: str, min_words: int = DEFAULT.min_words) -> Side:
    """The text split once; sentences under `min_words` words count as boilerplate."""
    spans = sentence_spans(text)
    sentences = [text[s:e] for s, e in spans]
    tokens = [words(s) for s in sentences]
    own = [words(strip_quotes(s)) for s in sentences]
    boiler = [
        len(t) < min_words or bool(BOILERPLATE.search(s))
        for s, t in zip(sentences, tokens, strict=True)
    ]
    entries = [(_word_hash(w), j) for j, toks in enumerate(tokens) for w in set(toks) - STOPWORDS]
    entries.sort()
    hashes = np.array([h for h, _ in entries], dtype=np.int64)
    owners = np.array([j for _, j in entries], dtype=np.int64)
    return Side(text, spans, sentences, tokens, own, boiler, words(text),
                [w for t in own for w in t], [_bag(t) for t in tokens], hashes, owners)


def _bag(tokens: list[str]) -> frozenset[tuple[str, int]]:
    seen: Counter[str] = Counter()
    bag = []
    for w in tokens:
        bag.append((w, seen[w]))
        seen[w] += 1
    return frozenset(bag)


@lru_cache(maxsize=65536)
def _word_hash(word: str) -> int:
    """A stable 63-bit hash (Python's own is salted per process): two distinct words
    of one pair of texts colliding is a chance of about 1e-11."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little") >> 1


def ngram_containment(mine: list[str], theirs: list[str], n: int) -> float:
    """Share of the distinct word n-grams of `mine` that occur in `theirs`."""
    grams = _ngrams(mine, n)
    return len(grams & _ngrams(theirs, n)) / len(grams) if grams else 0.0


def _ngrams(words: list[str], n: int) -> frozenset[tuple[str, ...]]:
    return frozenset(zip(*[words[i:] for i in range(n)], strict=False))


@lru_cache(maxsize=1024)
def _text_ngrams(text: str, own: bool, n: int) -> frozenset[tuple[str, ...]]:
    """A text's word n-grams (outside quotations, with `own`): a story's article meets
    several others, and each pair asks for them."""
    side = side_of(text)  # the words do not depend on min_words
    return _ngrams(side.own_words if own else side.words, n)


@dataclass(frozen=True)
class Alignment:
    a: Side
    b: Side
    a_pairs: tuple[SentencePair, ...]
    b_pairs: tuple[SentencePair, ...]
    with_embeddings: bool = False

    @property
    def a_text(self) -> str:
        return self.a.text

    @property
    def b_text(self) -> str:
        return self.b.text

    def pairs(self, side: str) -> tuple[SentencePair, ...]:
        return self.a_pairs if side == "a" else self.b_pairs

    def weights(self, side: str) -> np.ndarray:
        """Each sentence's share of the side's characters; boilerplate and shared
        quotations weigh nothing, so they cannot drive any decision."""
        pairs = self.pairs(side)
        w = np.array([0.0 if p.boilerplate or p.quoted else p.end - p.start for p in pairs])
        return w / w.sum() if w.sum() > 0 else w

    def shares(self, side: str) -> tuple[float, float]:
        """(verbatim, paraphrase) share of the side's characters, boilerplate excluded."""
        pairs = self.pairs(side)
        total = sum(p.end - p.start for p in pairs if not p.boilerplate)
        if total == 0:
            return 0.0, 0.0
        verbatim = sum(p.end - p.start for p in pairs if p.counts and p.label == "verbatim")
        para = sum(p.end - p.start for p in pairs if p.counts and p.label == "paraphrase")
        return verbatim / total, para / total

    def containment(self, side: str, n: int) -> float:
        """Share of the side's word n-grams outside quotations found in the other text."""
        mine, other = (self.a, self.b) if side == "a" else (self.b, self.a)
        grams = _text_ngrams(mine.text, True, n)
        return len(grams & _text_ngrams(other.text, False, n)) / len(grams) if grams else 0.0

    def trigram_containment(self, side: str) -> float:
        return self.containment(side, 3)

    def spans(self, derived_side: str) -> tuple[AlignedSpan, ...]:
        """Aligned spans with the other side as source (quotations and boilerplate left out)."""
        out = []
        for p in self.pairs(derived_side):
            if p.counts and p.partner is not None:
                out.append(AlignedSpan(p.partner[0], p.partner[1], p.start, p.end, p.label))  # type: ignore[arg-type]
        return tuple(out)


def _cover(mine: list[str], theirs: list[str]) -> float:
    """Share of `mine` covered by in-order blocks shared with `theirs`."""
    if not mine or not theirs:
        return 0.0
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(mine)


def _shared_words(mine: Side, other: Side) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which sentences of `mine` (rows) share content words with which of `other`
    (columns), and how many: three aligned arrays, one entry per pair sharing any
    (no dense matrix: two long texts would make it hundreds of megabytes)."""
    theirs = other.content_hashes
    low = np.searchsorted(theirs, mine.content_hashes, "left")
    high = np.searchsorted(theirs, mine.content_hashes, "right")
    found = high - low
    rows = np.repeat(mine.content_sentences, found)
    # The positions low..high-1 of each entry of `mine`, concatenated.
    ends = np.cumsum(found)
    positions = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(low - ends + found, found)
    cols = other.content_sentences[positions]
    n = max(1, len(other.sentences))
    pairs, counts = np.unique(rows * n + cols, return_counts=True)
    return pairs // n, pairs % n, counts


@lru_cache(maxsize=256)
def _candidates(mine_text: str, other_text: str, min_words: int, k: int) -> _Candidates:
    """For each sentence of one text, the `k` sentences of the other sharing most content
    words (ties to the earlier sentence; none sharing any word). Cached: the lexical
    and the paraphrase pass of a pair both ask."""
    mine, other = side_of(mine_text, min_words), side_of(other_text, min_words)
    rows, cols, counts = _shared_words(mine, other)
    order = np.lexsort((cols, -counts, rows))  # by row, most shared first, then earlier
    rows, cols = rows[order], cols[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, "left")
    chosen: list[list[int]] = [[] for _ in mine.sentences]
    for row, col in zip(rows[rank < k].tolist(), cols[rank < k].tolist(), strict=True):
        chosen[row].append(col)
    return tuple(tuple(c) for c in chosen)


def _lexical_candidates(
    mine: Side, other: Side, k: int, min_words: int = DEFAULT.min_words
) -> _Candidates:
    return _candidates(mine.text, other.text, min_words, k)


def _mostly_quotation(side: Side, i: int, p: LinkParams) -> bool:
    """Most of the sentence is a direct quotation: sharing it shows a common speaker,
    not copying (attribution words like "said in a statement" are formulaic too)."""
    own = len(side.own_tokens[i])
    return own < p.min_words or own < p.quotation_share * len(side.tokens[i])


def _lexical_pass(mine: Side, other: Side, p: LinkParams) -> list[SentencePair]:
    pairs: list[SentencePair] = []
    # Each of the other side's sentences is a candidate of several of ours: count its
    # words once.
    candidates_of = _lexical_candidates(mine, other, p.candidates_per_sentence, p.min_words)
    for i, candidates in enumerate(candidates_of):
        s, e = mine.spans[i]
        toks = mine.tokens[i]
        best_j, best = -1, 0.0
        bag = mine.bags[i]
        for j in candidates:
            # Shared-word count bounds the in-order cover: skip the costly matcher
            # when even the bound cannot beat what we have.
            bound = len(bag & other.bags[j]) / max(len(toks), 1)
            if bound <= best or bound < p.min_cover_checked:
                continue
            cover = _cover(toks, other.tokens[j])
            if cover > best:
                best_j, best = j, cover
        if best >= p.verbatim_cover and len(toks) >= p.min_words:
            own_cover = _cover(mine.own_tokens[i], other.tokens[best_j])
            quoted = _mostly_quotation(mine, i, p) or own_cover < p.min_own_cover
            pairs.append(SentencePair(s, e, other.spans[best_j], "verbatim", best, 1.0, 1.0,
                                      quoted, mine.boilerplate[i]))
        else:
            pairs.append(SentencePair(s, e, None, "unaligned", best, 0.0, 0.0, False,
                                      mine.boilerplate[i]))
    return pairs


def _paraphrase_pass(
    mine: Side, other: Side, pairs: tuple[SentencePair, ...], sims: np.ndarray, p: LinkParams
) -> tuple[SentencePair, ...]:
    """Score the unaligned sentences with the paraphrase model; label the matches."""
    rows = [i for i, p in enumerate(pairs) if p.label == "unaligned"]
    if not rows or not other.sentences:
        return pairs
    k = p.candidates_per_sentence
    lexical = _lexical_candidates(mine, other, k, p.min_words)
    nearest = np.argsort(-sims[rows], axis=1)[:, :k].tolist()
    feats, owners = [], []
    for i, by_cosine in zip(rows, nearest, strict=True):
        for j in dict.fromkeys(by_cosine + list(lexical[i])):
            if sims[i, j] < p.min_candidate_cosine:
                continue
            feats.append(pair_features(mine.sentences[i], other.sentences[j], float(sims[i, j])))
            owners.append((i, j))
    if not feats:
        return pairs
    probs = default_model().probability(np.array(feats))
    best: dict[int, tuple[float, int]] = {}
    for (i, j), prob in zip(owners, probs, strict=True):
        if prob > best.get(i, (-1.0, -1))[0]:
            best[i] = (float(prob), j)
    out = list(pairs)
    for i, (prob, j) in best.items():
        old = pairs[i]
        cosine = float(sims[i].max())
        if prob >= p.paraphrase_probability and len(mine.tokens[i]) >= p.min_words:
            quoted = _mostly_quotation(mine, i, p)
            out[i] = SentencePair(old.start, old.end, other.spans[j], "paraphrase", old.cover,
                                  prob, cosine, quoted, old.boilerplate)
        else:
            out[i] = SentencePair(old.start, old.end, None, "unaligned", old.cover, prob,
                                  cosine, False, old.boilerplate)
    return tuple(out)


def align_texts(
    a: str, b: str, cache: EmbeddingCache | None = None, *, params: LinkParams = DEFAULT
) -> Alignment:
    """Lexical alignment, plus paraphrase detection when a cache of embeddings is given."""
    side_a, side_b = side_of(a, params.min_words), side_of(b, params.min_words)
    alignment = Alignment(side_a, side_b, tuple(_lexical_pass(side_a, side_b, params)),
                          tuple(_lexical_pass(side_b, side_a, params)))
    return add_paraphrases(alignment, cache, params=params) if cache is not None else alignment


def add_paraphrases(
    alignment: Alignment, cache: EmbeddingCache, *, params: LinkParams = DEFAULT
) -> Alignment:
    """The alignment with its unaligned sentences checked for paraphrases."""
    side_a, side_b = alignment.a, alignment.b
    if alignment.with_embeddings or not side_a.sentences or not side_b.sentences:
        return alignment
    sims = cache.vectors(side_a.sentences) @ cache.vectors(side_b.sentences).T
    return Alignment(
        side_a,
        side_b,
        _paraphrase_pass(side_a, side_b, alignment.a_pairs, sims, params),
        _paraphrase_pass(side_b, side_a, alignment.b_pairs, sims.T, params),
        with_embeddings=True,
    )
