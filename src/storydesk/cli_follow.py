"""`storydesk follow` and `storydesk sources`: following feeds, news sitemaps and
article pages over HTTP, and the sources' health."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from storydesk.engine import Engine
from storydesk.follow import Cadence, FetchSession, follow, guess_kind
from storydesk.follow.loop import describe_wait
from storydesk.ingest.http import DEFAULT_USER_AGENT, FetchPolicy
from storydesk.ingest.limits import MB, Limits
from storydesk.model import Article, ReadFailure
from storydesk.model.source import FOLLOW_KINDS, Source
from storydesk.pipeline import RunSummary, no_progress, process, tqdm_progress
from storydesk.store.store import Store

DEFAULT_INTERVAL = 600.0  # seconds: a news feed checked every 10 minutes at first

OpenStore = Callable[[argparse.Namespace, bool], Store]
OpenEngine = Callable[[argparse.Namespace], AbstractContextManager[Engine]]
InputOptions = Callable[..., argparse.ArgumentParser]


def url_problem(url: str) -> str | None:
    """Why `url` cannot be followed (None when it can)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "only http:// and https:// URLs can be followed"
    if not parts.hostname:
        return "the URL has no host"
    return None


def _check_urls(urls: list[str]) -> bool:
    bad = [(url, problem) for url in urls if (problem := url_problem(url))]
    for url, problem in bad:
        print(f"storydesk: cannot follow {url!r}: {problem}", file=sys.stderr)
    return not bad


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def source_lines(sources: list[Source], now: float) -> list[str]:
    """What `storydesk sources list` prints: one line per source, and its last error."""
    if not sources:
        return ["no sources followed (storydesk sources add URL, or storydesk follow URL)"]
    lines = []
    for source in sources:
        due = source.next_poll - now
        status = "-" if source.last_fetch is None else str(source.last_status or "no answer")
        health = "ok" if not source.consecutive_errors else f"{source.consecutive_errors} errors"
        lines.append(
            f"{source.url}  [{source.kind}{', ' + source.label if source.label else ''}]  "
            f"last fetch {_when(source.last_fetch)}, status {status}, "
            f"next poll {'due now' if due <= 0 else 'in ' + describe_wait(due)} "
            f"(every {describe_wait(source.interval)}), {health}, {source.items_seen} items"
        )
        if source.last_error:
            lines.append(f"    last error: {source.last_error}")
    return lines


def cmd_sources(args: argparse.Namespace, open_store: OpenStore) -> int:
    if args.action == "list":
        with open_store(args, False) as store:
            for line in source_lines(store.list_sources(), time.time()):
                print(line)
        return 0
    if args.action == "add":
        if not _check_urls([args.url]):
            return 2
        with open_store(args, True) as store:
            kind = args.kind or guess_kind(args.url)
            added = store.add_source(args.url, kind, interval=args.interval, label=args.label)
        print(f"{'following' if added else 'already following'} {args.url}"
              + (f" ({kind})" if added else ""))  # fmt: skip
        return 0
    with open_store(args, True) as store:
        removed = store.remove_source(args.url)
    if not removed:
        print(f"storydesk: {args.url} is not followed", file=sys.stderr)
        return 2
    print(f"stopped following {args.url} (its articles stay in the store)")
    return 0


def _policy(args: argparse.Namespace) -> FetchPolicy:
    return FetchPolicy(
        user_agent=args.user_agent or DEFAULT_USER_AGENT,
        per_host_rate=args.per_host_rate,
        per_host_concurrency=args.per_host_concurrency,
        allow_private=args.allow_private,
    )


def cmd_follow(args: argparse.Namespace, open_store: OpenStore, open_engine: OpenEngine) -> int:
    if not _check_urls(args.urls):
        return 2
    limits = Limits(max_article_bytes=int(args.max_mb * MB))
    progress = no_progress if args.quiet else tqdm_progress
    with open_engine(args) as engine, open_store(args, True) as store:
        for url in args.urls:
            if not store.add_source(url, args.kind or guess_kind(url), interval=args.interval):
                # Named again on the command line: the user wants it now, even when
                # its schedule (or a back-off after errors) says later.
                store.make_source_due(url)
        count = len(store.list_sources())
        if not count:
            print("storydesk: no sources to follow: give URLs, or add some with "
                  "`storydesk sources add URL`", file=sys.stderr)  # fmt: skip
            return 2

        def handle(items: list[Article | ReadFailure]) -> RunSummary:
            return process(
                store, [], command="follow", articles=items, limits=limits, engine=engine,
                brief_words=args.brief_words, progress=progress,
            )  # fmt: skip

        print(f"storydesk: following {count} sources into {store.path} (Ctrl-C stops)",
              flush=True)  # fmt: skip
        with FetchSession(_policy(args), processes=args.processes, limits=limits) as session:
            follow(
                store, session, cadence=Cadence.around(args.interval), handle=handle,
                polls=args.polls, limits=limits, progress=progress,
                report=lambda line: print(line, flush=True),
            )  # fmt: skip
    return 0


def add_follow_parsers(
    commands: Any, input_options: InputOptions, open_store: OpenStore, open_engine: OpenEngine
) -> None:
    """The `follow` and `sources` subcommands, on the main parser's `commands`."""
    follow_parser = input_options(
        commands.add_parser(
            "follow",
            help="follow feeds, news sitemaps and article pages over HTTP: fetch what is "
            "new, poll after poll, and add it to the stories",
        ),
        one_run=False,
    )
    follow_parser.add_argument(
        "urls", nargs="*", metavar="URL",
        help="sources to add (then every due source is followed, these and those added before)",
    )  # fmt: skip
    _kind_option(follow_parser)
    _interval_option(follow_parser)
    follow_parser.add_argument(
        "--polls", type=int, default=None, help="stop after this many polls (default: never)"
    )
    follow_parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    follow_parser.add_argument(
        "--allow-private", action="store_true",
        help="allow private, loopback and link-local addresses (refused by default: URLs in "
        "feeds are untrusted)",
    )  # fmt: skip
    follow_parser.add_argument(
        "--user-agent", default=None, metavar="UA", help=f"default: {DEFAULT_USER_AGENT}"
    )
    follow_parser.add_argument(
        "--per-host-rate", type=float, default=1.0, metavar="R",
        help="requests per second to one host, at most (default: 1)",
    )  # fmt: skip
    follow_parser.add_argument(
        "--per-host-concurrency", type=int, default=2, metavar="N",
        help="requests to one host at once, at most (default: 2)",
    )  # fmt: skip
    follow_parser.set_defaults(func=lambda args: cmd_follow(args, open_store, open_engine))

    sources = commands.add_parser("sources", help="the sources `storydesk follow` follows")
    actions = sources.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="follow a URL (a feed, a news sitemap or a page)")
    add.add_argument("url", metavar="URL")
    _kind_option(add)
    _interval_option(add)
    add.add_argument("--label", default=None, help="a name shown in the list")
    actions.add_parser(
        "list", help="each source's health: last fetch, status, next poll, errors, items"
    )
    remove = actions.add_parser("remove", help="stop following a URL")
    remove.add_argument("url", metavar="URL")
    sources.set_defaults(func=lambda args: cmd_sources(args, open_store))


def _kind_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind", choices=FOLLOW_KINDS, default=None,
        help="what the URL is (default: guessed from the URL, then from what it sends)",
    )  # fmt: skip


def _interval_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--interval", type=float, default=DEFAULT_INTERVAL, metavar="S",
        help="seconds between polls of a new source at first; it adapts between a quarter "
        "and 16 times this to how often the source changes (default: 600)",
    )  # fmt: skip


