"""The `storydesk` command line."""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from importlib import resources
from pathlib import Path

from storydesk import __version__
from storydesk.cli_follow import add_follow_parsers
from storydesk.cli_views import (
    print_article,
    print_articles,
    print_not_news,
    print_search,
    print_stories,
    print_story,
    print_story_results,
    print_summary,
)
from storydesk.engine import Engine, EngineUnavailable, open_engine
from storydesk.ingest.limits import MB, Limits
from storydesk.model import ArticleRecord, EntityCount, RunInfo, StoryReport
from storydesk.pipeline import RunSummary, no_progress, process, tqdm_progress
from storydesk.store.check import check_store, render_check
from storydesk.store.database import DB_FILE, default_db_path
from storydesk.store.errors import (
    EXIT_IO,
    EXIT_STORE_FULL,
    EXIT_STORE_UNREADABLE,
    StoreError,
    store_error,
)
from storydesk.store.store import AmbiguousId, Store
from storydesk.write.html_report import HtmlReport
from storydesk.write.json_report import EntityTally, report_head, write_json_stream

EXIT_ENGINE = 10  # --scheduler: the Dask cluster cannot be used (see store.errors for 3-9)


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(max_article_bytes=int(args.max_mb * MB))


def _store(
    args: argparse.Namespace, default: Path | None = None, *, writes: bool = False
) -> Store:
    """The store the command works on: read-only for commands that only read (they
    never create, migrate or change a store), read-write and created when missing for
    the commands that add articles."""
    path = Path(args.db or default or default_db_path())
    args.store_path = path  # for the error handler in main()
    if not writes:
        return Store(path, read_only=True)
    existed = path.exists()
    store = Store(path)
    if not existed:
        print(f"storydesk: made a new store at {path}", file=sys.stderr)
    return store


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Engine]:
    """Where the stages run: the Dask cluster of --scheduler (reached, with a worker,
    within --connect-timeout, or EngineUnavailable), else a local pool."""
    engine = open_engine(args.scheduler, args.processes, timeout=args.connect_timeout)
    with closing(engine):
        yield engine


def _run_pipeline(
    args: argparse.Namespace, engine: Engine, store: Store, paths: list[str], command: str
) -> RunSummary:
    progress = no_progress if args.quiet else tqdm_progress
    return process(
        store,
        paths,
        command=command,
        limits=_limits(args),
        engine=engine,
        brief_words=args.brief_words,
        progress=progress,
    )


def cmd_add(args: argparse.Namespace) -> int:
    # The engine first: a scheduler that cannot be reached leaves no new store behind.
    with _engine(args) as engine, _store(args, writes=True) as store:
        summary = _run_pipeline(args, engine, store, args.paths, "add")
        if not args.paths:  # an upgrade and catch-up: reading nothing is what was asked
            print_summary(summary, store.path, inputs_given=False)
            return 1 if args.strict and summary.stage_failures else 0
        print_summary(summary, store.path)
    return summary.exit_code(args.strict)


def write_reports(store: Store, summary: RunSummary, out: Path, title: str) -> tuple[Path, Path]:
    """report.json and report.html, written one article and one story at a time from
    the store (a big run's report never sits whole in memory)."""
    head = report_head(RunInfo(summary.counts(), tuple(summary.failures)))
    html = HtmlReport(title, head["storydesk"], head["generated_at"], head["run"])
    entities = EntityTally()

    def articles() -> Iterator[ArticleRecord]:
        for record in store.iter_article_records(store.publication_order(summary.article_ids)):
            entities.add(record)
            html.add_article(record)
            yield record

    def stories() -> Iterator[StoryReport]:
        for story in store.iter_story_reports_for(summary.article_ids):
            html.add_story(story)
            yield story

    def top_entities() -> tuple[EntityCount, ...]:
        html.entities = entities.top()
        return html.entities

    json_path = write_json_stream(
        out / "report.json", head=head, articles=articles(), entities=top_entities,
        stories=stories(),
    )  # fmt: skip
    html_path = out / "report.html"
    html_path.write_text(html.render(), "utf-8")
    return json_path, html_path


def _run_and_report(args: argparse.Namespace, paths: list[str], title: str) -> int:
    out = Path(args.out)
    with _engine(args) as engine, _store(args, default=out / DB_FILE, writes=True) as store:
        summary = _run_pipeline(args, engine, store, paths, "run")
        json_path, html_path = write_reports(store, summary, out, title)
        print_summary(summary, store.path)
    print(f"report: {json_path}\n        {html_path}")
    return summary.exit_code(args.strict)


def cmd_run(args: argparse.Namespace) -> int:
    return _run_and_report(args, args.paths, "storydesk report")


def demo_corpus() -> Path:
    return Path(str(resources.files("storydesk.demo") / "corpus"))


def cmd_demo(args: argparse.Namespace) -> int:
    corpus = demo_corpus()
    print(f"demo corpus: {corpus}")
    return _run_and_report(args, [str(corpus)], "storydesk demo: the Holloway Dam flood")


