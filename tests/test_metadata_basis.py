"""Where each article's outlet, date and byline came from, end to end: the reader
records the basis (and marks a guess as inferred), the store keeps it, `show` and
report.json say it; a credit line makes an article *credit* another source and never
renames its source group; no internal key reaches a reader.

Fictional fixtures: a page of the "Marrow Valley Courier" naming itself in
og:site_name, a text that only follows ABP Live's page template, a JSONL line with
an outlet field, and a rewrite that credits its source and a wire agency.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storydesk.cli import main
from storydesk.ingest import read_inputs
from storydesk.ingest.html import article_from_html
from storydesk.ingest.jsonl import article_from_row
from storydesk.ingest.text import article_from_text
from storydesk.model import (
    Article,
    ArticleClaims,
    Basis,
    Credit,
    MetadataBasis,
    NumericClaim,
    Provenance,
)
from storydesk.reconcile.facts import align_facts
from storydesk.reconcile.sources import source_label
from storydesk.store.schema import MIGRATIONS
from storydesk.store.store import Store
from storydesk.web.pages import article_page, index_page, story_page
from storydesk.write.desk_article import article_evidence

PAGE = """<!doctype html>
<html><head>
  <title>Sluice gate jams at Marrow Valley reservoir</title>
  <meta property="og:site_name" content="Marrow Valley Courier">
  <meta property="article:published_time" content="2031-05-06T09:00:00+00:00">
</head><body><article>
  <h1>Sluice gate jams at Marrow Valley reservoir</h1>
  <p>A sluice gate at the Marrow Valley reservoir jammed on Tuesday, and engineers
  opened the spillway to keep the water level below the crest of the dam.</p>
  <p>The valley water board said 37 households downstream were asked to leave their
  homes as a precaution while divers inspected the gate.</p>
  <p>Engineers expect the repair to take three days, the board said.</p>
</article></body></html>
"""

TEMPLATE_TEXT = """Marrow Valley reservoir gate jams, families moved

A sluice gate at the Marrow Valley reservoir jammed on Tuesday (May 6), and engineers
opened the spillway to keep the water below the crest of the dam.

The valley water board said 37 households downstream were asked to leave their homes.

Also read- Marrow Valley: Board promises new gates by autumn
"""

JSONL_ROW = {
    "title": "Reservoir gate jams in Marrow Valley",
    "text": "A sluice gate at the Marrow Valley reservoir jammed on Tuesday, the valley "
    "water board said, and 37 households downstream were asked to leave their homes.",
    "outlet": "Kestrel Press",
    "published": "2031-05-06T10:00:00Z",
    "author": "Ines Varga",
}

CREDIT_TEXT = """ date 2031-05-06
A jammed sluice gate forced engineers at the Marrow Valley reservoir to open the
spillway on Tuesday, according to the Marrow Valley Courier. The valley water board
said 37 households downstream were asked to leave their homes.

