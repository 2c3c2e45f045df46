"""The team's fictional speaker cases (tests/fixtures/speakers/cases.json), scored.

Each story's articles go through the pipeline's own steps: spaCy analysis,
`extract_claims` (quotes and their speakers), the story's canonical entities, and the
story-level speaker names of `reconcile.speakers`. A case is right when the speaker
the story gives its quotation equals the expected one (None: "speaker unknown").
Used by tests/test_speaker_cases.py and bench/bench_speakers.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.model import Article, Provenance
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.speakers import SpeakerNames

CASES = Path(__file__).resolve().parent / "fixtures" / "speakers" / "cases.json"
NOT_FOUND = "(no such quotation found)"


@dataclass(frozen=True)
class CaseResult:
    story: str
    quote: str
    expected: str | None
    found: str | None

    @property
    def right(self) -> bool:
        return self.found == self.expected


def _norm(name: str | None) -> str | None:
    return name.replace("’", "'") if name else None


def score_cases(path: Path = CASES, processes: int = 1) -> list[CaseResult]:
    stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    articles = [
        Article(id=f"{story['id']}-{i}", text=text, provenance=Provenance(story["id"], "text"))
        for story in stories
        for i, text in enumerate(story["articles"])
    ]
    analyses = dict(zip((a.id for a in articles),
                        analyze_articles(articles, processes=processes), strict=True))  # fmt: skip
    results = []
    for story in stories:
        own = [a for a in articles if a.id.startswith(f"{story['id']}-")]
        items = [(a, analyses[a.id], extract_claims(a, analyses[a.id])) for a in own]
        names = SpeakerNames(canonical_entities(items))
        for case in story["cases"]:
            quotes = items[case["article"]][2].quotes
            quote = next((q for q in quotes if case["quote"] in q.text), None)
            if quote is None:
                found: str | None = NOT_FOUND
            else:
                found = names.canonical(quote.speaker) if quote.speaker else None
            results.append(CaseResult(story["id"], case["quote"], _norm(case["speaker"]),
                                      _norm(found)))  # fmt: skip
    return results
