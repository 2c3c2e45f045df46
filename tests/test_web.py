"""The web application: routes through FastAPI's TestClient (no sockets), then one
real server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from storydesk import codec
from storydesk.cli import main
from storydesk.pipeline import process
from storydesk.store.errors import EXIT_STORE_MISSING
from storydesk.store.store import Store
from storydesk.web.app import create_app
from storydesk.web.routes_api import MAX_LIMIT
from storydesk.web.server import make_server


class Demo:
    """The demo store, read directly, and a client of the application over it."""

    def __init__(self, store: Store, client: TestClient) -> None:
        self.store = store
        self.client = client

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Demo]:
    with Store(demo_db) as store, TestClient(create_app(demo_db)) as client:
        yield Demo(store, client)


def _get(where: Demo | TestClient, target: str) -> httpx.Response:
    client = where.client if isinstance(where, Demo) else where
    return client.get(target, follow_redirects=False)


def _json(where: Demo | TestClient, target: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = _get(where, target)
    assert response.headers["content-type"].startswith("application/json")
    return response.status_code, response.json()


def _html(where: Demo | TestClient, target: str) -> tuple[int, str]:
    response = _get(where, target)
    assert response.headers["content-type"].startswith("text/html")
    return response.status_code, response.text


def test_index_lists_the_stories_largest_first(demo: Demo) -> None:
    status, page = _html(demo, "/")
    assert status == 200
    assert "Holloway Dam" in page and "kettle" in page.lower()
    assert page.index("Holloway Dam") < page.lower().index("kettle")
    assert 'href="/stories/S000001"' in page


def test_api_story_is_the_report_json(demo: Demo) -> None:
    status, data = _json(demo, "/api/stories/S000001")
    assert status == 200
    assert data == codec.to_data(demo.story_report("S000001"))
    assert data["brief"]["sentences"] and data["sources"]["independent"] == 4
    # Every result key is there, computed or not (empty when not).
    for key in ("facts", "conflicts", "timeline", "entities", "quote_groups", "dates_inferred"):
        assert isinstance(data[key], list)


def test_story_page_shows_brief_conflict_and_article_links(demo: Demo) -> None:
    status, page = _html(demo, "/stories/S000001")
    assert status == 200
    assert "Brief" in page and "Where sources disagree" in page
    for article_id in demo.story_article_ids("S000001"):
        assert f'href="/articles/{article_id}"' in page  # every article has its page
    # Citations open the article page at the span: no article is carried in full.
    assert 'id="a-' not in page and "?hl=" in page


def test_other_forms_of_an_id_redirect_to_the_canonical_page(demo: Demo) -> None:
    response = _get(demo, "/stories/S1")
    assert response.status_code == 302 and response.headers["Location"] == "/stories/S000001"
    article_id = demo.story_article_ids("S000001")[0]
    response = _get(demo, f"/articles/{article_id[:8]}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/articles/{article_id}"


def test_article_api_and_page_show_claims_and_story(demo: Demo) -> None:
    article_id = demo.story_article_ids("S000001")[0]
    status, data = _json(demo, f"/api/articles/{article_id}")
    assert status == 200
    assert data["id"] == article_id and data["text"]
    assert data["claims"]["numbers"] and data["analysis"]["entities"]
    assert [s["id"] for s in data["stories"]] == ["S000001"]
    status, page = _html(demo, f"/articles/{article_id}")
    assert status == 200 and "Quotes (" in page and "Numbers (" in page
    assert 'href="/stories/S000001"' in page


def test_story_listing_pages_with_limit_and_offset(demo: Demo) -> None:
    status, first = _json(demo, "/api/stories?limit=1")
    assert status == 200 and first["total"] == 2 and len(first["stories"]) == 1
    _, second = _json(demo, "/api/stories?limit=1&offset=1")
    assert second["stories"][0]["id"] != first["stories"][0]["id"]
    assert isinstance(first["stories"][0]["outlets"], list)
    _, health = _json(demo, "/api/health")
    assert health == {"ok": True, "articles": 12, "stories": 2}


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/api/stories/S999999", 404),
        ("/api/articles/ffffffffffff", 404),
        ("/api/stories/..%2F..%2Fetc", 404),
        ("/api/stories?limit=0", 400),
        (f"/api/stories?limit={MAX_LIMIT + 1}", 400),
        ("/api/stories?limit=-3", 400),
        ("/api/stories?offset=1e9", 400),
        ("/api/nothing", 404),
    ],
)
def test_bad_requests_get_a_json_reason(demo: Demo, target: str, status: int) -> None:
    got, data = _json(demo, target)
    assert got == status and data["status"] == status and data["error"]


def test_unknown_pages_and_writes_are_refused(demo: Demo) -> None:
    status, page = _html(demo, "/stories/<script>")
    assert status == 404 and "<script>" not in page
    assert _html(demo, "/?page=99")[0] == 400
    response = demo.client.post("/api/stories")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD"
    assert response.json()["error"]
    head = demo.client.head("/api/health")
    assert head.status_code == 200 and head.content == b""  # HEAD is answered as GET


def test_hostile_article_is_escaped_on_every_page(tmp_path: Path) -> None:
    feed = tmp_path / "evil.jsonl"
    feed.write_text(
        json.dumps(
            {
                "title": "<script>alert('title')</script> dam breach",
                "text": 'Officials said <img src=x onerror=alert(1)> the dam held. "<b>Quote</b>," '
                "said <i>Mayor</i> Eve. At least 12 <u>homes</u> were hit.",
                "url": "javascript:alert(document.cookie)",
                "outlet": "<b>Evil</b>",
            }
        )
        + "\n"
    )
    with Store(tmp_path / "s.sqlite") as store:
        process(store, [feed])
        (story,) = store.list_stories()
        (article_id,) = store.story_article_ids(story.id)
    pages_shown = ("/", f"/stories/{story.id}", f"/articles/{article_id}",
                   "/search?q=officials+dam+Quote")  # fmt: skip
    with TestClient(create_app(tmp_path / "s.sqlite")) as client:
        for target in pages_shown:
            status, page = _html(client, target)
            assert status == 200
            for raw in ("<script>alert", "<img src=x", "<b>Evil", "<b>Quote", "<u>homes"):
                assert raw not in page, (target, raw)
            assert 'href="javascript:' not in page
            assert "&lt;script&gt;" in page  # shown, as text


def test_real_server_answers_with_security_headers(demo_db: Path) -> None:
    with make_server(demo_db, "127.0.0.1", 0) as served:
        base = f"http://127.0.0.1:{served.port}"
        with urllib.request.urlopen(f"{base}/api/health", timeout=10) as reply:
            assert json.loads(reply.read())["stories"] == 2
            assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
            assert reply.headers["X-Content-Type-Options"] == "nosniff"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/{'x' * 3000}", timeout=10)
        assert refused.value.code == 414


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    assert main(["--db", str(missing), "serve", "--port", "0"]) == EXIT_STORE_MISSING
    assert not (tmp_path / "none.sqlite").exists()


def test_search_page_and_api(demo: Demo) -> None:
    status, page = _html(demo, "/search?q=kettle")
    assert status == 200 and 'href="/stories/S000002"' in page and "<mark>" in page
    status, data = _json(demo, "/api/search?q=Marrowvale")
    assert status == 200 and [s["id"] for s in data["stories"]] == ["S000001"]
    assert _html(demo, "/search")[0] == 200  # the empty form
    assert _json(demo, "/api/search?q=%22%28")[0] == 400  # no word in it
    assert _json(demo, "/api/search?q=" + "a" * 201)[0] == 400
    status, page = _html(demo, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert status == 200 and "<script>alert" not in page and "&lt;script&gt;" in page
    status, data = _json(demo, "/api/search?q=Vargha")  # also spelt "Varga" in the demo
    assert status == 200 and data["also_searched"] == {"Vargha": ["Varga"]}
    status, page = _html(demo, "/search?q=Vargha")
    assert status == 200 and "Also searched: Varga for Vargha" in page


def test_search_filters_by_outlet_and_dates(demo: Demo) -> None:
    status, data = _json(demo, "/api/search?q=Marrowvale&outlet=eastland%20courier")
    outlets = {a["outlet"] for s in data["stories"] for a in s["articles"]}
    assert status == 200 and outlets == {"Eastland Courier"}
    assert data["filters"]["outlet"] == "eastland courier"
    status, data = _json(demo, "/api/search?q=Marrowvale&since=2026-03-12&until=2026-03-12")
    days = {a["published"][:10] for s in data["stories"] for a in s["articles"]}
    assert status == 200 and days == {"2026-03-12"}  # undated articles left out
    assert _json(demo, "/api/search?q=Marrowvale&since=2030-01-01")[1]["stories"] == []
    assert _json(demo, "/api/search?q=Marrowvale&since=March")[0] == 400
    assert _json(demo, "/api/search?q=Marrowvale&since=2026-03-13&until=2026-03-12")[0] == 400
    status, page = _html(demo, "/search?q=Marrowvale&since=&outlet=%3Cb%3EEastland%20Courier")
    assert status == 200 and "of the outlet &lt;b&gt;Eastland Courier" in page
    assert "Nothing matches" in page  # no outlet of that name; an empty date is no filter


def test_a_story_without_results_has_its_page_and_every_json_key(demo: Demo) -> None:
    """A story the story stage has not computed (or failed on): no brief, facts or
    timeline sections, each article its own source, and the JSON keys all there."""
    import storydesk.web.pages as pages
    from storydesk.model import StoryReport

    listing = demo.story_listing("S000002")
    assert listing is not None
    articles = tuple(demo.article_summaries(demo.story_article_ids("S000002")))
    report = StoryReport.assemble(listing, (), articles, (), None)
    page = pages.story_page(report)
    assert 'class="desk brief"' not in page and 'class="desk timeline"' not in page
    assert f"{len(articles)} independent sources" in page
    data = codec.to_data(report)
    assert data["brief"] is None and data["facts"] == [] and data["timeline"] == []


def test_story_page_shows_claims_changes_and_background(demo_db: Path, tmp_path: Path) -> None:
    """The web story page renders what report.html does: what is established, what the
    rewrite changed (also among the disagreements) and the background events folded."""
    import shutil

    from story_render_fixture import UNION, WALKOUT, inject_results

    db = tmp_path / "s.sqlite"
    shutil.copyfile(demo_db, db)
    link = inject_results(db)
    with TestClient(create_app(db)) as client:
        status, page = _html(client, "/stories/S000001")
    assert status == 200
    established = page[page.index('<section class="desk established"') :]
    end = established.index("</section>")
    assert established.index(WALKOUT) < established.index(UNION) < end
    copied = page[page.index('<section class="desk copied"') :]
    assert f'href="/articles/{link.derived_id}"' in copied and "“began Saturday”" in copied
    assert f'href="/articles/{link.source_id}?hl=120-141#hl" title="chars 120–141"' in copied
    assert page.count('<article class="conflict introduced"') == 3
    assert "<summary>2 earlier background events</summary>" in page
