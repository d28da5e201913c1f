"""kg.sparql.parser accepts exactly the queries pyoxigraph accepts and reads them as it does.

Every query of the W3C SPARQL 1.1 suites (the syntax manifest's positive and negative tests and the
.rq files of the evaluation folders) and a corpus of the engine's own reading rules are given to
both; they must agree on acceptance and on the form. The extensions refused on purpose are listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QuerySyntaxError
from kg.sparql.parser import parse_query
from kg.sparql.tree import (
    BindPattern,
    FilterPattern,
    Iri,
    Literal,
    PathRepeat,
    PathSequence,
    SelectQuery,
    TriplesBlock,
    Variable,
)
from tests.helpers.sparql_oracle import same_query

W3C = Path("/work/shared/w3c-rdf-tests/sparql11")
if not W3C.is_dir():
    W3C = Path(__file__).resolve().parents[3] / "tests" / "data" / "w3c-sparql11"
QUERIES = sorted(W3C.rglob("*.rq")) if W3C.is_dir() else []
P = "PREFIX : <http://example.org/> PREFIX ex: <http://example.org/ex#> "


@pytest.mark.skipif(not QUERIES, reason="the W3C SPARQL 1.1 test suite is not available")
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_w3c_queries_are_read_as_the_engine_reads_them(path: Path) -> None:
    engine, ours = same_query(path.read_text(encoding="utf-8"), path.as_uri())
    assert ours == engine


CORPUS = [
    # keywords match case-insensitively and need no word boundary
    "select * where { ?s ?p ?o }", "SeLeCt * WhErE { ?s ?p ?o }", "SELECT*{}", "SELECTDISTINCT?x{}", "ASKWHERE{}",
    "ASK FROMNAMED<http://a/> {}", "ASK FROM NAMED <http://a/> {}", "ASK{}#", "ASK{}#x\n",
    P + "SELECT ?x WHERE { ?x a :C } GROUPBY ?x", P + "ASK { ?s a:b ?o }", P + "ASK { ?s a :b }",
    P + "ASK { ?s abc ?o }",
    # terms
    P + "ASK { ?s ?p 1. }", P + "ASK { ?s ?p 1.e5 }", P + "ASK { ?s ?p .5 }", P + "ASK { ?s ?p 1.5e }",
    P + "ASK { ?s ?p + 1 }", P + "ASK { ?s ?p - 1.5e3 }", P + "ASK { ?s ?p +1 }", P + "ASK { ?s ?p + #c\n 1 }",
    P + "ASK { ?s ?p true }", P + "ASK { ?s ?p TRUE }", P + "ASK { ?s ?p trueX }", P + "ASK { ?s ?p false }",
    P + 'ASK { ?s ?p "x"@en }', P + 'ASK { ?s ?p "x" @en }', P + 'ASK { ?s ?p "x"@x }', P + 'ASK { ?s ?p "x"@en-GB }',
    P + 'ASK { ?s ?p "x"@abcdefghi }', P + 'ASK { ?s ?p "x" ^^ ex:t }', P + 'ASK { ?s ?p "x"^^<http://t> }',
    P + 'ASK { ?s ?p "x"@en--xyz }', P + 'ASK { ?s ?p "x"@en--LTR }',
    'ASK { ?s ?p "a\\u0022" }', 'ASK { ?s ?p "a\\q" }', 'ASK { ?s ?p "\\uD800" }', 'ASK { ?s ?p "\\U0001F600" }',
    'ASK { ?s ?p """a""b""" }', 'ASK { ?s ?p """a"""" }', 'ASK { ?s ?p """""a""" }', "ASK { ?s ?p '''a'b''' }",
    'ASK { ?s ?p "a\nb" }', 'ASK { ?s ?p """a\nb""" }', 'SELECT * { VALUES ?x { """abc" } }',
    "ASK { ?s <http://x/\\u0041#> ?o }", "ASK { ?s <http://x/\\u0020> ?o }", "ASK { ?s <http://x/\\t> ?o }",
    "ASK { ?s <http://x/\\uD800> ?o }", "ASK { ?s <http://x/ a> ?o }", "ASK { ?s <http://x/{a}> ?o }",
    "ASK { ?s <a> ?o }", "BASE <http://e/> ASK { ?s <a> ?o }", "BASE<http://e/>ASK{<a> ?p ?o}",
    "ASK { ?s <http://a/%zz> ?o }", "ASK { ?s <http://[::1> ?o }", "ASK { ?s <http://a/b/../c> ?o }",
    "PREFIXex:<http://e/> ASK { ?s ex:p ?o }", "PREFIX ex: <rel/> ASK { ?s ex:p ?o }",
    "BASE <http://e/d/> PREFIX ex: <rel/> ASK { ?s ex:p ?o }",
    P + "ASK { ?s ?p ex:a.b.c }", P + "ASK { ?s ?p ex:a.b }", P + "ASK { ?s ?p ex:a..b }", P + "ASK { ?s ?p ex:a.b. }",
    P + "ASK { ?s ?p ex:a\\.b }", P + "ASK { ?s ?p ex:a%20b }", P + "ASK { ?s ?p ex:a%zz }", P + "ASK { ?s ?p ex: }",
    P + "ASK { ?s ?p ex:1 }", P + "ASK { ?s ?p ex:-a }", P + "ASK { ?s ?p ex:é }", P + "ASK { ?s ?p un:x }",
    P + "ASK { _:a.b.c ?p ?o }", P + "ASK { _:1 ?p ?o }", P + "ASK { ?s ?p [] }", P + "ASK { ?s ?p [ ] }",
    P + "ASK { ?s ?p [ #c\n ] }", P + "ASK { ?s ?p () }", P + "ASK { ?s ?p ( ) }", P + "ASK { ?s ?p ( #c\n ) }",
    P + "ASK { ?s ?p ( 1 ( 2 ) [ :q 3 ] ) }", P + "ASK { [ :p 1 ] }", P + "ASK { [ :p 1 ] :q 2 }",
    P + "ASK { [] :q 2 }",
    P + "ASK { [] }", P + "ASK { ( 1 2 ) }", P + "ASK { ( 1 2 ) :p 3 }", P + "ASK { () :p 3 }",
    P + "ASK { ?s ?p ?o ; }", P + "ASK { ?s ?p ?o ;; :q 1 }", P + "ASK { ?s ?p ?o , }", P + "ASK { ?s ?p ?o , ?o2 }",
    P + "ASK { ?s ?p ?o . }", P + "ASK { ?s ?p ?o .. }", P + "ASK { . }", P + "ASK { ?s ?p ?o ?a ?b ?c }",
    P + "SELECT ?1 ?_a { ?1 ?p ?_a }", "SELECT $x { ?x ?p ?o }", "SELECT ?x·y { ?x·y ?p ?o }", "SELECT ?x-y {}",
    # paths
    P + "ASK { ?s ex:p? ?o }", P + "ASK { ?s ex:p?o }", P + "ASK { ?s ex:p?1 }", P + "ASK { ?s ex:p ? ?o }",
    P + "ASK { ?s ex:p* ?o }", P + "ASK { ?s ex:p * ?o }", P + "ASK { ?s ex:p+ ?o }", P + "ASK { ?s ex:p +1 }",
    P + "ASK { ?s ^ex:p/ex:q|!ex:r ?o }", P + "ASK { ?s !(ex:a|^ex:b|a|^a) ?o }", P + "ASK { ?s !() ?o }",
    P + "ASK { ?s (ex:p/(ex:q|ex:r))* ?o }", P + "ASK { ?s ^^ex:p ?o }", P + "ASK { ?s ex:p** ?o }",
    P + "ASK { ?s ex:p{2} ?o }", P + "ASK { ?s ?p/ex:q ?o }", P + "ASK { ?s a/a ?o }", P + "ASK { ?s ex:p| ?o }",
    # expressions
    P + "ASK { FILTER(?a<?b&&?c>?d) }", P + "ASK { FILTER(?a<?b>?d) }", P + "ASK { FILTER(?a<=?b) }",
    P + "ASK { FILTER(?a<<?b) }", P + "ASK { FILTER(1 +2) }", P + "ASK { FILTER(1 - -2) }", P + "ASK { FILTER(- -1) }",
    P + "ASK { FILTER(!+1) }", P + "ASK { FILTER(!-?x) }", P + "ASK { FILTER(!(!?x)) }", P + "ASK { FILTER(1 IN ()) }",
    P + "ASK { FILTER(1 NOT IN (1, 2)) }", P + "ASK { FILTER(1 NOTIN (1)) }", P + "ASK { FILTER(1 IN(1,)) }",
    P + "ASK { FILTER(?x = ?y || ?z) }", P + "ASK { FILTER(?x ||) }", P + "ASK { FILTER(1 + ) }",
    P + "ASK { FILTER(STR(?x)) }", P + "ASK { FILTER(str (?x)) }", P + "ASK { FILTER(STRLEN(?x)) }",
    P + "ASK { FILTER(STRX(?x)) }", P + "ASK { FILTER(REGEX(?x, 'a')) }", P + "ASK { FILTER(REGEX(?x, 'a', 'i')) }",
    P + "ASK { FILTER(REGEX(?x)) }", P + "ASK { FILTER(REGEX(?x, 'a', 'i', 'j')) }",
    P + "ASK { FILTER(SUBSTR(?x, 1)) }", P + "ASK { FILTER(REPLACE(?x, 'a', 'b', 'i')) }",
    P + "ASK { BIND(BNODE() AS ?x) }", P + "ASK { BIND(BNODE () AS ?x) }", P + "ASK { BIND(BNODE(1) AS ?x) }",
    P + "ASK { BIND(BNODE (1) AS ?x) }", P + "ASK { BIND(RAND() AS ?x) }", P + "ASK { BIND(RAND ( ) AS ?x) }",
    P + "ASK { BIND(RAND(#c\n) AS ?x) }", P + "ASK { BIND(CONCAT() AS ?x) }", P + "ASK { BIND(CONCAT (1) AS ?x) }",
    P + "ASK { BIND(CONCAT(1, 2) AS ?x) }", P + "ASK { BIND(COALESCE(?a, 1) AS ?x) }",
    P + "ASK { BIND(COALESCE (1) AS ?x) }", P + "ASK { BIND(NOW() AS ?x) }", P + "ASK { BIND(UUID() AS ?x) }",
    P + "ASK { BIND(IF(1, 2, 3) AS ?x) }", P + "ASK { BIND(sameterm(1, 2) AS ?x) }", P + "ASK { BIND(isiri(1) AS ?x) }",
    P + "ASK { FILTER(BOUND(?x)) }", P + "ASK { FILTER(BOUND(1)) }", P + "ASK { FILTER(ex:f(?x)) }",
    P + "ASK { FILTER ex:f(?x) }", P + "ASK { FILTER ex:f() }", P + "ASK { FILTER ex:f ( ) }",
    P + "ASK { FILTER ex:f }",
    P + "ASK { FILTER(ex:f(DISTINCT ?x)) }", P + "ASK { FILTER(<http://f>(?x)) }", P + "ASK { FILTER EXISTS {} }",
    P + "ASK { FILTER NOT EXISTS { ?s ?p ?o } }", P + "ASK { FILTER NOTEXISTS{} }", P + "ASK { FILTER(NOT EXISTS {}) }",
    P + "ASK { FILTER(LIM\\u0049T) }", P + "ASK { FILTER(true) }", P + "ASK { FILTER true }", P + "ASK { FILTER ?x }",
    P + "ASK { BIND(1 AS ?x) BIND(2 AS ?x) }", P + "ASK { ?x ?p ?o BIND(2 AS ?x) }",
    P + "ASK { BIND(2 AS ?x) ?x ?p ?o }",
    P + "ASK { { ?x ?p ?o } BIND(2 AS ?x) }", P + "ASK { OPTIONAL { ?x ?p ?o } BIND(2 AS ?x) }",
    P + "ASK { MINUS { ?x ?p ?o } BIND(2 AS ?x) }", P + "ASK { FILTER(?x) BIND(2 AS ?x) }",
    P + "ASK { VALUES ?x { 1 } BIND(2 AS ?x) }", P + "ASK { GRAPH ?x {} BIND(2 AS ?x) }",
    P + "ASK { SERVICE <http://127.0.0.1:9/> { ?x ?p ?o } BIND(2 AS ?x) }",
    P + "ASK { { SELECT ?x {} } BIND(2 AS ?x) }", P + "ASK { { SELECT ?y { ?x ?p ?y } } BIND(2 AS ?x) }",
    # aggregates and grouping
    "SELECT (COUNT(*) AS ?c) {}", "SELECT (COUNT(DISTINCT *) AS ?c) {}", "SELECT (COUNT( * ) AS ?c) {}",
    "SELECT * {} HAVING (COUNT(*) > 1)", "ASK {} HAVING (COUNT(*) > 1)", "ASK {} GROUP BY ?x",
    "CONSTRUCT {} WHERE {} GROUP BY ?x", "DESCRIBE ?x WHERE { ?x ?p ?o } GROUP BY ?x", "DESCRIBE * {} GROUP BY ?x",
    "SELECT ?x {} GROUP BY ?x", "SELECT ?y {} GROUP BY ?x", "SELECT ?x (COUNT(*) AS ?c) { ?x ?p ?o } GROUP BY (?x)",
    "SELECT ?y { ?x ?p ?o } GROUP BY (?x AS ?y)", "SELECT ?x { ?x ?p ?o } GROUP BY (?x AS ?y)",
    "SELECT ?z { ?x ?p ?o } GROUP BY (STR(?x) AS ?z)", "SELECT ?x { ?x ?p ?o } GROUP BY STR(?x)",
    "SELECT (COUNT(*) AS ?c) (?c + 1 AS ?d) {}", "SELECT (?x AS ?x) { ?x ?p ?o }", "SELECT (1 AS ?x) (2 AS ?x) {}",
    "SELECT ?x ?x {}", "SELECT ?x (1 AS ?x) {}", "SELECT (SUM(?v) + 1 AS ?s) { ?x ?p ?v }",
    "SELECT (MAX(?v) AS ?m) (BOUND(?x) AS ?b) { ?x ?p ?v }", "SELECT (?v AS ?w) (COUNT(*) AS ?c) { ?x ?p ?v }",
    "SELECT (GROUP_CONCAT(?v ; SEPARATOR = ',') AS ?g) { ?x ?p ?v }",
    "SELECT (GROUP_CONCAT(DISTINCT ?v;separator=',') AS ?g) { ?x ?p ?v }",
    "SELECT (SAMPLE(?v) AS ?s) (AVG(DISTINCT ?v) AS ?a) (MIN(?v) AS ?n) { ?x ?p ?v }",
    "SELECT ?x { ?x ?p ?v } GROUP BY ?x HAVING (COUNT(*) > 1) (SUM(?v) < 3)", "SELECT ?x { ?x ?p ?v } HAVING true",
    "SELECT ?x { ?x ?p ?v } GROUP BY ?x VALUES ?y { 1 }", "SELECT ?y { ?x ?p ?v } GROUP BY ?x VALUES ?y { 1 }",
    "SELECT * { ?x ?p ?v } VALUES ?y { 1 }", "SELECT * { FILTER(COUNT(*) > 1) }",
    "SELECT ?x { { SELECT (COUNT(*) AS ?x) {} } }", "SELECT (COUNT(DISTINCT:x) AS ?c) {}",
    "PREFIX : <http://e/> SELECT (COUNT(DISTINCT:x) AS ?c) {}",
    # modifiers
    "SELECT * {} ORDER BY ?x", "SELECT * {} ORDER BY ASC(?x) DESC(?y) ?z STR(?w) (?v)", "SELECT * {} ORDER BY ASC ?x",
    "SELECT * {} ORDER BY ASCII(?x)", "SELECT * {} LIMIT 1", "SELECT * {} LIMIT +1", "SELECT * {} LIMIT 1 OFFSET 2",
    "SELECT * {} OFFSET 2 LIMIT 1", "SELECT * {} LIMIT 1 LIMIT 2", "SELECT * {} LIMIT 99999999999999999999999",
    "SELECT * {} LIMIT 18446744073709551615", "SELECT * {} LIMIT 18446744073709551616",
    "SELECT * {} LIMIT 00000000000000000000001",
    "SELECT * {} LIMIT10", "SELECT * {} VALUES (?x ?y) { (1 2) (UNDEF 3) }", "SELECT * {} VALUES (?x ?x) { }",
    "SELECT * {} VALUES (?x) { (1 2) }", "SELECT * {} VALUES () { () () }", "SELECT * {} VALUES ?x { }",
    "SELECT * {} VALUES ?x { ?y }", "SELECT * {} VALUES ?x { _:b }", "SELECT * {} VALUES ?x { [] }",
    "SELECT * { VALUES ?x { 1 } VALUES ?x { 2 } }",
    # forms, datasets, sub-selects
    "CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o FILTER(true) }", "CONSTRUCT {} WHERE {}",
    "CONSTRUCT { . } WHERE {}", "CONSTRUCT { ?s ?p ?o . . } WHERE {}", "CONSTRUCT { ?s ?p ?o } {}",
    "CONSTRUCT { ?s ?p ?o ?a ?b ?c } {}", "CONSTRUCT { ?s ?p/?q ?o } {}", "CONSTRUCT { _:a ?p ?o } WHERE { _:a ?p ?o }",
    "CONSTRUCT WHERE { }", "CONSTRUCT FROM <http://g> WHERE { ?s ?p ?o }", "DESCRIBE <http://a>", "DESCRIBE ?x",
    "DESCRIBE *", "DESCRIBE * WHERE { ?s ?p ?o }", "DESCRIBE <http://a> ?b { ?b ?p ?o }", "DESCRIBE",
    "ASK", "ASK {} {}", "SELECT * FROM <http://g> FROM NAMED <http://h> {}", "SELECT * FROM <http://g> NAMED {}",
    "SELECT * { SELECT * {} }", "SELECT * { { SELECT * {} } }", "SELECT * { { SELECT * {} } ?s ?p ?o }",
    "SELECT * { { SELECT * FROM <http://g> {} } }", "SELECT * { { SELECT ?x {} } UNION { SELECT ?y {} } }",
    "SELECT * { { } UNION { } UNION { } }", "SELECT * { {} UNION }", "SELECT * { OPTIONAL {} OPTIONAL {} }",
    "SELECT * { ?s ?p ?o OPTIONAL { ?s ?q ?r FILTER(?r) } . ?a ?b ?c }",
    "SELECT * { GRAPH ?g { } GRAPH <http://g> {} }",
    "SELECT * { MINUS { ?s ?p ?o } }", "SELECT * { _:a ?p ?o { _:a ?p ?o } }", "SELECT * { { _:a ?p ?o } _:a ?p ?o }",
    "SELECT * { _:a ?p ?o . _:a ?q ?r }", "SELECT * { _:a ?p ?o FILTER(true) _:a ?q ?r }",
    "SELECT * { _:a ?p ?o OPTIONAL {} _:a ?q ?r }",
    # SERVICE in its spellings
    "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SELECT * { SERVICE SILENT <http://127.0.0.1:9/> {} }",
    "SELECT * { SERVICE ?e {} }", "SELECT * { service silent ?e {} }", "SELECT * { SERVICE<http://127.0.0.1:9/>{} }",
    "SELECT * { SERVICESILENT<http://127.0.0.1:9/>{} }", "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x {} }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICEex:x {} }",
    "PREFIX : <http://127.0.0.1:9/> PREFIX ex: <http://127.0.0.1:9/> SELECT * { SERVICEex:x {} }",
    "PREFIX SERVICE: <http://a/> PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x {} }",
    "PREFIX SERVICE: <http://a/> PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x :p :o }",
    "PREFIX SILENT: <http://127.0.0.1:9/> SELECT * { SERVICE SILENT:x {} }",
    "PREFIX : <http://127.0.0.1:9/> PREFIX SILENT: <http://a/> SELECT * { SERVICE SILENT:x {} }",
    "SELECT * { SERVICE #c\n <http://127.0.0.1:9/> {} }", "SELECT * { SERVICE\n\tSILENT\n<http://127.0.0.1:9/>\n{} }",
    "SELECT * { SERVICE <http://127.0.0.1:9/\\u0041> {} }", "SELECT * { SERVICE {} }", "SELECT * { SERVICE _:b {} }",
    "SELECT * { SERVICE 'x' {} }", "SELECT * { ?s ?p 'SERVICE <http://127.0.0.1:9/> {}' }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }", "SELECT ?service { ?service ?p ?o }",
    "PREFIX service: <http://e/> SELECT * { ?s service:x ?o }",
    "SELECT * { BIND(<http://x/\\u0041#> AS ?x) SERVICE <http://127.0.0.1:9/> {} }",
]


