"""Sentence segmentation and named entities for many articles, on all cores.

`analyze_articles` is the stage function: Articles in, Analyses out, in the same
order. Work is split into chunks of whole paragraphs (so a 5 MB article neither
blows spaCy's memory nor stalls one worker) and, for more than a handful of
articles, spread over a process pool whose workers each load the model once.
Workers send back only offsets, never spaCy Docs, which keeps inter-process
traffic small.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from storydesk.analyze.nlp import analyzer_name, load_nlp
from storydesk.model import Analysis, Article, Mention, Sentence

# spaCy's memory grows with the length of a Doc; paragraphs are grouped into chunks
# no longer than this, and a single longer paragraph is cut at a space.
MAX_CHUNK_CHARS = 20_000
# Below this many articles a process pool costs more (start-up, model load) than it saves.
MIN_ARTICLES_FOR_POOL = 24
# Entity types worth keeping: the ones later stages reason about. Cardinal numbers,
# ordinals, percentages and so on are handled by the claim extractors instead.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "TIME", "PRODUCT", "LAW"}
)

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"\n")

Chunk = tuple[int, int, str]  # (article index, offset of the chunk in the text, chunk text)
Offsets = tuple[list[tuple[int, int]], list[tuple[int, int, str]]]  # sentences, entities


def split_into_chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, chunk) pairs covering `text`, cut at paragraph breaks when possible."""
    if len(text) <= limit:
        return [(0, text)]
    chunks: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"))
            if cut <= limit // 4:  # no usable line break: cut at the last space
                cut = window.rfind(" ")
            if cut > 0:
                end = start + cut + 1
        chunks.append((start, text[start:end]))
        start = end
    return chunks


def _split_at_newlines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A sentence never crosses a line break: headlines and captions have no full stop,
    and the statistical segmenter would glue them to the next sentence."""
    piece_start = start
    for match in _LINE_BREAK.finditer(text, start, end):
        yield piece_start, match.start()
        piece_start = match.end()
    yield piece_start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _offsets_for_chunks(chunks: Sequence[Chunk]) -> list[Offsets]:
    """Run the pipeline over chunks (in this process) and keep only offsets."""
    nlp = load_nlp()
    results: list[Offsets] = []
    texts = (chunk_text for _, _, chunk_text in chunks)
    for (_, base, chunk_text), doc in zip(chunks, nlp.pipe(texts, batch_size=32), strict=True):
        sentences: list[tuple[int, int]] = []
        for sent in doc.sents:
            for start, end in _split_at_newlines(chunk_text, sent.start_char, sent.end_char):
                trimmed = _trim(chunk_text, start, end)
                if trimmed:
                    sentences.append((trimmed[0] + base, trimmed[1] + base))
        entities = [
            (ent.start_char + base, ent.end_char + base, ent.label_)
            for ent in doc.ents
            if ent.label_ in ENTITY_LABELS and "\n" not in ent.text
        ]
        results.append((sentences, entities))
    return results


def _worker(chunks: Sequence[Chunk]) -> list[Offsets]:
    return _offsets_for_chunks(chunks)


def _batches(chunks: list[Chunk], size: int) -> Iterator[list[Chunk]]:
    for i in range(0, len(chunks), size):
        yield chunks[i : i + size]


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def analyze_articles(
    articles: Iterable[Article],
    *,
    processes: int | None = None,
    batch_articles: int = 256,
) -> Iterator[Analysis]:
    """Sentences and entity mentions for each article, yielded in input order.

    Articles are consumed `batch_articles` at a time, so memory stays bounded on a
    stream of any length.
    """
    processes = default_processes() if processes is None else max(1, processes)
    name = analyzer_name()
    batch: list[Article] = []
    pool: Any = None
    try:
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_articles:
                if pool is None and processes > 1:
                    pool = _make_pool(processes)
                yield from _analyze_batch(batch, name, pool, processes)
                batch = []
        if batch:
            use_pool = processes > 1 and (pool is not None or len(batch) >= MIN_ARTICLES_FOR_POOL)
            if use_pool and pool is None:
                pool = _make_pool(processes)
            yield from _analyze_batch(batch, name, pool if use_pool else None, processes)
    finally:
        if pool is not None:
            pool.close()
            pool.join()


def _make_pool(processes: int) -> Any:
    # fork shares the already-imported libraries copy-on-write; workers load the model
    # on their first task.
    context = multiprocessing.get_context("fork")
    return context.Pool(processes)


def _analyze_batch(
    batch: list[Article], name: str, pool: Any, processes: int
) -> Iterator[Analysis]:
    chunks: list[Chunk] = []
    for index, article in enumerate(batch):
        chunks.extend((index, offset, text) for offset, text in split_into_chunks(article.text))
    if pool is None:
        offsets = _offsets_for_chunks(chunks)
    else:
        # Several small tasks per worker keep both cores busy to the end of the batch.
        size = max(1, len(chunks) // (processes * 4))
        offsets = [o for part in pool.imap(_worker, _batches(chunks, size)) for o in part]
    sentences: list[list[Sentence]] = [[] for _ in batch]
    mentions: list[list[Mention]] = [[] for _ in batch]
    for (index, _, _), (sents, ents) in zip(chunks, offsets, strict=True):
        text = batch[index].text
        sentences[index].extend(Sentence(s, e) for s, e in sents)
        mentions[index].extend(Mention(s, e, text[s:e], label) for s, e, label in ents)
    for index, article in enumerate(batch):
        yield Analysis(article.id, tuple(sentences[index]), tuple(mentions[index]), name)
