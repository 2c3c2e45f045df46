"""Following a stream of files: `storydesk watch` polls folders and feeds what changed
through the pipeline.

    changed_files(paths, seen, *, settle, now) -> list[Path]
        Article files under `paths` that are new or changed since `seen` (updated in
        place), leaving out files written to in the last `settle` seconds (a crawler
        may still be writing them; they are taken on a later poll).
    watch(store, paths, *, interval, polls=None, settle=2.0, sleep=time.sleep,
          report=print, **options) -> int
        Poll every `interval` seconds (forever, or `polls` times); each poll that
        finds files runs `pipeline.process` on them and reports one line. Returns
        the number of polls done. Ctrl-C stops it between or during polls; what
        was stored stays stored (each stage commits as it goes).

A file is "changed" when its size or modification time changed. A changed file is
read whole again: the articles already stored are recognised by their content id
and skipped, so an append-only JSONL stream or a feed file rewritten by a crawler
adds only its new entries. Files that are not articles by name or content (a
README in the folder) are passed over, as `storydesk add` does for a directory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from storydesk.ingest.discover import expand_paths, format_of
from storydesk.model import ReadFailure
from storydesk.pipeline import RunSummary, process
from storydesk.store.store import Store

Signature = tuple[int, int]  # size, modification time (ns)


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
        if seen.get(path) == signature or now - stat.st_mtime < settle:
            continue
        if path not in seen and format_of(path, explicit) is None:
            seen[path] = signature  # not an article file: never look at it again
            continue
        seen[path] = signature
        changed.append(path)
    return changed


def _line(summary: RunSummary) -> str:
    clock = datetime.now().strftime("%H:%M:%S")
    stories = summary.stories_changed
    shown = ", ".join(stories[:8]) + (f" and {len(stories) - 8} more" if len(stories) > 8 else "")
    failed = f"; {len(summary.failures)} not read" if summary.failures else ""
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
    done = 0
    while polls is None or done < polls:
        if done:
            sleep(interval)
        files = changed_files(paths, seen, settle=settle, now=time.time())
        done += 1
        if not files:
            continue
        summary = process(store, files, command="watch", **options)
        report(_line(summary))
        for failure in summary.failures:
            report(f"  {failure.source}: {failure.reason}")
    return done
