"""JSON answers as bytes, straight from plain data: compact, UTF-8 as is. No indent:
an indent makes `json` use its pure-Python encoder, several times slower on a big
story; no model validation either: report-sized answers are already plain data."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def json_response(data: Any) -> Response:
    return Response(json_bytes(data), media_type="application/json")


def json_raw(body: bytes) -> Response:
    """An answer already encoded (kept in the page cache)."""
    return Response(body, media_type="application/json")
