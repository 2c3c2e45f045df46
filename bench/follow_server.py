"""The HTTP side of bench_follow.py, run as its own process: one fictional news site
per loopback address (127.0.0.2, 127.0.0.3, ...; on Linux all of 127/8 reaches this
machine), each with a feed of its pages, ETags, and a record of every request.

    python bench/follow_server.py --hosts 20 --pages 5000 --port P --control C

The record (per host: each request's arrival time and path, and the most requests in
flight at once) is read from the control address, http://127.0.0.1:C/log, which is
not itself counted. Pages are generated once at start-up, before "ready" is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.follow_site import feed_xml, page_html


class Record:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: dict[str, list[tuple[float, str, int]]] = {}
        self.in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}

    def start(self, host: str) -> None:
        with self.lock:
            now = self.in_flight.get(host, 0) + 1
            self.in_flight[host] = now
            self.max_in_flight[host] = max(self.max_in_flight.get(host, 0), now)

    def end(self, host: str, at: float, path: str, status: int) -> None:
        with self.lock:
            self.in_flight[host] -= 1
            self.requests.setdefault(host, []).append((at, path, status))

    def dump(self) -> bytes:
        with self.lock:
            return json.dumps({"requests": self.requests, "max_in_flight": self.max_in_flight}
                              ).encode()  # fmt: skip


def site_handler(host: str, files: dict[str, tuple[bytes, str]], record: Record) -> type:
    etags = {path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for path, (body, _) in
             files.items()}  # fmt: skip

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
        # Headers and body are two writes: without this, Nagle's algorithm holds the
        # body until the client's delayed ACK (40 ms) on every keep-alive response.
        disable_nagle_algorithm = True

        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:
            arrived = time.time()
            record.start(host)
            status = 200
            try:
                found = files.get(self.path)
                if found is None:
                    status, body, kind = 404, b"not found", "text/plain"
                    etag = None
                else:
                    body, kind = found
                    etag = etags[self.path]
                    if self.headers.get("If-None-Match") == etag:
                        status, body = 304, b""
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                if status != 304:
                    self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                record.end(host, arrived, self.path, status)

    return Handler


def control_handler(record: Record) -> type:
    class Control(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:
            body = record.dump() if self.path == "/log" else b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Control


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--control", type=int, required=True)
    args = parser.parse_args()
    record = Record()
    servers = []
    per_host = args.pages // args.hosts
    for index in range(args.hosts):
        host = f"127.0.0.{2 + index}"
        numbers = list(range(index * per_host, (index + 1) * per_host))
        files = {f"/a/{n}.html": (page_html(n, host).encode(), "text/html; charset=utf-8")
                 for n in numbers}  # fmt: skip
        files["/feed.xml"] = (feed_xml(f"{host}:{args.port}", numbers).encode(),
                              "application/rss+xml")  # fmt: skip
        files["/robots.txt"] = (b"User-agent: *\nAllow: /\n", "text/plain")
        server = ThreadingHTTPServer((host, args.port), site_handler(host, files, record))
        server.daemon_threads = True
        servers.append(server)
    servers.append(ThreadingHTTPServer(("127.0.0.1", args.control), control_handler(record)))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("ready", flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
    return 0


if __name__ == "__main__":
    sys.exit(main())
