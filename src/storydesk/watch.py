"""Following a stream of files: `storydesk watch` polls folders and feeds what changed
through the pipeline.

    changed_files(paths, seen, *, settle, now) -> list[Path]
        Article files under `paths` that are new or changed since `seen` (updated in
        place), leaving out files written to in the last `settle` seconds (a crawler
        may still be writing them; they are taken on a later poll) unless they are
        JSONL streams, which are read to their last complete line.
    watch(store, paths, *, interval, polls=None, settle=2.0, sleep=time.sleep,
          report=print, **options) -> int
        Poll every `interval` seconds (forever, or `polls` times); each poll that
        finds files runs `pipeline.process` on them and reports one line. Returns
        the number of polls done. Ctrl-C stops it between or during polls; what
        was stored stays stored (each stage commits as it goes).

A file is "changed" when its size or modification time changed. A plain JSONL file
(`.jsonl`, `.ndjson`) is read up to its last complete line and, when it only grew
(the same file, with the bytes read before unchanged), from where the last look
stopped: a long-running stream costs what it gained, not its whole size. Any other
changed file is read whole again; the articles already stored are recognised by
their content id and skipped, so a feed rewritten by a crawler adds only its new
entries. Files that are not articles by name or content (a README in the folder)
are passed over, as `storydesk add` does for a directory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from storydesk.ingest.discover import Input, Tail, expand_paths, format_of
from storydesk.model import ReadFailure
from storydesk.pipeline import RunSummary, process
from storydesk.store.store import Store

Signature = tuple[int, int]  # size, modification time (ns)
_STREAM_SUFFIXES = (".jsonl", ".ndjson")
_CHECK_BYTES = 256  # the bytes before a stream's read position that must not change
_CHUNK = 1 << 20


@dataclass(frozen=True)
class StreamMark:
    """How far a JSONL stream holds complete lines: just after its last newline."""

    inode: int
    offset: int
    lines: int
    check: bytes  # the _CHECK_BYTES before `offset`, to notice a rewritten file


def is_stream(path: Path) -> bool:
    return path.name.lower().endswith(_STREAM_SUFFIXES)


def changed_files(
    paths: Sequence[str | Path], seen: dict[Path, Signature], *, settle: float, now: float
) -> list[Path]:
    changed = []
    for item in expand_paths(paths):
        if isinstance(item, ReadFailure):
            continue  # a folder that does not exist yet may appear later
        path, explicit = item
        try:
            stat = path.stat()
        except OSError:
            continue  # removed between the walk and the look
        signature = (stat.st_size, stat.st_mtime_ns)
        unsettled = now - stat.st_mtime < settle and not is_stream(path)
        if seen.get(path) == signature or unsettled:
            continue
        if path not in seen and format_of(path, explicit) is None:
            seen[path] = signature  # not an article file: never look at it again
            continue
        seen[path] = signature
        changed.append(path)
    return changed


def _tail_check(path: Path, offset: int) -> bytes:
    with path.open("rb") as stream:
        stream.seek(max(0, offset - _CHECK_BYTES))
        return stream.read(min(offset, _CHECK_BYTES))


def mark_stream(path: Path, since: StreamMark | None) -> StreamMark | None:
    """Where a JSONL file's complete lines end now, counting lines on from `since`
    (whose part is not read again); None when the file cannot be read."""
    try:
        inode = path.stat().st_ino
        offset, lines = (since.offset, since.lines) if since else (0, 0)
        with path.open("rb") as stream:
            stream.seek(offset)
            position = offset
            while chunk := stream.read(_CHUNK):
                newlines = chunk.count(b"\n")
                if newlines:
                    lines += newlines
                    offset = position + chunk.rindex(b"\n") + 1
                position += len(chunk)
        return StreamMark(inode, offset, lines, _tail_check(path, offset))
    except OSError:
        return None


def _continues(path: Path, mark: StreamMark | None) -> bool:
    """The file is the stream `mark` was taken of, grown but otherwise unchanged."""
    if mark is None:
        return False
    try:
        stat = path.stat()
        return (stat.st_ino == mark.inode and stat.st_size >= mark.offset
                and _tail_check(path, mark.offset) == mark.check)  # fmt: skip
    except OSError:
        return False


def _inputs(files: list[Path], marks: dict[Path, StreamMark]) -> list[Input]:
    """What to read of each changed file: a stream's new complete lines (all of them
    when it was rewritten), any other file whole."""
    inputs: list[Input] = []
    for path in files:
        if not is_stream(path):
            inputs.append(path)
            continue
        before = marks.get(path) if _continues(path, marks.get(path)) else None
        now = mark_stream(path, before)
        if now is None:
            inputs.append(path)  # unreadable: the reader says why
            continue
        marks[path] = now
        start, first_line = (before.offset, before.lines) if before else (0, 0)
        if now.offset > start:
            inputs.append(Tail(path, start, first_line, now.offset))
    return inputs


def _line(summary: RunSummary) -> str:
    clock = datetime.now().strftime("%H:%M:%S")
    stories = summary.stories_changed
    shown = ", ".join(stories[:8]) + (f" and {len(stories) - 8} more" if len(stories) > 8 else "")
    failed = f"; {len(summary.failures)} not read" if summary.failures else ""
    if summary.stage_failures:
        failed += f"; {len(summary.stage_failures)} left out by a stage"
    return (
        f"{clock} read {summary.articles_read} articles ({summary.new} new, "
        f"{summary.unchanged} already stored){failed}"
        + (f"; stories changed: {shown}" if stories else "")
    )


def watch(
    store: Store,
    paths: Sequence[str | Path],
    *,
    interval: float,
    polls: int | None = None,
    settle: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
    report: Callable[[str], None] = print,
    **options: Any,
) -> int:
    seen: dict[Path, Signature] = {}
    marks: dict[Path, StreamMark] = {}
    done = 0
    while polls is None or done < polls:
        if done:
            sleep(interval)
        inputs = _inputs(changed_files(paths, seen, settle=settle, now=time.time()), marks)
        done += 1
        if not inputs:
            continue
        summary = process(store, inputs, command="watch", **options)
        report(_line(summary))
        for failure in summary.failures:
            report(f"  {failure.source}: {failure.reason}")
        for stage_failure in summary.stage_failures:
            report(f"  {stage_failure.stage} {stage_failure.item_id}: {stage_failure.reason}")
    return done
