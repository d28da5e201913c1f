"""Files for people and tools outside the store, written after a build into ``dist/`` (generated; never edit).

- ``kg.ttl``: ontology and graph as asserted (Turtle);
- ``kg.owl``: the same as one self-contained RDF/XML file (owlready2 and HermiT read it; imports
  are inside, so nothing is fetched);
- ``kg-full.ttl``: asserted plus inferred triples.
"""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import OWL

from kg.rdf.vocab import INFERRED_GRAPH, PREFIXES, graph_iri
from kg.store.base import Store


def asserted_graph(store: Store, base_iri: str) -> rdflib.Graph:
    """Every named graph except the inferred one, as one rdflib graph."""
    inferred = graph_iri(base_iri, INFERRED_GRAPH)
    graph = rdflib.Graph()
    for info in store.graphs():
        if info.iri != inferred:
            graph.parse(data=store.export("application/n-triples", info.iri), format="nt")
    return graph


def write_distribution(store: Store, base_iri: str, directory: Path) -> list[Path]:
    """Write kg.ttl, kg.owl and kg-full.ttl into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    asserted = asserted_graph(store, base_iri)
    for prefix, namespace in PREFIXES.items():
        asserted.bind(prefix, namespace)
    written = [directory / "kg.ttl", directory / "kg.owl", directory / "kg-full.ttl"]
    asserted.serialize(written[0], format="turtle")
    self_contained = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        self_contained.bind(prefix, namespace)
    for triple in asserted:
        if triple[1] != OWL.imports:
            self_contained.add(triple)
    self_contained.serialize(written[1], format="xml")
    full = asserted
    full.parse(data=store.export("application/n-triples", graph_iri(base_iri, INFERRED_GRAPH)), format="nt")
    full.serialize(written[2], format="turtle")
    return written
