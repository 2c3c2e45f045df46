"""Sentence splitting, embeddings and sentence alignment."""

from __future__ import annotations

import numpy as np

from storydesk.link.align import EmbeddingCache, align_texts
from storydesk.link.embed import EMBEDDING_DIM, embed_texts
from storydesk.link.text import quoted_spans, sentence_spans

A = (
    "The river council met on Tuesday to approve a new flood wall. "
    "Engineers said the wall would cost 12 million dollars and take two years to build. "
    '"This wall will protect four thousand homes," said council chair Mira Holt. '
    "Information from the Valley Wire was used in this report."
)
B = (
    "Engineers said the wall would cost 12 million dollars and take two years to build. "
    "A new flood wall was approved by the river council at its Tuesday meeting. "
    "Residents of the lower town have asked for protection since the floods of 2019."
)


def test_sentence_spans_keep_abbreviations_and_closing_quotes() -> None:
    text = 'Mr. Holt spoke first. She said "Yes." Then the U.S. envoy left!'
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Mr. Holt spoke first.", 'She said "Yes."', "Then the U.S. envoy left!"]
    assert quoted_spans('He said "we will build it" today.') == [(8, 26)]


def test_embed_texts_returns_unit_vectors_in_order() -> None:
    vectors = embed_texts(["The council approved the wall.", "The wall was approved.", "Cats."])
    assert vectors.shape == (3, EMBEDDING_DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert embed_texts([]).shape == (0, EMBEDDING_DIM)


def test_alignment_labels_verbatim_paraphrase_and_unaligned_with_spans() -> None:
    alignment = align_texts(B, A, EmbeddingCache())
    labels = [p.label for p in alignment.a_pairs]
    assert labels == ["verbatim", "paraphrase", "unaligned"]
    first = alignment.a_pairs[0]
    assert first.partner is not None
    assert B[first.start : first.end] == A[first.partner[0] : first.partner[1]]
    verbatim, paraphrase = alignment.shares("a")
    assert 0.2 < verbatim < 0.5 and 0.2 < paraphrase < 0.5
    assert {s.label for s in alignment.spans("a")} == {"verbatim", "paraphrase"}


def test_quotations_and_boilerplate_do_not_count() -> None:
    other = (
        '"This wall will protect four thousand homes," said council chair Mira Holt. '
        "Information from the Valley Wire was used in this report."
    )
    alignment = align_texts(A, other, None)
    quote, credit = alignment.b_pairs
    assert quote.label == "verbatim" and quote.quoted and not quote.counts
    assert credit.boilerplate and not credit.counts
    assert alignment.shares("b") == (0.0, 0.0)
