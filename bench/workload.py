"""What the benchmark asks: the query mix and the cheap single-entity lookups, over a generated graph.

The mix is eight queries modelled on what our users ask (``queries/`` and ontology/README.md):
which agencies cover a technology, which targets fall due in a year, the responsible parties of a
measure in text order, the busiest lead agencies, entities per class, where the document states a
relation, the taxonomy of an industry, and the linked-data view of a measure. Each query is asked
about different entities in turn (documents spread over the whole graph), so no server answers
from a warm corner of its indexes only.
"""

from __future__ import annotations

from dataclasses import dataclass

from generate import ID, agency_iri, concept_iri, documents_for

JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
PREFIXES = """PREFIX fikg: <https://w3id.org/fikg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""

# name -> (accept, query template); {doc} is a document slug, {agency} an agency IRI.
MIX: dict[str, tuple[str, str]] = {
    "agencies-covering-technology": (JSON, """SELECT ?agency ?agency_label ?measure WHERE {
  ?coverage fikg:technology <%(technology)s> ; fikg:agent ?agency ; fikg:viaMeasure ?measure .
  ?agency rdfs:label ?agency_label FILTER(LANG(?agency_label) = "zh")
} ORDER BY ?agency"""),
    "targets-due-in-year": (JSON, """SELECT ?target ?label ?quantity ?document WHERE {
  ?target a fikg:QuantitativeTarget ; fikg:targetYear 2030 ; fikg:quantity ?quantity ; rdfs:label ?label .
  ?measure fikg:hasTarget ?target ; fikg:provision/eli:is_part_of ?document .
  FILTER(LANG(?label) = "en")
} ORDER BY DESC(?quantity) ?target LIMIT 50"""),
    "responsible-parties-in-order": (JSON, """SELECT ?position ?agency ?agency_label ?is_lead WHERE {
  <%(measure)s> fikg:hasResponsibility ?responsibility .
  ?responsibility fikg:position ?position ; fikg:agent ?agency ; fikg:isLead ?is_lead .
  ?agency rdfs:label ?agency_label FILTER(LANG(?agency_label) = "zh")
} ORDER BY ?position"""),
    "busiest-lead-agencies": (JSON, """SELECT ?agency (COUNT(?responsibility) AS ?measures) WHERE {
  ?responsibility fikg:agent ?agency ; fikg:isLead true .
} GROUP BY ?agency ORDER BY DESC(?measures) ?agency LIMIT 10"""),
    "entities-per-class": (JSON, """SELECT ?class (COUNT(?entity) AS ?entities) WHERE {
  ?entity a ?class .
} GROUP BY ?class ORDER BY DESC(?entities)"""),
    "where-is-it-stated": (JSON, """SELECT ?agency ?sentence ?text WHERE {
  ?axiom owl:annotatedSource <%(responsibility)s> ; owl:annotatedProperty fikg:agent ;
      owl:annotatedTarget ?agency ; fikg:statedIn ?sentence .
  ?sentence fikg:text ?text .
}"""),
    "taxonomy-of-industry": (JSON, """SELECT ?concept ?label ?broader WHERE {
  ?concept fikg:belongsToIndustry <%(industry)s> ; rdfs:label ?label .
  OPTIONAL { ?concept skos:broader ?broader }
  FILTER(LANG(?label) = "en")
} ORDER BY ?concept"""),
    "describe-measure": (TURTLE, "DESCRIBE <%(measure)s>"),
}

LOOKUP = "SELECT ?p ?o WHERE { <%s> ?p ?o }"


@dataclass(frozen=True)
class Request:
    """One query to send: its name in the mix, the Accept type and the full text."""

    name: str
    accept: str
    sparql: str


def entities(documents: int, variant: int) -> dict[str, str]:
    """The entities the ``variant``-th round of the mix asks about, spread over the documents."""
    slug = f"gen-{(variant * 7919) % documents:05d}"
    return {"technology": concept_iri(slug, 1, 2), "measure": f"{ID}measure/{slug}-m{1 + variant % 3}",
            "responsibility": f"{ID}responsibility/{slug}-m1-1", "industry": f"{ID}industry/{slug}-i{1 + variant % 3}"}


def query_mix(triples: int, variants: int = 16) -> list[Request]:
    """The mix, ``variants`` times over different entities, interleaved query by query."""
    documents = documents_for(triples)
    requests = []
    for variant in range(variants):
        values = entities(documents, variant)
        for name, (accept, template) in MIX.items():
            requests.append(Request(name, accept, PREFIXES + template % values))
    return requests


def lookups(triples: int, count: int = 256) -> list[Request]:
    """Single-entity lookups (every triple of one subject) over measures, responsibilities and agencies."""
    documents = documents_for(triples)
    requests = []
    for i in range(count):
        slug = f"gen-{(i * 7919) % documents:05d}"
        subject = (f"{ID}measure/{slug}-m{1 + i % 3}", f"{ID}responsibility/{slug}-m1-1",
                   agency_iri(i % 20), f"{ID}target/{slug}-t1")[i % 4]
        requests.append(Request("lookup", JSON, LOOKUP % subject))
    return requests
