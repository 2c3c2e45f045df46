"""Check that every string gold.json cites is literally present in its demo article.

Reads each article of `src/storydesk/demo/corpus/` by its {file, locator} with plain
tools (feedparser, json, warcio, a tag stripper), independent of storydesk's readers,
and reports any evidence, quote, date expression or entity variant that is missing.

Run: .venv/bin/python scripts/check_demo_gold.py   (exit status 1 when something is missing)
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

import feedparser
from warcio.archiveiterator import ArchiveIterator

CORPUS = Path(__file__).resolve().parents[1] / "src" / "storydesk" / "demo" / "corpus"


def strip_tags(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def article_text(article: dict[str, Any]) -> str:
    path, locator = CORPUS / article["file"], article["locator"]
    name = path.name
    if name.endswith(".txt"):
        return path.read_text(encoding="utf-8")
    if name.endswith(".html"):
        return strip_tags(path.read_text(encoding="utf-8"))
    if name.endswith(".jsonl"):
        row = json.loads(path.read_text(encoding="utf-8").splitlines()[locator - 1])
        return str(row["text"])
    if name.endswith((".rss", ".atom")):
        for entry in feedparser.parse(str(path)).entries:
            if entry.get("link") == locator:
                body = entry["content"][0]["value"] if entry.get("content") else entry["summary"]
                return strip_tags(body)
        raise KeyError(f"{name}: no entry {locator}")
    if name.endswith(".warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response" and uri == locator:
                    return strip_tags(record.content_stream().read().decode("utf-8"))
        raise KeyError(f"{name}: no response {locator}")
    raise ValueError(f"unknown format: {name}")


def main() -> int:
    gold = json.loads((CORPUS.parent / "gold.json").read_text(encoding="utf-8"))
    texts = {a["id"]: article_text(a) for a in gold["articles"]}
    wanted: list[tuple[str, str, str]] = []
    for claim in gold["numeric_claims"]:
        wanted.append((claim["article"], claim["evidence"], "numeric claim"))
    for item in gold["not_counts"]:
        wanted.append((item["article"], item["evidence"], "not-a-count"))
    for quote in gold["quotes"]:
        for article_id in quote["articles"]:
            for key in ("text", "text_2"):
                if key in quote:
                    wanted.append((article_id, quote[key], "quote"))
    for date in gold["relative_dates"]:
        wanted.append((date["article"], date["text"], "date"))
    for group in gold["entity_variants"]:
        for variant, article_ids in group.get("where", {}).items():
            wanted.extend((article_id, variant, "entity variant") for article_id in article_ids)
    missing = [(a, s, what) for a, s, what in wanted if s not in texts[a]]
    for article_id, needle, what in missing:
        print(f"MISSING {what} in {article_id}: {needle!r}")
    print(f"{len(wanted) - len(missing)}/{len(wanted)} gold strings found in {len(texts)} articles")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
