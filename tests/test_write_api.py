"""The write API (web/write_api.py) on an app of its own: post the fictional recall
story as JSON and as files, poll the job, find the story in the store; tokens and
size limits refuse what they should."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from recall_story import FIXTURE_DIR, OUTLETS, PUBLISHED, RECALL, recall_articles

from storydesk.store.store import Store
from storydesk.web.jobs import JobRunner
from storydesk.web.write_api import WRITES_DISABLED, make_write_router

TOKEN = "fictional-test-token-4f9c2a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAX_BODY = 64 * 1024


def _client(runner: JobRunner, token: str | None = TOKEN, max_body: int = MAX_BODY) -> TestClient:
    app = FastAPI()
    app.include_router(make_write_router(runner, token=token, max_body_bytes=max_body))
    return TestClient(app)


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[JobRunner]:
    made = JobRunner(tmp_path / "s.sqlite", temp_root=tmp_path)
    yield made
    made.close()


def _rows() -> list[dict[str, Any]]:
    """The five recall articles as a client would post them."""
    return [
        {"title": article.title, "text": article.text, "outlet": OUTLETS[key],
         "published": PUBLISHED.isoformat()}
        for key, article in zip(RECALL, recall_articles(), strict=True)
    ]  # fmt: skip


def _wait(client: TestClient, status_url: str, timeout: float = 180.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        progress: dict[str, Any] = client.get(status_url).json()  # reads need no token
        if progress["state"] in ("done", "failed"):
            return progress
        time.sleep(0.2)
    raise AssertionError(f"the job did not finish within {timeout} s")


def _post_and_wait(client: TestClient, **request: Any) -> dict[str, Any]:
    answer = client.post("/api/articles", headers=AUTH, **request)
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert answer.headers["location"] == accepted["status_url"]
    assert accepted["status_url"] == f"/api/jobs/{accepted['job']}"
    return _wait(client, accepted["status_url"])


def _stories(db: Path) -> list[tuple[str, int]]:
    with Store(db, read_only=True) as store:
        return [(s.id, s.size) for s in store.list_stories()]


def test_posted_json_is_stored_as_one_story_and_posting_again_adds_nothing(
    runner: JobRunner,
) -> None:
    client = _client(runner)
    done = _post_and_wait(client, json=_rows())
    assert done["state"] == "done", done
    assert (done["articles_received"], done["read"], done["new"]) == (5, 5, 5)
    assert done["failed"] == 0 and done["error"] is None
    assert done["started_at"] <= done["finished_at"]
    assert _stories(runner.db_path) == [(done["stories_changed"][0], 5)]

    again = _post_and_wait(client, json=_rows())
    assert (again["read"], again["new"], again["duplicates"]) == (5, 0, 5)
    with Store(runner.db_path, read_only=True) as store:
        assert store.count_articles() == 5
    # One article alone is accepted too, and is the same content: nothing new.
    single = _post_and_wait(client, json=_rows()[0])
    assert (single["read"], single["new"], single["duplicates"]) == (1, 0, 1)


def test_posted_files_are_read_a_bad_one_reported_the_others_stored(
    runner: JobRunner, tmp_path: Path
) -> None:
    client = _client(runner)
    files = [("files", (name, (FIXTURE_DIR / name).read_bytes(), "text/plain"))
             for name in RECALL.values()]  # fmt: skip
    files.append(("files", ("broken.jsonl", b'{"title": "cut off", "text": ', "text/plain")))
    files.append(("files", ("../../etc/scan.pdf", b"%PDF-1.4 binary", "application/pdf")))
    done = _post_and_wait(client, files=files)
    assert done["state"] == "done", done
    assert (done["files_received"], done["read"], done["new"]) == (7, 5, 5)
    sources = {f["source"]: f["reason"] for f in done["failures"]}
    assert done["failed"] == 2 and set(sources) == {"broken.jsonl:1", "scan.pdf"}, sources
    assert "not valid JSON" in sources["broken.jsonl:1"]
    assert "not an article format" in sources["scan.pdf"]
    assert [size for _, size in _stories(runner.db_path)] == [5]
    with Store(runner.db_path, read_only=True) as store:
        # Provenance names the upload, not the temporary copy (gone with the job).
        assert all(a.provenance.source.startswith("upload://") for a in store.articles())
    assert list(tmp_path.glob("storydesk-job-*")) == []
    again = _post_and_wait(client, files=files[:5])  # the same files, uploaded again
    assert (again["read"], again["new"], again["duplicates"]) == (5, 0, 5)


def test_writes_are_refused_without_a_configured_token(runner: JobRunner) -> None:
    client = _client(runner, token=None)
    refused = client.post("/api/articles", headers=AUTH, json=_rows()[0])
    assert refused.status_code == 403 and WRITES_DISABLED in refused.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": f"Bearer {TOKEN}x"}],
)  # fmt: skip
def test_writes_need_the_right_token(runner: JobRunner, headers: dict[str, str]) -> None:
    client = _client(runner)
    refused = client.post("/api/articles", headers=headers, json=_rows()[0])
    assert refused.status_code == 401, refused.text
    assert refused.headers["www-authenticate"] == "Bearer"
    assert runner.status("x" * 24) is None and not list(runner._jobs)


def test_a_declared_oversize_body_is_refused_before_it_is_read(runner: JobRunner) -> None:
    client = _client(runner, max_body=1000)
    big = {"text": "word " * 400}
    answer = client.post("/api/articles", headers=AUTH, json=big)
    assert answer.status_code == 413, answer.text
    assert not runner._jobs


def _asgi_post(
    app: FastAPI, headers: list[tuple[bytes, bytes]], chunks: list[bytes]
) -> tuple[int, int]:
    """POST `chunks` one ASGI message each (a chunked body: no Content-Length);
    (status, how many chunks the app pulled)."""
    pulled = 0
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled == len(chunks):
            return {"type": "http.disconnect"}
        pulled += 1
        return {"type": "http.request", "body": chunks[pulled - 1],
                "more_body": pulled < len(chunks)}  # fmt: skip

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/articles", "raw_path":
             b"/api/articles", "root_path": "", "query_string": b"", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}  # fmt: skip
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return statuses[0], pulled


@pytest.mark.parametrize("kind", ["application/json", "multipart/form-data; boundary=b0undary"])
def test_a_chunked_body_is_counted_and_refused_as_it_comes(runner: JobRunner, kind: str) -> None:
    app = FastAPI()
    app.include_router(make_write_router(runner, token=TOKEN, max_body_bytes=1000))
    headers = [(b"authorization", f"Bearer {TOKEN}".encode()), (b"content-type", kind.encode())]
    start = (b'{"text": "' if kind.startswith("application") else
             b'--b0undary\r\nContent-Disposition: form-data; name="files"; filename="a.txt"'
             b"\r\nContent-Type: text/plain\r\n\r\n")  # fmt: skip
    status, pulled = _asgi_post(app, headers, [start] + [b"word " * 50] * 100)
    assert status == 413
    assert pulled < 10  # refused at the limit, not after the whole body was read
    assert not runner._jobs


def test_a_chunked_body_under_the_limit_is_taken(runner: JobRunner) -> None:
    client = _client(runner, max_body=1000)

    def body() -> Iterator[bytes]:  # a generator: httpx sends it chunked
        yield b'{"text": "'
        yield b"word " * 50
        yield b'"}'

    headers = {**AUTH, "Content-Type": "application/json"}
    answer = client.post("/api/articles", headers=headers, content=body())
    assert answer.status_code == 202, answer.text


@pytest.mark.parametrize(
    "body",
    [
        [],  # nothing to add
        {"title": "no text"},
        {"text": "Some text.", "docno": "X1"},  # a field the API does not know
        {"text": "Some text.", "published": "the day after tomorrow"},
        {"text": "Some text.", "published": "1066-10-14T09:00:00Z"},
        {"text": "Some text.", "outlet": "o" * 201},
    ],
)
def test_invalid_articles_are_refused_with_422(runner: JobRunner, body: Any) -> None:
    answer = _client(runner).post("/api/articles", headers=AUTH, json=body)
    assert answer.status_code == 422, answer.text
    assert not runner._jobs


def test_more_articles_than_a_job_takes_are_refused(tmp_path: Path) -> None:
    runner = JobRunner(tmp_path / "s.sqlite", max_articles=2)
    answer = _client(runner).post("/api/articles", headers=AUTH, json=_rows()[:3])
    assert answer.status_code == 422, answer.text
    runner.close()


def test_other_content_types_and_unknown_jobs(runner: JobRunner) -> None:
    client = _client(runner)
    answer = client.post("/api/articles", headers={**AUTH, "Content-Type": "text/plain"},
                         content=b"Some text.")  # fmt: skip
    assert answer.status_code == 415
    empty = client.post("/api/articles", headers=AUTH, files={"note": (None, b"not a file")})
    assert empty.status_code == 422 and "is not a file" in empty.text
    assert client.get("/api/jobs/" + "A" * 24).status_code == 404
    assert client.get("/api/jobs/not!a!job!id").status_code == 422


def test_the_operations_are_documented(runner: JobRunner) -> None:
    schema = _client(runner).get("/openapi.json").json()
    post = schema["paths"]["/api/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"202", "401", "403", "413", "429"} <= set(post["responses"])
    assert post["security"] == [{"HTTPBearer": []}]
    progress = schema["paths"]["/api/jobs/{job_id}"]["get"]["responses"]["200"]
    assert progress["content"]["application/json"]["schema"]["$ref"].endswith("/JobProgress")
    assert "duplicates" in schema["components"]["schemas"]["JobProgress"]["properties"]
