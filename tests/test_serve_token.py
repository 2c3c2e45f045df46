"""`storydesk serve --write-token-file` / $STORYDESK_WRITE_TOKEN: the write token
reaches the server; a token that cannot be used stops the command in one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storydesk.cli import WRITE_TOKEN_ENV, main
from storydesk.web import server

TOKEN = "fictional-token-0123456789abcdef"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_serve(db_path: Path, host: str, port: int, **options: Any) -> None:
        calls.append({"db": db_path, "host": host, "port": port, **options})

    monkeypatch.setattr(server, "serve", fake_serve)
    monkeypatch.delenv(WRITE_TOKEN_ENV, raising=False)
    return calls


def test_the_token_file_is_read_and_passed_on(
    tmp_path: Path, served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    path.chmod(0o600)
    assert main(["--db", str(tmp_path / "s.sqlite"), "serve", "--write-token-file", str(path)]) == 0
    assert served[0]["write_token"] == TOKEN
    assert "warning" not in capsys.readouterr().err
    path.chmod(0o644)
    assert main(["--db", str(tmp_path / "s.sqlite"), "serve", "--write-token-file", str(path)]) == 0
    assert "can be read by other users" in capsys.readouterr().err


def test_the_environment_gives_the_token_and_none_means_read_only(
    tmp_path: Path, served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--db", str(tmp_path / "s.sqlite"), "serve"]) == 0
    assert served[0].get("write_token") is None  # no token: a read-only server, as before
    monkeypatch.setenv(WRITE_TOKEN_ENV, TOKEN)
    assert main(["--db", str(tmp_path / "s.sqlite"), "serve"]) == 0
    assert served[1]["write_token"] == TOKEN


@pytest.mark.parametrize("content", ["", "short", "has a space inside it ok", "tøken-" * 4])
def test_an_unusable_token_stops_the_command(
    tmp_path: Path, served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
    content: str,
) -> None:  # fmt: skip
    path = tmp_path / "token"
    path.write_text(content)
    assert main(["--db", str(tmp_path / "s.sqlite"), "serve", "--write-token-file", str(path)]) == 2
    assert "the write token must be" in capsys.readouterr().err
    assert not served


def test_a_missing_token_file_stops_the_command(
    tmp_path: Path, served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nowhere")
    assert main(["--db", str(tmp_path / "s.sqlite"), "serve", "--write-token-file", missing]) == 2
    assert "cannot read the write token file" in capsys.readouterr().err
    assert not served
