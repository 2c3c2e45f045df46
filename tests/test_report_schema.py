"""report.json has a documented shape: docs/report.schema.json, generated from the
read model. The checked-in schema must be current, the demo's report.json must match
it, and a report of the wrong shape must not."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storydesk import codec
from storydesk.cli import main
from storydesk.model import RunReport
from storydesk.write.json_report import report_schema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "report.schema.json"


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("demo_report")
    assert main(["demo", "--out", str(out)]) == 0
    data: dict[str, Any] = json.loads((out / "report.json").read_text("utf-8"))
    return data


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_checked_in_schema_is_the_generated_one() -> None:
    checked_in = json.loads(SCHEMA_PATH.read_text("utf-8"))
    assert checked_in == report_schema(), "run: .venv/bin/python scripts/report_schema.py"


def test_demo_report_matches_the_schema(demo_report: dict[str, Any]) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in _validator().iter_errors(demo_report)]
    assert errors == []
    story = demo_report["stories"][0]
    assert story["facts"] and story["brief"]["sentences"]  # the demo exercises the parts


def test_demo_report_reads_back_as_the_model(demo_report: dict[str, Any]) -> None:
    report = codec.from_data(RunReport, demo_report)
    assert isinstance(report, RunReport)
    assert codec.to_data(report) == demo_report


@pytest.mark.parametrize(
    "spoil",
    [
        lambda r: r["stories"][0]["facts"][0].__setitem__("support", "two"),
        lambda r: r["stories"][0].pop("sources"),
        lambda r: r["articles"][0].__setitem__("surprise", 1),
        lambda r: r["stories"][0]["sources"]["derivations"].append({"kind": "copied"}),
        lambda r: r["run"]["counts"].__setitem__("read", None),
    ],
    ids=["wrong type", "missing field", "unknown field", "bad link", "null count"],
)
def test_a_report_of_another_shape_is_rejected(demo_report: dict[str, Any], spoil: Any) -> None:
    spoilt = copy.deepcopy(demo_report)
    spoil(spoilt)
    assert list(_validator().iter_errors(spoilt))


def test_streamed_report_is_the_whole_report(
    demo_report: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """report.json streams from the store one article and one story at a time; what it
    writes is the RunReport built whole from the same store, field for field, and the
    HTML page gathered alongside is the one rendered from that record."""
    from dataclasses import replace
    from datetime import datetime

    from storydesk.model import RunInfo
    from storydesk.store.store import Store
    from storydesk.write.html_report import render_html
    from storydesk.write.json_report import build_report

    out = tmp_path_factory.mktemp("again")
    assert main(["demo", "--out", str(out)]) == 0
    streamed = json.loads((out / "report.json").read_text("utf-8"))
    with Store(out / "storydesk.sqlite", read_only=True) as store:
        ids = [a["id"] for a in streamed["articles"]]
        run = codec.from_data(RunInfo, streamed["run"])
        whole = build_report(store.article_records(ids), store.story_reports_for(ids), run)
    whole_data = codec.to_data(whole)
    assert streamed["generated_at"]
    whole_data["generated_at"] = streamed["generated_at"]
    assert streamed == json.loads(json.dumps(whole_data, default=str))
    assert [a["id"] for a in streamed["articles"]] == [a.id for a in whole.articles]
    html = render_html(
        replace(whole, generated_at=datetime.fromisoformat(streamed["generated_at"])),
        "storydesk demo: the Holloway Dam flood",
    )
    assert (out / "report.html").read_text("utf-8") == html


def _with_fictional_story(report: dict[str, Any]) -> dict[str, Any]:
    """The demo report with the hand-built story of tests/story_render_fixture.py added:
    claims, discrepancies of every shape (changed, dropped) and background events."""
    from story_render_fixture import fictional_story

    extended = copy.deepcopy(report)
    extended["stories"].append(codec.to_data(fictional_story()))
    return extended


def test_claims_discrepancies_and_background_events_match_the_schema(
    demo_report: dict[str, Any],
) -> None:
    extended = _with_fictional_story(demo_report)
    story = extended["stories"][-1]
    assert story["claims"] and story["discrepancies"]
    assert any(e["background"] for e in story["timeline"])
    errors = [f"{e.json_path}: {e.message}" for e in _validator().iter_errors(extended)]
    assert errors == []
    assert codec.from_data(RunReport, extended).stories[-1].discrepancies[0].kind == "event_date"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda s: s["discrepancies"][0].__setitem__("kind", "weekday"),
        lambda s: s["discrepancies"][0].pop("derived_span"),
        lambda s: s["claims"][0].__setitem__("support", "seven"),
        lambda s: s["timeline"][0].__setitem__("background", "yes"),
    ],
    ids=["unknown kind", "missing span", "wrong support", "wrong background"],
)
def test_a_claim_or_discrepancy_of_another_shape_is_rejected(
    demo_report: dict[str, Any], spoil: Any
) -> None:
    extended = _with_fictional_story(demo_report)
    spoil(extended["stories"][-1])
    assert list(_validator().iter_errors(extended))
