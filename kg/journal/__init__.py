"""The journal of changes: every accepted change, in order, as RDF Patch, durable before it is acknowledged.

:mod:`~kg.journal.patch` reads and writes one transaction in RDF Patch; :mod:`~kg.journal.log` keeps them
in an append-only, fsynced file (repaired to its last complete transaction after a crash);
:mod:`~kg.journal.registry` says which journal belongs to a store; :mod:`~kg.journal.replay` applies
transactions to a dataset; :mod:`~kg.journal.timeline` names its versions (a change id, a release of
:mod:`~kg.journal.releases`, a date) and :mod:`~kg.journal.differences` says what changed between two.
The journal, not the published store, is the record of writes: the store is
its materialised view (DESIGN.md, "Writes, history and consumers").
"""

from kg.journal.log import Entry, Journal
from kg.journal.patch import MEDIA_TYPE, Transaction, read_transactions, write_transaction
from kg.journal.registry import forget_journals, open_journal
from kg.journal.replay import apply_transaction, catch_up, replay

__all__ = ["MEDIA_TYPE", "Entry", "Journal", "Transaction", "apply_transaction", "catch_up", "forget_journals",
           "open_journal", "read_transactions", "replay", "write_transaction"]
