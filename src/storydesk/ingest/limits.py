"""Size limits for hostile or accidental input.

Every reader checks these before it holds anything in memory, so a 200 MB page or a
runaway JSONL line is reported and skipped instead of exhausting memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storydesk.model import ReadFailure

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    # One article (a text file, an HTML page, a JSONL line, a WARC record). The longest
    # real news articles are well under 1 MB of text; 20 MB leaves room for bloated HTML.
    max_article_bytes: int = 20 * MB
    # A feed document is parsed whole by feedparser.
    max_feed_bytes: int = 50 * MB
    # Text kept per article after extraction; longer bodies are cut at a paragraph.
    max_text_chars: int = 2_000_000


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
    """The bytes of a file no larger than `max_bytes`, or why it was not read.

    The size is checked before reading, so an oversized file costs no memory.
    """
    source = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            return ReadFailure(source, "empty file", skipped=True)
        if size > max_bytes:
            return ReadFailure(
                source,
                f"{what} is {describe_size(size)}, over the {describe_size(max_bytes)} limit",
                skipped=True,
            )
        return path.read_bytes()
    except OSError as error:
        return ReadFailure(source, f"cannot read file: {error.strerror or error}")
