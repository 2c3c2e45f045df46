"""The link stage's entry points: derivation links within a story, independent sources.

Public API
----------
``find_links(articles, *, cache=None, pairs=None, involving=None, params=DEFAULT)
    -> list[Link]``
    One ``Link`` per compared pair of the story's articles: kind, direction, the
    verbatim/paraphrase share of the derived article, aligned spans and a one-line
    reason. Only candidate pairs are compared (``candidate_pairs``: LSH collisions,
    content-word overlap, the word-pair test of headline-only articles, nearest
    neighbours by mean sentence vector), so the cost is linear in story size; a pair
    left out is one ``link_pair`` would call independent. ``pairs`` overrides the
    choice (ids of pairs to compare); ``involving`` keeps only the pairs with one of
    those articles (an incremental update).
``link_pair(a, b, cache=None, *, params=DEFAULT) -> Link``: one pair; ``cache=None``
    decides on literal evidence only (near-verbatim copies), without paraphrase
    detection.
``sentences_to_embed(article, params=DEFAULT) -> list[str]``: the texts whose vectors
    linking reads for an article (what the embed pass computes ahead of time).
``independent_groups(article_ids, links) -> list[list[str]]``: articles joined by
    duplicate/rewrite links form one group, i.e. one independent source.
``count_independent_sources(article_ids, links) -> int``.

A ``Link`` with ``direction="unknown"`` names the pair in arbitrary order (the more
covered article as ``derived_id``). Every threshold is a field of ``LinkParams``
(``link_params``); ``params`` defaults to its ``DEFAULT``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np

from storydesk.grouping import connected_groups
from storydesk.link.align import EmbeddingCache, add_paraphrases, align_texts, side_of
from storydesk.link.classify import Kind, classify, is_near_verbatim, pair_features
from storydesk.link.fingerprint import FingerprintIndex
from storydesk.link.link_params import DEFAULT, LinkParams
from storydesk.link.provenance import decide_direction
from storydesk.link.text import STOPWORDS, words
from storydesk.model import Article, Link

_RANK = {"duplicate": 2, "rewrite": 1, "independent": 0}


def _body(article: Article) -> str:
    return f"{article.title}\n\n{article.text}" if article.title else article.text


def _content_words(article: Article, params: LinkParams) -> frozenset[str]:
    return _text_content_words(article.text, params.min_content_letters)


@lru_cache(maxsize=1024)
def _text_content_words(text: str, least: int) -> frozenset[str]:
    # Cached: candidate selection reads every article's, and each pair compared again.
    return frozenset(w for w in words(text) if w not in STOPWORDS and len(w) >= least)


def _overlap(mine: frozenset[str], theirs: frozenset[str]) -> float:
    return len(mine & theirs) / min(len(mine), len(theirs)) if mine and theirs else 0.0


def sentences_to_embed(article: Article, params: LinkParams = DEFAULT) -> list[str]:
    """The texts whose vectors linking reads for this article: its sentences as
    alignment splits them (or its title and text, when it has none). The embed pass
    computes exactly these, so the story stage finds every vector stored."""
    return side_of(article.text, params.min_words).sentences or [_body(article)]


def _mean_vectors(articles: Sequence[Article], cache: EmbeddingCache, params: LinkParams
                  ) -> np.ndarray:
    """Unit mean sentence vector per article, over the sentences alignment embeds anyway."""
    rows = []
    for article in articles:
        mean = cache.vectors(sentences_to_embed(article, params)).mean(axis=0)
        rows.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
    return np.stack(rows)


def candidate_pairs(
    articles: Sequence[Article],
    cache: EmbeddingCache | None = None,
    *,
    params: LinkParams = DEFAULT,
    involving: Collection[str] | None = None,
) -> list[tuple[int, int]]:
    """The pairs worth comparing (indices, smaller first). An article's possible sources
    and copies are the articles it collides with in the LSH on word shingles, those
    sharing at least ``params.candidate_overlap`` of its content words (what a
    paraphrased rewrite keeps), and, for a short or teaser article, those passing the
    word-pair copy test; of these it keeps the ``params.max_partners`` sharing most
    content words. A pair is compared when either article keeps the other, so a story
    costs at most ``max_partners`` pairs per article however big it grows; with
    ``params.neighbours``, each article's nearest by mean sentence vector too (that
    needs `cache`). With `involving`, only pairs in which one of those articles takes
    part (chosen over the whole story, so that they are the pairs a full run compares)."""
    p = params
    n = len(articles)
    wanted = (range(n) if involving is None
              else [i for i, a in enumerate(articles) if a.id in involving])
    mine = set(wanted)
    pos = {a.id: i for i, a in enumerate(articles)}
    vocab = [_content_words(a, p) for a in articles]
    partners: list[dict[int, float]] = [{} for _ in articles]

    def consider(i: int, j: int) -> None:
        score = _overlap(vocab[i], vocab[j])
        partners[i][j] = partners[j][i] = score

    index = FingerprintIndex()
    for i, article in enumerate(articles):
        for other in index.add(article.id, _body(article)):
            consider(pos[other], i)
    judged_on_words = [len(words(_body(a))) < p.min_words_to_judge or a.summary_only
                       for a in articles]
    for i in range(n):
        for j in range(i + 1, n):
            if j in partners[i]:
                continue
            if judged_on_words[i] or judged_on_words[j]:
                if _word_judged(articles[i], articles[j], p).kind != "independent":
                    consider(i, j)
            else:
                shared = _overlap(vocab[i], vocab[j])
                if shared >= p.candidate_overlap:
                    partners[i][j] = partners[j][i] = shared
    found: set[tuple[int, int]] = set()

    def keep(i: int, j: int) -> None:
        if i != j and (i in mine or j in mine):
            found.add((min(i, j), max(i, j)))

    for i in range(n):
        # Most content words shared first; ties to the earlier article.
        ranked = sorted(partners[i].items(), key=lambda item: (-item[1], item[0]))
        for j, _ in ranked[: p.max_partners]:
            keep(i, j)
    if p.neighbours and n > 1:
        if cache is None:
            raise ValueError("nearest neighbours by sentence vectors need an EmbeddingCache")
        vectors = _mean_vectors(articles, cache, p)
        sims = vectors @ vectors.T
        np.fill_diagonal(sims, -np.inf)
        nearest = np.argsort(-sims, axis=1)[:, : p.neighbours]
        for i in range(n):
            for j in nearest[i]:
                keep(i, int(j))
    return sorted(found)


def content_overlap(a: Article, b: Article, *, params: LinkParams = DEFAULT) -> float:
    """Share of the smaller article's content words that the other also uses."""
    return _overlap(_content_words(a, params), _content_words(b, params))


