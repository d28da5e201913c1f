"""kg/validation/sparql_plan.py: constraint queries are read with kg.sparql's lexer (no regex of their own), so the
rewrite never splits a prefixed name or a string, and sequence paths become patterns only where they stand alone."""

from __future__ import annotations

import rdflib

from kg.validation.sparql_plan import _pieces, _sequence_paths_as_patterns, sparql_plan

QUERY = '''SELECT $this ?v # the value, "not a string"
WHERE { $this ex:GRAPH ?v . FILTER NOT EXISTS { ?v ex:a/ex:b "x/y" } }'''


def test_the_pieces_are_the_lexers_terminals_and_give_the_text_back() -> None:
    pieces = _pieces(QUERY)
    assert "".join(pieces) == QUERY
    assert "ex:GRAPH" in pieces and '"x/y"' in pieces and "$this" in pieces
    assert '# the value, "not a string"' in pieces  # a comment is one piece, its quotes no string


def test_a_sequence_path_standing_alone_becomes_two_patterns() -> None:
    pieces = _pieces("SELECT ?this WHERE { ?this ex:a/ex:b ?o . ?o ex:c/<http://ex/d> 1 }")
    assert _sequence_paths_as_patterns(pieces) == (
        "SELECT ?this WHERE { ?this ex:a ?kg_sequence_0 . ?kg_sequence_0 ex:b ?o . "
        "?o ex:c ?kg_sequence_1 . ?kg_sequence_1 <http://ex/d> 1 }")
    inside = _pieces('SELECT ?this WHERE { ?this ex:p "a/b" ; ex:a/ex:b ?o }')  # not alone: after ';'
    assert _sequence_paths_as_patterns(inside) == "".join(inside)


def test_a_name_that_spells_a_refused_keyword_is_no_keyword() -> None:
    shapes = rdflib.Graph().parse(data='''
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [
            sh:prefixes ex:ontology ; sh:select "SELECT $this WHERE { $this ex:GRAPH ?v }" ] .
        ex:ontology sh:declare [ sh:prefix "ex" ; sh:namespace "http://ex/"^^xsd:anyURI ] .
        ''', format="turtle")
    plan = sparql_plan(shapes)
    assert len(plan.checks) == 1 and "ex:GRAPH" in plan.checks[0].queries[0]
