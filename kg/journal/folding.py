"""Folding API changes into the sources: what they add up to (for ``kg journal export``), and the squash.

An editor moves the API writes into ``data/`` so they become part of the sources: :func:`net_change`
gives what the API changes not yet folded add up to — for each quad, the last change that touches it
decides (derived-graph quads left out: a build derives them again) — and :func:`as_trig` writes it as
TriG for the editor: the added triples by graph, then the removed ones as comment lines to delete from
the sources by hand. :func:`squash` then appends a transaction that marks those changes folded
(``H folded <id>`` for each, no quads: the dataset does not change), so builds stop re-applying them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.journal.log import Entry, Journal
from kg.journal.patch import Transaction
from kg.journal.rebuild import api_changes
from kg.rdf.model import NamedNode, Quad

SQUASH_CLIENT = "kg journal squash"


def net_change(journal: Journal, changes: Sequence[Entry], derived_graph: str) -> tuple[list[Quad], list[Quad]]:
    """(added, removed): what ``changes`` add up to, in journal order."""
    derived = NamedNode(derived_graph)
    last: dict[Quad, bool] = {}  # quad -> added (True) or removed (False) by the last change touching it
    for entry in changes:
        transaction = journal.read(entry)
        for quad in transaction.removed:
            last[quad] = False
        for quad in transaction.added:
            last[quad] = True
    kept = {q: added for q, added in last.items() if q.graph_name != derived}
    return sorted((q for q, a in kept.items() if a), key=str), sorted((q for q, a in kept.items() if not a), key=str)


def as_trig(changes: Sequence[Entry], added: Sequence[Quad], removed: Sequence[Quad]) -> str:
    """The net change as TriG: a header naming the changes, the added triples, the removed ones as comments."""
    lines = [f"# {len(changes)} API change(s) of the journal, to fold into data/ (then run `kg journal squash`):"]
    lines += [f"#   {e.id}  {e.time.isoformat(timespec='seconds')}  {e.client}  {e.operation}" for e in changes]
    body = ox.serialize(list(added), format=ox.RdfFormat.TRIG).decode("utf-8") if added else ""
    lines.append(body.rstrip("\n"))
    if removed:
        lines.append("# Removed by these changes: delete them from the sources (N-Quads, one a line):")
        nquads = ox.serialize(list(removed), format=ox.RdfFormat.N_QUADS).decode("utf-8")
        lines += [f"# {line}" for line in nquads.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


def squash(journal: Journal, *, upto: str | None = None) -> Transaction | None:
    """Mark every API change not yet folded (up to and including ``upto``) as folded; None when there is none.
    KeyError for an ``upto`` the journal does not know."""
    entries = journal.entries()
    if upto is not None:
        entries = entries[: [e.id for e in entries].index(upto) + 1] if upto in {e.id for e in entries} else None
        if entries is None:
            raise KeyError(upto)
    folded = api_changes(journal, entries)
    if not folded:
        return None
    return journal.append(added=[], removed=[], client=SQUASH_CLIENT, operation="squash",
                          extra=[("folded", f"<{e.id}>") for e in folded])

