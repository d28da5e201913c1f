"""kg.validation.read_set: the predicates the project's shapes read, and the patterns that read any predicate."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.errors import ShapesError
from kg.validation.read_set import predicates_read, predicates_read_beyond_focus, wildcard_patterns
from kg.validation.shacl import load_shapes

ROOT = Path(__file__).resolve().parents[3]
FIKG = "https://w3id.org/fikg/ontology#"


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes(ROOT / "shapes")


def test_paths_targets_and_the_sparql_constraints_predicates_are_read(shapes) -> None:
    read = predicates_read(shapes)
    assert {FIKG + "belongsToIndustry", "http://www.w3.org/2000/01/rdf-schema#label",  # sh:path
            "http://www.w3.org/2004/02/skos/core#broader", "http://data.europa.eu/eli/ontology#is_part_of",
            "http://purl.org/dc/terms/isPartOf",  # only inside a SPARQL constraint
            "http://purl.org/linked-data/cube#dataSet", "http://www.w3.org/2002/07/owl#annotatedSource",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "http://www.w3.org/2000/01/rdf-schema#subClassOf"} <= read


def test_annotations_of_the_shapes_themselves_are_not_read(shapes) -> None:
    read = predicates_read(shapes)
    assert "http://www.w3.org/2000/01/rdf-schema#comment" not in read  # the shapes carry comments, none reads one
    assert "http://purl.org/dc/terms/description" not in read


def test_the_patterns_that_read_any_predicate_are_the_three_write_touches_knows(shapes) -> None:
    """Orphans (any incoming triple), an axiom's annotated triple, an observation's values: a shape that reads
    triples of any predicate some other way must teach kg.validation.impact.write_touches first."""
    assert wildcard_patterns(shapes) == {
        ("?referrer", "?property", "?this"),  # NotOrphanConstraint
        ("?source", "?property", "?target"),  # AxiomAssertedConstraint
        ("?this", "?value", "?any"), ("?this", "?dimension", "?a"), ("?value", "?dimension", "?b"),  # Data Cube
        ("?this", "?shared", "?mine"), ("?value", "?shared", "?theirs")}  # IC-12: ?value is an observation too


def test_a_sparql_constraint_that_does_not_parse_is_a_shapes_error() -> None:
    shapes = rdflib.Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <http://ex/S> a sh:NodeShape ; sh:targetNode <http://ex/n> ;
            sh:sparql [ sh:select "SELECT $this WHERE {" ] .""")
    with pytest.raises(ShapesError):
        predicates_read(shapes)


def test_predicates_read_beyond_the_focus_node(shapes) -> None:
    """Of a value (types for sh:class; a responsibility's position; a cited sentence's provision), along a chain
    (skos:broader*), or of the root a chain reaches (skos:inScheme); but a label only of the focus node and of
    the nodes sharing it (which kg.validation.impact follows through the labels)."""
    beyond = predicates_read_beyond_focus(shapes)
    assert {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", FIKG + "position", "http://purl.org/dc/terms/isPartOf",
            "http://www.w3.org/2004/02/skos/core#broader", "http://www.w3.org/2004/02/skos/core#inScheme"} <= beyond
    assert "http://www.w3.org/2000/01/rdf-schema#label" not in beyond
    assert FIKG + "namesTechnology" not in beyond and FIKG + "namesTechnology" in predicates_read(shapes)
