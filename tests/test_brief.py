"""The brief: cited, within budget, without repetition, counting independent sources."""

from __future__ import annotations

import random

import pytest
from brief_fixtures import GROUPS, analyse, make_articles

from storydesk.model import Brief
from storydesk.write.brief import write_brief
from storydesk.write.brief_near import jaccard, near_duplicates
from storydesk.write.brief_params import BriefParams
from storydesk.write.brief_text import content_stems, count_words, stems, trim_dateline


def _brief(words: int = 150, order: str = "abcd", **kwargs: object) -> Brief:
    articles = make_articles(order)
    return write_brief(articles, analyse(articles), words=words, **kwargs)  # type: ignore[arg-type]


def _texts() -> dict[str, str]:
    return {a.id: a.text for a in make_articles()}


@pytest.mark.parametrize("words", [20, 40, 80, 150, 400])
def test_budget_is_respected(words: int) -> None:
    brief = _brief(words, independent_groups=GROUPS)
    assert brief.sentences
    assert brief.words == sum(count_words(s.text) for s in brief.sentences) <= words
    assert brief.budget == words


def test_every_sentence_cites_its_exact_span() -> None:
    texts = _texts()
    for groups in (None, GROUPS):
        brief = _brief(400, independent_groups=groups)
        for sentence in brief.sentences:
            source = sentence.source
            assert texts[source.article_id][source.start : source.end] == sentence.text
            for cite in sentence.supported_by:
                assert cite.article_id != source.article_id
                cited = texts[cite.article_id][cite.start : cite.end]
                words = content_stems(stems(sentence.text))
                assert jaccard(words, content_stems(stems(cited))) >= 0.7


def test_dateline_is_left_out_of_the_span() -> None:
    brief = _brief(400, order="acd")  # without the rewrite, A's first sentence is its own
    first = next(s for s in brief.sentences if s.text.startswith("The Millbrook dam failed"))
    assert "(VW)" not in first.text
    assert first.source.article_id == "a"


def test_no_sentence_is_repeated() -> None:
    brief = _brief(400, independent_groups=GROUPS)
    seen = [content_stems(stems(s.text)) for s in brief.sentences]
    for i, words in enumerate(seen):
        for other in seen[:i]:
            assert jaccard(words, other) < 0.5


def test_support_counts_independent_groups_not_articles() -> None:
    def evacuation(brief: Brief):  # type: ignore[no-untyped-def]
        return next(s for s in brief.sentences if "140 homes" in s.text)

    by_article = evacuation(_brief(400))
    by_group = evacuation(_brief(400, independent_groups=GROUPS))
    assert {c.article_id for c in by_group.citations} == {"a", "b", "c"}
    assert by_article.sources == 3  # a, b and c counted separately
    assert by_group.sources == 2  # b is a rewrite of a


def test_earliest_wording_is_cited_as_source_whatever_the_input_order() -> None:
    for order in ("abcd", "dcba", "bdca"):
        brief = _brief(1000, order=order, independent_groups=GROUPS)
        lead = next(s for s in brief.sentences if "failed early Monday" in s.text)
        assert lead.source.article_id == "a"  # b repeats a's lead later
        evacuation = next(s for s in brief.sentences if "140 homes" in s.text)
        assert evacuation.source.article_id == "a"
        assert [c.article_id for c in evacuation.supported_by] == ["b", "c"]


def test_corroborated_sentences_come_first_then_story_order() -> None:
    brief = _brief(400, independent_groups=GROUPS)
    articles = {a.id: i for i, a in enumerate(make_articles())}
    corroborated = [s.sources >= 2 for s in brief.sentences]
    assert corroborated == sorted(corroborated, reverse=True)
    assert True in corroborated and False in corroborated
    for tier in (True, False):
        keys = [(articles[s.source.article_id], s.source.start)
                for s in brief.sentences if (s.sources >= 2) == tier]  # fmt: skip
        assert keys == sorted(keys)


def test_corroborated_sentences_win_a_tight_budget() -> None:
    # Room for one sentence: the one that all three independent sources carry.
    brief = _brief(15, independent_groups=GROUPS)
    assert len(brief.sentences) == 1
    assert brief.sentences[0].text.startswith("The governor declared")
    assert brief.sentences[0].sources == 3


def test_external_support_raises_a_sentence() -> None:
    target = "Residents were told to boil"
    assert not any(target in s.text for s in _brief(30, independent_groups=GROUPS).sentences)

    def support(article_id: str, start: int, end: int) -> float:
        return 8.0 if _texts()[article_id][start:end].startswith(target) else 0.0

    boosted = _brief(30, independent_groups=GROUPS, support=support)
    assert any(target in s.text for s in boosted.sentences)


def test_without_analyses_the_text_is_split_by_itself() -> None:
    articles = make_articles()
    brief = write_brief(articles, {}, words=60)
    texts = _texts()
    assert brief.sentences
    for sentence in brief.sentences:
        source = sentence.source
        assert texts[source.article_id][source.start : source.end] == sentence.text


def test_empty_story_gives_an_empty_brief() -> None:
    assert write_brief([], {}, words=150).sentences == ()
    assert _brief(0).sentences == ()


def test_near_duplicates_agree_with_comparing_every_pair() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(40)]
    sets = [set(rng.sample(vocabulary, rng.randint(1, 12))) for _ in range(150)]
    sets += [set(s) | {"extra"} for s in sets[:30]]  # planted near-copies
    for threshold in (0.5, 0.7):
        found = near_duplicates(sets, threshold)
        for i, a in enumerate(sets):
            expected = {j for j, b in enumerate(sets) if j != i and jaccard(a, b) >= threshold}
            assert found[i] == expected


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("PINE GROVE, Mont. (AP) -- Officials closed the road.", "Officials closed the road."),
        ("OSLO, March 3 (Wirenews) -- The talks resumed.", "The talks resumed."),
        ("HALIFAX _ The ferry was late again.", "The ferry was late again."),
        ("Port Ellis, Avalon (Courier) — Crews worked overnight.", "Crews worked overnight."),
        ("Smith, the mayor – who spoke – left.", "Smith, the mayor – who spoke – left."),
        ("NATO-led forces arrived at dawn.", "NATO-led forces arrived at dawn."),
    ],
)
def test_datelines_are_trimmed_and_nothing_else(sentence: str, kept: str) -> None:
    text = "First line.\n" + sentence
    start = trim_dateline(text, 12, len(text))
    assert text[start:] == kept


def test_thresholds_come_from_the_params() -> None:
    # No sentence of 8-55 words may stand in a brief that wants 60 or more.
    assert _brief(400, params=BriefParams(min_words=60, max_words=90)).sentences == ()
