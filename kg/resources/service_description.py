"""The SPARQL 1.1 Service Description of the endpoint: languages, features, result formats and
the dataset (the union default graph and every named graph with its triple count)."""

from __future__ import annotations

from kg.rdf.formats import RDF_FORMATS, RESULT_FORMATS
from kg.rdf.model import BlankNode, Literal, NamedNode, Triple
from kg.rdf.vocab import PREFIXES
from kg.settings import Settings
from kg.store.base import Store

SD = PREFIXES["sd"]
VOID = PREFIXES["void"]
FORMATS = PREFIXES["formats"]
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "rdfxml": "RDF_XML",
    "jsonld": "JSON-LD", "nquads": "N-Quads", "trig": "TriG",
}
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def describe_service(store: Store, settings: Settings, endpoint: str) -> list[Triple]:
    """The description of the endpoint at ``endpoint`` as triples."""
    service = NamedNode(endpoint)
    triples = [Triple(service, RDF_TYPE, _sd("Service")), Triple(service, _sd("endpoint"), service),
               Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query"))]
    if settings.writers() and not settings.read_only:
        triples.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    triples.append(Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
    if settings.allow_service:
        triples.append(Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for name in [*RESULT_FORMATS, *RDF_FORMATS]:
        triples.append(Triple(service, _sd("resultFormat"), NamedNode(FORMATS + _FORMAT_IRIS[name])))
    for name in RDF_FORMATS:
        triples.append(Triple(service, _sd("inputFormat"), NamedNode(FORMATS + _FORMAT_IRIS[name])))
    triples += _dataset(store, service)
    return triples


def _dataset(store: Store, service: NamedNode) -> list[Triple]:
    dataset, default = BlankNode(), BlankNode()
    total = store.select(_COUNT)[0]["n"].value
    triples = [Triple(service, _sd("defaultDataset"), dataset), Triple(dataset, RDF_TYPE, _sd("Dataset")),
               Triple(dataset, _sd("defaultGraph"), default), Triple(default, RDF_TYPE, _sd("Graph")),
               Triple(default, NamedNode(VOID + "triples"), _integer(total))]
    for info in store.graphs():
        named, graph = BlankNode(), BlankNode()
        triples += [Triple(dataset, _sd("namedGraph"), named), Triple(named, RDF_TYPE, _sd("NamedGraph")),
                    Triple(named, _sd("name"), NamedNode(info.iri)), Triple(named, _sd("graph"), graph),
                    Triple(graph, RDF_TYPE, _sd("Graph")),
                    Triple(graph, NamedNode(VOID + "triples"), _integer(info.triples))]
    return triples


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _integer(value: int | str) -> Literal:
    return Literal(str(value), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
