"""WARC / WARC.gz archives: every HTML `response` record becomes an article.

Records are streamed (fastwarc), so archives of any size are read in bounded memory.
Non-HTML responses (images, scripts) are passed over silently and counted; an
over-large record, a record cut short by a truncated archive, or a page without
article text is reported and the rest of the archive is still read. A `.warc.gz` is
decompressed here, within `Limits.max_decompressed_bytes` and the ratio cap, not by
fastwarc, which has no such budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import BinaryIO

from storydesk.ingest.decode import BinaryContent
from storydesk.ingest.decompress import GZIP_MAGIC, DecompressionLimit, open_decompressed
from storydesk.ingest.files import open_regular, os_error_failure
from storydesk.ingest.html import article_from_html, decode_html
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, describe_size
from storydesk.model import Article, Provenance, ReadFailure

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Compressions fastwarc would decode on its own, without a budget: refused instead.
_OTHER_COMPRESSIONS = {b"\x28\xb5\x2f\xfd": "zstd", b"\x04\x22\x4d\x18": "lz4"}


def _open(path: Path, limits: Limits) -> BinaryIO:
    stream = open_regular(path)
    try:
        magic = stream.read(4)
        stream.seek(0)
        if magic.startswith(GZIP_MAGIC):
            return open_decompressed(stream, limits)
        if magic in _OTHER_COMPRESSIONS:
            raise OSError(f"{_OTHER_COMPRESSIONS[magic]}-compressed archives are not read")
        return stream
    except BaseException:
        stream.close()
        raise


def read_warc_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | ReadFailure]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    source = str(path)
    try:
        stream = _open(path, limits)
    except OSError as error:
        yield os_error_failure(source, error)
        return
    records = said = 0  # response records read; articles and failures yielded
    with stream:
        try:
            iterator = ArchiveIterator(
                stream,
                record_types=WarcRecordType.response,
                parse_http=True,
                stream_detect=False,  # decompressed (with a budget) by `_open`
                fsspec_args=False,
            )
            for record in iterator:
                records += 1
                for item in _read_record(record, source, limits):
                    said += 1
                    yield item
        except DecompressionLimit as error:
            yield ReadFailure(source, f"after {records} records: {error}")
            return
        except Exception as error:  # fastwarc raises plain exceptions on corrupt streams
            yield ReadFailure(source, f"archive unreadable after {records} records: {error}")
            return
    if records == 0:
        yield ReadFailure(
            source, "no WARC response records found (not a WARC archive?)", skipped=True
        )
    elif said == 0:  # every response was an image, a script, ...: say so, once
        yield ReadFailure(source, f"no HTML pages among {records} response records", skipped=True)


def _read_record(record: object, source: str, limits: Limits) -> Iterator[Article | ReadFailure]:
    uri = record.headers.get("WARC-Target-URI") or None  # type: ignore[attr-defined]
    where = f"{source}#{uri or record.record_id}"  # type: ignore[attr-defined]
    content_type = (record.http_content_type or "").lower()  # type: ignore[attr-defined]
    if not content_type.startswith(_HTML_TYPES):
        return  # images, scripts, JSON: not articles; not an error either
    declared = record.content_length  # type: ignore[attr-defined]
    if declared > limits.max_article_bytes:
        yield ReadFailure(
            where,
            f"record is {describe_size(declared)}, over the "
            f"{describe_size(limits.max_article_bytes)} limit for one article",
            skipped=True,
        )
        return
    payload = record.reader.read(limits.max_article_bytes + 1)  # type: ignore[attr-defined]
    if len(payload) < declared:
        yield ReadFailure(
            where, f"record truncated ({len(payload)} of {declared} bytes): archive cut short"
        )
        return
    status = record.http_headers.status_code if record.http_headers else None  # type: ignore[attr-defined]
    if status is not None and status != 200:
        yield ReadFailure(where, f"HTTP status {status}, not a page", skipped=True)
        return
    try:
        html = decode_html(payload, record.http_charset)  # type: ignore[attr-defined]
    except BinaryContent as error:
        yield ReadFailure(where, str(error), skipped=True)
        return
    crawl_date = record.record_date  # type: ignore[attr-defined]
    if crawl_date is not None and crawl_date.tzinfo is None:
        crawl_date = crawl_date.replace(tzinfo=UTC)
    yield article_from_html(
        html,
        Provenance(source, "warc", uri or str(record.record_id)),  # type: ignore[attr-defined]
        url=uri,
        fallback_date=crawl_date,
        limits=limits,
    )
