"""The link stage's fitted logistic models, kept as JSON package data in ``link/data/``.

Public API
----------
``load_models(name) -> Mapping[str, LogisticModel]``: the models in
    ``storydesk/link/data/<name>.json``, read once per process.
``models_json(models, *, generated_by, about) -> str``: the text of such a file; the
    bench scripts that fit the models write it (``bench/rewrites_msrp.py --write``,
    ``bench/rewrites_cs.py --write``).

JSON writes each float as its shortest repr, which reads back as exactly the same
float, so a model survives the round trip bit for bit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from storydesk.link.logistic import LogisticModel

_FIELDS = ("weights", "bias", "mean", "scale", "quadratic")


def models_json(models: Mapping[str, LogisticModel], *, generated_by: str, about: str) -> str:
    data = {
        "generated_by": f"{generated_by} (do not edit)",
        "about": about,
        "models": {
            name: {
                "weights": list(m.weights),
                "bias": m.bias,
                "mean": list(m.mean),
                "scale": list(m.scale),
                "quadratic": m.quadratic,
            }
            for name, m in models.items()
        },
    }
    return json.dumps(data, indent=1) + "\n"


def _model(name: str, raw: Any) -> LogisticModel:
    if not isinstance(raw, dict) or sorted(raw) != sorted(_FIELDS):
        raise ValueError(f"model {name!r}: expected the fields {', '.join(_FIELDS)}")
    return LogisticModel(
        weights=tuple(float(v) for v in raw["weights"]),
        bias=float(raw["bias"]),
        mean=tuple(float(v) for v in raw["mean"]),
        scale=tuple(float(v) for v in raw["scale"]),
        quadratic=bool(raw["quadratic"]),
    )


@cache
def load_models(name: str) -> Mapping[str, LogisticModel]:
    text = (files("storydesk.link") / "data" / f"{name}.json").read_text(encoding="utf-8")
    models = json.loads(text)["models"]
    return MappingProxyType({key: _model(key, raw) for key, raw in models.items()})
