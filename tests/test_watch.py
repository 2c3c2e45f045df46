"""`storydesk watch`: new and changed files are added poll after poll, nothing twice."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from storydesk.cli import main
from storydesk.ingest import Tail
from storydesk.pipeline import process
from storydesk.store.store import Store
from storydesk.watch import StreamMark, _inputs, changed_files, watch

CORPUS = Path(__file__).resolve().parent.parent / "src" / "storydesk" / "demo" / "corpus"


def _line(title: str, text: str, when: str) -> str:
    return json.dumps({"title": title, "text": text, "published": when, "outlet": "Wire"}) + "\n"


FIRST = _line(
    "Ferry runs aground off Calder Point",
    "A passenger ferry ran aground off Calder Point on Monday, the coastguard said. All 140 "
    "passengers were taken ashore by lifeboats and nobody was hurt, officials said.",
    "2026-05-04T09:00:00+00:00",
)
SECOND = _line(
    "Calder Point ferry refloated after grounding",
    "The passenger ferry that ran aground off Calder Point on Monday was refloated on Tuesday, "
    "the coastguard said. The 140 passengers had been taken ashore by lifeboats.",
    "2026-05-05T09:00:00+00:00",
)


def test_changed_files_sees_new_and_changed_files_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One article.")
    (tmp_path / "README.md").write_text("not an article")
    seen: dict[Path, tuple[int, int]] = {}
    assert changed_files([tmp_path], seen, settle=0, now=time.time()) == [tmp_path / "a.txt"]
    assert changed_files([tmp_path], seen, settle=0, now=time.time()) == []
    (tmp_path / "b.txt").write_text("Another article.")
    with (tmp_path / "a.txt").open("a") as grown:
        grown.write(" And more.")
    found = changed_files([tmp_path], seen, settle=0, now=time.time())
    assert sorted(found) == [tmp_path / "a.txt", tmp_path / "b.txt"]


def test_a_file_still_being_written_waits_for_a_later_poll(tmp_path: Path) -> None:
    path = tmp_path / "fresh.txt"
    path.write_text("Half an article")
    seen: dict[Path, tuple[int, int]] = {}
    assert changed_files([tmp_path], seen, settle=60, now=time.time()) == []
    later = path.stat().st_mtime + 61
    assert changed_files([tmp_path], seen, settle=60, now=later) == [path]


def test_watch_adds_each_new_report_to_its_story(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    stream = inbox / "wire.jsonl"
    stream.write_text(FIRST)
    lines: list[str] = []

    def between_polls(_: float) -> None:
        # The crawler appends to the stream and drops a whole folder of files meanwhile.
        if not (inbox / "demo").exists():
            with stream.open("a") as out:
                out.write(SECOND)
            shutil.copytree(CORPUS, inbox / "demo")
            past = time.time() - 10  # written long enough ago to be complete
            for path in [stream, *(inbox / "demo").iterdir()]:
                os.utime(path, (past, past))

    with Store(tmp_path / "s.sqlite") as store:
        polls = watch(store, [inbox], interval=5, polls=3, settle=0, sleep=between_polls,
                      report=lines.append)
        assert polls == 3
        assert store.count_articles() == 2 + 12
        ferry = [s for s in store.list_stories() if "Calder" in s.title]
        assert len(ferry) == 1 and ferry[0].size == 2  # the follow-up joined the story
        runs = store.db.execute("SELECT COUNT(*) FROM runs WHERE command = 'watch'").fetchone()
        assert runs[0] == 2  # the third poll found nothing new and ran nothing
    assert len(lines) == 2
    # the stream's first line is not read again: only what it gained
    assert "1 new" in lines[0] and "13 new, 0 already stored" in lines[1]


def test_watch_command_refuses_missing_paths(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    assert main(["--db", db, "watch", str(tmp_path / "nowhere"), "--interval", "1"]) == 2


def test_a_growing_stream_is_read_from_where_the_last_look_stopped(tmp_path: Path) -> None:
    stream = tmp_path / "wire.jsonl"
    stream.write_text(FIRST + SECOND[: len(SECOND) // 2])  # the second line half written
    marks: dict[Path, StreamMark] = {}
    (first,) = _inputs([stream], marks)
    assert isinstance(first, Tail) and first.start == 0 and first.end == len(FIRST.encode())
    with Store(tmp_path / "s.sqlite") as store:
        summary = process(store, [first])
        assert summary.new == 1 and not summary.failures  # the half line waits
        with stream.open("a") as out:
            out.write(SECOND[len(SECOND) // 2 :])
        (rest,) = _inputs([stream], marks)
        assert isinstance(rest, Tail) and (rest.start, rest.first_line) == (first.end, 1)
        summary = process(store, [rest])
        assert (summary.articles_read, summary.new) == (1, 1)  # only the new line was read
        (stored,) = [a for a in store.articles() if a.title and "refloated" in a.title]
        assert stored.provenance.locator == "2"  # line numbers go on from the first read
    assert _inputs([stream], marks) == []  # nothing new


def test_a_rewritten_stream_is_read_again_whole(tmp_path: Path) -> None:
    stream = tmp_path / "wire.jsonl"
    stream.write_text(FIRST + SECOND)
    marks: dict[Path, StreamMark] = {}
    _inputs([stream], marks)
    stream.write_text(SECOND + FIRST + SECOND)  # same start size, other bytes before it
    (again,) = _inputs([stream], marks)
    assert isinstance(again, Tail) and again.start == 0 and again.first_line == 0
