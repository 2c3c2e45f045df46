"""Not-news benchmark (issue 14): precision and recall of the classifier that keeps
wire budgets, advisories, sales notices and stubs out of stories, on DUC 2006.

    STORYDESK_DATA=../shared/data .venv/bin/python bench/bench_not_news.py

Gold: bench/gold/not_news_duc2006.json, 75 DUC 2006 articles labelled by hand (ids,
labels and the annotator's note only): every not-news article found among the 1,250
(19) and 56 news articles, most of them the hardest of the same search (contact
trailers, purchase notes, "budget" and "advisory" as news words). Articles are read by
storydesk's JSONL reader from duc2006/clusters.jsonl, as `storydesk add` reads them.

No tuning to the test: the labelled items are split in two halves by a hash of their
docno. The thresholds (`MIN_NOTICE_SHARE`, `MIN_NOTICE_UNITS`) are swept on the tuning
half only, scored by F0.5 (precision weighs twice: a real article kept out of its
story costs more than an advisory let in); the table reports the code's defaults on
both halves and says whether they lie on the tuning half's best plateau (on DUC the
whole grid ties there: see bench/TUNING.md). Targets are on the held-out half. The
baseline flags every article with a contact detail that keeps a sentence out of a
brief (a phone number, an e-mail address, a call to action): a keyword rule. Also
printed: how many of all DUC articles are flagged outside the labelled set (each would
be an unlabelled verdict), how many articles of the other news corpora are flagged
(collected as news: a flag there is almost surely wrong), and the titles that keep
wire layout codes after reading (&HT;) or are only markup.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import DATA, REPO, Table, require_data

from storydesk.analyze.contact import has_contact_details
from storydesk.analyze.not_news import MIN_NOTICE_SHARE, MIN_NOTICE_UNITS, judge_news
from storydesk.ingest.jsonl import article_from_row
from storydesk.model import Article, Provenance

GOLD = REPO / "bench" / "gold" / "not_news_duc2006.json"
SHARES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
UNITS = (2, 3, 4, 5)

Judge = Callable[[Article], bool]


def read_duc(path: Path) -> tuple[dict[str, Article], list[str]]:
    """Every DUC 2006 article by docno, and the raw headlines."""
    articles: dict[str, Article] = {}
    headlines = []
    with path.open() as lines:
        for line in lines:
            cluster = json.loads(line)
            for doc in cluster["docs"]:
                row = {"title": doc.get("headline"), "text": doc["text"], "date": doc["date"]}
                article = article_from_row(row, Provenance(str(path), "jsonl", doc["docno"]))
                if isinstance(article, Article):
                    articles.setdefault(doc["docno"], article)
                    headlines.append(doc.get("headline") or "")
    return articles, headlines


def other_corpora() -> Iterator[Article]:
    """The English articles of the other news corpora in the data (the seeds, SemEval
    2022 Task 8, PolNeAR, MStream headlines), where a verdict of not news is almost
    surely wrong: collected as news, none of them is a wire memo."""
    def build(key: str, text: str) -> Article:
        return Article.build(text, Provenance("other", "jsonl", key))

    for path in sorted((DATA / "seeds").glob("*.txt")):
        yield build(path.name, path.read_text())
    semeval = DATA / "semeval2022-task8" / "train.jsonl"
    seen: set[str] = set()
    for line in semeval.open() if semeval.exists() else ():
        row = json.loads(line)
        for side in ("1", "2"):
            text = row.get(f"text{side}") or ""
            if row.get(f"lang{side}") == "en" and text not in seen:
                seen.add(text)
                yield build(f"{row['pair_id']}/{side}", text)
    for name in ("polnear/dev.jsonl", "polnear/train.jsonl", "mstream/news.jsonl"):
        path = DATA / name
        for line in path.open() if path.exists() else ():
            row = json.loads(line)
            yield build(str(row["id"]), row["text"])


def half_of(docno: str) -> str:
    return "tune" if hashlib.sha1(docno.encode()).digest()[0] % 2 == 0 else "test"


def scores(items: Iterable[tuple[str, bool]], articles: dict[str, Article], judge: Judge
           ) -> tuple[float, float, int, int, int]:  # fmt: skip
    """Precision, recall, true positives, false positives, false negatives."""
    tp = fp = fn = 0
    for docno, truth in items:
        said = judge(articles[docno])
        tp += said and truth
        fp += said and not truth
        fn += truth and not said
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def f_half(precision: float, recall: float) -> float:
    beta2 = 0.25
    if not precision and not recall:
        return 0.0
    return (1 + beta2) * precision * recall / (beta2 * precision + recall)


def main() -> int:
    (clusters,) = require_data("duc2006/clusters.jsonl")
    articles, headlines = read_duc(clusters)
    gold = json.loads(GOLD.read_text())["items"]
    halves: dict[str, list[tuple[str, bool]]] = {"tune": [], "test": []}
    for item in gold:
        halves[half_of(item["docno"])].append((item["docno"], bool(item["not_news"])))
    for name, items in halves.items():
        print(f"{name} half: {len(items)} articles, {sum(t for _, t in items)} not news")

    # The sweep, on the tuning half only.
    sweep = []
    for share, units in itertools.product(SHARES, UNITS):
        def judge(a: Article, s: float = share, u: int = units) -> bool:
            return judge_news(a, min_notice_share=s, min_notice_units=u) is not None

        p, r, *_ = scores(halves["tune"], articles, judge)
        sweep.append((f_half(p, r), share, units, p, r))
    top = max(round(x[0], 6) for x in sweep)
    plateau = [(x[1], x[2]) for x in sweep if round(x[0], 6) == top]
    print(f"tuning half sweep: best F0.5 {top:.3f} at {len(plateau)} of {len(sweep)} settings "
          f"(share, units): {plateau}; code defaults: ({MIN_NOTICE_SHARE}, {MIN_NOTICE_UNITS})")
    chosen = (MIN_NOTICE_SHARE, MIN_NOTICE_UNITS) in plateau

    def ours(article: Article) -> bool:
        return judge_news(article) is not None

    def baseline(article: Article) -> bool:
        return has_contact_details(article.text)

    table = Table("Not news on DUC 2006 (hand-labelled articles; targets on the test half)")
    table.add("defaults on the tuning half's best plateau", "yes" if chosen else "NO")
    for name in ("tune", "test"):
        p, r, tp, fp, fn = scores(halves[name], articles, ours)
        bp, br, *_ = scores(halves[name], articles, baseline)
        target = name == "test"
        table.add(f"precision ({name} half)", p, bp, 0.95 if target else None)
        table.add(f"recall ({name} half)", r, br, 0.70 if target else None)
        table.add(f"false positives ({name} half)", fp, None, 0 if target else None, "<=")
        print(f"{name} half: {tp} caught, {fp} false, {fn} missed")
    labelled = {item["docno"] for item in gold}
    flagged = [d for d, a in articles.items() if ours(a)]
    table.add(f"flagged among all {len(articles):,} DUC articles", len(flagged))
    table.add("flagged outside the labelled set", len(set(flagged) - labelled), None, 0, "<=")
    others = flagged_others = 0
    for article in other_corpora():
        others += 1
        flagged_others += ours(article)
    table.add(f"flagged among {others:,} articles of the other news corpora", flagged_others)
    markup_only = sum(1 for h in headlines if h.strip() and not h.replace("&HT;", "").strip())
    left = sum(1 for a in articles.values() if a.title and "&HT;" in a.title)
    table.add("DUC headlines that are only layout codes (read as no title)", markup_only)
    table.add("titles keeping '&HT;' after reading", left, None, 0, "<=")
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
