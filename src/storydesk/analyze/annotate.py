"""Sentence segmentation and named entities for many articles, on all cores.

`analyze_articles` is the stage function: Articles in, for each one an Analysis or
a `StageFailure` out, in the same order. Work is split into chunks of whole
paragraphs (so a long article neither blows spaCy's memory nor stalls one worker)
and, for more than a handful of articles, spread over an engine's workers (a local
process pool, or a Dask cluster; see `storydesk.engine`), each loading the model
once. A task carries its chunks' texts; workers send back only offsets, never spaCy
Docs, which keeps the traffic small.

One article never costs the others their analysis: an article over its budget
(`analyze.budget.AnalysisBudget`) is turned down before spaCy sees it, an error is
caught around each group of chunks inside the worker (and the group redone chunk by
chunk, so only the bad chunk's article fails), and spaCy is shown the text with its
tokenizer traps disarmed (`analyze.defuse`).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storydesk.analyze.budget import (
    DEFAULT_ANALYSIS_BUDGET,
    AnalysisBudget,
    failure_reason,
    over_budget,
)
from storydesk.analyze.defuse import defuse
from storydesk.analyze.nlp import analyzer_name, load_nlp
from storydesk.engine import Engine, LocalEngine, default_processes  # noqa: F401 (re-exported)
from storydesk.model import Analysis, Article, Mention, Sentence, StageFailure

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy's memory grows with the length of a Doc; paragraphs are grouped into chunks
# no longer than this, and a single longer paragraph is cut at a space.
MAX_CHUNK_CHARS = 20_000
# Below this many articles a process pool costs more (start-up, model load) than it saves.
MIN_ARTICLES_FOR_POOL = 24
# Chunks handed to spaCy at once (its own batch size): also the unit of time accounting.
PIPE_BATCH = 32
# Entity types worth keeping: the ones later stages reason about. Cardinal numbers,
# ordinals, percentages and so on are handled by the claim extractors instead.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "TIME", "PRODUCT", "LAW"}
)

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"\n")

# (article index, offset of the chunk in the text, chunk text as spaCy is shown it)
Chunk = tuple[int, int, str]


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


@dataclass(slots=True)
class ChunkResult:
    """What spaCy found in one chunk, as offsets into the article's text."""

    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    tokens: int = 0
    seconds: float = 0.0  # this chunk's share of the wall-clock time of its spaCy batch
    error: str | None = None  # why the chunk could not be analysed


def _offsets(chunk: Chunk, doc: Any, seconds: float) -> ChunkResult:
    _, base, chunk_text = chunk
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
    return ChunkResult(sentences, entities, len(doc), seconds)


def _run_group(nlp: Language, group: Sequence[Chunk]) -> list[ChunkResult]:
    """spaCy over one batch of chunks; when it raises, chunk by chunk, so that the
    error is pinned on the chunk (and so the article) that caused it."""
    started = time.perf_counter()
    try:
        docs = list(nlp.pipe((text for _, _, text in group), batch_size=PIPE_BATCH))
        elapsed = time.perf_counter() - started
        total = sum(len(text) for _, _, text in group) or 1
        return [
            _offsets(chunk, doc, elapsed * len(chunk[2]) / total)
            for chunk, doc in zip(group, docs, strict=True)
        ]
    except Exception as error:
        if len(group) == 1:
            return [ChunkResult(seconds=time.perf_counter() - started, error=failure_reason(error))]
        return [result for chunk in group for result in _run_group(nlp, [chunk])]


def _analyze_chunks(chunks: Sequence[Chunk], max_seconds: float) -> list[ChunkResult]:
    """Run the pipeline over chunks (in this process), one result per chunk.

    An article whose chunks have already taken more than `max_seconds` here gets no
    more of spaCy's time: its remaining chunks come back as over the budget."""
    nlp = load_nlp()
    results: list[ChunkResult] = []
    spent: dict[int, float] = defaultdict(float)
    for first in range(0, len(chunks), PIPE_BATCH):
        group = list(chunks[first : first + PIPE_BATCH])
        live = [c for c in group if spent[c[0]] <= max_seconds]
        done = iter(_run_group(nlp, live))
        for chunk in group:
            if spent[chunk[0]] > max_seconds:
                late = over_budget("analysis", round(spent[chunk[0]], 1), "seconds", max_seconds)
                results.append(ChunkResult(error=late))
                continue
            result = next(done)
            spent[chunk[0]] += result.seconds
            results.append(result)
    return results


