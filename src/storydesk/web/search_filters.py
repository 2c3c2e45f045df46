"""The filters of a search (`/search`, `/api/search`): a time range on the articles'
dates, an outlet, an entity (its spelling variants searched too; see
`Store.search`).

    search_filters(since, until, outlet, entity) -> SearchFilters   (a dependency)

Values come as plain strings so an HTML form's empty field means "no filter" rather
than an invalid date; a date that is given must be YYYY-MM-DD (a 400 otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Query

from storydesk.web.errors import HttpError

MAX_FILTER = 100  # characters of an outlet or entity name


@dataclass(frozen=True)
class SearchFilters:
    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    entity: str | None = None

    def store_options(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until,
                "outlet": self.outlet, "entity": self.entity}  # fmt: skip

    def any(self) -> bool:
        return any(v is not None for v in self.store_options().values())

    def as_data(self) -> dict[str, str | None]:
        return {k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in self.store_options().items()}  # fmt: skip


def _date(name: str, value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HttpError(400, f"{name} must be a date as YYYY-MM-DD, not {value[:40]!r}") from None


def _name(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


_SINCE = "articles dated on or after (YYYY-MM-DD)"
_UNTIL = "articles dated on or before (YYYY-MM-DD)"
# Documented as a date (what a client should send); an empty value is taken too.
_DATE: dict[str, Any] = {"format": "date"}
_ENTITY = "articles naming this entity (or a spelling variant of it)"


def search_filters(
    since: str | None = Query(None, max_length=10, description=_SINCE, json_schema_extra=_DATE),
    until: str | None = Query(None, max_length=10, description=_UNTIL, json_schema_extra=_DATE),
    outlet: str | None = Query(None, max_length=MAX_FILTER, description="articles of this outlet"),
    entity: str | None = Query(None, max_length=MAX_FILTER, description=_ENTITY),
) -> SearchFilters:
    found = SearchFilters(
        _date("since", since), _date("until", until), _name(outlet), _name(entity)
    )
    if found.since and found.until and found.since > found.until:
        raise HttpError(400, "since must not be after until")
    return found
