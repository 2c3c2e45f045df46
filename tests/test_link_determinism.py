"""Sentence alignment must not depend on Python's hash seed: the same two articles
give the same candidates, features and links in every process."""

from __future__ import annotations

import os
import subprocess
import sys

from storydesk.link.align import _lexical_candidates, side_of

# Sentence 1 of MINE shares two content words with each of OTHER's sentences 1-3
# ("ferry pilots", "crews waited", "ferry crews"): a three-way tie for two places.
MINE = "The harbour board met on Tuesday. Ferry crews voted while pilots waited."
OTHER = (
    "Nothing happened at the market. Ferry pilots rested there. "
    "Crews waited in the rain. The vote on ferry crews passed."
)

_PROBE = (
    "from storydesk.link.align import _lexical_candidates, side_of\n"
    f"print(_lexical_candidates(side_of({MINE!r}), side_of({OTHER!r}), 2))\n"
)


def test_ties_go_to_the_earlier_sentence() -> None:
    candidates = _lexical_candidates(side_of(MINE), side_of(OTHER), 2)
    assert candidates[1] == (1, 2)


def test_candidates_are_the_same_under_every_hash_seed() -> None:
    answers = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                              text=True, check=True)  # fmt: skip
        answers.add(done.stdout.strip())
    assert len(answers) == 1
