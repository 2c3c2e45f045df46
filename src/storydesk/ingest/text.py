"""Plain-text articles: one file, one article.

Conventions understood (all optional):
- a leading line ` date YYYY-MM-DD` (the text may continue on the same line) sets
  the publication date;
- a short first line that reads as a headline becomes the title; a one-to-three word
  line before it ("International", "National") is a section label;
- a "By NAME[, OUTLET]" line near the top is the byline;
- everything else is the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from storydesk.ingest.clean import build_article, clean_text
from storydesk.ingest.decode import BinaryContent, decode_bytes
from storydesk.ingest.language import guess_language
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, cap_text, read_bounded
from storydesk.ingest.metadata import detect_metadata, parse_byline, published_from_text
from storydesk.model import Article, Basis, MetadataBasis, Provenance, ReadFailure

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})(?:[ \t]+|[ \t]*\n)")
# A line ending like a sentence (a full stop, possibly inside closing quotes) is body
# text; headlines end without one, or with a question mark or a closing quote.
_SENTENCE_END = re.compile(r"[.!…:;][\"”’)\]]*\s*$")
_MAX_TITLE_CHARS = 250
_MAX_SECTION_WORDS = 3


def _leading_date(text: str) -> tuple[datetime | None, str]:
    match = _DATE_LINE.match(text)
    if not match:
        return None, text
    try:
        when = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:  # " date 2023-02-30": keep the text, drop the bad date
        return None, text[match.end() :]
    return when, text[match.end() :]


def _is_headline(line: str, next_line: str | None) -> bool:
    """A line short enough for a headline, without a sentence's final punctuation,
    standing on its own (followed by a blank line or by the byline)."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_TITLE_CHARS:
        return False
    if _SENTENCE_END.search(stripped):
        return False
    if len(stripped.split()) < 2:
        return False
    return next_line is None or next_line.strip() == "" or parse_byline(next_line) is not None


def split_header(text: str) -> tuple[str | None, str | None, str | None, str]:
    """(section, title, byline line, body) from the top of a plain-text article."""
    lines = text.split("\n")
    # Work on the first few non-blank lines only; the body keeps its own layout.
    index = 0

    def skip_blank(i: int) -> int:
        while i < len(lines) and not lines[i].strip():
            i += 1
        return i

    def following(i: int) -> str | None:
        return lines[i + 1] if i + 1 < len(lines) else None

    section = title = byline = None
    index = skip_blank(index)
    if index < len(lines):
        first = lines[index].strip()
        after = skip_blank(index + 1)
        if (
            0 < len(first.split()) <= _MAX_SECTION_WORDS
            and not _SENTENCE_END.search(first)
            and after < len(lines)
            and _is_headline(lines[after], following(after))
        ):
            section, index = first, after
    if (
        index < len(lines)
        and parse_byline(lines[index]) is None
        and _is_headline(lines[index], following(index))
    ):
        title = lines[index].strip()
        index = skip_blank(index + 1)
    elif section is not None:  # a label with no headline after it is part of the body
        index = skip_blank(0)
        section = None
    if index < len(lines) and parse_byline(lines[index]):
        byline = lines[index].strip()
        index = skip_blank(index + 1)
    body = "\n".join(lines[index:]).strip()
    return section, title, byline, body


def article_from_text(
    raw: str,
    provenance: Provenance,
    *,
    limits: Limits = DEFAULT_LIMITS,
    url: str | None = None,
) -> Article | ReadFailure:
    text = clean_text(raw).replace("\r\n", "\n").replace("\r", "\n")
    published, text = _leading_date(text)
    section, title, byline_line, body = split_header(text)
    body = cap_text(body, limits)
    if not body.strip():
        if title:  # a headline with no body is still a (very short) report
            body = title
        else:
            return ReadFailure(provenance.source, "empty file (no text)", skipped=True)
    meta = detect_metadata(body, url=url, byline_line=byline_line)
    published_basis = Basis("date_line") if published else None
    if published is None and (line := published_from_text(body)):
        published, published_basis = line
    metadata = {"section": section} if section else {}
    return build_article(
        body,
        provenance,
        title=title,
        url=url,
        outlet=meta.outlet,
        byline=meta.byline,
        published=published,
        dateline=meta.dateline,
        language=guess_language(body),
        metadata=metadata,
        basis=MetadataBasis(meta.outlet_basis, published_basis, meta.byline_basis),
    )


def read_text_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | ReadFailure]:
    source = str(path)
    data = read_bounded(path, limits.max_article_bytes, "file")
    if isinstance(data, ReadFailure):
        yield data
        return
    try:
        raw, encoding = decode_bytes(data)
    except BinaryContent as error:
        yield ReadFailure(source, str(error), skipped=True)
        return
    result = article_from_text(raw, Provenance(source, "text"), limits=limits)
    if isinstance(result, Article) and encoding not in ("utf-8", "utf-8-sig"):
        result.metadata["encoding"] = encoding
    yield result
