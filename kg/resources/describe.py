"""The linked-data view of a resource, the ontology and data documents, and the VoID/DCAT description.

:func:`describe` answers what dereferencing an IRI should give: the resource's own triples, the links
pointing at it, the labels (zh and en) and types of every resource on either side, the text of its
source sentences, and the OWL 2 axiom annotations that cite where the document states each fact.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import UnknownEntityError
from kg.rdf.vocab import DEFAULT_BASE, ONTOLOGY_GRAPH, ONTOLOGY_NS, PREFIXES, entity_iri, entity_prefix, graph_iri
from kg.store.base import Store

_LABEL = PREFIXES["rdfs"] + "label"
_DESCRIBE = f"""
PREFIX owl: <{PREFIXES["owl"]}>
PREFIX fikg: <{ONTOLOGY_NS}>
CONSTRUCT {{
  ?x ?p ?o . ?o <{_LABEL}> ?ol . ?o a ?ot .
  ?s ?q ?x . ?s <{_LABEL}> ?sl . ?s a ?st .
  ?o fikg:text ?text .
  ?axiom ?ap ?ao .
}} WHERE {{
  {{ ?x ?p ?o . OPTIONAL {{ ?o <{_LABEL}> ?ol }} OPTIONAL {{ ?o a ?ot FILTER(?p != <{PREFIXES["rdf"]}type>) }}
     OPTIONAL {{ ?x fikg:sourceSentence ?o . ?o fikg:text ?text }} }}
  UNION
  {{ ?s ?q ?x . FILTER(isIRI(?s)) OPTIONAL {{ ?s <{_LABEL}> ?sl }} OPTIONAL {{ ?s a ?st }} }}
  UNION
  {{ ?axiom owl:annotatedSource ?x ; ?ap ?ao . }}
}}
"""


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """The resource's linked-data description (sorted, no duplicates); UnknownEntityError if it has none."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        raise UnknownEntityError(iri) from None
    triples = set(store.query(_DESCRIBE, {"x": node}).triples())
    if not triples:
        raise UnknownEntityError(iri)
    return sorted(triples, key=str)


def graph_triples(store: Store, graphs: list[str]) -> list[ox.Triple]:
    """The union of some named graphs (e.g. the ontology modules), without duplicates."""
    triples = {quad.triple for graph in graphs for quad in store.quads(graph)}
    return sorted(triples, key=str)


def ontology_graphs(store: Store, base_iri: str = DEFAULT_BASE, module: str | None = None) -> list[str]:
    """The graphs holding the ontology (``…/graph/ontology`` and its modules), or one module's graph."""
    root = graph_iri(base_iri, ONTOLOGY_GRAPH)
    names = [info.iri for info in store.graphs()]
    if module is not None:
        wanted = f"{root}/{module}"
        return [wanted] if wanted in names else []
    return [name for name in names if name == root or name.startswith(root + "/")]


def void_triples(store: Store, base_iri: str, server: str, dumps: list[dict], examples: list[str]) -> list[ox.Triple]:
    """The VoID and DCAT description of the dataset: licence, publisher, counts, examples, endpoint, dumps.

    ``server`` is where this server answers (for the SPARQL endpoint and the dump URLs); ``dumps`` are
    dicts with name, mediaType, size and sha256.
    """
    void, dcat, spdx = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#"
    dct, xsd = PREFIXES["dcterms"], PREFIXES["xsd"]
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    dataset = ox.NamedNode(base_iri.rstrip("/") + "/dataset")
    server = server.rstrip("/")

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(xsd + "integer"))

    graphs = store.graphs()
    entities = store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")[0]["n"]
    out = [ox.Triple(dataset, rdf_type, n(void + "Dataset")), ox.Triple(dataset, rdf_type, n(dcat + "Dataset")),
           ox.Triple(dataset, n(dct + "title"), ox.Literal("Future Industries Knowledge Graph", language="en")),
           ox.Triple(dataset, n(dct + "title"), ox.Literal("未来产业知识图谱", language="zh")),
           ox.Triple(dataset, n(dct + "description"), ox.Literal(
               "The guidance 苏政发〔2023〕104号 on cultivating future industries as linked data.", language="en")),
           ox.Triple(dataset, n(dct + "license"), n("https://creativecommons.org/licenses/by/4.0/")),
           ox.Triple(dataset, n(dct + "publisher"), ox.Literal("Future Industries Knowledge Graph project")),
           ox.Triple(dataset, n(dct + "source"), n(entity_iri(base_iri, "document", "jiangsu-2023-104"))),
           ox.Triple(dataset, n(void + "uriSpace"), ox.Literal(entity_prefix(base_iri))),
           ox.Triple(dataset, n(void + "vocabulary"), n(ONTOLOGY_NS)),
           ox.Triple(dataset, n(void + "sparqlEndpoint"), n(server + "/sparql")),
           ox.Triple(dataset, n(void + "triples"), integer(sum(g.triples for g in graphs))),
           ox.Triple(dataset, n(void + "entities"), entities),
           ox.Triple(dataset, n(void + "rootResource"), n(entity_iri(base_iri, "document", "jiangsu-2023-104")))]
    out += [ox.Triple(dataset, n(void + "exampleResource"), n(example)) for example in examples]
    for info in graphs:
        subset = n(info.iri)
        out += [ox.Triple(dataset, n(void + "subset"), subset), ox.Triple(subset, rdf_type, n(void + "Dataset")),
                ox.Triple(subset, n(void + "triples"), integer(info.triples))]
    for dump in dumps:
        url = n(f"{server}/dumps/{dump['name']}")
        checksum = ox.BlankNode(f"checksum-{dump['name'].replace('.', '-')}")
        out += [ox.Triple(dataset, n(void + "dataDump"), url), ox.Triple(dataset, n(dcat + "distribution"), url),
                ox.Triple(url, rdf_type, n(dcat + "Distribution")),
                ox.Triple(url, n(dcat + "downloadURL"), url),
                ox.Triple(url, n(dcat + "mediaType"), ox.Literal(dump["mediaType"])),
                ox.Triple(url, n(dcat + "byteSize"), integer(dump["size"])),
                ox.Triple(url, n(spdx + "checksum"), checksum),
                ox.Triple(checksum, n(spdx + "algorithm"), n(spdx + "checksumAlgorithm_sha256")),
                ox.Triple(checksum, n(spdx + "checksumValue"), ox.Literal(dump["sha256"]))]
    return out
