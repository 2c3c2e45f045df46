"""Background jobs for the web server: posted articles run through the pipeline on one
writer thread while the server goes on answering reads.

    runner = JobRunner(db_path)
    job_id = runner.submit(articles, files)   # JobQueueFull when too many are waiting
    runner.status(job_id)                     # a JobStatus snapshot, None once forgotten
    runner.close()                            # at shutdown: queued jobs are failed

The store has one writer: jobs run one after another on the runner's thread, each on
a read-write Store of its own (an SQLite connection stays in its thread); readers in
WAL mode are not blocked by it. Uploaded files are copied into a private temporary
folder (mode 0700) per job, removed when the job ends whatever happens. A job that
raises is marked failed with a one-line reason and the thread takes the next one.

An article posted twice is stored once: articles are keyed by their content id, so
the second job counts it as a duplicate. Each submission gets provenance of its own
(`api://post/<stamp>` for JSON, `upload://<stamp>/<file>` for files), because an
article without a URL is identified as a document by where it was read: two
unrelated posts named alike must not be taken for versions of one document.
"""

from __future__ import annotations

import collections
import dataclasses
import re
import secrets
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

from storydesk.ingest import DEFAULT_LIMITS, Limits, read_inputs
from storydesk.ingest.discover import format_of
from storydesk.model import Article, Provenance, ReadFailure
from storydesk.pipeline import BRIEF_WORDS, RunSummary, process
from storydesk.store.errors import store_error
from storydesk.store.store import Store

JobState = Literal["queued", "running", "done", "failed"]

MAX_LISTED_FAILURES = 100  # failures listed per job; all of them are counted
_REASON_CHARS = 300
_NAME_CHARS = 100
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_DEFAULT_RETRY_S = 10


class JobQueueFull(Exception):
    """Too many jobs are waiting; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many jobs waiting; retry after {retry_after} s")
        self.retry_after = retry_after


class BatchTooLarge(ValueError):
    """More articles or files than one job takes."""


class RunnerClosed(Exception):
    """The server is stopping: no job is taken any more."""


@dataclass(frozen=True, slots=True)
class JobFailure:
    """An input, an article or a file the job could not use, and why."""

    source: str
    reason: str
    stage: str | None = None  # None: it could not be read; else the stage that gave up


@dataclass(frozen=True, slots=True)
class JobStatus:
    """A job's progress at one moment."""

    id: str
    state: JobState
    stage: str | None  # the last pipeline stage reached ("reading", "analysing", ...)
    articles_received: int  # articles posted as JSON
    files_received: int
    read: int  # articles read (posted, or found in the files)
    new: int
    updated: int  # new versions of documents stored before (same URL)
    duplicates: int  # stored already: nothing added
    failed: int
    failures: tuple[JobFailure, ...]  # the first MAX_LISTED_FAILURES
    stories_changed: tuple[str, ...]
    submitted_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None  # why a failed job failed


@dataclass(frozen=True, slots=True)
class _Upload:
    name: str  # as reported: the client's file name, made safe
    path: Path


@dataclass
class _Job:
    id: str
    stamp: str
    articles: Sequence[Article | ReadFailure]
    uploads: list[_Upload]
    workdir: Path | None
    articles_received: int
    files_received: int
    submitted_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    state: JobState = "queued"
    stage: str | None = None
    read: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: list[JobFailure] = field(default_factory=list)
    stories_changed: tuple[str, ...] = ()
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None

    def fail_input(self, failure: JobFailure) -> None:
        self.failed += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append(failure)

    def status(self) -> JobStatus:
        return JobStatus(
            self.id, self.state, self.stage, self.articles_received, self.files_received,
            self.read, self.new, self.updated, self.duplicates, self.failed,
            tuple(self.failures), self.stories_changed, self.submitted_at, self.started_at,
            self.finished_at, self.error,
        )  # fmt: skip


def new_stamp() -> str:
    """A submission's own mark for provenance: its time and a random part."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S.%fZ}-{secrets.token_hex(3)}"


def safe_name(name: str | None) -> str:
    """A client's file name as a plain base name (no folders, no odd characters)."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip("._")[-_NAME_CHARS:]
    return cleaned or "upload"


