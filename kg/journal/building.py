"""A build's dealings with the journal, step by step (:func:`kg.build.build` calls them in this order).

1. :meth:`JournalStep.start` notes the journal as it is when the build begins;
2. :meth:`JournalStep.apply`, right after the sources are loaded: their blank nodes get stable labels
   (:mod:`kg.journal.labels`) and the journal's API changes are applied on top
   (:func:`kg.journal.rebuild.reapply`, conflicts kept for the summary);
3. :meth:`JournalStep.measure`, once derived and validated: the publication's change against the
   dataset the journal describes (:func:`kg.journal.rebuild.publication_change`);
4. :meth:`JournalStep.publish`, under the journal's lock: API changes journaled while the build ran are
   applied to the new dataset too (they were validated when they were made), the publication is
   appended (``H generation`` names an on-disk generation) and the caller publishes inside the append,
   so a failed publication leaves no trace in the journal, and no write slips in between.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.journal.labels import stabilise
from kg.journal.log import Entry, Journal
from kg.journal.patch import Transaction
from kg.journal.rebuild import BUILD_CLIENT, Conflict, api_changes, publication_change, reapply, without_touched
from kg.journal.registry import open_journal
from kg.rdf.model import Literal, Quad
from kg.rdf.vocab import INFERRED_GRAPH, graph_iri
from kg.settings import Settings


@dataclass
class JournalStep:
    """One build's view of the journal."""

    journal: Journal
    seen: list[Entry]
    derived_graph: str
    changes: list[Entry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    _change: tuple[list[Quad], list[Quad]] | None = None

    @classmethod
    def start(cls, settings: Settings, store: object | None = None) -> JournalStep:
        journal = open_journal(settings, store)
        seen = journal.entries()
        return cls(journal, seen, graph_iri(settings.base_iri, INFERRED_GRAPH), api_changes(journal, seen))

    def apply(self, engine: ox.Store) -> None:
        """Stable blank-node labels for the loaded sources, then the API changes on top."""
        stabilise(engine)
        self.conflicts = reapply(engine, self.journal, self.changes, self.derived_graph)

    def measure(self, engine: ox.Store) -> None:
        """The publication's change: the journal's dataset so far → ``engine``'s."""
        self._change = publication_change(self.journal, self.seen, engine)

    def publish(self, late_to: Callable[[Sequence[Transaction]], None], publish: Callable[[Transaction], None],
                generation: str | None = None) -> Transaction:
        """Append the publication and publish inside the append (see the module docstring). ``late_to``
        applies changes journaled during the build to the new dataset."""
        assert self._change is not None, "measure() the new dataset first"
        with self.journal.locked():
            late = self.journal.entries(after=self.seen[-1].id) if self.seen else self.journal.entries()
            added, removed, transactions = without_touched(self.journal, late, *self._change)
            if transactions:
                late_to(transactions)
            extra = [("generation", str(Literal(generation)))] if generation else []
            with self.journal.appending(added=added, removed=removed, client=BUILD_CLIENT, operation="build",
                                        extra=extra) as transaction:
                publish(transaction)
            return transaction
