"""The fast engine (pyshacl-turbo) gives exactly pyshacl's results on our shapes; pyshacl is the reference.

Compared: every breaking fixture of ``tests/data/shapes`` (on rdflib graphs, as ``kg validate`` of files),
a generated graph with planted violations and the real graph (from a store, as ``kg build`` validates:
N-Quads text straight from pyoxigraph). A result is compared on everything it says: focus node, path,
value, source shape, severity, constraint component, SPARQL constraint and the messages in zh and en.
The 10k generated graph and the real graph take pyshacl minutes on a busy machine: ``KG_LONG_TESTS=1``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import ShapesError
from kg.store.embedded import EmbeddedStore
from kg.validation.shacl import ValidationReport, load_shapes, shacl_engine, validate_graph, validate_store
from tests.helpers.shapes import BROKEN, FIXTURES, ONTOLOGY, base_world

ROOT = Path(__file__).resolve().parents[3]
LONG = os.environ.get("KG_LONG_TESTS") == "1"

pytest.importorskip("pyshacl_turbo")


def facts(report: ValidationReport) -> tuple[bool, list[tuple]]:
    return report.conforms, sorted((r.key, r.constraint or "") for r in report.results)


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes(ROOT / "shapes")


@pytest.fixture(scope="module")
def world() -> rdflib.Graph:
    return base_world()


@pytest.mark.parametrize("fixture", BROKEN, ids=lambda p: p.stem)
def test_both_engines_agree_on_each_fixture(world, shapes, fixture: Path) -> None:
    data = rdflib.Graph()
    for triple in world:
        data.add(triple)
    data.parse(fixture)
    reference = validate_graph(data, shapes, engine="pyshacl")
    fast = validate_graph(data, shapes, engine="turbo")
    assert reference.results, f"{fixture.name} breaks nothing"
    assert facts(fast) == facts(reference)


@pytest.mark.parametrize("fixture", BROKEN, ids=lambda p: p.stem)
def test_both_engines_agree_on_each_fixture_in_a_store(fixture: Path) -> None:
    """From a store, turbo runs the Core shapes and the SPARQL constraints run once each on pyoxigraph."""
    store = store_of(*ONTOLOGY, FIXTURES / "base.ttl", fixture)
    reference = validate_store(store, ROOT / "shapes", engine="pyshacl")
    assert reference.results, f"{fixture.name} breaks nothing"
    assert facts(validate_store(store, ROOT / "shapes", engine="turbo")) == facts(reference)


def store_of(*paths: Path, text: str = "") -> EmbeddedStore:
    """An in-memory store with each file in its own named graph (as the build loads sources)."""
    store = EmbeddedStore(None)
    for path in paths:
        store.load(path, graph=f"https://w3id.org/fikg/graph/{path.stem}")
    if text:
        import pyoxigraph as ox

        store.oxigraph().load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                          to_graph=ox.NamedNode("https://w3id.org/fikg/graph/generated"))
    return store


def generated(triples: int, violations: int) -> tuple[str, set[str]]:
    """bench/generate.py's graph and the focus nodes of the violations it plants (one per document)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate, planted_violations
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return "".join(generate(triples, seed=104, violations=violations)), {f for _, f in planted_violations(violations)}


@pytest.mark.parametrize("triples", [2_000, *([10_000] if LONG else [])])
def test_both_engines_agree_on_a_generated_graph_with_planted_violations(triples: int) -> None:
    text, planted = generated(triples, violations=2 if triples < 5_000 else 6)
    store = store_of(*ONTOLOGY, text=text)
    reference = validate_store(store, ROOT / "shapes", engine="pyshacl")
    fast = validate_store(store, ROOT / "shapes", engine="turbo")
    assert planted <= {r.focus for r in reference.violations}
    assert facts(fast) == facts(reference)


@pytest.mark.skipif(not LONG, reason="pyshacl on the real graph takes minutes: set KG_LONG_TESTS=1")
def test_both_engines_agree_on_the_real_graph() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from tests.helpers.built_graph import built_store
    finally:
        sys.path.remove(str(ROOT / "tests"))
    store = built_store()
    reference = validate_store(store, ROOT / "shapes", engine="pyshacl")
    assert facts(validate_store(store, ROOT / "shapes", engine="turbo")) == facts(reference)


