"""`storydesk check`: is the store sound, and what did the stages give up on?

Read-only: SQLite's own integrity and foreign-key checks, then the invariants between
tables that SQLite cannot enforce (a story's size and its members, rows that point at
stories that are gone, an article both placed and unassigned), the schema version,
the recorded stage failures with their reasons, and the articles kept out of stories
as not news (wire budgets, advisories) with theirs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from storydesk.model import NotNews, RecordedFailure
from storydesk.store.schema import SCHEMA_VERSION
from storydesk.store.store import Store

MAX_PROBLEMS = 20  # integrity_check lines shown; the rest is counted

# Each: what is wrong, and the query counting the rows where it is.
_ORPHAN_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "story members whose story is gone",
        """SELECT COUNT(*) FROM story_articles s
           WHERE NOT EXISTS (SELECT 1 FROM stories t WHERE t.id = s.story_id)""",
    ),
    (
        "stories whose size differs from their members",
        """SELECT COUNT(*) FROM stories t
           WHERE t.size != (SELECT COUNT(*) FROM story_articles s WHERE s.story_id = t.id)""",
    ),
    (
        "stories whose count or outlets of current articles are wrong",
        # (the same outlets joined in another order have the same length)
        """SELECT COUNT(*) FROM stories t LEFT JOIN story_counts c ON c.story_id = t.id
           WHERE t.listed != COALESCE(c.listed, 0)
              OR COALESCE(length(t.outlets), 0) != COALESCE(length(c.outlets), 0)
              OR COALESCE(length(t.stated_outlets), 0) != COALESCE(length(c.stated_outlets), 0)""",
    ),
    (
        "derivation links of stories that are gone",
        """SELECT COUNT(*) FROM links k
           WHERE NOT EXISTS (SELECT 1 FROM stories t WHERE t.id = k.story_id)""",
    ),
    (
        "story results of stories that are gone",
        """SELECT COUNT(*) FROM story_results r
           WHERE NOT EXISTS (SELECT 1 FROM stories t WHERE t.id = r.story_id)""",
    ),
    (
        "aliases pointing at no story",
        """SELECT COUNT(*) FROM story_aliases a
           WHERE NOT EXISTS (SELECT 1 FROM stories t WHERE t.id = a.story_id)""",
    ),
    (
        "articles both in a story and unassigned",
        """SELECT COUNT(*) FROM unassigned u
           WHERE EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = u.article_id)""",
    ),
    (
        "articles both in a story and not news",
        """SELECT COUNT(*) FROM not_news n
           WHERE EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = n.article_id)""",
    ),
    (
        "article versions pointing at a missing article",
        """SELECT COUNT(*) FROM articles a WHERE a.superseded_by IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.id = a.superseded_by)""",
    ),
    (
        "fetched pages of sources no longer followed",
        """SELECT COUNT(*) FROM fetched_pages p
           WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.url = p.source_url)""",
    ),
)


@dataclass
class CheckReport:
    path: str
    schema_version: int
    integrity: list[str]  # ["ok"] when sound
    foreign_key_problems: int
    orphans: dict[str, int]
    counts: dict[str, int]
    failures: list[RecordedFailure] = field(default_factory=list)
    failure_total: int = 0
    # (article id, title, verdict) of articles kept out of stories as not news.
    not_news: list[tuple[str, str, NotNews]] = field(default_factory=list)
    not_news_total: int = 0

    @property
    def sound(self) -> bool:
        """No corruption and no broken invariant (stage failures are not unsoundness:
        they are recorded, explained and retried when the code changes)."""
        return (
            self.integrity == ["ok"]
            and self.foreign_key_problems == 0
            and not any(self.orphans.values())
            and self.schema_version == SCHEMA_VERSION
        )


def check_store(store: Store, *, show_failures: int = 50) -> CheckReport:
    db = store.db
    try:
        integrity = [str(r[0]) for r in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:  # too damaged for SQLite to walk
        integrity = [f"cannot be checked: {error}"]
    if integrity != ["ok"]:
        # The other checks read the damaged tables and would only fail again.
        return CheckReport(str(store.path), _schema_version(store), integrity[:MAX_PROBLEMS],
                           0, {}, {})
    foreign = len(db.execute("PRAGMA foreign_key_check").fetchall())
    orphans = {what: int(db.execute(query).fetchone()[0]) for what, query in _ORPHAN_QUERIES}
    counts = {
        "articles": store.count_articles(),
        "article versions": store.count_articles(current_only=False),
        "analysed": _count(store, "SELECT COUNT(*) FROM analyses"),
        "with claims": _count(store, "SELECT COUNT(*) FROM claims"),
        "stories": _count(store, "SELECT COUNT(*) FROM stories"),
        "in a story": _count(store, "SELECT COUNT(*) FROM story_articles"),
        "unassigned": _count(store, "SELECT COUNT(*) FROM unassigned"),
        "not news": store.count_not_news(),
        "runs": _count(store, "SELECT COUNT(*) FROM runs"),
        "sources followed": _count(store, "SELECT COUNT(*) FROM sources"),
        "pages fetched": store.count_fetched_pages(),
    }
    return CheckReport(
        path=str(store.path),
        schema_version=_schema_version(store),
        integrity=integrity[:MAX_PROBLEMS],
        foreign_key_problems=foreign,
        orphans=orphans,
        counts=counts,
        failures=store.list_failures(limit=show_failures),
        failure_total=store.count_failures(),
        not_news=[
            (a.id, a.display_title, v) for a, v in store.list_not_news(limit=show_failures)
        ],
        not_news_total=store.count_not_news(),
    )


def _schema_version(store: Store) -> int:
    try:
        return int(store.db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError:
        return -1


def _count(store: Store, query: str) -> int:
    return int(store.db.execute(query).fetchone()[0])


def render_check(report: CheckReport) -> list[str]:
    """The lines `storydesk check` prints."""
    lines = [f"store: {report.path}"]
    current = report.schema_version == SCHEMA_VERSION
    lines.append(
        f"schema: v{report.schema_version}"
        + ("" if current else f" (this storydesk: v{SCHEMA_VERSION})")
    )
    lines.append("integrity: " + ("ok" if report.integrity == ["ok"] else "CORRUPT"))
    lines.extend(f"  {line}" for line in report.integrity if line != "ok")
    if report.integrity != ["ok"]:
        lines.append("the rest is not checked: restore a backup, or re-add the articles "
                     "into a new store")
        lines.append("verdict: NOT SOUND")
        return lines
    lines.append(
        "foreign keys: "
        + ("ok" if not report.foreign_key_problems else f"{report.foreign_key_problems} broken")
    )
    broken = {what: n for what, n in report.orphans.items() if n}
    lines.append("consistency: " + ("ok" if not broken else "PROBLEMS"))
    lines.extend(f"  {n} {what}" for what, n in broken.items())
    if report.counts:
        lines.append("contents: " + ", ".join(f"{n} {what}" for what, n in report.counts.items()))
    lines.append(f"stage failures: {report.failure_total}")
    for failure in report.failures:
        where = f" ({failure.source})" if failure.source else ""
        when = failure.failed_at.isoformat()
        lines.append(
            f"  {failure.stage:<8} {failure.item_id}{where}: {failure.reason} "
            f"[{failure.version}, {when}]"
        )
    if report.failure_total > len(report.failures):
        lines.append(f"  ... {report.failure_total - len(report.failures)} more")
    lines.append(f"not news (kept out of stories): {report.not_news_total}")
    for article_id, title, verdict in report.not_news:
        lines.append(f"  {article_id} {title[:60]!r}: {verdict.reason}")
    if report.not_news_total > len(report.not_news):
        lines.append(f"  ... {report.not_news_total - len(report.not_news)} more "
                     "(storydesk articles --not-news)")
    lines.append("verdict: " + ("sound" if report.sound else "NOT SOUND"))
    return lines
