"""The derived graph after each of many random writes equals what a full derivation gives (issue 17 item 3).

Writes are drawn by a seeded RNG (:mod:`tests.helpers.random_writes`): new technologies, deletions,
moves of a technology between industries, new links, assertions of derived triples, restorations, and
subclass / subproperty axioms added and removed. Each write commits with its derived change, and the
derived graph is then compared with a full :func:`kg.derivation.whole.derive` of the store's asserted graphs.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.derivation import derived_change
from kg.rdf.model import DefaultGraph, Literal, NamedNode, Quad
from kg.rdf.vocab import graph_iri
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.writes import gate
from tests.helpers.built_graph import real_settings
from tests.helpers.random_writes import (
    FIKG,
    ID,
    RDF_TYPE,
    WriteMaker,
    apply,
    derived_triples,
    full_derivation,
)

ROOT = Path(__file__).resolve().parents[3]
GENERATED_SEEDS = range(8)  # 8 sequences of 25 writes: 200 writes on the generated graph
WRITES_PER_SEED = 25
REAL_WRITES_PER_SEED = 10


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's ontology and rules with a generated graph of three documents as its data."""
    project = tmp_path_factory.mktemp("derivation")
    shutil.copytree(ROOT / "ontology", project / "ontology")
    shutil.copytree(ROOT / "queries", project / "queries")
    (project / "data").mkdir()
    _generator().write_graph(project / "data" / "generated.ttl", 3000)
    return project


def _settings(project: Path) -> Settings:
    return load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)


def _built(settings: Settings) -> EmbeddedStore:
    store = EmbeddedStore(None)
    build(settings, store=store)
    return store


def _run(store: EmbeddedStore, settings: Settings, data_graph: str, seed: int, writes: int) -> list[str]:
    """Apply ``writes`` random writes; assert equality with a full derivation after each."""
    maker = WriteMaker(store, settings, data_graph, graph_iri(settings.base_iri, "ontology/external"),
                       random.Random(seed))
    kinds = []
    for number in range(writes):
        write = maker.make()
        derived = apply(store, write, settings)
        expected = full_derivation(store, settings)
        actual = derived_triples(store, settings)
        assert actual == expected, (
            f"seed {seed}, write {number} ({write.kind}, {'full' if derived.full else 'incremental'}): "
            f"missing {sorted(map(str, expected - actual))[:5]}, extra {sorted(map(str, actual - expected))[:5]}")
        kinds.append(f"{write.kind}:{'full' if derived.full else 'incremental'}")
    return kinds


@pytest.mark.parametrize("seed", GENERATED_SEEDS)
def test_random_writes_on_a_generated_graph_keep_the_derived_graph_exact(generated_project: Path, seed: int) -> None:
    settings = _settings(generated_project)
    store = _built(settings)
    kinds = _run(store, settings, graph_iri(settings.base_iri, "generated"), seed, WRITES_PER_SEED)
    assert any(k.endswith(":incremental") for k in kinds)  # the incremental path did the work


@pytest.mark.parametrize("seed", [1001, 1002])
def test_random_writes_on_the_real_graph_keep_the_derived_graph_exact(real_store: EmbeddedStore, seed: int) -> None:
    settings = real_settings()
    store = EmbeddedStore(None)
    store.add_quads(real_store.quads())  # the session's real graph is read-only: write to a copy
    kinds = _run(store, settings, graph_iri(settings.base_iri, "jiangsu-2023-104"), seed, REAL_WRITES_PER_SEED)
    assert any(k.endswith(":incremental") for k in kinds)


