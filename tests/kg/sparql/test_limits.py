"""Structural limits measured on the parse: each construct just under its limit parses, just over it
is a QueryTooComplexError naming the limit's setting; generated deep and wide algebra never raises
anything else; what the defaults let through does not crash the engine."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError, QuerySyntaxError, QueryTooComplexError
from kg.settings import load_settings
from kg.sparql.limits import Limits
from kg.sparql.parser import parse_query, parse_update

SMALL = Limits(max_depth=6, max_union_branches=5, max_operator_chain=5, max_group_elements=5, max_triple_patterns=6,
               max_query_nodes=60, max_algebra_depth=30, max_update_operations=3)
G = "{ BIND(1 AS ?x) }"
UPDATE_WHERE = "INSERT { <urn:s> <urn:p> ?x } WHERE "

# name: (how a text with n of the construct reads, the limit it meets, the setting named)
CONSTRUCTS = {
    "nested groups": (lambda n: "SELECT * WHERE " + "{" * n + "}" * n, 6, "KG_MAX_QUERY_DEPTH"),
    "nested brackets": (lambda n: "SELECT (" + "(" * (n - 1) + "1" + ")" * (n - 1) + " AS ?x) {}", 6,
                        "KG_MAX_QUERY_DEPTH"),
    "nested calls": (lambda n: "ASK { FILTER(" + "STR(" * (n - 1) + "1" + ")" * (n - 1) + ") }", 5,
                     "KG_MAX_QUERY_DEPTH"),
    "nested blank nodes": (lambda n: "ASK { ?s <urn:p> " + "[ <urn:p> " * (n - 1) + "1" + " ]" * (n - 1) + " }", 6,
                           "KG_MAX_QUERY_DEPTH"),
    "nested paths": (lambda n: "ASK { ?s " + "(" * (n - 1) + "<urn:p>" + ")" * (n - 1) + " ?o }", 6,
                     "KG_MAX_QUERY_DEPTH"),
    "UNION branches": (lambda n: "SELECT * WHERE { " + " UNION ".join([G] * n) + " }", 5, "KG_MAX_UNION_BRANCHES"),
    "+ chain": (lambda n: "SELECT (" + "+".join(["1"] * n) + " AS ?x) {}", 5, "KG_MAX_OPERATOR_CHAIN"),
    "* / chain": (lambda n: "SELECT (" + "/".join(["1"] * n) + " AS ?x) {}", 5, "KG_MAX_OPERATOR_CHAIN"),
    "&& chain": (lambda n: "ASK { FILTER(" + "&&".join(["true"] * n) + ") }", 5, "KG_MAX_OPERATOR_CHAIN"),
    "|| chain": (lambda n: "ASK { FILTER(" + "||".join(["true"] * n) + ") }", 5, "KG_MAX_OPERATOR_CHAIN"),
    "path /": (lambda n: "ASK { ?s " + "/".join(["<urn:p>"] * n) + " ?o }", 5, "KG_MAX_OPERATOR_CHAIN"),
    "path |": (lambda n: "ASK { ?s " + "|".join(["<urn:p>"] * n) + " ?o }", 5, "KG_MAX_OPERATOR_CHAIN"),
    "OPTIONALs": (lambda n: "SELECT * WHERE { " + "OPTIONAL { } " * n + "}", 5, "KG_MAX_GROUP_ELEMENTS"),
    "MINUSes": (lambda n: "SELECT * WHERE { " + "MINUS { } " * n + "}", 5, "KG_MAX_GROUP_ELEMENTS"),
    "FILTERs": (lambda n: "SELECT * WHERE { " + "FILTER(true) " * n + "}", 5, "KG_MAX_GROUP_ELEMENTS"),
    "BINDs": (lambda n: "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?x{i})" for i in range(n)) + " }", 5,
              "KG_MAX_GROUP_ELEMENTS"),
    "SELECT expressions": (lambda n: "SELECT " + " ".join(f"(1 AS ?x{i})" for i in range(n)) + " {}", 5,
                           "KG_MAX_GROUP_ELEMENTS"),
    "ORDER BY conditions": (lambda n: "SELECT * {} ORDER BY " + "(1) " * n, 5, "KG_MAX_GROUP_ELEMENTS"),
    "triple patterns": (lambda n: "SELECT * { " + " ".join(f"?s <urn:p{i}> ?o ." for i in range(n)) + " }", 6,
                        "KG_MAX_TRIPLE_PATTERNS"),
    "path steps as patterns": (lambda n: "ASK { " + "?s <urn:p>/<urn:q> ?o . " * n + "}", 3, "KG_MAX_TRIPLE_PATTERNS"),
    "nodes": (lambda n: "ASK { FILTER(1 IN (" + ",".join(["2"] * n) + ")) }", 57, "KG_MAX_QUERY_NODES"),
    "algebra depth": (lambda n: "SELECT * { " + "OPTIONAL { " * 4 + "FILTER(true) " * 5 * n + "}" * 4 + " }", 0,
                      "KG_MAX_ALGEBRA_DEPTH"),
}


@pytest.mark.parametrize("name", [k for k, v in CONSTRUCTS.items() if v[1]])
def test_each_construct_parses_up_to_its_limit_and_is_refused_past_it(name: str) -> None:
    make, limit, setting = CONSTRUCTS[name]
    parse_query(make(limit), limits=SMALL)
    with pytest.raises(QueryTooComplexError, match=setting) as caught:
        parse_query(make(limit + 1), limits=SMALL)
    assert caught.value.setting == setting and isinstance(caught.value, QuerySyntaxError)


def test_the_algebra_depth_adds_up_chains_along_the_nesting() -> None:
    setting = CONSTRUCTS["algebra depth"][2]
    limits = Limits(max_group_elements=100, max_query_nodes=1000, max_algebra_depth=30)
    parse_query("SELECT * { " + "OPTIONAL { " * 4 + "FILTER(true) " * 20 + "}" * 4 + " }", limits=limits)
    with pytest.raises(QueryTooComplexError, match=setting):
        parse_query("SELECT * { " + "OPTIONAL { " * 4 + "FILTER(true) " * 40 + "}" * 4 + " }", limits=limits)


def test_update_limits() -> None:
    parse_update(" ; ".join(["CLEAR ALL"] * 3), limits=SMALL)
    with pytest.raises(QueryTooComplexError, match="KG_MAX_UPDATE_OPERATIONS"):
        parse_update(" ; ".join(["CLEAR ALL"] * 4), limits=SMALL)
    with pytest.raises(QueryTooComplexError, match="KG_MAX_UNION_BRANCHES"):
        parse_update(UPDATE_WHERE + "{ " + " UNION ".join([G] * 6) + " }", limits=SMALL)
    with pytest.raises(QueryTooComplexError, match="KG_MAX_TRIPLE_PATTERNS"):
        parse_update("DELETE WHERE { " + " ".join(f"?s <urn:p{i}> ?o{i} ." for i in range(7)) + " }", limits=SMALL)
    data = "INSERT DATA { " + " ".join(f"<urn:s> <urn:p> {i} ." for i in range(200)) + " }"
    parse_update(data, limits=SMALL)  # DATA blocks are data, not patterns: no limit but the body cap


def test_the_defaults_and_their_settings() -> None:
    settings = load_settings(environ={"KG_MAX_UNION_BRANCHES": "7"})
    limits = Limits.from_settings(settings)
    assert limits == Limits(max_union_branches=7)
    parse_query("SELECT * WHERE { " + " UNION ".join([G] * 256) + " }")
    with pytest.raises(QueryTooComplexError, match=r"257 branches in one UNION.*KG_MAX_UNION_BRANCHES"):
        parse_query("SELECT * WHERE { " + " UNION ".join([G] * 257) + " }")
    with pytest.raises(KgError, match="max_query_depth"):
        load_settings(environ={"KG_MAX_QUERY_DEPTH": "500"})


def test_the_parser_stops_at_the_depth_limit_long_before_pythons_recursion_limit() -> None:
    """At the highest depth the settings allow, from a thread already deep in calls, every kind of nesting
    parses right up to the limit, and one level more is the typed error, not a RecursionError."""
    depth = 80
    wide = 10**6
    limits = Limits(depth, wide, wide, wide, wide, wide, wide, wide)
    makers = [make for make, _, setting in CONSTRUCTS.values() if setting == "KG_MAX_QUERY_DEPTH"]
    makers.append(lambda n: "ASK { " + "FILTER NOT EXISTS { " * (n // 2) + "}" * (n // 2) + " }")
    makers.append(lambda n: "SELECT * { FILTER(" + "EXISTS { FILTER((" * (n // 4) + "true" + ")) }" * (n // 4) + ") }")
    deepest: list[int] = []

    def deep(level: int) -> None:
        if level:
            return deep(level - 1)
        for make in makers:
            parsed = 0
            for n in range(depth + 4, depth - 8, -1):
                try:
                    parse_query(make(n), limits=limits)
                except QueryTooComplexError:
                    continue
                parsed = n
                break
            deepest.append(parsed)

    worker = threading.Thread(target=deep, args=(150,))
    worker.start()
    worker.join()
    assert len(deepest) == len(makers) and min(deepest) >= depth - 7


# Generated deep and wide algebra: only typed errors, never RecursionError or anything else.
def _group(children: list[str]) -> str:
    return "{ " + " ".join(children) + " }"


_PATTERNS = st.recursive(
    st.sampled_from(["?s ?p ?o .", "BIND(1 AS ?b)", "FILTER(?o > 1)", "VALUES ?v { 1 2 }", "?s <urn:p>/<urn:q>* ?o .",
                     "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }"]),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=6).map(_group),
        st.lists(inner.map(lambda p: "{ " + p + " }"), min_size=2, max_size=40).map(lambda gs: " UNION ".join(gs)),
        inner.map(lambda p: "OPTIONAL { " + p + " }"),
        inner.map(lambda p: "MINUS { " + p + " }"),
        inner.map(lambda p: "FILTER NOT EXISTS { " + p + " }"),
        st.integers(1, 400).map(lambda n: "FILTER(" + "+".join(["1"] * n) + " > 0)"),
        st.integers(1, 120).map(lambda n: "FILTER(" + "(" * n + "1" + ")" * n + ")"),
        st.integers(1, 300).map(lambda n: "OPTIONAL { } " * n),
    ),
    max_leaves=60,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PATTERNS)
def test_generated_algebra_raises_only_typed_errors(pattern: str) -> None:
    for text in ("SELECT * WHERE { " + pattern + " }", UPDATE_WHERE + "{ " + pattern + " }"):
        with contextlib.suppress(QuerySyntaxError):  # over a limit, or a BIND rebinding ?b: typed, a 400
            (parse_update if text.startswith("INSERT") else parse_query)(text)


ENGINE = r"""
import sys, pyoxigraph as ox
for text in sys.stdin.read().split("\n=====\n"):
    try:
        result = ox.Store().query(text)
        list(result) if hasattr(result, "__iter__") else bool(result)
    except SyntaxError as exc:
        print("syntax", str(exc)[:100])
