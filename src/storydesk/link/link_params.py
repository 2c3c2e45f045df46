"""The link stage's thresholds: which pairs are compared, how sentences align, when a
pair is a copy, and which way the copying went.

Like `ClusterParams`, one frozen set of values for every kind of news, with a
`DEFAULT`; the functions that use a value take ``params: LinkParams = DEFAULT``. The
values were set on the seeds, the Clough & Stevenson corpus, MSRP and DUC 2006
(`bench/bench_rewrites.py` prints the figures). The fitted models' feature
definitions are not here: the weights in ``link/data/`` assume them, so they stay
beside their features (`classify.py`, `paraphrase.py`), to change only with a refit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkParams:
    """Every threshold of the link stage (`links`, `align`, `classify`, `provenance`)."""

    # Which pairs of a story are compared (links.candidate_pairs): never every pair, so
    # the stage is linear in story size. LSH collisions on word shingles find literal
    # copies; a paraphrased rewrite shares few shingles but keeps its source's content
    # words, so pairs sharing at least `candidate_overlap` of them are candidates too. It
    # equals `paraphrase_gate`: below it link_pair judges only literal copying (which
    # LSH finds), so a pair under this bar could not become a rewrite anyway.
    candidate_overlap: float = 0.35
    # Of its candidates, an article keeps those sharing most content words, at most
    # this many: a copy or rewrite is closest to its source (or to another copy of it,
    # which puts it in the same independent source), and a big story of one event,
    # where most reports pass the overlap bar, then costs a few pairs per article
    # rather than every pair. A pair is compared when either article keeps the other.
    max_partners: int = 3
    # Each article may also be compared with this many nearest articles by mean
    # sentence vector. Off: such a pair below the overlap bar can only be judged a
    # literal copy (no paraphrase pass), and a literal copy shares most of its content
    # words, so it is a candidate already. On DUC2006, 3 such neighbours made 3,387
    # pairs where the candidates alone make 982, with the same 51 copy links: the
    # others were all judged independent (links no view shows) at about a third of
    # the link stage's time.
    neighbours: int = 0
    # Too little text to judge (links.link_pair).
    min_words_to_judge: int = 12  # a shorter article (a headline) is judged on its word pairs:
    short_copy_share: float = 0.8  # ...copied if this share of them appear in the other...
    short_copy_min_words: int = 3  # ...and it has at least this many words
    # A feed summary restates the news every report gives: only an almost word-for-word
    # match says one copied the other.
    teaser_copy_share: float = 0.9
    # A paraphrased rewrite keeps its source's names, numbers and key terms: on the
    # seeds and Clough & Stevenson, rewrites share >= 0.39 of their content words,
    # while 95% of independent same-topic DUC2006 reports share < 0.32. Below this the
    # (costly) sentence-embedding paraphrase pass is skipped and only literal copying
    # is judged. Bodies only: a headline alone cannot show paraphrased derivation.
    paraphrase_gate: float = 0.35
    min_content_letters: int = 3  # shorter words do not count in that content overlap
    # A rewrite takes a substantial part of its source: below this share of the derived
    # article aligned (verbatim or paraphrased), shared facts are just shared news.
    min_derived_share: float = 0.2
    # Sentence alignment (align).
    verbatim_cover: float = 0.8  # verbatim: this share of its words, in order, in one sentence
    min_cover_checked: float = 0.5  # a lower in-order cover is not worth computing exactly
    paraphrase_probability: float = 0.5  # the paraphrase model's probability for a paraphrase
    candidates_per_sentence: int = 3  # partners tried per sentence, by words and by cosine
    # Sentence pairs below this MiniLM cosine are never paraphrases in practice (MSRP
    # paraphrases sit well above it); skipping them saves most of the feature work when
    # two independent reports are compared.
    min_candidate_cosine: float = 0.45
    min_words: int = 4  # shorter sentences (headings, datelines) prove nothing
    quotation_share: float = 0.5  # own words (outside quotes) below this share: a quotation
    min_own_cover: float = 0.5  # a verbatim match covering less of the own words is a quote
    # Copied or not (classify): a side whose own sentences or word 3-grams are mostly
    # found verbatim in the other is a near-verbatim copy without the models.
    near_verbatim_share: float = 0.6
    near_verbatim_trigrams: float = 0.6
    copied_probability: float = 0.5  # P(derived) from which a side counts as copied...
    duplicate_probability: float = 0.5  # ...and P(near-verbatim | derived) for a duplicate
    # Direction (provenance.decide_direction): evidence adds to a score, + for one side.
    head_chars: int = 400  # a byline or outlet dateline is looked for this far in
    credit_weight: float = 3.0  # a credit naming the other's outlet: strongest
    earlier_weight: float = 3.0  # published earlier...
    same_time_hours: float = 1.0  # ...unless within this many hours on the same day
    signed_weight: float = 1.5  # own byline or outlet dateline against none
    containment_gap: float = 0.2  # one side this much more covered by the other...
    containment_weight: float = 1.0  # ...is the copy
    quote_vote: float = 0.5  # per quotation kept on one side and paraphrased on the other...
    quote_cap: float = 1.5  # ...up to this much
    direction_score: float = 1.5  # a score this far from 0 decides; closer is undecided


DEFAULT = LinkParams()
