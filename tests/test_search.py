"""Full-text search: words to stories, safe with any query, kept up to date."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storydesk.cli import main
from storydesk.pipeline import process
from storydesk.store.errors import StoreFull, store_error
from storydesk.store.search import MARK_END, MARK_START
from storydesk.store.store import Store


def test_words_find_their_story_with_marked_snippets(demo_db: Path) -> None:
    with Store(demo_db) as store:
        (story,) = store.search_stories("kettle scalding")  # kettles, scald: stems match
        assert "kettle" in story.title.lower()
        (story,) = store.search_stories("kettle")
        assert story.matches == story.size == 3
        snippet = story.articles[0].snippet
        assert MARK_START in snippet and MARK_END in snippet
        found = {r.id for r in store.search_stories("Marrowvale")}
        assert found == {"S000001"}
        assert store.search_stories("zeppelin") == []


@pytest.mark.parametrize(
    "query",
    ['dam "', "dam*", "NEAR(dam kettle)", "dam OR", "(", "title:dam", "^dam", "x" * 5000,
     " ".join(["dam"] * 50), "' OR 1=1 --", "holloway_dam", "x_y_z"],
)
def test_any_query_is_words_never_syntax(demo_db: Path, query: str) -> None:
    with Store(demo_db) as store:
        results = store.search_stories(query)  # no sqlite3.OperationalError
        assert isinstance(results, list)


def test_words_joined_by_underscores_are_searched_as_words(demo_db: Path) -> None:
    # The index splits "holloway_dam" in two; asked as one term it was a phrase the
    # index cannot answer (an error the web API showed as "the disk is full").
    with Store(demo_db) as store:
        assert {r.id for r in store.search_stories("holloway_dam")} == {"S000001"}


def test_only_a_full_disk_is_called_a_full_disk(tmp_path: Path) -> None:
    full = store_error(tmp_path, sqlite3.OperationalError("database or disk is full"))
    assert isinstance(full, StoreFull)
    other = sqlite3.OperationalError("fts5: phrase queries are not supported (detail!=full)")
    assert not isinstance(store_error(tmp_path, other), StoreFull)


def test_new_articles_are_searchable_and_old_versions_are_not(tmp_path: Path) -> None:
    def write(text: str) -> Path:
        path = tmp_path / "wire.jsonl"
        path.write_text(json.dumps({"title": "Quarry blast", "text": text,
                                    "url": "https://wire.example/quarry"}) + "\n")  # fmt: skip
        return path

    with Store(tmp_path / "s.sqlite") as store:
        process(store, [write("A blast at the Fenwick quarry shook the valley on Monday.")])
        assert store.search_stories("Fenwick")  # builds the index
        process(store, [write("A blast at the Ostrava quarry shook the valley on Monday.")])
        assert store.search_stories("Ostrava")  # added after the index existed
        assert store.search_stories("Fenwick") == []  # superseded by the new version


def test_without_fts5_a_scan_gives_the_same_stories(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(demo_db) as store:
        indexed = [r.id for r in store.search_stories("kettle")]
        monkeypatch.setattr(store, "ensure_search_index", lambda: False)
        scanned = store.search_stories("kettle")
        assert [r.id for r in scanned] == indexed
        assert MARK_START in scanned[0].articles[0].snippet


def test_search_command(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "search", "kettle"]) == 0
    out = capsys.readouterr().out
    assert "S000002" in out and "[kettles]" in out.lower()
    assert main(["--db", str(demo_db), "search", "zeppelin"]) == 0
    assert "nothing matches" in capsys.readouterr().out


def test_a_word_also_finds_the_other_spellings_of_a_name(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(demo_db) as store:
        found = store.search("Vargha")  # the demo spells her "Ilse Varga" and "Ilse Vargha"
        assert [(e.word, e.variants) for e in found.expansions] == [("Vargha", ("Varga",))]
        back = store.search("varga")
        assert [e.variants for e in back.expansions] == [("Vargha",)]
        (story,) = found.stories
        assert [s.matches for s in back.stories] == [story.matches]
        assert store.search("Marrowvale").expansions == ()  # spelt one way only
        monkeypatch.setattr(store, "spelling_expansions", lambda terms: {})
        (typed,) = store.search_stories("Vargha")
        assert typed.matches < story.matches  # the variants found more articles


def test_search_command_says_which_spellings_it_added(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_db), "search", "Kirkbray"]) == 0
    out = capsys.readouterr().out
    assert "also searched: Kirkbrae for Kirkbray" in out
