"""The write API: post articles to be processed in the background, poll the job.

    app.include_router(make_write_router(runner, token=token, max_body_bytes=n))

    POST /api/articles   one article or a list as JSON (the JSONL reader's fields), or
                         files as multipart/form-data (any format `storydesk add`
                         reads) -> 202 {"job": id, "status_url": ...}
    GET  /api/jobs/{id}  the job's progress

Writes need `Authorization: Bearer <token>`; with no token configured every write is
refused (403), so a server started without one is read-only. No request body is read
unbounded: a Content-Length over `max_body_bytes` is refused before anything is read
(413), and the bytes of a body sent without one (chunked) are counted as they come
and refused at the limit. The body is read here, not by FastAPI, so that both
limits hold before any of it is parsed.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, BinaryIO, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from starlette.datastructures import UploadFile
from starlette.types import Message, Receive

from storydesk.ingest.jsonl import article_from_row
from storydesk.model import Article, Provenance, ReadFailure
from storydesk.web.jobs import (
    BatchTooLarge,
    JobQueueFull,
    JobRunner,
    JobStatus,
    RunnerClosed,
    new_stamp,
)

DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024
WRITES_DISABLED = "writes are disabled: start the server with a token"
_JOB_ID = r"^[A-Za-z0-9_-]{8,64}$"
# Module level: the endpoints' annotations are strings, resolved in this module.
_BEARER = HTTPBearer(auto_error=False, description="the server's write token")


class ArticleIn(BaseModel):
    """One article, with the fields a JSONL line may have."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2_000_000, description="the body")
    title: str | None = Field(None, max_length=1_000)
    url: str | None = Field(None, max_length=2_048)
    outlet: str | None = Field(None, max_length=200, description="the publisher's name")
    published: datetime | None = Field(
        None, description="when it was published: an ISO 8601 date-time, 1900 to 2100"
    )
    byline: str | None = Field(None, max_length=500)
    language: str | None = Field(None, max_length=16)

    @field_validator("published")
    @classmethod
    def _in_range(cls, value: datetime | None) -> datetime | None:
        # The reader takes a date outside these years for a misreading and stores
        # none: say so to the client instead.
        if value is not None and not 1900 <= value.year <= 2100:
            raise ValueError("a publication date from 1900 to 2100")
        return value


class JobAccepted(BaseModel):
    job: str
    status_url: str


class JobFailureOut(BaseModel):
    source: str = Field(description="the article, file (and line) or stored id")
    reason: str
    stage: str | None = Field(description="the stage that gave up; null: it could not be read")


class JobProgress(BaseModel):
    job: str
    state: Literal["queued", "running", "done", "failed"]
    stage: str | None = Field(description="the last pipeline stage reached")
    articles_received: int = Field(description="articles posted as JSON")
    files_received: int
    read: int = Field(description="articles read, posted or found in the files")
    new: int
    updated: int = Field(description="new versions of documents stored before (same URL)")
    duplicates: int = Field(description="stored already: nothing added")
    failed: int
    failures: list[JobFailureOut] = Field(description="the first 100 failures")
    stories_changed: list[str]
    submitted_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None = Field(description="why a failed job failed (one line)")

    @classmethod
    def of(cls, status: JobStatus) -> JobProgress:
        return cls(
            job=status.id,
            **{k: getattr(status, k) for k in cls.model_fields if k not in ("job", "failures")},
            failures=[JobFailureOut(source=f.source, reason=f.reason, stage=f.stage)
                      for f in status.failures],
        )  # fmt: skip


def _request_body_schema(max_articles: int, max_files: int) -> dict[str, Any]:
    article = ArticleIn.model_json_schema()  # no nested models: no $defs to place
    many = {"type": "array", "items": article, "minItems": 1, "maxItems": max_articles}
    files = {"type": "array", "items": {"type": "string", "format": "binary"},
             "minItems": 1, "maxItems": max_files}  # fmt: skip
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"anyOf": [article, many]}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"files": files},
                    "required": ["files"],
                    "additionalProperties": False,
                }
            },
        },
    }


def _capped(receive: Receive, max_bytes: int) -> Receive:
    """`receive` that refuses a body once more than `max_bytes` have come."""
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > max_bytes:
                raise HTTPException(413, f"the request body is over {max_bytes} bytes")
        return message

    return capped


def _check_length(request: Request, max_bytes: int) -> None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise HTTPException(413, f"the request body is over {max_bytes} bytes")


