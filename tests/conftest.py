"""Shared fixtures: the team's fictional demo corpus and temporary stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.store.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "src" / "storydesk" / "demo" / "corpus"


@pytest.fixture
def corpus() -> Path:
    return CORPUS


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.sqlite") as opened:
        yield opened
