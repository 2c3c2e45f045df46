"""JSON Lines: one article per line.

Schema (all but `text` optional):
    {"text": str, "title": str, "url": str, "outlet": str, "published": ISO 8601 str,
     "byline" | "author": str, "language": str, "id": str}
Unknown fields are kept in `Article.metadata`. Lines are read one at a time, so a
file of any size is read in bounded memory; an over-long or malformed line is
reported with its line number and the rest of the file is still read.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from storydesk.ingest.decode import decode_bytes
from storydesk.ingest.language import guess_language
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, cap_text, describe_size
from storydesk.ingest.metadata import detect_metadata, parse_datetime
from storydesk.ingest.outlets import canonical_outlet_name
from storydesk.model import Article, Provenance, ReadFailure

_KNOWN_FIELDS = {"text", "title", "url", "outlet", "published", "byline", "author", "language"}
_TEXT_FIELDS = ("text", "body", "content")  # first present wins
_DATE_FIELDS = ("published", "date", "published_at", "pubDate")


def _open(path: Path) -> IO[bytes]:
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _field_str(row: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def article_from_row(
    row: dict[str, Any], provenance: Provenance, limits: Limits = DEFAULT_LIMITS
) -> Article | ReadFailure:
    where = f"{provenance.source}:{provenance.locator}"
    text = _field_str(row, *_TEXT_FIELDS)
    title = _field_str(row, "title", "headline")
    if not text:
        if not title:
            return ReadFailure(where, "no text and no title", skipped=True)
        text = title
    text = cap_text(text.replace("\r\n", "\n"), limits)
    url = _field_str(row, "url", "link")
    outlet = _field_str(row, "outlet", "source", "site_name")
    byline = _field_str(row, "byline", "author")
    meta = detect_metadata(text, url=url, site_name=outlet, author=byline)
    published = parse_datetime(_field_str(row, *_DATE_FIELDS))
    extra = {
        k: v
        for k, v in row.items()
        if k not in _KNOWN_FIELDS and k not in _TEXT_FIELDS and k not in ("headline", "link")
    }
    return Article.build(
        text,
        provenance,
        title=title,
        url=url,
        outlet=canonical_outlet_name(outlet) if outlet else meta.outlet,
        byline=meta.byline,
        published=published,
        dateline=meta.dateline,
        language=_field_str(row, "language", "lang") or guess_language(text),
        metadata=extra,
    )


def read_jsonl_file(
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    start: int = 0,
    first_line: int = 0,
    end: int | None = None,
) -> Iterator[Article | ReadFailure]:
    """Every line of a JSONL file as an Article (or a ReadFailure). For a plain (not
    gzipped) file, `start` skips that many bytes, whose lines are then numbered from
    `first_line` + 1, and reading stops at byte `end`: the complete lines a stream
    gained since it was last read."""
    source = str(path)
    try:
        stream = _open(path)
        if start:
            stream.seek(start)
    except OSError as error:
        yield ReadFailure(source, f"cannot read file: {error.strerror or error}")
        return
    with stream:
        line_number = first_line
        position = start
        while end is None or position < end:
            try:
                # readline with a size bound: a 200 MB line is never held whole.
                line = stream.readline(limits.max_article_bytes + 1)
            except (OSError, EOFError) as error:  # e.g. a truncated .jsonl.gz
                yield ReadFailure(source, f"read error after line {line_number}: {error}")
                return
            if not line:
                return
            position += len(line)
            line_number += 1
            where = f"{source}:{line_number}"
            if len(line) > limits.max_article_bytes:
                yield ReadFailure(
                    where,
                    f"line longer than {describe_size(limits.max_article_bytes)}, skipped",
                    skipped=True,
                )
                while line and not line.endswith(b"\n"):  # discard the rest of that line
                    line = stream.readline(limits.max_article_bytes + 1)
                    position += len(line)
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(decode_bytes(line)[0])
            except (ValueError, UnicodeDecodeError) as error:
                yield ReadFailure(where, f"not valid JSON: {error}")
                continue
            if not isinstance(row, dict):
                yield ReadFailure(where, "a JSON line must be an object")
                continue
            yield article_from_row(row, Provenance(source, "jsonl", str(line_number)), limits)
