"""Hostile stores and command lines for bench_hostile.py: a corrupt, truncated,
foreign, read-only or future store, a mistyped --db, a missing input.

Each kind starts from a copy of the good store (a few stored articles); `spoil` does
its damage and returns the store the command is pointed at. What a user should see
in every case is one line and a distinct exit code (storydesk.store.errors), never a
traceback, and never a new empty store made at a mistyped path.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
from pathlib import Path

from hostile_inputs import GOOD, Kind, Seen, write_input

PROCESSES = ["--processes", "1"]


def _fresh(folder: Path) -> list[str]:
    """A good report to add: what the command is asked to do on the spoiled store."""
    return write_input(folder, "good.txt", GOOD.replace("first run.", "first run (store kind)."))


def _add(db: Path, inputs: list[str], _folder: Path) -> list[str]:
    return ["--db", str(db), "add", *inputs, "-q", *PROCESSES]


def _stories(db: Path, _inputs: list[str], _folder: Path) -> list[str]:
    return ["--db", str(db), "stories"]


def _drop_wal(db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _overwrite(db: Path, start: int, length: int, seed: int) -> None:
    with db.open("r+b") as stream:
        stream.seek(start)
        stream.write(random.Random(seed).randbytes(length))


def corrupt_schema_page(db: Path, _folder: Path) -> Path:
    _drop_wal(db)
    _overwrite(db, 100, 4096 - 100, 1)  # page 1 after the header: the schema table
    return db


def corrupt_data_pages(db: Path, _folder: Path) -> Path:
    _drop_wal(db)
    size = db.stat().st_size
    _overwrite(db, size // 3, size // 3, 2)
    return db


def not_sqlite(db: Path, _folder: Path) -> Path:
    _drop_wal(db)
    db.write_text("These are my notes, not a database.\n" * 200)
    return db


def truncated(db: Path, _folder: Path) -> Path:
    _drop_wal(db)
    with db.open("r+b") as stream:
        stream.truncate(db.stat().st_size * 6 // 10)
    return db


def empty_file(db: Path, _folder: Path) -> Path:
    _drop_wal(db)
    db.write_bytes(b"")
    return db


def future_schema(db: Path, _folder: Path) -> Path:
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    return db


def read_only(db: Path, folder: Path) -> Path:
    """The store on a file system mounted read-only (permission bits do not stop root;
    without mount rights it falls back to mode 0444, which root ignores)."""
    mount = folder / "ro"
    mount.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True
        ).returncode
        == 0
    )
    target = mount / db.name
    target.write_bytes(db.read_bytes())
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True, capture_output=True)
    else:
        target.chmod(0o444)
        mount.chmod(0o555)
    return target


def directory(db: Path, folder: Path) -> Path:
    (folder / "a_folder").mkdir()
    return folder / "a_folder"


def mistyped(db: Path, folder: Path) -> Path:
    return db.with_name(db.name[:-1])  # storydesk.sqlit


def missing_folder(db: Path, folder: Path) -> Path:
    return folder / "no" / "such" / "folder" / "store.sqlite"


# --- what a user must see ------------------------------------------------------------


def store_exit_codes() -> set[int]:
    from storydesk.store import errors

    return {v for k, v in vars(errors).items() if k.startswith("EXIT_") and isinstance(v, int)}


def one_line_store_error(seen: Seen) -> str | None:
    lines = [line for line in seen.stderr.splitlines() if line.strip()]
    if seen.returncode == 0:
        return "exit 0 on a store it cannot use"
    if seen.returncode not in store_exit_codes():
        return f"exit {seen.returncode}, not a store error code"
    if len(lines) != 1:
        return f"{len(lines)} lines on stderr, not one"
    return None


def read_only_error(seen: Seen) -> str | None:
    """A store the user cannot write is named as such (its own exit code), not as a
    missing file or a permission puzzle."""
    from storydesk.store.errors import EXIT_STORE_READ_ONLY

    problem = one_line_store_error(seen)
    if problem is None and seen.returncode != EXIT_STORE_READ_ONLY:
        return f"exit {seen.returncode}, not the read-only code {EXIT_STORE_READ_ONLY}"
    return problem


def reads_fine(seen: Seen) -> str | None:
    if seen.returncode != 0:
        lines = seen.stderr.strip().splitlines()
        return f"a read-only store cannot be read: exit {seen.returncode}: {lines[-1:]}"
    return None


def no_new_store(seen: Seen) -> str | None:
    made = seen.db.exists()
    if made:
        return f"made a new store at the mistyped path {seen.db.name}"
    return one_line_store_error(seen)


def exits_non_zero(seen: Seen) -> str | None:
    if seen.returncode == 0:
        return "exit 0 although nothing could be read"
    return None


def _run_missing(db: Path, _inputs: list[str], folder: Path) -> list[str]:
    return ["--db", str(db), "run", "/nonexistent/articles", "--out", str(folder / "out"),
            "-q", *PROCESSES]  # fmt: skip


def _add_missing(db: Path, _inputs: list[str], _folder: Path) -> list[str]:
    return ["--db", str(db), "add", "/nonexistent/articles", "-q", *PROCESSES]


def _show(db: Path, _inputs: list[str], _folder: Path) -> list[str]:
    return ["--db", str(db), "show", "S1"]


STORE_KINDS: tuple[Kind, ...] = (
    Kind(
        "corrupt --db (schema page)",
        _fresh,
        quick=True,
        argv=_add,
        spoil=corrupt_schema_page,
        check=one_line_store_error,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "corrupt --db (data pages)",
        _fresh,
        argv=_add,
        spoil=corrupt_data_pages,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "non-SQLite --db file",
        _fresh,
        argv=_add,
        spoil=not_sqlite,
        check=one_line_store_error,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "truncated --db",
        _fresh,
        argv=_add,
        spoil=truncated,
        check=one_line_store_error,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "corrupt --db for `stories`",
        _fresh,
        argv=_stories,
        spoil=corrupt_schema_page,
        check=one_line_store_error,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "empty file as --db for `stories`",
        _fresh,
        argv=_stories,
        spoil=empty_file,
        check=one_line_store_error,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "store from a newer storydesk",
        _fresh,
        argv=_add,
        spoil=future_schema,
        check=one_line_store_error,
        adds=False,
    ),
    Kind(
        "read-only store: add",
        _fresh,
        argv=_add,
        spoil=read_only,
        check=read_only_error,
        adds=False,
    ),
    Kind(
        "read-only store: stories",
        _fresh,
        argv=_stories,
        spoil=read_only,
        check=reads_fine,
        adds=False,
    ),
    Kind("read-only store: show", _fresh, argv=_show, spoil=read_only, adds=False),
    Kind(
        "--db is a folder",
        _fresh,
        argv=_add,
        spoil=directory,
        check=one_line_store_error,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "mistyped --db for `stories`",
        _fresh,
        quick=True,
        argv=_stories,
        spoil=mistyped,
        check=no_new_store,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "--db in a missing folder for `show`",
        _fresh,
        argv=_show,
        spoil=missing_folder,
        check=no_new_store,
        keeps_store=False,
        adds=False,
    ),
    Kind(
        "run /nonexistent",
        _fresh,
        argv=_run_missing,
        spoil=lambda db, _f: db,
        check=exits_non_zero,
        adds=False,
    ),
    Kind(
        "add /nonexistent",
        _fresh,
        argv=_add_missing,
        spoil=lambda db, _f: db,
        check=exits_non_zero,
        adds=False,
    ),
)
