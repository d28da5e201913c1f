"""Shapes and data that tests of validation, the gate and the API share, and the shapes' fixture files."""

from __future__ import annotations

from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[2]


TECHNOLOGY_SHAPE = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix fikg: <https://w3id.org/fikg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

fikg:TechnologyShape a sh:NodeShape ;
    sh:targetClass fikg:Technology ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "a technology needs a label"@en ] .
"""


PREFIXES = "PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


GRAPH = "http://ex/graph/extra"


# A shape whose SPARQL constraint joins six copies of the focus node's subgraph: with 30 triples that is
# 30⁶ rows, which no engine finishes in a test's lifetime.
SLOW_SHAPE = '''\
@prefix sh: <http://www.w3.org/ns/shacl#> .
<http://ex/SlowShape> a sh:NodeShape ; sh:targetSubjectsOf <http://ex/slow> ;
    sh:sparql [ sh:message "never" ; sh:select """SELECT $this WHERE {
        ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?q ?r ?s .
        FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l), STR(?o), STR(?s))) < 0) }""" ] .
'''


SLOW_DATA = "".join(f"<http://ex/s> <http://ex/slow> \"{i}\" .\n" for i in range(30))


FIXTURES = ROOT / "tests" / "data" / "shapes"


BROKEN = sorted(p for p in FIXTURES.glob("*.ttl") if p.name != "base.ttl")


ONTOLOGY = [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]


def base_world() -> rdflib.Graph:
    """The project's ontology plus the conforming base world."""
    graph = rdflib.Graph()
    for path in ONTOLOGY:
        graph.parse(path)
    graph.parse(FIXTURES / "base.ttl")
    return graph
