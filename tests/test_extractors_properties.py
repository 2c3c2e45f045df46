"""Properties every extractor keeps on arbitrary text (hypothesis).

For any text (unicode, huge numbers, odd punctuation, unbalanced quotation marks) and
any publication date from 1 Jan 0001 to 31 Dec 9999: no exception escapes, every
span lies inside the text and says what the text says there, and the output is the
same when computed twice. spaCy is not loaded: the Analyses are built by hand from
the text (sentences at stops and line breaks, capitalised runs as entity mentions).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.analyze.budget import AnalysisBudget
from storydesk.analyze.claims import extract_claims
from storydesk.analyze.counted import counted_thing, scope_of
from storydesk.analyze.credits import find_credits
from storydesk.analyze.dates import find_dates
from storydesk.analyze.defuse import defuse
from storydesk.analyze.number_words import MAX_VALUE, NUMBER_RE, parse_number
from storydesk.analyze.numbers import find_numeric_claims
from storydesk.analyze.quote_groups import group_quotes
from storydesk.analyze.quotes import find_quotes
from storydesk.analyze.speakers import find_source
from storydesk.link.text import sentence_spans
from storydesk.model import Analysis, Article, Mention, Provenance, Sentence
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.ranges import compatible, describe, intersect, plausible_range

FAST = settings(max_examples=60, deadline=None)

# Pieces of news prose and of its hostile cousins, glued at random.
FRAGMENTS = [
    " ", " ", " ", "\n", "\n\n", ".", ",", ";", ":", "!", "?", "(", ")", "-", "—", "–", "/",
    '"', "“", "”", "‘", "’", "'", "``", "''", "«", "»", "…", "%", "$", "€", "+",
    "the", "said", "told", "according to", "more than", "at least", "about", "nearly",
    "between", "and", "to", "of", "including", "killed", "people", "boats", "percent",
    "million", "billion", "dozens of", "hundreds of", "two-thirds of", "half", "a dozen",
    "twenty-five", "three", "one", "13,300", "400", "1.2", "0800 555 0142", "45-year-old",
    "7" * 40, "9" * 400, "1" * 320 + ".5", "3,333,333,333,333,333,333",
    "Friday", "next Tuesday", "last month", "yesterday", "three days ago", "999 years ago",
    "Oct. 7", "May 3, 2024", "since March", "in 1999", "2023-12-01", "this week",
    "Ana Roe", "Ms. Roe", "Varn", "the Prime Minister", "the Prime Minister's office",
    "Harbour Authority", "(AP) —", "Reuters reported", "By Ines Valbuena, Corran Post",
    "http://example.org/a_b", "İ", "ß", "é", "e\u0301", "🙂", "\u200b", "\t",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=80).map(
        "".join
    ),
    st.text(max_size=300),
)
# The ends of the calendar half of the time: date arithmetic breaks there.
published = st.one_of(
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(1, 1, 7), date(9999, 12, 25)]),
    st.one_of(st.none(), st.dates(), st.datetimes(timezones=st.just(UTC))),
)
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:[ ][A-Z][\w'’.-]*)*")
_LABELS = ("PERSON", "ORG", "GPE", "NORP", "PERSON", "DATE")


def analysis_of(article: Article) -> Analysis:
    text = article.text
    sentences = [
        Sentence(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+[.!?]?", text) if m.group()
    ]
    mentions = [
        Mention(m.start(), m.end(), m.group(), _LABELS[i % len(_LABELS)])
        for i, m in enumerate(_CAPITALISED.finditer(text))
    ]
    return Analysis(article.id, tuple(sentences), tuple(mentions), "by-hand")


def article_of(text: str, when: date | None, key: str = "a") -> Article:
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=UTC)
    return Article(id=key, text=text, provenance=Provenance(key, "text"), published=when)


def inside(text: str, start: int | None, end: int | None) -> bool:
    if start is None or end is None:
        return start is None and end is None
    return 0 <= start <= end <= len(text)


@FAST
@given(texts, published)
def test_dates(text: str, when: date | None) -> None:
    found = find_dates(text, when)
    assert found == find_dates(text, when)
    for mention in found:
        assert inside(text, mention.start, mention.end)
        assert mention.text == text[mention.start : mention.end]
        if mention.value is not None:
            first = date.fromisoformat(mention.value)
            assert first <= date.fromisoformat(mention.value_end or mention.value)


@FAST
@given(texts, published)
def test_numbers_and_counted_things(text: str, when: date | None) -> None:
    article = article_of(text, when)
    analysis = analysis_of(article)
    dates = find_dates(text, when)
    for given_analysis in (analysis, None):
        found = find_numeric_claims(text, given_analysis, dates, when)
        assert found == find_numeric_claims(text, given_analysis, dates, when)
        for claim in found:
            assert inside(text, claim.start, claim.end)
            assert claim.text == text[claim.start : claim.end]
            assert inside(text, claim.counted_start, claim.counted_end)
            assert inside(text, claim.attribution_start, claim.attribution_end)
            for value in (claim.value, claim.value_low, claim.value_high):
                assert value is None or (math.isfinite(value) and abs(value) <= MAX_VALUE)
            if claim.value_low is not None and claim.value_high is not None:
                assert claim.value_low <= claim.value_high
            low, high = plausible_range(claim)
            describe(low, high)


@FAST
@given(texts)
def test_number_words(text: str) -> None:
    for match in NUMBER_RE.finditer(text):
        parsed = parse_number(match)
        assert parsed == parse_number(match)
        if parsed is None:
            continue
        value, low, high, hint = parsed
        assert math.isfinite(value) and abs(value) <= MAX_VALUE
        assert hint in ("exact", "range")
        assert low is None or high is None or low <= high


@FAST
@given(texts, st.integers(0, 400), st.integers(0, 400), st.integers(0, 400))
def test_counted_things_and_scopes(text: str, a: int, b: int, c: int) -> None:
    start, end, clause = sorted(min(x, len(text)) for x in (a, b, c))
    sent_end = len(text)
    for unit in (None, "percent"):
        counted, span = counted_thing(text, start, end, unit, min(clause, start), sent_end)
        assert (counted, span) == counted_thing(text, start, end, unit, min(clause, start),
                                                sent_end)  # fmt: skip
        if span is not None:
            assert inside(text, *span)
    scope_of(text, end, sent_end)


finite_or_not = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1e15, 1e308, float("inf"), float("nan")]),
)


@FAST
@given(finite_or_not, finite_or_not, finite_or_not, finite_or_not)
def test_ranges(a: float | None, b: float | None, c: float | None, d: float | None) -> None:
    compatible((a, b), (c, d))
    low, high = intersect((a, b), (c, d))
    describe(low, high)
    describe(a, b)


@FAST
@given(texts, published)
def test_quotes_and_speakers(text: str, when: date | None) -> None:
    article = article_of(text, when)
    analysis = analysis_of(article)
    for given_analysis in (analysis, None):
        found = find_quotes(text, given_analysis)
        assert found == find_quotes(text, given_analysis)
        for quote in found:
            assert inside(text, quote.start, quote.end)
            for part in quote.parts:
                assert quote.start <= part[0] <= part[1] <= quote.end
            assert inside(text, quote.speaker_start, quote.speaker_end)
            assert inside(text, quote.cue_start, quote.cue_end)
    for sentence in analysis.sentences:
        source = find_source(text, sentence.start, sentence.end, analysis.mentions)
        if source is not None:
            assert inside(text, source[1], source[2])


@FAST
@given(texts)
def test_credits(text: str) -> None:
    found = find_credits(text)
    assert found == find_credits(text)
    for credit in found:
        assert inside(text, credit.start, credit.end)
        assert credit.source == text[credit.start : credit.end]


@FAST
@given(st.lists(texts, min_size=1, max_size=3), published)
def test_entity_canonicalisation_and_quote_groups(bodies: list[str], when: date | None) -> None:
    articles = [article_of(body, when, f"a{i}") for i, body in enumerate(bodies)]
    items = [(a, analysis_of(a), None) for a in articles]
    entities = canonical_entities(items)
    assert entities == canonical_entities(items)
    texts_by_id = {a.id: a.text for a in articles}
    for entity in entities:
        assert entity.id
        for mention in entity.mentions:
            text = texts_by_id[mention.article_id]
            assert inside(text, mention.start, mention.end)
            assert mention.text == text[mention.start : mention.end]
    quotes = [(a.id, find_quotes(a.text, analysis_of(a))) for a in articles]
    assert group_quotes(quotes) == group_quotes(quotes)


@FAST
@given(texts, published)
def test_claims_of_an_article(text: str, when: date | None) -> None:
    article = article_of(text, when)
    analysis = analysis_of(article)
    claims = extract_claims(article, analysis)
    assert claims == extract_claims(article, analysis)


@FAST
@given(texts)
def test_what_spacy_is_shown_and_the_budget(text: str) -> None:
    shown = defuse(text)
    assert len(shown) == len(text)
    assert [i for i, c in enumerate(shown) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert all(c == d or d == " " for c, d in zip(text, shown, strict=True))
    budget = AnalysisBudget(max_chars=200, max_sentences=5, max_tokens=40)
    reason = budget.precheck(text)
    assert reason is None or reason.startswith("over the analysis budget: ")
    for start, end in sentence_spans(text):
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
