"""The command line end to end, on the demo corpus and on hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydesk.cli import main
from storydesk.store.store import Store
from storydesk.write.desk_title import clean_title


def test_run_writes_reports_and_is_idempotent(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "-q"]) == 0
    printed = capsys.readouterr().out
    assert "read 12 articles (12 new" in printed and "skipped 0" in printed
    report = json.loads((out / "report.json").read_text())
    assert len(report["articles"]) == 12
    assert all(a["analysis"]["sentences"] for a in report["articles"])
    assert (out / "report.html").read_text().startswith("<!doctype html>")
    # the same input again adds nothing
    assert main(["run", str(corpus), "--out", str(out), "-q"]) == 0
    assert "(0 new, 0 updated, 12 already stored)" in capsys.readouterr().out


def test_strict_makes_skipped_inputs_fail(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("The bridge reopened on Monday.")
    (tmp_path / "empty.txt").write_text("")
    assert main(["--db", str(tmp_path / "s.sqlite"), "add", str(tmp_path), "-q"]) == 0
    assert main(["--db", str(tmp_path / "s.sqlite"), "add", str(tmp_path), "-q", "--strict"]) == 1


def test_articles_and_show(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.sqlite")
    main(["--db", db, "add", str(corpus / "harbor_ledger.html"), "-q"])
    capsys.readouterr()
    assert main(["--db", db, "articles"]) == 0
    listing = capsys.readouterr().out
    article_id = listing.splitlines()[1].split()[0]
    assert "Harbor Ledger" in listing
    assert main(["--db", db, "show", article_id[:8]]) == 0
    shown = capsys.readouterr().out
    assert "outlet: Harbor Ledger" in shown and "Entities" in shown and "(person) x1" in shown
    assert "Quotes" in shown and "Numeric claims" in shown and "Dates" in shown
    assert main(["--db", db, "show", "0000000000"]) == 2


def test_hostile_article_is_escaped_in_the_html_report(tmp_path: Path) -> None:
    page = tmp_path / "evil.jsonl"
    page.write_text(
        json.dumps(
            {
                "title": "<script>alert('title')</script>",
                "text": 'Officials said <img src=x onerror=alert(1)> the dam held. "Quote" & more.',
                "url": "javascript:alert(document.cookie)",
                "outlet": "<b>Evil</b>",
            }
        )
        + "\n"
    )
    out = tmp_path / "out"
    assert main(["run", str(page), "--out", str(out), "-q"]) == 0
    html = (out / "report.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Evil" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "Content-Security-Policy" in html


def test_interrupted_run_keeps_what_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storydesk import pipeline
    from storydesk.store.store import Store

    for i in range(250):
        (tmp_path / f"{i:03d}.txt").write_text(f"Report {i} about the flood.")

    def crash(*_args: object, **_kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "analyze_pending", crash)
    db = tmp_path / "s.sqlite"
    assert main(["--db", str(db), "add", str(tmp_path), "-q"]) == 130
    with Store(db) as store:
        assert store.count_articles() == 250  # reading finished before the interruption


def test_brief_length_is_configurable_and_recomputed(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "-q", "--brief-words", "40"]) == 0
    short = json.loads((out / "report.json").read_text())["stories"][0]["brief"]
    assert 0 < short["words"] <= 40 and short["budget"] == 40
    # the same store, a longer brief: stories are rewritten though no article is new
    assert main(["run", str(corpus), "--out", str(out), "-q", "--brief-words", "120"]) == 0
    longer = json.loads((out / "report.json").read_text())["stories"][0]["brief"]
    assert longer["budget"] == 120 and longer["words"] > short["words"]


def test_show_story_lists_claims_changes_and_folds_the_background(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`show S1` over a stored story with claims, discrepancies and background events
    (the fictional results of tests/story_render_fixture.py put on the demo's story)."""
    import shutil

    from story_render_fixture import SPOKESMAN, UNION, WALKOUT, inject_results

    db = tmp_path / "s.sqlite"
    shutil.copyfile(demo_db, db)
    link = inject_results(db)
    capsys.readouterr()
    assert main(["--db", str(db), "show", "S000001"]) == 0
    out = capsys.readouterr().out
    with Store(db, read_only=True) as store:
        report = store.story_report("S000001")
    assert report is not None and out.splitlines()[0] == clean_title(report)  # the page's title
    shown = " ".join(out.split())
    assert "established by several independent sources (2):" in shown
    assert f"- {WALKOUT} [8 independent:" in shown and f"- {UNION} [2 independent:" in shown
    assert SPOKESMAN not in shown
    assert "what it changed: * date of the event: changed 'spread again Saturday'" in shown
    assert f"! Introduced by rewrite {link.derived_id[:8]} (" in shown
    assert "2 earlier background events (show --all to list them)" in shown
    assert "opened in 2019" not in shown
    assert main(["--db", str(db), "show", "S000001", "--all"]) == 0
    everything = " ".join(capsys.readouterr().out.split())
    assert "opened in 2019" in everything and "background events" not in everything


def test_add_with_no_paths_upgrades_an_old_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message for an old store says `storydesk add` with no paths upgrades it:
    it must."""
    import sqlite3

    from storydesk.store import database
    from storydesk.store.schema import MIGRATIONS, SCHEMA_VERSION

    db = tmp_path / "old.sqlite"
    old = sqlite3.connect(db, isolation_level=None)
    for script in MIGRATIONS[: SCHEMA_VERSION - 1]:
        for statement in database._statements(script):
            old.execute(statement)
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    old.close()
    assert main(["--db", str(db), "stories"]) != 0
    assert "run `storydesk add` (with no paths)" in capsys.readouterr().err
    assert main(["--db", str(db), "add"]) == 0
    assert "the store's schema is current" in capsys.readouterr().out
    assert main(["--db", str(db), "stories"]) == 0