def cmd_articles(args: argparse.Namespace) -> int:
    with _store(args) as store:
        if args.not_news:
            print_not_news(store, limit=args.limit)
        else:
            print_articles(store, limit=args.limit)
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    with _store(args) as store:
        print_stories(store.list_stories(limit=args.limit))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _store(args) as store:
        story_id = store.resolve_story_id(args.id) if args.id[:1] == "S" else None
        if story_id is not None:
            report = store.story_report(story_id)
            if report is not None:
                print_story(report)
                print_story_results(report, show_all=args.all)
                return 0
        try:
            article_id = store.resolve_article_id(args.id)
        except AmbiguousId as error:
            print(f"storydesk: {error}", file=sys.stderr)
            return 2
        if article_id is None:
            print(f"storydesk: no article with id {args.id!r} in {store.path}", file=sys.stderr)
            return 2
        print_article(store, article_id)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.words)
    with _store(args) as store:
        found = store.search(query, limit=args.limit)
        for expansion in found.expansions:  # say so: the reader typed another spelling
            print(f"also searched: {' or '.join(expansion.variants)} for {expansion.word} "
                  "(spellings of one name in the stories)")  # fmt: skip
        print_search(found.stories, query)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from storydesk.watch import watch

    if not any(Path(p).exists() for p in args.paths):
        print("storydesk: none of the watched paths exists", file=sys.stderr)
        return 2
    with _engine(args) as engine, _store(args, writes=True) as store:
        print(f"storydesk: watching {', '.join(args.paths)} every {args.interval:g} s "
              f"into {store.path} (Ctrl-C stops)", flush=True)
        watch(
            store,
            args.paths,
            interval=args.interval,
            settle=args.settle,
            report=lambda line: print(line, flush=True),
            limits=_limits(args),
            engine=engine,
            brief_words=args.brief_words,
        )
    return 0


WRITE_TOKEN_ENV = "STORYDESK_WRITE_TOKEN"
_MIN_TOKEN_CHARS = 16


def _write_token(args: argparse.Namespace) -> str | None:
    """The token writes to the web API need: from --write-token-file, else from
    $STORYDESK_WRITE_TOKEN; None (a read-only server) when neither is given. Raises
    ValueError (one line) for a token that cannot be used."""
    if args.write_token_file is not None:
        path = Path(args.write_token_file)
        try:
            token = path.read_text("utf-8").strip()
            shared = bool(path.stat().st_mode & 0o077)
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"cannot read the write token file {path}: {error}") from None
        if shared:
            print(f"storydesk: warning: {path} can be read by other users", file=sys.stderr)
    else:
        token = os.environ.get(WRITE_TOKEN_ENV, "").strip()
        if not token:
            return None
    # A header value, and one not guessed: visible ASCII, no spaces, long enough.
    if len(token) < _MIN_TOKEN_CHARS or not all("!" <= ch <= "~" for ch in token):
        raise ValueError(
            f"the write token must be at least {_MIN_TOKEN_CHARS} visible ASCII characters "
            "without spaces (make one: python -c 'import secrets; print(secrets.token_urlsafe())')"
        )
    return token


