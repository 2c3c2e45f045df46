"""Issue 15 (speed): the web pages stay fast on a 20,000-article store.

    python bench/bench_web.py [--requests N] [--cache-dir DIR]

Stores of 2,000 and 20,000 articles (web_stores.py: a generated fictional corpus
through the pipeline once, then copies made in SQL; cached by code version, ~2 min
to build, seconds to reuse) are each served by `storydesk serve` in a child process
on a free loopback port, and loaded from this process's client threads, one
connection per request (bench/server_load.py's request):

- p95 latency at 8 concurrent clients, 20k store, of the story list (`/`), the
  70-article story's page, one of its article pages and a search for a name (the
  big story's town): target < 150 ms each;
- the story list and the search, 2k store against 20k store: the 20k store's median
  over the 2k store's, target <= 1.2 (the p95s' ratio is printed beside it; on a
  shared machine one slow moment moves a p95 more than a median). The two servers
  are loaded in turns, a round at a time, so that a busy moment of the machine
  falls on both;
- 0 errors (HTTP >= 400, resets, timeouts) from 32 concurrent clients over all four
  pages of the 20k store.

Every request is bounded (--requests per measurement, a 10 s timeout each), and only
loopback addresses are loaded. On 2 cores the loads take ~15 s on an idle machine
(~2.5 minutes when six other jobs share it), and building the stores ~1.5-4 minutes
once per code version.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Table
from server_load import _free_port, _one_request, _percentile, _wait_until_up
from web_stores import built_stores, note

from storydesk.store.store import Store

SIZES = (2_000, 20_000)
P95_TARGET_MS = 150.0
RATIO_TARGET = 1.2
ROUNDS = 3  # turns of the 2k and 20k servers for the ratio rows
HOST = "127.0.0.1"
TIMEOUT_S = 10.0


@contextmanager
def serving(store: Path) -> Iterator[int]:
    """`storydesk serve` on `store` in a child process; its port."""
    port = _free_port()
    child = subprocess.Popen(
        [sys.executable, "-m", "storydesk.cli", "--db", str(store), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_until_up(HOST, port, 60.0)
        yield port
    finally:
        child.terminate()
        child.wait(10)


def _get_json(port: int, path: str) -> dict:
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    try:
        connection.request("GET", path)
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


class Load:
    """Latencies (seconds) and failures of requests made so far."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def run(self, port: int, paths: list[str], concurrency: int, requests: int) -> Load:
        """`requests` GETs of `paths` (round robin) from `concurrency` threads."""
        lock = threading.Lock()
        issued = 0
        start_line = threading.Barrier(concurrency)

        def client() -> None:
            nonlocal issued
            start_line.wait()
            while True:
                with lock:
                    if issued >= requests:
                        return
                    path = paths[issued % len(paths)]
                    issued += 1
                began = time.perf_counter()
                try:
                    status = _one_request(HOST, port, path, TIMEOUT_S)
                except (OSError, http.client.HTTPException) as error:
                    with lock:
                        self.failures.append(f"{path}: {type(error).__name__}")
                    continue
                elapsed = time.perf_counter() - began
                with lock:
                    self.latencies.append(elapsed)
                    if status >= 400:
                        self.failures.append(f"{path}: HTTP {status}")

        threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(requests * TIMEOUT_S)
        return self

    def p95_ms(self) -> float:
        return _percentile(sorted(self.latencies), 0.95) * 1000

    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0


def pages(port: int, query: str) -> dict[str, str]:
    """The four pages measured: the list, the largest story, its first article, a search."""
    story = _get_json(port, "/api/stories?limit=1")["stories"][0]
    if story["size"] < 60:
        raise RuntimeError(f"the largest story has {story['size']} articles, not ~70")
    article = _get_json(port, f"/api/stories/{story['id']}")["articles"][0]["id"]
    return {"story list": "/", f"{story['size']}-article story": f"/stories/{story['id']}",
            "article page": f"/articles/{article}",
            "search": f"/search?q={quote(query)}"}  # fmt: skip


def _warm(port: int, paths: dict[str, str]) -> None:
    for path in paths.values():  # first requests open stores and fill caches
        Load().run(port, [path], 2, 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=120, help="per page and store")
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    stores = built_stores(SIZES, args.cache_dir)
    query = _big_story_town(stores[SIZES[0]])
    table = Table(f"web speed: 2k and 20k stores, loopback, {args.requests} requests a page")
    small, large = SIZES
    with serving(stores[small]) as port_small, serving(stores[large]) as port_large:
        paths = {size: pages(port, query)
                 for size, port in ((small, port_small), (large, port_large))}  # fmt: skip
        for port, size in ((port_small, small), (port_large, large)):
            _warm(port, paths[size])
        note("loading: 8 clients a page")
        loads = {(size, name): Load() for size in SIZES for name in paths[size]}
        per_round = max(1, args.requests // ROUNDS)
        for _ in range(ROUNDS):
            for name in paths[large]:
                sizes = (small, large) if name in ("story list", "search") else (large,)
                for size in sizes:
                    port = port_small if size == small else port_large
                    loads[(size, name)].run(port, [paths[size][name]], 8, per_round)
        for name in paths[large]:
            load = loads[(large, name)]
            table.add(f"p95 ms, {name}, 20k, 8 clients", round(load.p95_ms(), 1),
                      target=P95_TARGET_MS, op="<=")  # fmt: skip
        for name in ("story list", "search"):
            fast, slow = loads[(small, name)], loads[(large, name)]
            table.add(f"{name}: median 20k / 2k ({slow.median_ms():.0f} / "
                      f"{fast.median_ms():.0f} ms)", round(slow.median_ms() / fast.median_ms(), 2),
                      target=RATIO_TARGET, op="<=")  # fmt: skip
            table.add(f"{name}: p95 20k / 2k ({slow.p95_ms():.0f} / {fast.p95_ms():.0f} ms)",
                      round(slow.p95_ms() / fast.p95_ms(), 2))
        note("loading: 32 clients, all four pages")
        burst = Load().run(port_large, list(paths[large].values()), 32, 4 * args.requests)
        table.add("errors, 32 clients, 20k", len(burst.failures), target=0, op="<=")
        table.add("p95 ms, 32 clients, 20k (all four pages)", round(burst.p95_ms(), 1))
        failures = [f for load in loads.values() for f in load.failures] + burst.failures
        table.add("errors, 8 clients (all loads)", len(failures), target=0, op="<=")
    for failure in failures[:5]:
        print(f"  e.g. {failure}")
    status = table.finish()
    print(f"(bench_web: {time.perf_counter() - began:.0f} s)")
    return status


def _big_story_town(store: Path) -> str:
    """The name searched for: the big story's town (the last word of its titles)."""
    with Store(store, read_only=True) as opened:
        title = opened.list_stories(1)[0].title
    return title.split()[-1]


if __name__ == "__main__":
    sys.exit(main())
