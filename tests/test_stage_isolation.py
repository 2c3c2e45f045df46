"""One bad article (or story) never stops the rest, and never wedges later runs.

Each test makes one stage raise on a poisoned article, as an extractor bug on odd
input would, and checks that the other articles get through, that the failure is
recorded with its stage and reason, that the next run neither retries it nor fails,
and that a new code version retries it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storydesk import pipeline
from storydesk.analyze.nlp import analyzer_name
from storydesk.cli import main
from storydesk.link.cluster import OnlineClusterer
from storydesk.model import Article, RecordedFailure
from storydesk.pipeline import process
from storydesk.store.store import Store

POISON = "Zzyzx-poison"

FERRY = (
    "Ferry service to Corran Island halted after engine fire\n\n"
    "The Corran Island ferry stopped running on Tuesday after a fire broke out in the "
    "engine room of the MV Saltmarsh, the harbour authority said. All 212 passengers were "
    "taken ashore at Port Ellery. \"Nobody was hurt,\" said harbour master Ines Valbuena.\n\n"
    "The operator, Tidewater Lines, said the ferry would stay in dock for inspection."
)
FERRY_2 = (
    "Corran ferry fire: passengers brought ashore\n\n"
    "A fire in the engine room of the Corran Island ferry MV Saltmarsh halted crossings on "
    "Tuesday. Harbour master Ines Valbuena said all 212 passengers reached Port Ellery "
    "safely. Tidewater Lines said the vessel would be inspected before it sails again."
)
ORCHARD = (
    "Frost damages apple orchards in the Lindqvist valley\n\n"
    "Growers in the Lindqvist valley lost about 40 percent of their apple blossom to a late "
    "frost on Sunday night, the regional farmers' union said. \"It is the worst frost in "
    "twenty years,\" said union chair Mateo Brandt."
)


def _write(folder: Path, name: str, date: str, text: str) -> Path:
    path = folder / name
    path.write_text(f" date {date}\n{text}\n", "utf-8")
    return path


@pytest.fixture
def pile(tmp_path: Path) -> Path:
    folder = tmp_path / "pile"
    folder.mkdir()
    _write(folder, "ferry.txt", "2026-05-05", FERRY)
    _write(folder, "ferry_2.txt", "2026-05-05", FERRY_2)
    _write(folder, "orchard.txt", "2026-05-04", ORCHARD)
    _write(folder, "poison.txt", "2026-05-05", FERRY_2.replace("Harbour master", POISON))
    return folder


def _poisoned(article: Any) -> bool:
    text = article.text if isinstance(article, Article) else ""
    return POISON in text


def _failures(store: Store) -> list[RecordedFailure]:
    return store.list_failures()


def _poison_claims(monkeypatch: pytest.MonkeyPatch, message: str,
                   calls: list[str] | None = None) -> None:
    """Make the claims extractors raise OverflowError(message) on the poisoned article
    (forked workers inherit it); `calls` collects the ids it was asked about."""
    real = pipeline.extract_claims

    def extract(article: Article, analysis: Any) -> Any:
        if calls is not None:
            calls.append(article.id)
        if _poisoned(article):
            raise OverflowError(message)
        return real(article, analysis)

    monkeypatch.setattr(pipeline, "extract_claims", extract)


def test_a_claims_failure_is_recorded_and_not_retried_until_the_code_changes(
    pile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.extract_claims
    calls: list[str] = []
    _poison_claims(monkeypatch, "date value out of range", calls)
    with Store(tmp_path / "s.sqlite") as store:
        summary = process(store, [pile], processes=1)
        assert [(f.stage, f.reason) for f in summary.stage_failures] == [
            ("claims", "OverflowError: date value out of range")
        ]
        bad = summary.stage_failures[0].item_id
        # The others have claims and every article, the bad one included, has a story.
        for article_id in summary.article_ids:
            has_claims = store.claims_of(article_id) is not None
            assert has_claims == (article_id != bad)
            assert store.story_of(article_id) is not None
        assert [f.item_id for f in _failures(store)] == [bad]

        # The next run does not try the bad article again, and does not fail.
        calls.clear()
        again = process(store, [pile], processes=1)
        assert bad not in calls and again.stage_failures == []

        # A new code version retries it; once it succeeds, the failure is forgotten.
        monkeypatch.setattr(pipeline, "extract_claims", real)
        monkeypatch.setattr(pipeline, "stage_version", lambda stage: f"next/{stage}")
        process(store, [pile], processes=1)
        assert store.claims_of(bad) is not None
        assert _failures(store) == []


def test_claims_extracted_on_a_pool_equal_those_extracted_here(
    pile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _poison_claims(monkeypatch, "date value out of range")
    claims = []
    for processes, pool_min in ((1, 64), (2, 0)):
        monkeypatch.setattr(pipeline, "CLAIMS_POOL_MIN", pool_min)
        monkeypatch.setattr(pipeline, "CLAIMS_TASK", 1)  # several tasks, so several workers
        with Store(tmp_path / f"claims-{processes}.sqlite") as store:
            summary = process(store, [pile], processes=processes)
            assert [(f.stage, f.reason) for f in summary.stage_failures] == [
                ("claims", "OverflowError: date value out of range")
            ]
            claims.append({a: store.claims_of(a) for a in summary.article_ids})
    here, pooled = claims
    assert here == pooled
    assert sum(c is not None for c in pooled.values()) == len(pooled) - 1


def test_a_story_that_fails_leaves_the_others_and_later_runs_working(
    pile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.story_results

    def results(articles: Any, *args: Any, **kwargs: Any) -> Any:
        if any(_poisoned(a) for a in articles):
            raise ValueError("max() arg is an empty sequence")
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(pipeline, "story_results", results)
    with Store(tmp_path / "s.sqlite") as store:
        summary = process(store, [pile], processes=1)
        failed = [f for f in summary.stage_failures if f.stage == "stories"]
        assert len(failed) == 1 and "empty sequence" in failed[0].reason
        bad_story = failed[0].item_id
        stories = {s.id for s in store.list_stories()}
        assert len(stories) >= 2
        for story_id in stories - {bad_story}:
            assert store.story_results(story_id) is not None
        assert store.dirty_story_ids() == []

        # A later add of a good article works, and the failed story is not retried
        # while it is unchanged.
        more = tmp_path / "more"
        more.mkdir()
        _write(more, "orchard_2.txt", "2026-05-05", ORCHARD.replace("Sunday", "Monday"))
        later = process(store, [more], processes=1)
        assert later.stage_failures == [] and later.articles_read == 1
        assert store.story_of(later.article_ids[0]) is not None


def test_an_article_the_clusterer_fails_on_is_left_out_and_the_rest_placed_as_without_it(
    pile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_add = OnlineClusterer.add

    def add(self: OnlineClusterer, article: Article, analysis: Any = None) -> Any:
        assignment = real_add(self, article, analysis)  # changes the state, then fails
        if _poisoned(article):
            raise RuntimeError("clusterer bug")
        return assignment

    monkeypatch.setattr(OnlineClusterer, "add", add)
    with Store(tmp_path / "poisoned.sqlite") as store:
        summary = process(store, [pile], processes=1)
        assert [f.stage for f in summary.stage_failures] == ["cluster"]
        bad = summary.stage_failures[0].item_id
        assert store.assignment_of(bad) is None
        with_poison = _memberships(store, exclude=bad)

    (pile / "poison.txt").unlink()
    with Store(tmp_path / "clean.sqlite") as store:
        process(store, [pile], processes=1)
        assert _memberships(store) == with_poison


def _memberships(store: Store, exclude: str | None = None) -> set[tuple[str, frozenset[str]]]:
    out = set()
    for story in store.list_stories():
        members = frozenset(store.story_article_ids(story.id)) - {exclude}
        out.add((story.id, members))
    return out


def test_an_analysis_batch_that_raises_loses_only_the_bad_article(
    pile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.analyze_articles

    def analyze(articles: Iterable[Article], **kwargs: Any) -> Iterator[Any]:
        batch = list(articles)
        if any(_poisoned(a) for a in batch):  # the whole batch dies, as a pool would
            raise MemoryError("out of memory in a worker")
        yield from real(batch, **kwargs)

    monkeypatch.setattr(pipeline, "analyze_articles", analyze)
    with Store(tmp_path / "s.sqlite") as store:
        summary = process(store, [pile], processes=1)
        assert [f.stage for f in summary.stage_failures] == ["analyse"]
        bad = summary.stage_failures[0].item_id
        assert summary.analyzed == 3
        assert store.get_analysis(bad) is None
        # Without an analysis the article is not clustered, and not analysed again.
        assert store.assignment_of(bad) is None
        version = pipeline.stage_version("analyse")
        assert store.ids_needing_analysis(analyzer_name(), failed_version=version) == []


def test_the_cli_reports_stage_failures_and_check_lists_them(
    pile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _poison_claims(monkeypatch, "Python int too large to convert")
    db = str(tmp_path / "s.sqlite")
    assert main(["--db", db, "add", str(pile), "-q", "--processes", "1"]) == 0
    out = capsys.readouterr().out
    assert "FAILED  claims" in out and "Python int too large" in out
    assert main(["--db", db, "add", str(pile), "-q", "--strict", "--processes", "1"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "check"]) == 0  # failures are explained, not unsound
    out = capsys.readouterr().out
    assert "stage failures: 1" in out and "poison.txt" in out and "verdict: sound" in out


def test_the_failure_of_a_story_that_no_longer_exists_is_forgotten(tmp_path: Path) -> None:
    from storydesk.model import StageFailure

    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.record_failures([StageFailure("S000009", "stories", "ValueError: x")], "old")
        pipeline.update_stories(store)
        assert _failures(store) == []
