"""kg.sparql.parser reads SPARQL Update as pyoxigraph does: every operation, prologues, ``;``, DATA
blocks with GRAPH blocks, templates and blank nodes; and the tree holds what update code needs."""

from __future__ import annotations

import pytest

from kg.errors import QuerySyntaxError
from kg.sparql.operations import Clear, DeleteWhere, GraphTarget, InsertData, Load, Modify, Transfer
from kg.sparql.parser import parse_update
from kg.sparql.tree import BlankNode, Iri, QuadPattern, Variable
from tests.helpers.sparql_oracle import engine_update, our_update

S, P, OBJECT, G = "<http://e/s>", "<http://e/p>", "<http://e/o>", "<http://e/g>"
CORPUS = [
    "", ";", " ; ", ";;", "PREFIX ex: <http://e/>", "BASE <http://e/>", "CLEAR ALL", "CLEAR ALL ;", "CLEAR ALL ; ;",
    "CLEAR ALL ; CLEAR ALL", "CLEAR ALL CLEAR ALL", "clear default", "CLEAR NAMED", f"CLEAR GRAPH {G}", f"CLEAR {G}",
    f"CLEAR SILENT GRAPH {G}", "CLEARALL", f"DROP GRAPH {G}", "DROP SILENT ALL", f"CREATE GRAPH {G}", f"CREATE {G}",
    f"CREATE SILENT GRAPH {G}", f"ADD DEFAULT TO GRAPH {G}", f"ADD {G} TO {G}", f"MOVE SILENT GRAPH {G} TO DEFAULT",
    "COPY DEFAULT TO DEFAULT", f"COPY {G} TO", f"ADD DEFAULT:x TO {G}",
    "LOAD <http://127.0.0.1:9/x>", "LOAD SILENT <http://127.0.0.1:9/x> INTO GRAPH <http://e/g>",
    "LOAD <http://127.0.0.1:9/x> INTO <http://e/g>", "LOAD <http://127.0.0.1:9/x> INTO", "load<http://127.0.0.1:9/x>",
    "PREFIX : <http://127.0.0.1:9/> LOAD:x", "PREFIX : <http://127.0.0.1:9/> LOAD :x INTO GRAPH :g",
    "PREFIX : <http://127.0.0.1:9/> LOADSILENT:x", "PREFIX SILENT: <http://a/> LOAD SILENT:x",
    f"INSERT DATA {{ {S} {P} {OBJECT} }}", f"INSERT DATA {{ {S} {P} {OBJECT} . }}",
    f"INSERT DATA {{ {S} {P} {OBJECT} . . }}",
    f"INSERT DATA {{ {S} {P} {OBJECT} {S} {P} 1 }}", f"INSERT DATA {{ {S} {P} {OBJECT} ; {P} 1 , 2 }}",
    "INSERT DATA {}",
    f"INSERT DATA {{ GRAPH {G} {{ {S} {P} 1 }} {S} {P} 2 GRAPH {G} {{}} }}",
    f"INSERT DATA {{ GRAPH {G} {{ {S} {P} 1 . }} . {S} {P} 2 }}", f"INSERT DATA {{ GRAPH {G} {{ {S} {P} 1 }} . . }}",
    f"INSERT DATA {{ GRAPH ?g {{ {S} {P} 1 }} }}", f"INSERT DATA {{ ?s {P} 1 }}", f"INSERT DATA {{ _:a {P} 1 }}",
    f"INSERT DATA {{ {S} {P} [ {P} 1 ] }}", f"INSERT DATA {{ {S} {P} ( 1 2 ) }}", f"INSERT DATA {{ [] {P} 1 }}",
    f"INSERT DATA {{ _:a {P} 1 }} ; INSERT DATA {{ _:a {P} 2 }}",
    f"INSERT DATA {{ [] {P} 1 }} ; INSERT DATA {{ [] {P} 2 }}",
    f"INSERT DATA {{ _:a {P} 1 . _:a {P} 2 }}", f"INSERT DATA {{ {S} {P}/{P} 1 }}", f"INSERT DATA {{ {S} a 1 }}",
    f"INSERTDATA{{{S} {P} 1}}", f"INSERT DATA {{ GRAPH:g {{ {S} {P} 1 }} }}",
    "PREFIX GRAPH: <http://e/> PREFIX : <http://e/> INSERT DATA { GRAPH:g :p :o }",
    f"DELETE DATA {{ {S} {P} {OBJECT} }}", f"DELETE DATA {{ _:a {P} 1 }}", f"DELETE DATA {{ {S} {P} [ {P} 1 ] }}",
    f"DELETE DATA {{ ?s {P} 1 }}", f"DELETE DATA {{ GRAPH {G} {{ {S} {P} 1 }} }}",
    f"INSERT DATA {{ 'a' {P} 1 }}", f"DELETE DATA {{ 1 {P} 1 }}", f"INSERT DATA {{ GRAPH {G} {{ true {P} 1 }} }}",
    f"INSERT {{ 'a' {P} 1 }} WHERE {{}}", "DELETE WHERE { 'a' ?p ?o }",
    "DELETE WHERE { ?s ?p ?o }", "DELETE WHERE { _:a ?p ?o }", "DELETE WHERE { [] ?p ?o }", "DELETE WHERE {}",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "DELETE WHERE { ?s ?p ?o FILTER(true) }", "DELETE WHERE { ?s ?p/?q ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE { ?s ?p ?o } WHERE { _:a ?p ?o }",
    "DELETE { _:a ?p ?o } WHERE { ?s ?p ?o }", "INSERT { _:a ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT { _:a ?p ?o } WHERE { _:a ?p ?o }", "DELETE {} INSERT {} WHERE {}", "INSERT {} DELETE {} WHERE {}",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "DELETE {} WHERE", "INSERT {}", "WHERE {}",
    f"WITH {G} INSERT {{ ?s ?p ?o }} USING <http://e/h> WHERE {{ ?s ?p ?o }}",
    f"WITH {G} DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", f"WITH {G} WHERE {{}}",
    f"INSERT {{ ?s ?p ?o }} USING {G} USING NAMED <http://e/h> WHERE {{ ?s ?p ?o }}",
    f"INSERT {{ ?s ?p ?o }} USINGNAMED {G} WHERE {{ ?s ?p ?o }}", "INSERT { ?s ?p ?o } USING WHERE { }",
    "INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", "INSERT { ?s ?p ?o } WHERE { {} UNION {} }",
    "INSERT {} WHERE {} ; DELETE WHERE {}", "INSERT {} WHERE { SERVICE <http://127.0.0.1:9/> {} }",
    f"INSERT {{ {S} {P} ?x }} WHERE {{ BIND(1 AS ?x) }} ; LOAD <http://127.0.0.1:9/x>",
    f"INSERT DATA {{ {S} {P} 1 }} ; PREFIX ex: <http://e/> INSERT DATA {{ ex:a ex:b 1 }}",
    "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b 1 } ; BASE <http://f/> INSERT DATA { <a> <b> 1 }",
    "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b 1 } ; INSERT DATA { ex:a ex:b 2 }", "INSERT DATA { <a> <b> 1 }",
    "BASE <http://e/> INSERT DATA { <a> <b> 1 }", "SELECT * {}", "ASK {}",
]


