"""MSRP helpers for bench_rewrites.py: sentence-pair features, 10-fold CV, refitting.

Run as a script to refit the aligner's default paraphrase model on all MSRP training
pairs and rewrite src/storydesk/link/data/paraphrase_weights.json:
    .venv/bin/python bench/rewrites_msrp.py --write
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

from storydesk.link.embed import MODEL_ID, embed_texts
from storydesk.link.logistic import LogisticModel
from storydesk.link.paraphrase import FEATURE_NAMES, fit_paraphrase_model, pair_features
from storydesk.link.weights import models_json

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "storydesk" / "bench"
WEIGHTS_FILE = (
    Path(__file__).resolve().parents[1] / "src/storydesk/link/data/paraphrase_weights.json"
)


def load_pairs(path: Path, limit: int | None = None) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return rows[:limit] if limit else rows


def features_and_labels(path: Path, limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of the first `limit` pairs, cached outside the repository
    (embedding 8,000 sentences takes over a minute; the features depend only on the
    data file, the embedding model and the feature code's names)."""
    key = hashlib.sha1(path.read_bytes())
    key.update(f"{limit}|{MODEL_ID}|{','.join(FEATURE_NAMES)}".encode())
    cache = CACHE / f"msrp-{key.hexdigest()[:16]}.npz"
    if cache.exists():
        with np.load(cache) as stored:
            return stored["x"], stored["y"]
    rows = load_pairs(path, limit)
    left = embed_texts([str(r["s1"]) for r in rows])
    right = embed_texts([str(r["s2"]) for r in rows])
    cosines = (left * right).sum(axis=1)
    x = np.array([
        pair_features(str(r["s1"]), str(r["s2"]), float(c))
        for r, c in zip(rows, cosines, strict=True)
    ])
    y = np.array([int(r["label"]) for r in rows])  # type: ignore[call-overload]
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(cache, x=x, y=y)
    return x, y


def cross_validate(
    x: np.ndarray, y: np.ndarray, folds: int = 10, seed: int = 0
) -> dict[str, float]:
    """Accuracy of the model, of unigram Jaccard and of cosine (thresholds fit per fold)."""
    order = np.random.default_rng(seed).permutation(len(y))
    scores: dict[str, list[float]] = {"model": [], "jaccard": [], "cosine": []}
    for test in np.array_split(order, folds):
        train = np.setdiff1d(order, test)
        model = fit_paraphrase_model(x[train], y[train])
        scores["model"].append(float(((model.probability(x[test]) >= 0.5) == y[test]).mean()))
        for name, column in (("jaccard", 0), ("cosine", 5)):
            threshold = _best_threshold(x[train, column], y[train])
            scores[name].append(float(((x[test, column] >= threshold) == y[test]).mean()))
    return {name: float(np.mean(values)) for name, values in scores.items()}


def _best_threshold(values: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(np.round(values, 3))
    accuracy = [((values >= t) == labels).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def write_weights(model: LogisticModel, path: Path = WEIGHTS_FILE) -> None:
    text = models_json(
        {"paraphrase": model},
        generated_by="bench/rewrites_msrp.py --write",
        about="Logistic regression fit on the MSRP training pairs; see "
        "storydesk.link.paraphrase for the features.",
    )
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import require_data

    (msrp,) = require_data("msrp/train.jsonl")
    xs, ys = features_and_labels(msrp)
    if "--write" in sys.argv:
        write_weights(fit_paraphrase_model(xs, ys))
        print(f"wrote {WEIGHTS_FILE}")
    print(cross_validate(xs, ys))