@pytest.mark.parametrize("text", CORPUS)
def test_corpus_is_read_as_the_engine_reads_it(text: str) -> None:
    engine, ours = same_query(text)
    assert ours == engine


# The engine's extensions, refused on purpose (the engine accepts each of these).
EXTENSIONS = [
    ("ASK { <<( <http://a> <http://b> <http://c> )>> <http://p> ?o }", "RDF-star"),
    ("ASK { ?s ?p <<( <http://a> <http://b> <http://c> )>> }", "RDF-star"),
    ("ASK { << <http://a> <http://b> <http://c> >> <http://p> ?o }", "RDF-star"),
    ("ASK { ?s ?p ?o ~ <http://r> }", "RDF-star"),
    ("ASK { ?s ?p ?o {| <http://q> 1 |} }", "RDF-star"),
    ("SELECT * { BIND(<<( <http://a> <http://b> <http://c> )>> AS ?t) }", "RDF-star"),
    ("SELECT * { VALUES ?t { <<( <http://a> <http://b> <http://c> )>> } }", "RDF-star"),
    ("SELECT * { BIND(TRIPLE(<http://a>, <http://b>, <http://c>) AS ?t) }", "TRIPLE"),
    ("SELECT * { BIND(isTRIPLE(?x) AS ?t) }", "ISTRIPLE"),
    ("SELECT * { BIND(SUBJECT(?x) AS ?t) }", "SUBJECT"),
    ("SELECT * { BIND(LANGDIR(?x) AS ?t) }", "LANGDIR"),
    ("SELECT * { BIND(hasLANG(?x) AS ?t) }", "HASLANG"),
    ("SELECT * { BIND(STRLANGDIR('a', 'en', 'ltr') AS ?t) }", "STRLANGDIR"),
    ("SELECT * { BIND(ADJUST(?x, ?y) AS ?t) }", "ADJUST"),
    ('ASK { ?s ?p "x"@en--ltr }', "base directions"),
    ("ASK { FILTER(!!true) }", "double negation"),
    ("SELECT * { ?s ?p ?o LATERAL { ?s ?q ?r } }", "LATERAL"),
    ('VERSION "1.2" ASK {}', "VERSION"),
]


