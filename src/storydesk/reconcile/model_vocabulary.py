"""Which words the installed spaCy model has only ever seen in lower case.

    lower_case_only(word) -> bool
        Does the model's vocabulary hold `word` in lower case but never as written
        ("Signatures": "signatures" only)?

The model's string table (`vocab/strings.json` of the package) keeps every form its
training texts wrote: a name is there with its capital ("Thompson", "Hamas"), a
common noun only in lower case unless a sentence of the training texts opened with
it. A word spaCy tagged as a name whose capitalised form the model never saw is, by
that evidence, a common word capitalised for its place ("Signatures were ...").
Names the model never saw at all ("Blinken", "Barnea") are in neither form and are
no evidence either way. The table is read from disk, not from a loaded pipeline:
a pipeline adds every string of the texts it processes to its own table.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from storydesk.analyze.nlp import MODEL_NAME


@lru_cache(maxsize=1)
def model_strings() -> frozenset[str]:
    """The strings of the installed model's vocabulary; empty when the model is not
    installed (the rule using them then removes nothing)."""
    spec = find_spec(MODEL_NAME)
    if spec is None or spec.origin is None:
        return frozenset()
    for path in sorted(Path(spec.origin).parent.glob("*/vocab/strings.json")):
        strings = json.loads(path.read_text(encoding="utf-8"))
        return frozenset(s for s in strings if isinstance(s, str))
    return frozenset()


def lower_case_only(word: str) -> bool:
    """Has the model seen `word` only in lower case (not as written)?"""
    strings = model_strings()
    return word not in strings and word.lower() in strings
