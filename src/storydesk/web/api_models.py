"""The shapes of the JSON API's answers, for its OpenAPI document. The routes
serialise plain data straight to bytes (web/app.py); these models only describe it.
A story and an article are documented as objects: their shape is report.json's
(docs/report-schema.json)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorAnswer(BaseModel):
    error: str = Field(description="one line: why the request was not answered")
    status: int


class Health(BaseModel):
    ok: bool
    articles: int
    stories: int


class StoryRow(BaseModel):
    id: str
    title: str
    size: int = Field(description="articles in the story")
    first_seen: str | None
    last_seen: str | None
    outlets: list[str]
    inferred_outlets: list[str] = Field(description="outlets no article states, only inferred")


class StoryList(BaseModel):
    total: int
    offset: int
    stories: list[StoryRow]


class SearchHit(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str | None = Field(description="matched words wrapped in \\u0002 and \\u0003")


class SearchStory(BaseModel):
    id: str | None
    title: str
    size: int
    matches: int = Field(description="the story's articles that hold every word")
    articles: list[SearchHit]


class SearchAnswer(BaseModel):
    query: str
    filters: dict[str, str | None] = Field(
        description="the filters applied: since, until (YYYY-MM-DD), outlet, entity"
    )
    stories: list[SearchStory]
    also_searched: dict[str, list[str]] = Field(
        description="spelling variants of query words also looked for"
    )
