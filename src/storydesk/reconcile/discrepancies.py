"""What each derivation changed: the discrepancies copies and rewrites introduce.

Public API
----------
``find_discrepancies(articles, analyses, claims, links, params=DEFAULT)
    -> list[Discrepancy]``
    For every link of kind "duplicate" or "rewrite" between two of `articles`, the
    passages the derived article took from its source (`passages`) are compared word
    by word (`word_changes`): changed numbers and units, dates and weekdays, names,
    negations inserted or dropped, hedges and rate or place qualifiers of a figure
    changed, dropped or added, words changed inside quotations. A kept date whose
    event the rewrite re-worded is checked against the story's other statements of
    that event (`event_dates`). Each difference is one `Discrepancy` introduced by
    the derived article, with the exact words in both (an empty span where words were
    dropped or added) and the two passages.

A sentence dropped whole is no discrepancy (rewrites shorten), nor is a passage
copied verbatim in one place and paraphrased in another. When the link's direction
is "unknown" the pair is still compared; the explanation then says the two versions
differ without saying which changed. Results are ordered by derived article (in the
order of `articles`), then by position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storydesk.model import Analysis, Article, ArticleClaims, Citation, Discrepancy, Link
from storydesk.reconcile.diff_tokens import ArticleText, read_article
from storydesk.reconcile.discrepancy_params import DEFAULT, DiscrepancyParams
from storydesk.reconcile.discrepancy_text import explain, explain_event_date
from storydesk.reconcile.discrepancy_weight import why_not_a_conflict
from storydesk.reconcile.event_dates import DatedClause, dated_clauses, event_date_changes
from storydesk.reconcile.passages import Passage, passages
from storydesk.reconcile.word_changes import Change, word_changes

_DERIVATIONS = ("duplicate", "rewrite")


class _Story:
    """The articles of one story, each read for comparison once, when first needed."""

    def __init__(
        self,
        articles: Sequence[Article],
        analyses: Mapping[str, Analysis | None],
        claims: Mapping[str, ArticleClaims | None],
        links: Sequence[Link],
        params: DiscrepancyParams,
    ) -> None:
        self.articles = {a.id: a for a in articles}
        self.order = {a.id: i for i, a in enumerate(articles)}
        self.analyses = analyses
        self.claims = claims
        self.params = params
        self._texts: dict[str, ArticleText] = {}
        self._clauses: list[DatedClause] | None = None
        self._derived_from: dict[str, list[str]] = {}
        for lk in links:
            if lk.kind in _DERIVATIONS and lk.direction == "known":
                self._derived_from.setdefault(lk.source_id, []).append(lk.derived_id)

    def copies_of(self, article_id: str) -> frozenset[str]:
        """The articles known to derive from `article_id`, directly or through others:
        what they repeat of it is no confirmation of it."""
        seen: set[str] = set()
        todo = [article_id]
        while todo:
            for derived in self._derived_from.get(todo.pop(), ()):
                if derived not in seen:
                    seen.add(derived)
                    todo.append(derived)
        seen.discard(article_id)
        return frozenset(seen)

    def text(self, article_id: str) -> ArticleText:
        if article_id not in self._texts:
            self._texts[article_id] = read_article(
                self.articles[article_id],
                self.analyses.get(article_id),
                self.claims.get(article_id),
            )
        return self._texts[article_id]

    def dated_clauses(self) -> list[DatedClause]:
        if self._clauses is None:
            self._clauses = [
                c for article_id in self.articles
                for c in dated_clauses(self.text(article_id), self.params)
            ]  # fmt: skip
        return self._clauses


def _slice(doc: ArticleText, span: tuple[int, int]) -> str:
    return doc.text[span[0] : span[1]]


def _record(
    story: _Story, source: ArticleText, derived: ArticleText, passage: Passage, change: Change,
    explanation: str, others: tuple[Citation, ...] = (),
) -> Discrepancy:  # fmt: skip
    old, new = _slice(source, change.source), _slice(derived, change.derived)
    held = why_not_a_conflict(change.kind, change.what, old, new, story.articles[source.id],
                              story.articles[derived.id])  # fmt: skip
    return Discrepancy(
        derived_id=derived.id,
        source_id=source.id,
        kind=change.kind,
        source_text=old,
        derived_text=new,
        source_span=Citation(source.id, *change.source),
        derived_span=Citation(derived.id, *change.derived),
        source_sentence=Citation(source.id, *passage.source),
        derived_sentence=Citation(derived.id, *passage.derived),
        explanation=explanation,
        others=others,
        not_a_conflict=held,
    )


def _word_discrepancies(
    link: Link, source: ArticleText, derived: ArticleText, found: list[Passage], story: _Story
) -> list[Discrepancy]:
    known = link.direction == "known"
    out = []
    for passage in found:
        changes = word_changes(source.tokens(*passage.source), derived.tokens(*passage.derived),
                               story.params)  # fmt: skip
        for change in changes:
            old, new = _slice(source, change.source), _slice(derived, change.derived)
            text = explain(change, old, new, kind=link.kind, known=known)
            out.append(_record(story, source, derived, passage, change, text))
    return out


def _event_discrepancies(
    link: Link, source: ArticleText, derived: ArticleText, found: list[Passage], story: _Story
) -> list[Discrepancy]:
    known = link.direction == "known"
    copies = story.copies_of(derived.id)
    out = []
    for passage in found:
        if not any(t.kind == "date" for t in derived.tokens(*passage.derived)):
            continue  # only a passage with a date can move one (the story is read lazily)
        changes = event_date_changes(source, derived, (passage.source, passage.derived),
                                     story.dated_clauses(), copies, story.params)  # fmt: skip
        for item in changes:
            change = item.change
            old, new = _slice(source, change.source), _slice(derived, change.derived)
            text = explain_event_date(
                change, old, new, event=item.event, day=str(item.day),
                other_day=str(item.other_day),
                others=len(item.others), kind=link.kind, known=known,
            )  # fmt: skip
            # The source's own statements first, then the story's in article order.
            others = tuple(
                sorted(
                    item.others,
                    key=lambda c: (c.article_id != source.id, story.order[c.article_id], c.start),
                )
            )
            out.append(_record(story, source, derived, passage, change, text, others))
    return out


def _swapped(found: list[Passage]) -> list[Passage]:
    return [Passage(p.derived, p.source) for p in found]


def find_discrepancies(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None],
    claims: Mapping[str, ArticleClaims | None],
    links: Sequence[Link],
    params: DiscrepancyParams = DEFAULT,
) -> list[Discrepancy]:
    """Every difference each copy or rewrite in `links` introduced into what it took
    from its source (see the module docstring)."""
    story = _Story(articles, analyses, claims, links, params)
    found: dict[tuple[object, ...], Discrepancy] = {}
    for link in links:
        if link.kind not in _DERIVATIONS:
            continue
        if link.source_id not in story.articles or link.derived_id not in story.articles:
            continue
        source, derived = story.text(link.source_id), story.text(link.derived_id)
        pairs = passages(link, source, derived, params)
        results = _word_discrepancies(link, source, derived, pairs, story)
        results += _event_discrepancies(link, source, derived, pairs, story)
        if link.direction == "unknown":
            # Either side may have re-worded the event: the other orientation too.
            results += _event_discrepancies(link, derived, source, _swapped(pairs), story)
        for item in results:
            key = (item.derived_id, item.source_id, item.kind, item.derived_span, item.source_span)
            found.setdefault(key, item)
    return sorted(
        found.values(),
        key=lambda d: (story.order[d.derived_id], d.derived_span.start, d.derived_span.end,
                       d.source_span.start, d.kind),
    )  # fmt: skip
