"""Screening decided from the parse: every SERVICE and LOAD the engine would run is found, whatever
its spelling, and nothing else is; updates and queries are kept to their endpoints; USING from the
protocol goes where the parse says; the cache keeps only short texts, within a budget."""

from __future__ import annotations

import pytest

from kg.errors import ForbiddenOperationError, QueryParameterError, QuerySyntaxError, QueryTooComplexError
from kg.settings import load_settings
from kg.sparql import screening as module
from kg.sparql.screening import (
    ServiceCall,
    parse_screened_update,
    screen_query,
    screen_update,
    valid_iri,
    with_using,
)
from tests.helpers.sparql_oracle import engine_query, engine_update

CLOSED = load_settings(environ={})
OPEN = CLOSED.with_(allow_service=True, allow_load=True)
T = "http://127.0.0.1:9/"  # port 9: the engine's HTTP client refuses it without trying


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX select: <http://ex/> ASK { select:a ?p ?o }", "ask"),
    ("BASE <http://ex/> # INSERT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "construct"),
    ("describe <http://ex/a>", "describe"),
])
def test_queries_are_told_by_their_form(text: str, form: str) -> None:
    screening = screen_query(text, CLOSED)
    assert (screening.form, screening.is_update) == (form, False)


@pytest.mark.parametrize("text", [
    "PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b 'SELECT' }",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DROP ALL",
])
def test_updates_are_told_apart(text: str) -> None:
    assert screen_update(text, CLOSED).is_update


def test_text_that_is_not_sparql_is_refused_everywhere() -> None:
    for screen in (screen_query, screen_update):
        with pytest.raises(QuerySyntaxError, match="line 1 column 1"):
            screen("not sparql at all", CLOSED)


