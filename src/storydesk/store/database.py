"""Opening a store: location, connection settings, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storydesk.store.schema import MIGRATIONS, SCHEMA_VERSION

DB_ENV = "STORYDESK_DB"
DB_FILE = "storydesk.sqlite"


class SchemaTooNew(RuntimeError):
    """The database was written by a newer storydesk."""


def default_db_path() -> Path:
    """$STORYDESK_DB, else $XDG_DATA_HOME/storydesk/storydesk.sqlite (~/.local/share)."""
    explicit = os.environ.get(DB_ENV)
    if explicit:
        return Path(explicit)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "storydesk" / DB_FILE


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection with the schema migrated to the current version.

    WAL lets the web server read while the CLI writes; `busy_timeout` makes a writer
    wait for another instead of failing at once.
    """
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA busy_timeout=30000")
    migrate(connection)
    return connection


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the migrations this database lacks, each in its own transaction."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"database schema v{version} is newer than this storydesk (v{SCHEMA_VERSION})"
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
