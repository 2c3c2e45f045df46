"""The outlet page's store queries on a small fictional store: an outlet's articles
newest first, its name matched whatever the case, and the copies and rewrites its
articles take part in (links of other outlets' pairs left out)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storydesk.model import Article, Link, Provenance, Story
from storydesk.store.store import Store


def _article(text: str, outlet: str | None, day: int | None) -> Article:
    published = datetime(2026, 4, day, 9, tzinfo=UTC) if day else None
    # One line of a JSONL file each: one document each, not versions of one.
    provenance = Provenance("fixture.jsonl", "jsonl", locator=text)
    return Article.build(text, provenance, title=text[:20], outlet=outlet, published=published)


def test_outlet_articles_and_links(tmp_path: Path) -> None:
    courier_old = _article("Ferry crews walked out at Brannock.", "Pelham Courier", 9)
    courier_new = _article("Talks on the Brannock strike resume.", "Pelham Courier", 11)
    courier_undated = _article("Brannock terminal timetable.", "Pelham Courier", None)
    quay = _article("Brannock crews strike, the Quay reports.", "Daily Quay", 10)
    wire = _article("Wire copy on a harbour fire.", "North Shore Wire", 10)
    wire_copy = _article("Wire copy on a harbour fire, again.", None, 10)
    everything = (courier_old, courier_new, courier_undated, quay, wire, wire_copy)
    with Store(tmp_path / "s.sqlite") as store:
        for article in everything:
            store.add_article(article)
        store.save_story(Story("S000001", "strike", (courier_old.id, courier_new.id, quay.id)), {})
        store.save_story(Story("S000002", "fire", (wire.id, wire_copy.id)), {})
        store.save_links("S000001", [
            Link(courier_old.id, quay.id, "rewrite", "known", 0.1, 0.7),
            Link(courier_old.id, courier_new.id, "independent", "known", 0.0, 0.0),
        ])  # fmt: skip
        store.save_links("S000002", [Link(wire.id, wire_copy.id, "duplicate", "known", 1, 0)])
        store.db.commit()
    with Store(tmp_path / "s.sqlite", read_only=True) as store:
        assert store.outlet_name("pelham COURIER") == "Pelham Courier"
        assert store.outlet_name("Nobody") is None
        assert store.outlet_article_count("Pelham Courier") == 3
        shown = [a.id for a in store.outlet_articles("Pelham Courier")]
        assert shown == [courier_new.id, courier_old.id, courier_undated.id]
        assert [a.id for a in store.outlet_articles("Pelham Courier", limit=1)] == [courier_new.id]
        links = store.outlet_links("Pelham Courier")
        assert [(k.source_id, k.derived_id) for k in links] == [(courier_old.id, quay.id)]
        assert store.outlets_of([quay.id, wire_copy.id]) == {
            quay.id: "Daily Quay",
            wire_copy.id: None,
        }
