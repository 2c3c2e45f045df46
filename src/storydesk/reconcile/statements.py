"""Claims stated across a story: the sentences of different articles that say the same
thing, grouped, with the independent sources behind each group.

    stated = group_statements(articles, analyses, claims, groups, vectors)
    stated.claims        StoryClaim per group stated by >= 2 articles, best supported first
    stated.claim_of      (article id, sentence index) -> index into stated.claims

How two sentences are found to state the same thing:
1. Every sentence of every article with a few content words is a statement; its
   vector is the mean of the stored sentence vectors (the ones linking embedded) of
   the alignment sentences it overlaps, so nothing is embedded twice.
2. Two statements of different articles match when their vectors are very close, or
   close and sharing a good part of their content words, AND they agree: the same
   numbers (one may give fewer: "23 killed" supports "23 killed, 7 of them
   children"), no day, weekday or month one has that the other contradicts, the same
   people where both name some, and the same polarity ("did not" flips a claim). A
   paraphrase that changes a number or adds a "not" is a different claim, however
   close the words.
3. Matches are merged greedily, closest first, into groups of at most one sentence
   per article, and two groups merge only when most pairs across them match too
   (average linkage): a chain of small steps does not join two different claims.
   The story's lead claim (the group most articles state) then takes, from each
   article not in it, the sentence closest to it if close enough and agreeing: every
   report of an event states the event, often in words of its own.
4. A group's independent sources are the derivation groups (a rewrite and its source
   count once, as do one outlet's reports) among its articles: a rewrite's sentence
   adds nothing beyond its source. Its wording is its best member: an original's
   sentence that stands on its own (no leading "He" or "But"), central to the group.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storydesk.analyze.contact import has_contact_details
from storydesk.analyze.number_words import COUNT_WORDS
from storydesk.lexicon import MONTHS, SYNONYMS, WEEKDAYS
from storydesk.link.align import side_of
from storydesk.link.links import sentences_to_embed
from storydesk.model import Analysis, Article, ArticleClaims, Citation, StoryClaim
from storydesk.reconcile.statement_params import DEFAULT, StatementParams
from storydesk.reconcile.wording import (
    content_stems,
    leans_on_context,
    stem,
    tokens,
    trim_dateline,
)

VectorsFn = Callable[[Sequence[str]], np.ndarray]

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.,])\d+(?:\.\d+)?(?!\w)")
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|cannot)\b|n[’']t\b", re.IGNORECASE
)
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Statement:
    """One sentence as a possible member of a claim group."""

    article: int  # index into the articles
    index: int  # the sentence's index in its article's analysis
    start: int  # dateline trimmed
    end: int
    words: frozenset[str]  # content stems
    numbers: frozenset[float]
    negations: int
    days: frozenset[str]  # resolved day-level dates the sentence names (not "since")
    weekdays: frozenset[str]
    months: frozenset[str]  # resolved month-level dates
    people: frozenset[str]  # last names of the people named


@dataclass(frozen=True)
class StatedClaims:
    """A story's claim groups: those stated by >= 2 articles, best supported first, and
    which group each sentence of an article belongs to."""

    claims: tuple[StoryClaim, ...]
    claim_of: Mapping[tuple[str, int], int]  # (article id, sentence index) -> claim


def _number_values(text: str, start: int, end: int, claims: ArticleClaims | None
                   ) -> frozenset[float]:  # fmt: skip
    found = {float(m.group().replace(",", "")) for m in _NUMBER.finditer(text, start, end)}
    found.update(float(COUNT_WORDS[w]) for w in tokens(text[start:end]) if w in COUNT_WORDS)
    if claims is not None:  # "three dozen", "2.5 million": as the extractor reads them
        found.update(n.value for n in claims.numbers if start <= n.start < end)
    return frozenset(found)


def _statement(
    article_index: int,
    index: int,
    article: Article,
    analysis: Analysis,
    claims: ArticleClaims | None,
    params: StatementParams,
) -> _Statement | None:
    sentence = analysis.sentences[index]
    start = trim_dateline(article.text, sentence.start, sentence.end)
    end = sentence.end
    text = article.text[start:end]
    if not _ENDS_LIKE_STATEMENT.search(text):
        return None  # a question states nothing; a heading or a fragment is no sentence
    if has_contact_details(text):
        return None  # "call 0800 ..." asks something of the reader; it states no claim
    words = claim_words(text)
    if len(words) < params.min_content_words:
        return None
    days: set[str] = set()
    months: set[str] = set()
    for date in claims.dates if claims is not None else ():
        if not (start <= date.start < end) or date.value is None or date.since:
            continue
        if date.granularity == "day":
            days.add(date.value)
        elif date.granularity == "month":
            months.add(date.value)
    people = {
        m.text.split()[-1].lower().removesuffix("'s").removesuffix("’s")
        for m in analysis.mentions
        if m.label == "PERSON" and start <= m.start < end and m.text.split()
    }
    return _Statement(
        article=article_index,
        index=index,
        start=start,
        end=end,
        words=words,
        numbers=_number_values(article.text, start, end, claims),
        negations=len(_NEGATION.findall(text)),
        days=frozenset(days),
        weekdays=frozenset(w.lower() for w in _WEEKDAY.findall(text)),
        months=frozenset(months),
        people=frozenset(people),
    )


# Multi-word synonyms, longest first; "calling its negotiators home" is "withdraw".
_PHRASES = re.compile(
    r"\b(?:"
    + "|".join(sorted((re.escape(p) for p in SYNONYMS if " " in p), key=len, reverse=True))
    + r")\b"
)
_CALL_HOME = re.compile(
    r"\b(?:call|calls|called|calling|order|orders|ordered|ordering)\s+"
    r"((?:[\w'’-]+\s+){0,3}?)(?:home|back)\b"
)


_ENDS_LIKE_STATEMENT = re.compile(r"[.!]['\"’”)\]]*\s*$|[.!]\s*''\s*$")
_CALENDAR = frozenset((*WEEKDAYS, *MONTHS))


def claim_words(text: str) -> frozenset[str]:
    """A sentence's content stems, news synonyms mapped to one word ("recalled" and
    "withdrew", "deadlock" and "dead end")."""
    lowered = _CALL_HOME.sub(r"withdraw \1", text.lower())
    lowered = _PHRASES.sub(lambda m: SYNONYMS[m.group()], lowered)
    # Numbers and dates are compared on their own (`agree`): as words they would make
    # "on Saturday (December 2)" a reason for two sentences to differ.
    return frozenset(content_stems([stem(SYNONYMS.get(w, w)) for w in tokens(lowered)
                                    if w not in _CALENDAR and not w[:1].isdigit()]))  # fmt: skip


def _disjoint_where_both(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not (a & b)


def agree(a: _Statement, b: _Statement) -> bool:
    """Whether two statements can assert the same claim: nothing one says contradicts
    the other's numbers, dates, people or polarity."""
    if a.numbers and b.numbers and not (a.numbers <= b.numbers or b.numbers <= a.numbers):
        return False
    if (a.negations > 0) != (b.negations > 0):
        return False
    return not (
        _disjoint_where_both(a.days, b.days)
        or _disjoint_where_both(a.weekdays, b.weekdays)
        or _disjoint_where_both(a.months, b.months)
        or _disjoint_where_both(a.people, b.people)
    )


