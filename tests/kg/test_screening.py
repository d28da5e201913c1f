"""Screening SPARQL text: operation kind, SERVICE and LOAD found as keywords only, USING from the protocol."""

from __future__ import annotations

import pytest

from kg.errors import ForbiddenOperationError, QueryParameterError, QuerySyntaxError
from kg.screening import screen, screen_query, screen_update, with_using
from kg.settings import load_settings

CLOSED = load_settings(environ={})
OPEN = CLOSED.with_(allow_service=True, allow_load=True)


@pytest.mark.parametrize(("text", "form", "update"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select", False),
    ("PREFIX select: <http://ex/> ASK { select:a ?p ?o }", "ask", False),
    ("BASE <http://ex/> # INSERT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "construct", False),
    ("describe <http://ex/a>", "describe", False),
    ("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b 'SELECT' }", None, True),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", None, True),
    ("DROP ALL", None, True),
    ("not sparql at all", None, False),
])
def test_screen_tells_queries_from_updates(text: str, form: str | None, update: bool) -> None:
    screening = screen(text)
    assert (screening.form, screening.is_update) == (form, update)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SeRvIcE ?endpoint { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?s ?p 'x' SERVICE<http://127.0.0.1:9/>{ ?s ?p ?o } }",
])
def test_service_is_refused_unless_allowed(text: str) -> None:
    with pytest.raises(ForbiddenOperationError):
        screen_query(text, CLOSED)
    assert screen_query(text, OPEN).form == "select"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:9/> { }' }",
    'SELECT * WHERE { ?s ?p """a\nSERVICE\n""" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    "PREFIX service: <http://ex/> SELECT ?service WHERE { ?service service:x <http://ex/SERVICE> }",
    "SELECT * WHERE { ?s ?p 'x'@service }",
])
def test_the_word_service_elsewhere_is_not_a_service_call(text: str) -> None:
    assert screen_query(text, CLOSED).form == "select"


def test_load_is_refused_unless_allowed_but_not_in_a_literal() -> None:
    with pytest.raises(ForbiddenOperationError):
        screen_update("INSERT DATA { <http://a> <http://b> 'c' } ; load <http://127.0.0.1:9/x>", CLOSED)
    assert screen_update("LOAD <http://127.0.0.1:9/x>", OPEN).is_update
    assert screen_update("INSERT DATA { <http://a> <http://b> 'LOAD <http://x>' }", CLOSED).is_update


def test_update_at_the_query_endpoint_and_query_at_the_update_endpoint_are_refused() -> None:
    with pytest.raises(QuerySyntaxError, match="/update"):
        screen_query("INSERT DATA { <http://a> <http://b> <http://c> }", CLOSED)
    with pytest.raises(QuerySyntaxError, match="/sparql"):
        screen_update("SELECT * WHERE { ?s ?p ?o }", CLOSED)


def test_with_using_adds_using_clauses_before_each_top_level_where() -> None:
    text = "INSERT { ?s ?p ?o } WHERE { { SELECT * WHERE { ?s ?p ?o } } } ; DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    rewritten = with_using(text, ["http://g/1"], ["http://g/2"])
    assert rewritten.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 2
    assert "SELECT * WHERE" in rewritten  # the subquery is left alone
    assert with_using(text, [], []) == text


@pytest.mark.parametrize(("text", "graph"), [
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "http://g/1"),
    ("DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }", "http://g/1"),
    ("DELETE WHERE { ?s ?p ?o }", "http://g/1"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "not an iri"),
])
def test_with_using_refuses_conflicts_and_bad_iris(text: str, graph: str) -> None:
    with pytest.raises(QueryParameterError):
        with_using(text, [graph], [])
