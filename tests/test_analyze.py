from __future__ import annotations

from storydesk.analyze.annotate import analyze_articles, split_into_chunks
from storydesk.model import Article, Provenance


def _article(text: str) -> Article:
    return Article.build(text, Provenance("mem", "text"))


def test_sentences_and_entities_have_true_offsets() -> None:
    text = (
        "Flood hits Marrowvale\n"
        "Mayor Tomas Brandt said the Holloway Dam failed on Wednesday. "
        "The Eastland Regional Emergency Service counted 23 dead."
    )
    [analysis] = list(analyze_articles([_article(text)], processes=1))
    sentences = [text[s.start : s.end] for s in analysis.sentences]
    assert sentences[0] == "Flood hits Marrowvale"  # a headline line is its own sentence
    assert all("\n" not in s for s in sentences)
    assert len(sentences) == 3
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text
    people = {m.text for m in analysis.mentions if m.label == "PERSON"}
    assert "Tomas Brandt" in people


def test_long_text_is_chunked_with_correct_offsets() -> None:
    paragraph = "Ana Ruiz reported from Marrowvale on Thursday. The river rose again.\n\n"
    text = paragraph * 800  # ~56 KB, several chunks
    chunks = split_into_chunks(text, limit=5_000)
    assert len(chunks) > 5
    assert "".join(c for _, c in chunks) == text
    [analysis] = list(analyze_articles([_article(text)], processes=1))
    assert len(analysis.sentences) == 1600
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text


def test_a_50_kb_sentence_without_breaks() -> None:
    text = "word " * 10_000 + "end."
    [analysis] = list(analyze_articles([_article(text)], processes=1))
    assert analysis.sentences and analysis.sentences[-1].end <= len(text)


def test_pool_gives_the_same_result_as_one_process() -> None:
    articles = [
        _article(f"Report {i}: Mayor Tomas Brandt visited Kirkbrae on Friday with {i} volunteers.")
        for i in range(30)
    ]
    single = list(analyze_articles(articles, processes=1))
    pooled = list(analyze_articles(articles, processes=2))
    assert [a.article_id for a in pooled] == [a.id for a in articles]
    assert pooled == single


def test_empty_input() -> None:
    assert list(analyze_articles([], processes=2)) == []