@pytest.mark.parametrize(("text", "named"), EXTENSIONS)
def test_engine_extensions_are_refused_with_a_clear_error(text: str, named: str) -> None:
    assert same_query(text)[0] is not None  # the engine takes it…
    with pytest.raises(QuerySyntaxError, match=named):  # …we do not, and say why
        parse_query(text)


def test_syntax_errors_give_the_position_and_a_short_excerpt() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o > ) " + "x" * 10_000 + "\n}")
    assert (caught.value.line, caught.value.column) == (3, 15)
    assert len(str(caught.value)) < 400


def test_the_tree_keeps_what_was_written() -> None:
    query = parse_query("PREFIX ex: <http://e/> SELECT ?x WHERE { ?x ex:p/ex:q* 'a'@EN . FILTER(?x) BIND(1 AS ?y) }")
    assert isinstance(query.body, SelectQuery) and query.prologue.prefixes == (("ex", "http://e/"),)
    block, filtered, bound = query.body.where.elements
    assert isinstance(block, TriplesBlock) and isinstance(filtered, FilterPattern) and isinstance(bound, BindPattern)
    triple = block.triples[0]
    assert triple.predicate == PathSequence((Iri("http://e/p"), PathRepeat(Iri("http://e/q"), "*")))
    assert triple.object == Literal("a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "en")
    assert query.body.where.variables == {"x", "y"} and bound.variable == Variable("y")
    text = "ASK { ?s ?p ?o }"
    where = parse_query(text).body.where
    assert text[where.start:where.end] == "{ ?s ?p ?o }"


def test_an_invalid_base_iri_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError, match="base IRI"):
        parse_query("ASK {}", base_iri="http://a%zz/sparql")


def test_relative_iris_resolve_against_the_base_in_effect_where_they_stand() -> None:
    query = parse_query("BASE <http://a/> PREFIX p: <x> BASE <http://b/d/> PREFIX q: <../x> ASK { <y> p:1 q:2 }",
                        base_iri="http://ignored/")
    assert query.prologue.prefixes == (("p", "http://a/x"), ("q", "http://b/x"))
    triple = query.body.where.elements[0].triples[0]
    assert (triple.subject, triple.predicate, triple.object) == (Iri("http://b/d/y"), Iri("http://a/x1"),
                                                                 Iri("http://b/x2"))
