"""The web server under load, slow clients, hostile requests and a store being written.

Every test starts the real server on 127.0.0.1, port 0, over a copy of the demo store
(the team's fictional corpus), and talks to it with sockets or http.client.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from email.message import Message
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import storydesk.store.database as database
from storydesk.store.store import Store
from storydesk.web.headers import SECURITY_HEADERS
from storydesk.web.server import Served, make_server

Reply = tuple[int, Message, bytes]  # header names in any case, as HTTP has them


def _bench_module(name: str) -> ModuleType:
    """A module of bench/ (not an installed package), loaded from its file, so the
    tests run whatever the working directory."""
    path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_server_load = _bench_module("server_load")
load_test, story_paths = _server_load.load_test, _server_load.story_paths


@contextmanager
def running(db: Path, **options: Any) -> Iterator[Served]:
    with make_server(db, "127.0.0.1", 0, **options) as served:
        yield served


def _port(server: Served) -> int:
    return server.port


def _base(server: Served) -> str:
    return f"http://127.0.0.1:{_port(server)}"


@pytest.fixture
def store_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo store this test may change (demo_db is shared)."""
    path = tmp_path / "store.sqlite"
    shutil.copyfile(demo_db, path)
    return path


def _parse(data: bytes) -> Reply:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = Message()
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    return status, headers, body


def _raw(server: Served, payload: bytes, timeout: float = 10.0) -> Reply:
    """Send `payload` as it is and read the whole answer."""
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=timeout) as sock:
        # The server may answer before it has read everything: then read the answer.
        with suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(payload)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data, "the server closed without an answer"
    return _parse(data)


def _get(server: Served, path: str, timeout: float = 10.0) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=timeout)
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        return reply.status, reply.headers, reply.read()
    finally:
        connection.close()


def _assert_hardened(headers: Message) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], name  # once, never twice
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers.get("Server", "storydesk") == "storydesk"  # no version banner


# -- 1. load ---------------------------------------------------------------------------


def test_32_concurrent_clients_get_every_answer(demo_db: Path) -> None:
    with running(demo_db) as server:
        base = _base(server)
        paths = story_paths(base)
        result = load_test(base, paths, concurrency=32, requests=480, timeout=10.0)
    print(
        f"\nloopback load, 32 clients: {result['requests']} requests, "
        f"{result['errors']} errors, {result['timeouts']} timeouts, "
        f"p50 {result['p50'] * 1000:.0f} ms, p99 {result['p99'] * 1000:.0f} ms"
    )
    assert result["requests"] == 480 and result["ok"] == 480, result["samples"]
    assert result["errors"] == 0 and result["timeouts"] == 0
    # Generous (a shared, busy CI machine): the old server's dropped connections
    # waited out SYN retries of 1, 3 and 7 s.
    assert result["p99"] < 3.0


def test_listen_backlog_holds_every_connection_the_server_takes(demo_db: Path) -> None:
    with running(demo_db, max_connections=64, backlog=16) as server:
        # socketserver's default of 5 overflowed at 32 clients: dropped SYNs.
        assert server.server.config.backlog >= 64