SERVICES = [  # (text, the endpoint the engine would call, silent)
    (f"SELECT * WHERE {{ SERVICE <{T}sparql> {{ ?s ?p ?o }} }}", f"{T}sparql", False),
    (f"select * where {{ service silent <{T}> {{ ?s ?p ?o }} }}", T, True),
    ("SELECT * WHERE { { SELECT ?s WHERE { SeRvIcE ?endpoint { ?s ?p ?o } } } }", "endpoint", False),
    (f"SELECT * WHERE {{ ?s ?p 'x' SERVICE<{T}>{{ ?s ?p ?o }} }}", T, False),
    # the review's (D1): a keyword glued to a prefixed name, and a '#' inside an IRI with an escape
    (f"PREFIX : <{T}> SELECT * WHERE {{ SERVICE:probe {{ ?s ?p ?o }} }}", f"{T}probe", False),
    (f"SELECT * WHERE {{ BIND(<http://x/\\u0041#> AS ?x) SERVICE <{T}hidden> {{ ?s ?p ?o }} }}", f"{T}hidden", False),
    (f"SELECT * WHERE {{ ?s <http://x/\\u0041#> ?o . SERVICE <{T}h> {{}} }}", f"{T}h", False),
    # spacing, comments and case
    (f"SELECT * {{ SERVICE\n\n\t<{T}> {{}} }}", T, False),
    (f"SELECT * {{ SERVICE # a comment <{T}x> }}\n <{T}> {{}} }}", T, False),
    ("SELECT * { SERVICE\tSILENT #x\n ?e {} }", "e", True),
    (f"SELECT * {{ SERVICESILENT<{T}>{{}} }}", T, True),
    (f"SELECT * {{ sErViCe SiLeNt <{T}> {{}} }}", T, True),
    ("SELECT * { SERVICE $e {} }", "e", False),
    (f"PREFIX : <{T}> SELECT * {{ SERVICE :x {{}} }}", f"{T}x", False),
    (f"PREFIX : <{T}> SELECT * {{ SERVICE SILENT:x {{}} }}", f"{T}x", True),
    (f"PREFIX ex: <{T}> SELECT * {{ SERVICEex:x {{}} }}", f"{T}x", False),
    (f"PREFIX SERVICE: <http://a/> PREFIX : <{T}> SELECT * {{ SERVICE:x {{}} }}", f"{T}x", False),
    (f"PREFIX SILENT: <{T}> SELECT * {{ SERVICE SILENT:x {{}} }}", f"{T}x", False),
    # escapes in the IRI, relative IRIs
    ("SELECT * { SERVICE <http://127.0.0.1:9/\\u0041> {} }", f"{T}A", False),
    ("SELECT * { SERVICE <\\u0068ttp://127.0.0.1:9/> {} }", T, False),
    ("SELECT * { SERVICE <\\U00000068ttp://127.0.0.1:9/> {} }", T, False),
    (f"BASE <{T}> SELECT * {{ SERVICE <x> {{}} }}", f"{T}x", False),
    # where it may hide
    (f"SELECT * {{ OPTIONAL {{ SERVICE <{T}> {{}} }} }}", T, False),
    (f"SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{T}> {{}} }} }}", T, False),
    (f"SELECT * {{ {{}} UNION {{ SERVICE <{T}> {{}} }} }}", T, False),
    (f"SELECT * {{ GRAPH ?g {{ SERVICE <{T}> {{}} }} }}", T, False),
    (f"SELECT * {{ SERVICE ?e {{ SERVICE <{T}> {{}} }} }}", T, False),
    (f"SELECT * {{ FILTER EXISTS {{ SERVICE <{T}> {{}} }} }}", T, False),
    (f"SELECT * {{ FILTER(NOT EXISTS {{ SERVICE <{T}> {{}} }}) }}", T, False),
    (f"SELECT * {{ FILTER(1 + STRLEN(STR(EXISTS {{ SERVICE <{T}> {{}} }})) > 0) }}", T, False),
    (f"SELECT * {{ BIND(EXISTS {{ SERVICE <{T}> {{}} }} AS ?b) }}", T, False),
    (f"SELECT (EXISTS {{ SERVICE <{T}> {{}} }} AS ?b) {{}}", T, False),
    (f"SELECT * {{}} ORDER BY (EXISTS {{ SERVICE <{T}> {{}} }})", T, False),
    (f"ASK {{ {{ SELECT * {{ {{ SELECT * {{ SERVICE <{T}> {{}} }} }} }} }} }}", T, False),
    ("CONSTRUCT WHERE { } ", None, False),
]


@pytest.mark.parametrize(("text", "endpoint", "silent"), SERVICES)
def test_every_service_the_engine_would_call_is_found(text: str, endpoint: str | None, silent: bool) -> None:
    assert engine_query(text) is not None  # the engine reads it (and would call the endpoint)
    if endpoint is None:
        assert screen_query(text, CLOSED).services == ()
        return
    with pytest.raises(ForbiddenOperationError, match="allow_service"):
        screen_query(text, CLOSED)
    [call] = [c for c in screen_query(text, OPEN).services if c.endpoint == endpoint]
    assert call == ServiceCall(endpoint, call.variable, silent)


@pytest.mark.parametrize("text", [
    f"SELECT * WHERE {{ ?s ?p 'SERVICE <{T}> {{ }}' }}",
    'SELECT * WHERE { ?s ?p """a\nSERVICE\n""" }',
    f"SELECT * WHERE {{ ?s ?p ?o }} # SERVICE <{T}> {{ }}",
    "PREFIX service: <http://ex/> SELECT ?service WHERE { ?service service:x <http://ex/SERVICE> }",
    "SELECT * WHERE { ?s ?p 'x'@service }",
    f"SELECT * WHERE {{ ?s <http://x/SERVICE> <{T}> }}",
    f"PREFIX SERVICE: <http://a/> PREFIX : <{T}> SELECT * {{ SERVICE:x :p :o }}",  # a triple, for the engine too
    "PREFIX ex: <http://e/> SELECT * { ?s ex:SERVICE ?o . ?service ?p ?o }",
])
def test_the_word_service_elsewhere_is_not_a_service_call(text: str) -> None:
    assert engine_query(text) is not None
    assert screen_query(text, CLOSED).services == ()


