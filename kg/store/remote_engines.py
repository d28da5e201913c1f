"""What differs between SPARQL engines behind :class:`kg.store.remote.RemoteStore`: one profile per engine.

A profile is chosen by ``KG_REMOTE_ENGINE`` (``oxigraph``, ``virtuoso``, ``generic``) or, with ``auto``,
recognised from the engine's ``Server`` header on the first request. It decides, for that engine: the
authentication it answers (Basic, or Virtuoso's Digest), how a query gets the union of the named graphs
as its default graph, what each query form asks for (``Accept``), how an answer is read back into
pyoxigraph objects, and which HTTP failures mean what. Everything above the store interface is the
same on every engine; the differences live here, and :meth:`EngineProfile.limitations` states, once at
start, what an engine cannot do and what follows for the product (logged, and in docs/deploy.md).

``generic`` assumes nothing beyond SPARQL 1.1 Protocol, Update and the Graph Store Protocol; its union
default graph is ``list`` (every named graph sent as ``default-graph-uri``), the one way every engine
understands. Virtuoso's quirks are in :mod:`kg.store.remote_virtuoso`; :func:`kg.store.remote.profile_for` picks one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pyoxigraph as ox

from kg.errors import KgError, LoadError, QuerySyntaxError, QueryTimeoutError, RemoteUnavailableError, StoreError
from kg.rdf.formats import rdf_format
from kg.sparql.limits import Limits
from kg.sparql.parser import parse_query
from kg.sparql.tree import (
    AskQuery,
    BindPattern,
    ConstructQuery,
    DescribeQuery,
    Exists,
    FilterPattern,
    GraphPattern,
    GroupPattern,
    Iri,
    MinusPattern,
    OptionalPattern,
    QueryBody,
    SelectQuery,
    ServicePattern,
    SubSelect,
    UnionPattern,
)

Form = Literal["select", "ask", "construct", "describe"]
Select = Callable[[str], list[dict[str, Any]]]  # runs a SELECT the store writes, returns its rows
ENGINES = ("auto", "oxigraph", "virtuoso", "generic")
RESULTS_JSON = "application/sparql-results+json"
# Texts read here were screened under the server's limits already, or are the store's own: reading them
# for their shape must not refuse them over a limit.
READING_LIMITS = Limits(max_depth=1_000, max_union_branches=100_000, max_operator_chain=100_000,
                  max_group_elements=100_000, max_triple_patterns=100_000, max_query_nodes=10_000_000,
                  max_algebra_depth=1_000_000, max_update_operations=100_000)
_UNKNOWN_BASE = "http://relative.invalid/"  # a placeholder base, to read a query with relative IRIs
_ACCEPT: dict[str, str] = {"select": RESULTS_JSON, "ask": RESULTS_JSON,
                           "construct": "application/n-triples", "describe": "application/n-triples"}
log = logging.getLogger("kg.remote")


@dataclass(frozen=True)
class QueryShape:
    """What the store needs to know of a query before sending it, read from its parse (kg.sparql)."""

    form: Form  # SELECT when the text does not parse (the engine then reports the error)
    names_dataset: bool  # FROM / FROM NAMED clauses
    graphs: list[str]  # the IRIs of GRAPH <…> patterns, anywhere in the query


def query_shape(sparql: str) -> QueryShape:
    """The shape of a query (a syntax error is left for the engine to report).

    A relative IRI resolves against the engine's base, which is not known here: the query is read
    against a placeholder base, and a GRAPH named by a relative IRI is not listed.
    """
    try:
        query = parse_query(sparql, limits=READING_LIMITS)
    except QuerySyntaxError:
        try:
            query = parse_query(sparql, base_iri=_UNKNOWN_BASE, limits=READING_LIMITS)
        except QuerySyntaxError:
            return QueryShape("select", False, [])
    dataset = query.body.dataset
    graphs = [g for g in graph_names(query.body) if not g.startswith(_UNKNOWN_BASE)]
    return QueryShape(query.form, bool(dataset.default or dataset.named), graphs)


def graph_names(body: QueryBody) -> list[str]:
    """The IRIs of the query's ``GRAPH <iri>`` patterns, in sub-selects and EXISTS too, each once."""
    found: dict[str, None] = {}
    pending: list[Any] = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, SelectQuery | ConstructQuery | AskQuery | DescribeQuery):
            modifiers = node.modifiers
            pending += [*modifiers.having, *(c.expression for c in modifiers.order_by)]
            pending += [p.expression for p in getattr(node, "projection", None) or () if p.expression]
            pending += [node.where] if node.where is not None else []
        elif isinstance(node, SubSelect):
            pending.append(node.query)
        elif isinstance(node, GroupPattern):
            pending += node.elements
        elif isinstance(node, GraphPattern):
            if isinstance(node.name, Iri):
                found[node.name.value] = None
            pending.append(node.group)
        elif isinstance(node, UnionPattern):
            pending += node.branches
        elif isinstance(node, OptionalPattern | MinusPattern | ServicePattern):
            pending.append(node.group)
        elif isinstance(node, FilterPattern | BindPattern):
            pending.append(node.expression)
        elif isinstance(node, Exists):
            pending.append(node.pattern)
        else:  # expressions: their operands and arguments may hold EXISTS
            pending += getattr(node, "operands", None) or getattr(node, "arguments", None) or ()
            if getattr(node, "argument", None) is not None:
                pending.append(node.argument)
    return list(found)


