"""The online clusterer on the store's rows, for the pipeline's cluster stage, and
the gate before it: an article that is not news is never clustered.

The clusterer's state lives in rows (link.cluster_rows, store.cluster_rows): an add
reads the rows its articles look at and writes back the rows it changed, so its cost
does not grow with the store. Stores written before schema v6 kept the state as one
blob under the state key "clusterer"; the first `open_clusterer` on such a store
turns it into rows and deletes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from storydesk.analyze.not_news import NOT_NEWS_VERSION, judge_news
from storydesk.link import cluster_rows
from storydesk.link.cluster import OnlineClusterer
from storydesk.link.cluster_state import load_state
from storydesk.model import NotNews
from storydesk.store.store import Store

CLUSTER_STATE_KEY = "clusterer"  # the whole-state blob of stores before schema v6


def open_clusterer(store: Store) -> OnlineClusterer:
    """A clusterer on the store's rows, as they were last saved. Opening a new one is
    how a half-done add is undone: its unsaved changes live only in the old object.

    Call it inside the write transaction that will save the clusterer: it reads rows
    as it goes, which must be the rows it then writes over (and a store from before
    v6 has its blob turned into rows here, in that same transaction)."""
    blob = store.get_state(CLUSTER_STATE_KEY)
    if blob is not None:
        if store.cluster_header() is None:  # else rows were written since: they win
            store.save_cluster_rows(cluster_rows.state_rows(load_state(blob)))
        store.delete_state(CLUSTER_STATE_KEY)
    return cluster_rows.open_clusterer(store)


def save_clusterer(store: Store, clusterer: OnlineClusterer) -> None:
    """Write the rows `clusterer` changed, inside the caller's transaction. Should that
    transaction roll back, open the clusterer again rather than go on with this one."""
    changes = cluster_rows.row_changes(clusterer)
    store.save_cluster_rows(changes)
    cluster_rows.mark_saved(clusterer, changes)


def not_news_version() -> str:
    return f"not-news/v{NOT_NEWS_VERSION}"


def screen_not_news(store: Store, *, failed_version: str, chunk: int = 500) -> list[str]:
    """The articles waiting for a story (`ids_needing_clustering`) that are news.

    Those that are not (a wire budget, an advisory, a corrections notice:
    `analyze.not_news`) are recorded as such, in one transaction, and never clustered.
    Articles judged not news by an older classifier are judged again first: one that is
    news after all waits for a story again, so a better classifier frees what an older
    one held back."""
    version = not_news_version()
    with store.transaction():
        stale = store.stale_not_news(version)
        for start in range(0, len(stale), chunk):
            verdicts = _judge(store, stale[start : start + chunk])
            store.forget_not_news(i for i, v in verdicts if v is None)
            store.record_not_news(((i, v) for i, v in verdicts if v is not None), version)
        ids = store.ids_needing_clustering(failed_version=failed_version)
        news: list[str] = []
        for start in range(0, len(ids), chunk):
            verdicts = _judge(store, ids[start : start + chunk])
            news.extend(i for i, v in verdicts if v is None)
            store.record_not_news(((i, v) for i, v in verdicts if v is not None), version)
    return news


def _judge(store: Store, ids: Sequence[str]) -> list[tuple[str, NotNews | None]]:
    return [(article.id, judge_news(article)) for article in store.articles(ids)]
