"""The web application's framework parts: the API's description, errors, compact
JSON, the page cache, and the helpers that build markup themselves."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import storydesk.web.pages as pages
from storydesk.model import (
    ArticleSummary,
    Citation,
    Mention,
    Placement,
    RunCounts,
    StoryListing,
    StoryReport,
)
from storydesk.store.store import Store
from storydesk.web.app import create_app
from storydesk.web.page_cache import PageCache
from storydesk.write.article_view import highlighted
from storydesk.write.story_view import StoryView

HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"


@pytest.fixture
def client(demo_db: Path) -> TestClient:
    with TestClient(create_app(demo_db)) as client:
        yield client


def test_docs_page_lists_every_operation_and_loads_nothing(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert {"/api/health", "/api/stories", "/api/stories/{story_id}",
            "/api/articles/{article_id}", "/api/search"} <= set(document["paths"])  # fmt: skip
    assert not any(p in document["paths"] for p in ("/", "/stories/{story_id}", "/docs"))
    health = document["paths"]["/api/health"]["get"]["responses"]["200"]
    schema = health["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Health"}
    page = client.get("/docs")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    for path in document["paths"]:
        assert f"GET {path}" in page.text
    assert "<script" not in page.text and "src=" not in page.text  # works under the CSP


def test_errors_are_one_line_json_under_api_and_pages_elsewhere(client: TestClient) -> None:
    answer = client.get("/api/stories?limit=many")
    assert answer.status_code == 400 and answer.headers["content-type"] == "application/json"
    error = answer.json()
    assert error["status"] == 400 and error["error"].startswith("limit: ")
    assert "\n" not in error["error"]
    page = client.get("/?page=zero")
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "page: " in page.text
    missing = client.get("/api/search")  # q is required
    assert missing.status_code == 400 and missing.json()["error"].startswith("q: ")


def test_json_is_compact_and_keeps_unicode(client: TestClient) -> None:
    body = client.get("/api/stories/S000001").content
    assert b"\n" not in body and b'": ' not in body and b'", "' not in body
    assert b"\\u20" not in body  # dashes and quotes stay as they are, in UTF-8
    assert json.loads(body)["id"] == "S000001"


def test_an_unchanged_story_is_rendered_once_and_again_after_a_write(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.sqlite"
    shutil.copyfile(demo_db, db)
    rendered: list[str] = []
    real = pages.story_page

    def counting(story: StoryReport) -> str:
        rendered.append(story.id)
        return real(story)

    monkeypatch.setattr(pages, "story_page", counting)
    with TestClient(create_app(db)) as client:
        first = client.get("/stories/S000001").text
        assert client.get("/stories/S000001").text == first
        assert rendered == ["S000001"]
        with Store(db) as store:  # a command writes the store: its run moves the version
            run = store.start_run("test")
            store.finish_run(run, RunCounts(*[0] * 9))
            store.db.commit()
        assert client.get("/stories/S000001").text == first
        assert rendered == ["S000001", "S000001"]


def test_the_page_cache_is_bounded() -> None:
    cache = PageCache(max_entries=3, max_bytes=10)
    for n in range(5):
        assert cache.get(n, lambda n=n: bytes([n]) * 2) == bytes([n]) * 2
    assert cache.get(4, lambda: b"new") == bytes([4]) * 2  # kept
    assert cache.get(0, lambda: b"new") == b"new"  # dropped: made again
    assert cache.get("big", lambda: b"x" * 11) == b"x" * 11  # over the bytes: not kept
    assert cache.get("big", lambda: b"y") == b"y"


def test_highlighted_text_escapes_the_text_and_the_labels() -> None:
    text = f"Mayor {HOSTILE} spoke & left."
    start = text.index("<script>")
    html = str(highlighted(text, [Mention(0, 5, "Mayor", 'PERSON"><b'),
                                  Mention(start, start + 8, "<script>", "ORG")]))  # fmt: skip
    assert "<script>" not in html and "<img" not in html and '"><b' not in html
    assert '<mark class="ORG" title="ORG">&lt;script&gt;</mark>' in html
    assert "&amp; left." in html and html.startswith('<mark class="PERSON&quot;&gt;&lt;b"')


def test_citation_links_escape_outlets_and_count_the_rest() -> None:
    articles = tuple(
        ArticleSummary(f"{n:016x}", f"title {n}", HOSTILE if n == 0 else f"Outlet {n}",
                       None, None, False, Placement(None, None))
        for n in range(14)
    )  # fmt: skip
    story = StoryReport.assemble(StoryListing("S000001", "A story", 14), (), articles, (), None)
    links = str(StoryView(story).cites([Citation(a.id, 3, 9) for a in articles]))
    assert "<script>" not in links and "<img" not in links
    assert 'href="#a-0000000000000000" title="chars 3–9">&lt;script&gt;' in links
    assert links.count('<a class="cite"') == 12 and links.endswith(" + 2 more")


def test_no_template_turns_autoescape_off() -> None:
    """Markup is built only by the tested helpers (highlighted, StoryView.cites);
    a template never marks a value safe or switches escaping off."""
    folder = Path(pages.__file__).resolve().parent.parent / "templates"
    sources = {p.name: p.read_text("utf-8") for p in folder.rglob("*.html")}
    assert len(sources) >= 15
    for name, text in sources.items():
        for unsafe in ("|safe", "| safe", "autoescape false", "Markup("):
            assert unsafe not in text, (name, unsafe)