def _shares_words(
    a: frozenset[str], b: frozenset[str], params: StatementParams, contained: float | None = None
) -> bool:
    """Enough content words in common: a good share of both (Dice), or most of the
    shorter sentence (a short statement of the claim inside a longer sentence)."""
    if not a or not b:
        return False
    shared = len(a & b)
    return (2 * shared / (len(a) + len(b)) >= params.shared_words
            or shared / min(len(a), len(b)) >= (
                params.contained_words if contained is None else contained))  # fmt: skip


def _statement_vectors(
    articles: Sequence[Article], statements: Sequence[_Statement], vectors: VectorsFn
) -> np.ndarray:
    """Each statement's unit vector: the mean of the vectors of the alignment sentences
    it overlaps (the sentences linking embeds; the store holds their vectors)."""
    rows = np.zeros((len(statements), 0), dtype=np.float32)
    by_article: dict[int, list[int]] = {}
    for k, statement in enumerate(statements):
        by_article.setdefault(statement.article, []).append(k)
    for article_index, members in by_article.items():
        article = articles[article_index]
        side = side_of(article.text)
        texts = sentences_to_embed(article)
        found = vectors(texts)
        if rows.shape[1] == 0:
            rows = np.zeros((len(statements), found.shape[1]), dtype=np.float32)
        spans = side.spans if side.sentences else [(0, len(article.text))]
        starts = np.array([s for s, _ in spans])
        ends = np.array([e for _, e in spans])
        for k in members:
            statement = statements[k]
            overlap = np.minimum(ends, statement.end) - np.maximum(starts, statement.start)
            weights = np.clip(overlap, 0, None).astype(np.float32)
            if not weights.any():
                continue
            mean = weights @ found
            rows[k] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return rows


