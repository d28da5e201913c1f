"""kg.writes.update_delta: the change computed from the parse is the change pyoxigraph makes running the update.

The oracle is the engine itself: each update runs with ``Store.update`` on a copy of the base dataset
(default graph, named graphs, an empty named graph, blank nodes, typed literals), and the two stores
are compared. The computed delta must add and remove exactly those quads (blank nodes the update
makes compared by structure: the delta applied to the base must be isomorphic to the engine's
result), create and drop exactly the named graphs the engine did, and refuse exactly what the engine
refuses, with the same error. The live store is never changed. The updates follow the W3C SPARQL 1.1
Update tests: DATA, DELETE WHERE, DELETE/INSERT with WITH, USING, USING NAMED and GRAPH, blank nodes in
templates, unbound and ill-typed instantiations; every graph-management operation with SILENT and
DEFAULT; and requests whose WHERE clauses follow operations that changed something.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from kg.errors import QuerySyntaxError, UpdateError
from kg.query.executor import QueryExecutor
from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.write_limits import Deadline
from kg.writes.overlay import Delta
from kg.writes.update_delta import update_delta
from tests.helpers.updates import AFTER_CHANGES, BASE, GRAPH_MANAGEMENT, UPDATES, P, dataset

BASE_IRI = "http://base/"
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")





@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(environ={}, project_dir=tmp_path_factory.mktemp("delta"), store_path=":memory:")


@pytest.fixture(scope="module")
def executor(settings: Settings) -> Iterator[QueryExecutor]:
    with QueryExecutor(settings, workers=1) as pool:
        yield pool


def no_client_sparql(*args: object, **kwargs: object) -> None:
    raise AssertionError("an operation that needs no client SPARQL asked a query worker")


def base_store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.update(BASE)
    return store


def run_on_a_copy(store: EmbeddedStore, sparql: str) -> ox.Store | Exception:
    """The oracle: the engine runs the update on a copy of the store (empty named graphs included)."""
    copy = ox.Store()
    copy.extend(store.quads())
    for graph in store.oxigraph().named_graphs():
        copy.add_graph(graph)
    try:
        copy.update(sparql, base_iri=BASE_IRI)
    except (SyntaxError, RuntimeError) as exc:
        return exc
    return copy


def canonical(quads: list[Quad] | set[Quad], known: set) -> list[str]:
    """Quads as text, blank nodes the update made written as ``_:new`` (their labels are arbitrary)."""
    def text(term: object) -> str:
        return "_:new" if isinstance(term, BlankNode) and term not in known else str(term)
    return sorted(" ".join(text(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in quads)


def check_against_the_engine(store: EmbeddedStore, sparql: str, settings: Settings,
                             executor: QueryExecutor) -> Delta | None:
    """Assert the delta is what the engine does (or the error is the engine's); the store stays as it was."""
    before, graphs_before = set(store.quads()), set(store.oxigraph().named_graphs())
    known = {t for q in before for t in (q.subject, q.object, q.graph_name) if isinstance(t, BlankNode)}
    expected = run_on_a_copy(store, sparql)
    try:
        if isinstance(expected, Exception):
            wanted = QuerySyntaxError if isinstance(expected, SyntaxError) else UpdateError
            with pytest.raises(wanted) as refused:
                update_delta(store, sparql, settings, executor, Deadline.after(60), base_iri=BASE_IRI)
            if wanted is UpdateError:
                assert str(expected) in str(refused.value)
            return None
        delta, held = update_delta(store, sparql, settings, executor, Deadline.after(60), base_iri=BASE_IRI)
    finally:
        assert set(store.quads()) == before and set(store.oxigraph().named_graphs()) == graphs_before, \
            "computing the delta changed the store"
    after = set(expected)
    assert canonical(delta.added, known) == canonical(after - before, known)
    assert canonical(delta.removed, known) == canonical(before - after, known)
    assert dataset((before - set(delta.removed)) | set(delta.added)) == dataset(after)
    graphs_after = {g for g in expected.named_graphs() if isinstance(g, NamedNode)}  # blank ones: by their quads
    assert set(delta.graphs_created) == {g for g in graphs_after - graphs_before
                                         if not any(q.graph_name == g for q in delta.added)}
    assert set(delta.graphs_dropped) == graphs_before - graphs_after
    assert held == frozenset()  # an embedded store names its blank nodes
    return delta


@pytest.mark.parametrize("sparql", UPDATES, ids=range(len(UPDATES)))
def test_the_delta_is_what_the_engine_does(sparql: str, settings: Settings, executor: QueryExecutor) -> None:
    check_against_the_engine(base_store(), sparql, settings, executor)


@pytest.mark.parametrize("sparql", GRAPH_MANAGEMENT, ids=range(len(GRAPH_MANAGEMENT)))
def test_graph_management_is_what_the_engine_does(sparql: str, settings: Settings, executor: QueryExecutor,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executor, "select", no_client_sparql)  # read from the store's quads, never queried
    check_against_the_engine(base_store(), sparql, settings, executor)


@pytest.mark.parametrize("sparql", AFTER_CHANGES, ids=range(len(AFTER_CHANGES)))
def test_where_clauses_after_changes_see_them_as_the_engine_does(sparql: str, settings: Settings,
                                                                 executor: QueryExecutor) -> None:
    check_against_the_engine(base_store(), sparql, settings, executor)


def test_data_blocks_need_no_query_worker(settings: Settings, executor: QueryExecutor,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executor, "select", no_client_sparql)
    for sparql in UPDATES[:11]:
        check_against_the_engine(base_store(), sparql, settings, executor)


def test_errors_of_the_engine_and_of_the_parse_change_nothing(settings: Settings, executor: QueryExecutor) -> None:
    store = base_store()
    for sparql in (P + "INSERT DATA { 'a' e:p 1 }", P + "DELETE DATA { 1 e:p 1 }", P + "INSERT DATA { e:a ?p 1 }",
                   P + "INSERT { e:a e:p ?x } WHERE { BIND(<http://e/unknown-function>(1) AS ?x) }"):
        assert check_against_the_engine(store, sparql, settings, executor) is None


def test_a_change_to_a_blank_node_of_the_store_is_exact(settings: Settings, executor: QueryExecutor) -> None:
    """The store's own blank nodes are named by their labels: deleting one quad of _:x leaves its others."""
    store = base_store()
    delta = check_against_the_engine(store, P + "DELETE { ?x e:name ?n } INSERT { ?x e:name 'renamed' } "
                                     "WHERE { e:c e:knows ?x . ?x e:name ?n }", settings, executor)
    assert delta is not None
    (removed,), (added,) = delta.removed, delta.added
    assert isinstance(removed.subject, BlankNode) and added.subject == removed.subject


def test_relative_iris_resolve_against_the_base(settings: Settings, executor: QueryExecutor) -> None:
    delta, _ = update_delta(base_store(), "INSERT DATA { <rel> <p> <o> }", settings, executor, Deadline.after(10),
                            base_iri="http://base/x/")
    assert [str(q.subject) for q in delta.added] == ["<http://base/x/rel>"]


def test_deletions_come_before_insertions_whatever_the_order_of_the_solutions(settings: Settings,
                                                                             executor: QueryExecutor) -> None:
    """SPARQL 1.1 Update: an operation's DELETE quads are removed, then its INSERT quads added. (The engine
    applies solution after solution, so there it depends on the order it reads its storage in: the same
    update on a copy of the store can end otherwise.)"""
    store = base_store()
    before = set(store.quads())
    delta, _ = update_delta(store, P + "DELETE { ?s e:p ?o } INSERT { ?s e:p ?n } WHERE { ?s e:p ?o "
                            "BIND(?o + 1 AS ?n) }", settings, executor, Deadline.after(60))
    default = {q for q in before if isinstance(q.graph_name, DefaultGraph) and q.predicate == NamedNode("http://e/p")}
    incremented = {Quad(q.subject, q.predicate, Literal(str(int(q.object.value) + 1), datatype=XSD_INTEGER),
                        q.graph_name) for q in default if q.object.value != "01"}
    after = (before - set(delta.removed)) | set(delta.added)
    assert {q for q in after if q in default or q in incremented} == incremented
