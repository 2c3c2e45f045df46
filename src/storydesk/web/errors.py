"""Errors of the web server, answered the same way wherever they come from: JSON
`{"error": "...", "status": N}` under /api, an HTML page elsewhere, one line of
reason, the security headers on each (a 500 is answered outside the middleware that
adds them to every other response, so they are set here too)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from storydesk.web.json_answer import json_bytes
from storydesk.web.middleware import Scope, hardened
from storydesk.web.pages import error_page
from storydesk.web.reading import StoreUnavailable

log = logging.getLogger("storydesk.web")


class HttpError(Exception):
    """A request answered with `status` and a one-line `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def error_response(
    path: str, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    message = " ".join(message.split())[:300]  # one line, never a page of request text
    if is_api(path):
        response = Response(json_bytes({"error": message, "status": status}), status,
                            headers, media_type="application/json")  # fmt: skip
    else:
        response = Response(error_page(status, message), status, headers,
                            media_type="text/html; charset=utf-8")  # fmt: skip
    response.raw_headers = hardened(response.raw_headers)
    return response


def refusal(scope: Scope, status: int, message: str) -> Response:
    """The answer to a request refused before routing (web/middleware.py)."""
    return error_response(str(scope.get("path", "")), status, message)


def _validation_message(error: RequestValidationError) -> str:
    """ "limit: Input should be less than or equal to 500": the first problem."""
    problems = error.errors()
    if not problems:
        return "invalid request"
    first = problems[0]
    where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
    return f"{where}: {first.get('msg', 'invalid')}"


def install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HttpError)
        return error_response(request.url.path, error.status, error.message)

    async def framework_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        path = request.url.path
        headers = dict(error.headers or {})
        message = str(error.detail)
        if error.status_code == 404 and message == "Not Found":
            message = f"no page {path[:200]!r}"
        if error.status_code == 405:
            allowed = [m.strip() for m in headers.get("Allow", "").split(",") if m.strip()]
            if "GET" in allowed and "HEAD" not in allowed:  # HEAD is answered as GET
                allowed.append("HEAD")
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not answered here; only {headers['Allow']}"
        return error_response(path, error.status_code, message, headers)

    async def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return error_response(request.url.path, 400, _validation_message(error))

    async def unavailable(request: Request, error: Exception) -> Response:
        assert isinstance(error, StoreUnavailable)
        return error_response(request.url.path, 503, error.message, {"Retry-After": "2"})

    async def internal(request: Request, error: Exception) -> Response:
        log.error("error answering %s %s", request.method, request.url.path[:200],
                  exc_info=error)  # fmt: skip
        return error_response(request.url.path, 500, "internal error (see the server's log)")

    app.add_exception_handler(HttpError, http_error)
    app.add_exception_handler(StarletteHTTPException, framework_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StoreUnavailable, unavailable)
    app.add_exception_handler(Exception, internal)
