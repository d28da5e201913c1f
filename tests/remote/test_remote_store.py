"""The store behaviours of tests/kg/store/test_embedded.py, on the embedded store, an Oxigraph server and Virtuoso."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import (
    LoadError,
    QueryParameterError,
    QuerySyntaxError,
    StoreError,
    UnsupportedStoreOperationError,
    UpdateError,
)
from kg.rdf.formats import RDF_FORMATS, RESULT_FORMATS
from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.store.remote import STAGING_PREFIX, RemoteStore
from tests.helpers.project import DATA, INDUSTRY, SIC
from tests.remote.conftest import ENGINES, Server

TINY = "https://w3id.org/fikg/graph/tiny"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld",
                 "nquads": "nquads", "trig": "trig"}
HOSTILE = ['"} ; DROP ALL ; #', "'} } DELETE WHERE { ?s ?p ?o } #", "line\nbreak\r\n", 'back\\slash \\" q',
           "}} ) ( {{ VALUES", "碳化硅 ‮ \u2028 \U0001f600", '"""\'\'\'']


@pytest.fixture(params=["embedded", *ENGINES])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The tiny data in graph …/tiny, in each kind of store."""
    if request.param == "embedded":
        s: Store = EmbeddedStore(None)
    else:
        server: Server = request.getfixturevalue(request.param)
        server.clear()
        s = server.store()
    s.load(DATA / "tiny-data.ttl", graph=TINY)
    yield s
    s.close()


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_export_reparses_isomorphic_to_source(store: Store, name: str) -> None:
    fmt = RDF_FORMATS[name]
    reparsed = rdflib.Dataset() if fmt.datasets else rdflib.Graph()
    reparsed.parse(data=store.export(fmt.media_type), format=RDFLIB_FORMAT[name])
    if fmt.datasets:
        reparsed = rdflib.Graph(store=reparsed.store, identifier=rdflib.URIRef(TINY))
    assert isomorphic(rdflib.Graph().parse(DATA / "tiny-data.ttl"), reparsed)


def test_query_sees_union_of_named_graphs_as_default(store: Store) -> None:
    store.load_data("<http://ex/a> <https://w3id.org/fikg/ontology#industry> <http://ex/i> .",
                    "application/n-triples", graph="http://ex/other")
    rows = store.select("SELECT ?t WHERE { ?t <https://w3id.org/fikg/ontology#industry> ?i } ORDER BY ?t")
    assert [r["t"].value for r in rows] == ["http://ex/a", "https://w3id.org/fikg/id/technology/gallium-nitride", SIC]


def test_protocol_default_and_named_graphs(store: Store) -> None:
    store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "application/n-triples", graph="http://ex/g")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert store.query(count, default_graphs=["http://ex/g"]).rows()[0]["n"].value == "1"
    named = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=["http://ex/g"]).rows()
    assert {r["g"].value for r in named} == {"http://ex/g"}


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_bound_values_are_values_and_change_nothing(store: Store, value: str) -> None:
    store.update(f"INSERT DATA {{ GRAPH <http://ex/h> {{ <http://ex/h> {LABEL} {Literal(value)} }} }}")
    query = f"SELECT ?s ?label WHERE {{ ?s {LABEL} ?label }}"
    assert [r["s"].value for r in store.select(query, label=Literal(value))] == ["http://ex/h"]
    assert store.count_triples() == 12
    assert [r["s"].value for r in store.select(query, label=Literal("碳化硅", language="zh"))] == [SIC]


@pytest.mark.parametrize("iri", ["http://ex/a>b", "http://ex/a> } ; DROP ALL ; #", "http://ex/{x}"])
def test_iris_with_brackets_are_refused_and_change_nothing(store: Store, iri: str) -> None:
    with pytest.raises((ValueError, StoreError)):
        store.select("SELECT * WHERE { ?s ?p ?o }", s=NamedNode(iri))
    with pytest.raises(StoreError):
        store.drop_graph(iri)
    assert store.count_triples() == 11


def test_unprojected_binding_is_a_parameter_error(store: Store) -> None:
    with pytest.raises(QueryParameterError):
        store.select("SELECT ?s WHERE { ?s ?p ?o }", o=Literal("x"))


@pytest.mark.parametrize("name", sorted(RESULT_FORMATS))
def test_select_results_serialise_natively(store: Store, name: str) -> None:
    result = store.query("SELECT ?i WHERE { ?i a <https://w3id.org/fikg/ontology#Industry> }")
    assert INDUSTRY in result.serialize(RESULT_FORMATS[name].media_type).decode("utf-8")


def test_ask_and_construct(store: Store) -> None:
    assert store.ask("ASK { ?s ?p ?o }")
    assert not store.ask("ASK { ?s <http://ex/nothing> ?o }")
    assert len(store.construct("CONSTRUCT { ?t ?p ?o } WHERE { ?t ?p ?o } LIMIT 2")) == 2
    assert store.query("DESCRIBE <" + SIC + ">").kind == "graph"


def test_malformed_query_reports_line_and_column(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        store.query("SELECT * WHERE {\n ?s ?p \n}")
    assert info.value.line == 3


def test_load_error_names_file_line_and_column(store: Store) -> None:
    with pytest.raises(LoadError) as info:
        store.load(DATA / "broken.ttl", graph="http://ex/broken")
    assert info.value.source.endswith("broken.ttl") and info.value.line == 3
    assert store.count_triples() == 11


def test_graphs_list_triple_counts(store: Store) -> None:
    store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "application/n-triples", graph="http://ex/g")
    assert {(g.iri, g.triples) for g in store.graphs()} == {(TINY, 11), ("http://ex/g", 1)}


def test_dataset_payload_lands_in_its_graphs(store: Store) -> None:
    store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> <http://ex/g1> .\n"
                    "<http://ex/a> <http://ex/b> <http://ex/d> <http://ex/g2> .\n", "application/n-quads")
    assert {g.iri for g in store.graphs()} == {TINY, "http://ex/g1", "http://ex/g2"}


def test_blank_node_structures_survive_the_round_trip(store: Store) -> None:
    store.load_data("<http://ex/c> <http://ex/r> [ <http://ex/on> <http://ex/p> ; <http://ex/some> <http://ex/d> ] .",
                    "text/turtle", graph="http://ex/owl")
    rows = store.select("SELECT ?d WHERE { <http://ex/c> <http://ex/r> ?x . ?x <http://ex/some> ?d }")
    assert [r["d"].value for r in rows] == ["http://ex/d"]


def test_replace_graph_swaps_content_and_failure_changes_nothing(store: Store) -> None:
    store.replace_graph(TINY, "<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle")
    assert store.count_triples() == 1
    with pytest.raises(LoadError):
        store.replace_graph(TINY, "<http://ex/a> <http://ex/b> .", "text/turtle")
    assert store.count_triples() == 1


def test_drop_graph(store: Store) -> None:
    store.drop_graph(TINY)
    store.drop_graph("http://ex/absent")
    assert store.graphs() == []


def test_failed_update_is_not_half_applied(store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 1 } } ; DELETE WHERE { ?s ?p }")
    assert store.count_triples() == 11


def test_named_node_terms_are_model_terms(store: Store) -> None:
    rows = store.select("SELECT ?i WHERE { ?t <https://w3id.org/fikg/ontology#industry> ?i } LIMIT 1")
    assert rows[0]["i"] == NamedNode(INDUSTRY)


def keeps_no_default_graph(store: Store) -> bool:
    """Virtuoso: no default graph of its own (writes to it are refused)."""
    return isinstance(store, RemoteStore) and not store.profile.own_default_graph


def test_all_quads_include_the_stores_own_default_graph(store: Store) -> None:
    if keeps_no_default_graph(store):
        with pytest.raises(UpdateError, match="no default graph"):
            store.update("INSERT DATA { <http://ex/d> <http://ex/p> 'd' }")
        assert len(list(store.quads())) == 11 and {q.graph_name.value for q in store.quads()} == {TINY}
        return
    store.update("INSERT DATA { <http://ex/d> <http://ex/p> 'd' }")
    default = [q for q in store.quads() if isinstance(q.graph_name, DefaultGraph)]
    assert [str(q.subject) for q in default] == ["<http://ex/d>"]
    assert len(list(store.quads())) == 12 and len(list(store.quads(TINY))) == 11
    assert b"<http://ex/d> <http://ex/p> \"d\" .\n" in store.export("application/n-quads")


def test_select_default_graph_sees_only_the_stores_own_default_graph(store: Store) -> None:
    if keeps_no_default_graph(store):  # Virtuoso: asked for an empty default graph, the named graphs as they are
        assert store.select_default_graph("SELECT ?s WHERE { ?s ?p ?o }") == []
        rows = store.select_default_graph(f"SELECT ?s WHERE {{ GRAPH <{TINY}> {{ ?s {LABEL} ?o }} }}")
        assert f"<{SIC}>" in {str(row["s"]) for row in rows}
        absent = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                  "FILTER NOT EXISTS { GRAPH <http://ex/no> { ?s ?p ?o } } }")
        assert store.select_default_graph(absent)[0]["n"].value == "11"
        return
    store.update("INSERT DATA { <http://ex/d> <http://ex/p> 'd' }")
    rows = store.select_default_graph("SELECT ?s WHERE { ?s ?p ?o }")
    assert [str(row["s"]) for row in rows] == ["<http://ex/d>"]
    assert len(store.query("SELECT ?s WHERE { ?s ?p ?o }").rows()) == 12  # query() sees the union


def test_graph_names_list_the_data_graphs(store: Store) -> None:
    store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "application/n-triples", graph="http://ex/g")
    if isinstance(store, RemoteStore):  # staging graphs are not data (nor are Virtuoso's own graphs)
        store.add_triples(STAGING_PREFIX + "run:0:add", [ox.Triple(NamedNode("http://ex/s"), NamedNode("http://ex/p"),
                                                                   Literal("staged"))], atomic=False)
    assert store.graph_names() == sorted([TINY, "http://ex/g"]) == [g.iri for g in store.graphs()]


def test_structural_reads_of_the_write_path(store: Store) -> None:
    """quads_in, contains_quads and has_named_graph (the base class asks a remote engine in SPARQL)."""
    g, tiny = NamedNode("http://ex/g"), NamedNode(TINY)
    many = "".join(f"<http://ex/s{i}> <http://ex/p> {i} .\n" for i in range(250))  # two containment batches
    labels = "<http://ex/a> <http://ex/l> 'T'@en, 'U'@en, '碳化'@zh, 'plain' ."  # Virtuoso: see Store.contains_quads
    store.load_data(many + labels + "<http://ex/a> <http://ex/b> [ <http://ex/x> 'blank' ] .", "text/turtle",
                    graph=g.value)
    assert store.has_named_graph(g) and store.has_named_graph(tiny)
    assert not store.has_named_graph(NamedNode("http://ex/absent"))
    in_g = store.quads_in(g)
    assert len(in_g) == 256 and {q.graph_name for q in in_g} == {g}
    assert len(store.quads_in(tiny)) == 11 and store.quads_in(NamedNode("http://ex/absent")) == []
    assert store.quads_in(BlankNode()) == [] and len(store.quads_in(None)) == 267
    plain = [q for q in in_g if not isinstance(q.object, BlankNode) and not isinstance(q.subject, BlankNode)]
    absent = [Quad(q.subject, q.predicate, Literal("nowhere"), q.graph_name) for q in plain[:3]]
    elsewhere = [Quad(q.subject, q.predicate, q.object, tiny) for q in plain[:3]]
    assert store.contains_quads([*plain, *absent, *elsewhere, plain[0]]) == set(plain)
    tagged = [q for q in plain if q.predicate == NamedNode("http://ex/l")]
    assert len(tagged) == 4 and store.contains_quads(tagged) == set(tagged)
    blank = [q for q in in_g if q not in plain]
    assert len(blank) == 2  # an engine reached in SPARQL cannot be asked for its blank nodes
    assert store.contains_quads(blank) == (set(blank) if isinstance(store, EmbeddedStore) else set())
    if keeps_no_default_graph(store):  # Virtuoso: nothing is in a default graph of its own
        assert store.quads_in(DefaultGraph()) == []
        return
    store.update("INSERT DATA { <http://ex/d> <http://ex/p> 'd' }")
    default = Quad(NamedNode("http://ex/d"), NamedNode("http://ex/p"), Literal("d"), DefaultGraph())
    assert store.quads_in(DefaultGraph()) == [default]
    assert store.contains_quads([default, Quad(default.subject, default.predicate, default.object, g)]) == {default}


def test_quad_writes_copies_and_deltas_of_the_interface(store: Store) -> None:
    """add_quads, remove_quads, quad_count, copy_in_memory, commit_delta and check_delta, on every backend."""
    g, p = NamedNode("http://ex/g"), NamedNode("http://ex/p")
    quads = [Quad(NamedNode(f"http://ex/s{i}"), p, Literal(f"v{i}"), g) for i in range(3)]
    store.add_quads(quads)
    assert store.contains_quads(quads) == set(quads) and store.quad_count() == 14
    store.remove_quads(quads[:1])
    assert store.contains_quads(quads) == set(quads[1:])
    copy = store.copy_in_memory()
    try:
        assert copy.in_process and copy.path is None
        assert set(copy.quads_in(g)) == set(quads[1:]) and copy.quad_count() == 13
        copy.remove_quads(quads[1:])  # the copy is the caller's: the store keeps its quads
    finally:
        copy.close()
    assert store.contains_quads(quads) == set(quads[1:])
    store.commit_delta([quads[0]], [quads[1]], after=[f"DROP SILENT GRAPH <{TINY}>"])
    assert store.contains_quads(quads) == {quads[0], quads[2]} and not store.has_named_graph(NamedNode(TINY))
    blank = Quad(BlankNode(), p, Literal("b"), g)
    store.add_quads([blank])
    if store.in_process:
        assert isinstance(store.oxigraph(), ox.Store)
        store.check_delta([], [blank])
        store.remove_quads([blank])
        assert store.contains_quads([blank]) == set()
        return
    with pytest.raises(UnsupportedStoreOperationError):
        store.oxigraph()
    with pytest.raises(UnsupportedStoreOperationError):  # its blank nodes cannot be named: nothing is removed
        store.remove_quads([quads[0], blank])
    with pytest.raises(UpdateError):
        store.check_delta([], [blank])
    assert quads[0] in store.contains_quads([quads[0]])


def test_graph_triples_and_staging_adds(remote_store: RemoteStore) -> None:
    """What publication uses: the live graph read back whole, and staging chunks (Oxigraph: its bulk loader)."""
    remote_store.load(DATA / "tiny-data.ttl", graph=TINY)
    lists = "<http://ex/c> <http://ex/r> [ <http://ex/l> (1 2) ] ."
    remote_store.load_data(lists, "text/turtle", graph="http://ex/b")
    read_back = ox.serialize(remote_store.graph_triples("http://ex/b"), format=ox.RdfFormat.N_TRIPLES)
    expected = rdflib.Graph().parse(data=lists, format="turtle")
    assert isomorphic(rdflib.Graph().parse(data=read_back, format="nt"), expected)
    staged = [q.triple for q in remote_store.quads(TINY)]
    assert len(staged) == len(remote_store.graph_triples(TINY)) == 11
    remote_store.add_triples("urn:fikg:staging:t:0", staged, atomic=False)
    assert remote_store.profile.staging_parameters() == ({"no_transaction": ""}
                                                         if remote_store.profile.name == "oxigraph" else {})
    assert sorted(map(str, remote_store.graph_triples("urn:fikg:staging:t:0"))) == sorted(map(str, staged))
    assert remote_store.staging_graphs() == ["urn:fikg:staging:t:0"]