def _token_check(token: str | None) -> Any:
    expected = token.encode() if token else None

    def check(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> None:
        if expected is None:
            raise HTTPException(403, WRITES_DISABLED)
        given = credentials.credentials.encode() if credentials is not None else b""
        # Constant time: how much of a guess matched must not show in the timing.
        if credentials is None or not hmac.compare_digest(given, expected):
            raise HTTPException(
                401,
                "a valid write token is required: Authorization: Bearer <token>",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check


def _posted_articles(rows: Sequence[ArticleIn], runner: JobRunner) -> list[Article | ReadFailure]:
    """The posted rows as the JSONL reader reads lines, under one provenance per post
    (an article without a URL is a document named by where it was read)."""
    source = f"api://post/{new_stamp()}"
    return [
        article_from_row(
            row.model_dump(mode="json", exclude_none=True),
            Provenance(source, "jsonl", str(n)),
            runner.limits,
        )
        for n, row in enumerate(rows, 1)
    ]


def make_write_router(runner: JobRunner, *, token: str | None, max_body_bytes: int) -> APIRouter:
    router = APIRouter(tags=["write"])
    rows_adapter: TypeAdapter[ArticleIn | list[ArticleIn]] = TypeAdapter(
        ArticleIn | Annotated[list[ArticleIn], Field(min_length=1, max_length=runner.max_articles)]
    )
    authorised = _token_check(token)

    async def _json_articles(request: Request) -> list[Article | ReadFailure]:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
        try:
            posted = rows_adapter.validate_json(bytes(body))
        except ValidationError as error:
            raise RequestValidationError(error.errors(include_url=False)) from None
        rows = posted if isinstance(posted, list) else [posted]
        return await run_in_threadpool(_posted_articles, rows, runner)

    async def _submit_files(request: Request) -> str:
        limit = runner.max_files
        async with request.form(max_files=limit, max_fields=limit) as form:
            uploads: list[tuple[str | None, BinaryIO]] = []
            for name, value in form.multi_items():
                if not isinstance(value, UploadFile):
                    raise HTTPException(422, f"form field {name!r} is not a file")
                uploads.append((value.filename, value.file))
            if not uploads:
                raise HTTPException(422, "no files: send them as multipart/form-data")
            return await run_in_threadpool(runner.submit, (), uploads)

    @router.post(
        "/api/articles",
        status_code=202,
        response_model=JobAccepted,
        summary="Post articles (JSON, or files as multipart) to be processed",
        openapi_extra={"requestBody": _request_body_schema(runner.max_articles, runner.max_files)},
        responses={
            400: {"description": "a malformed multipart body"},
            401: {"description": "no token or a wrong one"},
            403: {"description": WRITES_DISABLED},
            413: {"description": f"the body is over {max_body_bytes} bytes"},
            415: {"description": "neither JSON nor multipart/form-data"},
            422: {"description": "the articles or the form are not valid"},
            429: {"description": "too many jobs waiting: try again after Retry-After seconds"},
            503: {"description": "the server is stopping"},
        },
        dependencies=[Depends(authorised)],
    )
    async def post_articles(request: Request, response: Response) -> JobAccepted:
        _check_length(request, max_body_bytes)
        capped = Request(request.scope, _capped(request.receive, max_body_bytes))
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            runner.ensure_room()  # before the body is read: it could not be used
            if kind == "application/json":
                articles = await _json_articles(capped)
                job_id = await run_in_threadpool(runner.submit, articles, ())
            elif kind == "multipart/form-data":
                job_id = await _submit_files(capped)
            else:
                raise HTTPException(415, "send JSON or multipart/form-data")
        except JobQueueFull as full:  # the client may come back: a 4xx, not a server fault
            raise HTTPException(
                429, str(full), headers={"Retry-After": str(full.retry_after)}
            ) from None
        except RunnerClosed as closed:
            raise HTTPException(503, str(closed)) from None
        except BatchTooLarge as over:
            raise HTTPException(413, str(over)) from None
        status_url = request.url_for("job_progress", job_id=job_id).path
        response.headers["Location"] = status_url
        return JobAccepted(job=job_id, status_url=status_url)

    @router.get(
        "/api/jobs/{job_id}",
        name="job_progress",
        response_model=JobProgress,
        summary="A write job's progress",
        responses={404: {"description": "no such job (or finished long ago)"}},
    )
    def job_progress(job_id: Annotated[str, Path(pattern=_JOB_ID)]) -> JobProgress:
        status = runner.status(job_id)
        if status is None:
            raise HTTPException(404, "no such job (finished jobs are forgotten after a while)")
        return JobProgress.of(status)

    return router
