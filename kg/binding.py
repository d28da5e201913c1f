"""Safe parameter binding for engines without substitutions: a ``VALUES`` block, never string formatting.

A remote SPARQL engine cannot take bindings beside the query text, so they must go into the text.
They go in as RDF terms serialised by pyoxigraph (N-Triples form, which is valid SPARQL: quotes,
backslashes and line breaks escaped; IRIs already checked by ``NamedNode``), inside one ``VALUES``
block placed first in the query's outermost group pattern::

    SELECT ?s ?label WHERE { ?s rdfs:label ?label }     label = "x"@en
    SELECT ?s ?label WHERE { VALUES (?label) { ("x"@en) } ?s rdfs:label ?label }

Joined at the start of the group, the values reach every pattern, FILTER, OPTIONAL and EXISTS of
the query, which is what the embedded store's substitutions do. Where the blocks go is read from the
query's parse (kg.sparql), so braces or keywords in strings, IRIs and comments never mislead it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kg.errors import QueryParameterError, QuerySyntaxError
from kg.model import BlankNode, Literal, NamedNode, Term, Triple
from kg.sparql import chars
from kg.sparql.parser import parse_query
from kg.sparql.tree import (
    BindPattern,
    ConstructQuery,
    Exists,
    FilterPattern,
    GraphPattern,
    Group,
    MinusPattern,
    OptionalPattern,
    SelectQuery,
    ServicePattern,
    SubSelect,
    UnionPattern,
)

_STRUCTURE_BASE = "http://localhost/"  # relative IRIs resolve somewhere: only the structure is read here


def serialize_term(term: Term) -> str:
    """A term as SPARQL text: ``<iri>``, ``"literal"@lang`` / ``"…"^^<dt>``, or ``<< s p o >>``."""
    if isinstance(term, NamedNode | Literal):
        return str(term)  # N-Triples form: IRIs validated, literals escaped
    if isinstance(term, Triple):
        parts = (term.subject, term.predicate, term.object)
        return "<< " + " ".join(serialize_term(part) for part in parts) + " >>"
    if isinstance(term, BlankNode):
        raise QueryParameterError("a blank node cannot be bound to a query parameter")
    raise QueryParameterError(f"cannot bind a {type(term).__name__} as an RDF term")


def bind(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with ``bindings`` joined in by ``VALUES`` blocks, as substitutions would bind them.

    One block goes first in the query's WHERE group, and one in each sub-select that projects a
    bound variable (substitutions reach into those, and a sub-select is evaluated on its own).
    Raises QueryParameterError for a variable a SELECT does not project (as substitutions do), for
    bad variable names and for unbindable terms; QuerySyntaxError for text that is not a query with
    a WHERE group.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not name or chars.scan_varname(name, 0) != len(name):
            raise QueryParameterError(f"invalid variable name {name!r}")
    terms = {name: serialize_term(term) for name, term in bindings.items()}
    body = parse_query(sparql, base_iri=_STRUCTURE_BASE).body
    if isinstance(body, SelectQuery) and body.projection is not None:
        missing = sorted(set(terms) - {p.variable.name for p in body.projection})
        if missing:
            raise QueryParameterError(
                f"cannot bind parameters: the query does not project {', '.join('?' + m for m in missing)}")
    return _join(sparql, body, list(terms), [list(terms.values())])


def join_values(sparql: str, variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    """The query with a ``VALUES`` block of several rows joined in where :func:`bind` puts its one row.

    An entity parameter that names several concepts binds all of them this way, each row with the
    columns that describe the match (``None`` is ``UNDEF``). The variables need not be projected:
    the rows are joined, not substituted. QueryParameterError for bad names, unbindable terms or rows
    of the wrong width; QuerySyntaxError for text that is not a query with a WHERE group.
    """
    if not rows:
        return sparql
    for name in variables:
        if not name or chars.scan_varname(name, 0) != len(name):
            raise QueryParameterError(f"invalid variable name {name!r}")
    if any(len(row) != len(variables) for row in rows):
        raise QueryParameterError("every VALUES row needs one term per variable")
    table = [["UNDEF" if term is None else serialize_term(term) for term in row] for row in rows]
    return _join(sparql, parse_query(sparql, base_iri=_STRUCTURE_BASE).body, list(variables), table)


def _join(sparql: str, body: Any, variables: list[str], rows: list[list[str]]) -> str:
    if body.where is None:
        raise QuerySyntaxError("cannot bind parameters: the query has no WHERE group")
    edits: list[tuple[int, str]] = []
    if isinstance(body, ConstructQuery) and body.template_start is None:
        # CONSTRUCT WHERE { T } is CONSTRUCT { T } WHERE { T }: bind in the pattern only
        pattern = sparql[body.where.start + 1:body.where.end - 1]
        edits.append((body.keyword_end, f" {{{pattern}}}"))
    _bind_where(body.where, variables, rows, edits)
    for offset, text in sorted(edits, key=lambda edit: edit[0], reverse=True):
        sparql = sparql[:offset] + text + sparql[offset:]
    return sparql


def _bind_where(where: Group, variables: list[str], rows: list[list[str]], edits: list[tuple[int, str]]) -> None:
    """Plan a VALUES block at the start of ``where``, and in its sub-selects that project a bound variable."""
    values = _values_block(variables, rows)
    if isinstance(where, SubSelect):  # { SELECT … } alone: the block cannot sit beside it
        edits += [(where.start + 1, f" {values} {{"), (where.end - 1, "} ")]
    else:
        edits.append((where.start + 1, f" {values} "))
    for sub in _sub_selects(where):
        query = sub.query
        plain = None if query.projection is None else {p.variable.name for p in query.projection
                                                       if p.expression is None}
        kept = [i for i, name in enumerate(variables) if plain is None or name in plain]
        if kept:
            inner = list(dict.fromkeys(tuple(row[i] for i in kept) for row in rows))
            _bind_where(query.where, [variables[i] for i in kept], [list(row) for row in inner], edits)


def _sub_selects(group: Group) -> Iterator[SubSelect]:
    """The sub-selects of a group (itself when it is one), not looking inside them (each binds its own)."""
    if isinstance(group, SubSelect):
        yield group
        return
    for element in group.elements:
        for child in _groups(element):
            if isinstance(child, SubSelect):
                yield child
            else:
                yield from _sub_selects(child)


def _groups(element: Any) -> Iterator[Group]:
    if isinstance(element, UnionPattern):
        yield from element.branches
    elif isinstance(element, OptionalPattern | MinusPattern | GraphPattern | ServicePattern):
        yield element.group
    elif isinstance(element, FilterPattern | BindPattern):
        yield from _exists(element.expression)


def _exists(expression: Any) -> Iterator[Group]:
    if isinstance(expression, Exists):
        yield expression.pattern
    for child in getattr(expression, "operands", None) or getattr(expression, "arguments", None) or ():
        yield from _exists(child)


def _values_block(variables: list[str], rows: list[list[str]]) -> str:
    table = " ".join(f"({' '.join(row)})" for row in rows)
    return f"VALUES ({' '.join('?' + name for name in variables)}) {{ {table} }}"
