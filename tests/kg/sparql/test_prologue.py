"""kg/sparql/prologue.py: the project's prefixes declared for a query that does not declare them itself."""

from __future__ import annotations

import pytest

from kg.errors import QuerySyntaxError
from kg.sparql.parser import parse_query
from kg.sparql.prologue import check_query, declare_project_prefixes, project_prefixes

BASE = "https://example.org/kg/"


def test_undeclared_project_prefixes_resolve() -> None:
    text = declare_project_prefixes("SELECT * WHERE { ?m a fikg:Measure ; skos:related id:x }",
                                    project_prefixes(BASE))
    where = str(parse_query(text).body.where)
    assert "https://example.org/kg/id/x" in where and "https://w3id.org/fikg/ontology#Measure" in where


def test_an_explicit_prefix_wins_and_is_not_declared_twice() -> None:
    own = "PREFIX fikg: <http://example.org/mine#>\nSELECT * WHERE { ?m a fikg:Measure }"
    text = declare_project_prefixes(own)
    assert text.count("PREFIX fikg:") == 1 and text.endswith(own)
    assert "http://example.org/mine#Measure" in str(parse_query(text).body.where)


def test_lines_keep_their_numbers() -> None:
    text = declare_project_prefixes("SELECT * WHERE {\n  ?s ?p \n}")
    with pytest.raises(QuerySyntaxError, match="line 3 column"):
        parse_query(text)


def test_a_broken_prologue_is_left_for_the_parser_to_report() -> None:
    with pytest.raises(QuerySyntaxError, match="line 1 column 8"):
        check_query("PREFIX broken SELECT")


def test_errors_are_positioned_in_the_text_as_written() -> None:
    with pytest.raises(QuerySyntaxError, match=r"unknown prefix 'x:' at line 2 column 6"):
        check_query("SELECT * WHERE {\n  ?s x:p ?o }")
    with pytest.raises(QuerySyntaxError, match=r"line 1 column 2\d"):
        check_query("SELECT * WHERE { ?s ?p }")
    check_query("SELECT * WHERE { ?s a fikg:Measure }")  # declared to the parser
