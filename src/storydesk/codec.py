"""Model records to JSON-able data and back, driven by their type hints.

One generic codec instead of a hand-written `to_dict`/`from_dict` per record: the
store keeps per-article claims, links and per-story results as JSON, and a record
added to model.py is storable the moment it exists.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Plain JSON-able data (dicts, lists, str, numbers, None) for a model value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | set | frozenset):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def dumps(value: Any) -> str:
    return json.dumps(to_data(value), ensure_ascii=False, separators=(",", ":"))


@cache
def _hints(cls: type) -> dict[str, Any]:
    import storydesk.model as model

    return typing.get_type_hints(cls, vars(model))


def from_data(kind: Any, data: Any) -> Any:
    """Rebuild a value of type `kind` (a model class or a type hint) from `to_data` output."""
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        for option in options:
            try:
                return from_data(option, data)
            except (TypeError, ValueError, KeyError):
                continue
        return data
    if origin is typing.Literal:
        return data
    if origin in (tuple, list, set, frozenset):
        args = get_args(kind)
        if origin is tuple and args and (len(args) != 2 or args[1] is not Ellipsis):
            return tuple(from_data(a, v) for a, v in zip(args, data, strict=False))
        item = args[0] if args else Any
        items = [from_data(item, v) for v in data]
        return origin(items) if origin is not list else items
    if origin is dict:
        _, value_kind = get_args(kind) or (Any, Any)
        return {k: from_data(value_kind, v) for k, v in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise TypeError(f"{kind.__name__} needs an object, got {type(data).__name__}")
        hints = _hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: from_data(hints[k], v) for k, v in data.items() if k in known})
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if kind is float and isinstance(data, int | float):
        return float(data)
    if kind in (int, str, bool, float) and not isinstance(data, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
    return data


def loads(kind: type[T], text: str) -> T:
    return typing.cast(T, from_data(kind, json.loads(text)))