def test_a_non_ascii_lookalike_is_no_keyword_for_either() -> None:
    text = f"SELECT * {{ SERVİCE <{T}> {{}} }}"  # dotted capital I
    assert engine_query(text) is None
    with pytest.raises(QuerySyntaxError):
        screen_query(text, OPEN)


UPDATE_SERVICES = [
    f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{T}> {{ ?s ?p ?o }} }}",
    f"INSERT DATA {{ <http://a> <http://b> 1 }} ; DELETE {{ ?s ?p ?o }} WHERE {{ SERVICE <{T}> {{}} }}",
    f"INSERT {{ ?s ?p ?o }} USING <{T}g> WHERE {{ OPTIONAL {{ SERVICE SILENT <{T}> {{}} }} }}",
    f"PREFIX : <{T}> WITH <http://g> DELETE {{ ?s ?p ?o }} WHERE {{ SERVICE:x {{}} }}",
]


@pytest.mark.parametrize("text", UPDATE_SERVICES)
def test_service_in_an_update_is_found(text: str) -> None:
    assert engine_update(text)
    with pytest.raises(ForbiddenOperationError, match="allow_service"):
        screen_update(text, CLOSED)
    assert screen_update(text, OPEN).services


LOADS = [  # (text, the IRI the engine would fetch)
    (f"LOAD <{T}x>", f"{T}x"),
    (f"load silent <{T}x> into graph <http://g>", f"{T}x"),
    (f"PREFIX : <{T}> LOAD:x INTO GRAPH <http://g>", f"{T}x"),  # the review's (D5)
    (f"PREFIX : <{T}> LOADSILENT:x", f"{T}x"),
    (f"LOAD\n# a comment <{T}y>\n<{T}x>", f"{T}x"),
    (f"INSERT DATA {{ <http://a> <http://b> <http://x/\\u0041#> }} ; LOAD <{T}x>", f"{T}x"),
    (f"INSERT DATA {{ <http://a> <http://b> 1 }} ;\nload <{T}x>", f"{T}x"),
    ("LOAD <\\u0068ttp://127.0.0.1:9/x>", f"{T}x"),
    (f"BASE <{T}> LOAD <x>", f"{T}x"),
]


@pytest.mark.parametrize(("text", "source"), LOADS)
def test_every_load_the_engine_would_run_is_found(text: str, source: str) -> None:
    assert engine_update(text)
    with pytest.raises(ForbiddenOperationError, match="allow_load"):
        screen_update(text, CLOSED)
    assert screen_update(text, OPEN).loads == (source,)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> 'LOAD <http://x>' }",
    "PREFIX ex: <http://e/> INSERT DATA { ex:load ex:LOAD ex:a } # LOAD <http://x>",
])
def test_the_word_load_elsewhere_is_not_a_load(text: str) -> None:
    assert engine_update(text)
    assert screen_update(text, CLOSED).loads == ()


@pytest.mark.parametrize("text", [*UPDATE_SERVICES, *(text for text, _ in LOADS)])
def test_parse_screened_update_refuses_what_the_screen_refuses(text: str) -> None:
    with pytest.raises(ForbiddenOperationError):
        parse_screened_update(text, CLOSED)
    assert parse_screened_update(text, OPEN).operations


def test_parse_screened_update_gives_the_screen_s_words_and_the_tree() -> None:
    with pytest.raises(QuerySyntaxError, match="/sparql"):
        parse_screened_update("SELECT * WHERE { ?s ?p ?o }", CLOSED)
    with pytest.raises(QueryTooComplexError, match="KG_MAX_UNION_BRANCHES"):
        parse_screened_update("INSERT { <http://a> <http://b> ?x } WHERE { " + "UNION".join(["{BIND(1 AS ?x)}"] * 300)
                              + " }", CLOSED)
    update = parse_screened_update("INSERT DATA { <a> <http://b> 1 }", CLOSED, base_iri="http://base/")
    assert update.operations[0].data.quads[0].subject.value == "http://base/a"