print("alive")
"""


def test_what_the_default_limits_let_through_does_not_crash_the_engine() -> None:
    """The worst of each kind the defaults accept, run by pyoxigraph in a process of its own."""
    worst = [
        "SELECT * WHERE { " + "OPTIONAL { " * 3 + "OPTIONAL { BIND(1 AS ?y) } " * 250 + "}" * 3 + " }",
        "SELECT * WHERE { " + " UNION ".join(["{ " + "BIND(1 AS ?x) " + "OPTIONAL { } " * 3 + "}"] * 256) + " }",
        "SELECT (" + "+".join(["(" + "+".join(["1"] * 4) + ")"] * 250) + " AS ?x) WHERE {}",
        "ASK { FILTER(" + "STR(" * 37 + "1" + ")" * 37 + ") }",
        "ASK { " + "FILTER NOT EXISTS { " * 19 + "}" * 19 + " }",
        "ASK { ?s <urn:p> " + "( " * 38 + "1" + " )" * 38 + " }",
        "SELECT * { " + "{ " * 18 + " UNION ".join(["{ BIND(1 AS ?x) }"] * 200) + " }" * 18 + " }",
    ]
    for text in worst:
        parse_query(text)
    done = subprocess.run([sys.executable, "-c", ENGINE], input="\n=====\n".join(worst), capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip().endswith("alive"), done.stderr[-500:]
    assert "syntax" not in done.stdout
