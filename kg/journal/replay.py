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
from kg.rdf.model import NamedNode

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


def replay(journal: Journal, *, upto: str | None = None, entries: Iterable[Entry] | None = None,
           into: ox.Store | None = None) -> ox.Store:
    """The dataset the journal describes (up to and including ``upto``), in a fresh in-memory engine
    (or applied to ``into``)."""
    engine = ox.Store() if into is None else into
    for entry in journal.entries() if entries is None else entries:
        apply_transaction(engine, journal.read(entry))
        if entry.id == upto:
            break
    return engine


def catch_up(engine: ox.Store, journal: Journal, after: str | None) -> str | None:
    """Replay onto ``engine`` every transaction after ``after`` (the last one its generation holds: its
    publication, :meth:`kg.publication.Publication.journal_mark`); the id of the last one replayed, None
    when there was none. Those it already holds change nothing. Nothing is replayed when ``after`` is
    None or unknown to the journal."""
    if after is None:
        return None
    try:
        pending = journal.entries(after=after)
    except KeyError:
        LOG.warning("the store's generation holds journal transaction %s, which the journal does not know: "
                    "not brought up to date", after)
        return None
    for entry in pending:
        apply_transaction(engine, journal.read(entry))
    if not pending:
        return None
    LOG.info("the store was brought up to date with %d journal transaction(s)", len(pending))
    return pending[-1].id
