"""The web application of `storydesk serve`: FastAPI routes over a store, built in
one place.

    create_app(db_path, *, write_token=None, workers=WORKERS) -> FastAPI

Routes (reads are open; GET, and HEAD answered as GET):

    /                     stories, largest first (HTML; ?page=N)
    /stories/ID           one story: brief, facts, conflicts, timeline, sources (HTML)
    /articles/ID          one article: claims, entities, text (HTML)
    /search?q=WORDS       stories whose articles hold every word (HTML)
    /articles/ID?hl=A-B   the article with characters A to B marked (?quote=N: its
                          Nth quotation); a citation's link ends in "#hl" to scroll there
    /articles/ID/compare/SOURCE   a copy or rewrite beside its source (routes_desk.py)
    /entities/NAME        an entity across stories, with its spellings
    /outlets/NAME         an outlet's articles and how often they are derived
    /api/...              the JSON API (routes_api.py): health, stories, one story,
                          one article, search
    /openapi.json, /docs  the API described (docs.py: a plain page, no script)

Story ids may be aliases of merged stories, unique prefixes or short forms ("S12");
article ids may be unique prefixes. A page asked for by another form of its id
redirects to the canonical address. Parameters are checked by the framework; any
error is a 400, 404, 405 or 503 with a one-line reason (errors.py), and every answer
carries the security headers (middleware.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from storydesk import __version__
from storydesk.web import docs, routes_api, routes_desk, routes_html
from storydesk.web.errors import install_error_handlers, refusal
from storydesk.web.jobs import JobRunner
from storydesk.web.middleware import Hardened
from storydesk.web.page_cache import PageCache
from storydesk.web.reading import WORKERS, StoreReader
from storydesk.web.write_api import DEFAULT_MAX_BODY_BYTES, make_write_router

DESCRIPTION = (
    "Stories grouped from news reports, with their sources, facts, conflicts and "
    "citations. Reads are open and never change the store. Errors are "
    '`{"error": "one line", "status": N}`.'
)


def create_app(db_path: Path, *, write_token: str | None = None, workers: int = WORKERS) -> FastAPI:
    """The application over the store at `db_path`, read through `workers` threads
    each with its own read-only connection. `write_token` is the token the write
    API's requests must carry (none: no writes)."""
    reader = StoreReader(Path(db_path), workers)
    # The write API's one writer thread starts with the first accepted post.
    runner = JobRunner(Path(db_path))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runner.close()
        reader.close()

    app = FastAPI(title="storydesk", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan)  # fmt: skip
    app.state.reader = reader
    app.state.pages = PageCache()
    app.state.write_token = write_token
    install_error_handlers(app)
    app.add_middleware(Hardened, refuse=refusal)
    app.include_router(routes_html.router)
    app.include_router(routes_desk.router)
    app.include_router(routes_api.router)
    app.include_router(
        make_write_router(runner, token=write_token, max_body_bytes=DEFAULT_MAX_BODY_BYTES)
    )
    app.include_router(docs.router)
    return app
