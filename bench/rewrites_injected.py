"""Injected-copy helpers for bench_rewrites.py: DUC2006 articles plus edited copies."""

from __future__ import annotations

import json
import random
from pathlib import Path

from storydesk.model import Article, Provenance


def load_duc(path: Path, limit: int | None = None) -> list[Article]:
    articles = []
    for line in path.open(encoding="utf-8"):
        for doc in json.loads(line)["docs"]:
            provenance = Provenance(str(path), "jsonl")
            articles.append(Article(id=doc["docno"], text=doc["text"], provenance=provenance))
    return articles[:limit] if limit else articles


def edit_tokens(text: str, rate: float, rng: random.Random, vocabulary: list[str]) -> str:
    """Substitute, delete or insert `rate` of the tokens, paragraph by paragraph."""
    paragraphs = []
    for paragraph in text.split("\n"):
        tokens = paragraph.split()
        out: list[str] = []
        for token in tokens:
            if rng.random() >= rate:
                out.append(token)
                continue
            op = rng.randrange(3)
            if op == 0:
                out.append(rng.choice(vocabulary))
            elif op == 2:
                out.extend([token, rng.choice(vocabulary)])
        paragraphs.append(" ".join(out))
    return "\n".join(paragraphs)


def reorder_paragraphs(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) > 1:
        order = list(range(len(paragraphs)))
        while order == sorted(order):
            rng.shuffle(order)
        paragraphs = [paragraphs[i] for i in order]
    return "\n".join(paragraphs)


def make_copies(
    originals: list[Article], n_edited: int, n_reordered: int, seed: int = 7
) -> tuple[list[Article], dict[str, str]]:
    """Copies of randomly chosen originals; returns (copies, copy id -> original id)."""
    rng = random.Random(seed)
    vocabulary = sorted({w for a in originals[:200] for w in a.text.split()})
    chosen = rng.sample(originals, n_edited + n_reordered)
    copies, truth = [], {}
    for k, original in enumerate(chosen):
        if k < n_edited:
            text = edit_tokens(original.text, rng.uniform(0.05, 0.20), rng, vocabulary)
            kind = "edited"
        else:
            text = reorder_paragraphs(original.text, rng)
            kind = "reordered"
        copy_id = f"{kind}-copy-{k}-of-{original.id}"
        copies.append(Article(id=copy_id, text=text, provenance=Provenance("injected", "text")))
        truth[copy_id] = original.id
    return copies, truth
