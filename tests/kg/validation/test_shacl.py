"""kg.validation: typed reports, report graphs, and incremental validation that equals the full one.

The incremental checks run on the shapes' base world (``tests/data/shapes/base.ttl`` with the project's
ontology and shapes): every breaking fixture applied as a write, and random writes. For each write, the
incremental report must equal the full report restricted to the affected nodes, and no node outside
the affected set may change its results (so the affected set is complete).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import rdflib

from kg.errors import ShapesError
from kg.rdf.model import Literal, NamedNode, Quad
from kg.store.embedded import EmbeddedStore
from kg.validation.impact import affected_nodes, touched_terms, write_touches
from kg.validation.read_set import predicates_read, predicates_read_beyond_focus
from kg.validation.shacl import ValidationReport, load_shapes, validate_affected, validate_graph, validate_store
from tests.helpers.validation import GRAPH, keys, new_world

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "data" / "shapes"
FIKG = "https://w3id.org/fikg/ontology#"
ID = "https://w3id.org/fikg/id/"


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes(ROOT / "shapes")


@pytest.fixture
def world() -> EmbeddedStore:
    return new_world()


@pytest.fixture(scope="module")
def base_report() -> ValidationReport:
    """The full report of the untouched base world (it conforms), computed once."""
    return validate_store(new_world(), ROOT / "shapes")


def graph_of(*fixtures: str) -> rdflib.Graph:
    """The ontology, the base world and the named fixtures as one rdflib graph."""
    data = rdflib.Graph()
    for path in [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]:
        data.parse(path)
    for name in ("base", *fixtures):
        data.parse(FIXTURES / f"{name}.ttl")
    return data


def write(store: EmbeddedStore, added: list[Quad], removed: list[Quad]) -> set:
    """Apply a write directly and return the terms it touched."""
    for quad in removed:
        store.remove_quads([quad])
    for quad in added:
        store.add_quads([quad])
    return touched_terms([*added, *removed])


def assert_incremental_equals_full(store: EmbeddedStore, shapes: rdflib.Graph, before: ValidationReport,
                                   touched: set) -> ValidationReport:
    after = validate_store(store, ROOT / "shapes")
    incremental = validate_affected(store, touched, shapes)
    affected = {n.value for n in affected_nodes(store, touched)}
    assert keys(incremental.results) == keys(after.about(affected))
    assert incremental.conforms == (not any(r.severity == "Violation" for r in after.about(affected)))
    unaffected = lambda report: keys(r for r in report.results if r.focus not in affected)  # noqa: E731
    assert unaffected(after) == unaffected(before), "a node outside the affected set changed its results"
    return incremental


def test_results_are_typed_and_speak_the_requested_language(shapes) -> None:
    report = validate_graph(graph_of("measure-responsibility"), shapes)
    (result,) = report.violations
    assert (result.focus, result.path, result.severity) == (ID + "measure/m2", None, "Violation")
    assert result.shape == "https://w3id.org/fikg/shapes#MeasureResponsibilityShape"
    assert result.component == "http://www.w3.org/ns/shacl#XoneConstraintComponent"
    assert result.message("zh").startswith("举措") and result.message("en").startswith("A measure")
    assert result.message("fr") == result.message("en")  # falls back to English
    assert not report.conforms and report.warnings == []


def test_the_report_is_a_standard_shacl_report_in_turtle_and_json_ld(shapes) -> None:
    report = validate_graph(graph_of("not-orphan"), shapes)
    assert report.conforms and [r.severity for r in report.results] == ["Warning"]  # warnings still conform
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    turtle = rdflib.Graph().parse(data=report.serialize("turtle"), format="turtle")
    (node,) = turtle.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert turtle.value(node, SH.conforms).toPython() is True
    assert turtle.value(next(turtle.objects(node, SH.result)), SH.focusNode) == rdflib.URIRef(ID + "region/nowhere")
    document = json.loads(report.serialize("json-ld"))
    assert "ValidationReport" in json.dumps(document)
    with pytest.raises(ValueError):
        report.serialize("csv")


def test_inverse_paths_are_shown_readably(shapes) -> None:
    (result,) = validate_graph(graph_of("growth-future-industry-technology"), shapes).results
    assert result.path == f"^{FIKG}belongsToIndustry"


def test_rdfs_inference_would_hide_class_violations(shapes) -> None:
    """Why inference is off: with RDFS, the range of belongsToIndustry makes any value an industry."""
    data = graph_of("technology-industry")
    assert [r.source.rsplit("#")[-1] for r in validate_graph(data, shapes).results] == ["TechnologyIndustryShape"]
    assert "TechnologyIndustryShape" not in {
        (r.source or "").rsplit("#")[-1] for r in validate_graph(data, shapes, inference="rdfs").results}


def test_unreadable_shapes_are_a_shapes_error(tmp_path: Path) -> None:
    (tmp_path / "broken.ttl").write_text("this is not turtle")
    with pytest.raises(ShapesError, match=r"broken\.ttl"):
        load_shapes(tmp_path)


def test_no_shapes_conform_and_an_empty_focus_set_validates_nothing(world, shapes) -> None:
    assert validate_store(world, ROOT / "no-such-dir").conforms
    nothing = validate_graph(rdflib.Graph().parse(FIXTURES / "not-orphan.ttl"), shapes, focus_nodes=[])
    assert nothing.conforms and nothing.results == []


@pytest.mark.parametrize("fixture", sorted(p for p in FIXTURES.glob("*.ttl") if p.name != "base.ttl"),
                         ids=lambda p: p.stem)
def test_each_breaking_fixture_as_a_write_is_seen_incrementally_as_in_full(world, shapes, base_report,
                                                                           fixture: Path) -> None:
    before = base_report
    added = [q for q in _parse(fixture) if q not in set(world.quads())]
    incremental = assert_incremental_equals_full(world, shapes, before, write(world, added, []))
    assert incremental.results, "the fixture breaks a shape, so the write must not pass"


def test_random_writes_are_seen_incrementally_as_in_full(world, shapes) -> None:
    rng = random.Random(20231106)
    quads = sorted((q for q in world.quads() if q.graph_name == GRAPH), key=str)
    nodes = sorted({q.subject for q in quads} | {q.object for q in quads if isinstance(q.object, NamedNode)}, key=str)
    predicates = sorted({q.predicate for q in quads}, key=str)
    literals = [Literal("海水制氢", language="zh"), Literal("氢能", language="zh"), Literal("x", language="en"),
                Literal("0", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                Literal("2", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")), Literal("annual")]
    before = validate_store(world, ROOT / "shapes")
    for _ in range(12):
        current = sorted((q for q in world.quads() if q.graph_name == GRAPH), key=str)
        removed = rng.sample(current, rng.randint(0, 2))
        added = [Quad(rng.choice(nodes), rng.choice(predicates),
                      rng.choice(nodes + literals), GRAPH) for _ in range(rng.randint(0, 2))]
        assert_incremental_equals_full(world, shapes, before, write(world, added, removed))
        before = validate_store(world, ROOT / "shapes")


def _parse(path: Path) -> list[Quad]:
    scratch = EmbeddedStore(None)
    scratch.load(path, graph=GRAPH.value)
    return list(scratch.quads())


UNREAD = [NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), NamedNode("http://purl.org/dc/terms/description"),
          NamedNode("http://example.org/unread")]


@pytest.mark.parametrize("seed", [20, 104])
def test_random_writes_of_predicates_no_shape_reads_are_seen_incrementally_as_in_full(world, shapes, seed) -> None:
    """write_touches leaves out what no check reads (issue 20): random writes mixing predicates the shapes read
    beyond the focus node, predicates they read of the focus node only and predicates they never name, on nodes
    that include an owl:Axiom's annotated triple of an unread predicate
    and an observation (whose checks read any predicate), are seen as in full validation."""
    rng = random.Random(seed)
    seawater, hydrogen = NamedNode(ID + "technology/seawater"), NamedNode(ID + "industry/hydrogen")
    setup = _parse_text(f"""
        <{ID}axiom/unread> a <http://www.w3.org/2002/07/owl#Axiom> ;
            <http://www.w3.org/2002/07/owl#annotatedSource> <{seawater.value}> ;
            <http://www.w3.org/2002/07/owl#annotatedProperty> <http://example.org/unread> ;
            <http://www.w3.org/2002/07/owl#annotatedTarget> <{hydrogen.value}> ;
            <{FIKG}statedIn> <{ID}sentence/doc-1-s1> ; <{FIKG}statedInProvision> <{ID}provision/doc-1> .
        <{seawater.value}> <http://example.org/unread> <{hydrogen.value}> .
        <{ID}observation/one> a <http://purl.org/linked-data/cube#Observation> ;
            <http://purl.org/linked-data/cube#dataSet> <{ID}dataset/monitoring> .
        <{ID}structure/monitoring> <http://purl.org/linked-data/cube#component> <{ID}component/unread> .
        <{ID}component/unread> a <http://purl.org/linked-data/cube#ComponentSpecification> ;
            <http://purl.org/linked-data/cube#dimension> <http://example.org/unread> .""")
    for quad in setup:
        world.oxigraph().add(quad)
    read, beyond = predicates_read(shapes), predicates_read_beyond_focus(shapes)
    quads = sorted((q for q in world.quads() if q.graph_name == GRAPH), key=str)
    nodes = sorted({q.subject for q in quads} | {q.object for q in quads if isinstance(q.object, NamedNode)}, key=str)
    predicates = sorted({q.predicate for q in quads}, key=str)
    literals = [Literal("a note", language="en"), Literal("氢能", language="zh"), Literal("x")]
    cases = [([], [Quad(seawater, UNREAD[2], hydrogen, GRAPH)]),  # the annotated triple goes: the axiom sees it
             ([Quad(seawater, UNREAD[0], literals[0], GRAPH)], []),  # a comment: touches nothing
             ([Quad(NamedNode(ID + "observation/one"), UNREAD[1], literals[2], GRAPH)], []),
             ([Quad(NamedNode(ID + "observation/one"), UNREAD[2], literals[2], GRAPH)], [])]  # a dimension: IC-11
    for _ in range(24):
        current = sorted((q for q in world.quads() if q.graph_name == GRAPH), key=str)
        removed = rng.sample([q for q in current if q.predicate in UNREAD or rng.random() < 0.1], rng.randint(0, 2))
        added = [Quad(rng.choice(nodes), rng.choice(UNREAD if rng.random() < 0.4 else predicates),
                      rng.choice(nodes + literals), GRAPH) for _ in range(rng.randint(1, 3))]
        cases.append((added, removed))
    before = validate_store(world, ROOT / "shapes")
    for added, removed in cases:
        touched = write_touches(world, [*added, *removed], read, beyond)  # read before the write, as the gate does
        write(world, added, removed)
        assert_incremental_equals_full(world, shapes, before, touched)
        before = validate_store(world, ROOT / "shapes")


def test_a_comment_touches_nothing_and_a_label_its_node(world, shapes) -> None:
    seawater = NamedNode(ID + "technology/seawater")
    read = predicates_read(shapes)
    assert not set(write_touches(world, [Quad(seawater, UNREAD[0], Literal("a note", language="en"), GRAPH)], read))
    label = Quad(seawater, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("海水", language="zh"),
                 GRAPH)
    assert seawater in write_touches(world, [label], read).subjects  # without ``beyond``: as touched_terms
    touched = write_touches(world, [label], read, predicates_read_beyond_focus(shapes))
    assert seawater in touched.objects and not touched.subjects  # the nodes pointing at it read no label of it
    broader = Quad(seawater, NamedNode("http://www.w3.org/2004/02/skos/core#broader"), NamedNode(ID + "x"), GRAPH)
    assert seawater in write_touches(world, [broader], read, predicates_read_beyond_focus(shapes)).subjects


def _parse_text(turtle: str) -> list[Quad]:
    scratch = EmbeddedStore(None)
    import pyoxigraph as ox

    scratch.oxigraph().load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=GRAPH)
    return list(scratch.quads())
