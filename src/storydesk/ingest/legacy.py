"""Text that is not valid UTF-8 as a whole, decoded line by line.

Files pasted together from several sources are mostly UTF-8 with some lines in a
legacy single-byte encoding; decoding the whole file as cp1252 turns every UTF-8 line
into mojibake ("CafÃ©"), decoding it as UTF-8 with replacement loses the accents of the
other lines. So each line that is valid UTF-8 is kept as such and only the others are
decoded as the legacy encoding.

Which legacy encoding: cp1252 (what "latin-1" files usually are), unless the bytes
read as cp1252 give words made mostly of accented letters, which is what Cyrillic,
Greek or Hebrew text in its own legacy encoding looks like; then charset-normalizer,
on a small sample of those lines only, names the encoding.
"""

from __future__ import annotations

import codecs
import re

_ESCAPED = re.compile("[\udc80-\udcff]")  # undecodable bytes, from "surrogateescape"
_UTF8_ONLY = re.compile("[^\x00-\x7f\udc80-\udcff]")  # non-ASCII that decoded as UTF-8
_LETTER = re.compile(r"[^\W\d_]")
_SAMPLE_BYTES = 4 * 1024  # enough to tell scripts apart; charset-normalizer is slow
_MIN_SAMPLE_LETTERS = 40
_DEFAULT = "cp1252"
_FALLBACK_ERRORS = "storydesk-latin-1"


def _as_latin_1(error: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves five bytes undefined; latin-1 maps them (to C1 controls) so a line
    # is kept whole rather than refused for one stray byte.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_FALLBACK_ERRORS, _as_latin_1)


def decode_legacy_lines(data: bytes) -> tuple[str, str]:
    """(text, encoding label): "cp1252" (or another legacy encoding) for a file in that
    encoding alone, "utf-8+cp1252" for a file mixing UTF-8 lines with legacy ones."""
    text = data.decode("utf-8", errors="surrogateescape")
    spans, mixed = _legacy_spans(text)
    raw_spans = [text[start:end].encode("utf-8", errors="surrogateescape") for start, end in spans]
    legacy = _legacy_encoding(raw_spans)
    pieces: list[str] = []
    at = 0
    for (start, end), raw in zip(spans, raw_spans, strict=True):
        pieces.append(text[at:start])
        pieces.append(raw.decode(legacy, errors=_FALLBACK_ERRORS))
        at = end
    pieces.append(text[at:])
    return "".join(pieces), f"utf-8+{legacy}" if mixed else legacy


def _legacy_spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    """(start, end) of each run of lines to decode as legacy, and whether any line
    outside them is non-ASCII UTF-8 (a mixed file).

    A run starts at a line holding an undecodable byte and goes on while lines hold
    undecodable bytes or only ASCII (the same in either encoding), so a file wholly in
    cp1252 is one run, and the Python loop turns once per switch between encodings, not
    once per line.
    """
    spans: list[tuple[int, int]] = []
    mixed = False
    at = 0
    while (bad := _ESCAPED.search(text, at)) is not None:
        start = text.rfind("\n", 0, bad.start()) + 1
        end = len(text)
        probe = bad.end()
        while (utf8 := _UTF8_ONLY.search(text, probe)) is not None:
            line_start = text.rfind("\n", 0, utf8.start()) + 1
            line_end = text.find("\n", utf8.end())
            line_end = len(text) if line_end < 0 else line_end
            if _ESCAPED.search(text, line_start, line_end) is None:
                end = line_start  # a clean UTF-8 line: the run stops before it
                mixed = True
                break
            probe = line_end  # a line mixing both: decoded as legacy, with its run
        spans.append((start, end))
        at = end
    if not mixed and spans and _UTF8_ONLY.search(text, 0, spans[0][0]):
        mixed = True
    return spans, mixed


def _legacy_encoding(raw_spans: list[bytes]) -> str:
    sample = b"\n".join(raw_spans)[:_SAMPLE_BYTES]
    as_cp1252 = sample.decode(_DEFAULT, errors="replace")
    letters = _LETTER.findall(as_cp1252)
    if len(letters) < _MIN_SAMPLE_LETTERS:
        return _DEFAULT
    accented = sum(1 for letter in letters if letter > "\x7f")
    # Western European text is mostly ASCII letters with a few accents (French ~5%).
    if accented < len(letters) * 0.5:
        return _DEFAULT
    return _detected(sample) or _DEFAULT


def _detected(sample: bytes) -> str | None:
    import charset_normalizer  # lazily: most inputs never get here

    best = charset_normalizer.from_bytes(sample).best()
    if best is None or best.encoding.startswith(("utf", "ascii")):
        return None
    try:
        codecs.lookup(best.encoding)
    except LookupError:
        return None
    return str(best.encoding)