def cmd_serve(args: argparse.Namespace) -> int:
    from storydesk.web.server import serve  # the server is not needed by other commands

    db_path = Path(args.db or default_db_path())
    args.store_path = db_path  # serve() opens it read-only first: errors are one line
    try:
        token = _write_token(args)
    except ValueError as error:
        print(f"storydesk: {error}", file=sys.stderr)
        return 2
    try:
        serve(db_path, args.host, args.port, write_token=token)
    except OSError as error:  # port taken, address not available
        print(f"storydesk: cannot serve on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _store(args) as store:
        report = check_store(store, show_failures=args.limit)
    for line in render_check(report):
        print(line)
    return 0 if report.sound else EXIT_STORE_UNREADABLE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storydesk",
        description="Group news into stories, find rewrites, corroborate facts, flag conflicts.",
    )
    parser.add_argument("--version", action="version", version=f"storydesk {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"the store (default: ${{STORYDESK_DB}} or {default_db_path()})",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_input_options(
        sub: argparse.ArgumentParser, one_run: bool = True
    ) -> argparse.ArgumentParser:
        if one_run:  # `watch` never ends by itself and shows no progress bars
            sub.add_argument(
                "--strict",
                action="store_true",
                help="exit non-zero if any input was skipped or failed",
            )
            sub.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
        sub.add_argument(
            "--max-mb",
            type=float,
            default=20.0,
            help="largest single article (file, page, line, record) read, in MB",
        )
        sub.add_argument(
            "--processes",
            type=int,
            default=None,
            help="processes for the analysis and the stories (default: one per core)",
        )
        sub.add_argument(
            "--scheduler",
            default=None,
            metavar="ADDRESS",
            help="run the analysis, embedding, claims and stories on the Dask cluster of this "
            "scheduler (e.g. tcp://host:8786) instead of local processes",
        )
        sub.add_argument(
            "--connect-timeout",
            type=float,
            default=10.0,
            metavar="SECONDS",
            help="with --scheduler: give up when the scheduler or a first worker is not "
            "there within this many seconds, or when the cluster has had no worker for "
            "this long during the run (default: 10)",
        )
        sub.add_argument(
            "--brief-words", type=int, default=150, help="length of each story's brief"
        )
        return sub

    add = with_input_options(
        commands.add_parser("add", help="read articles into the store (files, directories, globs)")
    )
    # No paths: upgrade the store's schema and bring every stage up to date (what the
    # "older than this storydesk" message asks for).
    add.add_argument("paths", nargs="*", metavar="PATH")
    add.set_defaults(func=cmd_add)

    run = with_input_options(
        commands.add_parser(
            "run", help="read and process articles, then write a JSON and an HTML report"
        )
    )
    run.add_argument("paths", nargs="+", metavar="PATH")
    run.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="report folder (its store is DIR/storydesk.sqlite unless --db)",
    )
    run.set_defaults(func=cmd_run)

    demo = with_input_options(
        commands.add_parser(
            "demo", help="run on the bundled demo corpus (a fictional flood told by six outlets)"
        )
    )
    demo.add_argument("--out", default="out/demo", metavar="DIR")
    demo.set_defaults(func=cmd_demo)

    articles = commands.add_parser("articles", help="list stored articles")
    articles.add_argument("--limit", type=int, default=50)
    articles.add_argument(
        "--not-news",
        action="store_true",
        help="only the articles kept out of stories as not news (wire budgets, advisories, "
        "memos, corrections notices), each with its reason",
    )
    articles.set_defaults(func=cmd_articles)

    stories = commands.add_parser("stories", help="list stories, largest first")
    stories.add_argument("--limit", type=int, default=50)
    stories.set_defaults(func=cmd_stories)

    show = commands.add_parser(
        "show", help="show one story (S000001) or article (an id or a unique prefix)"
    )
    show.add_argument("id")
    show.add_argument(
        "--all",
        action="store_true",
        help="a story: also list the timeline's background events (dated before the story)",
    )
    show.set_defaults(func=cmd_show)

    search = commands.add_parser(
        "search", help="stories whose articles contain all the given words"
    )
    search.add_argument("words", nargs="+", metavar="WORD")
    search.add_argument("--limit", type=int, default=20)
    search.set_defaults(func=cmd_search)

    watch = with_input_options(
        commands.add_parser(
            "watch", help="keep adding the new and changed article files under folders"
        ),
        one_run=False,
    )
    watch.add_argument("paths", nargs="+", metavar="PATH")
    watch.add_argument("--interval", type=float, default=30.0, help="seconds between looks")
    watch.add_argument(
        "--settle",
        type=float,
        default=2.0,
        help="leave a file until it has not changed for this many seconds",
    )
    watch.set_defaults(func=cmd_watch)

    add_follow_parsers(
        commands, with_input_options, lambda a, writes: _store(a, writes=writes), _engine
    )

    check = commands.add_parser(
        "check",
        help="check the store: integrity, consistency, schema, the articles and "
        "stories a stage gave up on, and the articles that are not news (with reasons)",
    )
    check.add_argument(
        "--limit", type=int, default=50, help="stage failures (and not-news articles) listed"
    )
    check.set_defaults(func=cmd_check)

    serve = commands.add_parser(
        "serve", help="serve the store over HTTP: story and article pages and a JSON API"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--write-token-file",
        type=Path,
        default=None,
        metavar="PATH",
        help="enable the write API (POST /api/articles): writes need the token in this file "
        f"(default: ${{{WRITE_TOKEN_ENV}}}; with neither, the server is read-only)",
    )
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\nstorydesk: interrupted; everything stored so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `storydesk articles | head`
        return 0
    # One line and a distinct exit code for what the user can act on; a traceback only
    # for our own bugs.
    except StoreError as error:
        print(f"storydesk: {error}", file=sys.stderr)
        return error.exit_code
    except EngineUnavailable as error:  # --scheduler: unreachable, or every worker lost
        print(f"storydesk: {error}", file=sys.stderr)
        return EXIT_ENGINE
    except sqlite3.Error as error:
        explained = store_error(getattr(args, "store_path", None) or "the store", error)
        print(f"storydesk: {explained}", file=sys.stderr)
        return explained.exit_code
    except OSError as error:
        if error.errno == errno.ENOSPC:
            print(f"storydesk: the disk is full ({error.filename or 'writing'}); "
                  "everything stored before is kept", file=sys.stderr)
            return EXIT_STORE_FULL
        print(f"storydesk: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
        return EXIT_IO


if __name__ == "__main__":
    sys.exit(main())
