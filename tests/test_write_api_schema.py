"""The write API against its own OpenAPI document (schemathesis): every documented
operation, with the token, answers as documented and never with a server error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from storydesk.web.jobs import JobRunner
from storydesk.web.write_api import make_write_router

TOKEN = "fictional-schema-token-77e1"


def _dates_in_range(case: Any) -> Any:
    """The API takes publication dates from 1900 to 2100 (documented) and refuses
    others, which JSON Schema cannot say of a date-time: such dates are moved into
    the range, so that what is generated is what the document promises to take."""
    body = case.body
    for article in body if isinstance(body, list) else [body]:
        published = article.get("published") if isinstance(article, dict) else None
        if isinstance(published, str) and not 1900 <= int(published[:4]) <= 2100:
            article["published"] = "2032" + published[4:]  # a leap year: 29 Feb stays valid
    return case


# schemathesis' own strategies draw from `random`, which hypothesis warns of.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
def test_every_operation_answers_as_documented(tmp_path: Path) -> None:
    # Operations are walked here rather than with schemathesis' pytest plugin, whose
    # lazy (fixture) schemas do not run under pytest 9.
    runner = JobRunner(tmp_path / "s.sqlite", max_queued=4, temp_root=tmp_path)
    app = FastAPI()
    app.include_router(make_write_router(runner, token=TOKEN, max_body_bytes=200_000))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {"POST /api/articles", "GET /api/jobs/{job_id}"}
    try:
        for operation in operations:

            @given(case=operation.as_strategy().map(_dates_in_range))
            @settings(max_examples=30, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))  # fmt: skip
            def answers_as_documented(case: Any) -> None:
                case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})

            answers_as_documented()
    finally:
        runner.close(timeout=120)
    assert list(tmp_path.glob("storydesk-job-*")) == []
