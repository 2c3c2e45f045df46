"""Size and work limits for hostile or accidental input.

Every reader checks these before it holds anything in memory, so a 200 MB page or a
runaway JSONL line is reported and skipped instead of exhausting memory, and before it
starts work whose cost grows faster than its input (decompression, HTML extraction).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from storydesk.ingest.files import open_regular, os_error_failure
from storydesk.model import ReadFailure

MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True, slots=True)
class Limits:
    # One article (a text file, an HTML page, a JSONL line, a WARC record). The longest
    # real news articles are well under 1 MB of text; 20 MB leaves room for bloated HTML.
    max_article_bytes: int = 20 * MB
    # A feed document is parsed whole by feedparser.
    max_feed_bytes: int = 50 * MB
    # Text kept per article after extraction; longer bodies are cut at a paragraph.
    max_text_chars: int = 2_000_000
    # Decompressed bytes read from one compressed input file (.jsonl.gz, .warc.gz). A
    # large news WARC is a few GB uncompressed; past this the rest is reported unread.
    max_decompressed_bytes: int = 4 * GB
    # Text and HTML compress 3-15:1 and repetitive JSONL rarely past 30:1; a gzip bomb
    # (a megabyte of newlines or spaces) runs near 1000:1. The ratio is only judged once
    # this much has come out, so a small, very repetitive file is never refused.
    max_compression_ratio: int = 100
    compression_ratio_grace_bytes: int = 4 * MB
    # A JSONL file whose lines fail this many times in a row is not JSONL (or is
    # damaged beyond use): the rest is reported unread rather than failing line by line.
    max_bad_lines: int = 1000
    # HTML: attributes kept per tag. Parsing cost grows with the square of a tag's
    # attribute count; real tags carry a handful, a few dozen at the very most.
    max_html_attributes: int = 64
    # HTML: tags a page may have for trafilatura to read it. Its cost per element is
    # high (about 1 ms on junk); real article pages have 1,000-6,000 elements. Bigger
    # pages are read by the plain extractor, which is linear and fast.
    max_html_tags: int = 10_000


DEFAULT_LIMITS = Limits()


def describe_size(n_bytes: int) -> str:
    if n_bytes >= MB:
        return f"{n_bytes / MB:.1f} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.1f} KB"
    return f"{n_bytes} bytes"


def cap_text(text: str, limits: Limits) -> str:
    """Cut an over-long text at the last paragraph break inside the limit."""
    if len(text) <= limits.max_text_chars:
        return text
    cut = text.rfind("\n", 0, limits.max_text_chars)
    return text[: cut if cut > 0 else limits.max_text_chars]


def read_bounded(path: Path, max_bytes: int, what: str = "file") -> bytes | ReadFailure:
    """The bytes of a regular file no larger than `max_bytes`, or why it was not read.

    The size is checked on the opened file before reading, so an oversized file costs
    no memory, and a FIFO or device is refused instead of blocking or never ending.
    """
    source = str(path)
    try:
        with open_regular(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size == 0:
                return ReadFailure(source, "empty file", skipped=True)
            if size > max_bytes:
                return ReadFailure(
                    source,
                    f"{what} is {describe_size(size)}, over the "
                    f"{describe_size(max_bytes)} limit",
                    skipped=True,
                )
            return stream.read(max_bytes)  # a file that grew since fstat is cut, not read whole
    except OSError as error:
        return os_error_failure(source, error)
