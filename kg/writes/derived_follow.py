"""Derived graphs follow the data: which removals from the derived graph a client's write may make.

The derived graph (``…/graph/inferred``) is the server's: a write never states its content. But SPARQL 1.1
Update's ``CLEAR ALL``, ``DROP ALL``, ``CLEAR NAMED``, ``DROP NAMED`` (and ``MOVE`` out of it) remove its
quads along with the data, and "derived from nothing is nothing": when the data goes, so do its
derivations. :func:`split_derived` decides on structure only — the write's computed delta and the
derivation's own change (:func:`kg.derivation.derived_change`), never the update's text: the write's
quads outside the derived graph are the data change; its removals from the derived graph are allowed
exactly when the derivation of that data change removes them too (the derived change then carries them),
and the graph itself may be dropped only when the derivation leaves it empty. Anything else that names
the derived graph — a quad added to it (INSERT DATA, LOAD, ADD, COPY into it), a removal the derivation
would not make, a graph created or dropped against the derivation — stays a
:class:`~kg.errors.ForbiddenOperationError` (403), as does every write to the audit graph
(:func:`kg.writes.audit.check_protected`).
"""

from __future__ import annotations

from kg.derivation import DerivedChange, derived_change
from kg.errors import ForbiddenOperationError
from kg.rdf.model import NamedNode
from kg.rdf.vocab import INFERRED_GRAPH, graph_iri
from kg.settings import Settings
from kg.store.base import Store
from kg.writes import audit
from kg.writes.overlay import Delta


def split_derived(store: Store, delta: Delta, settings: Settings) -> tuple[Delta, DerivedChange]:
    """The write's data change (``delta`` without its removals from the derived graph) and the derived graph's
    change for it; ForbiddenOperationError when the write changes a protected graph otherwise than the
    derivation does."""
    derived_graph = NamedNode(graph_iri(settings.base_iri, INFERRED_GRAPH))
    own_removals = [q for q in delta.removed if q.graph_name == derived_graph]
    drops_it = derived_graph in delta.graphs_dropped
    data = Delta(delta.added, [q for q in delta.removed if q.graph_name != derived_graph], delta.graphs_created,
                 [g for g in delta.graphs_dropped if g != derived_graph])
    audit.check_protected([*data.added, *data.removed], settings,
                          [g.value for g in (*data.graphs_created, *data.graphs_dropped)])
    derived = derived_change(store, data.added, data.removed, settings)
    if not own_removals and not drops_it:
        return data, derived
    lost = set(derived.removed)
    kept = [q for q in own_removals if q not in lost]
    if kept:
        raise _refused(derived_graph, f"the derivation keeps {kept[0].triple} (the data still entails it)")
    if drops_it:
        if derived.added or len(lost) != store.count_triples(derived_graph.value):
            raise _refused(derived_graph, "the derivation does not leave it empty")
        data.graphs_dropped.append(derived_graph)
    return data, derived


def _refused(graph: NamedNode, why: str) -> ForbiddenOperationError:
    return ForbiddenOperationError(f"the graph {graph.value} is maintained by the server (audit or build output) and "
                                   f"cannot be written: {why}")