def _word_judged(a: Article, b: Article, p: LinkParams) -> Link:
    """A pair with a headline-only article or a feed summary, judged on word pairs."""
    short = [x for x in (a, b) if len(words(_body(x))) < p.min_words_to_judge]
    if short:
        shorter = min(short, key=lambda x: len(words(_body(x))))
        other = b if shorter is a else a
        return _short_pair_link(shorter, other, p.short_copy_share, p.short_copy_min_words)
    # A feed summary is one sentence of news that every report of the event
    # restates; only an almost word-for-word match says one copied the other.
    teaser = a if a.summary_only else b
    other = b if teaser is a else a
    return _short_pair_link(teaser, other, p.teaser_copy_share, p.short_copy_min_words)


def _short_pair_link(short: Article, other: Article, threshold: float, least: int) -> Link:
    """A headline-only article: copied if `threshold` of its word pairs appear in the
    other and it has at least `least` words."""
    mine, theirs = words(_body(short)), words(_body(other))
    grams = set(pairwise(mine))
    shared = len(grams & set(pairwise(theirs))) / len(grams) if grams else 0.0
    n = len(mine)
    if shared >= threshold and n >= least:
        return Link(other.id, short.id, "rewrite", "unknown", shared, 0.0, (),
                    f"{short.id} is only {n} words long and {shared:.0%} of its word pairs "
                    f"appear in {other.id}: counted as derived, direction unknown")
    what = "a feed summary" if short.summary_only else f"only {n} words long"
    return Link(other.id, short.id, "independent", "unknown", 0.0, 0.0, (),
                f"{short.id} is {what}: too short to show derivation, treated as independent")


