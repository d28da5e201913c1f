"""What Virtuoso 7 does differently, and how the Virtuoso profile of RemoteStore answers for it.

Each test runs against the real Virtuoso of the session (tests/helpers/virtuoso.py); one starts a second,
small one whose ResultSetMaxRows is 5. The differences are listed in kg/store/remote_virtuoso.py and
docs/deploy.md; a test here keeps each line of that list true.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.errors import QuerySyntaxError, QueryTimeoutError, StoreError, UpdateError
from kg.rdf.model import BlankNode, Literal, NamedNode
from kg.store.remote import RemoteStore
from kg.store.remote_virtuoso import SYSTEM_GRAPHS
from tests.helpers.project import DATA, SIC
from tests.helpers.virtuoso import VirtuosoServer
from tests.remote.conftest import Server

TINY = "https://w3id.org/fikg/graph/tiny"
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


@pytest.fixture
def store(virtuoso: Server) -> Iterator[RemoteStore]:
    """The tiny data in …/tiny on the session's Virtuoso, through the writer's account."""
    virtuoso.clear()
    remote = virtuoso.store()
    remote.load(DATA / "tiny-data.ttl", graph=TINY)
    yield remote
    remote.close()


def test_recognised_from_its_server_header_with_its_limitations_logged(virtuoso: Server,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kg.remote")
    recognised = RemoteStore(virtuoso.query_url)
    assert (recognised.profile.name, recognised.union) == ("virtuoso", "list")
    assert recognised.profile.row_limit == 10_000_000  # ResultSetMaxRows, read from the engine
    logged = caplog.text
    assert "virtuoso profile" in logged and "not one transaction" in logged and "ResultSetMaxRows=10000000" in logged


def test_listens_on_loopback_only(virtuoso: VirtuosoServer) -> None:
    """Both of its ports (SQL and HTTP) are bound to 127.0.0.1, as the ini says, and nothing else is."""
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.split(":")
            if state == "0A" and int(port, 16) in {virtuoso.sql_port, virtuoso.http_port}:
                listening.add((address, int(port, 16)))
    assert listening == {("0100007F", virtuoso.sql_port), ("0100007F", virtuoso.http_port)}


def test_its_own_graphs_are_not_data(store: RemoteStore) -> None:
    assert [g.iri for g in store.graphs()] == [TINY]
    assert store.count_triples() == 11 == int(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value)
    named = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [row["g"].value for row in named] == [TINY]
    assert not set(SYSTEM_GRAPHS) & {q.graph_name.value for q in store.quads()}


def test_ask_answers_are_booleans(store: RemoteStore) -> None:
    """Virtuoso answers ASK with a one-row SELECT of __ASK_RETVAL; the store gives a boolean, as the others."""
    assert store.ask("ASK { ?s ?p ?o }") is True
    assert store.ask("ASK { ?s <http://ex/none> ?o }") is False
    assert store.query("ASK {}").serialize("application/sparql-results+json") == b'{"head":{},"boolean":true}'


def test_blank_nodes_and_booleans_come_back_as_the_other_stores_give_them(store: RemoteStore) -> None:
    store.load_data("<http://ex/c> <http://ex/lead> true , false ; <http://ex/r> [ <http://ex/on> <http://ex/p> ] .",
                    "text/turtle", graph="http://ex/b")
    flags = store.select("SELECT ?v WHERE { <http://ex/c> <http://ex/lead> ?v } ORDER BY ?v")
    assert [row["v"] for row in flags] == [Literal(v, datatype=XSD_BOOLEAN) for v in ("false", "true")]
    rows = store.select("SELECT ?x ?y WHERE { <http://ex/c> <http://ex/r> ?x . ?y <http://ex/on> <http://ex/p> }")
    assert isinstance(rows[0]["x"], BlankNode) and rows[0]["x"] == rows[0]["y"]  # one node within an answer
    graph = store.construct("CONSTRUCT WHERE { <http://ex/c> ?p ?o }")
    assert Literal("true", datatype=XSD_BOOLEAN) in {t.object for t in graph}


def test_describe_gives_the_resources_own_triples(store: RemoteStore) -> None:
    """Virtuoso's DESCRIBE is empty without a dataset; the profile asks for its CBD mode."""
    described = store.construct(f"DESCRIBE <{SIC}>")
    assert {str(t.subject) for t in described} == {f"<{SIC}>"} and len(described) > 3


def test_a_syntax_error_has_a_line_and_a_column(store: RemoteStore) -> None:
    """Virtuoso names only the line; the column comes from parsing the refused query locally."""
    with pytest.raises(QuerySyntaxError) as info:
        store.select("SELECT *\nWHERE {\n ?s ?p \n}")
    assert info.value.line == 4 and info.value.column is not None and "SP030" in info.value.message


