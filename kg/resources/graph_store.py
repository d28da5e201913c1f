"""Graph Store reads: one named graph, or the store's own default graph, serialised.

``graph=None`` means the store's default graph (the Graph Store Protocol's ``?default``): the
triples stored outside any named graph, which is what ``PUT ?default`` writes. Queries see a
different default graph, the union of all graphs. Writes go through :mod:`kg.writes.gate`.
"""

from __future__ import annotations

from kg.rdf.model import DefaultGraph
from kg.store.base import Store, named


def graph_exists(store: Store, graph: str | None) -> bool:
    """Whether a named graph exists (the default graph always does)."""
    return graph is None or graph in store.graph_names()


def read_graph(store: Store, graph: str | None, media_type: str) -> bytes:
    """The triples of one graph in an RDF triple format."""
    return store.dump_graph(DefaultGraph() if graph is None else named(graph), media_type)
