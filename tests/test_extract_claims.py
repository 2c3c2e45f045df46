from __future__ import annotations

import time

from claims_helpers import article, fixture_analyses

from storydesk.analyze.claims import extract_claims
from storydesk.cli_claims import render_claims


def test_extract_claims_bundles_every_extractor_with_true_offsets() -> None:
    item, analysis = fixture_analyses()["harbour_wire.txt"]
    claims = extract_claims(item, analysis)
    assert claims.article_id == item.id
    assert claims.quotes and claims.numbers and claims.credits and claims.dates
    text = item.text
    for quote in claims.quotes:
        assert text[quote.start] in "\"“'`"
    for number in claims.numbers:
        assert text[number.start : number.end] == number.text
    for credit in claims.credits:
        assert text[credit.start : credit.end] == credit.source
    for mention in claims.dates:
        assert text[mention.start : mention.end] == mention.text
    friday = next(d for d in claims.dates if d.text == "Friday")
    assert friday.value == "2026-05-08"  # the article is of Saturday 9 May 2026


def test_extract_claims_without_analysis_or_date() -> None:
    item, _ = fixture_analyses()["market_report.txt"]
    claims = extract_claims(item, None)
    assert claims.numbers
    assert any(d.text == "Tuesday" for d in claims.dates)


def test_render_lists_each_kind_with_spans() -> None:
    item, analysis = fixture_analyses()["harbour_wire.txt"]
    lines = render_claims(item, analysis, extract_claims(item, analysis))
    joined = "\n".join(lines)
    for heading in ("Entities", "Quotes", "Numeric claims", "Credits", "Dates"):
        assert heading in joined
    assert "Ilyas Barnavi" in joined and "[" in joined  # spans are shown as [start:end]


def test_hostile_50_kb_sentence_through_every_extractor() -> None:
    text = (
        "On Friday, according to Reuters, “some 40 people” said 1,200 boats, (AP) — "
        "http://x.example/2026/12 and 0800 555 0142, since Oct. 7, "
    ) * 420  # ~55 KB with no full stop, quotes, numbers, URLs, credits and dates
    started = time.process_time()
    claims = extract_claims(article(text, "2026-05-09"), None)
    assert time.process_time() - started < 5.0
    assert claims.numbers and claims.dates and claims.credits
    assert all(text[n.start : n.end] == n.text for n in claims.numbers)
