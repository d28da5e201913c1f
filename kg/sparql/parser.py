"""Parse SPARQL 1.1 query and update text into a :mod:`kg.sparql.tree`, as pyoxigraph 0.5 parses it.

:func:`parse_query` and :func:`parse_update` accept exactly the texts the engine accepts (save the
extensions refused on purpose: RDF-star / RDF 1.2 terms and functions, VERSION, LATERAL, ADJUST),
read them the way it reads them, and refuse with QuerySyntaxError what it refuses, with the line,
column and a short excerpt. The depth limit is enforced while reading (the parser never recurses
deeper than it); the other limits of :mod:`kg.sparql.limits` are measured on the finished tree.
Reading is linear in the text's length.
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.errors import QuerySyntaxError, QueryTooComplexError
from kg.sparql import lexer
from kg.sparql.limits import Limits, check_query, check_update
from kg.sparql.operations import Update
from kg.sparql.terms import Mismatch, valid_iri
from kg.sparql.tree import Query
from kg.sparql.update import UpdateReader

_EXCERPT = 40


def parse_query(text: str, *, base_iri: str | None = None, limits: Limits | None = None,
                prefixes: Mapping[str, str] | None = None) -> Query:
    """The query's tree; QuerySyntaxError (QueryTooComplexError over a limit) otherwise. ``prefixes`` are
    declared before the text (its own PREFIX declarations win)."""
    limits = limits or Limits()
    reader = _reader(text, base_iri, limits, prefixes)
    query = _run(reader, reader.query)
    check_query(query, limits)
    return query


def parse_update(text: str, *, base_iri: str | None = None, limits: Limits | None = None) -> Update:
    """The update's tree; QuerySyntaxError (QueryTooComplexError over a limit) otherwise."""
    limits = limits or Limits()
    reader = _reader(text, base_iri, limits)
    update = _run(reader, reader.update)
    check_update(update, limits)
    return update


def _reader(text: str, base_iri: str | None, limits: Limits,
            prefixes: Mapping[str, str] | None = None) -> UpdateReader:
    if base_iri is not None and not valid_iri(base_iri):
        raise QuerySyntaxError(f"invalid base IRI: {_excerpt(base_iri)}")
    return UpdateReader(text, base_iri, limits, prefixes)


def _run(reader: UpdateReader, rule):
    try:
        return rule()
    except Mismatch:
        raise syntax_error(reader) from None
    except RecursionError:  # not reached with the depth limit's allowed range; a last wall all the same
        raise QueryTooComplexError("the text is nested too deeply to be read", "KG_MAX_QUERY_DEPTH",
                                   reader.limits.max_depth) from None


def syntax_error(reader: UpdateReader) -> QuerySyntaxError:
    """The error at the furthest position any rule reached, with what could have come there."""
    position = max(reader.furthest, 0)
    if position in reader.undeclared:  # the furthest reading stopped at a prefix nobody declared
        name = reader.undeclared[position]
        line, column = lexer.line_column(reader.text, position - len(name) - 1)
        return QuerySyntaxError(f"unknown prefix {_excerpt(name + ':')} at line {line} column {column}")
    line, column = lexer.line_column(reader.text, position)
    expected = sorted(reader.expected)
    shown = ", ".join(expected[:8]) + (", …" if len(expected) > 8 else "")
    found = _excerpt(reader.text[position:position + _EXCERPT + 1]) if position < reader.end else "the end"
    return QuerySyntaxError(f"syntax error at line {line} column {column}: expected {shown}; found {found}")


def _excerpt(text: str) -> str:
    """A short, printable quote of client text (error messages never echo more)."""
    cut = text[:_EXCERPT]
    return repr(cut + ("…" if len(text) > _EXCERPT else ""))
