"""The real graph of 苏政发〔2023〕104号 against the shapes: it conforms, and writes to it validate incrementally.

Full pyshacl validation of the real sources (ontology + data, as ``kg validate`` reads them) runs once
per session (``real_report``); the other tests reuse it.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from cli.main import app
from cli.report import load_for_validation, print_report
from kg.build.pipeline import build
from kg.errors import ValidationError
from kg.rdf.convert import rdflib_term
from kg.rdf.model import Literal, NamedNode, Quad
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from kg.validation.impact import affected_nodes, touched_terms
from kg.validation.shacl import (
    ValidationReport,
    load_shapes,
    store_graph,
    validate_affected,
    validate_graph,
    validate_store,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "shapes"
ID = "https://w3id.org/fikg/id/"


@pytest.fixture(scope="session")
def source_store() -> EmbeddedStore:
    """The sources as `kg validate` loads them (not the built store of the real_store fixture)."""
    return load_for_validation(load_settings(environ={}, project_dir=ROOT, store_path=":memory:"), None)


@pytest.fixture(scope="session")
def real_report(source_store: EmbeddedStore) -> ValidationReport:
    return validate_store(source_store, ROOT / "shapes")


def test_the_real_graph_conforms_with_no_violations_and_no_warnings(real_report: ValidationReport) -> None:
    assert [(r.focus, r.source, r.message()) for r in real_report.results] == []
    assert real_report.conforms


def test_the_report_prints_conforms(real_report: ValidationReport) -> None:
    console = Console(record=True, width=120)
    print_report(console, real_report)
    assert console.export_text().strip() == "conforms"


def test_writes_to_the_real_graph_validate_incrementally_as_the_whole_graph_does(source_store) -> None:
    """Random writes; incremental results equal pyshacl over the whole graph for the affected nodes and
    for a sample of other nodes, which must keep their (empty) results."""
    shapes = load_shapes(ROOT / "shapes")
    store = EmbeddedStore(None)
    store.add_quads(source_store.quads())
    rng = random.Random(104)
    data_graph = NamedNode("https://w3id.org/fikg/graph/jiangsu-2023-104")
    quads = sorted((q for q in store.quads() if q.graph_name == data_graph), key=str)
    subjects = sorted({q.subject for q in quads if isinstance(q.subject, NamedNode)}, key=str)
    nodes = subjects + [NamedNode(f"{ID}technology/new-{i}") for i in range(3)]
    predicates = sorted({q.predicate for q in quads}, key=str)
    literals = [Literal("氢能", language="zh"), Literal("2020", datatype=NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))]
    for _ in range(2):  # pyshacl filters IRI focus nodes only: with blank-node axioms affected, "whole" is full
        removed = rng.sample(sorted((q for q in store.quads() if q.graph_name == data_graph), key=str), 2)
        added = [Quad(rng.choice(nodes), rng.choice(predicates), rng.choice(nodes + literals), data_graph)
                 for _ in range(2)]
        for quad in removed:
            store.remove_quads([quad])
        store.add_quads(added)
        touched = touched_terms([*added, *removed])
        incremental = validate_affected(store, touched, shapes)
        affected = affected_nodes(store, touched)
        others = rng.sample([n for n in subjects if n not in affected], 20)
        whole = validate_graph(store_graph(store), shapes, focus_nodes=[rdflib_term(n) for n in [*affected, *others]])
        assert sorted(r.key for r in incremental.results) == sorted(r.key for r in whole.about(
            n.value for n in affected))
        assert whole.about(n.value for n in others) == []


def test_kg_validate_on_files_says_conforms_or_shows_the_violation(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"KG_PROJECT_DIR": str(ROOT), "KG_STORE_PATH": ":memory:", "COLUMNS": "400"}
    good = runner.invoke(app, ["validate", str(FIXTURES / "base.ttl")], env=env)
    assert good.exit_code == 0 and "conforms" in good.output
    broken = tmp_path / "broken.ttl"
    broken.write_text((FIXTURES / "base.ttl").read_text() + (FIXTURES / "measure-responsibility.ttl").read_text())
    bad = runner.invoke(app, ["validate", "--lang", "zh", str(broken)], env=env)
    assert bad.exit_code == 1
    assert "举措至少应有一个责任单位" in bad.output and "does not conform" in bad.output
    turtle = runner.invoke(app, ["validate", "--format", "turtle", str(broken)], env=env)
    assert turtle.exit_code == 1 and "sh:ValidationReport" in turtle.output


def test_build_refuses_to_publish_a_graph_that_breaks_the_shapes(project: Path) -> None:
    shutil.copytree(ROOT / "shapes", project / "shapes")
    settings = load_settings(environ={}, project_dir=project, store_path=project / "var" / "store")
    with pytest.raises(ValidationError) as refused:  # the tiny data's technologies are in no taxonomy
        build(settings)
    assert {r.source.rsplit("#")[-1] for r in refused.value.report.violations} >= {"TechnologyInTaxonomyConstraint"}
    assert not (project / "var" / "store").exists()

