from __future__ import annotations

from pathlib import Path

from storydesk.ingest import read_inputs
from storydesk.ingest.discover import format_of
from storydesk.model import Article, ReadFailure


def test_demo_corpus_directory_reads_every_format(corpus: Path) -> None:
    items = list(read_inputs([corpus]))
    articles = [i for i in items if isinstance(i, Article)]
    kinds = {a.provenance.kind for a in articles}
    assert kinds == {"text", "jsonl", "html", "rss", "atom", "warc"}
    assert len(articles) == 12
    assert not [i for i in items if isinstance(i, ReadFailure)]


def test_non_article_files_in_a_walk_are_passed_over_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("The bridge reopened on Monday.")
    (tmp_path / "README.md").write_text("# notes")
    (tmp_path / "gold.json").write_text("{}")
    items = list(read_inputs([tmp_path]))
    skipped = [i for i in items if isinstance(i, ReadFailure)]
    assert {Path(s.source).name for s in skipped} == {"README.md", "gold.json"}
    assert all(s.skipped and "not an article format" in s.reason for s in skipped)


def test_directory_with_thousands_of_files(tmp_path: Path) -> None:
    for i in range(3000):
        (tmp_path / f"{i:05d}.txt").write_text(f"Report number {i} on the flood in Marrowvale.")
    (tmp_path / ".hidden.txt").write_text("never read")
    nested = tmp_path / "deeper" / "still"
    nested.mkdir(parents=True)
    (nested / "late.txt").write_text("A nested report.")
    items = list(read_inputs([tmp_path]))
    assert len(items) == 3001 and all(isinstance(i, Article) for i in items)


def test_globs_missing_paths_and_extensionless_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First report.")
    (tmp_path / "b.txt").write_text("Second report.")
    (tmp_path / "story").write_text("An extensionless article.")
    items = list(
        read_inputs(
            [
                str(tmp_path / "*.txt"),
                tmp_path / "story",
                tmp_path / "missing.txt",
                str(tmp_path / "*.nothing"),
            ]
        )
    )
    texts = [i.text for i in items if isinstance(i, Article)]
    assert texts == ["First report.", "Second report.", "An extensionless article."]
    reasons = [i.reason for i in items if isinstance(i, ReadFailure)]
    assert reasons == ["no such file or directory", "no file matches this pattern"]


def test_format_sniffing(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text("<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>")
    page = tmp_path / "page"
    page.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    data = tmp_path / "notes.csv"
    data.write_text("a,b\n1,2\n")
    assert format_of(feed, explicit=False) == "feed"
    assert format_of(page, explicit=False) == "html"
    assert format_of(data, explicit=False) is None  # found in a walk: passed over
    assert format_of(data, explicit=True) == "text"  # named explicitly: read as text


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        items = list(read_inputs([path]))
    finally:
        path.chmod(0o644)
    # root can read anything; everyone else gets a clear failure
    assert len(items) == 1
    if isinstance(items[0], ReadFailure):
        assert "cannot read" in items[0].reason
