"""How an article's outlet is named wherever a user sees it.

Every page and the terminal say the same thing: the outlet's name, a mark when it
is a guess ("ABP Live*": a page template or a dateline suggested it, the article does
not say it), "outlet unknown" when nothing names one, and the outlets and agencies
an article credits as credits ("credits The Hill"), never as its name.
"""

from __future__ import annotations

import re

from storydesk.model import ArticleSummary, Basis, MetadataBasis, StoryListing, StoryReport

UNKNOWN_OUTLET = "outlet unknown"
INFERRED_MARK = "*"
INFERRED_LEGEND = (
    f"{INFERRED_MARK} inferred (from a page template, a dateline, a date found on the page "
    "or a crawl date), not stated by the article"
)


def listed_outlets(listing: StoryListing) -> list[str]:
    """A story list's outlets, those only ever inferred marked: "ABP Live*"."""
    inferred = set(listing.inferred_outlets)
    return [name + (INFERRED_MARK if name in inferred else "") for name in listing.outlets]


def is_inferred(basis: Basis | None) -> bool:
    return basis is not None and basis.inferred


def outlet_name(outlet: str | None, basis: MetadataBasis | None = None) -> str:
    """ "CNN", "ABP Live*" (inferred), "outlet unknown"."""
    if not outlet:
        return UNKNOWN_OUTLET
    return outlet + (INFERRED_MARK if basis and is_inferred(basis.outlet) else "")


def with_basis(value: str | None, basis: Basis | None, missing: str) -> str:
    """A value and where it came from: "ABP Live (inferred from a page template with
    an “Also read-” cross-link)"; `missing` when there is no value."""
    if not value:
        return missing
    return f"{value} ({basis.describe()})" if basis is not None else value


def article_names(story: StoryReport) -> dict[str, str]:
    """The outlet of each of the story's articles as citations name it."""
    return {a.id: outlet_name(a.outlet, a.basis) for a in story.articles}


def date_mark(basis: MetadataBasis) -> str:
    """ "*" after a publication date that is a guess (a crawl date, a date found on
    the page), else nothing."""
    return INFERRED_MARK if is_inferred(basis.published) else ""


def any_inferred(story: StoryReport) -> bool:
    """Whether some article's outlet or date is marked inferred (then show the legend)."""
    return any(
        (a.outlet and is_inferred(a.basis.outlet)) or (a.published and date_mark(a.basis))
        for a in story.articles
    )


def member_note(article: ArticleSummary) -> str:
    """ "The Hill", "outlet unknown; credits The Hill, Associated Press"."""
    name = outlet_name(article.outlet, article.basis)
    return f"{name}; credits {', '.join(article.credits)}" if article.credits else name


_FULL_ID = re.compile(r"\b[0-9a-f]{16}\b")


def name_ids(text: str, names: dict[str, str]) -> str:
    """A stored explanation with each full article id of the story said as a reader
    knows it: "f39caec6 (outlet unknown)", "4f61a1b0 (The Hill)" (the 8 characters
    `storydesk show` takes, and the outlet)."""
    return _FULL_ID.sub(
        lambda m: f"{m.group()[:8]} ({names[m.group()]})" if m.group() in names else m.group(),
        text,
    )
