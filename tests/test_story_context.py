from __future__ import annotations

from datetime import UTC, datetime

from storydesk.model import Article, Link, Provenance
from storydesk.reconcile.context import sources_first, story_reference_date, with_inferred_dates


def _article(name: str, day: int | None) -> Article:
    published = datetime(2026, 3, day, tzinfo=UTC) if day else None
    return Article.build(f"Report {name}.", Provenance(f"{name}.txt", "text"), published=published)


def test_undated_articles_borrow_the_story_median_date() -> None:
    articles = [_article("a", 11), _article("b", None), _article("c", 12), _article("d", 20)]
    assert story_reference_date(articles) == datetime(2026, 3, 12, tzinfo=UTC)
    dated, inferred = with_inferred_dates(articles)
    assert inferred == [articles[1].id]
    assert dated[1].published == datetime(2026, 3, 12, tzinfo=UTC)
    assert dated[0] is articles[0]


def test_no_dated_article_means_nothing_inferred() -> None:
    articles = [_article("a", None), _article("b", None)]
    assert with_inferred_dates(articles) == (articles, [])


def test_sources_come_before_their_rewrites() -> None:
    rewrite, other, original = _article("r", 11), _article("o", 11), _article("s", None)
    links = [
        Link(original.id, rewrite.id, "rewrite", "known", 0.3, 0.4),
        Link(other.id, rewrite.id, "independent", "unknown", 0.0, 0.0),
    ]
    ordered = sources_first([rewrite, other, original], links)
    assert [a.id for a in ordered] == [other.id, original.id, rewrite.id]


def test_contradictory_directions_do_not_stall() -> None:
    a, b = _article("a", 1), _article("b", 2)
    links = [
        Link(a.id, b.id, "rewrite", "known", 0.5, 0.0),
        Link(b.id, a.id, "rewrite", "known", 0.5, 0.0),
    ]
    assert {x.id for x in sources_first([a, b], links)} == {a.id, b.id}


def test_same_outlet_reports_are_one_source() -> None:
    from dataclasses import replace

    from storydesk.reconcile.context import merge_same_outlet

    a = replace(_article("a", 11), outlet="Harbor Ledger")
    b = replace(_article("b", 12), outlet="Harbor Ledger")
    c = replace(_article("c", 12), outlet="Daily Dispatch")
    d = replace(_article("d", 12), outlet=None)
    e = replace(_article("e", 12), outlet=None)
    groups = merge_same_outlet([[a.id], [c.id], [b.id], [d.id], [e.id]], [a, b, c, d, e])
    assert sorted(map(sorted, groups)) == sorted([sorted([a.id, b.id]), [c.id], [d.id], [e.id]])
