"""kg/rdf/convert.py: the one term converter, pyoxigraph to rdflib and back, keeps every term it can hold."""

from __future__ import annotations

import pytest
import rdflib

from kg.errors import ShapesError
from kg.rdf.convert import oxigraph_term, rdflib_term, rdflib_triple
from kg.rdf.model import BlankNode, Literal, NamedNode, Triple

XSD = "http://www.w3.org/2001/XMLSchema#"
TERMS = [NamedNode("http://ex/碳化硅"), BlankNode("b1"), Literal("碳化硅", language="zh"), Literal("plain"),
         Literal("2030", datatype=NamedNode(XSD + "integer")), Literal("x", datatype=NamedNode("http://ex/dt"))]


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_a_term_makes_the_round_trip(term) -> None:
    assert oxigraph_term(rdflib_term(term)) == term


def test_a_simple_literal_is_one_as_rdflibs_parsers_make_it() -> None:
    assert rdflib_term(Literal("plain")) == rdflib.Literal("plain")
    parsed = next(iter(rdflib.Graph().parse(data='<http://ex/s> <http://ex/p> "plain" .', format="nt")))
    assert rdflib_triple(Triple(NamedNode("http://ex/s"), NamedNode("http://ex/p"), Literal("plain"))) == parsed


def test_a_triple_term_has_no_rdflib_form() -> None:
    quoted = Triple(NamedNode("http://ex/s"), NamedNode("http://ex/p"), NamedNode("http://ex/o"))
    with pytest.raises(ShapesError):
        rdflib_term(quoted)
