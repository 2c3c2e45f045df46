"""Per-article analysis: sentences, entities (and, in later stages, claims)."""

from __future__ import annotations

# Bump when the output of analysis changes, so stored analyses are recomputed.
ANALYZER_VERSION = 1