def one_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return (text.splitlines() or [type(error).__name__])[0][:_REASON_CHARS]


class JobRunner:
    """Runs submitted batches through `pipeline.process` on one writer thread.

    Bounded everywhere: at most `max_queued` jobs wait (then JobQueueFull), a job
    takes at most `max_articles` articles (the rest of its files is reported unread)
    and `max_files` files, and only the last `keep_finished` finished jobs are kept.
    The pipeline runs with `processes` workers, one by default: forking a pool from a
    threaded server can hand a child a lock another thread held at the fork."""

    def __init__(
        self,
        db_path: Path,
        *,
        max_queued: int = 16,
        max_articles: int = 1000,
        max_files: int = 100,
        keep_finished: int = 200,
        processes: int = 1,
        limits: Limits = DEFAULT_LIMITS,
        brief_words: int = BRIEF_WORDS,
        temp_root: Path | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.max_queued = max_queued
        self.max_articles = max_articles
        self.max_files = max_files
        self.keep_finished = keep_finished
        self.processes = processes
        self.limits = limits
        self.brief_words = brief_words
        self._temp_root = temp_root
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._finished: collections.deque[str] = collections.deque()
        self._durations: collections.deque[float] = collections.deque(maxlen=8)
        self._queue: collections.deque[_Job] = collections.deque()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._closed = False

    # -- the server's side ---------------------------------------------------------

    def submit(
        self,
        articles: Sequence[Article | ReadFailure] = (),
        files: Sequence[tuple[str | None, BinaryIO]] = (),
    ) -> str:
        """Queue a job of posted articles (or why one could not be built) and
        uploaded files (client name, stream); returns its id. Raises JobQueueFull,
        RunnerClosed, or BatchTooLarge."""
        if len(articles) > self.max_articles:
            raise BatchTooLarge(f"at most {self.max_articles} articles per job")
        if len(files) > self.max_files:
            raise BatchTooLarge(f"at most {self.max_files} files per job")
        job = _Job(
            secrets.token_urlsafe(18), new_stamp(), articles, [], None, len(articles), len(files)
        )
        with self._lock:  # the slot is taken before the files are copied
            self._check_room()
            self._jobs[job.id] = job
        try:
            if files:
                job.workdir = Path(tempfile.mkdtemp(prefix="storydesk-job-", dir=self._temp_root))
                job.uploads = [self._save(job.workdir, i, *f) for i, f in enumerate(files)]
        except BaseException:
            self._drop(job)
            raise
        with self._wake:
            if self._closed:
                self._jobs.pop(job.id, None)
                self._remove_files(job)
                raise RunnerClosed("the server is stopping")
            self._queue.append(job)
            self._start_thread()
            self._wake.notify()
        return job.id

    def ensure_room(self) -> None:
        """Raise JobQueueFull (or RunnerClosed) now if a job would be refused: the
        server says so before it reads a body it could not use."""
        with self._lock:
            self._check_room()

    def status(self, job_id: str) -> JobStatus | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.status() if job is not None else None

    def close(self, timeout: float = 30.0) -> None:
        """Take no more jobs, fail the queued ones and wait up to `timeout` seconds for
        the running one (whatever it stored stays stored: each stage commits)."""
        with self._wake:
            self._closed = True
            left = list(self._queue)
            self._queue.clear()
            self._wake.notify_all()
            thread = self._thread
        for job in left:
            self._finish(job, "failed", error="the server stopped before the job ran")
        if thread is not None:
            thread.join(timeout)

    # -- internals -----------------------------------------------------------------

    def _check_room(self) -> None:
        if self._closed:
            raise RunnerClosed("the server is stopping")
        waiting = sum(1 for j in self._jobs.values() if j.state == "queued")
        if waiting >= self.max_queued:
            raise JobQueueFull(self._retry_after())

    def _retry_after(self) -> int:
        """Seconds until a slot is likely free: a recent job's mean duration."""
        if not self._durations:
            return _DEFAULT_RETRY_S
        return max(1, min(600, round(sum(self._durations) / len(self._durations))))

    def _save(self, workdir: Path, index: int, name: str | None, stream: BinaryIO) -> _Upload:
        shown = safe_name(name)
        path = workdir / f"{index:03d}-{shown}"  # the suffix stays: it names the format
        with path.open("xb") as out:
            shutil.copyfileobj(stream, out)
        return _Upload(shown, path)

    def _drop(self, job: _Job) -> None:
        with self._lock:
            self._jobs.pop(job.id, None)
        self._remove_files(job)

    @staticmethod
    def _remove_files(job: _Job) -> None:
        if job.workdir is not None:
            shutil.rmtree(job.workdir, ignore_errors=True)
            job.workdir = None

    def _start_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="storydesk-writer", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._closed:
                    self._wake.wait()
                if not self._queue:
                    return  # closed, nothing left
                job = self._queue.popleft()
            self._run(job)

    def _run(self, job: _Job) -> None:
        with self._lock:
            job.state, job.started_at = "running", datetime.now(UTC)
        try:
            with Store(self.db_path) as store:
                summary = process(
                    store,
                    [],
                    command="api",
                    limits=self.limits,
                    processes=self.processes,
                    brief_words=self.brief_words,
                    progress=lambda items, label, _total: self._stage(job, items, label),
                    articles=self._items(job),
                )
        except BaseException as error:
            reason = (
                str(store_error(self.db_path, error))
                if isinstance(error, sqlite3.Error)
                else one_line(error)
            )
            self._finish(job, "failed", error=reason)
            # An interrupt or exit is not the job's failure: it goes on up. Anything
            # else (a PanicException from an extension is a BaseException) ends here.
            if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            return
        self._finish(job, "done", summary=summary)

    def _stage(self, job: _Job, items: Iterable[Any], label: str) -> Iterator[Any]:
        with self._lock:
            job.stage = label
        yield from items

    def _items(self, job: _Job) -> Iterator[Article | ReadFailure]:
        """The job's articles, then those of its files, up to `max_articles`; counts
        what was read and what failed as it goes (the job's live progress)."""
        for item in job.articles:
            yield self._count(job, item)
        for upload in job.uploads:
            if format_of(upload.path, False, self.limits) is None:
                self._count(job, ReadFailure(upload.name, "not an article format: send .txt, "
                            ".html, .jsonl, an RSS/Atom feed or .warc(.gz)"))  # fmt: skip
                continue
            for item in read_inputs([upload.path], self.limits):
                if job.read >= self.max_articles and isinstance(item, Article):
                    self._count(job, ReadFailure(upload.name, f"over {self.max_articles} "
                                "articles in this job: the rest was not read"))  # fmt: skip
                    return
                yield self._count(job, self._relabel(job, upload, item))

    def _count(self, job: _Job, item: Article | ReadFailure) -> Article | ReadFailure:
        with self._lock:
            if isinstance(item, Article):
                job.read += 1
            else:
                job.fail_input(JobFailure(item.source, item.reason))
        return item

    @staticmethod
    def _relabel(job: _Job, upload: _Upload, item: Article | ReadFailure) -> Article | ReadFailure:
        """Name the upload, not the temporary file (removed when the job ends)."""
        if isinstance(item, ReadFailure):
            return dataclasses.replace(item, source=item.source.replace(str(upload.path),
                                                                        upload.name))  # fmt: skip
        provenance = item.provenance
        source = f"upload://{job.stamp}/{upload.name}"
        return dataclasses.replace(
            item, provenance=Provenance(source, provenance.kind, provenance.locator)
        )

    def _finish(
        self,
        job: _Job,
        state: JobState,
        *,
        summary: RunSummary | None = None,
        error: str | None = None,
    ) -> None:
        self._remove_files(job)
        with self._lock:
            job.state, job.error, job.finished_at = state, error, datetime.now(UTC)
            job.articles = ()  # the texts are stored (or not): no need to hold them
            if summary is not None:
                job.new, job.updated = summary.new, summary.updated
                job.duplicates = summary.unchanged
                job.stories_changed = tuple(summary.stories_changed)
                for failure in summary.stage_failures:
                    job.fail_input(JobFailure(failure.item_id, failure.reason, failure.stage))
            if job.started_at is not None:
                self._durations.append((job.finished_at - job.started_at).total_seconds())
            self._finished.append(job.id)
            while len(self._finished) > self.keep_finished:
                self._jobs.pop(self._finished.popleft(), None)
