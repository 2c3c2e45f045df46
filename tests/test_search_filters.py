"""Search filters (time, outlet, entity), the cost of a search in queries, and the
story list's count of current articles, on the fictional demo corpus."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storydesk import codec
from storydesk.model import SearchHit, SearchResults, StoryResults
from storydesk.pipeline import process
from storydesk.store.check import check_store
from storydesk.store.store import Store


def _hits(results: SearchResults) -> list[SearchHit]:
    return [h for story in results.stories for h in story.articles]


def test_outlet_filter_keeps_that_outlets_articles_in_any_case(demo_db: Path) -> None:
    with Store(demo_db) as store:
        everything = _hits(store.search("Marrowvale"))
        ledger = _hits(store.search("Marrowvale", outlet="harbor LEDGER"))
        assert {h.outlet for h in ledger} == {"Harbor Ledger"}
        assert {h.id for h in ledger} == {h.id for h in everything if h.outlet == "Harbor Ledger"}
        assert len(ledger) < len(everything)
        assert store.search("Marrowvale", outlet="Nobody Times").stories == ()


def test_time_filter_bounds_publication_and_leaves_undated_articles_out(demo_db: Path) -> None:
    with Store(demo_db) as store:
        everything = _hits(store.search("Marrowvale"))
        assert any(h.published is None for h in everything)  # the filter has work to do
        since = datetime(2026, 3, 12, tzinfo=UTC)
        later = _hits(store.search("Marrowvale", since=since))
        expected = {h.id for h in everything if h.published and h.published >= since}
        assert {h.id for h in later} == expected and 0 < len(expected) < len(everything)
        # A day as `until` is all of that day; a time without a zone is UTC.
        first_day = _hits(store.search("Marrowvale", until=date(2026, 3, 11)))
        assert {h.published.date() for h in first_day if h.published} == {date(2026, 3, 11)}
        assert len(first_day) == sum(
            1 for h in everything if h.published and h.published.date() == date(2026, 3, 11)
        )
        naive = _hits(store.search("Marrowvale", since=datetime(2026, 3, 12)))
        assert {h.id for h in naive} == expected
        assert store.search("Marrowvale", since=date(2030, 1, 1)).stories == ()


def test_entity_filter_takes_the_names_other_spellings(demo_db: Path) -> None:
    """The demo spells her "Ilse Varga" and "Ilse Vargha"."""
    with Store(demo_db) as store:
        by_name = store.search("", entity="Ilse Vargha")
        assert ("Vargha", ("Varga",)) in [(e.word, e.variants) for e in by_name.expansions]
        found = {h.id for h in _hits(by_name)}
        assert found == {h.id for h in _hits(store.search("Ilse Vargha"))}
        spelt_vargha = {
            a.id for a in store.articles() if "Vargha" in a.text or "Vargha" in (a.title or "")
        }
        assert spelt_vargha < found  # articles that spell her "Varga" only are in too
        with_dam = {h.id for h in _hits(store.search("dam", entity="Ilse Vargha"))}
        assert with_dam and with_dam <= found
        assert store.search("kettle", entity="Ilse Vargha").stories == ()


def test_filters_give_the_same_stories_without_fts5(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(demo_db) as store:
        wanted = {"outlet": "Meridian Press", "since": date(2026, 3, 12)}
        indexed = {h.id for h in _hits(store.search("dam", **wanted))}  # type: ignore[arg-type]
        monkeypatch.setattr(store, "ensure_search_index", lambda: False)
        scanned = {h.id for h in _hits(store.search("dam", **wanted))}  # type: ignore[arg-type]
        assert scanned == indexed and indexed


def test_a_search_costs_a_bounded_number_of_queries(demo_db: Path) -> None:
    with Store(demo_db) as store:
        statements: list[str] = []
        store.search("warm")  # the index check, once per Store
        # Statements FTS5 runs inside a query are traced as comments ("-- SELECT ...").
        store.db.set_trace_callback(
            lambda sql: None if sql.startswith("--") else statements.append(sql)
        )
        for query in ("Marrowvale", "dam flood Vargha Marrowvale"):
            statements.clear()
            found = store.search(query)
            assert found.stories
            words = len(query.split())
            assert len(statements) <= 3 * words + 3, statements


def test_story_sizes_count_current_articles_through_new_versions(tmp_path: Path) -> None:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps({"title": "Quarry blast", "text": text, "outlet": "Wire",
                                    "url": "https://wire.example/quarry"}) + "\n")  # fmt: skip
        return path

    with Store(tmp_path / "s.sqlite") as store:
        process(store, [write("a.jsonl", "A blast at the Fenwick quarry shook the valley on "
                              "Monday, the mine's owner said.")])  # fmt: skip
        process(store, [write("b.jsonl", "A blast at the Fenwick quarry shook the whole valley "
                              "on Monday, the mine's owner said.")])  # fmt: skip
        listed = store.list_stories()
        assert sum(s.size for s in listed) == store.count_articles() == 1
        assert store.count_articles(current_only=False) == 2
        assert store.count_stories() == len(listed)
        for story in listed:
            assert store.story_listing(story.id) == story
        report = check_store(store)
        assert report.sound, report.orphans


def test_decoded_results_follow_the_stored_bytes(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "s.sqlite"
    copy.write_bytes(demo_db.read_bytes())
    with Store(copy) as store:
        story_id = store.list_stories()[0].id
        first = store.story_results(story_id)
        assert first is not None and store.story_results(story_id) is first  # kept
        row = store.db.execute(
            "SELECT data FROM story_results WHERE story_id = ?", (story_id,)
        ).fetchone()
        assert first == codec.unpack(StoryResults, row["data"])
        changed = StoryResults(linked_ids=first.linked_ids, facts=first.facts[:1])
        store.save_story_results(story_id, changed)
        assert store.story_results(story_id) == changed  # new bytes, decoded anew
