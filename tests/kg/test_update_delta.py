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

P = "PREFIX e: <http://e/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
BASE = P + """INSERT DATA {
  e:a e:p 1 , 2 , "01"^^xsd:integer ; e:name "A"@en , "甲"@zh ; e:knows e:b .
  e:b e:p 3 ; e:name "B" ; e:knows e:c .
  e:c e:knows _:x .
  _:x e:p 4 ; e:name "X" .
  GRAPH e:g1 { e:a e:p 1 ; e:q "one" . e:d e:p 5 ; e:knows e:a . _:y e:p 6 }
  GRAPH e:g2 { e:a e:p 1 . e:b e:q "two" ; e:broader e:c . e:c e:broader e:d }
  GRAPH e:g3 { e:z e:p 9 }
} ; CREATE GRAPH e:empty"""
BASE_IRI = "http://base/"
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")

UPDATES = [
    # INSERT DATA / DELETE DATA
    P + "INSERT DATA { e:n e:p 1 }",
    P + "INSERT DATA { e:a e:p 1 }",  # already there: no change
    P + "INSERT DATA { GRAPH e:g1 { e:a e:p 1 , 7 } GRAPH e:new { e:n e:q 'new' } e:m e:p e:n }",
    P + "INSERT DATA { _:b e:p 1 ; e:knows [ e:p 2 ] . GRAPH e:g1 { _:b e:q 3 } }",
    P + "insert data { e:n e:p 1 . e:n e:p 1 }",
    P + "DELETE DATA { e:a e:p 1 }",
    P + "DELETE DATA { e:a e:p 42 }",  # absent: no change
    P + "DELETE DATA { GRAPH e:g1 { e:a e:p 1 } GRAPH e:g2 { e:a e:p 1 } e:b e:name 'B' }",
    P + "DELETE DATA { e:a e:p '1'^^xsd:integer } ; INSERT DATA { e:a e:p '1'^^xsd:integer }",
    P + "INSERT DATA { e:n e:p 1 } ; DELETE DATA { e:n e:p 1 }",
    P + "DELETE DATA { e:a e:p 2 } ; INSERT DATA { e:a e:p 2 } ; DELETE DATA { e:a e:p 2 } ;",
    # DELETE WHERE
    P + "DELETE WHERE { ?s e:p ?o }",
    P + "DELETE WHERE { GRAPH ?g { ?s e:p ?o } }",
    P + "DELETE WHERE { GRAPH e:g2 { ?s ?p ?o } }",
    P + "DELETE WHERE { e:a e:knows ?x . ?x e:p ?o }",
    P + "DELETE WHERE { ?s e:nothing ?o }",
    # DELETE/INSERT … WHERE
    P + "DELETE { ?s e:p ?o } INSERT { ?s e:p2 ?o } WHERE { ?s e:p ?o FILTER(?o > 1) }",
    P + "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    P + "INSERT { ?s e:count ?n } WHERE { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s }",
    P + "INSERT { ?s e:copy ?o } WHERE { GRAPH ?g { ?s e:p ?o } }",
    P + "INSERT { GRAPH ?g { ?s e:seen true } } WHERE { GRAPH ?g { ?s e:p ?o } }",
    P + "DELETE { GRAPH e:g1 { ?s ?p ?o } } INSERT { GRAPH e:g3 { ?s ?p ?o } } WHERE { GRAPH e:g1 { ?s ?p ?o } }",
    P + "WITH e:g1 DELETE { ?s e:p ?o } INSERT { ?s e:p3 ?o } WHERE { ?s e:p ?o }",
    P + "WITH e:g1 INSERT { ?s e:q 'from g2' } USING e:g2 WHERE { ?s e:q ?o }",
    P + "WITH e:g1 DELETE { ?s ?p ?o } USING e:g2 USING e:g3 WHERE { ?s ?p ?o }",
    P + "DELETE { GRAPH ?g { ?s ?p ?o } } USING NAMED e:g2 WHERE { GRAPH ?g { ?s ?p ?o } }",
    P + "INSERT { ?s e:any ?o } USING NAMED e:g2 WHERE { ?s ?p ?o }",  # no default graph: nothing
    P + "INSERT { ?s e:name ?n } WHERE { ?s e:p ?o OPTIONAL { ?s e:q ?n } }",  # unbound ?n: left out
    P + "INSERT { ?o e:p ?s } WHERE { ?s e:p ?o }",  # literal subjects: left out
    P + "INSERT { ?s e:node [ e:value ?o ] } WHERE { ?s e:p ?o }",  # fresh blank node per solution
    P + "INSERT { _:n e:of ?s . GRAPH e:g1 { _:n e:also ?s } } WHERE { ?s e:knows ?o }",
    P + "DELETE { ?s e:p ?o } WHERE { ?s e:knows ?x . ?x e:p ?o }",  # ?s bound to a blank node
    P + "DELETE { ?x ?p ?o } WHERE { e:c e:knows ?x . ?x ?p ?o }",
    P + "DELETE { ?s e:p ?o } INSERT { ?s e:p ?o } WHERE { ?s e:p ?o }",  # deleted and inserted: stays
    P + "INSERT { ?s e:ancestor ?a } WHERE { GRAPH e:g2 { ?s e:broader+ ?a } }",
    P + "DELETE { ?s e:name ?n } INSERT { ?s e:name ?u } WHERE { ?s e:name ?n BIND(UCASE(?n) AS ?u) }",
    P + "INSERT { ?s e:tag ?t } WHERE { VALUES ?s { e:a e:b e:zz } BIND(STRLEN(STR(?s)) AS ?t) }",
    P + "DELETE { ?s e:p ?o } WHERE { ?s e:p ?o FILTER NOT EXISTS { ?s e:name ?n } }",
    P + "INSERT { ?s e:lonely true } WHERE { ?s ?p ?o MINUS { ?s e:knows ?x } }",
    P + "INSERT { ?s e:p ?o } WHERE { ?s e:p ?o }",  # everything already there
    P + "DELETE { $s e:p $o } WHERE { $s e:p $o FILTER(isBlank($s)) }",
    P + "INSERT { ?s e:label 'a { brace ; and a # hash' } WHERE { ?s e:p 1 } # a comment { ;",
    P + "INSERT { ?s e:p ?new } WHERE { ?s e:p ?o BIND(?o + 1 AS ?new) FILTER(?o < 3) }",
    "BASE <http://e/> INSERT DATA { <rel> <p> <other> }",
    "INSERT { <rel> <p> ?o } WHERE { <http://e/a> <http://e/p> ?o }",  # relative IRIs: the caller's base
    P + "INSERT { GRAPH ?g { e:s e:p 1 } } WHERE { BIND(BNODE() AS ?g) }",  # a blank graph name
    P + "INSERT { ?s e:p 1 } WHERE { BIND(STRDT('x', xsd:integer) AS ?s) }",  # a literal subject: left out
    # literals as the engine stores them: "01"^^xsd:integer is 1
    P + "INSERT DATA { e:n e:p '01'^^xsd:integer , '1.50'^^xsd:decimal , 'PT60S'^^xsd:duration , 'x'^^xsd:integer }"
        " ; DELETE DATA { e:a e:p '+2'^^xsd:integer }",
    P + "INSERT { ?s e:p ?v } WHERE { ?s e:p 3 BIND(STRDT('03', xsd:integer) AS ?v) }",
]

