"""Hostile input to per-article analysis, claim extraction and the per-story steps.

Each test is a fault a user hit: an exception escaping an extractor (which, before
per-article isolation, wedged every later run) or work that grew without bound. The
texts are fictional and generated here, never stored as big files.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from deadline import deadline

from storydesk.analyze import annotate
from storydesk.analyze.budget import AnalysisBudget, BudgetExceeded, ClaimsBudget
from storydesk.analyze.claims import extract_claims
from storydesk.analyze.dates import find_dates
from storydesk.analyze.quote_groups import group_quotes
from storydesk.link.text import sentence_spans
from storydesk.model import (
    Analysis,
    Article,
    Mention,
    NumericClaim,
    Provenance,
    Sentence,
    StageFailure,
)
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.facts import reconcile_story
from storydesk.reconcile.ranges import describe, plausible_range, precision
from storydesk.write.brief import write_brief
from storydesk.write.timeline import build_timeline


def _article(text: str, published: datetime | None = None, key: str = "a1") -> Article:
    return Article(id=key, text=text, provenance=Provenance(key, "text"), published=published)


def _analysis_by_hand(article: Article, labels: dict[str, str] | None = None) -> Analysis:
    """Sentences at full stops and line breaks, and each (name -> label) at every
    occurrence: an Analysis without loading spaCy."""
    text = article.text
    sentences = [
        Sentence(m.start(), m.end())
        for m in re.finditer(r"[^\n.!?]+[.!?]?", text)
        if m.group().strip()
    ]
    mentions = [
        Mention(m.start(), m.end(), m.group(), label)
        for name, label in (labels or {}).items()
        for m in re.finditer(re.escape(name), text)
    ]
    mentions.sort(key=lambda m: (m.start, m.end))
    return Analysis(article.id, tuple(sentences), tuple(mentions), "by-hand")


# --- 1. date arithmetic at the ends of the calendar ---------------------------------

RELATIVE = (
    "The talks ended on Tuesday and resume next Friday. Yesterday the envoy left; "
    "tomorrow she returns. Last month and next month, last year and next year, this "
    "week and next week, three days ago, two weeks ago, 999 years ago and 12 months "
    "ago the harbour of Quellmouth was busy. In December, early January and by March "
    "the ferries ran; since May 3 and on Oct. 7 they did not."
)


@pytest.mark.parametrize(
    "published",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1, 1, 7, tzinfo=UTC),
        date(1, 2, 28),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        date(9999, 12, 25),
        date(500, 6, 1),
    ],
)
def test_relative_dates_at_the_ends_of_the_calendar_do_not_raise(published: date) -> None:
    mentions = find_dates(RELATIVE, published)
    assert len(mentions) >= 15
    for mention in mentions:
        assert RELATIVE[mention.start : mention.end] == mention.text
        if mention.value is not None:
            assert date.fromisoformat(mention.value) <= date.fromisoformat(mention.value_end or "")
    # What can be resolved still is.
    values = {m.text: m.value for m in mentions}
    if published.year == 9999 and published.month == 12 and published.day == 25:
        assert values["Yesterday"] == "9999-12-24"


def test_an_article_dated_year_one_gets_its_claims() -> None:
    article = _article(
        "Ferries to Quellmouth stopped on Tuesday, the port said. About 40 crossings "
        "were cancelled last week.",
        datetime(1, 1, 1, tzinfo=UTC),
    )
    claims = extract_claims(article, _analysis_by_hand(article))
    assert [n.value for n in claims.numbers] == [40]
    tuesday = next(d for d in claims.dates if d.text == "Tuesday")
    assert tuesday.value is None  # the Tuesday before 1 Jan 0001 is not in the calendar


# --- 2. numbers too large for a float ------------------------------------------------

HUGE = "7" * 10_000


@pytest.mark.parametrize(
    "text",
    [
        f"The ministry of Brell counted {HUGE} ballots in the vote.",
        f"More than {'9' * 400} residents of Brell were evacuated, officials said.",
        f"About {'1' * 320}.5 million people live in Brell, the census said.",
        "Some one " + " ".join(["hundred"] * 200) + " sheep grazed near Brell.",
        f"Between {'3' * 330} and {'4' * 330} boats left Brell on Friday.",
    ],
)
def test_huge_numbers_do_not_raise_anywhere_in_a_story(text: str) -> None:
    first = _article(text, datetime(2026, 5, 1, tzinfo=UTC), "a1")
    second = _article(text.replace("Brell", "Brell Bay"), datetime(2026, 5, 2, tzinfo=UTC), "a2")
    claims = {a.id: extract_claims(a, _analysis_by_hand(a)) for a in (first, second)}
    for found in claims.values():
        for number in found.numbers:
            assert abs(number.value) < float("inf")
    facts = reconcile_story([first, second], claims)
    for fact in facts.facts:
        describe(fact.value_low, fact.value_high)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 1e308, 10.0**300])
def test_ranges_of_unbounded_values_do_not_raise(value: float) -> None:
    precision(value)
    claim = NumericClaim(0, 3, "big", value, value, value, "exact", "ballots", None, None)
    for hedge in ("exact", "more_than", "at_most", "about", "range"):
        low, high = plausible_range(NumericClaim(**{**_fields(claim), "hedge": hedge}))
        describe(low, high)
    describe(value, None)
    describe(None, value)


def _fields(claim: NumericClaim) -> dict[str, object]:
    return {name: getattr(claim, name) for name in claim.__slots__}  # type: ignore[attr-defined]


# --- 3. an entity known only by its title --------------------------------------------


def test_an_entity_cluster_with_only_title_mentions() -> None:
    """A name spaCy tags PERSON in one report and ORG in another joins the person of a
    close spelling; the title it carried ("Prime Minister") must not leave behind a
    cluster of title mentions without a name."""
    entities = canonical_entities(
        _vargha_reports(
            "Ilse Varga visited the harbour. Later the Prime Minister said the fleet would "
            "grow. The crews cheered the Prime Minister."
        )
    )
    for entity in entities:
        assert entity.name and entity.id
    varga = next(e for e in entities if "Ilse Varga" in (e.name, *e.variants))
    titles = [m.text for m in varga.mentions if "Prime Minister" in m.text]
    assert "the Prime Minister" in titles
    assert "Prime Minister" in varga.roles


def test_an_office_of_a_title_holder_known_only_by_title() -> None:
    entities = canonical_entities(
        _vargha_reports(
            "Ilse Varga visited the harbour. The Prime Minister's office said the fleet "
            "would grow."
        )
    )
    assert all(e.name for e in entities)


def _vargha_reports(third_text: str) -> list[tuple[Any, Any, None]]:
    """A title holder spaCy tags PERSON in one report and ORG in another, and a third
    report (with a close spelling) given as `third_text`."""
    first = _article("Prime Minister Ilse Vargha spoke in Corran on Monday.", key="a1")
    second = _article("Ilse Vargha announced a ferry subsidy for Corran.", key="a2")
    third = _article(third_text, key="a3")
    return [
        (first, _analysis_by_hand(first, {"Ilse Vargha": "PERSON", "Corran": "GPE"}), None),
        (second, _analysis_by_hand(second, {"Ilse Vargha": "ORG", "Corran": "GPE"}), None),
        (third, _analysis_by_hand(third, {"Ilse Varga": "PERSON"}), None),
    ]


# --- 4. bounded work: the per-article budget -----------------------------------------


class _FakeDoc:
    """What `annotate` reads of a spaCy Doc: sentences, entities and its length."""

    def __init__(self, text: str) -> None:
        self.sents = [_FakeSpan(m.start(), m.end()) for m in re.finditer(r"[^.\n]+\.?", text)]
        self.ents: list[_FakeSpan] = []
        self.length = len(text.split())

    def __len__(self) -> int:
        return self.length


class _FakeSpan:
    def __init__(self, start: int, end: int) -> None:
        self.start_char, self.end_char = start, end


class _FakeNlp:
    """A stand-in for the spaCy pipeline: fast, and poisonable."""

    def __init__(self, poison: str = "", sleep: float = 0.0) -> None:
        self.poison, self.sleep, self.calls = poison, sleep, 0

    def pipe(self, texts: Iterator[str], batch_size: int = 32) -> Iterator[_FakeDoc]:
        texts = list(texts)
        self.calls += len(texts)
        time.sleep(self.sleep * len(texts))
        if self.poison and any(self.poison in t for t in texts):
            raise RuntimeError("the model choked on a poisoned chunk")
        return iter([_FakeDoc(t) for t in texts])


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> _FakeNlp:
    nlp = _FakeNlp(poison="Zzyzx-poison")
    monkeypatch.setattr(annotate, "load_nlp", lambda: nlp)
    return nlp


def _hostile_texts() -> dict[str, str]:
    return {
        "lines": "a\n" * 2_000_000,
        "sentences": " ".join(f"The council of Varn met {i} times." for i in range(100_000)),
        "short_lines": "A.\n" * 6_000,
        "tokens": "a," * 40_000,
    }


def test_articles_over_the_budget_fail_before_analysis_with_a_reason(fake_nlp: _FakeNlp) -> None:
    texts = _hostile_texts()
    articles = [_article("The ferry to Corran sailed on time.", key="good")]
    articles += [_article(text, key=name) for name, text in texts.items()]
    with deadline(20):
        results = list(annotate.analyze_articles(articles, processes=1))
    assert [r.article_id if isinstance(r, Analysis) else r.item_id for r in results] == [
        a.id for a in articles
    ]
    assert isinstance(results[0], Analysis)
    reasons = {r.item_id: r.reason for r in results[1:] if isinstance(r, StageFailure)}
    assert reasons == {
        "lines": "over the analysis budget: 4,000,000 characters (limit 200,000)",
        "sentences": "over the analysis budget: 3,688,889 characters (limit 200,000)",
        "short_lines": "over the analysis budget: 6,000 sentences (limit 5,000)",
        "tokens": "over the analysis budget: 79,840 tokens (limit 40,000)",
    }
    assert all(r.stage == "analyse" for r in results[1:] if isinstance(r, StageFailure))
    assert fake_nlp.calls == 1  # only the good article reached the model


def test_the_budget_is_a_frozen_dataclass_with_sane_defaults() -> None:
    budget = AnalysisBudget()
    assert budget.max_chars >= 100_000 and budget.max_sentences >= 2_000
    with pytest.raises(AttributeError):
        budget.max_chars = 1  # type: ignore[misc]
    tight = AnalysisBudget(max_sentences=3)
    assert tight.precheck("One. Two. Three.") is None
    assert tight.precheck("One. Two. Three. Four.") == (
        "over the analysis budget: 4 sentences (limit 3)"
    )
    assert tight.postcheck(4, 10, 0.1) == "over the analysis budget: 4 sentences (limit 3)"
    assert AnalysisBudget(max_seconds=2.0).postcheck(1, 1, 2.54) == (
        "over the analysis budget: 2.5 seconds (limit 2)"
    )


def test_an_article_past_its_seconds_gets_no_more_of_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = _FakeNlp(sleep=0.05)
    monkeypatch.setattr(annotate, "load_nlp", lambda: nlp)
    monkeypatch.setattr(annotate, "PIPE_BATCH", 1)
    long = "\n\n".join(["The harbour of Quellmouth was busy all week. " * 40] * 60)
    articles = [_article(long, key="long"), _article("The ferry sailed.", key="short")]
    results = list(
        annotate.analyze_articles(articles, processes=1, budget=AnalysisBudget(max_seconds=0.2))
    )
    failure, analysis = results
    assert isinstance(failure, StageFailure) and isinstance(analysis, Analysis)
    assert failure.reason.startswith("over the analysis budget: ") and "seconds" in failure.reason
    assert nlp.calls < 20  # the long article has ~90 chunks; most were never run


# --- 5. per-article isolation in analysis and claims ---------------------------------


@pytest.mark.parametrize("processes", [1, 2])
def test_one_poisoned_article_fails_alone(
    fake_nlp: _FakeNlp, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    monkeypatch.setattr(annotate, "MIN_ARTICLES_FOR_POOL", 1)
    articles = [
        _article(f"Ferry {i} left Corran on time. It carried {i} cars.", key=f"a{i}")
        for i in range(12)
    ]
    articles[5] = _article("The Zzyzx-poison ferry sank.", key="a5")
    with deadline(60):
        results = list(annotate.analyze_articles(articles, processes=processes, batch_articles=8))
    assert [getattr(r, "article_id", getattr(r, "item_id", None)) for r in results] == [
        a.id for a in articles
    ]
    failed = [r for r in results if isinstance(r, StageFailure)]
    assert [(f.item_id, f.stage) for f in failed] == [("a5", "analyse")]
    assert failed[0].reason == "RuntimeError: the model choked on a poisoned chunk"
    good = results[0]
    assert isinstance(good, Analysis) and len(good.sentences) == 2


def test_claim_extraction_has_a_budget() -> None:
    article = _article("The ferry to Corran carried 40 cars. It sailed on Tuesday. " * 20)
    analysis = _analysis_by_hand(article)
    with pytest.raises(BudgetExceeded) as raised:
        extract_claims(article, analysis, ClaimsBudget(max_chars=100))
    assert raised.value.reason == "over the claims budget: 1,180 characters (limit 100)"
    with pytest.raises(BudgetExceeded, match="over the claims budget: 40 sentences"):
        extract_claims(article, analysis, ClaimsBudget(max_sentences=10))
    with pytest.raises(BudgetExceeded, match="seconds"):
        extract_claims(article, analysis, ClaimsBudget(max_seconds=-1.0))
    assert issubclass(BudgetExceeded, Exception)
    assert len(extract_claims(article, analysis).numbers) == 20


# --- 4b. the story stage stays linear on long and repetitive articles ----------------


def _story_stage(articles: list[Article]) -> None:
    """What the story stage computes per story (as `pipeline.story_results` does)."""
    analyses = {a.id: _analysis_by_hand(a, {"Ana Roe": "PERSON", "Varn": "GPE"}) for a in articles}
    claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
    groups = [[a.id] for a in articles]
    reconcile_story(articles, claims, (), groups)
    write_brief(articles, analyses, words=150, independent_groups=groups)
    build_timeline(articles, analyses, {k: c.dates for k, c in claims.items()})
    canonical_entities([(a, analyses[a.id], claims[a.id]) for a in articles])
    group_quotes([(k, c.quotes) for k, c in claims.items()])


LOOK_ALIKE = " ".join(f"Ana Roe said {i} boats left Varn on Friday." for i in range(3_000))


def test_an_article_of_thousands_of_look_alike_sentences() -> None:
    # Each sentence used to be compared with every other one (brief, facts,
    # conflicts, timeline, as-of dates): ~80 s for 3,000 sentences.
    article = _article(LOOK_ALIKE, datetime(2026, 5, 4, tzinfo=UTC))
    with deadline(30):
        _story_stage([article])


def test_a_story_of_copies_of_a_long_repetitive_article() -> None:
    copies = [
        Article(id=f"c{k}", text=LOOK_ALIKE[:60_000], provenance=Provenance(f"c{k}", "text"),
                published=datetime(2026, 5, 4, tzinfo=UTC), outlet=f"Outlet {k}")
        for k in range(3)
    ]  # fmt: skip
    with deadline(30):
        _story_stage(copies)


def test_a_story_with_thousands_of_quotations() -> None:
    said = " ".join(f'"The ferry will sail at {i} o\'clock," Ana Roe said.' for i in range(100))
    articles = [_article(said, datetime(2026, 5, 4, tzinfo=UTC), f"q{k}") for k in range(40)]
    quotes = [(a.id, extract_claims(a, _analysis_by_hand(a)).quotes) for a in articles]
    assert sum(len(q) for _, q in quotes) == 4_000
    with deadline(20):
        groups = group_quotes(quotes)
    assert groups  # each sentence is quoted by all 40 articles


def test_a_run_of_initials_is_split_in_linear_time() -> None:
    with deadline(10):
        spans = sentence_spans("A. B. " * 20_000 + "The end.")
    assert spans == [(0, 120_008)]