def test_each_worker_opens_one_read_only_store_and_keeps_it(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[bool] = []
    real_init = Store.__init__

    def counting_init(self: Store, path: str | Path, **options: Any) -> None:
        opened.append(bool(options.get("read_only")))
        real_init(self, path, **options)

    with running(demo_db, workers=4) as server:
        monkeypatch.setattr(Store, "__init__", counting_init)
        for _ in range(40):
            assert _get(server, "/api/health")[0] == 200
        load_test(_base(server), ["/api/health"], concurrency=8, requests=40, timeout=10.0)
    # Opening ran connection settings and a schema parse per request; now each of
    # the 4 workers opens once, read-only (never creating or migrating the store).
    assert 1 <= len(opened) <= 4 and all(opened)


def test_a_deleted_store_is_a_503_never_a_new_store(store_copy: Path) -> None:
    with running(store_copy, workers=2) as server:
        assert json.loads(_get(server, "/api/health")[2])["articles"] == 12
        store_copy.unlink()  # the workers still hold connections to the old file
        for _ in range(4):  # whichever worker answers
            status, headers, body = _get(server, "/api/health")
            assert status == 503 and "no store" in json.loads(body)["error"]
            _assert_hardened(headers)
    assert not store_copy.exists()


# -- 2. idle and slow clients ----------------------------------------------------------


def _closed_within(sock: socket.socket, seconds: float) -> float:
    """Seconds until the server closed `sock` (fails past `seconds`)."""
    began = time.monotonic()
    sock.settimeout(seconds)
    try:
        while sock.recv(1024):
            pass
    except TimeoutError:
        pytest.fail(f"the server kept an idle connection open for {seconds} s")
    except ConnectionResetError:
        pass
    return time.monotonic() - began


def test_a_connection_that_sends_nothing_is_closed(demo_db: Path) -> None:
    with running(demo_db, head_timeout=1.0) as server:
        with socket.create_connection(("127.0.0.1", _port(server))) as idle:
            assert _closed_within(idle, 6.0) < 4.0
        assert _get(server, "/api/health")[0] == 200


def test_headers_sent_a_byte_at_a_time_get_one_deadline(demo_db: Path) -> None:
    with (
        running(demo_db, head_timeout=1.0) as server,
        socket.create_connection(("127.0.0.1", _port(server))) as slow,
    ):
        slow.sendall(b"GET / HTTP/1.1\r\n")
        began = time.monotonic()
        # Each byte comes well inside a per-read timeout, but the head as a whole
        # never arrives: the deadline is for all of it.
        with suppress(BrokenPipeError, ConnectionResetError):
            while time.monotonic() - began < 6.0:
                slow.sendall(b"X")
                time.sleep(0.2)
        assert time.monotonic() - began < 4.0, "a trickling client held its worker"


def test_the_next_head_on_a_kept_connection_gets_its_own_deadline(demo_db: Path) -> None:
    with (
        running(demo_db, head_timeout=1.0) as server,
        socket.create_connection(("127.0.0.1", _port(server))) as kept,
    ):
        kept.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while b'"stories"' not in answer:
            answer += kept.recv(65536)
        assert answer.startswith(b"HTTP/1.1 200")
        kept.sendall(b"GET / HTTP/1.1\r\n")
        began = time.monotonic()
        with suppress(BrokenPipeError, ConnectionResetError):
            while time.monotonic() - began < 6.0:
                kept.sendall(b"X")
                time.sleep(0.2)
        assert time.monotonic() - began < 4.0, "a trickling client held its connection"


def test_silent_connections_hold_no_worker(demo_db: Path) -> None:
    with running(demo_db, workers=2, head_timeout=5.0) as server:
        silent = [socket.create_connection(("127.0.0.1", _port(server))) for _ in range(20)]
        try:
            time.sleep(0.2)
            began = time.monotonic()
            assert _get(server, "/api/health")[0] == 200
            # Not after the silent ones' 5 s: they wait without a worker.
            assert time.monotonic() - began < 2.0
        finally:
            for sock in silent:
                sock.close()


def test_idle_clients_cannot_take_more_than_the_connection_cap(demo_db: Path) -> None:
    threads_before = threading.active_count()
    with running(demo_db, workers=4, max_connections=8, head_timeout=1.5) as server:
        idle = [socket.create_connection(("127.0.0.1", _port(server))) for _ in range(30)]
        try:
            time.sleep(0.3)
            # No thread per connection: the event loop holds them all (plus the
            # server's own thread and at most the 4 reading threads).
            assert threading.active_count() <= threads_before + 4 + 1
            # Past max_connections, a connection is told at once that it must wait.
            status, headers, body = _raw(server, b"GET /api/health HTTP/1.0\r\n\r\n")
            assert status == 503 and headers["Retry-After"] and b"busy" in body
            _assert_hardened(headers)
        finally:
            for sock in idle:
                sock.close()
        time.sleep(0.2)
        assert _get(server, "/api/health")[0] == 200  # the workers are free again


# -- 3 and 4. security headers on every answer, no version banner ----------------------


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"GET /api/health HTTP/1.0\r\n\r\n", 200),
        (b"GET /no/such/page HTTP/1.0\r\n\r\n", 404),
        (b"PATCH /api/stories HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        (b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        (b"POST /api/stories HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 405),
        (b"GET /api/stories?limit=0 HTTP/1.0\r\n\r\n", 400),  # a framework's check
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET / HTTP/9.x\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET /\r\n\r\n", 400),  # HTTP/0.9 would be answered with no headers at all
        (b"GET //[x HTTP/1.0\r\n\r\n", 404),  # not an address, not a 500
        (b"GET /" + b"a" * 3000 + b" HTTP/1.0\r\n\r\n", 414),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.0\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
        (b"GET / HTTP/1.1\r\nX-Long: " + b"b" * 70_000 + b"\r\n\r\n", 431),
    ],
    ids=[
        "ok", "404", "PATCH", "unknown-method", "POST", "validation", "garbage", "bad-version",
        "http2", "http0.9", "bad-ipv6-path", "long-target", "long-line",
        "many-headers", "long-header",
    ],
)
def test_every_answer_carries_the_security_headers(
    demo_db: Path, payload: bytes, status: int
) -> None:
    with running(demo_db) as server:
        got, headers, body = _raw(server, payload)
    assert got == status, body[:200]
    _assert_hardened(headers)
    assert headers["Server"] == "storydesk"
    assert all("Python" not in value for value in headers.values())
    if status >= 400:
        assert b"Traceback" not in body


