"""Quads from an update's parse: DATA blocks, and DELETE/INSERT templates instantiated per solution.

Terms of :mod:`kg.sparql.tree` become :mod:`kg.model` terms. Blank nodes in a DATA block or an INSERT
template are new ones: one per label (and per ``[]``) for each DATA block, and again for each solution
of a template, as the engine makes them. A template quad that a solution cannot fill is left out, by
the engine's rules: a variable the solution leaves unbound, a literal as subject or graph, anything but
an IRI as predicate.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from kg.errors import QuerySyntaxError
from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Term
from kg.sparql import tree
from kg.sparql.operations import QuadBlock
from kg.store.base import GraphName

Solution = Mapping[str, Term]
_BlankNodes = dict[tuple[str, bool], BlankNode]  # (label, anonymous) -> the new node
_STRING = tree.XSD + "string"
_LANG_STRING = tree.RDF + "langString"


def data_quads(block: QuadBlock) -> list[Quad]:
    """The quads of an ``INSERT DATA`` / ``DELETE DATA`` block, with new blank nodes for its labels."""
    blanks: _BlankNodes = {}
    quads = []
    for pattern in block.quads:
        graph = DefaultGraph() if pattern.graph is None else term(pattern.graph, blanks)
        quads.append(Quad(term(pattern.subject, blanks), term(pattern.predicate, blanks),
                          term(pattern.object, blanks), graph))
    return quads


def term(node: object, blanks: _BlankNodes) -> Term:
    """A term of the tree (not a variable) as a kg.model term; blank nodes through ``blanks``."""
    try:
        if isinstance(node, tree.Iri):
            return NamedNode(node.value)
        if isinstance(node, tree.Literal):
            if node.language is not None:
                return Literal(node.value, language=node.language)
            return Literal(node.value) if node.datatype == _STRING else Literal(
                node.value, datatype=NamedNode(node.datatype))
    except ValueError as exc:  # the parser checked IRIs and language tags; the engine's constructors say why not
        raise QuerySyntaxError(f"not a valid RDF term: {exc}") from exc
    if isinstance(node, tree.BlankNode):
        key = (node.label, node.anonymous)
        found = blanks.get(key)
        if found is None:
            found = blanks[key] = BlankNode()
        return found
    raise QuerySyntaxError(f"not an RDF term: {node!r}")


class Template:
    """A DELETE or INSERT template; ``with_graph`` replaces the default graph of its quads (WITH)."""

    def __init__(self, block: QuadBlock, with_graph: NamedNode | None = None) -> None:
        self.patterns = block.quads
        self.graph: GraphName = with_graph if with_graph is not None else DefaultGraph()
        constants: _BlankNodes = {}  # IRIs and literals converted once; blank nodes are new per solution
        self._fixed = [[None if isinstance(t, tree.Variable | tree.BlankNode) or t is None else term(t, constants)
                        for t in (p.subject, p.predicate, p.object, p.graph)] for p in self.patterns]

    def instantiate(self, solution: Solution) -> Iterator[Quad]:
        """The quads of the template for one solution (new blank nodes for this solution)."""
        blanks: _BlankNodes = {}
        for pattern, fixed in zip(self.patterns, self._fixed, strict=True):
            terms = [_fill(t, f, solution, blanks) for t, f in
                     zip((pattern.subject, pattern.predicate, pattern.object), fixed, strict=False)]
            graph = self.graph if pattern.graph is None else _fill(pattern.graph, fixed[3], solution, blanks)
            quad = _quad(terms, graph)
            if quad is not None:
                yield quad


def _fill(node: object, fixed: Term | None, solution: Solution, blanks: _BlankNodes) -> Term | None:
    if fixed is not None:
        return fixed
    if isinstance(node, tree.Variable):
        return solution.get(node.name)
    return term(node, blanks)


def _quad(terms: Sequence[Term | None], graph: Term | GraphName | None) -> Quad | None:
    """The quad, or None when the engine leaves it out (unbound, or a term where it cannot stand)."""
    subject, predicate, object_ = terms
    if not isinstance(subject, NamedNode | BlankNode) or not isinstance(predicate, NamedNode) or object_ is None:
        return None
    if not isinstance(graph, NamedNode | BlankNode | DefaultGraph):
        return None
    return Quad(subject, predicate, object_, graph)
