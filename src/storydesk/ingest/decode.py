"""Bytes to text, for files whose encoding nobody declared (or declared wrongly).

In order: a byte-order mark (UTF-32 before UTF-16, because the UTF-32-LE mark begins
with the UTF-16-LE one); UTF-16/UTF-32 without a mark, recognised by where the zero
bytes fall; the declared encoding; UTF-8; and, for text that is not valid UTF-8 as a
whole, line by line: each line that is valid UTF-8 stays UTF-8 and each other line is
read as the file's legacy encoding (cp1252, what "latin-1" files usually really are,
unless the bytes clearly belong to another script; see `legacy`). Binary data is
recognised and refused rather than decoded into garbage, and the text returned never
contains NUL.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from storydesk.ingest.legacy import decode_legacy_lines

_SNIFF_BYTES = 8192

# Longest mark first: the UTF-32-LE BOM is FF FE 00 00, which starts with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Declared names that are not a page's real byte encoding: the wide encodings are found
# by their marks or zero bytes instead (HTML says the same of a "utf-16" meta tag), and
# the escape codecs would turn text like "\x00" into the character it names.
_IGNORED_DECLARATIONS = {
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
    "unicode-escape",
    "raw-unicode-escape",
    "punycode",
    "idna",
    "utf-7",
}
_NUL = re.compile("\x00+")


class BinaryContent(ValueError):
    """The bytes are not text."""


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters in the first few KB mean binary data
    (unless a byte-order mark or the zero-byte pattern says UTF-16/UTF-32)."""
    sample = head[:_SNIFF_BYTES]
    if not sample:
        return False
    if _bom(sample) is not None:
        return False
    if b"\x00" in sample:
        return _wide_without_bom(sample) is None
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def _mostly_controls(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for c in text if c < " " and c not in "\t\n\x0c\r")
    return controls / len(text) > 0.05


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text in Unicode normal form C, encoding used). Raises BinaryContent for binary
    data. NFC, because the same report saved by a Mac (decomposed "é") and by anything
    else must be one article, and headline and byline patterns must see one form."""
    text, encoding = _decode(data, declared)
    return to_nfc(text), encoding


def to_nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    marked = _bom(data)
    if marked is not None:
        bom, codec, name = marked
        return _without_nul(_decode_wide(data[len(bom) :], codec)), name
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        wide = _wide_without_bom(head)
        if wide is None:
            raise BinaryContent("binary content (not text)")
        try:
            text = data[: len(data) - len(data) % _unit(wide)].decode(wide)
        except UnicodeDecodeError:
            raise BinaryContent(f"binary content (not valid {wide} text)") from None
        if "\x00" in text or _mostly_controls(text[:_SNIFF_BYTES]):
            raise BinaryContent(f"binary content (not {wide} text)")
        return text, wide
    if looks_binary(head):
        raise BinaryContent("binary content (not text)")
    # UTF-8 first even when something else is declared: legacy text with accents is
    # practically never valid UTF-8, while pages declaring "iso-8859-1" over UTF-8 are
    # common.
    try:
        return _without_nul(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _usable_declaration(declared)
    if encoding:
        try:
            return _without_nul(data.decode(encoding)), encoding
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong: work it out from the bytes
    text, encoding = decode_legacy_lines(data)
    return _without_nul(text), encoding


def _bom(data: bytes) -> tuple[bytes, str, str] | None:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return bom, codec, name
    return None


def _unit(codec: str) -> int:
    return 4 if codec.startswith("utf-32") else 2


def _decode_wide(data: bytes, codec: str) -> str:
    """Text after a BOM; a UTF-32-LE mark that was really UTF-16-LE followed by U+0000
    (or damaged UTF-32) is read as UTF-16, and stray bytes become U+FFFD."""
    if codec == "utf-8":
        return data.decode("utf-8", errors="replace")
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec == "utf-32-le":  # FF FE, then U+0000 (dropped anyway), then UTF-16-LE
            return data.decode("utf-16-le", errors="replace")
        return data.decode(codec, errors="replace")


def _wide_without_bom(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 (LE or BE) when the zero bytes fall where text in those
    encodings puts them: mostly-Latin text has a zero high byte in every unit."""
    quads = len(sample) // 4
    if quads < 2:
        return None
    zeros = [sample[k : quads * 4 : 4].count(0) for k in range(4)]
    if zeros[3] == quads and zeros[2] >= quads * 0.9 and zeros[0] < quads * 0.1:
        return "utf-32-le"
    if zeros[0] == quads and zeros[1] >= quads * 0.9 and zeros[3] < quads * 0.1:
        return "utf-32-be"
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
    if odd >= quads * 2 * 0.4 and even < quads * 2 * 0.05:
        return "utf-16-le"
    if even >= quads * 2 * 0.4 and odd < quads * 2 * 0.05:
        return "utf-16-be"
    return None


def _usable_declaration(declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        info = codecs.lookup(declared)
    except (LookupError, ValueError):
        return None
    name = info.name.replace("_", "-")
    if name in _IGNORED_DECLARATIONS or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _without_nul(text: str) -> str:
    """NULs past the sniffed head of a text file are damage, not content."""
    return _NUL.sub("", text) if "\x00" in text else text
