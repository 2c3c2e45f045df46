"""A store that cannot be used as asked ends a command with one line and its own
exit code, never a traceback; commands that only read never create or change a store."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from storydesk.cli import main
from storydesk.pipeline import process
from storydesk.store import database
from storydesk.store.errors import (
    EXIT_STORE_BUSY,
    EXIT_STORE_MISSING,
    EXIT_STORE_READ_ONLY,
    EXIT_STORE_UNREADABLE,
    EXIT_STORE_VERSION,
)
from storydesk.store.schema import MIGRATIONS, SCHEMA_VERSION
from storydesk.store.store import Store

READ_COMMANDS = [["stories"], ["articles"], ["show", "S000001"], ["search", "dam"], ["check"]]

ARTICLE = (
    " date 2026-04-02\nLighthouse keeper rescues two kayakers off Penhallow Point\n\n"
    "Two kayakers were rescued off Penhallow Point on Thursday by the lighthouse keeper, "
    "Oren Castellano, who saw their boat capsize, the coastguard said.\n"
)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    (folder / "a.txt").write_text(ARTICLE, "utf-8")
    path = folder / "s.sqlite"
    with Store(path) as store:
        process(store, [folder / "a.txt"], processes=1)
    return path


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert err.startswith("storydesk: ") and len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_a_read_command_refuses_a_missing_store_and_makes_none(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite"
    assert main(["--db", str(missing), *command]) == EXIT_STORE_MISSING
    assert "no store here" in _one_line_error(capsys)
    assert not missing.exists()


def test_add_makes_a_missing_store_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    db = tmp_path / "new" / "s.sqlite"
    assert main(["--db", str(db), "add", str(tmp_path / "a.txt"), "-q", "--processes", "1"]) == 0
    assert f"made a new store at {db}" in capsys.readouterr().err
    assert db.is_file()


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["add", "nothing.txt"]])
def test_a_file_that_is_not_a_database_is_refused_untouched(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "notes.sqlite"
    content = b"these are my notes, not a database\n" * 200
    bogus.write_bytes(content)
    assert main(["--db", str(bogus), *command]) == EXIT_STORE_UNREADABLE
    assert "not an SQLite database" in _one_line_error(capsys)
    assert bogus.read_bytes() == content


def test_a_truncated_store_is_refused_in_one_line(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truncated = tmp_path / "cut.sqlite"
    truncated.write_bytes(small_store.read_bytes()[:12_000])
    for command in (["stories"], ["add", str(tmp_path)]):
        assert main(["--db", str(truncated), *command]) == EXIT_STORE_UNREADABLE
        assert "corrupt" in _one_line_error(capsys)


def test_check_reports_a_corrupt_store(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(small_store.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\xff" * 8192  # garble pages past the schema page
    damaged.write_bytes(bytes(data))
    assert main(["--db", str(damaged), "check"]) == EXIT_STORE_UNREADABLE
    out = capsys.readouterr().out
    assert "integrity: CORRUPT" in out and "verdict: NOT SOUND" in out


def test_check_on_a_sound_store_and_on_a_broken_invariant(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(small_store), "check"]) == 0
    out = capsys.readouterr().out
    assert f"schema: v{SCHEMA_VERSION}" in out and "verdict: sound" in out
    broken = tmp_path / "broken.sqlite"
    shutil.copy(small_store, broken)
    with sqlite3.connect(broken) as db:
        db.execute("DELETE FROM stories")
    assert main(["--db", str(broken), "check"]) == EXIT_STORE_UNREADABLE
    out = capsys.readouterr().out
    assert "story members whose story is gone" in out and "NOT SOUND" in out


def test_read_commands_never_migrate_or_switch_the_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old, isolation_level=None) as db:
        for script in MIGRATIONS[:-1]:
            for statement in database._statements(script):
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    before = old.read_bytes()
    for command in READ_COMMANDS:
        assert main(["--db", str(old), *command]) == EXIT_STORE_VERSION
        assert "older than this storydesk" in _one_line_error(capsys)
    assert old.read_bytes() == before  # not migrated, still in rollback-journal mode
    assert not Path(f"{old}-wal").exists()
    # A command that writes upgrades it.
    assert main(["--db", str(old), "add", str(tmp_path / "none.txt"), "-q"]) == 1
    with sqlite3.connect(old) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_busy_store_is_one_line(
    small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "busy.sqlite"
    shutil.copy(small_store, db)
    (tmp_path / "a.txt").write_text(ARTICLE.replace("Thursday", "Friday"), "utf-8")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code = main(["--db", str(db), "add", str(tmp_path / "a.txt"), "-q", "--processes", "1"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == EXIT_STORE_BUSY
    assert "busy" in _one_line_error(capsys)


def test_nothing_read_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "nonexistent"), "--out", str(out), "-q"]) == 1
    assert "nothing was read" in capsys.readouterr().out
    only_readme = tmp_path / "folder"
    only_readme.mkdir()
    (only_readme / "README.md").write_text("not an article\n", "utf-8")
    assert main(["--db", str(tmp_path / "s.sqlite"), "add", str(only_readme), "-q"]) == 1


@pytest.fixture
def world_readable_copy(small_store: Path) -> Iterator[Path]:
    # pytest's tmp_path is private to root; another user needs a folder it can enter.
    folder = Path(tempfile.mkdtemp(prefix="storydesk-ro-"))
    try:
        folder.chmod(0o755)
        copy = folder / "s.sqlite"
        shutil.copy(small_store, copy)
        copy.chmod(0o644)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _as_nobody(args: list[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "storydesk.cli", *args]
    if os.geteuid() == 0:  # root ignores permissions: run as an unprivileged user
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="needs setpriv as root"
)
def test_a_store_the_user_cannot_write_is_read_and_refused_for_writing(
    world_readable_copy: Path,
) -> None:
    # The venv must be readable by that user too: it is, under /work and /usr.
    listing = _as_nobody(["--db", str(world_readable_copy), "stories"])
    assert listing.returncode == 0, listing.stderr
    assert "Lighthouse keeper" in listing.stdout
    added = _as_nobody(["--db", str(world_readable_copy), "add", str(world_readable_copy)])
    assert added.returncode == EXIT_STORE_READ_ONLY
    assert "read-only" in added.stderr and "Traceback" not in added.stderr


@pytest.fixture
def store_on_a_read_only_mount(small_store: Path, tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "ro"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        shutil.copy(small_store, mount / "s.sqlite")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / "s.sqlite"
    finally:
        # Lazy: pytest may still hold the folder while it tidies up.
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_a_store_on_a_read_only_mount_is_read_and_refused_for_writing(
    store_on_a_read_only_mount: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(store_on_a_read_only_mount)
    assert main(["--db", db, "stories"]) == 0
    assert "Lighthouse keeper" in capsys.readouterr().out
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Thursday", "Friday"), "utf-8")
    assert main(["--db", db, "add", str(tmp_path / "b.txt"), "-q"]) == EXIT_STORE_READ_ONLY
    assert "read-only" in _one_line_error(capsys)


def test_an_in_memory_store_has_the_whole_schema() -> None:
    with Store(":memory:") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("SELECT COUNT(*) FROM sentence_vectors_q8").fetchone()[0] == 0
