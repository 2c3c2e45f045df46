"""/docs: the API's operations as a plain HTML page, made from the OpenAPI document.

FastAPI's own docs page runs Swagger UI, a script loaded from a CDN: the pages' CSP
(no scripts, no remote loads) blocks it, and a reader's server may have no Internet.
This page needs neither; the machine-readable document stays at /openapi.json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from storydesk.write.templates import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    where: str
    required: bool
    rule: str  # "integer, 1 to 500, default 50"


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    answers: tuple[tuple[str, str], ...]  # (status, description)


def _rule(schema: dict[str, Any]) -> str:
    parts = [str(schema.get("type", "string"))]
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None or high is not None:
        parts.append(f"{low if low is not None else '…'} to {high if high is not None else '…'}")
    if "maxLength" in schema:
        parts.append(f"at most {schema['maxLength']} characters")
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    return ", ".join(parts)


def operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    for path, methods in document.get("paths", {}).items():
        for method, spec in methods.items():
            parameters = tuple(
                Parameter(p["name"], p["in"], bool(p.get("required")), _rule(p.get("schema", {})))
                for p in spec.get("parameters", ())
            )
            answers = tuple(
                (str(code), str(answer.get("description", "")))
                for code, answer in spec.get("responses", {}).items()
            )
            found.append(Operation(method.upper(), path, spec.get("summary", ""),
                                   spec.get("description", ""), parameters, answers))  # fmt: skip
    return found


@router.get("/docs")
async def docs(request: Request) -> Response:
    document = request.app.openapi()
    info = document.get("info", {})
    title = f"{info.get('title', 'API')} {info.get('version', '')} API"
    page = render("docs.html", title=title, description=info.get("description", ""),
                  operations=operations(document))  # fmt: skip
    return Response(page, media_type="text/html; charset=utf-8")