def test_update_at_the_query_endpoint_and_query_at_the_update_endpoint_are_refused() -> None:
    with pytest.raises(QuerySyntaxError, match="/update"):
        screen_query("INSERT DATA { <http://a> <http://b> <http://c> }", CLOSED)
    with pytest.raises(QuerySyntaxError, match="/sparql"):
        screen_update("SELECT * WHERE { ?s ?p ?o }", CLOSED)


def test_relative_iris_are_resolved_against_the_base_given() -> None:
    with pytest.raises(QuerySyntaxError, match="IRI"):
        screen_query("ASK { <a> ?p ?o }", CLOSED)
    assert screen_query("ASK { <a> ?p ?o }", CLOSED, base_iri="http://example.org/sparql").form == "ask"


def test_with_using_adds_using_clauses_before_each_where_of_the_parse() -> None:
    text = ("INSERT { ?s ?p ?o } WHERE { { SELECT * WHERE { ?s ?p ?o } } } ; "
            "DELETE { ?s ?p 'WHERE' } # WHERE\nWHERE { ?s ?p ?o }")
    rewritten = with_using(text, ["http://g/1"], ["http://g/2"])
    assert rewritten.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 2
    assert "SELECT * WHERE" in rewritten and "'WHERE'" in rewritten and "# WHERE\n" in rewritten
    assert with_using(text, [], []) == text
    glued = with_using("INSERT{?s ?p ?o}WHERE{?s ?p ?o}", ["http://g/1"], [])
    assert glued == "INSERT{?s ?p ?o}USING <http://g/1> WHERE{?s ?p ?o}"
    assert engine_update(glued)


@pytest.mark.parametrize(("text", "graph"), [
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "http://g/1"),
    ("DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }", "http://g/1"),
    ("DELETE WHERE { ?s ?p ?o }", "http://g/1"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "not an iri"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "http://a/%zz"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "http://[::1"),
])
def test_with_using_refuses_conflicts_and_bad_iris(text: str, graph: str) -> None:
    with pytest.raises(QueryParameterError):
        with_using(text, [graph], [])


def test_with_using_refuses_text_that_is_not_an_update() -> None:
    with pytest.raises(QuerySyntaxError):
        with_using("SELECT * {}", ["http://g/1"], [])


@pytest.mark.parametrize(("iri", "valid"), [
    ("http://example.org/a", True), ("urn:x:é", True), ("http://a/%25zz", True), ("http://a/%zz", False),
    ("http://[::1", False), ("http://ex/a b", False), ("relative/path", False), ("http://x/{a}", False), ("", False),
])
def test_valid_iri_is_the_engines_own_judgement(iri: str, valid: bool) -> None:
    assert valid_iri(iri) is valid


def test_the_cache_keeps_short_texts_within_its_budget_and_no_refused_text() -> None:
    cache = module._Cache(entry_chars=100, budget_chars=250)
    screening = module.Screening("ask")
    for number in range(10):
        cache.put(("query", f"ASK {{}} # {number}" + " " * 60), screening, 80)
    assert len(cache) == 3 and cache.chars == 240  # the oldest went first
    cache.put(("query", "x" * 1000), screening, 1000)
    assert len(cache) == 3  # too long to keep
    module._CACHE.clear()
    with pytest.raises(QuerySyntaxError):
        screen_query("SELECT nonsense", CLOSED)
    with pytest.raises(ForbiddenOperationError):
        screen_query(f"SELECT * {{ SERVICE <{T}> {{}} }}", CLOSED)
    assert len(module._CACHE) == 0  # refused texts are not kept
    screen_query("ASK {}", CLOSED)
    screen_query("ASK {} #" + "x" * module.CACHED_TEXT_CHARS, CLOSED)
    assert len(module._CACHE) == 1 and module._CACHE.chars == len("ASK {}")
