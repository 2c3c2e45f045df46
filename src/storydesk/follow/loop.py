"""`storydesk follow`: poll the followed sources again and again, each when it is due.

    follow(store, session, *, cadence, polls=None, handle, sleep, clock, report) -> int

Each round polls the sources due then (`poll.poll_once`), reports one line when it
found something (articles, or sources or pages that failed, each on a line of its
own), and sleeps until the next source is due. Returns the number of polls done.
Ctrl-C stops it between or during polls; what was stored stays stored, and a source
whose poll was cut short is fetched again in full next time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from storydesk.follow.fetching import FetchSession
from storydesk.follow.poll import Handler, PollReport, poll_once
from storydesk.follow.schedule import Cadence
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits
from storydesk.pipeline import Progress, no_progress
from storydesk.store.store import Store

MAX_LISTED = 8  # stories and failures named in a poll's lines; the rest are counted


def describe_wait(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def poll_lines(report: PollReport, now: float) -> list[str]:
    """What a poll that found something says: one summary line, then a line per
    failing source and per page not read."""
    if not report.found_something:
        return []
    clock = datetime.now().strftime("%H:%M:%S")
    unchanged = sum(s.not_modified for s in report.sources)
    line = f"{clock} polled {len(report.sources)} sources ({unchanged} unchanged"
    line += f", {len(report.failing)} failing)" if report.failing else ")"
    line += f"; fetched {report.pages_fetched} pages"
    summary = report.summary
    if summary is not None:
        line += (f"; read {summary.articles_read} articles ({summary.new} new, "
                 f"{summary.updated} updated, {summary.unchanged} already stored)")  # fmt: skip
        stories = summary.stories_changed
        if stories:
            more = len(stories) - MAX_LISTED
            line += "; stories changed: " + ", ".join(stories[:MAX_LISTED])
            line += f" and {more} more" if more > 0 else ""
    if report.failures:
        line += f"; {len(report.failures)} not read"
    lines = [line]
    for health in report.failing:
        lines.append(
            f"  source {health.source.url} failing ({health.errors_in_a_row} in a row): "
            f"{health.error}; next try in {describe_wait(health.next_poll - now)}"
        )
    for failure in report.failures[:MAX_LISTED]:
        lines.append(f"  {failure.source}: {failure.reason}")
    if len(report.failures) > MAX_LISTED:
        lines.append(f"  ... {len(report.failures) - MAX_LISTED} more not read")
    return lines


def follow(
    store: Store,
    session: FetchSession,
    *,
    cadence: Cadence,
    handle: Handler,
    polls: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress = no_progress,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
    report: Callable[[str], None] = print,
) -> int:
    done = 0
    while polls is None or done < polls:
        if done:
            due = store.next_due()
            wait = cadence.start if due is None else due - clock()
            if wait > 0:
                sleep(wait)
        now = clock()
        result = poll_once(
            store, session, cadence=cadence, now=now, handle=handle, limits=limits,
            progress=progress,
        )  # fmt: skip
        done += 1
        for line in poll_lines(result, now):
            report(line)
    return done
