"""`storydesk follow`: feeds, news sitemaps and article pages followed over HTTP from a
local server; conditional GETs, updates, back-off, restarts, SSRF, `sources list`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storydesk.cli import main
from storydesk.follow import Cadence, FetchSession, poll_lines, poll_once
from storydesk.follow.kinds import guess_kind, sniff_kind
from storydesk.ingest.http import FetchPolicy
from storydesk.ingest.sitemaps import Sitemap, parse_sitemap
from storydesk.model import Article, ReadFailure
from storydesk.pipeline import RunSummary, ingest
from storydesk.store.store import Store
from tests.follow_server import Site, article_html, news_sitemap, rss, serving

DAY = "Tue, 03 Mar 2026 09:00:00 GMT"
LATER = "Wed, 04 Mar 2026 10:30:00 GMT"
POLICY = FetchPolicy(allow_private=True, retries=0, per_host_rate=500.0, per_host_concurrency=4)
CADENCE = Cadence.around(60.0)


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def _store_only(store: Store):  # type: ignore[no-untyped-def]
    """A handler that stores the articles (the pipeline's ingest) without analysing
    them: these tests are about what is fetched and stored."""

    def handle(items: list[Article | ReadFailure]) -> RunSummary:
        return ingest(store, [], articles=items)

    return handle


def _poll(store: Store, now: float, policy: FetchPolicy = POLICY):  # type: ignore[no-untyped-def]
    with FetchSession(policy, processes=1) as session:
        return poll_once(store, session, cadence=CADENCE, now=now, handle=_store_only(store))


def _feed_site(site: Site, count: int = 3, *, updated: dict[int, str] | None = None) -> str:
    entries = []
    for n in range(count):
        site.put(f"/news/{n}.html", article_html(n))
        date = (updated or {}).get(n, DAY)
        link = site.url(f"/news/{n}.html")
        entries.append((f"Council report {n}", link, "A short teaser.", date))
    site.put("/feed.xml", rss(entries), "application/rss+xml")
    return site.url("/feed.xml")


def test_feed_entries_pages_are_fetched_extracted_and_stored(site: Site, store: Store) -> None:
    feed = _feed_site(site)
    store.add_source(feed, "feed", interval=60)
    report = _poll(store, time.time())
    articles = list(store.articles())
    assert sorted(a.url for a in articles) == sorted(site.url(f"/news/{n}.html") for n in range(3))
    page = next(a for a in articles if a.url == site.url("/news/1.html"))
    assert "report number 1" in page.text and not page.summary_only
    assert "A short teaser" not in page.text
    assert page.published is not None and page.published.day == 3  # from the feed entry
    assert report.pages_fetched == 3 and report.summary and report.summary.new == 3
    source = store.get_source(feed)
    assert source is not None and source.items_seen == 3 and source.last_status == 200
    assert source.etag and source.consecutive_errors == 0


def test_an_unchanged_feed_costs_a_304_and_no_page(site: Site, store: Store) -> None:
    feed = _feed_site(site)
    store.add_source(feed, "feed", interval=60)
    _poll(store, time.time())
    first = store.get_source(feed)
    assert first is not None
    report = _poll(store, first.next_poll + 1)
    assert site.answered("/feed.xml") == [200, 304]
    assert all(len(site.requests(f"/news/{n}.html")) == 1 for n in range(3))
    assert report.summary is None and not report.found_something
    second = store.get_source(feed)
    assert second is not None and second.interval > first.interval  # nothing new: slower


def test_an_entry_whose_page_changed_is_stored_as_an_update(site: Site, store: Store) -> None:
    feed = _feed_site(site)
    store.add_source(feed, "feed", interval=60)
    _poll(store, time.time())
    before = next(a for a in store.articles() if a.url == site.url("/news/2.html"))
    _feed_site(site, updated={2: LATER})  # the feed says the entry was revised
    site.put("/news/2.html", article_html(2, version=2))
    source = store.get_source(feed)
    assert source is not None
    report = _poll(store, source.next_poll + 1)
    assert report.summary is not None and report.summary.updated == 1
    assert [len(site.requests(f"/news/{n}.html")) for n in range(3)] == [1, 1, 2]
    after = next(a for a in store.articles() if a.url == site.url("/news/2.html"))
    assert after.id != before.id and "Update 2" in after.text
    versions = store.versions_of(after.id)
    assert [(v.old_id, v.new_id) for v in versions] == [(before.id, after.id)]
    assert store.count_articles() == 3 and store.count_articles(current_only=False) == 4


def test_a_news_sitemap_and_its_index(site: Site, store: Store) -> None:
    for n in (10, 11):
        site.put(f"/world/{n}.html", article_html(n))
    site.put("/sitemap-news.xml", news_sitemap([
        (site.url("/world/10.html"), "Harbour vote", "2026-03-05T08:00:00+00:00"),
        (site.url("/world/11.html"), "Bridge vote", "2026-03-05T09:00:00+00:00"),
    ]), "application/xml")  # fmt: skip
    site.put("/sitemap.xml", (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>"
    ), "application/xml")  # fmt: skip
    store.add_source(site.url("/sitemap.xml"), "sitemap", interval=60)
    _poll(store, time.time())
    stored = {a.url: a for a in store.articles()}
    assert set(stored) == {site.url("/world/10.html"), site.url("/world/11.html")}
    page = stored[site.url("/world/10.html")]
    assert page.outlet == "Fictional Gazette" and page.basis.outlet is not None
    assert page.basis.outlet.kind == "sitemap"
    assert page.published is not None and page.published.hour == 8
    again = store.get_source(site.url("/sitemap.xml"))
    assert again is not None
    _poll(store, again.next_poll + 1)
    assert len(site.requests("/world/10.html")) == 1  # nothing fetched twice


def test_a_failing_source_backs_off_and_the_others_go_on(site: Site, store: Store) -> None:
    feed = _feed_site(site, count=2)
    site.put("/broken.xml", "oops", status=500)
    broken = site.url("/broken.xml")
    store.add_source(broken, "feed", interval=60)
    store.add_source(feed, "feed", interval=60)
    start = time.time()
    report = _poll(store, start)
    assert store.count_articles() == 2
    failing = store.get_source(broken)
    assert failing is not None and failing.consecutive_errors == 1
    assert failing.last_error and "500" in failing.last_error
    lines = poll_lines(report, start)
    assert any("source " + broken + " failing (1 in a row)" in line for line in lines)
    # It is tried again later and later; the healthy feed keeps its own schedule.
    _poll(store, failing.next_poll + 1)
    twice = store.get_source(broken)
    assert twice is not None and twice.consecutive_errors == 2
    assert twice.next_poll - (failing.next_poll + 1) > failing.next_poll - start
    assert site.answered("/broken.xml") == [500, 500]


def test_a_restart_fetches_nothing_twice(site: Site, tmp_path: Path) -> None:
    feed = _feed_site(site, count=3)
    path = tmp_path / "s.sqlite"
    with Store(path) as first:
        first.add_source(feed, "feed", interval=60)
        _poll(first, time.time())
    # The feed gains an entry and is served without an ETag match (a rewritten file).
    site.put("/news/3.html", article_html(3))
    _feed_site(site, count=4)
    with Store(path) as second:  # a new process would open the store the same way
        _poll(second, time.time() + 3600)
        assert second.count_articles() == 4
    assert [len(site.requests(f"/news/{n}.html")) for n in range(4)] == [1, 1, 1, 1]


def test_no_private_address_is_fetched_without_the_option(site: Site, store: Store) -> None:
    feed = _feed_site(site, count=1)
    store.add_source(feed, "feed", interval=60)
    report = _poll(store, time.time(), FetchPolicy(retries=0))
    assert site.log == []
    assert report.failing and "private" in (report.failing[0].error or "")
    assert store.count_articles() == 0


def test_a_source_named_again_on_the_command_line_is_polled_at_once(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = _feed_site(site, count=1)
    db = str(tmp_path / "s.sqlite")
    options = ["--polls", "1", "-q", "--processes", "1", "--interval", "600"]
    assert main(["--db", db, "follow", feed, *options]) == 0  # refused: private address
    assert "private address" in capsys.readouterr().out and site.log == []
    # Backed off after that error, but named again (now allowed): polled now.
    assert main(["--db", db, "follow", feed, *options, "--allow-private"]) == 0
    assert "read 1 articles (1 new" in capsys.readouterr().out


def test_follow_and_sources_list_on_the_command_line(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = _feed_site(site, count=2)
    db = str(tmp_path / "s.sqlite")
    code = main(["--db", db, "follow", feed, "--polls", "1", "--allow-private", "-q",
                 "--processes", "1", "--per-host-rate", "50"])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "polled 1 sources" in out and "read 2 articles (2 new" in out
    assert main(["--db", db, "sources", "add", site.url("/gone.xml")]) == 0
    assert main(["--db", db, "sources", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"{feed}  [feed]  last fetch 20" in listed and "status 200" in listed
    assert "2 items" in listed and ", ok," in listed
    assert f"{site.url('/gone.xml')}  [feed]  last fetch never" in listed
    assert main(["--db", db, "sources", "remove", site.url("/gone.xml")]) == 0
    assert main(["--db", db, "check"]) == 0
    checked = capsys.readouterr().out
    assert "1 sources followed" in checked and "verdict: sound" in checked
    assert main(["--db", db, "follow", "file:///etc/passwd"]) == 2


def test_cadence_adapts_within_bounds() -> None:
    cadence = Cadence.around(100.0)
    assert cadence.after_change(100.0) == 50.0 and cadence.after_change(30.0) == 25.0
    assert cadence.after_no_change(100.0) == 150.0 and cadence.after_no_change(1500.0) == 1600.0
    assert cadence.retry_delay(100.0, 1, None) == 100.0
    assert cadence.retry_delay(100.0, 3, None) == 400.0
    assert cadence.retry_delay(100.0, 9, None) == 1600.0
    assert cadence.retry_delay(100.0, 1, 700.0) == 700.0


def test_kinds_from_the_url_and_from_the_document() -> None:
    assert guess_kind("https://news.example/sitemap-news.xml") == "sitemap"
    assert guess_kind("https://news.example/world/rss.xml") == "feed"
    assert guess_kind("https://news.example/feed/") == "feed"
    assert guess_kind("https://news.example/2026/03/harbour-vote") == "page"
    assert sniff_kind(b"<?xml version='1.0'?><urlset></urlset>", None, "feed") == "sitemap"
    assert sniff_kind(b"<rss version='2.0'><channel/></rss>", "text/html", "page") == "feed"
    assert sniff_kind(b"<!doctype html><p>x</p>", "application/xml", "feed") == "page"


def test_a_sitemap_declaring_entities_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<urlset><url><loc>http://x.invalid/&b;</loc></url></urlset>")  # fmt: skip
    refused = parse_sitemap(bomb, "bomb.xml")
    assert isinstance(refused, ReadFailure) and "entity" in refused.reason
    plain = parse_sitemap(b"<urlset><url><loc>http://x.invalid/a</loc></url></urlset>", "s")
    assert isinstance(plain, Sitemap) and [p.url for p in plain.pages] == ["http://x.invalid/a"]


def test_a_page_that_fails_keeps_the_summary_and_is_tried_again(site: Site, store: Store) -> None:
    feed = _feed_site(site, count=2)
    site.put("/news/1.html", "down for maintenance", "text/plain", status=503)
    store.add_source(feed, "feed", interval=60)
    report = _poll(store, time.time())
    teaser = next(a for a in store.articles() if a.url == site.url("/news/1.html"))
    assert teaser.summary_only and teaser.text == "A short teaser."
    (failure,) = [f for f in report.failures if f.source == site.url("/news/1.html")]
    assert "503" in failure.reason and "summary is kept; tried again next poll" in failure.reason
    site.put("/news/1.html", article_html(1))
    source = store.get_source(feed)
    assert source is not None
    _poll(store, source.next_poll + 1)  # the feed answers 304; the failed page is retried
    assert site.answered("/feed.xml") == [200, 304]
    page = next(a for a in store.articles() if a.url == site.url("/news/1.html"))
    assert not page.summary_only and "report number 1" in page.text
    assert [v.old_id for v in store.versions_of(page.id)] == [teaser.id]


def test_content_types_are_hints_not_the_truth(site: Site, store: Store) -> None:
    site.put("/mislabelled.html", article_html(5), "image/png")
    site.put("/picture.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image/png")
    for path in ("/mislabelled.html", "/picture.html"):
        store.add_source(site.url(path), "page", interval=60)
    report = _poll(store, time.time())
    assert [a.url for a in store.articles()] == [site.url("/mislabelled.html")]
    refused = [f for f in report.failures if f.source == site.url("/picture.html")]
    assert len(refused) == 1 and "not an HTML page (content type image/png)" in refused[0].reason


def test_a_followed_page_is_read_again_only_when_it_changed(site: Site, store: Store) -> None:
    site.put("/story.html", article_html(7))
    url = site.url("/story.html")
    store.add_source(url, "page", interval=60)
    _poll(store, time.time())
    first = store.get_source(url)
    assert first is not None and store.count_articles() == 1
    _poll(store, first.next_poll + 1)  # unchanged: a 304, nothing read
    site.put("/story.html", article_html(7, version=3))
    second = store.get_source(url)
    assert second is not None and second.interval > first.interval
    report = _poll(store, second.next_poll + 1)
    assert site.answered("/story.html") == [200, 304, 200]
    assert report.summary is not None and report.summary.updated == 1
    (current,) = list(store.articles())
    assert "Update 3" in current.text and len(store.versions_of(current.id)) == 1
