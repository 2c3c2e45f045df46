"""The conflict benchmark's labelled set: how a flagged conflict finds its label."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.conflict_labels import Flagged, Label, LabelIndex, Side, label_rows, read_labels

A = Side("NYT001", 100, 103, "109")
B = Side("APW002", 40, 42, "35")


def _flagged(first: Side, second: Side, cluster: str = "D0001A") -> Flagged:
    return Flagged(cluster, first, second, "fact: unexplained", "")


def test_exact_match_in_either_order() -> None:
    label = Label("D0001A", A, B, False, "different counted thing")
    index = LabelIndex([label])
    assert index.find(_flagged(A, B)) is label
    assert index.find(_flagged(B, A)) is label


def test_overlapping_spans_keep_their_label() -> None:
    """A span read wider ("109 people") or with its hedge still finds the label."""
    label = Label("D0001A", A, B, True, "same toll")
    index = LabelIndex([label])
    wider = Side("NYT001", 100, 110, "109 people")
    assert index.find(_flagged(B, wider)) is label


def test_empty_span_matches_where_it_sits() -> None:
    """A rewrite that drops words has an empty span at the place they were."""
    dropped = Side("APW002", 42, 42, "")
    label = Label("D0001A", A, dropped, False, "hedge added")
    index = LabelIndex([label])
    assert index.find(_flagged(Side("NYT001", 99, 101, "10"), Side("APW002", 42, 42, ""))) is label
    assert index.find(_flagged(A, Side("APW002", 50, 50, ""))) is None


def test_other_cluster_article_or_place_is_unlabelled() -> None:
    index = LabelIndex([Label("D0001A", A, B, True, "same toll")])
    assert index.find(_flagged(A, B, cluster="D0002B")) is None
    assert index.find(_flagged(A, Side("APW003", 40, 42, "35"))) is None
    assert index.find(_flagged(A, Side("APW002", 200, 202, "35"))) is None


def test_rows_read_back(tmp_path: Path) -> None:
    labels = [Label("D0001A", A, B, False, "period differs")]
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"description": "x", "conflicts": label_rows(labels)}))
    assert read_labels(path) == labels
    assert read_labels(tmp_path / "absent.json") == []