def test_an_internal_error_is_a_plain_500_with_the_headers(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("fictional bug in a page")

    monkeypatch.setattr(Store, "count_articles", broken)
    with running(demo_db) as server:
        status, headers, body = _get(server, "/api/health")
        page_status, page_headers, page = _get(server, "/")
    assert status == 500 and json.loads(body)["status"] == 500
    assert b"fictional bug" not in body and b"Traceback" not in body
    _assert_hardened(headers)
    assert page_status == 500 and b"internal error" in page and b"fictional bug" not in page
    _assert_hardened(page_headers)


# -- 5. a store that is busy or being written ------------------------------------------


def _failing_handle(
    monkeypatch: pytest.MonkeyPatch, failures: int, error: Exception
) -> list[int]:
    """Make the first `failures` reads of the store's counts raise `error` (every
    route asked for here reads one)."""
    calls: list[int] = []
    real: Callable[..., Any] = Store.count_stories

    def flaky(*args: Any) -> Any:
        calls.append(1)
        if len(calls) <= failures:
            raise error
        return real(*args)

    monkeypatch.setattr(Store, "count_stories", flaky)
    return calls


def test_a_locked_store_is_tried_again(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _failing_handle(monkeypatch, 1, sqlite3.OperationalError("database is locked"))
    with running(demo_db) as server:
        status, _, body = _get(server, "/api/health")
    assert status == 200 and json.loads(body)["ok"] is True and len(calls) == 2


def test_a_store_still_locked_is_a_503_in_one_line(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_handle(monkeypatch, 99, sqlite3.OperationalError("database is locked"))
    with running(demo_db) as server:
        status, headers, body = _get(server, "/api/stories")
        page_status, page_headers, page = _get(server, "/")
    assert status == 503 and headers["Retry-After"]
    data = json.loads(body)
    assert data["status"] == 503 and "busy" in data["error"] and "\n" not in data["error"]
    assert "locked" not in data["error"] and str(demo_db) not in data["error"]
    assert page_status == 503 and b"busy" in page and b"Traceback" not in page
    _assert_hardened(headers)
    _assert_hardened(page_headers)


def test_a_real_lock_held_too_long_is_a_503_and_then_served(
    store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A store in rollback-journal mode, where a writer's lock does block readers
    # (in WAL mode it never does): the worst case a reader meets.
    with sqlite3.connect(store_copy) as setup:
        setup.execute("PRAGMA journal_mode=DELETE")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)  # how long opening waits
    with running(store_copy, workers=2) as server:
        server.app.state.reader.stores.busy_timeout_ms = 300
        writer = sqlite3.connect(store_copy, isolation_level=None)
        try:
            writer.execute("BEGIN EXCLUSIVE")
            began = time.monotonic()
            status, headers, body = _get(server, "/api/health")
            assert time.monotonic() - began < 5.0
            assert status == 503 and "busy" in json.loads(body)["error"]
            assert b"locked" not in body
            _assert_hardened(headers)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        status, _, body = _get(server, "/api/health")
        assert status == 200 and json.loads(body)["articles"] == 12


def test_a_short_lock_is_waited_out(store_copy: Path) -> None:
    with sqlite3.connect(store_copy) as setup:
        setup.execute("PRAGMA journal_mode=DELETE")
    with running(store_copy, workers=1) as server:
        assert _get(server, "/api/health")[0] == 200  # the worker's store is open
        writer = sqlite3.connect(store_copy, isolation_level=None, check_same_thread=False)
        writer.execute("BEGIN EXCLUSIVE")
        release = threading.Timer(0.4, lambda: writer.execute("ROLLBACK"))
        release.start()
        try:
            status, _, body = _get(server, "/api/health")
        finally:
            release.join()
            writer.close()
    assert status == 200 and json.loads(body)["articles"] == 12


_WRITER = """
import sys, time
from storydesk.model import Article, Provenance
from storydesk.store.store import Store

store = Store(sys.argv[1])
print("ready", flush=True)
end = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < end:
    with store.transaction():
        for _ in range(5):
            n += 1
            text = f"Fictional bulletin {n}: the Quillby ferry ran {n} minutes late today."
            store.add_article(Article.build(text, Provenance("writer", "text", str(n)),
                                            title=f"Ferry bulletin {n}", outlet="Quillby Post"))
store.close()
print(n, flush=True)
"""


def test_the_server_answers_while_another_process_adds(store_copy: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(store_copy), "4"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    try:
        with running(store_copy) as server:
            base = _base(server)
            paths = ["/", "/api/health", "/api/stories", "/stories/S000001", "/search?q=ferry"]
            result = load_test(base, paths, concurrency=32, requests=320, timeout=10.0)
            written = int(writer.communicate(timeout=30)[0].strip() or 0)
            _, _, body = _get(server, "/api/health")
    finally:
        if writer.poll() is None:
            writer.kill()
    assert written > 0 and writer.returncode == 0
    assert result["errors"] == 0 and result["timeouts"] == 0, result["samples"]
    assert json.loads(body)["articles"] == 12 + written  # and it reads what was added


def test_hostile_claims_and_discrepancies_are_escaped_on_the_served_page(
    store_copy: Path,
) -> None:
    """Claim texts, the words a rewrite changed and the explanations come from articles:
    served, every one of them is text, never markup."""
    from story_render_fixture import inject_results

    hostile = "<script>alert('claim')</script><img src=x onerror=alert(2)>"
    inject_results(store_copy, hostile=hostile)
    with running(store_copy) as server:
        status, headers, body = _get(server, "/stories/S000001")
    page = body.decode("utf-8")
    assert status == 200
    _assert_hardened(headers)
    assert "<script>" not in page and "<img src=x" not in page
    escaped = "&lt;script&gt;alert(&#39;claim&#39;)&lt;/script&gt;"
    for name in ("established", "copied", "disagree"):
        section = page[page.index(f'<section class="desk {name}"') :]
        assert escaped in section[: section.index('<section class="desk ', 4)], name
