"""A replica that follows a server's change feed (GET /changes) into a local pyoxigraph store, and resumes.

:func:`replicate` asks the server for the changes after the last one the replica applied, applies each
transaction (:func:`kg.journal.replay.apply_transaction`: its removals, then its additions, blank nodes
with the feed's labels), and asks again after the last one — the page ``rel="next"`` names — until a
page is empty. The id of the last change
applied is kept beside the store, in ``<store>.replica.json`` with the feed's URL, written (and
fsynced) after each page once the store is flushed. A replica stopped or killed anywhere resumes with
``?after=`` that id: a crash between the store's flush and the mark's write only means the next run
applies those transactions again, which changes nothing (each is an exact change: its removed quads
were there, its added ones were not, so applying it to its own result gives that result again).

Each page is checked against the chain of the feed (``H prev`` of its first change is the change the
replica asked ``after``): a replica is never silently fed another server's, or a reset journal's, changes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.errors import KgError, LoadError
from kg.journal.patch import read_transactions
from kg.journal.replay import apply_transaction

MARK_SUFFIX = ".replica.json"


@dataclass(frozen=True)
class ReplicaRun:
    """What one run did: the changes applied, the pages read, and the last change the replica holds."""

    applied: int
    pages: int
    last: str | None


def mark_path(store: Path) -> Path:
    """Where the replica at ``store`` keeps the id of the last change it applied."""
    return store.with_name(store.name + MARK_SUFFIX)


def read_mark(mark: Path, feed: str) -> str | None:
    """The last change applied from ``feed`` (None for a new replica); KgError for another feed's mark."""
    if not mark.exists():
        return None
    recorded = json.loads(mark.read_text(encoding="utf-8"))
    if recorded.get("feed") != feed:
        raise KgError(f"{mark}: this replica follows {recorded.get('feed')}, not {feed}")
    return recorded.get("last")


def write_mark(mark: Path, feed: str, last: str | None) -> None:
    """Replace the mark atomically and durably."""
    temporary = mark.with_name(mark.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump({"feed": feed, "last": last}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, mark)


def replicate(client: httpx.Client, feed: str, store: Path, *, max_changes: int | None = None,
              on_page: Callable[[int], None] | None = None) -> ReplicaRun:
    """Bring the replica at ``store`` up to date with the server at ``feed`` (its base URL); stop after
    ``max_changes`` changes when given. ``on_page`` is told how many changes each page applied."""
    feed = feed.rstrip("/")
    store.parent.mkdir(parents=True, exist_ok=True)
    mark = mark_path(store)
    last = read_mark(mark, feed)
    engine = ox.Store(str(store))
    applied = pages = 0
    try:
        url = f"{feed}/changes"
        while max_changes is None or applied < max_changes:
            answer = client.get(url, params={"after": last} if last else None)
            if answer.status_code == 404:
                raise KgError(f"{feed} does not know the change {last} this replica last applied "
                              "(another server, or its journal was replaced): start a new replica")
            answer.raise_for_status()
            transactions = list(read_transactions(answer.content.decode("utf-8")))
            if not transactions:
                break
            if transactions[0].prev != last:
                raise LoadError(feed, f"the feed's change {transactions[0].id} follows {transactions[0].prev}, "
                                      f"not {last}: the chain is broken")
            if max_changes is not None:
                transactions = transactions[: max_changes - applied]
            for transaction in transactions:
                apply_transaction(engine, transaction)
            engine.flush()
            last = transactions[-1].id
            write_mark(mark, feed, last)
            applied += len(transactions)
            pages += 1
            if on_page is not None:
                on_page(len(transactions))
    finally:
        del engine  # closes the store (RocksDB) before another run opens it
    return ReplicaRun(applied, pages, last)
