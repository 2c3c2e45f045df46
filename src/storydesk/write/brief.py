"""The brief: an extractive, multi-document summary of a story, every sentence cited.

    brief = write_brief(articles, analyses, words=150, independent_groups=groups)

How it is written:
1. Every sentence of every article is a possible brief sentence, cut to an exact span
   of its article (a leading wire dateline is left out of the span).
2. Sentences that state the same claim are one option: with the story's claim groups
   (reconcile/statements.py) a group is a claim, represented by its best wording and
   citing every article that states it; without them, a sentence and its
   near-identical copies (represented by the earliest wording). A sentence that opens
   with "He", "But" or "Many of them" needs its neighbour and is never shown; a
   section label or dateline before a sentence is cut off; house lines never stand.
3. Content is valued as bigram concepts weighted by how many articles use them (see
   brief_select); a claim that several *independent* sources state, or that the
   caller's `support` says is corroborated, is worth `corroboration_factor` times more.
4. Claims stated by >= 2 independent sources are preferred (their value counts
   `corroboration_factor` times) and the best set within the word budget is chosen.
   Corroborated claims come first in the brief, each part ordered by when the story
   first reported the sentence, then by its place in the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from storydesk.grouping import connected_groups
from storydesk.model import Analysis, Article, Brief, BriefSentence, Citation, Fact, Sentence
from storydesk.reconcile.statements import StatedClaims
from storydesk.write.brief_near import jaccard, near_duplicates
from storydesk.write.brief_params import DEFAULT, BriefParams
from storydesk.write.brief_select import Option, concept_weights, select
from storydesk.write.brief_text import (
    Candidate,
    ChangedSentences,
    concepts,
    content_stems,
    count_words,
    is_briefable,
    leans_on_context,
    stems,
    trim_dateline,
)
from storydesk.write.pronoun_subject import subject_is_pronoun

SupportFn = Callable[[str, int, int], float]

_FALLBACK_SENTENCE_RE = re.compile(r"[^\n]+?(?:[.!?]['\"’”]?(?=\s+[A-Z\"'“`])|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Shown:
    """A group of near-identical sentences as the brief would show it."""

    first: int  # the earliest member (when the story first said it)
    shown: int  # the earliest member that can stand in a brief
    supporters: list[int]  # near-identical sentences of other articles, one per article
    sources: int  # independent sources among the shown sentence and its supporters
    vouched: float = 0.0  # independent sources confirming its facts, by the caller's `support`


def _fallback_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences for an article without an Analysis: line breaks and full stops."""
    found = []
    for match in _FALLBACK_SENTENCE_RE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append(Sentence(start, end))
    return tuple(found)


def story_order(articles: Sequence[Article]) -> list[Article]:
    """Earliest publication first; undated articles after, in the order given."""
    latest = datetime.max.replace(tzinfo=UTC)

    def key(pair: tuple[int, Article]) -> tuple[datetime, int]:
        index, article = pair
        published = article.published
        if published is not None and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return (published or latest, index)

    return [a for _, a in sorted(enumerate(articles), key=key)]


def _group_index(
    articles: Sequence[Article], independent_groups: Sequence[Collection[str]] | None
) -> dict[str, int]:
    """The independent source of each article; an article in no group is its own."""
    group_of: dict[str, int] = {}
    for index, group in enumerate(independent_groups or ()):
        for article_id in group:
            group_of.setdefault(article_id, index)
    next_index = len(independent_groups or ())
    for article in articles:
        if article.id not in group_of:
            group_of[article.id] = next_index
            next_index += 1
    return group_of


# At most this many content words besides the figure: a sentence about the figure
# ("The official death toll in Israel is around 1,200." has 5).
_FIGURE_SENTENCE_WORDS = 7


