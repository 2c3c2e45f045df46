"""Shared fixtures: the team's fictional demo corpus and temporary stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.store.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "src" / "storydesk" / "demo" / "corpus"


@pytest.fixture
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the processed demo corpus, shared by tests that only read it."""
    from storydesk.pipeline import process

    path = tmp_path_factory.mktemp("demo_db") / "s.sqlite"
    with Store(path) as opened:
        process(opened, [CORPUS])
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.sqlite") as opened:
        yield opened
