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

:func:`replicate_to_sparql` does the same into any SPARQL 1.1 Update endpoint (an ``oxigraph serve``, a
Fuseki): each change becomes one update request, its blank nodes skolemised (:mod:`kg.journal.skolem`),
the mark kept in a file of the caller's choosing.

Each page is checked against the chain of the feed (``H prev`` of its first change is the change the
replica asked ``after``): a replica is never silently fed another server's, or a reset journal's, changes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.errors import KgError, LoadError, excerpt
from kg.journal.patch import Transaction, read_transactions
from kg.journal.replay import apply_transaction
from kg.journal.skolem import as_sparql_update

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
    store.parent.mkdir(parents=True, exist_ok=True)
    engine = ox.Store(str(store))  # closed (RocksDB) when the run returns: nothing else holds it
    return follow(client, feed, mark_path(store), partial(apply_transaction, engine), engine.flush,
                  max_changes=max_changes, on_page=on_page)


def replicate_to_sparql(client: httpx.Client, feed: str, update_url: str, mark: Path, *,
                        max_changes: int | None = None, on_page: Callable[[int], None] | None = None,
                        update_client: httpx.Client | None = None) -> ReplicaRun:
    """The same into any SPARQL 1.1 Update endpoint: each change as one update request
    (:func:`kg.journal.skolem.as_sparql_update`, blank nodes skolemised); the mark kept at ``mark``.
    ``update_client`` sends the updates (default: ``client``, which reads the feed)."""
    sender = update_client or client

    def send(transaction: Transaction) -> None:
        update = as_sparql_update(transaction)
        if update:
            answer = sender.post(update_url, content=update.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-update"})
            if not answer.is_success:
                raise KgError(f"the SPARQL endpoint refused change {transaction.id}: {answer.status_code} "
                              f"{excerpt(answer.text)}")

    mark.parent.mkdir(parents=True, exist_ok=True)
    return follow(client, feed, mark, send, lambda: None, max_changes=max_changes, on_page=on_page)


def follow(client: httpx.Client, feed: str, mark: Path, apply: Callable[[Transaction], None],
           flush: Callable[[], None], *, max_changes: int | None = None,
           on_page: Callable[[int], None] | None = None) -> ReplicaRun:
    """Apply the feed's changes after the one ``mark`` names, page by page; flush, then move the mark."""
    feed = feed.rstrip("/")
    last = read_mark(mark, feed)
    applied = pages = 0
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
            apply(transaction)
        flush()
        last = transactions[-1].id
        write_mark(mark, feed, last)
        applied += len(transactions)
        pages += 1
        if on_page is not None:
            on_page(len(transactions))
    return ReplicaRun(applied, pages, last)
