"""Every sentence of every DUC2006 brief cites an article that contains it.

Runs over the evaluation data when it is there (../shared/data, or $STORYDESK_DATA)
and is skipped otherwise; no text of it is kept in the repository. Sentences come
from the brief's own splitter (no spaCy), which keeps the check fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storydesk.model import Article, Provenance
from storydesk.write.brief import write_brief

DATA = Path(
    os.environ.get("STORYDESK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
CLUSTERS = DATA / "duc2006" / "clusters.jsonl"


@pytest.mark.skipif(not CLUSTERS.exists(), reason="DUC2006 evaluation data not present")
def test_every_brief_sentence_cites_an_article_that_contains_it() -> None:
    checked = 0
    with CLUSTERS.open(encoding="utf-8") as stream:
        for line in stream:
            cluster = json.loads(line)
            articles = {}
            for doc in cluster["docs"]:
                article = Article.build(
                    doc["text"],
                    Provenance(f"{cluster['id']}/{doc['docno']}", "jsonl"),
                    title=doc.get("headline"),
                )
                articles[article.id] = article
            brief = write_brief(list(articles.values()), {}, words=250)
            assert brief.sentences, cluster["id"]
            assert brief.words <= 250
            for sentence in brief.sentences:
                for citation in sentence.citations:
                    cited = articles[citation.article_id].text[citation.start : citation.end]
                    if citation is sentence.source:
                        assert cited == sentence.text
                    else:  # a supporting article says the same, near word for word
                        assert cited.strip()
                checked += 1
    assert checked > 250