GRAPH_MANAGEMENT = [
    P + "CLEAR GRAPH e:g1", P + "CLEAR SILENT GRAPH e:nope", P + "CLEAR GRAPH e:nope", P + "CLEAR GRAPH e:empty",
    P + "CLEAR DEFAULT", P + "CLEAR NAMED", P + "CLEAR ALL", P + "CLEAR SILENT ALL",
    P + "DROP GRAPH e:g1", P + "DROP SILENT GRAPH e:nope", P + "DROP GRAPH e:nope", P + "DROP GRAPH e:empty",
    P + "DROP DEFAULT", P + "DROP NAMED", P + "DROP ALL", P + "DROP SILENT NAMED",
    P + "CREATE GRAPH e:g9", P + "CREATE GRAPH e:g1", P + "CREATE SILENT GRAPH e:g1", P + "CREATE GRAPH e:empty",
    P + "CREATE SILENT GRAPH e:empty",
    P + "ADD e:g1 TO e:g2", P + "ADD e:g1 TO e:g1", P + "ADD DEFAULT TO e:g3", P + "ADD e:g1 TO DEFAULT",
    P + "ADD e:nope TO e:g2", P + "ADD SILENT GRAPH e:nope TO GRAPH e:g9", P + "ADD e:g2 TO e:new",
    P + "MOVE e:g1 TO e:g2", P + "MOVE e:g1 TO e:g1", P + "MOVE e:nope TO e:g2", P + "MOVE SILENT e:nope TO e:g2",
    P + "MOVE DEFAULT TO e:g9", P + "MOVE e:g1 TO DEFAULT", P + "MOVE e:empty TO e:g2", P + "MOVE DEFAULT TO DEFAULT",
    P + "MOVE e:nope TO e:nope",
    P + "COPY e:g1 TO e:g2", P + "COPY e:g1 TO DEFAULT", P + "COPY DEFAULT TO e:g3", P + "COPY e:nope TO e:g2",
    P + "COPY e:empty TO e:g2", P + "COPY e:g1 TO e:g1", P + "COPY SILENT e:nope TO DEFAULT",
]

