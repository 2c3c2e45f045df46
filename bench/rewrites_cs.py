"""Clough & Stevenson helpers for bench_rewrites.py: features, repeated 5-fold CV, refit.

Labels: 0 -> independent, 1 (heavy revision) and 2 (light revision) -> rewrite,
3 (cut-and-paste) -> duplicate (near-verbatim): a light revision still edits most
sentences, which is what the link stage calls a rewrite. Run as a script to refit the default
pair models and rewrite src/storydesk/link/data/classify_weights.json:
    .venv/bin/python bench/rewrites_cs.py --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from storydesk.link.align import EmbeddingCache, align_texts
from storydesk.link.classify import Kind, classify, fit_pair_models, pair_features
from storydesk.link.weights import models_json

KINDS: tuple[Kind, ...] = ("independent", "rewrite", "duplicate")
LABELS: dict[int, Kind] = {0: "independent", 1: "rewrite", 2: "rewrite", 3: "duplicate"}
WEIGHTS_FILE = (
    Path(__file__).resolve().parents[1] / "src/storydesk/link/data/classify_weights.json"
)


def load(path: Path, cache: EmbeddingCache) -> tuple[np.ndarray, list[Kind]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    feats = [pair_features(align_texts(r["answer"], r["source"], cache), "a") for r in rows]
    return np.array(feats), [LABELS[int(r["label"])] for r in rows]


def macro_f1(gold: list[Kind], pred: list[Kind]) -> float:
    scores = []
    for k in KINDS:
        tp = sum(g == k and p == k for g, p in zip(gold, pred, strict=False))
        fp = sum(g != k and p == k for g, p in zip(gold, pred, strict=False))
        fn = sum(g == k and p != k for g, p in zip(gold, pred, strict=False))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def cross_validate(x: np.ndarray, gold: list[Kind], seeds: int = 5) -> tuple[float, float]:
    """Mean macro-F1 and copied-vs-not accuracy over `seeds` random 5-fold splits."""
    f1s, accs = [], []
    for seed in range(seeds):
        order = np.random.default_rng(seed).permutation(len(gold))
        pred: list[Kind] = ["independent"] * len(gold)
        for test in np.array_split(order, 5):
            train = np.setdiff1d(order, test)
            models = fit_pair_models(x[train], [gold[i] for i in train])
            for i in test:
                pred[i] = classify(x[i], models)[0]
        f1s.append(macro_f1(gold, pred))
        accs.append(np.mean([(g != "independent") == (p != "independent")
                             for g, p in zip(gold, pred, strict=False)]))
    return float(np.mean(f1s)), float(np.mean(accs))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import require_data

    (data,) = require_data("clough-stevenson/pairs.jsonl")
    xs, ys = load(data, EmbeddingCache())
    if "--write" in sys.argv:
        models = fit_pair_models(xs, ys)
        text = models_json(
            {"copied": models.copied, "near_verbatim": models.near_verbatim},
            generated_by="bench/rewrites_cs.py --write",
            about="The pair classification models, fit on the Clough & Stevenson corpus; "
            "see storydesk.link.classify for the features.",
        )
        WEIGHTS_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}")
    print(cross_validate(xs, ys))
