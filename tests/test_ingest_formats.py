"""JSONL, HTML, feeds and WARC readers, on the demo corpus and on broken input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from storydesk.ingest import read_inputs
from storydesk.model import Article, ReadFailure


def _articles(items: list[Article | ReadFailure]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _failures(items: list[Article | ReadFailure]) -> list[ReadFailure]:
    return [i for i in items if isinstance(i, ReadFailure)]


# -- JSONL ------------------------------------------------------------------------


def test_jsonl_schema_and_unknown_fields(corpus: Path) -> None:
    items = list(read_inputs([corpus / "daily_dispatch.jsonl"]))
    articles = _articles(items)
    assert len(articles) == 2 and not _failures(items)
    first = articles[0]
    assert first.outlet == "Daily Dispatch"
    assert first.published is not None and first.published.isoformat().startswith("2026-03-12")
    assert first.url and first.url.startswith("https://")
    assert first.provenance.kind == "jsonl" and first.provenance.locator == "1"
    assert "section" in first.metadata  # unknown fields are kept


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"title": "Bridge reopens", "text": "The bridge reopened on Monday."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "", "text": ""}),
        "",
        json.dumps({"text": "Second good article about the recall.", "published": "garbage"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_inputs([path]))
    assert [a.text for a in _articles(items)] == [
        "The bridge reopened on Monday.",
        "Second good article about the recall.",
    ]
    assert _articles(items)[1].published is None  # an unparsable date is dropped, not fatal
    reasons = {f.source.rsplit(":", 1)[1]: f.reason for f in _failures(items)}
    assert "not valid JSON" in reasons["2"]
    assert "object" in reasons["3"]
    assert "no text" in reasons["4"]


def test_jsonl_gz_and_an_over_long_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt") as stream:
        stream.write(json.dumps({"text": "x " * 3000}) + "\n")
        stream.write(json.dumps({"text": "A short one."}) + "\n")
    from storydesk.ingest import Limits

    items = list(read_inputs([path], Limits(max_article_bytes=1000)))
    assert [a.text for a in _articles(items)] == ["A short one."]
    assert "longer than" in _failures(items)[0].reason


def test_truncated_jsonl_gz_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    rows = "".join(
        json.dumps({"text": f"Article number {i} about the flood."}) + "\n" for i in range(500)
    )
    data = gzip.compress(rows.encode())
    path.write_bytes(data[: len(data) // 2])
    items = list(read_inputs([path]))
    assert 0 < len(_articles(items)) < 500
    assert "read error" in _failures(items)[-1].reason


# -- HTML -------------------------------------------------------------------------


def test_html_page_text_and_metadata(corpus: Path) -> None:
    [article] = _articles(list(read_inputs([corpus / "harbor_ledger.html"])))
    assert article.outlet == "Harbor Ledger"
    assert article.byline == "Ana Ruiz"
    assert article.published is not None and article.published.isoformat().startswith("2026-03-11")
    assert article.url and "harborledger" in article.url
    assert article.title
    assert "cookie" not in article.text.lower()  # boilerplate removed
    assert article.provenance.kind == "html"


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text(
        "<html><body><nav><a href='/'>Home</a></nav><script>alert(1)</script></body></html>"
    )
    [failure] = list(read_inputs([path]))
    assert isinstance(failure, ReadFailure) and "no article text" in failure.reason


def test_html_scripts_never_reach_the_text(tmp_path: Path) -> None:
    body = "<p>" + "The council approved the new flood barrier after a long debate. " * 8 + "</p>"
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head><title>Barrier approved</title></head><body><article>{body}"
        "<script>document.write('evil')</script></article></body></html>"
    )
    [article] = _articles(list(read_inputs([path])))
    assert "evil" not in article.text and "flood barrier" in article.text


# -- feeds ------------------------------------------------------------------------


def test_rss_full_and_summary_only_entries(corpus: Path) -> None:
    articles = _articles(list(read_inputs([corpus / "meridian_press.rss"])))
    assert len(articles) == 3
    assert all(a.outlet == "Meridian Press" for a in articles)
    assert [a.summary_only for a in articles] == [False, True, False]
    assert all(a.published is not None for a in articles)
    assert all(a.provenance.kind == "rss" and a.provenance.locator for a in articles)
    assert "<" not in articles[0].text  # HTML content turned into text


def test_atom_feed(corpus: Path) -> None:
    [article] = _articles(list(read_inputs([corpus / "northern_post.atom"])))
    assert article.provenance.kind == "atom"
    assert article.outlet == "The Northern Post"
    assert not article.summary_only


def test_malformed_feed_and_non_feed_xml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>X</title><item><title>Half")
    notfeed = tmp_path / "data.xml"
    notfeed.write_text("<?xml version='1.0'?><inventory><item>3</item></inventory>")
    items = list(read_inputs([broken, notfeed]))
    failures = _failures(items)
    assert len(failures) == 2
    assert any("feed" in f.reason for f in failures)


# -- WARC -------------------------------------------------------------------------


def test_warc_html_records_become_articles(corpus: Path) -> None:
    items = list(read_inputs([corpus / "archive.warc.gz"]))
    articles = _articles(items)
    assert len(articles) == 2  # the PNG record is not an article, and not an error
    assert not _failures(items)
    for article in articles:
        assert article.provenance.kind == "warc"
        assert article.url and article.provenance.locator == article.url
        assert article.published is not None


def test_truncated_warc_reports_and_keeps_earlier_records(corpus: Path, tmp_path: Path) -> None:
    data = (corpus / "archive.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    items = list(read_inputs([cut]))
    assert len(_articles(items)) == 1
    assert any("truncated" in f.reason or "unreadable" in f.reason for f in _failures(items))


def test_garbage_named_warc(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(b"this is not an archive at all")
    items = list(read_inputs([path]))
    assert not _articles(items) and _failures(items)