def _worker(task: tuple[Sequence[Chunk], float]) -> list[ChunkResult]:
    chunks, max_seconds = task
    return _analyze_chunks(chunks, max_seconds)


def _batches(chunks: list[Chunk], size: int) -> Iterator[list[Chunk]]:
    for i in range(0, len(chunks), size):
        yield chunks[i : i + size]


def analyze_articles(
    articles: Iterable[Article],
    *,
    processes: int | None = None,
    engine: Engine | None = None,
    batch_articles: int = 256,
    budget: AnalysisBudget = DEFAULT_ANALYSIS_BUDGET,
) -> Iterator[Analysis | StageFailure]:
    """For each article, in input order, its sentences and entity mentions (an
    Analysis), or a `StageFailure(article_id, "analyse", reason)` when the article is
    over `budget` or its analysis raised.

    Articles are consumed `batch_articles` at a time, so memory stays bounded on a
    stream of any length. The work runs on `engine` when given, else on a local pool
    of `processes` (default: one per core).
    """
    engine = engine if engine is not None else LocalEngine(processes)
    name = analyzer_name()
    batch: list[Article] = []
    try:
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_articles:
                yield from _analyze_batch(batch, name, engine, budget)
                batch = []
        if batch:
            yield from _analyze_batch(batch, name, engine, budget)
    finally:
        engine.release()


def _chunks_of(text: str, budget: AnalysisBudget) -> tuple[list[tuple[int, str]], str | None]:
    """The chunks spaCy is to see of `text`, or the reason it is over the budget.

    The character limit is checked first: it is free, and it spares the other checks
    (and `defuse`) a text of many megabytes."""
    if len(text) > budget.max_chars:
        return [], over_budget("analysis", len(text), "characters", budget.max_chars)
    view = defuse(text)
    reason = budget.precheck(view)
    return ([], reason) if reason else (split_into_chunks(view), None)


def _analyze_batch(
    batch: list[Article], name: str, engine: Engine, budget: AnalysisBudget
) -> Iterator[Analysis | StageFailure]:
    refused: dict[int, str] = {}
    chunks: list[Chunk] = []
    for index, article in enumerate(batch):
        try:
            pieces, reason = _chunks_of(article.text, budget)
        except Exception as error:
            pieces, reason = [], failure_reason(error)
        if reason:
            refused[index] = reason
        chunks.extend((index, offset, text) for offset, text in pieces)
    results: list[ChunkResult] = []
    if chunks:
        # A local engine runs a small batch here (workers would cost more), as one
        # task, so that an article's time budget counts all of its chunks. On
        # workers, several small tasks per worker keep every worker busy to the end
        # of the batch.
        small = len(batch) < MIN_ARTICLES_FOR_POOL
        parts = engine.workers * 4 if engine.parallel(small) else 1
        size = max(1, len(chunks) // parts)
        tasks = ((part, budget.max_seconds) for part in _batches(chunks, size))
        results = [r for part in engine.map(_worker, tasks, small=small) for r in part]
    by_article: list[list[ChunkResult]] = [[] for _ in batch]
    for (index, _, _), result in zip(chunks, results, strict=True):
        by_article[index].append(result)
    for index, article in enumerate(batch):
        if index in refused:
            yield StageFailure(article.id, "analyse", refused[index])
            continue
        try:
            yield _assemble(article, by_article[index], name, budget)
        except Exception as error:
            yield StageFailure(article.id, "analyse", failure_reason(error))


def _assemble(
    article: Article, results: list[ChunkResult], name: str, budget: AnalysisBudget
) -> Analysis | StageFailure:
    """One article's Analysis from its chunks' results, or why there is none."""
    error = next((r.error for r in results if r.error), None)
    if error:
        return StageFailure(article.id, "analyse", error)
    sentences = [Sentence(s, e) for r in results for s, e in r.sentences]
    tokens = sum(r.tokens for r in results)
    seconds = sum(r.seconds for r in results)
    reason = budget.postcheck(len(sentences), tokens, seconds)
    if reason:
        return StageFailure(article.id, "analyse", reason)
    text = article.text
    mentions = tuple(Mention(s, e, text[s:e], label) for r in results for s, e, label in r.entities)
    return Analysis(article.id, tuple(sentences), mentions, name)
