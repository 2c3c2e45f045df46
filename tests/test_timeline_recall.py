"""The timeline of the recall story (tests/recall_story.py, shaped like the seeds),
with the claims written here as reconciliation groups them: one row per event."""

from __future__ import annotations

from functools import lru_cache

from recall_story import INDEPENDENT_GROUPS, recall_articles, recall_ids

from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.model import Analysis, Article, Citation, DateMention, StoryClaim, TimelineEntry
from storydesk.write.brief_text import trim_dateline
from storydesk.write.timeline import build_timeline


@lru_cache(maxsize=1)
def _story() -> tuple[
    list[Article], dict[str, Analysis], dict[str, tuple[DateMention, ...]], dict[str, str]
]:
    articles = recall_articles()
    analyses = {a.article_id: a for a in analyze_articles(articles)}
    dates = {a.id: extract_claims(a, analyses[a.id]).dates for a in articles}
    return articles, analyses, dates, recall_ids()


def _cite(key: str, words: str) -> Citation:
    """The sentence of article `key` ("A", "R1", ...) holding `words`, as claims cite it."""
    articles, analyses, _, ids = _story()
    article = next(a for a in articles if a.id == ids[key])
    for sentence in analyses[article.id].sentences:
        if words in article.text[sentence.start : sentence.end]:
            start = trim_dateline(article.text, sentence.start, sentence.end)
            return Citation(article.id, start, sentence.end)
    raise AssertionError(f"no sentence of {key} holds {words!r}")


def _claim(claim_id: str, *members: tuple[str, str]) -> StoryClaim:
    articles, _, _, ids = _story()
    citations = tuple(_cite(key, words) for key, words in members)
    text = next(a.text for a in articles if a.id == citations[0].article_id)
    keys = {key for key, _ in members}
    sources = tuple(tuple(ids[k] for k in sorted(g & keys)) for g in INDEPENDENT_GROUPS if g & keys)
    first = citations[0]
    return StoryClaim(claim_id, text[first.start : first.end], citations, sources, len(sources))


def _timeline() -> list[TimelineEntry]:
    articles, analyses, dates, ids = _story()
    claims = [
        _claim(
            "recall",
            ("B", "recalled their team of negotiators"),
            ("A", "recalled his country's negotiators"),
            ("R1", "has withdrawn his negotiators"),
            ("R2", "have recalled their negotiators"),
            ("C", "calling its negotiators home"),
        ),
        _claim("visit", ("A", "Brell was in Veldoria"), ("R1", "Brell, in Veldoria")),
        _claim(
            "strikes",
            ("A", "ramped up again Saturday"),
            ("R1", "As fighting resumed Saturday"),
            ("B", "more than 300 strikes"),
            ("R2", "more than 300 strikes"),
        ),
        _claim(
            "killed",
            ("A", "Some 1,200 Veldorians"),
            ("R1", "Some 1,200 Veldorians"),
            ("C", "1,200 people were killed"),
        ),
    ]
    groups = [[ids[k] for k in sorted(g)] for g in INDEPENDENT_GROUPS]
    return build_timeline(articles, analyses, dates, claims=claims, groups=groups)


def _row(claim_id: str) -> TimelineEntry:
    (row,) = [e for e in _timeline() if e.claim_id == claim_id]
    return row


def test_the_recall_is_one_row_with_three_sources() -> None:
    recall = _row("recall")
    assert (recall.date, recall.kind, recall.sources) == ("2031-05-10", "event", 3)
    assert len(recall.citations) == 5  # dated by C's "On Saturday (May 10)" alone
    assert recall.text.startswith("Veldorian officials recalled")


def test_the_visit_is_one_row_over_two_days_not_a_row_in_march() -> None:
    visit = _row("visit")
    assert (visit.date, visit.date_end, visit.sources) == ("2031-05-08", "2031-05-09", 1)
    assert not [e for e in _timeline() if e.date.startswith("2031-03-01")]  # "in March"


def test_the_strikes_are_dated_saturday_by_their_dated_members() -> None:
    strikes = _row("strikes")
    assert (strikes.date, strikes.sources, len(strikes.citations)) == ("2031-05-10", 2, 4)


def test_the_attack_that_started_the_war_is_background() -> None:
    killed = _row("killed")
    assert (killed.date, killed.background, killed.sources) == ("2031-03-03", True, 2)
    assert all(not e.background for e in _timeline() if e.date >= "2031-05-01")


def test_no_row_speaks_through_a_pronoun_or_repeats_a_sentence() -> None:
    entries = _timeline()
    assert not any(e.text.startswith(("He ", "It ", "They ")) for e in entries)
    cited = [(c.article_id, c.end) for e in entries for c in e.citations]
    assert len(cited) == len(set(cited))
    assert [e.date for e in entries] == sorted(e.date for e in entries)
