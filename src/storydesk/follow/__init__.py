"""Following sources over HTTP: feeds, news sitemaps and article pages (`storydesk follow`).

    Cadence.around(interval)               how often a source is polled, and how far
                                           that adapts (schedule.py)
    FetchSession(policy, processes=...)    one Fetcher for the session; pages fetched
                                           and extracted at once (fetching.py)
    poll_once(store, session, ...)         one poll of the due sources (poll.py)
    follow(store, session, ...)            poll after poll (loop.py)
    guess_kind(url)                        feed, sitemap or page, from the URL (kinds.py)

The sources and what was fetched for them live in the store (`Store.add_source`,
`list_sources`, `fetched_pages`); the network is `ingest.http`; the articles go
through `pipeline.process`, as `storydesk watch`'s do.
"""

from storydesk.follow.fetching import FetchSession
from storydesk.follow.kinds import guess_kind
from storydesk.follow.loop import follow, poll_lines
from storydesk.follow.poll import PollReport, poll_once
from storydesk.follow.schedule import Cadence

__all__ = [
    "Cadence",
    "FetchSession",
    "PollReport",
    "follow",
    "guess_kind",
    "poll_lines",
    "poll_once",
]
