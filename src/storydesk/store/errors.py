"""Store errors a user can act on, each with one line and its own exit code.

SQLite reports every problem with a file as `sqlite3.DatabaseError` or a subclass and a
message; the command line turns them into one of these, so a corrupt, read-only, busy
or full store ends a command with a sentence, never a traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Exit codes, one per kind of store problem (2 is argparse's "bad usage", 1 "some input
# failed", 130 Ctrl-C).
EXIT_STORE_MISSING = 3
EXIT_STORE_UNREADABLE = 4
EXIT_STORE_READ_ONLY = 5
EXIT_STORE_BUSY = 6
EXIT_STORE_FULL = 7
EXIT_STORE_VERSION = 8
EXIT_IO = 9  # a file other than the store could not be read or written


class StoreError(RuntimeError):
    """A store that cannot be used as asked; `exit_code` tells which kind."""

    exit_code = EXIT_STORE_UNREADABLE

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(f"{message}: {path}")
        self.path = str(path)


class StoreMissing(StoreError):
    exit_code = EXIT_STORE_MISSING


class StoreUnreadable(StoreError):
    exit_code = EXIT_STORE_UNREADABLE


class StoreReadOnly(StoreError):
    exit_code = EXIT_STORE_READ_ONLY


class StoreBusy(StoreError):
    exit_code = EXIT_STORE_BUSY


class StoreFull(StoreError):
    exit_code = EXIT_STORE_FULL


class StoreVersionMismatch(StoreError):
    exit_code = EXIT_STORE_VERSION


class SchemaTooNew(StoreVersionMismatch):
    """The database was written by a newer storydesk."""


# Substrings of SQLite's messages (stable across versions: they come from sqlite3.c's
# sqlite3ErrStr table) and what they mean to a user.
_MEANINGS: tuple[tuple[str, type[StoreError], str], ...] = (
    ("file is not a database", StoreUnreadable, "not a storydesk store (not an SQLite database)"),
    ("malformed", StoreUnreadable, "the store is corrupt (run `storydesk check`)"),
    ("disk i/o error", StoreUnreadable, "the disk reported an I/O error on the store"),
    ("readonly", StoreReadOnly, "the store is read-only (no write permission)"),
    ("read-only", StoreReadOnly, "the store is read-only (no write permission)"),
    ("locked", StoreBusy, "the store is busy: another process held its lock too long"),
    ("busy", StoreBusy, "the store is busy: another process held its lock too long"),
    ("disk is full", StoreFull, "the disk is full; everything committed before is kept"),
    ("unable to open", StoreMissing, "cannot open the store (missing folder or no permission)"),
)


def store_error(path: str | Path, error: sqlite3.Error) -> StoreError:
    """The StoreError that explains an SQLite error on the store at `path`."""
    message = str(error).lower()
    for needle, kind, meaning in _MEANINGS:
        if needle in message:
            return kind(path, meaning)
    return StoreUnreadable(path, f"the store cannot be used ({error})")
