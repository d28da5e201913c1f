"""The neighbourhood of an entity as a small graph: industry ↔ technologies ↔ measures ↔ agencies.

One hop of direct links between entities (sentences, provisions and n-ary bookkeeping nodes left
out), with responsibilities collapsed into measure — agent links and, for a technology, the
measures through which it is covered explicitly; then a second hop from each measure to its
responsible parties (or, around an agent, from its measures to the industries they name).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.rdf.model import NamedNode
from kg.rdf.vocab import ONTOLOGY_NS, entity_prefix, split_entity_iri
from kg.rdf.vocab import PREFIXES as NS
from kg.resources.views import PREFIXES, Labels, Resource, labels_of, resources
from kg.store.base import Store

HIDDEN_KINDS = {"sentence", "provision", "coverage", "action", "responsibility", "concept-scheme",
                "publication-status"}
HIDDEN_PROPERTIES = {NS["rdf"] + "type", NS["prov"] + "wasDerivedFrom", ONTOLOGY_NS + "sourceSentence",
                     ONTOLOGY_NS + "sourceProvision", ONTOLOGY_NS + "coversTechnology",
                     ONTOLOGY_NS + "coversTechnologyGenerally", ONTOLOGY_NS + "coversTechnologyExplicitly",
                     NS["skos"] + "narrower", NS["skos"] + "inScheme"}
RESPONSIBLE = ONTOLOGY_NS + "responsibleParty"  # a pseudo-property for collapsed responsibilities
COVERED_VIA = ONTOLOGY_NS + "viaMeasure"
EXTRA_LABELS = {RESPONSIBLE: Labels("负责", "responsible party")}
HOP_LIMIT = 40


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    property: str


@dataclass(frozen=True)
class Neighbourhood:
    """Nodes (the centre first), their hop (0, 1, 2), the edges, and labels of the edge properties."""

    nodes: list[Resource]
    hops: dict[str, int]
    edges: list[Edge]
    properties: dict[str, Labels]


def neighbourhood(store: Store, iri: str, base: str) -> Neighbourhood:
    centre = NamedNode(iri)
    prefix = entity_prefix(base)
    rows = store.select("""SELECT ?e ?s ?p ?o WHERE {
        { ?e ?p ?o BIND(?e AS ?s) } UNION { ?s ?p ?e BIND(?e AS ?o) }
        FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o) }""", e=centre)
    edges = [Edge(r["s"].value, r["o"].value, r["p"].value) for r in rows]
    edges = [e for e in edges if e.property not in HIDDEN_PROPERTIES and _shown(e.source, base)
             and _shown(e.target, base) and e.source.startswith(prefix) and e.target.startswith(prefix)]
    edges += [Edge(m, a, RESPONSIBLE) for m, a in _responsibilities(store, agent=centre)]
    edges += [Edge(m, a, RESPONSIBLE) for m, a in _responsibilities(store, measure=centre)]
    covered = store.select(PREFIXES + """SELECT ?t ?m WHERE {
        ?c a fikg:ExplicitCoverage ; fikg:technology ?t ; fikg:viaMeasure ?m }""", t=centre)
    edges += [Edge(iri, m, COVERED_VIA) for m in dict.fromkeys(r["m"].value for r in covered)]
    edges = list(dict.fromkeys(edges))[: HOP_LIMIT * 2]
    hops = {iri: 0}
    for edge in edges:
        for end in (edge.source, edge.target):
            hops.setdefault(end, 1)
    hop_one = [n for n, h in hops.items() if h == 1][:HOP_LIMIT]
    hops = {n: h for n, h in hops.items() if h == 0 or n in hop_one}
    edges = [e for e in edges if e.source in hops and e.target in hops]
    edges += _second_hop(store, iri, hop_one, hops, base)
    nodes = resources(store, list(hops), base)
    properties = labels_of(store, {e.property for e in edges}) | EXTRA_LABELS
    return Neighbourhood(nodes, hops, edges, properties)


def _shown(iri: str, base: str) -> bool:
    parts = split_entity_iri(iri, base)
    return parts is not None and parts[0] not in HIDDEN_KINDS


def _responsibilities(store: Store, *, agent: NamedNode | None = None,
                      measure: NamedNode | None = None) -> list[tuple[str, str]]:
    query = PREFIXES + """SELECT ?measure ?agent WHERE {
        ?measure fikg:hasResponsibility ?r . ?r fikg:agent ?agent ; fikg:position ?position } ORDER BY ?position"""
    bindings = {"agent": agent} if agent is not None else {"measure": measure}
    rows = store.query(query, bindings).rows()
    return list(dict.fromkeys((r["measure"].value, r["agent"].value) for r in rows))


def _second_hop(store: Store, centre: str, hop_one: list[str], hops: dict[str, int], base: str) -> list[Edge]:
    """From each measure one hop away: its responsible parties, or (around an agent) what it names."""
    centre_kind = (split_entity_iri(centre, base) or ("",))[0]
    measures = [n for n in hop_one if (split_entity_iri(n, base) or ("",))[0] == "measure"]
    added: list[Edge] = []
    for measure in measures:
        if centre_kind in ("agency", "party", "organization"):
            rows = store.select(PREFIXES + """SELECT ?m ?named ?p WHERE { ?m ?p ?named
                FILTER(?p IN (fikg:namesIndustry, fikg:namesTechnology)) }""", m=NamedNode(measure))
            found = [Edge(measure, r["named"].value, r["p"].value) for r in rows]
        else:
            found = [Edge(m, a, RESPONSIBLE) for m, a in _responsibilities(store, measure=NamedNode(measure))]
        for edge in found:
            other = edge.target
            if other not in hops and sum(1 for h in hops.values() if h == 2) >= HOP_LIMIT:
                continue
            hops.setdefault(other, 2)
            added.append(edge)
    return added
