"""Graph Store reads: one named graph, or the store's own default graph, serialised.

``graph=None`` means the store's default graph (the Graph Store Protocol's ``?default``): the
triples stored outside any named graph, which is what ``PUT ?default`` writes. Queries see a
different default graph, the union of all graphs. Writes go through :mod:`kg.writes.gate`.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.formats import ntriples
from kg.rdf.model import BlankNode, DefaultGraph, Term
from kg.rdf.payload import parse_triples
from kg.store.base import Store, named


def graph_exists(store: Store, graph: str | None) -> bool:
    """Whether a named graph exists (the default graph always does)."""
    return graph is None or graph in store.graph_names()


def read_graph(store: Store, graph: str | None, media_type: str) -> bytes:
    """The triples of one graph in an RDF triple format."""
    return store.dump_graph(DefaultGraph() if graph is None else named(graph), media_type)


def merge_documents(parts: list[tuple[bytes, str]], *, base_iri: str | None = None) -> bytes:
    """Several RDF documents (data, media type) as one N-Triples payload, the blank nodes of each kept apart:
    a Graph Store POST of ``multipart/form-data`` merges every part into the graph in one write."""
    triples = []
    for number, (data, media_type) in enumerate(parts, start=1):
        def apart(term: Term, number: int = number) -> Term:
            return BlankNode(f"part{number}x{term.value}") if isinstance(term, BlankNode) else term

        for triple in parse_triples(data, media_type, base_iri=base_iri, source=f"part {number} of the form"):
            triples.append(ox.Triple(apart(triple.subject), triple.predicate, apart(triple.object)))
    return ntriples(triples).encode("utf-8")
