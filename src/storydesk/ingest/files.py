"""Opening input files safely: only regular files are ever opened for reading.

Opening a FIFO blocks until something writes to it, and reading a device
(`/dev/zero`, `/dev/urandom`) never ends, so everything that reads an input goes
through `regular_file_problem` (before opening, to say why a path is skipped) and
`open_regular` (which opens without blocking and checks again, so a file swapped for
a FIFO between the two checks still cannot wedge the run).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from storydesk.model import ReadFailure

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


class NotRegularFile(OSError):
    """The path exists but is not a regular file (or a symlink to one)."""


def describe_mode(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _stat_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "dangling symbolic link (its target does not exist)"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read file: {error.strerror or error}"


def regular_file_problem(path: Path) -> ReadFailure | None:
    """None when `path` is a regular file (symlinks followed), else why it is skipped."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        skipped = error.errno in (errno.ELOOP, errno.ENOENT)
        return ReadFailure(str(path), _stat_problem(path, error), skipped=skipped)
    if stat.S_ISREG(mode):
        return None
    return ReadFailure(str(path), f"not a regular file: {describe_mode(mode)}", skipped=True)


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading in binary mode, or raise OSError.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer;
    the check on the opened descriptor (not on the path) closes the race with a file
    replaced after it was looked at. For a regular file O_NONBLOCK changes nothing.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(errno.EINVAL, f"not a regular file: {describe_mode(mode)}")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def os_error_failure(source: str, error: OSError) -> ReadFailure:
    """The one-line failure for an input that could not be opened or read."""
    if isinstance(error, NotRegularFile):
        return ReadFailure(source, str(error.strerror), skipped=True)
    if error.errno == errno.ELOOP:
        return ReadFailure(source, "symbolic link loop", skipped=True)
    return ReadFailure(source, f"cannot read file: {error.strerror or error}")
