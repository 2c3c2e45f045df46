"""The story stage on the fictional recall story (shaped like the five seed reports):
what a reader must see, computed by the system itself (analysis, links, claims)."""

from __future__ import annotations

import pytest
from recall_story import recall_articles, recall_ids

from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.link.align import EmbeddingCache
from storydesk.link.links import find_links
from storydesk.model import StoryResults
from storydesk.pipeline import story_results


@pytest.fixture(scope="module")
def results() -> StoryResults:
    articles = recall_articles()
    analyses = {a.article_id: a for a in analyze_articles(articles)}
    claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
    cache = EmbeddingCache()
    links = find_links(articles, cache=cache)
    return story_results(articles, analyses, claims, links, vectors=cache.vectors)


def _key() -> dict[str, str]:
    return {article_id: key for key, article_id in recall_ids().items()}


def test_the_recall_is_one_claim_stated_by_three_independent_sources(results) -> None:
    key = _key()
    recall = [c for c in results.claims if "negotiators" in c.text and c.support == 3]
    assert len(recall) == 1
    assert {key[c.article_id] for c in recall[0].citations} == {"A", "R1", "B", "R2", "C"}
    # The rewrites sit with their sources: three sources, not five.
    assert sorted(sorted(key[i] for i in s) for s in recall[0].sources) == [
        ["A", "R1"],
        ["B", "R2"],
        ["C"],
    ]


def test_the_brief_opens_with_the_corroborated_recall_and_cites_every_source(results) -> None:
    assert results.brief is not None
    first = results.brief.sentences[0]
    assert "negotiators" in first.text and first.sources == 3
    assert {_key()[c.article_id] for c in first.citations} == {"A", "R1", "B", "R2", "C"}
    # Corroborated claims come first; then what one source alone says.
    sources = [s.sources for s in results.brief.sentences]
    assert sources == sorted(sources, reverse=True)


def test_no_brief_sentence_leans_on_a_pronoun_or_opens_with_a_label(results) -> None:
    assert results.brief is not None
    for sentence in results.brief.sentences:
        assert not sentence.text.startswith(("He ", "She ", "They ", "Many of them"))
        assert not sentence.text.startswith("Veldoria Conflict:")


def test_twelve_hundred_killed_is_one_fact_with_two_sources(results) -> None:
    facts = [
        f
        for f in results.facts
        if f.value_low is not None
        and f.value_low <= 1200 <= (f.value_high or 1200)
        and "Veldorian" in f.counted
    ]
    assert len(facts) == 1
    assert facts[0].support == 2


def test_the_recall_is_one_timeline_row_with_three_sources(results) -> None:
    rows = [t for t in results.timeline if "negotiators" in t.text and not t.background]
    assert len(rows) == 1 and rows[0].sources == 3


def test_what_each_rewrite_changed_is_flagged_on_the_rewrite(results) -> None:
    key = _key()
    found = {(key[d.derived_id], key[d.source_id], d.kind) for d in results.discrepancies}
    # R1 dates the resumption to Saturday; A (its source), B and C put it on Friday.
    assert ("R1", "A", "event_date") in found
    moved = next(d for d in results.discrepancies if d.kind == "event_date")
    assert {key[c.article_id] for c in moved.others} >= {"A", "B", "C"}
    # R2 drops "for every hostage" from B's prisoner ratio.
    assert ("R2", "B", "qualifier") in found
    assert all(key[d.derived_id] in {"R1", "R2"} for d in results.discrepancies)


def test_a_changed_sentence_does_not_support_its_source(results) -> None:
    # R1's "As fighting resumed Saturday" is what R1 changed: it states something else
    # than A's "As fighting ramped up again Saturday", whatever the words share.
    key = _key()
    for claim in results.claims:
        texts = {key[c.article_id]: c for c in claim.citations}
        if "A" in texts and "ramped up again" in claim.text:
            assert "R1" not in texts


def test_a_sentence_a_rewrite_changed_is_in_no_brief_or_timeline(results) -> None:
    changed = {(d.derived_sentence.article_id, d.derived_sentence.start)
               for d in results.discrepancies}  # fmt: skip
    assert changed
    assert results.brief is not None
    shown = [*(s.source for s in results.brief.sentences),
             *(t.citations[0] for t in results.timeline)]  # fmt: skip
    for citation in shown:
        assert not any(a == citation.article_id and citation.start <= s < citation.end
                       for a, s in changed)  # fmt: skip


def test_a_sentence_stating_one_corroborated_figure_cites_its_other_reports() -> None:
    # A's "Some 1,200 Veldorians were killed ..." states one figure, which C also
    # reports (in a sentence with another figure): the fact's two sources back it.
    from storydesk.reconcile.facts import reconcile_story
    from storydesk.write.brief import write_brief

    key = _key()
    articles = recall_articles()
    analyses = {a.article_id: a for a in analyze_articles(articles)}
    claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
    links = find_links(articles, cache=EmbeddingCache())
    groups = [[i for i in recall_ids().values() if key[i] in g] for g in (["A", "R1"],
              ["B", "R2"], ["C"])]  # fmt: skip
    facts = reconcile_story(articles, claims, links, groups).facts
    everything = write_brief(articles, analyses, words=2000, independent_groups=groups,
                             figures=facts)  # fmt: skip
    [toll] = [s for s in everything.sentences if s.text.startswith("Some 1,200 Veldorians")]
    assert "C" in {key[c.article_id] for c in toll.supported_by}
    assert toll.sources == 2
    # A long sentence that says more than its one figure is not backed by the figure's
    # other reports (A's "struck 300 targets" backs the 300, not the rest of B's).
    [strikes] = [s for s in everything.sentences
                 if s.text.startswith("The army said it carried out more than 300")]  # fmt: skip
    assert strikes.sources == 1
    alone = write_brief(articles, analyses, words=2000, independent_groups=groups)
    [plain] = [s for s in alone.sentences if s.text.startswith("Some 1,200 Veldorians")]
    assert plain.sources == 1
