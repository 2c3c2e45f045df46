"""JSON Lines: one article per line.

Schema (all but `text` optional):
    {"text": str, "title": str, "url": str, "outlet": str, "published": ISO 8601 str,
     "byline" | "author": str, "language": str, "id": str}
Unknown fields are kept in `Article.metadata`. Lines are read in chunks (blank runs
skipped in bulk), so a file of any size is read in bounded memory and time; an over-long
or malformed line is reported with its line number and the rest of the file is still
read, unless `Limits.max_bad_lines` lines in a row fail: then it is not JSONL. A gzipped
file is decompressed within `Limits.max_decompressed_bytes` and the ratio cap.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storydesk.ingest.clean import build_article, clean_text
from storydesk.ingest.decode import decode_bytes
from storydesk.ingest.decompress import GZIP_MAGIC, DecompressionLimit, open_decompressed
from storydesk.ingest.files import open_regular, os_error_failure
from storydesk.ingest.language import guess_language
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, cap_text, describe_size
from storydesk.ingest.lines import non_blank_lines
from storydesk.ingest.metadata import detect_metadata, parse_datetime
from storydesk.ingest.outlets import canonical_outlet_name
from storydesk.model import Article, Basis, MetadataBasis, Provenance, ReadFailure

_KNOWN_FIELDS = {"text", "title", "url", "outlet", "published", "byline", "author", "language"}
_TEXT_FIELDS = ("text", "body", "content")  # first present wins
_DATE_FIELDS = ("published", "date", "published_at", "pubDate")


def _open(path: Path, limits: Limits, start: int) -> BinaryIO:
    """The file's bytes from `start` (plain files only), decompressed when gzipped."""
    stream = open_regular(path)
    try:
        if stream.read(2) == GZIP_MAGIC:
            stream.seek(0)
            return open_decompressed(stream, limits)
        stream.seek(start)
        return stream
    except BaseException:
        stream.close()
        raise


def _field_str(row: dict[str, Any], *names: str) -> str | None:
    found = _named_field(row, *names)
    return found[1] if found else None


def _named_field(row: dict[str, Any], *names: str) -> tuple[str, str] | None:
    """(name, value) of the first of the fields with a non-blank string value."""
    for name in names:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            cleaned = clean_text(value).strip()
            if cleaned:
                return name, cleaned
    return None


def _field_basis(found: tuple[str, str] | None) -> Basis | None:
    return Basis("field", f"“{found[0]}”") if found else None


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
    outlet_field = _named_field(row, "outlet", "source", "site_name")
    outlet = outlet_field[1] if outlet_field else None
    byline_field = _named_field(row, "byline", "author")
    meta = detect_metadata(
        text,
        url=url,
        site_name=outlet,
        site_basis=_field_basis(outlet_field),
        author=byline_field[1] if byline_field else None,
        author_basis=_field_basis(byline_field),
    )
    date_field = _named_field(row, *_DATE_FIELDS)
    published = parse_datetime(date_field[1] if date_field else None)
    extra = {
        k: v
        for k, v in row.items()
        if k not in _KNOWN_FIELDS and k not in _TEXT_FIELDS and k not in ("headline", "link")
    }
    return build_article(
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
        basis=MetadataBasis(
            _field_basis(outlet_field) if outlet else meta.outlet_basis,
            _field_basis(date_field) if published else None,
            meta.byline_basis,
        ),
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
        stream = _open(path, limits, start)
    except OSError as error:
        yield os_error_failure(source, error)
        return
    limit = None if end is None else max(end - start, 0)
    with stream:
        lines = non_blank_lines(
            stream, limits.max_article_bytes, first_line=first_line, limit=limit
        )
        last = first_line
        bad_in_a_row = 0
        whole_file = start == 0 and end is None
        while True:
            try:
                line = next(lines, None)
            except DecompressionLimit as error:
                yield ReadFailure(source, f"{error} (stopped after line {last})")
                return
            except (OSError, EOFError) as error:  # e.g. a truncated .jsonl.gz
                yield ReadFailure(source, f"read error after line {last}: {error}")
                return
            if line is None:
                if whole_file and last == first_line:  # not one line with content
                    yield ReadFailure(source, "empty file (no JSON lines)", skipped=True)
                return
            last = line.number
            where = f"{source}:{line.number}"
            if line.data is None:
                yield ReadFailure(
                    where,
                    f"line longer than {describe_size(limits.max_article_bytes)}, skipped",
                    skipped=True,
                )
                continue
            row = _parse(line.data, where)
            if isinstance(row, ReadFailure):
                yield row
                bad_in_a_row += 1
                if bad_in_a_row >= limits.max_bad_lines:
                    yield ReadFailure(
                        source,
                        f"{bad_in_a_row} bad lines in a row up to line {line.number}: "
                        "not JSONL (or damaged); the rest was not read",
                    )
                    return
                continue
            bad_in_a_row = 0
            yield article_from_row(row, Provenance(source, "jsonl", str(line.number)), limits)


def _parse(data: bytes, where: str) -> dict[str, Any] | ReadFailure:
    try:
        row = json.loads(decode_bytes(data)[0])
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        return ReadFailure(where, f"not valid JSON: {error}")
    if not isinstance(row, dict):
        return ReadFailure(where, "a JSON line must be an object")
    return row
