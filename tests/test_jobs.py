"""The web server's job runner (web/jobs.py): one writer, bounded, never killed by a
job; its temporary files go with the job."""

from __future__ import annotations

import io
import json
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from recall_story import FIXTURE_DIR, RECALL, recall_articles

from storydesk.pipeline import RunSummary
from storydesk.store.store import Store
from storydesk.web import jobs
from storydesk.web.jobs import JobQueueFull, JobRunner, JobStatus, RunnerClosed, safe_name
from storydesk.web.write_api import make_write_router


def _finished(runner: JobRunner, job_id: str, timeout: float = 180.0) -> JobStatus:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = runner.status(job_id)
        assert status is not None
        if status.state in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


class Gate:
    """A stand-in for pipeline.process that holds each job until let go."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.go = threading.Event()
        self.seen: list[list[Any]] = []

    def __call__(self, store: Store, paths: Any, **options: Any) -> RunSummary:
        self.seen.append(list(options["articles"]))  # reads the job's inputs as process does
        self.entered.set()
        assert self.go.wait(30)
        return RunSummary(articles_read=len(self.seen[-1]), new=len(self.seen[-1]))


def test_the_recall_files_are_processed_and_their_copies_removed(tmp_path: Path) -> None:
    runner = JobRunner(tmp_path / "s.sqlite", temp_root=tmp_path)
    files = [(name, (FIXTURE_DIR / name).open("rb")) for name in RECALL.values()]
    job_id = runner.submit((), files)
    (workdir,) = tmp_path.glob("storydesk-job-*")  # copied before submit returns
    assert stat.S_IMODE(workdir.stat().st_mode) == 0o700  # private to the server
    status = _finished(runner, job_id)
    runner.close()
    assert status.state == "done", status.error
    assert (status.read, status.new, status.failed) == (5, 5, 0)
    assert status.stage == "stories" and len(status.stories_changed) == 1
    assert not workdir.exists()
    for _, stream in files:
        stream.close()


def test_a_crashing_job_is_failed_in_one_line_and_the_next_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = jobs.process
    calls: list[int] = []

    def crash_once(*args: Any, **options: Any) -> RunSummary:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the disk caught fire\nwith a traceback-like second line")
        return real(*args, **options)

    monkeypatch.setattr(jobs, "process", crash_once)
    runner = JobRunner(tmp_path / "s.sqlite", temp_root=tmp_path)
    first = runner.submit((), [("a.txt", io.BytesIO((FIXTURE_DIR / RECALL["A"]).read_bytes()))])
    second = runner.submit(recall_articles()[:1])
    failed, done = _finished(runner, first), _finished(runner, second)
    runner.close()
    assert failed.state == "failed"
    assert failed.error == "RuntimeError: the disk caught fire"
    assert done.state == "done" and done.new == 1
    assert list(tmp_path.glob("storydesk-job-*")) == []  # the failed job's copy too


def test_a_full_queue_is_refused_with_a_retry_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    monkeypatch.setattr(jobs, "process", gate)
    runner = JobRunner(tmp_path / "s.sqlite", max_queued=2, temp_root=tmp_path)
    article = recall_articles()[:1]
    running = runner.submit(article)
    assert gate.entered.wait(30)
    waiting = [runner.submit(article), runner.submit(article)]
    with pytest.raises(JobQueueFull) as full:
        runner.submit(article)
    assert full.value.retry_after >= 1
    app = FastAPI()
    app.include_router(make_write_router(runner, token="t" * 20, max_body_bytes=10_000))
    answer = TestClient(app).post(
        "/api/articles", headers={"Authorization": "Bearer " + "t" * 20}, json={"text": "Hi."}
    )
    assert answer.status_code == 429 and int(answer.headers["retry-after"]) >= 1
    assert [runner.status(j).state for j in waiting] == ["queued", "queued"]  # type: ignore[union-attr]
    gate.go.set()
    assert [_finished(runner, j).state for j in (running, *waiting)] == ["done"] * 3
    runner.close()


def test_old_finished_jobs_are_forgotten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = Gate()
    gate.go.set()
    monkeypatch.setattr(jobs, "process", gate)
    runner = JobRunner(tmp_path / "s.sqlite", keep_finished=2)
    ids = []
    for _ in range(3):
        ids.append(runner.submit(recall_articles()[:1]))
        _finished(runner, ids[-1])
    runner.close()
    assert runner.status(ids[0]) is None
    assert all(runner.status(i) is not None for i in ids[1:])


def test_a_job_reads_no_more_than_its_article_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    gate.go.set()
    monkeypatch.setattr(jobs, "process", gate)
    runner = JobRunner(tmp_path / "s.sqlite", max_articles=3, temp_root=tmp_path)
    lines = "".join(json.dumps({"title": f"Item {n}", "text": f"Report number {n}."}) + "\n"
                    for n in range(10))  # fmt: skip
    status = _finished(runner, runner.submit((), [("wire.jsonl", io.BytesIO(lines.encode()))]))
    runner.close()
    assert status.read == 3 and len(gate.seen[0]) == 3
    assert [f.source for f in status.failures] == ["wire.jsonl"]
    assert "over 3 articles" in status.failures[0].reason


def test_a_closed_runner_takes_nothing_and_fails_what_waited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    monkeypatch.setattr(jobs, "process", gate)
    runner = JobRunner(tmp_path / "s.sqlite", temp_root=tmp_path)
    runner.submit(recall_articles()[:1])
    assert gate.entered.wait(30)
    waiting = runner.submit((), [("a.txt", io.BytesIO(b"Some words."))])
    threading.Timer(0.2, gate.go.set).start()
    runner.close()
    status = runner.status(waiting)
    assert status is not None and status.state == "failed"
    assert status.error == "the server stopped before the job ran"
    assert list(tmp_path.glob("storydesk-job-*")) == []
    with pytest.raises(RunnerClosed):
        runner.submit(recall_articles()[:1])


@pytest.mark.parametrize(
    ("given", "safe"),
    [("../../etc/passwd", "passwd"), ("C:\\x\\feed.xml", "feed.xml"), (None, "upload"),
     ("..", "upload"), ("wire stream.warc.gz", "wire_stream.warc.gz")],
)  # fmt: skip
def test_upload_names_are_made_safe(given: str | None, safe: str) -> None:
    assert safe_name(given) == safe
