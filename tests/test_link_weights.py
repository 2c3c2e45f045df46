"""The fitted link models are JSON package data, read once and exactly."""

from __future__ import annotations

import json

from storydesk.link import classify, paraphrase
from storydesk.link.logistic import LogisticModel
from storydesk.link.weights import _model, load_models, models_json


def test_the_default_models_fit_their_features() -> None:
    n = len(paraphrase.FEATURE_NAMES)
    model = paraphrase.default_model()
    assert model.quadratic and len(model.weights) == n + n * (n + 1) // 2
    pair = classify.default_models()
    assert len(pair.copied.weights) == len(classify.COPIED_FEATURES)
    assert len(pair.near_verbatim.weights) == len(classify.VERBATIM_FEATURES)


def test_models_are_read_once() -> None:
    assert load_models("classify_weights") is load_models("classify_weights")


def test_a_model_survives_the_json_round_trip_bit_for_bit() -> None:
    model = LogisticModel((0.1, -1 / 3, 2.0e-17), 1 / 7, (0.30000000000000004, 1.0, 5e300),
                          (1.0, 0.7, 1e-9), quadratic=False)  # fmt: skip
    text = models_json({"m": model}, generated_by="a test", about="round trip")
    assert _model("m", json.loads(text)["models"]["m"]) == model
