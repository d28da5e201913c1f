"""Applying journal transactions to a dataset: replay into memory, and bringing a store up to date.

Every transaction is exact (it removes quads that were there and adds quads that were not), so
applying transactions k+1 … n in order to the data of any version between k and n gives version n:
for each quad, the last transaction that touches it decides whether it is there. That is what lets
a store that crashed somewhere in the middle be brought up to date by replaying every transaction
since its generation was published (:func:`catch_up`): those already in it change nothing.
Blank nodes keep their labels (the engine is given the very nodes; it does not rename them).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pyoxigraph as ox

from kg.journal.log import Entry, Journal
from kg.journal.patch import Transaction
from kg.model import NamedNode

LOG = logging.getLogger("kg.journal")


def apply_transaction(engine: ox.Store, transaction: Transaction) -> None:
    """Apply one transaction's removals, then its additions, and the graphs it created or dropped."""
    for quad in transaction.removed:
        engine.remove(quad)
    for graph in transaction.header("dropped"):
        engine.remove_graph(NamedNode(graph))
    if transaction.added:
        engine.extend(transaction.added)
    for graph in transaction.header("created"):
        engine.add_graph(NamedNode(graph))


def replay(journal: Journal, *, upto: str | None = None, entries: Iterable[Entry] | None = None) -> ox.Store:
    """The dataset the journal describes (up to and including ``upto``), in a fresh in-memory engine."""
    engine = ox.Store()
    for entry in journal.entries() if entries is None else entries:
        apply_transaction(engine, journal.read(entry))
        if entry.id == upto:
            break
    return engine


def publication_of(journal: Journal, generation: str) -> Entry | None:
    """The build transaction that published ``generation`` (a generation directory's name), if any."""
    for entry in reversed(journal.entries()):
        if entry.is_build and entry.generation == generation:
            return entry
    return None


def since_publication(journal: Journal, generation: str) -> list[Entry] | None:
    """The transactions after the one that published ``generation``; None when the journal does not know it."""
    published = publication_of(journal, generation)
    return None if published is None else journal.entries(after=published.id)


def catch_up(engine: ox.Store, journal: Journal, generation: str) -> int:
    """Replay onto ``engine`` (the store of ``generation``) every transaction since that generation was
    published; the number replayed. Those it already holds change nothing."""
    pending = since_publication(journal, generation)
    if not pending:
        return 0
    for entry in pending:
        apply_transaction(engine, journal.read(entry))
    LOG.info("store generation %s brought up to date with %d journal transaction(s)", generation, len(pending))
    return len(pending)