def located(error: QuerySyntaxError, sparql: str) -> QuerySyntaxError:
    """``error`` with a line and column: the engine's when it gave both, else our parser's (kg.sparql reads
    SPARQL as pyoxigraph does), asked only after the engine refused the query."""
    if error.column is not None:
        return error
    try:
        parse_query(sparql, limits=READING_LIMITS)
    except QuerySyntaxError as exc:
        return QuerySyntaxError(f"{exc.message} (the engine: {error.message})")
    return error


class EngineProfile:
    """A SPARQL 1.1 engine that is nothing in particular (``KG_REMOTE_ENGINE=generic``)."""

    name = "generic"
    union = "list"  # the union default graph when KG_REMOTE_UNION=auto
    atomic_updates = True  # one update request is one transaction
    own_default_graph = True  # triples can be stored outside any named graph
    hidden_graphs: tuple[str, ...] = ()  # the engine's own graphs, never part of the data

    def __init__(self, server: str = "") -> None:
        self.server = server  # the engine's Server header, when it was asked

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.server!r})"

    def auth(self, user: str, password: str) -> httpx.Auth:
        return httpx.BasicAuth(user, password)

    def limitations(self) -> list[str]:
        """What this engine cannot do that the product relies on, each with its consequence."""
        return []

    def inspect(self, select: Select) -> None:
        """Learn what the engine's settings are, with ``select(sparql) -> rows`` (once, at start)."""

    def query_text(self, sparql: str, form: Form) -> str:
        """The text to send (engines that need pragmas add them here)."""
        return sparql

    def update_text(self, sparql: str) -> str:
        """The update to send (engines that need another spelling of an operation get it here)."""
        return sparql

    def union_parameters(self, union: str) -> dict[str, Any]:
        """Protocol parameters that make the union of the named graphs the default graph."""
        return {"union-default-graph": ""} if union == "parameter" else {}

    def accept(self, form: Form) -> str:
        return _ACCEPT[form]

    def staging_parameters(self) -> dict[str, str]:
        """Graph Store parameters for a push where a half-loaded request does no harm (staging graphs)."""
        return {}

    def read(self, response: httpx.Response, form: Form) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """A query answer as the pyoxigraph object the embedded store would have returned."""
        return parse_answer(response.content, media_type(response))

    def read_graph(self, response: httpx.Response) -> list[ox.Triple]:
        """A CONSTRUCT answer as triples (blank nodes consistent within the answer)."""
        fmt = rdf_format(media_type(response) or "application/n-triples")
        if fmt is None:
            raise StoreError(f"unreadable answer from the remote SPARQL engine ({media_type(response)})")
        try:
            return [q.triple for q in ox.parse(response.content, format=fmt.oxigraph)]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"unreadable answer from the remote SPARQL engine: {exc}") from exc

    def error(self, response: httpx.Response, url: str, bad_request: type[KgError]) -> KgError:
        """The typed error for a failed answer, carrying the engine's own message."""
        return http_error(response.status_code, engine_message(response), url, bad_request)


class Oxigraph(EngineProfile):
    """The Oxigraph server (``oxigraph serve``)."""

    name = "oxigraph"
    union = "parameter"  # `union-default-graph`, or `native` when started with --union-default-graph

    def staging_parameters(self) -> dict[str, str]:
        return {"no_transaction": ""}  # its bulk loader: about three times less server CPU


def announce(profile: EngineProfile, url: str) -> None:
    """The start-up log lines: which engine, and what it cannot do with the consequence."""
    log.info("remote SPARQL engine at %s: %s profile (%s)", url, profile.name, profile.server or "not asked")
    for limitation in profile.limitations():
        log.warning("%s: %s", profile.name, limitation)


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_answer(content: bytes, media: str, base_iri: str | None = None
                 ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """SPARQL JSON results, or RDF triples (returned as QueryTriples by way of a scratch store)."""
    try:
        if media in {RESULTS_JSON, "application/json"}:
            return ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
        fmt = rdf_format(media)
        if fmt is None:
            raise ValueError("not a SPARQL results or RDF media type")
        scratch = ox.Store()
        scratch.load(content, format=fmt.oxigraph, to_graph=ox.DefaultGraph(), base_iri=base_iri)
        return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"unreadable answer from the remote SPARQL engine ({media}): {exc}") from exc


def engine_message(response: httpx.Response) -> str:
    """The engine's error text, at most 2,000 characters (HTML error pages reduced to their text)."""
    text = response.text.strip()
    if media_type(response) == "text/html":
        start, end = text.find("<xmp>"), text.find("</xmp>")  # Virtuoso's Graph Store error pages
        text = text[start + 5:end] if 0 <= start < end else text
    return text[:2000] or response.reason_phrase


def http_error(status: int, message: str, url: str, bad_request: type[KgError]) -> KgError:
    """The typed error for a failed answer of ``status``."""
    if status == 400:
        return LoadError("request body", message) if bad_request is LoadError else bad_request(message)
    if status in {401, 403}:
        return StoreError(f"the remote SPARQL engine at {url} refused access ({status}): "
                          "check KG_REMOTE_TOKEN or KG_REMOTE_USER/KG_REMOTE_PASSWORD")
    if status in {502, 503, 504}:
        return RemoteUnavailableError(f"the remote SPARQL engine at {url} is unavailable ({status}): {message}")
    return StoreError(f"the remote SPARQL engine at {url} answered {status}: {message}")


def timeout_error(url: str, message: str) -> QueryTimeoutError:
    return QueryTimeoutError(f"the remote SPARQL engine at {url} stopped the query at its own time limit: {message}")


def syntax_error(message: str, line: int | None) -> QuerySyntaxError:
    """A QuerySyntaxError for an engine that names the line but not the column."""
    error = QuerySyntaxError(message)
    if error.line is None:
        error.line = line
    return error
