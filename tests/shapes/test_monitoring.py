"""Target monitoring on the real graph: the example cube conforms and is the example CSV, it is marked as
invented and kept out of the build, its design shows every progress status, a broken cube breaks several
Data Cube integrity constraints at once, and where incremental validation of observations still falls short.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.build.pipeline import discover_sources
from kg.monitoring.status import Point, progress_status
from kg.rdf.model import Literal as OxLiteral
from kg.rdf.model import NamedNode, Quad
from kg.validation.impact import affected_nodes, touched_terms
from kg.validation.shacl import load_shapes, validate_affected, validate_graph, validate_store
from tests.helpers.validation import GRAPH, keys, new_world

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CSV = ROOT / "docs" / "examples" / "observations-example.csv"
EXAMPLE_TTL = ROOT / "docs" / "examples" / "observations-example.ttl"
BROKEN = ROOT / "tests" / "data" / "monitoring" / "broken-cube.ttl"
SOURCES = [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl")),
           *sorted((ROOT / "data").glob("*.ttl"))]
FIKG = Namespace("https://w3id.org/fikg/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
ID = "https://w3id.org/fikg/id/"
SHAPE = "https://w3id.org/fikg/shapes#"
INVENTED = ("Invented example data", "not real statistics", "虚构示例数据", "并非真实统计")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes(ROOT / "shapes")


@pytest.fixture(scope="module")
def real_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in SOURCES:
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def with_example(real_graph: rdflib.Graph) -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in real_graph:
        graph.add(triple)
    return graph.parse(EXAMPLE_TTL)


def csv_rows() -> list[dict[str, str]]:
    lines = [line for line in EXAMPLE_CSV.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def test_the_real_graph_with_the_example_cube_conforms(with_example, shapes) -> None:
    report = validate_graph(with_example, shapes)
    assert report.conforms and report.results == []


def test_the_example_cube_says_what_the_csv_says(with_example) -> None:
    """Row for row: the target (IRI or exact label) gives the indicator, the date the period (a year or a
    day), the status letter its code (skos:notation), and value and source are kept as they are."""
    expected = set()
    for row in csv_rows():
        target = (URIRef(row["target"]) if row["target"].startswith("https://") else
                  one(t for t in with_example.subjects(RDFS.label, Literal(row["target"], lang="zh"))
                      if (t, RDF.type, FIKG.QuantitativeTarget) in with_example))
        status = one(with_example.subjects(SKOS.notation, Literal(row["obs_status"] or "A")))
        expected.add((with_example.value(target, FIKG.indicator), URIRef(ID + "period/" + row["date"]),
                      int(row["value"]), status, row["source"]))
    observations = set(with_example.subjects(RDF.type, QB.Observation))
    got = {(with_example.value(o, FIKG.refIndicator), with_example.value(o, FIKG.refPeriod),
            with_example.value(o, SDMX_MEASURE.obsValue).toPython(), with_example.value(o, SDMX_ATTRIBUTE.obsStatus),
            str(with_example.value(o, DCTERMS.source))) for o in observations}
    assert len(observations) == len(csv_rows()) == len(got)
    assert got == expected


def test_every_target_has_one_to_four_example_values(with_example) -> None:
    for target in with_example.subjects(RDF.type, FIKG.QuantitativeTarget):
        indicator = with_example.value(target, FIKG.indicator)
        count = len(set(with_example.subjects(FIKG.refIndicator, indicator)))
        assert 1 <= count <= 4, (target, count)


def test_the_example_says_it_is_invented_everywhere(with_example) -> None:
    head = [line for line in EXAMPLE_CSV.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert all(word in head[0] for word in ("INVENTED EXAMPLE DATA, NOT REAL STATISTICS", "虚构示例数据，并非真实统计"))
    assert EXAMPLE_TTL.read_text(encoding="utf-8").startswith(head[0])
    for row in csv_rows():
        assert all(word in row["source"] for word in INVENTED), row
    for observation in with_example.subjects(RDF.type, QB.Observation):
        source = str(with_example.value(observation, DCTERMS.source))
        assert all(word in source for word in INVENTED), observation
        dataset = with_example.value(observation, QB.dataSet)
        assert str(dataset).endswith("-example")
        assert any("INVENTED EXAMPLE DATA" in d for d in with_example.objects(dataset, DCTERMS.description))


def test_the_example_is_not_part_of_the_build() -> None:
    paths = [source.path.resolve() for source in discover_sources(ROOT, "https://w3id.org/fikg")]
    assert EXAMPLE_TTL.resolve() not in paths
    built = rdflib.Graph()
    for path in paths:
        built.parse(path)
    assert not set(built.subjects(RDF.type, QB.Observation))


# The example's design checked with the progress rule itself (kg/monitoring/status.py). Reference time: a
# period's end (a year's value is its value at the year's end); a target due by year Y is due at the end of Y.
def progress(quantity: int, due: float | None, series: list[tuple[float, float]]) -> str:
    return progress_status(quantity, due, [Point(t, x) for t, x in series]).status


def years(instant: datetime) -> float:
    start = datetime(instant.year, 1, 1, tzinfo=instant.tzinfo)
    return instant.year + (instant - start).total_seconds() / ((start.replace(year=instant.year + 1) - start)
                                                               .total_seconds())


# target slug -> status with the observations known at the end of 2024, at the end of 2025, and all of them
DESIGN = {
    "2025-future-industry-platform-carriers": ("needs_acceleration", "needs_acceleration", "missed"),
    "2025-future-industry-leading-talents": ("insufficient_data", "achieved", "achieved"),
    "annual-forward-looking-technology-projects": ("achieved", "achieved", "behind"),
    "2030-provincial-future-industry-pilot-zones": ("insufficient_data", "on_track", "on_track"),
    "2030-open-application-scenarios": ("insufficient_data", "limited_progress", "needs_acceleration"),
    "2030-future-industry-innovation-talents": ("no_data", "insufficient_data", "deterioration"),
}
CUT_OFFS = (2025.0, 2026.0, None)


def test_the_example_shows_every_progress_status(with_example) -> None:
    got = {}
    for target in with_example.subjects(RDF.type, FIKG.QuantitativeTarget):
        year = with_example.value(target, FIKG.targetYear)
        due = None if year is None else float(year.toPython() + 1)
        indicator = with_example.value(target, FIKG.indicator)
        series = sorted((years(with_example.value(with_example.value(o, FIKG.refPeriod), FIKG.periodEnd).toPython()),
                         float(with_example.value(o, SDMX_MEASURE.obsValue).toPython()))
                        for o in with_example.subjects(FIKG.refIndicator, indicator))
        quantity = with_example.value(target, FIKG.quantity).toPython()
        got[str(target).removeprefix(ID + "target/")] = tuple(
            progress(quantity, due, [(t, x) for t, x in series if cut is None or t <= cut]) for cut in CUT_OFFS)
    assert got == DESIGN
    shown = {status for statuses in got.values() for status in statuses}
    assert shown == {"achieved", "on_track", "needs_acceleration", "limited_progress", "deterioration", "missed",
                     "no_data", "insufficient_data", "behind"}


def test_a_broken_cube_breaks_several_integrity_constraints(real_graph, shapes) -> None:
    data = rdflib.Graph()
    for triple in real_graph:
        data.add(triple)
    report = validate_graph(data.parse(BROKEN), shapes)
    got = {(r.focus.removeprefix(ID), r.source.removeprefix(SHAPE)) for r in report.results}
    assert got == {
        ("structure/broken", "StructureMeasureConstraint"),  # IC-3
        ("component/broken-area", "DimensionRangeConstraint"),  # IC-4
        ("component/broken-area", "OptionalComponentConstraint"),  # IC-6
        ("slice/broken", "SliceStructureShape"),  # IC-9
        ("observation/broken-1", "ObservationDimensionsConstraint"),  # IC-11
        ("observation/broken-2", "ObservationDimensionsConstraint"),
        ("observation/broken-1", "NoDuplicateObservationConstraint"),  # IC-12
        ("observation/broken-2", "NoDuplicateObservationConstraint"),
        ("observation/broken-1", "RequiredAttributesConstraint"),  # IC-13
        ("observation/broken-3", "ObservationDataSetShape"),  # IC-1
        ("observation/broken-2", "CountObservationValueConstraint"),  # a negative count
    }
    assert not report.conforms


def test_an_observation_written_into_an_existing_cube_is_checked_incrementally_as_in_full(shapes) -> None:
    world = new_world()  # the shapes' base world: a monitoring data set and its structure, no observation
    observation = NamedNode(ID + "observation/without-period")
    added = [Quad(observation, NamedNode(str(p)), o, GRAPH) for p, o in (
        (RDF.type, NamedNode(str(QB.Observation))), (QB.dataSet, NamedNode(ID + "dataset/monitoring")),
        (FIKG.refIndicator, NamedNode(ID + "indicator/platforms")), (SDMX_MEASURE.obsValue, OxLiteral(
            "8", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        (SDMX_ATTRIBUTE.obsStatus, NamedNode("http://purl.org/linked-data/sdmx/2009/code#obsStatus-A")))]
    for quad in added:
        world.add_quads([quad])
    full = validate_store(world, ROOT / "shapes")
    assert {r.source for r in full.results} == {SHAPE + "ObservationDimensionsConstraint"}  # IC-11, no period
    assert keys(validate_affected(world, touched_terms(added), shapes).results) == keys(full.results)


def one(items):
    (item,) = set(items)
    return item


def an_observation(slug: str, period: str | None = "2025", value: str = "8") -> list[Quad]:
    """A well-formed observation of the base world's monitoring data set (without a period if ``period`` is None)."""
    node = NamedNode(ID + f"observation/{slug}")
    facts = [(RDF.type, NamedNode(str(QB.Observation))), (QB.dataSet, NamedNode(ID + "dataset/monitoring")),
             (FIKG.refIndicator, NamedNode(ID + "indicator/platforms")),
             (SDMX_MEASURE.obsValue, OxLiteral(value, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
             (SDMX_ATTRIBUTE.obsStatus, NamedNode("http://purl.org/linked-data/sdmx/2009/code#obsStatus-A"))]
    if period is not None:
        facts.append((FIKG.refPeriod, NamedNode(ID + f"period/{period}")))
    return [Quad(node, NamedNode(str(p)), o, GRAPH) for p, o in facts]


def test_a_duplicate_observation_and_its_undoing_are_checked_incrementally_as_in_full(shapes) -> None:
    """IC-12: the observation a new one duplicates changes its results too, and so does it when the new one
    moves to another period or leaves; every time, the incremental report equals the full one on the
    affected nodes, and no other node changes its results."""
    world = new_world()
    for quad in an_observation("first"):
        world.oxigraph().add(quad)
    second = an_observation("second", value="9")
    period = next(q for q in second if q.predicate.value == str(FIKG.refPeriod))
    moved = Quad(period.subject, period.predicate, NamedNode(ID + "period/2024"), GRAPH)
    before = validate_store(world, ROOT / "shapes")
    writes = [(second, []), ([moved], [period]), ([period], [moved]), ([], second)]
    for step, (added, removed) in enumerate(writes):
        for quad in removed:
            world.oxigraph().remove(quad)
        for quad in added:
            world.oxigraph().add(quad)
        full = validate_store(world, ROOT / "shapes")
        if step in (0, 2):
            assert {(r.focus.removeprefix(ID), r.source.removeprefix(SHAPE)) for r in full.violations} >= {
                ("observation/first", "NoDuplicateObservationConstraint"),
                ("observation/second", "NoDuplicateObservationConstraint")}
        touched = touched_terms([*added, *removed])
        affected = {n.value for n in affected_nodes(world, touched)}
        assert keys(validate_affected(world, touched, shapes).results) == keys(full.about(affected))
        outside = [keys(r for r in report.results if r.focus not in affected) for report in (full, before)]
        assert outside[0] == outside[1], f"write {step}: a node outside the affected set changed"
        before = full
