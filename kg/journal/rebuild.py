"""What a build takes from the journal and gives back to it: the API changes on top of the sources, and
its own publication.

A build loads the sources, then :func:`reapply` applies every API change the journal holds (SPARQL
Update, Graph Store writes) in journal order, except those a squash marked as folded into the sources.
Only asserted quads are applied — the derived graph is derived again from the result. A change that
no longer applies cleanly — it removes a quad the dataset does not hold, or adds one it already holds
(the sources changed under it) — is a :class:`Conflict`, reported with the change's id in the build's
summary; what it says is still what the dataset holds after it.

When the build is published, :func:`publication_change` is its transaction: the difference between
the dataset the journal describes so far (:func:`kg.journal.replay.replay`) and the new one, derived
graph included — every quad as ``A`` for the first build. Replaying the journal therefore always gives
the published dataset, and a consumer of the journal needs no reasoner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.journal.log import Entry, Journal
from kg.journal.replay import apply_transaction, replay
from kg.rdf.model import NamedNode, Quad

BUILD_CLIENT = "kg build"


@dataclass(frozen=True)
class Conflict:
    """An API change that no longer applies cleanly on top of the sources."""

    id: str
    time: str
    client: str
    kind: str  # "adds what the sources hold" or "removes what the sources lack"
    quads: tuple[Quad, ...]

    def describe(self) -> str:
        shown = "; ".join(str(q) for q in self.quads[:3]) + (" …" if len(self.quads) > 3 else "")
        return f"{self.id} ({self.client}, {self.time}): {len(self.quads)} quad(s) it {self.kind}: {shown}"


def api_changes(journal: Journal, entries: Sequence[Entry] | None = None) -> list[Entry]:
    """The API changes among ``entries`` (default: the whole journal) not folded into the sources."""
    entries = journal.entries() if entries is None else entries
    folded = {id for entry in journal.entries() if entry.operation == "squash" for id in entry.folded}
    return [e for e in entries if e.is_api_change and e.id not in folded]


def reapply(engine: ox.Store, journal: Journal, changes: Sequence[Entry], derived_graph: str) -> list[Conflict]:
    """Apply ``changes``' asserted quads to ``engine`` (the sources), in order; the conflicts found."""
    derived = NamedNode(derived_graph)
    conflicts = []
    for entry in changes:
        transaction = journal.read(entry)
        removed = [q for q in transaction.removed if q.graph_name != derived]
        added = [q for q in transaction.added if q.graph_name != derived]
        missing = tuple(q for q in removed if q not in engine)
        for quad in removed:
            engine.remove(quad)
        present = tuple(q for q in added if q in engine)
        engine.extend(added)
        for graph in transaction.header("created"):
            engine.add_graph(NamedNode(graph))
        time = entry.time.isoformat(timespec="seconds")
        if missing:
            conflicts.append(Conflict(entry.id, time, entry.client, "removes what the sources lack", missing))
        if present:
            conflicts.append(Conflict(entry.id, time, entry.client, "adds what the sources hold", present))
    return conflicts


def publication_change(journal: Journal, upto: Sequence[Entry], dataset: ox.Store) -> tuple[list[Quad], list[Quad]]:
    """(added, removed): what turns the dataset the journal describes up to ``upto`` into ``dataset``."""
    before = replay(journal, entries=upto)
    old = set(before)
    new = set(dataset)
    return sorted(new - old, key=str), sorted(old - new, key=str)


def without_touched(journal: Journal, late: Sequence[Entry], added: list[Quad],
                    removed: list[Quad]) -> tuple[list[Quad], list[Quad], list]:
    """A publication's change once ``late`` changes (journaled while the build ran) are applied to both
    sides: the quads they touch agree on both sides, so they leave the difference. Also the late
    transactions themselves, to apply to the new generation."""
    transactions = [journal.read(entry) for entry in late]
    touched = {q for t in transactions for q in (*t.added, *t.removed)}
    return [q for q in added if q not in touched], [q for q in removed if q not in touched], transactions


def apply_late(engine: ox.Store, transactions: Sequence) -> None:
    """Apply changes journaled while the build ran to the new generation, in order."""
    for transaction in transactions:
        apply_transaction(engine, transaction)
