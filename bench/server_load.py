"""A loopback load test for `storydesk serve`: many clients at once, latency and errors.

    load_test(base_url, paths, *, concurrency=32, requests=2000, timeout=10.0,
              max_seconds=120.0) -> dict
        `concurrency` client threads share `requests` GETs over `paths` (round robin),
        each on its own connection, as distinct browsers would. Returns counts
        ("requests", "ok", "errors", "timeouts", "statuses") and latency in seconds
        ("p50", "p95", "p99", "max"), with "seconds" and "per_second".
    story_paths(base_url, stories=5) -> list[str]
        The pages and API addresses of a running server worth loading: the index,
        health, search, and the first stories and one article of each, as HTML and JSON.

Run as a script it starts `storydesk serve` on a store in a child process (so the load
and the server do not share one interpreter lock) and prints a table:

    python -m bench.server_load --db STORE [--concurrency 32] [--requests 2000]

Only loopback addresses are accepted, and the work is bounded in count and time: this
measures our own server on this machine, it is not a tool to point at others.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MAX_CONCURRENCY = 256
MAX_REQUESTS = 100_000
MAX_SAMPLES = 5  # error reasons kept, to say what went wrong without flooding a report


def _loopback(base_url: str) -> tuple[str, int]:
    split = urlsplit(base_url)
    if split.scheme != "http" or not split.hostname or not split.port:
        raise ValueError(f"want http://127.0.0.1:PORT, got {base_url!r}")
    if not ipaddress.ip_address(split.hostname).is_loopback:  # ValueError for names too
        raise ValueError(f"load tests go to loopback addresses only, not {split.hostname!r}")
    return split.hostname, split.port


def _percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 when empty)."""
    if not ordered:
        return 0.0
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def _one_request(host: str, port: int, path: str, timeout: float) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        reply = connection.getresponse()
        reply.read()
        return reply.status
    finally:
        connection.close()


def load_test(
    base_url: str,
    paths: list[str],
    *,
    concurrency: int = 32,
    requests: int = 2000,
    timeout: float = 10.0,
    max_seconds: float = 120.0,
) -> dict[str, Any]:
    """GET `paths` round robin, `requests` times in all, from `concurrency` threads.

    A response with a status of 400 or more counts as an error (the paths are meant
    to exist), a socket timeout as a timeout, any other failure (refused, reset) as an
    error. Requests not started within `max_seconds` are not made ("requests" says
    how many were).
    """
    host, port = _loopback(base_url)
    if not paths or not all(p.startswith("/") for p in paths):
        raise ValueError("paths must be a non-empty list of absolute paths")
    concurrency = max(1, min(concurrency, MAX_CONCURRENCY))
    requests = max(1, min(requests, MAX_REQUESTS))
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    failures = {"errors": 0, "timeouts": 0}
    samples: list[str] = []
    deadline = time.monotonic() + max_seconds
    start_line = threading.Barrier(concurrency)  # every client starts together

    def note_failure(kind: str, reason: str) -> None:
        with lock:
            failures[kind] += 1
            if len(samples) < MAX_SAMPLES:
                samples.append(reason)

    def client() -> None:
        nonlocal issued
        start_line.wait()
        while True:
            with lock:
                if issued >= requests or time.monotonic() > deadline:
                    return
                path = paths[issued % len(paths)]
                issued += 1
            began = time.perf_counter()
            try:
                status = _one_request(host, port, path, timeout)
            except TimeoutError as error:  # socket.timeout is TimeoutError
                note_failure("timeouts", f"{path}: timed out ({error})")
                continue
            except (OSError, http.client.HTTPException) as error:
                note_failure("errors", f"{path}: {type(error).__name__}: {error}")
                continue
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1
            if status >= 400:
                note_failure("errors", f"{path}: HTTP {status}")

    began = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:  # a client's requests end by its timeout; wait a bit past that
        thread.join(max(0.0, deadline - time.monotonic()) + timeout + 1.0)
    seconds = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "concurrency": concurrency,
        "requests": issued,
        "ok": sum(n for s, n in statuses.items() if s < 400),
        "errors": failures["errors"],
        "timeouts": failures["timeouts"],
        "statuses": dict(sorted(statuses.items())),
        "p50": _percentile(ordered, 0.50),
        "p95": _percentile(ordered, 0.95),
        "p99": _percentile(ordered, 0.99),
        "max": ordered[-1] if ordered else 0.0,
        "seconds": seconds,
        "per_second": len(ordered) / seconds if seconds else 0.0,
        "samples": samples,
    }


def _get_json(host: str, port: int, path: str, timeout: float = 10.0) -> Any:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        body = reply.read()
        if reply.status != 200:
            raise RuntimeError(f"{path}: HTTP {reply.status}")
        return json.loads(body)
    finally:
        connection.close()


def story_paths(base_url: str, stories: int = 5) -> list[str]:
    """Pages and API addresses that exist on the server at `base_url`."""
    host, port = _loopback(base_url)
    paths = ["/", "/openapi.json", "/api/health", "/api/stories", "/search?q=the"]
    listed = _get_json(host, port, f"/api/stories?limit={max(1, stories)}")["stories"]
    for row in listed:
        paths += [f"/stories/{row['id']}", f"/api/stories/{row['id']}"]
        story = _get_json(host, port, f"/api/stories/{row['id']}")
        for article in story.get("articles", [])[:1]:
            paths += [f"/articles/{article['id']}", f"/api/articles/{article['id']}"]
    return paths


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(host: str, port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            _get_json(host, port, "/api/health", timeout=2.0)
            return
        except (OSError, RuntimeError):
            time.sleep(0.1)
    raise RuntimeError(f"no server answered on {host}:{port} within {seconds:.0f} s")


def print_table(result: dict[str, Any]) -> None:
    rows = [
        ("concurrency", str(result["concurrency"])),
        ("requests", str(result["requests"])),
        ("ok", str(result["ok"])),
        ("errors", str(result["errors"])),
        ("timeouts", str(result["timeouts"])),
        ("p50 ms", f"{result['p50'] * 1000:.1f}"),
        ("p95 ms", f"{result['p95'] * 1000:.1f}"),
        ("p99 ms", f"{result['p99'] * 1000:.1f}"),
        ("max ms", f"{result['max'] * 1000:.1f}"),
        ("requests/s", f"{result['per_second']:.0f}"),
    ]
    for name, value in rows:
        print(f"{name:<12} {value:>10}")
    for sample in result["samples"]:
        print(f"  e.g. {sample}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to serve (starts `storydesk serve`)")
    parser.add_argument("--url", help="an already running server on loopback instead")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args(argv)
    if bool(args.db) == bool(args.url):
        parser.error("give --db or --url")
    child = None
    base_url = args.url
    if args.db:
        port = _free_port()
        child = subprocess.Popen(
            [sys.executable, "-m", "storydesk.cli", "--db", str(args.db), "serve",
             "--port", str(port)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_up("127.0.0.1", port, 30.0)
    try:
        paths = story_paths(base_url)
        result = load_test(
            base_url, paths, concurrency=args.concurrency, requests=args.requests,
            timeout=args.timeout,
        )  # fmt: skip
    finally:
        if child is not None:
            child.terminate()
            child.wait(10)
    print(f"{len(paths)} paths on {base_url}")
    print_table(result)
    return 0 if result["errors"] == result["timeouts"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
