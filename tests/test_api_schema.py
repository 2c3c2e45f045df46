"""The whole application against its own OpenAPI document (schemathesis): every
documented operation, asked without a token, answers as documented (status, content
type, body shape) and never with a server error; every write is refused.

Bounded and deterministic: a few derandomized examples per operation, over a copy of
the demo store (reads never change it, and no write gets through)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from storydesk.web.app import create_app

TOKEN = "fictional-schema-token-5c0d"
EXAMPLES = 25  # per operation
READS = {"GET /api/health", "GET /api/stories", "GET /api/stories/{story_id}",
         "GET /api/articles/{article_id}", "GET /api/search", "GET /api/jobs/{job_id}"}  # fmt: skip
WRITES = {"POST /api/articles"}


def _dates_in_range(case: Any) -> Any:
    """What the document says in words and JSON Schema cannot: publication dates are
    taken from 1900 to 2100 (others are moved into the range, as
    tests/test_write_api_schema.py does), and a search's `since` is not after its
    `until` (they are swapped)."""
    query = case.query or {}
    since, until = query.get("since"), query.get("until")
    if isinstance(since, str) and isinstance(until, str) and since > until:
        query["since"], query["until"] = until, since
    body = case.body
    for article in body if isinstance(body, list) else [body]:
        published = article.get("published") if isinstance(article, dict) else None
        if isinstance(published, str) and not 1900 <= int(published[:4]) <= 2100:
            article["published"] = "2032" + published[4:]
    return case


def _walk(operation: Any, check: Any) -> None:
    @given(case=operation.as_strategy().map(_dates_in_range))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def each(case: Any) -> None:
        check(case)

    each()


# schemathesis' own strategies draw from `random`, which hypothesis warns of.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
def test_every_operation_answers_as_documented_and_writes_need_the_token(
    demo_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    shutil.copyfile(demo_db, db)
    before = db.read_bytes()
    app = create_app(db, write_token=TOKEN)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = {op.label: op for op in (result.ok() for result in schema.get_all_operations())}
    assert set(operations) == READS | WRITES  # a new operation is added here, knowingly
    refused: list[int] = []

    def refused_without_token(case: Any) -> None:
        answer = case.call_and_validate()  # documented, no 5xx
        refused.append(answer.status_code)
        assert answer.status_code in (401, 413, 415), answer.text
        wrong = case.call(headers={"Authorization": "Bearer not-the-token-at-all-00"})
        assert wrong.status_code in (401, 413, 415), wrong.text

    def answers_as_documented(case: Any) -> None:
        case.call_and_validate()

    for label, operation in sorted(operations.items()):
        _walk(operation, refused_without_token if label in WRITES else answers_as_documented)
    assert refused.count(401) >= EXAMPLES // 2  # most were well-formed and refused for the token
    assert db.read_bytes() == before  # nothing was written
