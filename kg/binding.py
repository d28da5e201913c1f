"""Safe parameter binding for engines without substitutions: a ``VALUES`` block, never string formatting.

A remote SPARQL engine cannot take bindings beside the query text, so they must go into the text.
They go in as RDF terms serialised by pyoxigraph (N-Triples form, which is valid SPARQL: quotes,
backslashes and line breaks escaped; IRIs already checked by ``NamedNode``), inside one ``VALUES``
block placed first in the query's outermost group pattern::

    SELECT ?s ?label WHERE { ?s rdfs:label ?label }     label = "x"@en
    SELECT ?s ?label WHERE { VALUES (?label) { ("x"@en) } ?s rdfs:label ?label }

Joined at the start of the group, the values reach every pattern, FILTER, OPTIONAL and EXISTS of
the query, which is what the embedded store's substitutions do. The query is located with a small
tokenizer that knows strings, IRIs and comments, so braces or keywords inside them do not mislead it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import QueryParameterError, QuerySyntaxError
from kg.model import BlankNode, Literal, NamedNode, Term, Triple

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.%:-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_VARIABLE_NAME = re.compile(r"^[\w\u00b7]+$")
_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


@dataclass(frozen=True)
class Token:
    """One lexical unit of a query: its kind, text and character offsets."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokenize(sparql: str) -> list[Token]:
    """The significant tokens of a query (spaces and comments left out)."""
    tokens = []
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "punct"
        if kind not in {"space", "comment"}:
            tokens.append(Token(kind, match.group(), match.start(), match.end()))
    return tokens


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
    bad variable names and for unbindable terms; QuerySyntaxError when no WHERE group can be found.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE_NAME.match(name):
            raise QueryParameterError(f"invalid variable name {name!r}")
    terms = {name: serialize_term(term) for name, term in bindings.items()}
    tokens = tokenize(sparql)
    form = next((i for i, t in enumerate(tokens) if t.keyword in _FORMS), None)
    if form is None:
        raise QuerySyntaxError("not a query: expected SELECT, CONSTRUCT, ASK or DESCRIBE")
    if tokens[form].keyword == "SELECT":
        projected = _projection(tokens, form, with_expressions=True)
        missing = sorted(set(terms) - projected) if projected is not None else []
        if missing:
            raise QueryParameterError(
                f"cannot bind parameters: the query does not project {', '.join('?' + m for m in missing)}")
    if tokens[form].keyword == "CONSTRUCT" and form + 1 < len(tokens) and tokens[form + 1].keyword == "WHERE":
        return _bind_construct_shorthand(sparql, tokens, form + 1, _values_block(terms))
    edits: list[tuple[int, str]] = []
    _bind_where(tokens, form, terms, edits)
    for offset, text in sorted(edits, key=lambda edit: edit[0], reverse=True):
        sparql = sparql[:offset] + text + sparql[offset:]
    return sparql


def _bind_where(tokens: list[Token], form: int, terms: dict[str, str], edits: list[tuple[int, str]]) -> None:
    """Plan a VALUES block for the WHERE group of the query form at ``form``, and its sub-selects."""
    opening = _where_group(tokens, form)
    closing = _matching(tokens, opening)
    values = _values_block(terms)
    if tokens[opening + 1].keyword == "SELECT":  # { SELECT … } alone: the block cannot sit beside it
        edits += [(tokens[opening].end, f" {values} {{"), (tokens[closing].start, "} ")]
    else:
        edits.append((tokens[opening].end, f" {values} "))
    i = opening + 1
    while i < closing:
        if tokens[i].keyword == "SELECT" and tokens[i - 1].text == "{":
            projected = _projection(tokens, i, with_expressions=False)
            inner = {n: t for n, t in terms.items() if projected is None or n in projected}
            if inner:
                _bind_where(tokens, i, inner, edits)
            i = _matching(tokens, i - 1)
        i += 1


def _values_block(terms: Mapping[str, str]) -> str:
    return f"VALUES ({' '.join('?' + name for name in terms)}) {{ ({' '.join(terms.values())}) }}"


def _projection(tokens: list[Token], form: int, *, with_expressions: bool) -> set[str] | None:
    """Variables a SELECT projects (None for ``SELECT *``); ``(expr AS ?v)`` counts if asked."""
    projected: set[str] = set()
    depth = 0
    for i in range(form + 1, len(tokens)):
        token = tokens[i]
        if depth == 0 and (token.text == "{" or token.keyword in {"WHERE", "FROM"}):
            break
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and token.text == "*":
            return None
        elif token.kind == "var" and (depth == 0 or (with_expressions and tokens[i - 1].keyword == "AS")):
            projected.add(token.text[1:])
    return projected


def _where_group(tokens: list[Token], form: int) -> int:
    """Index of the ``{`` opening the query pattern (after WHERE, or after a CONSTRUCT template)."""
    skip_template = tokens[form].keyword == "CONSTRUCT"
    parens = 0
    i = form + 1
    while i < len(tokens):
        token = tokens[i]
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif parens == 0 and token.keyword == "WHERE":
            skip_template = False
        elif parens == 0 and token.text == "{":
            if not skip_template:
                return i
            skip_template = False
            i = _matching(tokens, i)
        i += 1
    raise QuerySyntaxError("cannot bind parameters: the query has no WHERE group")


def _matching(tokens: list[Token], opening: int) -> int:
    """Index of the ``}`` closing the brace at ``opening``."""
    depth = 0
    for i in range(opening, len(tokens)):
        if tokens[i].text == "{":
            depth += 1
        elif tokens[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    raise QuerySyntaxError("unbalanced braces in the query")


def _bind_construct_shorthand(sparql: str, tokens: list[Token], where: int, values: str) -> str:
    """``CONSTRUCT WHERE { T }`` is ``CONSTRUCT { T } WHERE { T }``; bind in the pattern only."""
    opening = next((i for i in range(where, len(tokens)) if tokens[i].text == "{"), None)
    if opening is None:
        raise QuerySyntaxError("cannot bind parameters: the query has no WHERE group")
    closing = _matching(tokens, opening)
    body = sparql[tokens[opening].end:tokens[closing].start]
    head, tail = sparql[:tokens[where].start], sparql[tokens[closing].end:]
    return f"{head}{{{body}}} WHERE {{ {values} {body}}}{tail}"
