"""Import structure around the link stage: no cycles inside the clusterer, and the
store does not reach into link/ (it is told the embedding model and width, and
keeps the clusterer's rows as encoded values)."""

from __future__ import annotations

import ast
from pathlib import Path

import storydesk

SRC = Path(storydesk.__file__).resolve().parent


def _imported(relative: str) -> set[str]:
    """Every module a source file imports, including under TYPE_CHECKING."""
    tree = ast.parse((SRC / relative).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_clusterer_parts_do_not_import_the_clusterer() -> None:
    for part in ("link/cluster_split.py", "link/cluster_state.py", "link/lazy_rows.py"):
        assert "storydesk.link.cluster" not in _imported(part), part


def test_the_sentence_vector_store_does_not_import_the_link_stage() -> None:
    imported = _imported("store/vectors.py")
    assert not [m for m in imported if m.startswith("storydesk.link")], imported


def test_the_clusterer_row_store_does_not_import_the_link_stage() -> None:
    imported = _imported("store/cluster_rows.py")
    assert not [m for m in imported if m.startswith("storydesk.link")], imported
