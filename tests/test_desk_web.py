"""The desk pages through the web application (FastAPI's TestClient) on the demo
store: the story page in desk order, every citation one click from its highlighted
span, the side-by-side view, entity and outlet pages, and hostile text kept inert."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from desk_fixture import HOSTILE
from fastapi.testclient import TestClient
from story_render_fixture import inject_results
from test_desk_render import assert_inert

from storydesk.store.store import Store
from storydesk.web.app import create_app

HL = re.compile(r'<mark class="hl[^"]*" id="hl"[^>]*>(.*?)</mark>', re.S)


@pytest.fixture(scope="module")
def demo_copy(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store with the fictional claims, brief and rewrite changes injected."""
    db = tmp_path_factory.mktemp("desk_web") / "s.sqlite"
    shutil.copyfile(demo_db, db)
    inject_results(db)
    return db


@pytest.fixture(scope="module")
def client(demo_copy: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_copy)) as opened:
        yield opened


def _page(client: TestClient, target: str, status: int = 200) -> str:
    response = client.get(target, follow_redirects=False)
    assert response.status_code == status, (target, response.text[:300])
    return response.text


def _hrefs(html: str, pattern: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(' + pattern + r')"', html)]


def _highlighted(client: TestClient, href: str) -> str:
    """Follow a citation link: the text the article page marks with id "hl"."""
    assert href.endswith("#hl")
    found = HL.findall(_page(client, href.removesuffix("#hl")))
    assert len(found) == 1, href
    return unescape(re.sub(r"<[^>]+>", "", found[0]))


def test_story_page_reads_in_desk_order(client: TestClient, demo_copy: Path) -> None:
    page = _page(client, "/stories/S000001")
    order = [
        "What is established",
        "Where sources disagree",
        "Who copied whom",
        "Brief (",
        "Timeline",
        "Quotes carried by several articles",
        "Who and where",
    ]
    found = [page.index(h) for h in order]
    assert found == sorted(found)
    assert page.count("<h1") == 1
    assert "<svg" in page and 'class="node original"' in page


def test_every_brief_citation_opens_its_span_highlighted(
    client: TestClient, demo_copy: Path
) -> None:
    page = _page(client, "/stories/S000001")
    with Store(demo_copy, read_only=True) as store:
        brief = store.story_report("S000001").brief  # type: ignore[union-attr]
        texts = {a.id: a.text for a in store.articles()}
    assert brief is not None
    first = brief.sentences[0].source
    href = f"/articles/{first.article_id}?hl={first.start}-{first.end}#hl"
    assert href in _hrefs(page, r"/articles/[^\"]+")
    assert _highlighted(client, href) == texts[first.article_id][first.start : first.end]


def test_both_sides_of_a_conflict_are_one_click_away(client: TestClient, demo_copy: Path) -> None:
    page = _page(client, "/stories/S000001")
    card = page[page.index('<article class="conflict figures"') :]
    card = card[: card.index("</article>")]
    links = _hrefs(card, r"/articles/[^\"]+\?hl=[^\"]+")
    with Store(demo_copy, read_only=True) as store:
        conflict = store.story_report("S000001").conflicts[0]  # type: ignore[union-attr]
    assert [_highlighted(client, h) for h in dict.fromkeys(links)] == [
        conflict.first.text,
        conflict.second.text,
    ]


def test_side_by_side_view_of_a_rewrite(client: TestClient, demo_copy: Path) -> None:
    page = _page(client, "/stories/S000001")
    (compare, *_) = _hrefs(page, r"/articles/\w+/compare/\w+")
    view = _page(client, compare)
    assert '<div class="pair head">' in view
    assert re.search(r'<div class="pair (verbatim|paraphrase)">', view)
    assert "Changes (3)" in view and '<mark class="was" id="c1"' in view
    # A short id redirects to the full one; a pair that is not linked is a 404.
    derived, source = compare.split("/")[2], compare.split("/")[4]
    short = client.get(f"/articles/{derived[:8]}/compare/{source[:8]}", follow_redirects=False)
    assert short.status_code == 302 and short.headers["location"] == compare
    _page(client, f"/articles/{derived}/compare/{derived}", 404)


def test_entity_page_lists_its_stories_spellings_and_mentions(
    client: TestClient, demo_copy: Path
) -> None:
    with Store(demo_copy, read_only=True) as store:
        report = store.story_report("S000001")
    assert report is not None
    entity = next(e for e in report.entities if e.name == "Ilse Varga")
    page = _page(client, "/entities/Ilse%20Varga")
    assert '<a href="/stories/S000001">' in page
    for spelling in entity.variants:
        assert f"<b>{spelling}</b>" in page or len(entity.variants) == 1
    first = entity.mentions[0]
    href = f"/articles/{first.article_id}?hl={first.start}-{first.end}#hl"
    assert href in _hrefs(page, r"/articles/[^\"]+")
    assert _highlighted(client, href) == first.text
    _page(client, "/entities/Nobody%20Atall", 404)
    story = _page(client, "/stories/S000001")
    assert 'href="/entities/Ilse%20Varga"' in story


def test_outlet_page_lists_articles_and_derivations(client: TestClient) -> None:
    page = _page(client, "/outlets/Daily%20Dispatch")
    assert "Daily Dispatch" in page and "<table" in page
    other_case = client.get("/outlets/daily%20dispatch", follow_redirects=False)
    assert other_case.headers["location"] == "/outlets/Daily%20Dispatch"
    _page(client, "/outlets/Nobody", 404)


def test_hostile_text_is_inert_on_the_desk_pages(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    shutil.copyfile(demo_db, db)
    link = inject_results(db, hostile=HOSTILE)
    with TestClient(create_app(db)) as hostile:
        story = _page(hostile, "/stories/S000001")
        assert_inert(story)
        compare = _page(hostile, f"/articles/{link.derived_id}/compare/{link.source_id}")
        assert_inert(compare)
