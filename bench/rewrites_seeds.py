"""Seed articles for bench_rewrites.py, read minimally (the real readers live in ingest/)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from storydesk.model import Article, Provenance

# Outlets of the seed files as documented in ../shared/data/README.md.
OUTLETS = {"002": "The Hill", "003": "CNN", "004": "ABP Live"}
_DATE = re.compile(r"^\s*date (\d{4})-(\d{2})-(\d{2})\s*")


def read_seeds(folder: Path) -> list[Article]:
    articles = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        published = None
        match = _DATE.match(text)
        if match:
            published = datetime(*map(int, match.groups()), tzinfo=UTC)
            text = text[match.end() :]
        key = path.name[:3]
        articles.append(
            Article(
                id=key,
                text=text,
                provenance=Provenance(str(path), "text"),
                outlet=OUTLETS.get(key),
                published=published,
            )
        )
    return articles
