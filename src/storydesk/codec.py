"""Model records to JSON-able data and back, driven by their type hints.

One generic codec instead of a hand-written `to_dict`/`from_dict` per record: the
store keeps per-article claims, links and per-story results as JSON (compressed:
`pack`/`unpack`), and a record added to the model is storable the moment it exists.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
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
    return typing.get_type_hints(cls)  # resolved in the module that defines `cls`


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


# Stored JSON compresses 4-6x; level 6 costs well under a millisecond for a story's
# results, which are written once per change and read on every view.
_PACK_LEVEL = 6


def pack(value: Any) -> bytes:
    """`dumps` compressed with zlib: how the store keeps claims, links and results."""
    return zlib.compress(dumps(value).encode("utf-8"), _PACK_LEVEL)


def unpack(kind: type[T], data: bytes | str) -> T:
    """The inverse of `pack`; plain JSON text (a row written before packing) reads too."""
    return typing.cast(T, from_data(kind, unpack_data(data)))


def unpack_data(data: bytes | str) -> Any:
    """What `pack` stored as plain JSON data, without building model records: for a
    reader that wants one field of a large record."""
    text = zlib.decompress(data).decode("utf-8") if isinstance(data, bytes) else data
    return json.loads(text)


def json_schema(kind: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what `to_data` makes of a value of `kind`,
    derived from the type hints, so the documented shape cannot drift from the code.
    Every dataclass becomes one definition under `$defs`."""
    definitions: dict[str, Any] = {}
    root = _schema_of(kind, definitions)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": definitions}


def _schema_of(kind: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [_schema_of(a, definitions) for a in get_args(kind) if a is not type(None)]
        nullable = type(None) in get_args(kind)
        choices = options + ([{"type": "null"}] if nullable else [])
        return choices[0] if len(choices) == 1 else {"anyOf": choices}
    if origin is typing.Literal:
        return {"enum": list(get_args(kind))}
    if origin in (tuple, list, set, frozenset):
        args = get_args(kind)
        if origin is tuple and args and (len(args) != 2 or args[1] is not Ellipsis):
            items = [_schema_of(a, definitions) for a in args]
            return {"type": "array", "prefixItems": items, "minItems": len(items),
                    "maxItems": len(items)}  # fmt: skip
        return {"type": "array", "items": _schema_of(args[0] if args else Any, definitions)}
    if origin is dict:
        _, value_kind = get_args(kind) or (Any, Any)
        return {"type": "object", "additionalProperties": _schema_of(value_kind, definitions)}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        name = kind.__name__
        if name not in definitions:
            definitions[name] = {}  # a placeholder, so a recursive type terminates
            hints = _hints(kind)
            fields = dataclasses.fields(kind)
            definitions[name] = {
                "type": "object",
                "description": (kind.__doc__ or name).strip().split("\n\n")[0],
                "properties": {f.name: _schema_of(hints[f.name], definitions) for f in fields},
                "required": [f.name for f in fields],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if kind in simple:
        return {"type": simple[kind]}
    if kind is datetime:
        return {"type": "string", "format": "date-time"}
    if kind is date:
        return {"type": "string", "format": "date"}
    return {}  # Any: free-form (article metadata as the source gave it)
