"""A scripted HTTP server on 127.0.0.1 for the follow tests: fictional feeds, sitemaps
and article pages, with ETags, and a log of every request it answered."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


@dataclass
class Seen:
    path: str
    status: int
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    resources: dict[str, Resource] = field(default_factory=dict)
    log: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def put(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200) -> None:  # fmt: skip
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self.lock:
            self.resources[path] = Resource(data, content_type, status)

    def requests(self, path: str) -> list[Seen]:
        with self.lock:
            return [seen for seen in self.log if seen.path == path]

    def answered(self, path: str) -> list[int]:
        return [seen.status for seen in self.requests(path)]


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *_: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        with self.site.lock:
            resource = self.site.resources.get(self.path)
        status = 404 if resource is None else resource.status
        etag = None
        if resource is not None and status == 200:
            etag = '"' + hashlib.sha1(resource.body).hexdigest()[:12] + '"'
            if self.headers.get("If-None-Match") == etag:
                status = 304
        with self.site.lock:
            self.site.log.append(Seen(self.path, status, dict(self.headers), time.time()))
        body = b"" if status == 304 or resource is None else resource.body
        if resource is None:
            body = b"not here"
        self.send_response(status)
        if etag:
            self.send_header("ETag", etag)
        if resource is not None and status != 304:
            self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving() -> Iterator[Site]:
    site = Site()
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# -- fictional content -------------------------------------------------------------

_PLACES = ("Harrowgate", "Lindqvist Bay", "Port Ellery", "Marrow Fen", "Castell Ridge")
_THINGS = ("the ferry service", "the new bridge", "the harbour dredging", "the flood barrier",
           "the tram extension")  # fmt: skip


def article_html(number: int, *, version: int = 1, title: str | None = None) -> str:
    """A fictional article page with a few paragraphs (different for each number and
    version)."""
    place = _PLACES[number % len(_PLACES)]
    thing = _THINGS[(number // len(_PLACES)) % len(_THINGS)]
    headline = title or f"{place} council votes on {thing} (report {number})"
    paragraphs = [
        f"Councillors in {place} voted on Tuesday to approve {thing}, report number "
        f"{number}, after a debate that lasted more than four hours, officials said.",
        f"The plan will cost about {number * 3 + 7} million crowns over five years and is "
        f"expected to create {number + 40} jobs in the district, the council said.",
        f"Residents who spoke at the meeting were divided. Some said {thing} was long "
        f"overdue, while others warned that the budget for {place} was already stretched.",
    ]
    if version > 1:
        paragraphs.append(
            f"Update {version}: the mayor of {place} said on Wednesday that work on {thing} "
            f"would begin in the spring, pending a final review by the regional authority."
        )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{headline}</title>"
        f'<meta property="og:title" content="{headline}"></head><body>'
        f"<nav><a href='/'>Home</a></nav><article><h1>{headline}</h1>{body}</article>"
        f"<footer>Fictional Gazette</footer></body></html>"
    )


def rss(entries: list[tuple[str, str, str, str]], title: str = "Fictional Gazette - News") -> str:
    """An RSS 2.0 feed of (title, link, summary, pubDate) entries."""
    items = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>{summary}</description><pubDate>{date}</pubDate></item>"
        for t, link, summary, date in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link>{items}</channel></rss>"
    )


def news_sitemap(entries: list[tuple[str, str, str]]) -> str:
    """A news sitemap of (loc, title, publication date) entries."""
    urls = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Fictional Gazette"
        f"</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{title}"
        f"</news:title></news:news></url>"
        for loc, title, date in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    )
