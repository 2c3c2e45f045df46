"""The last step of every reader: an Article whose strings are safe to store.

Text reaches the readers from JSON escapes ("\\u0000", "\\ud800"), feed entities and
damaged files; whatever the route, NUL and the other C0 controls are dropped (vertical
tab and form feed become line breaks; tab, newline and carriage return stay) and lone
surrogates, which cannot be encoded as UTF-8 and so cannot be stored, become U+FFFD.
Doing it here, once, means no reader can forget it. The same cleaning makes a string
acceptable to lxml, which refuses control characters.
"""

from __future__ import annotations

import re
from typing import Any

from storydesk.ingest.decode import to_nfc
from storydesk.ingest.wire_codes import clean_title
from storydesk.model import Article, Provenance

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = {0x0B: "\n", 0x0C: "\n"}
_SURROGATES = re.compile("[\ud800-\udfff]")
_STRING_FIELDS = ("title", "url", "outlet", "byline", "dateline", "language")
_MAX_DEPTH = 64


def clean_text(text: str) -> str:
    text = to_nfc(text)  # JSON strings and feed fields do not pass through decode_bytes
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text.translate(_LINE_BREAKS))
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    return text


def _clean_value(value: Any, depth: int = 0) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if depth >= _MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_value(v, depth + 1) for v in value]
    return value


def build_article(text: str, provenance: Provenance, **fields: Any) -> Article:
    """`Article.build` with every string cleaned first (so the id is computed on the
    text as stored); a title loses its wire layout codes ("&HT;", `wire_codes`)."""
    for name in _STRING_FIELDS:
        if isinstance(fields.get(name), str):
            fields[name] = clean_text(fields[name])
    if isinstance(fields.get("title"), str):
        fields["title"] = clean_title(fields["title"])
    if fields.get("metadata"):
        fields["metadata"] = _clean_value(fields["metadata"])
    return Article.build(clean_text(text), provenance, **fields)
