"""Which reader reads which input.

Paths may be files, directories (walked recursively, hidden entries skipped) or glob
patterns. The format comes from the file name, or from the first bytes when the name
does not tell (no extension, `.xml`, `.gz`).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storydesk.ingest.decompress import GZIP_MAGIC, open_decompressed
from storydesk.ingest.feeds import read_feed_file
from storydesk.ingest.files import open_regular, regular_file_problem
from storydesk.ingest.html import read_html_file
from storydesk.ingest.jsonl import read_jsonl_file
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits
from storydesk.ingest.text import read_text_file
from storydesk.ingest.warc import read_warc_file
from storydesk.model import Article, ReadFailure

Reader = Callable[[Path, Limits], Iterator[Article | ReadFailure]]


@dataclass(frozen=True)
class Tail:
    """The lines of a plain JSONL file from byte `start` (after `first_line` lines)
    to byte `end`: what an append-only stream gained since it was last read."""

    path: Path
    start: int
    first_line: int
    end: int


Input = str | Path | Tail

READERS: dict[str, Reader] = {
    "text": read_text_file,
    "jsonl": read_jsonl_file,
    "html": read_html_file,
    "feed": read_feed_file,
    "warc": read_warc_file,
}

_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
_SNIFF_SUFFIXES = {"", ".xml", ".gz"}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for double in (".warc.gz", ".jsonl.gz", ".ndjson.gz"):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def sniff_format(path: Path, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Guess the format from the first bytes of a file."""
    try:
        with open_regular(path) as stream:
            head = stream.read(4096)
            if head.startswith(GZIP_MAGIC):
                stream.seek(0)
                try:
                    head = open_decompressed(stream, limits).read(4096)
                except (OSError, EOFError):
                    return "warc"  # let the WARC reader report the broken archive
                return "warc" if head.startswith(b"WARC/") else "jsonl"
    except OSError:
        return None
    if head.startswith(b"WARC/"):
        return "warc"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<?xml") or lowered.startswith((b"<rss", b"<feed", b"<rdf")):
        return "feed" if any(tag in lowered for tag in (b"<rss", b"<feed", b"<rdf")) else None
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lowered.startswith(b"{"):
        return "jsonl"
    return "text"


def format_of(path: Path, explicit: bool, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The reader for a file, or None when it is not an article format.

    Files named on the command line are sniffed whatever their name; files found in a
    directory walk are read only when their name (or, without extension, their
    content) says they are articles, so a README or a data file is passed over.
    """
    suffix = _suffix(path)
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix in _SNIFF_SUFFIXES or explicit:
        return sniff_format(path, limits)
    return None


def _walk(directory: Path) -> Iterator[Path]:
    # Symlinked directories are not descended into (os.walk's default), so a link
    # back up the tree cannot loop; symlinked files are listed and checked like files.
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _checked(path: Path, explicit: bool) -> tuple[Path, bool] | ReadFailure:
    """(file, named explicitly) for a regular file; why not for anything else."""
    problem = regular_file_problem(path)
    return problem if problem is not None else (path, explicit)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool] | ReadFailure]:
    """(file, named explicitly) for every input file, or a failure for a bad path.

    Only regular files (or symlinks to them) are ever yielded: a FIFO, socket or device,
    found in a walk or named, is reported as skipped before anything opens it.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path):
                yield _checked(found, False)
        elif os.path.lexists(path):
            yield _checked(path, True)
        elif any(ch in str(raw) for ch in "*?["):
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                yield ReadFailure(str(raw), "no file matches this pattern")
            for match in matches:
                if not Path(match).is_dir():
                    yield _checked(Path(match), True)
        else:
            yield ReadFailure(str(raw), "no such file or directory")


def read_inputs(
    paths: Iterable[Input], limits: Limits = DEFAULT_LIMITS
) -> Iterator[Article | ReadFailure]:
    """Every article in the inputs, and a ReadFailure for everything that is not one."""
    for raw in paths:
        if isinstance(raw, Tail):
            yield from read_jsonl_file(
                raw.path, limits, start=raw.start, first_line=raw.first_line, end=raw.end
            )
        else:
            yield from _read_path(raw, limits)


def _read_path(raw: str | Path, limits: Limits) -> Iterator[Article | ReadFailure]:
    for item in expand_paths([raw]):
        if isinstance(item, ReadFailure):
            yield item
            continue
        path, explicit = item
        kind = format_of(path, explicit, limits)
        if kind is None:
            yield ReadFailure(
                str(path), f"not an article format ({path.suffix or 'no extension'})", skipped=True
            )
            continue
        try:
            yield from READERS[kind](path, limits)
        except Exception as error:  # a reader bug must not stop the run: report and go on
            yield ReadFailure(str(path), f"{kind} reader failed: {type(error).__name__}: {error}")
        except BaseException as error:
            # A panic in a Rust extension (fastwarc, via pyo3) is a BaseException; it is
            # a reader bug like any other. Interrupts and exits still stop the run.
            if type(error).__name__ != "PanicException":
                raise
            yield ReadFailure(str(path), f"{kind} reader failed: {type(error).__name__}: {error}")