def test_graph_store_writes_through_the_gate_keep_the_derived_graph_exact(generated_project: Path) -> None:
    """Graph Store POST, PUT and DELETE of the data graph commit their derived change (nothing is left
    derived from a dropped graph)."""
    settings = _settings(generated_project)
    store = _built(settings)
    graph = graph_iri(settings.base_iri, "generated")
    body = (generated_project / "data" / "generated.ttl").read_bytes()
    gate.delete_graph(store, graph, settings)
    assert derived_triples(store, settings) == full_derivation(store, settings)
    result = gate.add_to_graph(store, graph, body, "application/n-triples", settings)
    assert result.derived.added and derived_triples(store, settings) == full_derivation(store, settings)
    first_half = b"\n".join(body.splitlines()[: len(body.splitlines()) // 2]) + b"\n"
    result = gate.replace_graph(store, graph, first_half, "application/n-triples", settings)
    assert result.derived.removed and derived_triples(store, settings) == full_derivation(store, settings)


def test_a_new_technology_gains_its_industrys_coverage_and_loses_it_when_moved(generated_project: Path) -> None:
    settings = _settings(generated_project)
    store = _built(settings)
    data = NamedNode(graph_iri(settings.base_iri, "generated"))
    covered_industry = next(q.object for q in store.oxigraph().quads_for_pattern(
        None, NamedNode(FIKG + "namesIndustry"), None, None))
    links = store.oxigraph().quads_for_pattern(None, NamedNode(FIKG + "belongsToIndustry"), None, None)
    other = next(q.object for q in links if q.object != covered_industry)
    tech = NamedNode(ID + "technology/derivation-test")
    link = Quad(tech, NamedNode(FIKG + "belongsToIndustry"), covered_industry, data)
    added = [Quad(tech, RDF_TYPE, NamedNode(FIKG + "Technology"), data), link,
             Quad(tech, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("t", language="en"), data)]
    change = derived_change(store, added, [], settings)
    assert change.full is None
    covers = NamedNode(FIKG + "coversTechnologyExplicitly")
    assert any(q.predicate == covers and q.object == tech for q in change.added)
    apply(store, _write(added, []), settings)
    moved = Quad(tech, link.predicate, other, data)
    change = derived_change(store, [moved], [link], settings)
    assert any(q.predicate == covers and q.object == tech for q in change.removed)
    apply(store, _write([moved], [link]), settings)
    assert derived_triples(store, settings) == full_derivation(store, settings)


def test_an_axiom_change_falls_back_to_a_full_derivation(generated_project: Path) -> None:
    settings = _settings(generated_project)
    store = _built(settings)
    ontology = NamedNode(graph_iri(settings.base_iri, "ontology/external"))
    axiom = Quad(NamedNode(FIKG + "RandomKind"), NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                 NamedNode(FIKG + "Technology"), ontology)
    change = derived_change(store, [axiom], [], settings)
    assert change.full and "axioms" in change.full
    assert any(q.triple.subject == axiom.subject for q in change.added)  # the subclass closure grows


def _write(added: list[Quad], removed: list[Quad]):
    from tests.helpers.random_writes import Write

    return Write("given", added, removed)


def test_a_second_value_of_a_functional_property_falls_back_to_a_full_derivation(generated_project: Path) -> None:
    settings = _settings(generated_project)
    store = _built(settings)
    data = NamedNode(graph_iri(settings.base_iri, "generated"))
    flag = NamedNode(FIKG + "appliesToAllFutureIndustries")
    measure = next(q.subject for q in store.oxigraph().quads_for_pattern(None, NamedNode(FIKG + "hasResponsibility"),
                                                                     None, None))
    apply(store, _write([Quad(measure, flag, Literal(True), data)], []), settings)
    change = apply(store, _write([Quad(measure, flag, Literal(False), data)], []), settings)
    assert change.full and "functional" in change.full
    assert derived_triples(store, settings) == full_derivation(store, settings)


def test_writes_to_the_stores_own_default_graph_are_derived_from(generated_project: Path) -> None:
    """The union the derivation reads holds the store's own default graph too."""
    settings = _settings(generated_project)
    store = _built(settings)
    industry = next(q.object for q in store.oxigraph().quads_for_pattern(None, NamedNode(FIKG + "namesIndustry"), None,
                                                                     None))
    tech = NamedNode(ID + "technology/in-the-default-graph")
    quads = [Quad(tech, RDF_TYPE, NamedNode(FIKG + "Technology"), DefaultGraph()),
             Quad(tech, NamedNode(FIKG + "belongsToIndustry"), industry, DefaultGraph())]
    change = apply(store, _write(quads, []), settings)
    assert change.added and derived_triples(store, settings) == full_derivation(store, settings)
    change = apply(store, _write([], quads), settings)
    assert change.removed and derived_triples(store, settings) == full_derivation(store, settings)
