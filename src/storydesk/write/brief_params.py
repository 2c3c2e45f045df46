"""The brief's and the timeline's thresholds: which sentences may stand in them, when
two sentences are one, and how the brief values what it chooses.

Like `ClusterParams`, one frozen set of values for every kind of news, with a
`DEFAULT`; `write_brief`, `build_timeline` and the helpers they call take
``params: BriefParams = DEFAULT``. The values were set on DUC 2006
(`bench/bench_brief.py` prints ROUGE against the human summaries), the seeds and the
demo corpus.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BriefParams:
    """Every threshold of `brief`, `brief_select`, `brief_text` and `timeline`."""

    # Which sentences may stand in a brief (brief_text.is_briefable): shorter pieces
    # are headlines, captions, bylines and fragments; longer ones run-on segmentation
    # errors or tables.
    min_words: int = 8
    max_words: int = 55
    # A timeline event needs fewer: a dated piece shorter than this is a dateline, a
    # caption or a byline.
    min_event_words: int = 5
    # Content-word Jaccard at which two sentences count as the same sentence (a copy
    # with small edits): one brief entry citing both, one timeline event.
    same_wording: float = 0.7
    min_copy_words: int = 4  # a sentence of fewer content words is no evidence of copying
    # At this Jaccard two sentences are too alike to both appear in one brief.
    redundant: float = 0.5
    # Pairs verified per story at most when finding copies. A 200-article story
    # verifies ~17,000; only crafted input (copies of an article of thousands of
    # look-alike sentences) comes near this, and it must not stall the run: past the
    # cap, the remaining pairs are not linked.
    max_checks: int = 300_000

    # What a sentence is worth (brief), in concept-weight units (a concept used by one
    # source is worth 1).
    # Each extra independent source carrying a sentence (near-)verbatim. Small: the
    # sources that repeat a sentence already raise the weight of its concepts.
    support_bonus: float = 1.0
    # Each independent source that the caller's `support` says confirms a sentence's
    # facts counts as if it used this share of the sentence's words as concepts: a
    # sentence is valued roughly as it would be had those sources written it too.
    external_support_share: float = 0.5
    # A reader expects a brief to open with what happened: each article's lead sentence
    # gets a bonus of this share of its length. On DUC 2006 it costs ~0.1 ROUGE-2 (9.98
    # -> 9.90 at 0.8; 9.40 at 1.5), and it makes the seeds' and the demo's briefs open
    # with the event instead of a detail.
    lead_bonus: float = 0.8
    # A claim that >= 2 independent sources state is worth this many times its value
    # (see bench/TUNING.md: chosen on half of DUC 2006's clusters).
    corroboration_factor: float = 2.5
    # Whether a concept's weight counts the independent sources that use it (True) or
    # the articles (False). Which claims several sources state is the corroboration
    # factor's business; as a measure of what the story repeats, articles did better
    # on DUC 2006 (see bench/TUNING.md).
    concepts_by_source: bool = False

    # Choosing (brief_select).
    # A concept must be used by this share of the independent sources (and by at least
    # two of them, when there are two) to count: rarer bigrams are mostly one outlet's
    # phrasing.
    min_source_share: float = 0.1
    # Gain is divided by length**length_exponent when choosing greedily: 1 is plain
    # gain per word; a little below 1 lets long, rich sentences compete with short ones.
    length_exponent: float = 0.9
    max_swap_rounds: int = 4  # rounds of the local search after the greedy pass
    # Swaps consider only this many of the options with the highest value on their own:
    # the rest cannot beat a chosen sentence's contribution in practice.
    swap_pool: int = 200


DEFAULT = BriefParams()
