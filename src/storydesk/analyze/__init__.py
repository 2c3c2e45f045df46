"""Per-article analysis: sentences, entities (and, in later stages, claims)."""

from __future__ import annotations

# Bump when the output of analysis changes, so stored analyses are recomputed.
ANALYZER_VERSION = 2
# Bump when the claim extractors' output changes, so stored claims are recomputed.
CLAIMS_VERSION = 4
