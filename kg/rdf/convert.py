"""The one converter between pyoxigraph's and rdflib's terms, both ways: to rdflib for the engines that work
on rdflib graphs (pySHACL, pyshacl-turbo's SPARQL results, the reference reasoner's input), back to
pyoxigraph for what they give (the reference reasoner's triples). IRIs, blank nodes with their identifiers,
and literals as rdflib's own parsers make them (a simple literal without ``xsd:string``). RDF-star triple
terms have no rdflib form.
"""

from __future__ import annotations

import rdflib

from kg.errors import ShapesError
from kg.rdf.model import BlankNode, Literal, NamedNode, Term, Triple

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term: Term) -> rdflib.term.Node:
    """The rdflib term for a pyoxigraph term; ShapesError for an RDF-star triple term."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a simple literal, as rdflib's parsers make it
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise ShapesError(f"cannot validate RDF-star triple terms: {term}")


def rdflib_triple(triple: Triple) -> tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]:
    """:func:`rdflib_term` of a triple's three terms."""
    return rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)


def oxigraph_term(node: rdflib.term.Node) -> Term:
    """The pyoxigraph term for an rdflib IRI, blank node (its identifier kept) or literal."""
    if isinstance(node, rdflib.URIRef):
        return NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return Literal(str(node), language=node.language)
        if node.datatype:
            return Literal(str(node), datatype=NamedNode(str(node.datatype)))
        return Literal(str(node))
    raise ValueError(f"no pyoxigraph term for {node!r}")
