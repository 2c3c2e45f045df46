"""Bytes to text, for files whose encoding nobody declared.

UTF-8 (with or without BOM) first, then UTF-16 when a BOM says so, then cp1252 (what
"latin-1" files usually really are), then latin-1, which never fails. Binary data is
recognised and refused rather than decoded into garbage.
"""

from __future__ import annotations

import codecs

_SNIFF_BYTES = 8192


class BinaryContent(ValueError):
    """The bytes are not text."""


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters in the first few KB mean binary data."""
    sample = head[:_SNIFF_BYTES]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Raises BinaryContent for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if looks_binary(data):
        raise BinaryContent("binary content (not text)")
    candidates = [declared] if declared else []
    candidates += ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"
