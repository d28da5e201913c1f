"""Binding by VALUES: the same answers as the embedded store's substitutions, and hostile values stay values."""

from __future__ import annotations

import pytest

from kg.errors import QueryParameterError, QuerySyntaxError
from kg.rdf.model import BlankNode, Literal, NamedNode, Triple
from kg.sparql.binding import bind, serialize_term
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import DATA, INDUSTRY, SIC

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
INDUSTRY_OF = "<https://w3id.org/fikg/ontology#industry>"
HOSTILE = [
    '"} ; DROP ALL ; #',
    "'} } DELETE WHERE { ?s ?p ?o } #",
    'quote " and backslash \\ and \\" escaped',
    "line\nbreak\r\nand\ttab",
    "}} ) ( {{ ?s ?p ?o . VALUES",
    "# not a comment\n} ; CLEAR ALL",
    '""" triple quoted \'\'\'',
    "碳化硅 ‮ unicode \u2028 separators \U0001f600",
    "\x00 nul and \x7f del",
]


@pytest.fixture
def store() -> EmbeddedStore:
    s = EmbeddedStore(None)
    s.load(DATA / "tiny-data.ttl", graph="https://w3id.org/fikg/graph/tiny")
    for i, value in enumerate(HOSTILE):
        s.update(f"INSERT DATA {{ GRAPH <http://ex/g> {{ <http://ex/h{i}> {LABEL} {Literal(value)} }} }}")
    return s


def rows(store: EmbeddedStore, sparql: str) -> list[dict]:
    return sorted((dict(sorted(r.items())) for r in store.select(sparql)), key=str)


def substituted(store: EmbeddedStore, sparql: str, **bindings) -> list[dict]:
    return sorted((dict(sorted(r.items())) for r in store.query(sparql, bindings).rows()), key=str)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_literal_is_matched_as_a_value_and_changes_nothing(store: EmbeddedStore, value: str) -> None:
    before = store.count_triples()
    query = f"SELECT ?s ?label WHERE {{ ?s {LABEL} ?label }}"
    bound = bind(query, {"label": Literal(value)})
    assert rows(store, bound) == substituted(store, query, label=Literal(value))
    assert len(rows(store, bound)) == 1  # exactly the resource carrying that label
    assert store.count_triples() == before


@pytest.mark.parametrize("value", ["'} ; DROP ALL", "x>y", "a b", 'x"y', "{x}", "http://ex/a>\n"])
def test_hostile_iri_is_refused_before_any_query(value: str) -> None:
    with pytest.raises(ValueError):
        bind("SELECT ?s WHERE { ?s ?p ?o }", {"s": NamedNode("http://ex/" + value)})


@pytest.mark.parametrize("name", ["a b", "x} ; DROP ALL", "", "?x"])
def test_hostile_variable_names_are_refused(name: str) -> None:
    with pytest.raises(QueryParameterError):
        bind("SELECT * WHERE { ?s ?p ?o }", {name: Literal("x")})


@pytest.mark.parametrize("query", [
    f"SELECT ?t ?i WHERE {{ ?t {INDUSTRY_OF} ?i }}",
    f"SELECT * {{ ?t {INDUSTRY_OF} ?i }}",
    f"SELECT ?i (COUNT(?t) AS ?n) WHERE {{ ?t {INDUSTRY_OF} ?i }} GROUP BY ?i",
    f"SELECT ?i ?t WHERE {{ {{ SELECT ?t ?i WHERE {{ ?t {INDUSTRY_OF} ?i }} }} }}",
    f"SELECT ?i ?t WHERE {{ ?t ?p ?o . OPTIONAL {{ ?t {INDUSTRY_OF} ?x FILTER(?x = ?i) }} FILTER(BOUND(?x)) }}",
    f"SELECT ?i ?t WHERE {{ {{ ?t {INDUSTRY_OF} ?i }} UNION {{ ?i {INDUSTRY_OF} ?t }} }}",
    f"PREFIX w: <http://ex/where#> # WHERE {{ in a comment\nSELECT ?i ?t WHERE {{ ?t {INDUSTRY_OF} ?i "
    "FILTER(?t != <http://ex/WHERE#SELECT>) FILTER(STR(?t) != \"} WHERE {\") }",
])
def test_values_gives_the_same_rows_as_substitution(store: EmbeddedStore, query: str) -> None:
    value = NamedNode(INDUSTRY)
    assert rows(store, bind(query, {"i": value})) == substituted(store, query, i=value)
    assert rows(store, bind(query, {"i": value}))


