"""The timeline: publication and dated events, resolved, merged and cited."""

from __future__ import annotations

from dataclasses import replace

from brief_fixtures import analyse, make_articles

from storydesk.model import DateMention, TimelineEntry
from storydesk.write.brief_params import BriefParams
from storydesk.write.timeline import build_timeline


def _timeline(order: str = "abcd", **kwargs: object) -> list[TimelineEntry]:
    articles = make_articles(order)
    return build_timeline(articles, analyse(articles), **kwargs)  # type: ignore[arg-type]


def test_entries_are_in_date_order_and_cite_exact_spans() -> None:
    entries = _timeline()
    texts = {a.id: a.text for a in make_articles()}
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    for entry in entries:
        first = entry.citations[0]
        assert texts[first.article_id][first.start : first.end] == entry.text
        for cite in entry.citations:
            assert 0 <= cite.start < cite.end <= len(texts[cite.article_id])


def test_relative_and_absolute_dates_are_resolved() -> None:
    events = {(e.date, e.date_end, e.granularity): e for e in _timeline() if e.kind == "event"}
    assert ("1962-01-01", "1962-12-31", "year") in events  # "built in 1962"
    assert ("2021-03-01", "2021-03-31", "month") in events  # "in March 2021"
    tuesday = events[("2024-03-05", "2024-03-05", "day")]  # "on Tuesday", D of 5 March
    assert "sandbags" in tuesday.text


def test_one_event_reported_by_several_articles_is_one_entry() -> None:
    entries = [e for e in _timeline() if "state of emergency" in e.text]
    assert len(entries) == 1  # A and C verbatim, D near-identical: all "Monday" = 4 March
    (entry,) = entries
    assert entry.date == "2024-03-04"
    assert [c.article_id for c in entry.citations] == ["a", "c", "d"]


def test_each_article_is_published_once_with_its_lead() -> None:
    published = [e for e in _timeline() if e.kind == "published"]
    cited = [c.article_id for e in published for c in e.citations]
    assert sorted(cited) == ["a", "b", "c", "d"]
    lead_a = next(e for e in published if e.citations[0].article_id == "a")
    assert lead_a.text.startswith("The Millbrook dam failed")  # dateline left out
    assert lead_a.date == "2024-03-04"


def test_a_period_start_is_not_an_event() -> None:
    assert not any("Red Cross" in e.text for e in _timeline())  # "since Monday night"


def test_undated_article_places_only_absolute_dates() -> None:
    articles = [replace(a, published=None) for a in make_articles("a")]
    entries = build_timeline(articles, analyse(articles))
    assert {e.date[:4] for e in entries} == {"1962", "2021"}
    assert all(e.kind == "event" for e in entries)


def test_given_date_mentions_are_used_instead_of_finding_them() -> None:
    articles = make_articles("a")
    text = articles[0].text
    start = text.index("early Monday") + len("early ")
    given = {
        "a": [DateMention(start, start + 6, "Monday", "2024-02-26", "2024-02-26", "day", True)]
    }
    events = [e for e in build_timeline(articles, analyse(articles), given) if e.kind == "event"]
    assert [(e.date, e.citations[0].article_id) for e in events] == [("2024-02-26", "a")]


def test_empty_story_has_no_timeline() -> None:
    assert build_timeline([], {}) == []


def test_without_analyses_lines_are_the_units() -> None:
    articles = make_articles("ad")
    entries = build_timeline(articles, {})
    texts = {a.id: a.text for a in articles}
    assert any(e.kind == "event" and e.date == "2024-03-05" for e in entries)
    for entry in entries:
        first = entry.citations[0]
        assert texts[first.article_id][first.start : first.end] == entry.text


def test_thresholds_come_from_the_params() -> None:
    events = [e for e in _timeline() if e.kind == "event"]
    assert events
    # A dated sentence needs `min_event_words` words to be an event.
    strict = _timeline(params=BriefParams(min_event_words=1000))
    assert strict and all(e.kind == "published" for e in strict)