Information from The Associated Press was used in this report.
"""


def test_og_site_name_and_meta_date_are_stated() -> None:
    article = article_from_html(PAGE, Provenance("courier.html", "html"))
    assert isinstance(article, Article)
    assert article.outlet == "Marrow Valley Courier"
    basis = article.basis
    assert basis.outlet == Basis("site_name", "“Marrow Valley Courier” (og:site_name)")
    assert basis.published is not None and basis.published.kind == "page_meta"
    assert "article:published_time" in (basis.published.evidence or "")
    assert not basis.outlet.inferred and not basis.published.inferred


def test_a_page_template_alone_is_an_inferred_outlet() -> None:
    article = article_from_text(TEMPLATE_TEXT, Provenance("template.txt", "text"))
    assert isinstance(article, Article)
    assert article.outlet == "ABP Live"
    outlet = article.basis.outlet
    assert outlet is not None and outlet.kind == "template" and outlet.inferred
    assert outlet.describe().startswith("inferred from a page template")
    assert article.basis.published is None  # nothing dates it


def test_jsonl_fields_are_named_as_the_basis() -> None:
    article = article_from_row(JSONL_ROW, Provenance("wire.jsonl", "jsonl", "1"))
    assert isinstance(article, Article)
    assert article.outlet == "Kestrel Press" and article.byline == "Ines Varga"
    assert article.basis == MetadataBasis(
        Basis("field", "“outlet”"), Basis("field", "“published”"), Basis("field", "“author”")
    )


def test_house_line_byline_and_dateline_bases() -> None:
    signed = article_from_text(
        "By Ana Ruiz, Harbor Ledger\n\nThe gate held on Tuesday, engineers said today.",
        Provenance("signed.txt", "text"),
    )
    assert isinstance(signed, Article)
    assert signed.basis.outlet == Basis("byline", "“By Ana Ruiz, Harbor Ledger”")
    assert signed.basis.byline == signed.basis.outlet
    housed = article_from_text(
        "The gate held on Tuesday, engineers said today.\n\nTop Stories from Harbor Ledger\n",
        Provenance("house.txt", "text"),
    )
    assert isinstance(housed, Article) and housed.outlet == "Harbor Ledger"
    assert housed.basis.outlet is not None and housed.basis.outlet.kind == "house_line"
    assert not housed.basis.outlet.inferred
    # A dateline credit names where the copy came from: the publisher only as a guess.
    wired = article_from_text(
        "PORT ARDEL (Kestrel Press) — The gate held on Tuesday, engineers said today.",
        Provenance("wired.txt", "text"),
    )
    assert isinstance(wired, Article) and wired.outlet == "Kestrel Press"
    assert wired.basis.outlet is not None and wired.basis.outlet.kind == "dateline"
    assert wired.basis.outlet.inferred


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    folder = tmp_path_factory.mktemp("basis")
    (folder / "courier.html").write_text(PAGE, encoding="utf-8")
    (folder / "template.txt").write_text(TEMPLATE_TEXT, encoding="utf-8")
    (folder / "wire.jsonl").write_text(json.dumps(JSONL_ROW) + "\n", encoding="utf-8")
    (folder / "credit.txt").write_text(CREDIT_TEXT, encoding="utf-8")
    db = folder / "store.sqlite"
    out = folder / "out"
    assert main(["--db", str(db), "run", str(folder), "--out", str(out), "-q"]) == 0
    report = json.loads((out / "report.json").read_text("utf-8"))
    by_source = {Path(a["source"]["path"]).name: a for a in report["articles"]}
    return db, {"report": report, **by_source}


def test_report_json_carries_each_basis(fixture_run: tuple[Path, dict[str, dict]]) -> None:
    _, found = fixture_run
    courier, template = found["courier.html"], found["template.txt"]
    wire, credited = found["wire.jsonl"], found["credit.txt"]
    assert courier["basis"]["outlet"] == {
        "kind": "site_name",
        "evidence": "“Marrow Valley Courier” (og:site_name)",
        "inferred": False,
    }
    assert template["outlet"] == "ABP Live" and template["basis"]["outlet"]["inferred"] is True
    assert wire["basis"]["outlet"] == {"kind": "field", "evidence": "“outlet”", "inferred": False}
    assert credited["outlet"] is None and credited["basis"]["outlet"] is None
    assert credited["basis"]["published"]["kind"] == "date_line"
    # The credited article's outlet is unknown: the credits never become its outlet.
    summaries = [a for s in found["report"]["stories"] for a in s["articles"]]
    mine = next(a for a in summaries if a["id"] == credited["id"])
    assert mine["outlet"] is None
    assert set(mine["credits"]) >= {"Associated Press"}


def test_show_says_the_basis_and_marks_a_guess(
    fixture_run: tuple[Path, dict[str, dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, found = fixture_run
    capsys.readouterr()
    assert main(["--db", str(db), "show", found["template.txt"]["id"][:8]]) == 0
    shown = capsys.readouterr().out
    assert "outlet: ABP Live (inferred from a page template with an “Also read-” cross-link)" in (
        shown
    )
    assert main(["--db", str(db), "show", found["wire.jsonl"]["id"][:8]]) == 0
    shown = capsys.readouterr().out
    assert "outlet: Kestrel Press (from the JSONL field “outlet”)" in shown
    assert "byline: Ines Varga (from the JSONL field “author”)" in shown
    assert main(["--db", str(db), "show", found["credit.txt"]["id"][:8]]) == 0
    assert "outlet: unknown" in capsys.readouterr().out
    stories = {s["id"] for s in found["report"]["stories"]}
    listed = ""
    for story in sorted(stories):
        assert main(["--db", str(db), "show", story]) == 0
        listed += " ".join(capsys.readouterr().out.split()) + "\n"
    assert "ABP Live*" in listed and "* inferred (from a page template" in listed  # and legend
    assert "Kestrel Press*" not in listed and "Marrow Valley Courier*" not in listed
    assert "(outlet unknown; credits Marrow Valley Courier, Associated Press)" in listed
    for internal in ("agency:", "group:", "unknown outlet"):
        assert internal not in listed


def test_html_report_marks_the_guess(fixture_run: tuple[Path, dict[str, dict]]) -> None:
    db, _ = fixture_run
    page = (db.parent / "out" / "report.html").read_text("utf-8")
    assert "inferred from a page template" in page
    assert "og:site_name" in page
    assert "agency:" not in page and "group:" not in page


# --- a credit line never renames the source group -----------------------------------

HILL = "The Ardel coast guard said 56 fishermen were rescued on Tuesday."
COPY = (
    "The coast guard said 56 fishermen were rescued on Tuesday, according to The Hill.\n"
    "Information from The Associated Press was used in this report."
)


def _count(text: str) -> NumericClaim:
    start = text.index("56")
    return NumericClaim(
        start=start, end=start + 2, text="56", value=56, value_low=56, value_high=56,
        hedge="exact", counted="fishermen rescued", counted_start=None, counted_end=None,
        scope=(), attribution=None, attribution_start=None, attribution_end=None,
        as_of="2031-05-06",
    )  # fmt: skip


def _credit(text: str, name: str, kind: str) -> Credit:
    start = text.index(name)
    return Credit(start, start + len(name), name, kind)


def test_a_credit_never_renames_the_group() -> None:
    when = datetime(2031, 5, 6, tzinfo=UTC)
    hill = Article(id="hill", text=HILL, provenance=Provenance("hill.txt", "text"),
                   outlet="The Hill", published=when)  # fmt: skip
    copy = Article(id="copy", text=COPY, provenance=Provenance("copy.txt", "text"),
                   published=when)  # fmt: skip
    credits = (_credit(COPY, "The Hill", "according_to"),
               _credit(COPY, "Associated Press", "contributed"))  # fmt: skip
    items = [
        (hill, ArticleClaims("hill", (), (_count(HILL),), (), ())),
        (copy, ArticleClaims("copy", (), (_count(COPY),), credits, ())),
    ]
    fact = align_facts(items, [["hill", "copy"]])[0]
    assert fact.support == 1
    assert fact.source_names == ("The Hill (credits Associated Press)",)
    assert all(not name.startswith(("Associated Press", "agency:")) for name in fact.source_names)


def test_source_label() -> None:
    assert source_label([None, None]) == "outlet unknown"
    assert source_label(["The Hill", None], ["The Hill", "AP"]) == (
        "The Hill (credits Associated Press)"
    )
    assert source_label(["CNN"], ["By CNN".removeprefix("By ")]) == "CNN"


# --- the store keeps the basis, and old stores stay readable ------------------------


def test_an_old_store_reads_and_gains_the_basis_on_reading_again(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    old = sqlite3.connect(db)
    for script in MIGRATIONS[:6]:
        old.executescript(script)
    article = article_from_text(TEMPLATE_TEXT, Provenance(str(tmp_path / "t.txt"), "text"))
    assert isinstance(article, Article)
    old.execute(
        "INSERT INTO articles (id, doc_key, seq, title, outlet, text, source, source_kind,"
        " ingested_at) VALUES (?, ?, 1, ?, ?, ?, ?, 'text', '2031-05-06T00:00:00+00:00')",
        (article.id, article.key, article.title, article.outlet, article.text,
         article.provenance.source),
    )  # fmt: skip
    old.execute("PRAGMA user_version = 6")
    old.commit()
    old.close()
    with Store(db) as store:
        stored = store.get_article(article.id)
        assert stored is not None and stored.basis == MetadataBasis()
        assert store.add_batch([article]) == ["unchanged"]
        again = store.get_article(article.id)
        assert again is not None and again.basis == article.basis
        assert again.basis.outlet is not None and again.basis.outlet.inferred


def test_every_demo_outlet_and_date_has_a_stated_basis(corpus: Path) -> None:
    """The demo's six outlets name themselves (site name, feed channel, JSONL field,
    copyright line, byline): none is a guess, and every one says where it was read."""
    articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    assert articles
    kinds = set()
    for article in articles:
        assert article.outlet and article.basis.outlet is not None, article.provenance
        assert not article.basis.outlet.inferred
        kinds.add(article.basis.outlet.kind)
        if article.published is not None:
            assert article.basis.published is not None, article.provenance
        if article.byline is not None:
            assert article.basis.byline is not None, article.provenance
    assert {"site_name", "feed", "field", "copyright", "byline"} <= kinds
    feed = next(a for a in articles if a.provenance.kind == "rss")
    assert feed.basis.published == Basis("feed_entry", "“published” date")


def test_an_archive_capture_date_is_an_inferred_publication_date() -> None:
    undated = PAGE.replace('<meta property="article:published_time"', "<meta name=x")
    captured = datetime(2031, 5, 7, 8, tzinfo=UTC)
    article = article_from_html(
        undated, Provenance("crawl.warc", "warc", "rec-1"), fallback_date=captured
    )
    assert isinstance(article, Article)
    basis = article.basis.published
    assert basis is not None
    # trafilatura may still find a date on the page; either way it is a guess.
    assert basis.inferred and basis.kind in ("crawl_date", "page_text")



def test_web_pages_show_the_basis_and_the_mark(
    fixture_run: tuple[Path, dict[str, dict]],
) -> None:
    db, found = fixture_run
    template_id = found["template.txt"]["id"]
    story_html = ""
    with Store(db) as store:
        for listed in found["report"]["stories"]:
            story = store.story_report(listed["id"])
            assert story is not None
            story_html += story_page(story)
        (record,) = store.article_records([template_id])
        article_html = article_page(record, [], article_evidence(record, None))
    assert "ABP Live*" in story_html and "credits Marrow Valley Courier" in story_html
    assert "inferred from a page template" in article_html
    for page in (story_html, article_html):
        assert "agency:" not in page and "group:" not in page


def test_the_story_list_marks_an_outlet_only_ever_inferred(
    fixture_run: tuple[Path, dict[str, dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = fixture_run
    capsys.readouterr()
    assert main(["--db", str(db), "stories"]) == 0
    listed = " ".join(capsys.readouterr().out.split())
    assert "ABP Live*" in listed and "* inferred (from a page template" in listed
    assert "Kestrel Press*" not in listed and "Marrow Valley Courier*" not in listed
    with Store(db) as store:
        html = index_page(store.list_stories(), 1, 1, 4, 2)
    assert "ABP Live*" in html and "inferred (from a page template" in html