def _figure_support(
    candidates: Sequence[Candidate], figures: Sequence[Fact]
) -> dict[tuple[str, int], list[tuple[str, int]]]:
    """For each short sentence (article id, end) that states exactly one figure, and
    that figure's fact is reported by >= 2 sources: the other sentences stating it, as
    (article id, candidate index). A sentence with several figures ("killing 13,000
    Palestinians and 1,200 Israelis") is supported by none of them alone."""
    index = {(c.article_id, c.end): i for i, c in enumerate(candidates)}
    figures_in: dict[tuple[str, int], list[Fact]] = {}
    for fact in figures:
        for claim in fact.claims:
            figures_in.setdefault((claim.article_id, claim.sentence_end), []).append(fact)
    found: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for key, facts in figures_in.items():
        if len(facts) != 1 or facts[0].support < 2 or key not in index:
            continue
        words = content_stems(stems(candidates[index[key]].text))
        if sum(not w[:1].isdigit() for w in words) > _FIGURE_SENTENCE_WORDS:
            # The sentence says more than the figure ("The agency described the piece
            # of metal that may have triggered the crash that killed 113 people as
            # ..."): the figure's reports do not back the rest of it.
            continue
        found[key] = [
            (claim.article_id, index[(claim.article_id, claim.sentence_end)])
            for claim in facts[0].claims
            if (claim.article_id, claim.sentence_end) in index
        ]
    return found


def _candidates(article: Article, analysis: Analysis | None) -> list[Candidate]:
    sentences = analysis.sentences if analysis is not None else _fallback_sentences(article.text)
    found = []
    for index, sentence in enumerate(sentences):
        start = trim_dateline(article.text, sentence.start, sentence.end)
        if sentence.end > start:
            text = article.text[start : sentence.end]
            found.append(Candidate(article.id, index, start, sentence.end, text))
    return found


def write_brief(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    words: int = 150,
    support: SupportFn | None = None,
    independent_groups: Sequence[Collection[str]] | None = None,
    stated: StatedClaims | None = None,
    changed: Collection[Citation] = (),
    figures: Sequence[Fact] = (),
    params: BriefParams = DEFAULT,
) -> Brief:
    """A cited extractive brief of the story told by `articles`, within `words` words.

    `analyses` maps article ids to their Analysis (its sentences are the units of the
    brief; an article without one is split at line breaks and full stops).
    `independent_groups` are sets of article ids that are rewrites or duplicates of one
    another: support and concept weights then count groups, not articles. `support`,
    when given, says how well corroborated a sentence is (article id, start, end ->
    number of independent sources confirming its facts) and raises its value.
    `stated`, the story's claim groups (`reconcile.statements`), makes each brief
    sentence a claim: its best wording, citing every article that states it; without
    them, sentences are grouped with their near-identical copies only.
    `changed` are sentences in which a copy or rewrite changed what its source says
    (the discrepancies' derived sentences): never shown, whatever their support.
    `figures` are the story's numeric facts: a sentence that states one figure, of a
    fact several sources report, also cites the sentences that state that figure.
    `params` holds the thresholds and values (`brief_params`).
    """
    if words <= 0:
        return Brief((), 0, words)
    ordered = story_order(articles)
    group_of = _group_index(ordered, independent_groups)
    altered = ChangedSentences(changed)
    everything = [c for a in ordered for c in _candidates(a, analyses.get(a.id))]
    figure_support = _figure_support(everything, figures)
    if not everything:
        return Brief((), 0, words)

    # Concepts per article (or per independent source, `concepts_by_source`).
    stem_lists = [stems(c.text) for c in everything]
    concept_sets = [concepts(s) for s in stem_lists]
    by_group: dict[object, set[tuple[str, str]]] = {}
    for candidate, own in zip(everything, concept_sets, strict=True):
        key = group_of[candidate.article_id] if params.concepts_by_source else candidate.article_id
        by_group.setdefault(key, set()).update(own)
    weight_of = concept_weights(list(by_group.values()), params=params)
    concept_id = {c: i for i, c in enumerate(weight_of)}
    weights = list(weight_of.values())
    word_sets = [content_stems(s) for s in stem_lists]

    options: list[Option] = []
    represented: list[_Shown] = []
    for cluster in _clusters(everything, word_sets, params, stated):
        # Members are in story order; a claim group's own best wording comes first.
        briefable = [i for i in cluster if is_briefable(everything[i].text, params=params)
                     and not leans_on_context(everything[i].text)
                     and not subject_is_pronoun(everything[i].text)
                     and not altered.within(everything[i].article_id, everything[i].start,
                                            everything[i].end)]  # fmt: skip
        if not briefable:
            continue  # no member stands on its own ("He said ...", "Many of them ...")
        shown = briefable[0]
        chosen = everything[shown]
        if stated is not None:
            # A claim group: every member states the claim (the grouping checked their
            # numbers, dates, names and polarity), one sentence per article.
            supporters = {everything[m].article_id: m for m in cluster if m != shown}
        else:
            # Near-identical wordings: support is what is near-identical to the shown
            # sentence itself, since a chain of small edits may end elsewhere.
            supporters = {}
            for m in cluster:
                article_id = everything[m].article_id
                if (
                    article_id != chosen.article_id
                    and article_id not in supporters
                    and jaccard(word_sets[shown], word_sets[m]) >= params.same_wording
                ):
                    supporters[article_id] = m
        for article_id, m in figure_support.get((chosen.article_id, chosen.end), ()):
            if article_id != chosen.article_id:
                supporters.setdefault(article_id, m)
        groups = {group_of[chosen.article_id]} | {group_of[a] for a in supporters}
        found = frozenset(concept_id[c] for c in concept_sets[shown] if c in concept_id)
        size = count_words(chosen.text)
        bonus = params.support_bonus * (len(groups) - 1)
        vouched = 0.0
        if support is not None:
            vouched = max(0.0, support(chosen.article_id, chosen.start, chosen.end))
            bonus += params.external_support_share * size * vouched
        if chosen.index == 0:
            bonus += params.lead_bonus * size
        if not found and bonus <= 0:
            continue  # says nothing the story repeats, and nobody vouches for it
        options.append(Option(size, found, bonus))
        represented.append(
            _Shown(min(cluster), shown, sorted(supporters.values()), len(groups), vouched)
        )

    shown_words = [word_sets[r.shown] for r in represented]

    def redundant(i: int, j: int) -> bool:
        # Asked only of the few chosen sentences: listing every redundant pair up front
        # cost a million comparisons for an article of 1,000 look-alike sentences.
        return jaccard(shown_words[i], shown_words[j]) >= params.redundant

    # Claims that several independent sources state are preferred: their value counts
    # `corroboration_factor` times (what one source alone says is chosen only when it
    # covers clearly more of what the story repeats).
    corroborated = [r.sources >= 2 or r.vouched >= 2 for r in represented]
    options = [
        replace(o, factor=params.corroboration_factor) if c else o
        for o, c in zip(options, corroborated, strict=True)
    ]
    picked = select(options, weights, words, redundant, params=params)

    rank = {a.id: i for i, a in enumerate(ordered)}

    def reading_order(i: int) -> tuple[bool, int, int, int]:
        """Corroborated claims first; then when the story first reported it, and where
        its article has it."""
        first, chosen = everything[represented[i].first], everything[represented[i].shown]
        return (not corroborated[i], rank[first.article_id], rank[chosen.article_id],
                chosen.index)  # fmt: skip

    sentences = []
    for i in sorted(picked, key=reading_order):
        chosen = everything[represented[i].shown]
        others = [everything[m] for m in represented[i].supporters]
        sentences.append(
            BriefSentence(
                text=chosen.text,
                source=Citation(chosen.article_id, chosen.start, chosen.end),
                supported_by=tuple(Citation(o.article_id, o.start, o.end) for o in others),
                sources=represented[i].sources,
            )
        )
    return Brief(tuple(sentences), sum(count_words(s.text) for s in sentences), words)


