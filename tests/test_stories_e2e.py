"""The whole pipeline on the demo corpus, checked against the corpus's gold file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storydesk.cli import main
from storydesk.model import Article
from storydesk.pipeline import process
from storydesk.store.store import Store


@pytest.fixture(scope="module")
def gold(corpus: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((corpus.parent / "gold.json").read_text())


@pytest.fixture(scope="module")
def corpus() -> Path:  # module-scoped twin of conftest's fixture
    from conftest import CORPUS

    return CORPUS


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Store:
    store = Store(tmp_path_factory.mktemp("demo") / "s.sqlite")
    process(store, [corpus])
    yield store
    store.close()


def _gold_key(article: Article) -> tuple[str, str | None]:
    name = Path(article.provenance.source).name
    locator = article.provenance.locator
    return name, locator


def _labels(store: Store, gold: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """article id -> gold article label ("mp-wire", ...)."""
    wanted = {
        (g["file"], None if g["locator"] is None else str(g["locator"])): g["id"]
        for g in gold["articles"]
    }
    return {a.id: wanted[_gold_key(a)] for a in store.articles()}


def test_two_stories_as_in_gold(demo_store: Store, gold: dict) -> None:  # type: ignore[type-arg]
    labels = _labels(demo_store, gold)
    found = []
    for story in demo_store.list_stories():
        ids = demo_store.story_article_ids(story.id)
        found.append(sorted(labels[i] for i in ids))
    expected = [sorted(s["articles"]) for s in gold["stories"].values()]
    assert sorted(found) == sorted(expected)


def test_derivations_and_independent_sources(demo_store: Store, gold: dict) -> None:  # type: ignore[type-arg]
    labels = _labels(demo_store, gold)
    main_id = demo_store.list_stories()[0].id
    report = demo_store.story_report(main_id)
    assert report is not None
    derived = {
        (labels[k.source_id], labels[k.derived_id], k.kind) for k in report.sources.derivations
    }
    expected = {(r["source"], r["derived"], r["kind"]) for r in gold["relations"]}
    assert derived == expected
    assert report.sources.independent == gold["independent_sources"]["main"]["count"]


def test_conflict_and_corroboration(demo_store: Store) -> None:
    main_id = demo_store.list_stories()[0].id
    report = demo_store.story_report(main_id)
    assert report is not None
    values = [{c.first.value, c.second.value} for c in report.conflicts]
    assert {27.0, 31.0} in values  # same day, different sources
    assert {23.0, 27.0} not in values  # a rising toll on different days is an update
    homes = [f for f in report.facts if "home" in f.counted or "house" in f.counted]
    assert homes and max(f.support for f in homes) >= 3


def test_brief_cites_real_spans(demo_store: Store) -> None:
    for story in demo_store.list_stories():
        report = demo_store.story_report(story.id)
        assert report is not None and report.brief is not None
        for sentence in report.brief.sentences:
            for citation in sentence.citations:
                article = demo_store.get_article(citation.article_id)
                assert article is not None
                if citation is sentence.source:
                    assert article.text[citation.start : citation.end] == sentence.text


def _snapshot(store: Store) -> tuple[list[list[str]], set[tuple[str, str, str]]]:
    listed = store.list_stories()
    stories = sorted(sorted(store.story_article_ids(s.id)) for s in listed)
    links = {
        (k.source_id, k.derived_id, k.kind)
        for s in listed
        for k in store.links_of(s.id)
        if k.kind != "independent"
    }
    return stories, links


def test_one_at_a_time_gives_the_same_stories(tmp_path: Path, corpus: Path) -> None:
    files = sorted(p for p in corpus.iterdir() if p.suffix not in (".json", ".md"))
    with Store(tmp_path / "together.sqlite") as store:
        process(store, files)
        expected = _snapshot(store)
    with Store(tmp_path / "apart.sqlite") as store:
        for path in files:
            process(store, [path])  # stories grow and their links are computed incrementally
        got = _snapshot(store)
    assert got == expected


def test_cli_story_views(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    shutil.copytree(corpus, folder)
    db = str(tmp_path / "s.sqlite")
    assert main(["--db", db, "add", str(folder), "-q"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "stories"]) == 0
    listing = capsys.readouterr().out
    assert "S000001" in listing and "S000002" in listing
    assert main(["--db", db, "show", "S1"]) == 0
    shown = capsys.readouterr().out
    for heading in ("independent sources", "brief", "facts confirmed", "conflicts", "timeline"):
        assert heading in shown