def link_pair(
    a: Article, b: Article, cache: EmbeddingCache | None = None, *, params: LinkParams = DEFAULT
) -> Link:
    """Classify one pair and, when it is a copy, say which way the copying went."""
    p = params
    if any(len(words(_body(x))) < p.min_words_to_judge or x.summary_only for x in (a, b)):
        return _word_judged(a, b, p)
    # Lexical evidence first: a near-verbatim copy needs no paraphrase detection, and
    # skipping the embeddings keeps corpus-wide copy detection fast.
    alignment = align_texts(a.text, b.text, params=p)
    near_verbatim = [s for s in ("a", "b") if is_near_verbatim(alignment, s, params=p)]
    if (
        not near_verbatim
        and cache is not None
        and content_overlap(a, b, params=p) >= p.paraphrase_gate
    ):
        alignment = add_paraphrases(alignment, cache, params=p)
    verdicts: dict[str, tuple[Kind, float]] = {}
    for s in ("a", "b"):
        if s in near_verbatim:
            verdicts[s] = ("duplicate", 1.0)
        elif alignment.with_embeddings:
            kind, p_copied, _ = classify(pair_features(alignment, s), params=p)
            verdicts[s] = (kind, p_copied)
        else:  # no embeddings to judge paraphrase: only literal copies are decided
            verdicts[s] = ("independent", 0.0)
    direction = decide_direction(a, b, alignment, params=p)
    if direction.source is not None:
        derived_side = "a" if direction.source == b.id else "b"
    else:  # arbitrary order: the article more likely copied is named as derived
        derived_side = max(("a", "b"), key=lambda s: (_RANK[verdicts[s][0]], verdicts[s][1]))
    derived, source = (a, b) if derived_side == "a" else (b, a)
    verbatim, paraphrase = alignment.shares(derived_side)
    if direction.source is not None:
        # With the order known, what matters is how much of the *later* article comes
        # from the earlier: a wire summary contained in a later full report does not
        # make the report a rewrite of it.
        kind = verdicts[derived_side][0]
    else:
        kind = max((v[0] for v in verdicts.values()), key=_RANK.__getitem__)
    if kind == "rewrite" and verbatim + paraphrase < p.min_derived_share:
        kind = "independent"
    summary = (f"{verbatim:.0%} of {derived.id} verbatim and {paraphrase:.0%} paraphrased "
               f"from {source.id} (word 3-gram containment "
               f"{alignment.containment(derived_side, 3):.0%}, quotations and boilerplate "
               "not counted)")
    spans = alignment.spans(derived_side)
    if kind == "independent":
        return Link(source.id, derived.id, "independent", "unknown", verbatim, paraphrase,
                    spans, f"independent: only {summary}")
    known = direction.source is not None
    reason = f"{kind}: {summary}; " + "; ".join(direction.evidence)
    return Link(source.id, derived.id, kind, "known" if known else "unknown", verbatim,
                paraphrase, spans, reason)


def find_links(
    articles: Sequence[Article],
    *,
    cache: EmbeddingCache | None = None,
    pairs: Iterable[tuple[str, str]] | None = None,
    involving: Collection[str] | None = None,
    params: LinkParams = DEFAULT,
) -> list[Link]:
    """Links between the story's articles; with `involving`, only the pairs in which
    at least one of those articles takes part (the others' links are already known)."""
    cache = cache if cache is not None else EmbeddingCache()
    by_id = {a.id: a for a in articles}
    if pairs is not None:
        chosen = [(by_id[x], by_id[y]) for x, y in pairs]
        if involving is not None:
            wanted = set(involving)
            chosen = [(a, b) for a, b in chosen if a.id in wanted or b.id in wanted]
    else:
        found = candidate_pairs(articles, cache, params=params, involving=involving)
        chosen = [(articles[i], articles[j]) for i, j in found]
    return [link_pair(a, b, cache, params=params) for a, b in chosen]


def independent_groups(article_ids: Sequence[str], links: Iterable[Link]) -> list[list[str]]:
    """Articles joined by duplicate/rewrite links: each group is one independent source."""
    copies = ((k.source_id, k.derived_id) for k in links if k.kind != "independent")
    return connected_groups(article_ids, copies)


def count_independent_sources(article_ids: Sequence[str], links: Iterable[Link]) -> int:
    return len(independent_groups(article_ids, links))
