"""The whole derivation, as ``kg build`` runs it: the inferred graph made anew from the asserted graphs.

OWL 2 RL first (compiled to SPARQL inside the store by :mod:`kg.reasoning.owl_rl`, or the reference
reasoner of :mod:`kg.reasoning.reference`), then the rules in ``queries/rules/*.rq``. The build calls
:func:`derive` once per publication; the write path keeps the same graph up to date incrementally
(:mod:`kg.derivation.maintenance`) and falls back to this module where it cannot (:mod:`kg.derivation.full`).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.convert import oxigraph_term
from kg.rdf.formats import ntriples
from kg.rdf.vocab import INFERRED_GRAPH, graph_iri
from kg.settings import Settings
from kg.store.base import Store

Progress = Callable[[str, int, int], None]  # (step description, done, total)
RULES_DIR = "queries/rules"
NTRIPLES = "application/n-triples"


def derive(store: Store, settings: Settings, progress: Progress) -> int:
    """Fill the inferred graph: OWL 2 RL entailments, then the rules in ``queries/rules/*.rq``.

    OWL 2 RL runs as SPARQL compiled for the ontology inside the store (:mod:`kg.reasoning.owl_rl`);
    ``settings.reasoner = "reference"``, or an ontology construct the compiled rules do not cover,
    runs the reference reasoner over an rdflib copy instead (:mod:`kg.reasoning.reference`, same triples,
    much slower). Rules (SPARQL CONSTRUCT) see the asserted and the OWL 2 RL triples. The inferred
    graph holds only what no other graph asserts. Returns the number of derived triples.
    """
    target = graph_iri(settings.base_iri, INFERRED_GRAPH)
    store.drop_graph(target)  # from here on, the union default graph is the asserted triples
    if settings.reasoning:
        progress("reasoning (OWL 2 RL)", 0, 1)
        for chunk in _owl_rl(store, settings, progress):
            _add(store, target, chunk)
    rules = sorted((settings.project_dir / RULES_DIR).glob("*.rq"))
    derived = []
    for done, rule in enumerate(rules):
        progress(f"deriving {rule.stem}", done, len(rules))
        derived.append(store.query(rule.read_text(encoding="utf-8")).serialize(NTRIPLES))
    for chunk in derived:  # written after every rule ran: each rule sees the OWL 2 RL triples only
        _add(store, target, chunk)
    # only what is new: the union default graph must not repeat asserted triples
    store.update(f"DELETE {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} "
                 f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{target}>) }}")
    count = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
    return int(count[0]["n"].value)


def _owl_rl(store: Store, settings: Settings, progress: Progress) -> list[bytes]:
    """OWL 2 RL triples as N-Triples chunks: compiled, or the reference reasoner when needed or asked for."""
    from kg.reasoning.owl_rl import Uncovered, materialise

    if settings.reasoner not in {"compiled", "reference"}:
        raise KgError(f"setting reasoner: expected compiled or reference, got {settings.reasoner!r}")
    if settings.reasoner == "compiled":
        try:
            return materialise(store, None, settings.base_iri)
        except Uncovered as exc:
            progress(f"reasoning (OWL 2 RL) with the reference reasoner: {exc}", 0, 1)
    return [reference_owl_rl(store, settings.base_iri)]


def reference_owl_rl(store: Store, base_iri: str) -> bytes:
    """The reference reasoner's new triples about our IRIs (``reasonable``, else ``owlrl``), as N-Triples."""
    from kg.reasoning.reference import infer
    from kg.validation.shacl import store_graph

    triples = [ox.Triple(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o))
               for s, p, o in infer(store_graph(store), base_iri)]
    return ntriples(triples).encode("utf-8")


def _add(store: Store, graph: str, ntriples: bytes) -> None:
    if not ntriples:
        return
    store.load_data(ntriples, NTRIPLES, graph=graph, trusted=True)  # our own output: no payload screening