def _matches(
    statements: Sequence[_Statement], rows: np.ndarray, params: StatementParams
) -> list[tuple[float, int, int]]:
    """(score, i, j) for every pair of statements of different articles that match."""
    found: list[tuple[float, int, int]] = []
    owner = np.array([s.article for s in statements])
    n = len(statements)
    for first in range(0, n, params.block_rows):
        block = rows[first : first + params.block_rows] @ rows.T
        rows_i, cols = np.nonzero(block >= params.cosine_floor)
        for r, j in zip(rows_i.tolist(), cols.tolist(), strict=True):
            i = first + r
            if j <= i or owner[i] == owner[j]:
                continue
            cosine = float(block[r, j])
            a, b = statements[i], statements[j]
            if cosine < params.cosine_alone and not _shares_words(a.words, b.words, params):
                continue
            if agree(a, b):
                found.append((cosine, i, j))
    found.sort(key=lambda t: (-t[0], t[1], t[2]))
    return found


def _merge(
    statements: Sequence[_Statement],
    matches: Sequence[tuple[float, int, int]],
    params: StatementParams,
    apart: Mapping[int, set[int]],
) -> list[list[int]]:
    """Groups of statements (one per article at most), average linkage over matches;
    statements kept `apart` never share a group."""
    matched = {(i, j) for _, i, j in matches}
    group_of = list(range(len(statements)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    articles: dict[int, set[int]] = {i: {statements[i].article} for i in range(len(statements))}
    for _, i, j in matches:
        gi, gj = group_of[i], group_of[j]
        if gi == gj or articles[gi] & articles[gj]:
            continue
        if any(apart.get(a, set()).intersection(members[gj]) for a in members[gi]):
            continue
        cross = len(members[gi]) * len(members[gj])
        if cross > 1:
            linked = sum(
                1 for a in members[gi] for b in members[gj] if (min(a, b), max(a, b)) in matched
            )
            if linked < params.link_share * cross:
                continue
        keep, gone = (gi, gj) if len(members[gi]) >= len(members[gj]) else (gj, gi)
        for k in members[gone]:
            group_of[k] = keep
        members[keep].extend(members.pop(gone))
        articles[keep] |= articles.pop(gone)
    return [sorted(m) for m in members.values() if len(m) > 1]


def _attach_to_lead(
    groups: list[list[int]],
    statements: Sequence[_Statement],
    rows: np.ndarray,
    params: StatementParams,
    apart: Mapping[int, set[int]],
) -> list[list[int]]:
    """The story's lead claim (the group most articles state) takes, from each article
    that does not state it yet, the one sentence closest to it, when that sentence is
    close enough on average, shares most of its words with a member and agrees with
    them all. Every report of an event states the event itself, often in words of its
    own ("calling its negotiators home from Doha"); for any other claim that prior
    does not hold, and the ordinary bar stands."""
    if not groups:
        return groups
    lead = max(groups, key=lambda g: (len(g), -min(g)))
    if len(lead) < params.lead_min_articles:
        return groups
    grouped = {k for g in groups for k in g}
    present = {statements[k].article for k in lead}
    best: dict[int, tuple[float, int]] = {}
    centre = rows[lead].mean(axis=0)
    closeness = rows @ centre / max(float(np.linalg.norm(centre)), 1e-12)
    for k, statement in enumerate(statements):
        if k in grouped or statement.article in present or apart.get(k, set()) & set(lead):
            continue
        score = float(closeness[k])
        if score < params.lead_cosine or score <= best.get(statement.article, (-1.0, -1))[0]:
            continue
        if not all(agree(statement, statements[m]) for m in lead):
            continue
        if any(_shares_words(statement.words, statements[m].words, params,
                             params.lead_contained_words) for m in lead):  # fmt: skip
            best[statement.article] = (score, k)
    lead.extend(k for _, k in best.values())
    lead.sort()
    return groups


def _claim_id(text: str) -> str:
    digest = hashlib.sha1(" ".join(text.lower().split()).encode(), usedforsecurity=False)
    return "C" + digest.hexdigest()[:10]


def group_statements(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None],
    claims: Mapping[str, ArticleClaims | None],
    groups: Sequence[Collection[str]],
    vectors: VectorsFn,
    *,
    derived: Collection[str] = (),
    changed: Collection[tuple[Citation, Citation]] = (),
    params: StatementParams = DEFAULT,
) -> StatedClaims:
    """The story's claim groups.

    `articles` in story order (sources before their rewrites); `groups` the independent
    sources (derivation groups with one outlet's reports collapsed; an article in none
    is its own); `vectors` gives unit sentence vectors for texts (the story stage's
    embedding cache, backed by the store); `derived` the ids of articles that are
    rewrites or copies of another (their wording is shown only when no original's is);
    `changed` pairs of sentences (source, derived) where a derivation changed what the
    source says (the discrepancies): the two never support each other.
    """
    statements: list[_Statement] = []
    for article_index, article in enumerate(articles):
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        for index in range(len(analysis.sentences)):
            found = _statement(article_index, index, article, analysis, claims.get(article.id),
                               params)  # fmt: skip
            if found is not None:
                statements.append(found)
    if len({s.article for s in statements}) < 2:
        return StatedClaims((), {})
    rows = _statement_vectors(articles, statements, vectors)
    apart = _apart(articles, statements, changed)
    matches = [m for m in _matches(statements, rows, params) if m[2] not in apart.get(m[1], ())]
    source_of = _source_index(articles, groups)
    derived_set = set(derived)
    made: list[tuple[StoryClaim, list[int]]] = []
    merged = _merge(statements, matches, params, apart)
    for members in _attach_to_lead(merged, statements, rows, params, apart):
        made.append((_story_claim(articles, statements, rows, members, source_of, derived_set),
                     members))  # fmt: skip
    first = {id(claim): min(members) for claim, members in made}
    made.sort(key=lambda cm: (-cm[0].support, -len(cm[0].citations), first[id(cm[0])]))
    claim_of: dict[tuple[str, int], int] = {}
    for number, (_, members) in enumerate(made):
        for k in members:
            statement = statements[k]
            claim_of[(articles[statement.article].id, statement.index)] = number
    return StatedClaims(tuple(claim for claim, _ in made), claim_of)


def _apart(
    articles: Sequence[Article],
    statements: Sequence[_Statement],
    changed: Collection[tuple[Citation, Citation]],
) -> dict[int, set[int]]:
    """The statements each statement must not be grouped with: the (source, derived)
    sentence pairs in which a derivation changed what its source says."""
    position = {a.id: i for i, a in enumerate(articles)}
    by_article: dict[int, list[int]] = {}
    for k, statement in enumerate(statements):
        by_article.setdefault(statement.article, []).append(k)

    def at(citation: Citation) -> int | None:
        for k in by_article.get(position.get(citation.article_id, -1), ()):
            if statements[k].start <= citation.start < statements[k].end or (
                    citation.start <= statements[k].start < citation.end):  # fmt: skip
                return k
        return None

    apart: dict[int, set[int]] = {}
    for source, derived in changed:
        a, b = at(source), at(derived)
        if a is not None and b is not None:
            apart.setdefault(a, set()).add(b)
            apart.setdefault(b, set()).add(a)
    return apart


def _source_index(articles: Sequence[Article], groups: Sequence[Collection[str]]
                  ) -> dict[str, int]:  # fmt: skip
    source_of: dict[str, int] = {}
    for number, group in enumerate(groups):
        for article_id in group:
            source_of.setdefault(article_id, number)
    for article in articles:
        source_of.setdefault(article.id, len(source_of) + len(groups))
    return source_of


def _story_claim(
    articles: Sequence[Article],
    statements: Sequence[_Statement],
    rows: np.ndarray,
    members: list[int],
    source_of: Mapping[str, int],
    derived: set[str],
) -> StoryClaim:
    vectors = rows[members]
    centrality = (vectors @ vectors.T).sum(axis=1)

    def wording_rank(position: int) -> tuple[bool, bool, float, int]:
        statement = statements[members[position]]
        article = articles[statement.article]
        text = article.text[statement.start : statement.end]
        return (leans_on_context(text), article.id in derived, -float(centrality[position]),
                members[position])  # fmt: skip

    order = sorted(range(len(members)), key=wording_rank)
    shown = statements[members[order[0]]]
    ordered = [statements[members[p]] for p in order]
    citations = tuple(Citation(articles[s.article].id, s.start, s.end) for s in ordered)
    by_source: dict[int, list[str]] = {}
    for k in members:  # in story order
        article_id = articles[statements[k].article].id
        by_source.setdefault(source_of[article_id], []).append(article_id)
    text = articles[shown.article].text[shown.start : shown.end]
    return StoryClaim(
        id=_claim_id(text),
        text=text,
        citations=citations,
        sources=tuple(tuple(ids) for ids in by_source.values()),
        support=len(by_source),
    )
