"""Graph Store reads: one named graph, or the store's own default graph, serialised.

``graph=None`` means the store's default graph (the Graph Store Protocol's ``?default``): the
triples stored outside any named graph, which is what ``PUT ?default`` writes. Queries see a
different default graph, the union of all graphs. Writes go through :mod:`kg.gate`.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import StoreError
from kg.rdf.formats import require_rdf_format
from kg.rdf.model import DefaultGraph
from kg.rdf.vocab import PREFIXES
from kg.store.base import Store, named
from kg.store.embedded import EmbeddedStore


def graph_exists(store: Store, graph: str | None) -> bool:
    """Whether a named graph exists (the default graph always does)."""
    if graph is None:
        return True
    if isinstance(store, EmbeddedStore):
        return store.engine.contains_named_graph(named(graph))
    return any(info.iri == graph for info in store.graphs())


def read_graph(store: Store, graph: str | None, media_type: str) -> bytes:
    """The triples of one graph in an RDF triple format."""
    fmt = require_rdf_format(media_type)
    prefixes = PREFIXES if fmt.name in {"turtle", "rdfxml"} else None
    try:
        source = DefaultGraph() if graph is None else named(graph)
        if isinstance(store, EmbeddedStore):
            return store.engine.dump(format=fmt.engine, from_graph=source, prefixes=prefixes) or b""
        triples = [q.triple for q in store.quads_in(source)]
        return ox.serialize(triples, format=fmt.engine, prefixes=prefixes) or b""
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot serialise the graph as {fmt.name}: {exc}") from exc
