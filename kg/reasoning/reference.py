"""OWL 2 RL materialisation, the reference: the triples the ontology entails about our terms and entities.

The build runs the compiled rules of :mod:`kg.reasoning.owl_rl` (same triples, inside the store); this
module is their reference in the tests and the build's fallback for constructs they do not cover.
Uses ``reasonable`` (a Rust OWL 2 RL reasoner) when installed, else ``owlrl``. Only new triples
about the project's own IRIs are kept (no reflexive sameAs, no owl:Thing / rdfs:Resource
memberships), sorted, so the same sources always give the same inferred graph.
"""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.rdf.vocab import ONTOLOGY_NS

_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}
_TRIVIAL_PREDICATES = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty}


def closure(graph: rdflib.Graph) -> set[tuple]:
    """Every triple OWL 2 RL entails from ``graph`` (asserted ones included)."""
    try:
        import reasonable
    except ImportError:
        reasonable = None
    if reasonable is not None:
        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        return set(reasoner.reason())
    import owlrl

    expanded = rdflib.Graph()
    for triple in graph:
        expanded.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(expanded)
    return set(expanded)


def infer(graph: rdflib.Graph, base_iri: str) -> list[tuple]:
    """New, non-trivial triples about IRIs under ``base_iri`` or the ontology namespace, sorted."""
    ours = (base_iri, ONTOLOGY_NS)
    asserted = set(graph)
    kept = []
    for s, p, o in closure(graph) - asserted:
        if not isinstance(s, rdflib.URIRef) or isinstance(o, rdflib.BNode):
            continue
        if not str(s).startswith(ours) or p in _TRIVIAL_PREDICATES:
            continue
        if p == RDF.type and o in _TRIVIAL_OBJECTS:
            continue
        if s == o and p in {RDFS.subClassOf, RDFS.subPropertyOf}:
            continue
        kept.append((s, p, o))
    return sorted(kept)
