"""The online clusterer on the store's rows, for the pipeline's cluster stage.

The clusterer's state lives in rows (link.cluster_rows, store.cluster_rows): an add
reads the rows its articles look at and writes back the rows it changed, so its cost
does not grow with the store. Stores written before schema v6 kept the state as one
blob under the state key "clusterer"; the first `open_clusterer` on such a store
turns it into rows and deletes it.
"""

from __future__ import annotations

from storydesk.link import cluster_rows
from storydesk.link.cluster import OnlineClusterer
from storydesk.link.cluster_state import load_state
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