@pytest.mark.parametrize("query", [
    # the parameter used only inside a sub-select that projects it: substitutions reach it there
    f"SELECT ?i ?t WHERE {{ {{ SELECT ?i ?t WHERE {{ ?t {INDUSTRY_OF} ?x FILTER(?x = ?i) }} }} }}",
    f"SELECT ?i ?n WHERE {{ ?i a ?c {{ SELECT ?i (COUNT(?t) AS ?n) WHERE {{ ?t {INDUSTRY_OF} ?x "
    "FILTER(?x = ?i) } GROUP BY ?i } }",
    f"SELECT * WHERE {{ {{ SELECT ?i ?t WHERE {{ {{ SELECT ?t ?i WHERE {{ ?t {INDUSTRY_OF} ?x "
    "FILTER(?x = ?i) } } } } }",
    # …and not inside one that does not project it (there ?i is another variable, unbound)
    f"SELECT ?i ?t WHERE {{ ?t ?p ?o {{ SELECT ?t WHERE {{ ?t {INDUSTRY_OF} ?x FILTER(?x = ?i) }} }} }}",
])
def test_sub_selects_are_bound_as_substitutions_bind_them(store: EmbeddedStore, query: str) -> None:
    value = NamedNode(INDUSTRY)
    assert rows(store, bind(query, {"i": value})) == substituted(store, query, i=value)


def test_construct_template_is_skipped_and_shorthand_expanded(store: EmbeddedStore) -> None:
    for query in (f"CONSTRUCT {{ ?t {INDUSTRY_OF} ?i }} WHERE {{ ?t {INDUSTRY_OF} ?i }}",
                  f"CONSTRUCT {{ ?t {INDUSTRY_OF} ?i }} {{ ?t {INDUSTRY_OF} ?i }}",
                  f"CONSTRUCT WHERE {{ ?t {INDUSTRY_OF} ?i }}"):
        bound = bind(query, {"t": NamedNode(SIC)})
        assert set(store.construct(bound)) == set(store.query(query, {"t": NamedNode(SIC)}).triples())
        assert len(store.construct(bound)) == 1


def test_ask_binds_too(store: EmbeddedStore) -> None:
    assert store.ask(bind(f"ASK {{ ?t {INDUSTRY_OF} ?i }}", {"t": NamedNode(SIC)}))
    assert not store.ask(bind(f"ASK {{ ?t {INDUSTRY_OF} ?i }}", {"t": NamedNode(INDUSTRY)}))


def test_unprojected_variable_is_refused_like_substitutions(store: EmbeddedStore) -> None:
    query = f"SELECT ?t (COUNT(*) AS ?n) WHERE {{ ?t {INDUSTRY_OF} ?i }} GROUP BY ?t"
    with pytest.raises(QueryParameterError):
        bind(query, {"i": NamedNode(INDUSTRY)})
    with pytest.raises(QueryParameterError):
        store.query(query, {"i": NamedNode(INDUSTRY)})
    assert "VALUES" in bind(query, {"n": Literal(1)})  # a projected expression's variable is fine


def test_blank_nodes_cannot_be_bound() -> None:
    with pytest.raises(QueryParameterError):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s": BlankNode()})


def test_no_bindings_leaves_the_text_alone() -> None:
    assert bind("SELECT * WHERE { ?s ?p ?o }", {}) == "SELECT * WHERE { ?s ?p ?o }"


def test_text_without_a_query_form_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError):
        bind("INSERT DATA { <http://a> <http://b> <http://c> }", {"s": NamedNode("http://a")})


def test_serialize_term_forms() -> None:
    assert serialize_term(NamedNode("http://ex/a")) == "<http://ex/a>"
    assert serialize_term(Literal('a"b\nc', language="zh")) == '"a\\"b\\nc"@zh'
    quoted = Triple(NamedNode("http://ex/a"), NamedNode("http://ex/b"), Literal("c"))
    assert serialize_term(quoted) == '<< <http://ex/a> <http://ex/b> "c" >>'


def test_construct_shorthand_with_a_dataset_keeps_the_template_first(store: EmbeddedStore) -> None:
    query = f"CONSTRUCT FROM <http://ex/g> WHERE {{ ?t {INDUSTRY_OF} ?i }}"
    bound = bind(query, {"t": NamedNode(SIC)})
    assert bound.startswith(f"CONSTRUCT {{ ?t {INDUSTRY_OF} ?i }} FROM <http://ex/g> WHERE {{ VALUES")
    store.construct(bound)  # the engine reads it


def test_braces_and_keywords_in_strings_iris_and_comments_do_not_mislead_it(store: EmbeddedStore) -> None:
    query = (f"SELECT ?i ?t WHERE # {{ SELECT\n {{ ?t {INDUSTRY_OF} ?i FILTER(STR(?t) != '}} {{ SELECT') "
             "FILTER(?t != <http://x/\\u0041#>) }")
    bound = bind(query, {"i": NamedNode(INDUSTRY)})
    assert bound.count("VALUES") == 1 and rows(store, bound) == substituted(store, query, i=NamedNode(INDUSTRY))
