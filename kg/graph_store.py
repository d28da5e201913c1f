"""Graph Store reads: one named graph, or the store's own default graph, serialised.

``graph=None`` means the store's default graph (the Graph Store Protocol's ``?default``): the
triples stored outside any named graph, which is what ``PUT ?default`` writes. Queries see a
different default graph, the union of all graphs. Writes go through :mod:`kg.gate`.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.embedded import EmbeddedStore
from kg.errors import StoreError
from kg.gate import graph_quads
from kg.model import BlankNode, DefaultGraph, Term
from kg.payload_screening import parse_triples
from kg.store import Store, named, require_rdf_format
from kg.vocab import PREFIXES


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
        if isinstance(store, EmbeddedStore):
            source = DefaultGraph() if graph is None else named(graph)
            return store.engine.dump(format=fmt.engine, from_graph=source, prefixes=prefixes) or b""
        triples = [q.triple for q in graph_quads(store, graph)]
        return ox.serialize(triples, format=fmt.engine, prefixes=prefixes) or b""
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot serialise the graph as {fmt.name}: {exc}") from exc


def merge_documents(parts: list[tuple[bytes, str]], *, base_iri: str | None = None) -> bytes:
    """Several RDF documents (data, media type) as one N-Triples payload, the blank nodes of each kept apart:
    a Graph Store POST of ``multipart/form-data`` merges every part into the graph in one write."""
    triples = []
    for number, (data, media_type) in enumerate(parts, start=1):
        def apart(term: Term, number: int = number) -> Term:
            return BlankNode(f"part{number}x{term.value}") if isinstance(term, BlankNode) else term

        for triple in parse_triples(data, media_type, base_iri=base_iri, source=f"part {number} of the form"):
            triples.append(ox.Triple(apart(triple.subject), triple.predicate, apart(triple.object)))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
