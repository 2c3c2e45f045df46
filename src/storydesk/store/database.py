"""Opening a store: location, connection settings, migrations.

Commands that write (`add`, `run`, `watch`) open a store read-write, create it when it
is missing and migrate it; commands that only read (`stories`, `show`, `search`,
`serve`, `check`) open it read-only, never create, migrate or switch its journal mode,
so they work on a store the user may not write and never change one behind their back.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from storydesk.store.errors import (
    SchemaTooNew,
    StoreError,
    StoreMissing,
    StoreReadOnly,
    StoreVersionMismatch,
    store_error,
)
from storydesk.store.schema import MIGRATIONS, SCHEMA_VERSION

DB_ENV = "STORYDESK_DB"
DB_FILE = "storydesk.sqlite"
# How long a writer waits for another process's write lock before giving up: long
# enough for any single batch another `add` commits.
BUSY_TIMEOUT_MS = 60_000

__all__ = ["DB_FILE", "SchemaTooNew", "StoreError", "connect", "default_db_path", "migrate"]


def default_db_path() -> Path:
    """$STORYDESK_DB, else $XDG_DATA_HOME/storydesk/storydesk.sqlite (~/.local/share)."""
    explicit = os.environ.get(DB_ENV)
    if explicit:
        return Path(explicit)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "storydesk" / DB_FILE


def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    create: bool = True,
    busy_timeout_ms: int | None = None,
) -> sqlite3.Connection:
    """A connection to the store at `path`.

    Read-write: created if missing (unless `create` is False), WAL mode, migrated to
    the current schema. Read-only: the file must exist and already have the current
    schema. Every SQLite problem on opening is raised as a StoreError with one line.
    WAL lets the web server read while the CLI writes; the busy timeout makes a writer
    wait for another instead of failing at once.
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    if not memory and not path.exists():
        if read_only or not create:
            raise StoreMissing(path, "no store here (run `storydesk add` to make one)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreMissing(path, f"cannot make the store's folder ({error.strerror})") from None
    if not memory and path.exists() and not path.is_file():
        raise StoreMissing(path, "the store path is not a file")
    if not (read_only or memory) and not _writable(path):
        # SQLite would quietly open it read-only and fail later, on the first write or
        # on making the -wal file, with "unable to open database file".
        raise StoreReadOnly(path, "the store is read-only (no write permission)")
    timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
    try:
        connection = _open(path, read_only and not memory, timeout_ms)
    except sqlite3.Error as error:
        raise store_error(path, error) from None
    try:
        _check_version(connection, path, read_only)
        if not read_only:
            if not memory:  # an in-memory database has no journal file to share
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
            migrate(connection)
    except sqlite3.Error as error:
        connection.close()
        raise store_error(path, error) from None
    except StoreError:
        connection.close()
        raise
    return connection


def _writable(path: Path) -> bool:
    """Can this process write the store and make its -wal and -shm files beside it?
    (os.access also sees a read-only mount, which permission bits do not show.)"""
    folder = path.parent if str(path.parent) else Path(".")
    file_ok = not path.exists() or os.access(path, os.W_OK)
    return file_ok and os.access(folder, os.W_OK | os.X_OK)


def _open(path: Path, read_only: bool, timeout_ms: int) -> sqlite3.Connection:
    if not read_only:
        return _prepared(
            sqlite3.connect(str(path), timeout=timeout_ms / 1000, isolation_level=None),
            timeout_ms,
        )
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        return _prepared(_connect_uri(uri, timeout_ms), timeout_ms)
    except sqlite3.OperationalError as error:
        # A WAL store in a folder the user may not write: SQLite cannot make the -shm
        # file a reader needs. With no -wal file there is no writer whose changes we
        # could miss, so the file can be read as immutable.
        wal = path.with_name(path.name + "-wal")
        if wal.exists() or not any(w in str(error).lower() for w in ("readonly", "open")):
            raise
        return _prepared(_connect_uri(uri + "&immutable=1", timeout_ms), timeout_ms)


def _connect_uri(uri: str, timeout_ms: int) -> sqlite3.Connection:
    return sqlite3.connect(
        uri, uri=True, timeout=timeout_ms / 1000, isolation_level=None, check_same_thread=False
    )


def _prepared(connection: sqlite3.Connection, timeout_ms: int) -> sqlite3.Connection:
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
    connection.execute("PRAGMA foreign_keys=ON")
    # Reading the schema makes SQLite parse the header now: a file that is not a
    # database, or a corrupt one, fails here and not in the middle of a command.
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def _check_version(connection: sqlite3.Connection, path: Path, read_only: bool) -> None:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            path,
            f"store schema v{version} is newer than this storydesk (v{SCHEMA_VERSION}); "
            "upgrade storydesk",
        )
    if read_only and version < SCHEMA_VERSION:
        if version == 0 and not _has_tables(connection):
            raise StoreMissing(path, "an empty file, not a storydesk store")
        raise StoreVersionMismatch(
            path,
            f"store schema v{version} is older than this storydesk (v{SCHEMA_VERSION}); "
            "run `storydesk add` (with no paths) once to upgrade it",
        )


def _has_tables(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the migrations this database lacks, each in its own transaction."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            "store", f"database schema v{version} is newer than this storydesk (v{SCHEMA_VERSION})"
        )
    for number in range(version, SCHEMA_VERSION):
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Re-check inside the write lock: another process may have migrated meanwhile.
            if connection.execute("PRAGMA user_version").fetchone()[0] > number:
                connection.execute("COMMIT")
                continue
            for statement in _statements(MIGRATIONS[number]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    # executescript() would commit our transaction; split on ";" at line ends instead
    # (the schema has no semicolons inside statements).
    return [s.strip() for s in script.split(";\n") if s.strip() and not _only_comments(s)]


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())
