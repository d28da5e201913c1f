"""Terms from pyoxigraph to rdflib, for the engines that work on rdflib graphs (pySHACL, pyshacl-turbo's
SPARQL results): IRIs, blank nodes with their identifiers, and literals as rdflib's own parsers make them
(a simple literal without ``xsd:string``). RDF-star triple terms have no rdflib form.
"""

from __future__ import annotations

import rdflib

from kg.errors import ShapesError
from kg.rdf.model import BlankNode, Literal, NamedNode, Term

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