def _clusters(
    candidates: Sequence[Candidate],
    words: Sequence[set[str]],
    params: BriefParams,
    stated: StatedClaims | None,
) -> list[list[int]]:
    """Candidate indices grouped with the sentences of other articles that say the same
    thing, each group in story order except that a claim group's best wording leads.

    With the story's claim groups (`stated`), a group is a claim; without them, a
    sentence and its near-identical copies."""
    if stated is not None:
        by_claim: dict[int, list[int]] = {}
        alone: list[list[int]] = []
        for i, c in enumerate(candidates):
            claim = stated.claim_of.get((c.article_id, c.index))
            if claim is None:
                alone.append([i])
            else:
                by_claim.setdefault(claim, []).append(i)
        found = list(alone)
        for claim, members in by_claim.items():
            best = stated.claims[claim].citations[0]
            lead = [i for i in members if candidates[i].article_id == best.article_id]
            found.append(lead + [i for i in members if i not in lead])
        return sorted(found, key=min)
    # Two sentences of one article are not each other's support: never compared.
    articles = [c.article_id for c in candidates]
    links = near_duplicates(words, threshold=params.same_wording, min_size=params.min_copy_words,
                            groups=articles, max_checks=params.max_checks)  # fmt: skip
    pairs = ((i, j) for i, partners in enumerate(links) for j in partners)
    return connected_groups(range(len(candidates)), pairs)