@pytest.mark.parametrize("text", CORPUS)
def test_updates_are_read_as_the_engine_reads_them(text: str) -> None:
    assert our_update(text, "http://base/") == engine_update(text, "http://base/")


def test_rdf_star_in_updates_is_refused_with_a_clear_error() -> None:
    with pytest.raises(QuerySyntaxError, match="RDF-star"):
        parse_update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <<( <urn:a> <urn:b> <urn:c> )>> } }")


def test_each_operation_is_in_the_tree_with_its_span_and_prologue() -> None:
    text = ("PREFIX ex: <http://e/> LOAD SILENT <http://127.0.0.1:9/x> INTO GRAPH ex:g ; CLEAR NAMED ;\n"
            "MOVE DEFAULT TO ex:g ; INSERT DATA { ex:a ex:b _:n . GRAPH ex:g { ex:a ex:b [ ex:c 1 ] } } ;\n"
            "WITH ex:g DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } USING NAMED ex:h WHERE { ?s ex:p ?o } ;\n"
            "DELETE WHERE { ?s ex:p ?o }")
    update = parse_update(text)
    load, clear, move, insert, modify, delete = update.operations
    assert [op.kind for op in update.operations] == ["LOAD", "CLEAR", "MOVE", "INSERT DATA", "MODIFY", "DELETE WHERE"]
    assert load == Load(True, Iri("http://127.0.0.1:9/x"), Iri("http://e/g"), start=load.start, end=load.end,
                       prologue=update.prologue)
    assert text[load.start:load.end] == "LOAD SILENT <http://127.0.0.1:9/x> INTO GRAPH ex:g"
    assert isinstance(clear, Clear) and clear.target == GraphTarget("named")
    assert isinstance(move, Transfer) and (move.source, move.destination) == (None, Iri("http://e/g"))
    assert isinstance(insert, InsertData) and text[insert.data.start:insert.data.end].startswith("{ ex:a ex:b _:n")
    assert QuadPattern(Iri("http://e/a"), Iri("http://e/b"), BlankNode("n")) in insert.data.quads
    assert any(q.graph == Iri("http://e/g") and q.predicate == Iri("http://e/c") for q in insert.data.quads)
    assert isinstance(modify, Modify) and modify.with_graph == Iri("http://e/g")
    assert modify.using == ((Iri("http://e/h"), True),)
    assert text[modify.where_offset:modify.where.end] == "WHERE { ?s ex:p ?o }"
    assert modify.insert.quads == (QuadPattern(Variable("s"), Iri("http://e/q"), Variable("o")),)
    assert isinstance(delete, DeleteWhere) and len(delete.pattern.quads) == 1
    assert all(op.prologue.prefixes == (("ex", "http://e/"),) for op in update.operations)
    assert update.prologue.declarations() == "PREFIX ex: <http://e/>\n"
