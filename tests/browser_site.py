"""The site the browser tests drive: Debian's chromium launched by Playwright (never
a downloaded browser), and a real `storydesk serve` server (uvicorn on a free port,
in a thread) over a store built from the fictional demo corpus plus hostile
articles, stored through the pipeline like any other.

    CHROMIUM           the browser binary (STORYDESK_CHROMIUM overrides /usr/bin/chromium)
    SKIP_REASON        why the browser tests cannot run here, or None
    LAUNCH_ARGS        chromium's switches: headless, nothing fetched or synced
    SHOTS              out/screenshots/, the screenshots CI keeps (out/ is ignored by git)
    build_store(path)  the store the server reads; the hostile story's id
    PWNED_FLAG         the window property the hostile payloads set if they ever run
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

from story_render_fixture import inject_results

from storydesk.pipeline import process
from storydesk.store.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "src" / "storydesk" / "demo" / "corpus"
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = Path(os.environ.get("STORYDESK_CHROMIUM", "/usr/bin/chromium"))

# No sandbox: CI runs as root in a container, where chromium's sandbox cannot start.
# The rest keeps the browser from reaching anything but the test server.
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _skip_reason() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -r requirements.lock)"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"chromium not installed at {CHROMIUM}: apt-get install chromium"
    return None


SKIP_REASON = _skip_reason()

PWNED_FLAG = "__storydeskPwned"
# Each payload, if it ever became markup, would set the flag and open a dialog.
SCRIPT = f"<script>window.{PWNED_FLAG}='script';alert('script')</script>"
IMG = f"\"><img src=x onerror=\"window.{PWNED_FLAG}='img';alert('img')\">"
LINK = f"<a href=\"javascript:window.{PWNED_FLAG}='link'\">see the report</a>"
HOSTILE_TITLE = f"Quarry blast at Fenwick {SCRIPT}"
HOSTILE_OUTLET = f"Fenwick Gazette {IMG}"


def _hostile_articles() -> list[dict[str, str]]:
    """Four reports of a fictional quarry blast: the first with payloads in its title,
    outlet, URL and body, the second a light rewrite of it, two more told apart."""
    body = (
        "A blast at the Fenwick quarry injured 14 workers on Tuesday, the county fire "
        f"service said. {SCRIPT} Fire chief Oren Maddox said crews searched the pit "
        f'until dusk. {IMG} "We found every worker," Maddox said. {LINK} The quarry '
        "owner, Castell Stone, said the site would stay closed while inspectors worked."
    )
    return [
        {"title": HOSTILE_TITLE, "text": body, "outlet": HOSTILE_OUTLET,
         "url": f"javascript:window.{PWNED_FLAG}='url'", "published": "2031-05-06T09:00:00"},
        {"title": "Fenwick quarry blast injures workers", "outlet": "Castell Courier",
         "text": body.replace("14 workers", "16 workers").replace("until dusk", "all day"),
         "url": "https://courier.example/fenwick-quarry", "published": "2031-05-06T15:00:00"},
        {"title": "Fourteen hurt as quarry blast rocks Fenwick", "outlet": "Riverside Herald",
         "text": "Fourteen quarry workers were hurt when explosives went off early at the "
                 "Fenwick quarry on Tuesday, according to the county fire service. Oren Maddox, "
                 "the fire chief, said his crews searched the pit for hours. Castell Stone, "
                 "which owns the quarry, closed the site while inspectors examined the blast.",
         "url": "https://herald.example/fenwick-blast", "published": "2031-05-06T12:00:00"},
        {"title": "Inspectors at Fenwick quarry after blast", "outlet": "Moorland Times",
         "text": "Inspectors arrived at the Fenwick quarry on Wednesday, a day after a blast "
                 "there injured 14 workers, the county fire service said. Fire chief Oren Maddox "
                 "said all workers were found. Castell Stone said the quarry would stay closed "
                 "until the inspectors finished their work at the blast site.",
         "url": "https://moorland.example/fenwick", "published": "2031-05-07T08:00:00"},
    ]  # fmt: skip


def build_store(path: Path) -> str:
    """The demo corpus and the hostile articles, processed; the hostile story's
    claims, brief, changes and timeline are then replaced by ones that carry the
    payloads too (story_render_fixture), so that text the analysis writes is tried as
    well as the articles' own. Returns the hostile story's id."""
    hostile = path.parent / "hostile.jsonl"
    hostile.write_text("".join(json.dumps(a) + "\n" for a in _hostile_articles()))
    with Store(path) as store:
        process(store, [CORPUS, hostile])
        (story,) = [s for s in store.list_stories() if "Fenwick" in s.title]
    inject_results(path, story.id, hostile=f" {SCRIPT} {IMG} {LINK}")
    return story.id
