"""OWL 2 RL materialisation: subclass memberships, inverses, transitive broader; deterministic."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDF, SKOS

from kg.build.pipeline import build
from kg.reasoning.reference import infer
from kg.settings import load_settings
from tests.helpers.project import DATA

ID = "https://w3id.org/fikg/id/technology/"
FIKG = rdflib.Namespace("https://w3id.org/fikg/ontology#")


def test_entailments_about_our_entities() -> None:
    graph = rdflib.Graph().parse(DATA / "taxonomy.ttl")
    inferred = set(infer(graph, "https://w3id.org/fikg/"))
    substrate, wide, semis = (rdflib.URIRef(ID + n) for n in ("substrate", "wide-bandgap", "semiconductors"))
    assert (substrate, RDF.type, FIKG.Technology) in inferred  # subclass membership
    assert (wide, SKOS.narrower, substrate) in inferred  # inverse
    assert (substrate, SKOS.broaderTransitive, semis) in inferred  # transitive
    assert not any(p == rdflib.OWL.sameAs for _, p, _ in inferred)
    assert not any(o == rdflib.OWL.Thing for _, _, o in inferred)


def test_inference_is_deterministic() -> None:
    graph = rdflib.Graph().parse(DATA / "taxonomy.ttl")
    assert infer(graph, "https://w3id.org/fikg/") == infer(graph, "https://w3id.org/fikg/")


def test_build_writes_inferred_graph_and_setting_turns_it_off(project) -> None:
    (project / "data" / "taxonomy.ttl").write_text((DATA / "taxonomy.ttl").read_text())
    on = build(load_settings(environ={}, project_dir=project, store_path=":memory:"))
    off = build(load_settings(environ={}, project_dir=project, store_path=":memory:", reasoning=False))
    assert on.graphs.get("https://w3id.org/fikg/graph/inferred", 0) == on.derived > 0
    assert "https://w3id.org/fikg/graph/inferred" not in off.graphs or off.derived == 0


def test_inferred_graph_repeats_no_asserted_triple(project) -> None:
    from kg.store.embedded import EmbeddedStore

    (project / "data" / "taxonomy.ttl").write_text((DATA / "taxonomy.ttl").read_text())
    store = EmbeddedStore(None)
    build(load_settings(environ={}, project_dir=project, store_path=":memory:"), store=store)
    repeated = store.select("""
        SELECT ?s ?p ?o WHERE {
          GRAPH <https://w3id.org/fikg/graph/inferred> { ?s ?p ?o }
          GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/fikg/graph/inferred>)
        }""")
    assert repeated == []