AFTER_CHANGES = [  # several operations, WHERE clauses reading what the earlier ones changed
    P + "INSERT DATA { e:n e:p 1 } ; INSERT { ?s e:q ?o } WHERE { ?s e:p ?o }",
    P + "INSERT DATA { e:n e:p 1 } ; WITH e:g3 DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    P + "DELETE DATA { e:a e:p 1 } ; INSERT { ?s e:had ?o } WHERE { ?s e:p ?o }",
    P + "DROP ALL ; INSERT DATA { GRAPH e:d1 { e:d1 a e:Doc } GRAPH e:d2 { e:d2 a e:Doc } } ;"
        " INSERT { GRAPH e:out { ?s a e:Bib } } USING e:d1 WHERE { ?s a e:Doc }",
    P + "DROP ALL ; INSERT DATA { GRAPH e:d1 { e:d1 a e:Doc } GRAPH e:d2 { e:d2 a e:Doc } } ;"
        " INSERT { GRAPH e:out { ?s e:in ?g } } USING NAMED e:d2 WHERE { GRAPH ?g { ?s a e:Doc } }",
    P + "CLEAR GRAPH e:g1 ; INSERT { GRAPH e:g1 { ?s e:back ?o } } WHERE { GRAPH e:g2 { ?s ?p ?o } }",
    P + "INSERT DATA { _:b e:p 10 } ; INSERT { ?s e:big true } WHERE { ?s e:p ?o FILTER(?o >= 10) }",
    P + "INSERT { ?s e:node [ e:v ?o ] } WHERE { ?s e:p 1 } ; DELETE { ?n e:v ?o } INSERT { ?n e:w ?o } "
        "WHERE { ?s e:node ?n . ?n e:v ?o }",
    P + "WITH e:g1 INSERT { ?s e:w 1 } WHERE { ?s e:p ?o } ; WITH e:g1 DELETE { ?s e:w ?o } USING e:g2 "
        "WHERE { ?s e:p ?o }",
    P + "WITH e:g1 INSERT { ?s e:w 1 } WHERE { ?s e:p ?o } ; WITH e:g1 DELETE { ?s e:w ?o } WHERE { ?s e:w ?o }",
    P + "DELETE WHERE { ?s e:name ?n } ; INSERT { ?s e:nameless true } "
        "WHERE { ?s e:p ?o FILTER NOT EXISTS { ?s e:name ?x } }",
    P + "MOVE e:g1 TO e:g9 ; DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s e:q ?x . ?s ?p ?o } }",
    P + "COPY DEFAULT TO e:g3 ; INSERT { ?s e:inG3 true } WHERE { GRAPH e:g3 { ?s e:knows ?o } }",
    P + "CREATE GRAPH e:g9 ; CREATE GRAPH e:g9",
    P + "DROP GRAPH e:g1 ; DROP GRAPH e:g1", P + "DROP GRAPH e:g1 ; DROP SILENT GRAPH e:g1",
    P + "DROP GRAPH e:empty ; CREATE GRAPH e:empty", P + "CREATE GRAPH e:g9 ; DROP GRAPH e:g9",
    P + "INSERT DATA { GRAPH e:g9 { e:x e:p 1 } } ; DELETE DATA { GRAPH e:g9 { e:x e:p 1 } }",  # g9 stays, empty
    P + "INSERT { ?s e:p2 ?o } WHERE { ?s e:p ?o } ; DELETE WHERE { ?s e:p2 1 } ; DELETE DATA { e:b e:p2 3 }",
    P + "CLEAR DEFAULT ; INSERT { ?s e:again ?o } WHERE { ?s e:p ?o }",
    P + "INSERT DATA { e:n e:p 1 } ; INSERT { <rel> e:q ?o } WHERE { ?s e:p ?o FILTER(?s = e:n) }",
    P + "INSERT DATA { e:n e:p 1 } ; CREATE GRAPH e:g1",  # the second fails: nothing of the first either
]


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
    copy.extend(store.engine)
    for graph in store.engine.named_graphs():
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


def dataset(quads: set[Quad]) -> ox.Dataset:
    found = ox.Dataset(quads)
    found.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return found


def check_against_the_engine(store: EmbeddedStore, sparql: str, settings: Settings,
                             executor: QueryExecutor) -> Delta | None:
    """Assert the delta is what the engine does (or the error is the engine's); the store stays as it was."""
    before, graphs_before = set(store.quads()), set(store.engine.named_graphs())
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
        assert set(store.quads()) == before and set(store.engine.named_graphs()) == graphs_before, \
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
