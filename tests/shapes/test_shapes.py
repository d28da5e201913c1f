"""Every shape has a fixture that breaks it, and validation sees exactly that break (focus node and shape).

Each ``tests/data/shapes/<name>.ttl`` adds a few triples to ``base.ttl`` (a tiny world that conforms)
and says in ``# expect: <focus> shape:<Shape>`` lines which results the validation must give — no
more, no fewer. The project's ontology is part of the data, as in ``kg validate``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SH

from kg.validation.shacl import ValidationReport, load_shapes, validate_graph
from tests.helpers.shapes import BROKEN, FIXTURES, base_world

ROOT = Path(__file__).resolve().parents[2]
SHAPES_NS = "https://w3id.org/fikg/shapes#"
ID_NS = "https://w3id.org/fikg/id/"
EXPECT = re.compile(r"^# expect: (\S+) shape:(\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes(ROOT / "shapes")


@pytest.fixture(scope="module")
def world() -> rdflib.Graph:
    return base_world()


def expected(path: Path) -> set[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    return {(ID_NS + focus.removeprefix("id:").replace("\\/", "/"), SHAPES_NS + shape)
            for focus, shape in EXPECT.findall(text)}


def validate_with(world: rdflib.Graph, shapes: rdflib.Graph, fixture: Path | None) -> ValidationReport:
    data = rdflib.Graph()
    for triple in world:
        data.add(triple)
    if fixture is not None:
        data.parse(fixture)
    return validate_graph(data, shapes)


def test_the_base_world_conforms_without_warnings(world, shapes) -> None:
    report = validate_with(world, shapes, None)
    assert report.conforms and report.results == []


@pytest.mark.parametrize("fixture", BROKEN, ids=lambda p: p.stem)
def test_each_fixture_breaks_exactly_its_shape(world, shapes, fixture: Path) -> None:
    want = expected(fixture)
    assert want, f"{fixture.name} has no '# expect:' line"
    report = validate_with(world, shapes, fixture)
    assert {(r.focus, r.source) for r in report.results} == want
    warning_only = all(r.severity == "Warning" for r in report.results)
    assert report.conforms is warning_only


def test_every_shape_has_a_failing_fixture(shapes) -> None:
    covered = {shape for path in BROKEN for _, shape in expected(path)}
    assert reporting_shapes(shapes) - covered == set()


def test_every_shape_speaks_english_and_chinese(shapes) -> None:
    for shape in reporting_shapes(shapes):
        node = rdflib.URIRef(shape)
        languages = {m.language for m in shapes.objects(node, SH.message)}
        assert {"en", "zh"} <= languages, shape


def test_messages_come_in_the_requested_language(world, shapes) -> None:
    report = validate_with(world, shapes, FIXTURES / "measure-responsibility.ttl")
    (result,) = report.results
    assert result.message("en").startswith("A measure needs at least one responsible party")
    assert result.message("zh").startswith("举措至少应有一个责任单位")


def reporting_shapes(shapes: rdflib.Graph) -> set[str]:
    """Shapes and SPARQL constraints that report results: property shapes, SPARQL constraints, and
    node shapes with constraints of their own (not the helper shapes inside sh:xone)."""
    own = (SH["not"], SH.xone, SH["or"], SH["and"], SH["class"], SH["in"], SH.closed)
    found = {s for s in shapes.subjects(rdflib.RDF.type, SH.PropertyShape)}
    found |= {s for s in shapes.subjects(rdflib.RDF.type, SH.SPARQLConstraint)}
    found |= {s for s in shapes.subjects(rdflib.RDF.type, SH.NodeShape) if any(shapes.value(s, p) for p in own)}
    return {str(s) for s in found if isinstance(s, rdflib.URIRef)}


SECOND_DOCUMENT = """
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix fikg: <https://w3id.org/fikg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/fikg/id/> .
id:document\\/other a fikg:PolicyDocument ; rdfs:label "Other"@en, "另一文件"@zh ; fikg:issueYear 2024 .
id:provision\\/other-1 a fikg:Part ; rdfs:label "Part 1 of the other"@en, "另一文件第一部分"@zh ;
    eli:is_part_of id:document\\/other .
id:sentence\\/other-1-s1 a fikg:Sentence ; rdfs:label "Other, sentence 1"@en, "第一部分第1句"@zh ;
    fikg:text "培育海水制氢。"@zh ; dcterms:isPartOf id:provision\\/other-1 ; fikg:position 1 ;
    fikg:documentPosition 1 .
id:technology\\/other-seawater a fikg:Technology ; rdfs:label "seawater hydrogen (other)"@en, "海水制氢"@zh ;
    skos:inScheme id:concept-scheme\\/technologies ;
    fikg:sourceSentence id:sentence\\/other-1-s1 ; fikg:sourceProvision id:provision\\/other-1 .
"""


def test_chinese_labels_are_unique_within_a_document_not_across_documents(world, shapes) -> None:
    """Another document's sentence and concept may carry a label of the base document's (issue 23): each
    document names its own concepts. The same entity without a document is still a duplicate."""
    data = rdflib.Graph()
    for triple in world:
        data.add(triple)
    skos = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    data.parse(data=skos + SECOND_DOCUMENT, format="turtle")
    report = validate_graph(data, shapes)
    assert report.conforms, report.results
    orphan = ID_NS + "technology/other-seawater"
    for triple in list(data.triples((rdflib.URIRef(orphan), None, None))):
        if str(triple[1]).endswith(("sourceProvision", "sourceSentence")):
            data.remove(triple)
    report = validate_graph(data, shapes)
    flagged = {(r.focus, r.constraint.rsplit("#", 1)[-1]) for r in report.results}
    assert (orphan, "UniqueChineseLabelConstraint") in flagged