def test_no_default_graph_of_its_own(store: RemoteStore) -> None:
    with pytest.raises(UpdateError, match="no default graph"):
        store.update("INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }")
    assert store.select_default_graph("SELECT ?s WHERE { ?s ?p ?o }") == []  # asked for an empty one
    assert store.count_triples() == 11


def test_blank_nodes_in_insert_data_are_written(store: RemoteStore) -> None:
    """Virtuoso refuses blank nodes in INSERT DATA; the profile sends the data as an INSERT template."""
    store.update('INSERT DATA { GRAPH <http://ex/b> { <http://ex/c> <http://ex/r> [ <http://ex/l> ( 1 "}" ) ] } } ;'
                 ' INSERT DATA { GRAPH <http://ex/b> { <http://ex/c> <http://ex/s> "INSERT DATA {" } }')
    rows = store.select("SELECT ?first WHERE { <http://ex/c> <http://ex/r>/<http://ex/l>/<http://www.w3.org/1999/02"
                        "/22-rdf-syntax-ns#rest>/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?first }")
    assert [row["first"].value for row in rows] == ["}"]
    assert store.count_triples("http://ex/b") == 1 + 1 + 4 + 1


def test_non_ascii_parameters_match_in_patterns_and_string_functions(store: RemoteStore) -> None:
    """Bound by VALUES: Virtuoso matches them in triple patterns and in CONTAINS/LCASE of the value itself
    (``STR()`` of a non-ASCII constant is what it gets wrong, upstream issue 609)."""
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    assert [row["s"].value for row in store.select(f"SELECT ?s ?l WHERE {{ ?s {label} ?l }}",
                                                   l=Literal("碳化硅", language="zh"))] == [SIC]
    found = store.select(f"SELECT ?t ?s WHERE {{ ?s {label} ?l FILTER(CONTAINS(LCASE(STR(?l)), LCASE(?t))) }}",
                         t=Literal("碳化"))
    assert [row["s"].value for row in found] == [SIC]


def test_an_update_is_not_one_transaction(store: RemoteStore) -> None:
    """What the profile logs at start: the operations before a failing one stay applied."""
    with pytest.raises(UpdateError):
        store.update("INSERT DATA { GRAPH <http://ex/t> { <http://ex/a> <http://ex/b> 'applied' } } ; "
                     "DROP GRAPH <http://ex/never-created>")
    assert store.count_triples("http://ex/t") == 1
    assert not store.profile.atomic_updates


def test_the_engines_time_limit_is_a_timeout(store: RemoteStore) -> None:
    """MaxQueryExecutionTime (5 s here) ends the query with S1T00; our own limit (30 s) is not reached."""
    store.load_data("".join(f"<http://ex/s{i}> <http://ex/p> {i} .\n" for i in range(3000)), "text/turtle",
                    graph="http://ex/many")
    cube = "SELECT (COUNT(*) AS ?n) WHERE { ?a <http://ex/p> ?x . ?b <http://ex/p> ?y . ?c <http://ex/p> ?z }"
    with pytest.raises(QueryTimeoutError, match="own time limit"):
        store.select(cube)


def test_writes_need_the_update_role(virtuoso: Server) -> None:
    """The anonymous SPARQL account reads; writing needs the account with SPARQL_UPDATE (Digest)."""
    anonymous = RemoteStore(virtuoso.query_url, update_url=virtuoso.query_url, engine="virtuoso")
    with pytest.raises(StoreError, match="SPARQL_UPDATE"):
        anonymous.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> <http://ex/c> } }")
    wrong = RemoteStore(virtuoso.query_url, update_url=virtuoso.update_url, user="kg_writer", password="wrong",
                        engine="virtuoso")
    with pytest.raises(StoreError, match="refused access"):
        wrong.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> <http://ex/c> } }")
    assert httpx.get(virtuoso.update_url, params={"query": "ASK {}"}).status_code == 401
    challenge = httpx.get(virtuoso.update_url, params={"query": "ASK {}"}).headers["www-authenticate"]
    assert re.match(r"Digest ", challenge)


def test_a_cut_answer_is_an_error_never_a_shorter_one() -> None:
    """ResultSetMaxRows cuts SELECT (with a header) and CONSTRUCT (silently): both are errors here."""
    small = VirtuosoServer(row_limit=5)
    try:
        store = small.store()
        store.load_data("".join(f"<http://ex/s{i}> <http://ex/p> {i} .\n" for i in range(8)), "text/turtle",
                        graph="http://ex/g")
        assert len(store.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 4")) == 4
        for read in (lambda: store.select("SELECT ?s WHERE { ?s ?p ?o }"),
                     lambda: store.construct("CONSTRUCT WHERE { ?s ?p ?o }"),
                     lambda: store.graph_triples("http://ex/g")):
            with pytest.raises(StoreError, match="ResultSetMaxRows"):
                read()
        store.close()
    finally:
        small.stop()
