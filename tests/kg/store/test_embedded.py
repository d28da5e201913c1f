"""The embedded store: round trips, bound parameters, graphs, atomic replace, persistence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import LoadError, QuerySyntaxError
from kg.rdf.formats import RDF_FORMATS, RESULT_FORMATS
from kg.rdf.model import DefaultGraph, Literal, NamedNode
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import DATA, INDUSTRY, SIC

RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld",
                 "nquads": "nquads", "trig": "trig"}


@pytest.fixture
def store() -> EmbeddedStore:
    s = EmbeddedStore(None)
    s.load(DATA / "tiny-data.ttl", graph="https://w3id.org/fikg/graph/tiny")
    return s


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_export_reparses_isomorphic_to_source(store: EmbeddedStore, name: str) -> None:
    fmt = RDF_FORMATS[name]
    exported = store.export(fmt.media_type)
    reparsed = rdflib.Dataset() if fmt.datasets else rdflib.Graph()
    reparsed.parse(data=exported, format=RDFLIB_FORMAT[name])
    if fmt.datasets:
        reparsed = rdflib.Graph(store=reparsed.store, identifier=rdflib.URIRef("https://w3id.org/fikg/graph/tiny"))
    original = rdflib.Graph().parse(DATA / "tiny-data.ttl")
    assert isomorphic(original, reparsed)


def test_query_sees_union_of_named_graphs_as_default(store: EmbeddedStore) -> None:
    rows = store.select("SELECT ?t WHERE { ?t <https://w3id.org/fikg/ontology#industry> ?i } ORDER BY ?t")
    assert [r["t"].value for r in rows] == [
        "https://w3id.org/fikg/id/technology/gallium-nitride", SIC]


def test_bound_parameter_is_a_value_not_code(store: EmbeddedStore) -> None:
    hostile = '"} ; DROP ALL ; #'
    rows = store.select("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
                        label=Literal(hostile))
    assert rows == []
    assert store.count_triples() == 11  # nothing dropped
    rows = store.select("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
                        label=Literal("碳化硅", language="zh"))
    assert [r["s"].value for r in rows] == [SIC]


@pytest.mark.parametrize("name", sorted(RESULT_FORMATS))
def test_select_results_serialise_natively(store: EmbeddedStore, name: str) -> None:
    result = store.query("SELECT ?i WHERE { ?i a <https://w3id.org/fikg/ontology#Industry> }")
    body = result.serialize(RESULT_FORMATS[name].media_type).decode("utf-8")
    assert INDUSTRY in body


def test_ask_and_construct(store: EmbeddedStore) -> None:
    assert store.ask("ASK { ?s ?p ?o }")
    triples = store.construct("CONSTRUCT { ?t ?p ?o } WHERE { ?t ?p ?o } LIMIT 2")
    assert len(triples) == 2


def test_malformed_query_reports_line_and_column(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        store.query("SELECT * WHERE {\n ?s ?p \n}")
    assert info.value.line == 3


def test_load_error_names_file_line_and_column() -> None:
    with pytest.raises(LoadError) as info:
        EmbeddedStore(None).load(DATA / "broken.ttl")
    assert info.value.source.endswith("broken.ttl")
    assert info.value.line == 3
    assert "broken.ttl:3:" in str(info.value)


def test_graphs_list_triple_counts(store: EmbeddedStore) -> None:
    store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "application/n-triples", graph="http://ex/g")
    assert {(g.iri, g.triples) for g in store.graphs()} == {
        ("https://w3id.org/fikg/graph/tiny", 11), ("http://ex/g", 1)}


def test_replace_graph_swaps_content_and_failure_changes_nothing(store: EmbeddedStore) -> None:
    store.replace_graph("https://w3id.org/fikg/graph/tiny", "<http://ex/a> <http://ex/b> <http://ex/c> .",
                        "text/turtle")
    assert store.count_triples() == 1
    with pytest.raises(LoadError):
        store.replace_graph("https://w3id.org/fikg/graph/tiny", "<http://ex/a> <http://ex/b> .", "text/turtle")
    assert store.count_triples() == 1


def test_failed_update_is_not_half_applied(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { <http://ex/a> <http://ex/b> 1 } ; DELETE WHERE { ?s ?p }")
    assert store.count_triples() == 11


def test_persists_across_process_restart(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = ("import sys; from pathlib import Path; from kg.store.embedded import EmbeddedStore;"
              "s = EmbeddedStore(Path(sys.argv[1]));"
              "s.update('INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> \"kept\" } }');"
              "s.close()")
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True)
    reopened = EmbeddedStore(path, read_only=True)
    assert [r["o"].value for r in reopened.select("SELECT ?o WHERE { ?s ?p ?o }")] == ["kept"]


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "s").close()
    from kg.errors import StoreError

    with pytest.raises(StoreError):
        EmbeddedStore(tmp_path / "s", read_only=True).update("INSERT DATA { <http://a> <http://b> <http://c> }")


def test_named_node_terms_are_model_terms(store: EmbeddedStore) -> None:
    rows = store.select("SELECT ?i WHERE { ?t <https://w3id.org/fikg/ontology#industry> ?i } LIMIT 1")
    assert rows[0]["i"] == NamedNode(INDUSTRY)


def test_dump_graph_gives_one_graph_or_the_stores_own_default_graph(store: EmbeddedStore) -> None:
    store.update("INSERT DATA { <http://ex/d> <http://ex/p> 'default' }")
    assert store.dump_graph(DefaultGraph(), "application/n-triples") == b'<http://ex/d> <http://ex/p> "default" .\n'
    graph = "https://w3id.org/fikg/graph/tiny"
    turtle = store.dump_graph(NamedNode(graph), "text/turtle")
    assert turtle.startswith(b"@prefix")  # Turtle gets the project's prefixes
    assert isomorphic(rdflib.Graph().parse(data=turtle, format="turtle"), rdflib.Graph().parse(DATA / "tiny-data.ttl"))
    assert store.dump_graph(NamedNode("http://ex/none"), "application/n-triples") == b""
