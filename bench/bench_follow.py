"""Issue 16: following feeds over HTTP: pages fetched and extracted per second, nothing
fetched twice, and no host asked more often than its limit.

    python bench/bench_follow.py [--quick]

A local server (bench/follow_server.py, its own process) serves 20 fictional news
sites, one per loopback address (127.0.0.2-127.0.0.21), each with a feed of its article
pages (summaries only, so every page is fetched): 5,000 pages (1,000 with --quick,
which gates on the rate our CPU cost allows rather than the wall clock: see main).
We add the 20 feeds as sources and poll three times: the first poll fetches every page
and extracts it on a pool of 2 processes (storing each article; the pipeline's
analysis is not part of this figure: it is `bench_ingest`'s); the next two must cost
one 304 per feed and no page. Politeness: 10 requests per second and 2 at once per
host, the limits stated in the table; the server's own record of arrival times says
whether any host saw more in any one-second window.
Baseline: a plain sequential httpx GET loop with the same extraction in the same
process, on a sample of the pages, run in this same process.
The machine's load is printed with the figures: on a shared machine the wall-clock
rate is what the other processes leave us, so our CPU cost per page, and the rate it
allows on two idle cores, are printed too (the server's own cost apart).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Table

from storydesk.follow import Cadence, FetchSession, poll_once
from storydesk.ingest.http import FetchPolicy
from storydesk.ingest.web_page import FetchedBody, article_from_page
from storydesk.model import Article, ReadFailure
from storydesk.pipeline import RunSummary, ingest
from storydesk.store.store import Store

HOSTS = 20
PER_HOST_RATE = 10.0  # requests per second per host: the stated limit
PER_HOST_CONCURRENCY = 2
PROCESSES = 2
TARGET_PAGES_PER_S = 100.0
BASELINE_SAMPLE = 200


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(pages: int) -> tuple[subprocess.Popen[str], int, int]:
    port, control = _free_port(), _free_port()
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("follow_server.py")), "--hosts",
         str(HOSTS), "--pages", str(pages), "--port", str(port), "--control", str(control)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    if server.stdout.readline().strip() != "ready":
        raise SystemExit("the benchmark server did not start")
    return server, port, control


def _cpu_now(server_pid: int) -> tuple[float, float]:
    """CPU seconds so far: (this process and its reaped children, i.e. the extraction
    pool once it is shut down; the server process)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    fields = Path(f"/proc/{server_pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return ours, (int(fields[11]) + int(fields[12])) / ticks


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most arrivals in any half-open window of `window` seconds."""
    times = sorted(times)
    best = start = 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def baseline(port: int, pages: int) -> float:
    """Pages per second: a sequential httpx GET loop plus extraction, in this process."""
    per_host = pages // HOSTS
    sample = [(f"127.0.0.{2 + (k % HOSTS)}", (k % HOSTS) * per_host + k // HOSTS + 1)
              for k in range(BASELINE_SAMPLE)]  # fmt: skip
    started = time.perf_counter()
    with httpx.Client() as client:
        for host, number in sample:
            url = f"http://{host}:{port}/a/{number}.html"
            response = client.get(url)
            article_from_page(FetchedBody(url, response.content, response.headers.get(
                "content-type")))  # fmt: skip
    return len(sample) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,000 pages instead of 5,000")
    args = parser.parse_args()
    quick = bool(args.quick)
    pages = 1000 if quick else 5000
    server, port, control = start_server(pages)
    try:
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.sqlite") as store:
            for index in range(HOSTS):
                store.add_source(f"http://127.0.0.{2 + index}:{port}/feed.xml", "feed",
                                 interval=600.0)  # fmt: skip

            def handle(items: list[Article | ReadFailure]) -> RunSummary:
                return ingest(store, [], articles=items)

            # total_concurrency stays at its default (16): httpx's pool looks at every
            # open connection for each request it places, so more connections cost
            # the event loop more than they gain at 10 requests a second per host.
            policy = FetchPolicy(
                per_host_rate=PER_HOST_RATE, per_host_concurrency=PER_HOST_CONCURRENCY,
                allow_private=True,
            )  # fmt: skip
            cadence = Cadence.around(600.0)
            reports = []
            load = os.getloadavg()[0]
            with FetchSession(policy, processes=PROCESSES) as session:
                cpu = _cpu_now(server.pid)
                started = time.perf_counter()
                reports.append(poll_once(store, session, cadence=cadence, now=time.time(),
                                         handle=handle))  # fmt: skip
                elapsed = time.perf_counter() - started
                ours_cpu, server_cpu = (a - b for a, b in zip(_cpu_now(server.pid), cpu,
                                                              strict=True))  # fmt: skip
                for later in (1, 2):  # every source due again (a day later each time)
                    reports.append(poll_once(store, session, cadence=cadence,
                                             now=time.time() + later * 86_400, handle=handle))
            stored = store.count_articles()
        log = json.loads(httpx.get(f"http://127.0.0.1:{control}/log").content)
        ours_rate = stored / elapsed
        base_rate = baseline(port, pages)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)
    requests = [(host, path, status) for host, seen in log["requests"].items()
                for _at, path, status in seen]  # fmt: skip
    page_requests = [(h, p) for h, p, _s in requests if p.startswith("/a/")]
    duplicates = len(page_requests) - len(set(page_requests))
    feeds_304 = sum(1 for _h, p, s in requests if p == "/feed.xml" and s == 304)
    per_second = max(max_in_window([at for at, _p, _s in seen]) for seen in
                     log["requests"].values())  # fmt: skip
    in_flight = max(log["max_in_flight"].values())
    failures = sum(len(r.failures) for r in reports)
    table = Table(
        f"follow: {pages:,} pages behind {HOSTS} feeds on {HOSTS} hosts, {PROCESSES} "
        f"processes; per-host limit {PER_HOST_RATE:g} req/s, {PER_HOST_CONCURRENCY} at once"
    )
    # The full run gates on the wall-clock rate the issue asks for. The quick run (CI,
    # 1,000 pages: ten seconds on a machine shared with other jobs) gates on the rate
    # our CPU cost per page allows instead, which the machine's load does not move.
    wall_target = None if quick else TARGET_PAGES_PER_S
    table.add("pages fetched and extracted per second (poll 1)", round(ours_rate, 1),
              round(base_rate, 1), wall_target)  # fmt: skip
    table.add("speed ratio to the sequential baseline", round(ours_rate / base_rate, 2))
    table.add("articles stored (of the pages served)", stored, None, pages, "==")
    table.add("pages not read", failures, None, 0, "<=")
    table.add("duplicate page requests after 3 polls", duplicates, None, 0, "<=")
    table.add("feeds answering 304 on polls 2 and 3", feeds_304, None, 2 * HOSTS, "==")
    table.add("max requests to one host in any 1 s (server)", per_second, None,
              PER_HOST_RATE, "<=")  # fmt: skip
    table.add("max requests in flight to one host (server)", in_flight, None,
              PER_HOST_CONCURRENCY, "<=")  # fmt: skip
    table.add("seconds for poll 1", round(elapsed, 1))
    per_page = ours_cpu / max(stored, 1)
    table.add("our CPU ms per page (fetch, extract, store)", round(per_page * 1000, 2))
    table.add("the server's CPU ms per page", round(server_cpu / max(stored, 1) * 1000, 2))
    table.add(f"pages/s that CPU cost allows on {PROCESSES} idle cores"
              + (" (the --quick gate)" if quick else ""), round(PROCESSES / per_page, 1),
              None, TARGET_PAGES_PER_S if quick else None)  # fmt: skip
    table.add("load average (1 min) when poll 1 began", round(load, 2))
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
