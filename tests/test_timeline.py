"""The timeline: one row per dated event, merged across its reports, cited."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

import brief_fixtures as dam
import timeline_fixtures as port
from deadline import deadline

from storydesk.model import Article, Citation, DateMention, Provenance, StoryClaim, TimelineEntry
from storydesk.write.brief_params import BriefParams
from storydesk.write.timeline import build_timeline

# --- The dam story (brief_fixtures): no claims given -------------------------------


def _dam(order: str = "abcd", **kwargs: object) -> list[TimelineEntry]:
    articles = dam.make_articles(order)
    return build_timeline(articles, dam.analyse(articles), **kwargs)  # type: ignore[arg-type]


def _cites_exact_spans(entries: list[TimelineEntry], texts: dict[str, str]) -> None:
    for entry in entries:
        first = entry.citations[0]
        assert texts[first.article_id][first.start : first.end] == entry.text
        for cite in entry.citations:
            assert 0 <= cite.start < cite.end <= len(texts[cite.article_id])


def test_entries_are_in_date_order_and_cite_exact_spans() -> None:
    entries = _dam()
    assert entries
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    _cites_exact_spans(entries, {a.id: a.text for a in dam.make_articles()})


def test_relative_and_absolute_dates_are_resolved() -> None:
    events = {(e.date, e.date_end, e.granularity): e for e in _dam()}
    # "built in 1962 and last inspected in March 2021": one sentence, one row, dated by
    # its first event date (a row per date would show the sentence twice).
    built = events[("1962-01-01", "1962-12-31", "year")]
    assert built.background  # decades before the story
    assert not any(e.date.startswith("2021") for e in events.values())
    tuesday = events[("2024-03-05", "2024-03-05", "day")]  # "on Tuesday", D of 5 March
    assert "sandbags" in tuesday.text and not tuesday.background


def test_near_identical_sentences_are_one_row_without_claims() -> None:
    entries = [e for e in _dam() if "state of emergency" in e.text]
    assert len(entries) == 1  # A and C verbatim, D near-identical: all "Monday" = 4 March
    (entry,) = entries
    assert entry.date == "2024-03-04"
    assert [c.article_id for c in entry.citations] == ["a", "c", "d"]
    assert entry.claim_id is None


def test_near_identical_sentences_with_other_figures_stay_apart() -> None:
    changed = replace(
        dam.make_articles("c")[0],
        id="x",
        text=dam.TEXTS["c"][2].replace("for Linn County", "for 2 counties"),
    )
    original = replace(dam.make_articles("c")[0], text=dam.TEXTS["c"][2].replace(
        "for Linn County", "for 3 counties"))  # fmt: skip
    articles = [original, changed]
    entries = [e for e in build_timeline(articles, dam.analyse(articles)) if "emergency" in e.text]
    assert len(entries) == 2  # "2 counties" is not support for "3 counties"


def test_a_period_start_is_not_an_event() -> None:
    assert not any("Red Cross" in e.text for e in _dam())  # "since Monday night"


def test_undated_article_places_only_absolute_dates() -> None:
    articles = [replace(a, published=None) for a in dam.make_articles("a")]
    entries = build_timeline(articles, dam.analyse(articles))
    assert {e.date[:4] for e in entries} == {"1962"}
    assert all(e.kind == "event" and not e.background for e in entries)  # no window


def test_given_date_mentions_are_used_instead_of_finding_them() -> None:
    articles = dam.make_articles("a")
    text = articles[0].text
    start = text.index("early Monday") + len("early ")
    given = {
        "a": [DateMention(start, start + 6, "Monday", "2024-02-26", "2024-02-26", "day", True)]
    }
    events = [e for e in build_timeline(articles, dam.analyse(articles), given)]
    assert [(e.date, e.citations[0].article_id) for e in events] == [("2024-02-26", "a")]


def test_empty_story_has_no_timeline() -> None:
    assert build_timeline([], {}) == []


def test_without_analyses_lines_are_the_units() -> None:
    articles = dam.make_articles("ad")
    entries = build_timeline(articles, {})
    assert any(e.kind == "event" and e.date == "2024-03-05" for e in entries)
    _cites_exact_spans(entries, {a.id: a.text for a in articles})


def test_thresholds_come_from_the_params() -> None:
    assert _dam()
    # A dated sentence needs `min_event_words` words to word an event.
    assert _dam(params=BriefParams(min_event_words=1000)) == []


# --- The port story (timeline_fixtures): claims and independent groups --------------


def _port(**kwargs: object) -> list[TimelineEntry]:
    articles = port.make_articles()
    return build_timeline(
        articles, port.analyse(articles), claims=port.CLAIMS, groups=port.GROUPS, **kwargs
    )  # type: ignore[arg-type]


def _row(entries: list[TimelineEntry], claim_id: str) -> TimelineEntry:
    (row,) = [e for e in entries if e.claim_id == claim_id]
    return row


def test_one_event_told_by_three_outlets_is_one_row() -> None:
    entries = _port()
    closure = _row(entries, "closure")
    assert (closure.date, closure.date_end, closure.kind) == ("2024-06-07", "2024-06-07", "event")
    assert closure.sources == 3  # N and its rewrite R count once
    assert [c.article_id for c in closure.citations] == ["n", "s", "e", "r"]
    assert closure.text.startswith("The Karsby harbour authority closed")  # dateline cut
    # No member of the claim makes a row of its own.
    cited = [(c.article_id, c.start) for e in entries for c in e.citations]
    assert len(cited) == len(set(cited))


def test_claim_members_agreeing_on_the_date_make_one_row() -> None:
    salvage = _row(_port(), "salvage")
    assert (salvage.date, salvage.granularity) == ("2024-06-08", "day")
    assert salvage.citations == tuple(port.CLAIMS[1].citations)
    assert salvage.sources == 2


def test_disagreeing_members_date_the_row_as_most_sources_do() -> None:
    crew = _row(_port(), "crew")
    assert crew.date == "2024-06-07"  # Friday (N, S) beats E's Saturday
    assert crew.text.startswith("All 14 crew members")  # still worded by its best member
    assert len(crew.citations) == 3 and crew.sources == 3


def test_a_date_merely_mentioned_is_not_a_row() -> None:
    texts = [e.text for e in _port()]
    assert not any("Ilse Varro" in t for t in texts)  # "since the port reopened in March 2020"
    assert not any("where a similar grounding" in t for t in texts)  # relative clause
    assert not any("before Friday's grounding" in t for t in texts)  # a bound, not a date


def test_pronoun_subjects_never_word_a_row() -> None:
    entries = _port()
    assert not any(e.text.startswith(("Many of them", "They said", "He said")) for e in entries)
    assert not [e for e in entries if e.claim_id == "ferries"]  # no member names anyone
    stranded = _row(entries, "stranded")  # "Many of them" is best worded, W names them
    assert stranded.text.startswith("Ferry passengers were stranded")
    assert [c.article_id for c in stranded.citations] == ["w", "s"]
    assert stranded.date == "2024-06-07"


def test_events_before_the_window_are_background() -> None:
    entries = _port()
    history = _row(entries, "history")
    assert (history.date, history.granularity, history.background) == ("2019-05-01", "month", True)
    assert history.sources == 1  # a rewrite's copy adds no source
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert [e for e in entries if not e.background]
    assert all(not e.background for e in entries if e.date >= "2024-06-01")


def test_a_two_day_visit_is_one_row_spanning_both() -> None:
    (visit,) = [e for e in _port() if "Inspectors" in e.text]
    assert (visit.date, visit.date_end, visit.granularity) == ("2024-06-06", "2024-06-07", "day")
    assert not visit.background  # two days before the first report: in the window


def test_a_lead_told_by_one_source_is_no_published_row() -> None:
    # Every Saturday lead is in the dated "closure" claim; W's undated Sunday lead is
    # one outlet's opening, not news several outlets lead with.
    assert [e for e in _port() if e.kind == "published"] == []


def _lead(article_id: str, hour: int, text: str) -> Article:
    return Article(
        id=article_id,
        text=text,
        provenance=Provenance(f"fixture:{article_id}", "text"),
        outlet=article_id.upper(),
        published=datetime(2024, 6, 9, hour, 0, tzinfo=UTC),
    )


def _whole(article: Article) -> Citation:
    return Citation(article.id, 0, len(article.text))


def test_one_published_row_per_day_the_best_supported_lead() -> None:
    council = [
        _lead("u", 7, "The town council of Karsby met in an emergency session about the harbour."),
        _lead("t", 7, "Karsby's town council held an emergency session on the harbour closure."),
    ]
    fishing = [
        _lead("v", 12, "Tellmouth fishing crews want compensation for a lost week of work at sea."),
        _lead("x", 13, "Fishermen of Tellmouth asked for compensation for a week lost at sea."),
    ]
    articles = [*port.make_articles(), *council, *fishing]
    claims = [
        *port.CLAIMS,
        StoryClaim("council", council[0].text, tuple(map(_whole, council)), (("u",), ("t",)), 2),
        StoryClaim(
            "fishing",
            port.TEXTS["w"][2].split("\n")[0],
            (port.cite("w", "Fishing crews"), *map(_whole, fishing)),
            (("w",), ("v",), ("x",)),
            3,
        ),
    ]
    entries = build_timeline(articles, port.analyse(articles), claims=claims, groups=port.GROUPS)
    published = [e for e in entries if e.kind == "published"]
    # The council met first that Sunday, but the fishing crews' demand has three sources.
    assert [(e.date, e.claim_id, e.sources) for e in published] == [("2024-06-09", "fishing", 3)]
    assert published[0].text.startswith("Fishing crews")
    assert not published[0].background


def test_rows_cite_exact_spans() -> None:
    _cites_exact_spans(_port(), {a.id: a.text for a in port.make_articles()})


def test_old_callers_get_rows_without_claims() -> None:
    articles = port.make_articles()
    entries = build_timeline(articles, port.analyse(articles))
    assert all(e.claim_id is None for e in entries)
    assert not any(e.text.startswith(("Many of them", "They said")) for e in entries)
    closure = [e for e in entries if "Tellmouth" in e.text and e.date == "2024-06-07"]
    assert len(closure) >= 2  # different words: only claims can tell they are one event


def test_a_story_of_thousands_of_dated_sentences_stays_linear() -> None:
    line = "Crews in district {i} cleared debris number {i} from the quay road on Friday.\n"
    articles = [
        Article(
            id=f"big{k}",
            text="".join(line.format(i=k * 1000 + i) for i in range(1000)),
            provenance=Provenance(f"fixture:big{k}", "text"),
            published=datetime(2024, 6, 8, tzinfo=UTC),
        )
        for k in range(2)
    ]
    analyses = port.analyse(articles)
    started = time.perf_counter()
    with deadline(60):
        entries = build_timeline(articles, analyses)
    assert len(entries) == 2000  # every figure differs: nothing merges
    assert time.perf_counter() - started < 30



def test_a_lead_claim_every_member_of_which_a_rewrite_changed_is_left_out() -> None:
    # The council claim is the lead of both its articles; a rewrite changed both
    # sentences, so its unit goes, and the "published" rows must not look it up (a
    # KeyError in the story stage before, on a generated corpus).
    council = [
        _lead("u", 7, "The town council of Karsby met in an emergency session about the harbour."),
        _lead("t", 7, "Karsby's town council held an emergency session on the harbour closure."),
    ]
    articles = [*port.make_articles(), *council]
    claims = [
        *port.CLAIMS,
        StoryClaim("council", council[0].text, tuple(map(_whole, council)), (("u",), ("t",)), 2),
    ]
    entries = build_timeline(articles, port.analyse(articles), claims=claims,
                             groups=port.GROUPS, changed=tuple(map(_whole, council)))  # fmt: skip
    assert entries and all(e.claim_id != "council" for e in entries)
