"""The groupings the claim-support benchmark scores, all over the stories the pipeline
stored (clustering decided them; nothing here sees the gold):

    system_groups(store, story_ids)   the stored StoryResults.claims
    exact_groups(store, story_ids)    baseline: identical sentences (lower-cased,
                                      punctuation and spacing collapsed) within a story
    near_groups(store, story_ids)     baseline: the brief's support lists before claim
                                      groups: near-identical copies (content-stem
                                      Jaccard >= 0.7), as write/brief.py's `_clusters`
                                      groups them without `stated`

Both baselines cut each analysis sentence as the brief does (a leading dateline is not
part of it), so every grouping cites the same spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bench.claim_support_metrics import Group
from storydesk.grouping import connected_groups
from storydesk.model import Citation
from storydesk.reconcile.wording import content_stems, stems, trim_dateline
from storydesk.store.store import Store
from storydesk.write import brief_params
from storydesk.write.brief_near import near_duplicates

_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class StorySentence:
    article_id: str
    start: int
    end: int
    text: str


def story_sentences(store: Store, story_id: str) -> list[StorySentence]:
    """Every analysis sentence of the story's articles, dateline trimmed."""
    found: list[StorySentence] = []
    for article in store.articles(store.story_article_ids(story_id)):
        analysis = store.get_analysis(article.id)
        for sentence in analysis.sentences if analysis is not None else ():
            start = trim_dateline(article.text, sentence.start, sentence.end)
            if sentence.end > start:
                text = article.text[start : sentence.end]
                found.append(StorySentence(article.id, start, sentence.end, text))
    return found


def system_groups(store: Store, story_ids: Sequence[str]) -> Iterator[Group]:
    for story_id in story_ids:
        results = store.story_results(story_id)
        for claim in results.claims if results is not None else ():
            yield claim.citations


def _citations(sentences: Sequence[StorySentence], members: Sequence[int]) -> Group:
    return tuple(Citation(sentences[i].article_id, sentences[i].start, sentences[i].end)
                 for i in members)  # fmt: skip


def _across_articles(sentences: Sequence[StorySentence], members: Sequence[int]) -> bool:
    return len({sentences[i].article_id for i in members}) >= 2


def exact_key(text: str) -> str:
    """Lower-cased words, punctuation and spacing collapsed."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def exact_groups(store: Store, story_ids: Sequence[str]) -> Iterator[Group]:
    for story_id in story_ids:
        sentences = story_sentences(store, story_id)
        by_key: dict[str, list[int]] = {}
        for i, sentence in enumerate(sentences):
            key = exact_key(sentence.text)
            if key:
                by_key.setdefault(key, []).append(i)
        for members in by_key.values():
            if _across_articles(sentences, members):
                yield _citations(sentences, members)


def near_groups(store: Store, story_ids: Sequence[str]) -> Iterator[Group]:
    params = brief_params.DEFAULT
    for story_id in story_ids:
        sentences = story_sentences(store, story_id)
        words = [content_stems(stems(s.text)) for s in sentences]
        articles = [s.article_id for s in sentences]
        partners = near_duplicates(words, threshold=params.same_wording,
                                   min_size=params.min_copy_words, groups=articles,
                                   max_checks=params.max_checks)  # fmt: skip
        pairs = ((i, j) for i, found in enumerate(partners) for j in found)
        for members in connected_groups(range(len(sentences)), pairs):
            if _across_articles(sentences, members):
                yield _citations(sentences, members)
