"""The desk in a real browser: Playwright driving Debian's chromium (never a
downloaded browser) against a real server over the demo store with hostile text
injected. Click a brief citation and see its span highlighted and scrolled into
view; reach both spans of a conflict; open the side-by-side view; no hostile text
runs. Screenshots at 1280 and 390 px are kept under out/screenshots/ (CI artefacts).

Skipped, saying why, where chromium or Playwright is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import CHROMIUM, LAUNCH_ARGS, SHOTS, SKIP_REASON
from desk_fixture import HOSTILE
from story_render_fixture import inject_results

from storydesk.web.server import make_server

WIDTHS = (1280, 390)

# The browser and its switches, the skip and the screenshots' folder are the other
# browser tests' (tests/browser_site.py).
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")


@pytest.fixture(scope="module")
def site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "s.sqlite"
    shutil.copyfile(demo_db, db)
    inject_results(db, hostile=HOSTILE)
    with make_server(db, "127.0.0.1", 0) as served:
        yield f"http://127.0.0.1:{served.port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        opened = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield opened
        opened.close()


def _page(browser: sync_api.Browser, width: int) -> sync_api.Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    ran: list[str] = []
    page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    page.ran = ran  # type: ignore[attr-defined]
    return page


def _in_view(page: sync_api.Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]  # type: ignore[index]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_brief_citation_opens_its_span_highlighted(
    site: str, browser: sync_api.Browser, width: int
) -> None:
    page = _page(browser, width)
    page.goto(f"{site}/stories/S000001")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"desk-story-{width}.png"), full_page=True)
    # Nothing overflows the page sideways (a table cut off on a phone would).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("section.brief a.cite").first.click()
    page.wait_for_load_state()
    assert "?hl=" in page.url and page.url.endswith("#hl")
    assert page.locator("mark#hl").count() == 1
    assert _in_view(page, "mark#hl")
    page.screenshot(path=str(SHOTS / f"desk-article-{width}.png"))
    assert page.ran == []  # type: ignore[attr-defined]


def test_both_spans_of_a_conflict_and_the_side_by_side_view(
    site: str, browser: sync_api.Browser
) -> None:
    page = _page(browser, 1280)
    page.goto(f"{site}/stories/S000001")
    card = page.locator("article.conflict").first
    spans = card.locator("a.go")
    assert spans.count() == 2
    for n in range(2):
        href = spans.nth(n).get_attribute("href")
        assert href is not None
        page.goto(site + href)
        assert page.locator("mark#hl").count() == 1 and _in_view(page, "mark#hl")
        page.go_back()
    page.locator("a", has_text="Side by side").first.click()
    page.wait_for_load_state()
    assert "/compare/" in page.url
    assert page.locator(".pair.verbatim, .pair.paraphrase").count() >= 1
    page.screenshot(path=str(SHOTS / "desk-compare-1280.png"), full_page=True)
    phone = _page(browser, 390)
    phone.goto(page.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(SHOTS / "desk-compare-390.png"), full_page=True)
    assert page.ran == [] and phone.ran == []  # type: ignore[attr-defined]


def test_hostile_text_never_runs(site: str, browser: sync_api.Browser) -> None:
    page = _page(browser, 1280)
    for path in ("/stories/S000001", "/entities/Ilse%20Varga", "/outlets/Daily%20Dispatch"):
        page.goto(site + path)
        assert page.locator("img").count() == 0
        assert page.evaluate("typeof window.alert") == "function"
    assert page.ran == []  # type: ignore[attr-defined]
    page.goto(f"{site}/stories/S000001")
    assert "<script>alert(1)</script>" in page.locator("main").inner_text()