def test_a_simple_literal_from_the_store_equals_the_shapes_plain_literal(tmp_path: Path) -> None:
    """pyoxigraph has no plain literals (all are xsd:string); rdflib and pyshacl tell them apart, and our
    shapes say ``sh:in ( "annual" )``: the store's "annual" must conform with either engine, "yearly" not."""
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "period.ttl").write_text(
        '@prefix sh: <http://www.w3.org/ns/shacl#> .\n'
        '<urn:shape:Period> sh:targetSubjectsOf <urn:period> ;\n'
        '    sh:property [ sh:path <urn:period> ; sh:in ( "annual" ) ] .\n',
        encoding="utf-8")
    store = EmbeddedStore(None)
    store.load_data('<urn:a> <urn:period> "annual" .\n<urn:b> <urn:period> "yearly" .\n', "application/n-triples",
                    graph="urn:graph:data")
    for engine in ("pyshacl", "turbo"):
        report = validate_store(store, tmp_path / "shapes", engine=engine)
        assert [(r.focus, r.value) for r in report.results] == [("urn:b", "yearly")], engine


def test_the_engine_setting_is_passed_in_not_read(monkeypatch) -> None:
    assert shacl_engine("pyshacl") == "pyshacl"
    assert shacl_engine("auto") == shacl_engine() == "turbo"  # installed: pyshacl_turbo is imported above
    monkeypatch.setenv("KG_SHACL_ENGINE", "pyshacl")  # the environment is read once, by load_settings
    assert shacl_engine() == "turbo"
    with pytest.raises(ShapesError, match="unknown SHACL engine"):
        shacl_engine("fast")


# The constraints written as left joins (OPTIONAL + !BOUND) rather than FILTER NOT EXISTS, so that pyoxigraph
# runs them set-at-a-time as joins (issue 20): each still sees what breaks it, in a store as on a graph, and
# still passes what it must pass. (fixture or Turtle added to the base world, focus, constraint or None: conforms,
# words of the English message)
SHAPE = "https://w3id.org/fikg/shapes#"
ID = "https://w3id.org/fikg/id/"
_PREFIXES = """@prefix fikg: <https://w3id.org/fikg/ontology#> . @prefix id: <https://w3id.org/fikg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
"""
REWRITTEN = [
    ("technology-in-taxonomy.ttl", "product/widget", "TechnologyInTaxonomyConstraint", "outside"),
    ("cited-provision-in-document.ttl", "technology/seawater", "CitedProvisionInDocumentConstraint", "provision/a"),
    ("responsibility-positions.ttl", "measure/m", "ResponsibilityPositionsConstraint", "gap before position 3"),
    # no party in position 1, only one in position 2: the first branch of the union (and a gap before 2)
    (_PREFIXES + """id:measure\\/m2 a fikg:KeyMeasure ; fikg:hasResponsibility id:responsibility\\/m2-2 .
        id:responsibility\\/m2-2 a fikg:Responsibility ; fikg:measure id:measure\\/m2 ; fikg:position 2 .""",
     "measure/m2", "ResponsibilityPositionsConstraint", "no party in position 1"),
    # two steps up the taxonomy to a concept of the scheme, and a provision two steps below the document: conform
    (_PREFIXES + """id:product\\/deep a fikg:Product ; rdfs:label "deep"@en, "深"@zh ; skos:broader id:product\\/mid ;
        fikg:sourceProvision id:provision\\/sub .
        id:product\\/mid a fikg:Product ; rdfs:label "mid"@en, "中"@zh ; skos:broader id:technology\\/seawater .
        id:provision\\/sub a fikg:Section ; rdfs:label "sub"@en, "小节"@zh ; eli:is_part_of id:provision\\/doc-1 .
        id:technology\\/seawater skos:narrower id:product\\/mid . id:product\\/mid skos:narrower id:product\\/deep .""",
     "product/deep", None, None),
]


@pytest.mark.parametrize(("added", "focus", "constraint", "words"), REWRITTEN, ids=lambda v: str(v)[:40])
def test_each_constraint_written_as_a_join_sees_what_breaks_it(added: str, focus: str, constraint: str | None,
                                                               words: str | None) -> None:
    path = FIXTURES / added if added.endswith(".ttl") else None
    store = store_of(*ONTOLOGY, FIXTURES / "base.ttl", *([path] if path else []))
    if path is None:
        store.oxigraph().load(added.encode("utf-8"), format=ox.RdfFormat.TURTLE,
                          to_graph=ox.NamedNode("https://w3id.org/fikg/graph/extra"))
    reference = validate_store(store, ROOT / "shapes", engine="pyshacl")
    fast = validate_store(store, ROOT / "shapes", engine="turbo")
    found = {(r.focus, r.constraint, r.message("en")) for r in reference.results if r.constraint}
    if constraint is None:
        assert not any(f == ID + focus for f, _, _ in found) and fast.conforms == reference.conforms
    else:
        assert any((f, c) == (ID + focus, SHAPE + constraint) and words in m for f, c, m in found)
    assert facts(fast) == facts(reference)
