"""RDF terms as the rest of the code sees them: pyoxigraph's term classes, re-exported."""

from __future__ import annotations

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple, Variable

Term = NamedNode | BlankNode | Literal | Triple

__all__ = ["BlankNode", "DefaultGraph", "Literal", "NamedNode", "Quad", "Term", "Triple", "Variable"]
