"""Virtuoso 7 (open source) behind :class:`kg.store.remote.RemoteStore`: its differences, found by running 7.2.5.

- **Access.** ``/sparql`` answers queries as the anonymous ``SPARQL`` account; writes go to
  ``/sparql-auth`` and ``/sparql-graph-crud-auth`` as an account holding only the ``SPARQL_UPDATE``
  role, which Virtuoso authenticates with HTTP **Digest** (answered here, not Basic).
- **Union default graph.** A query without ``FROM`` sees every graph, Virtuoso's own included
  (``virtrdf#``: ~2,500 triples of quad-map metadata, ``ldp#``, ``localuriqaserver``). Its
  ``input:default-graph-exclude`` / ``named-graph-exclude`` pragmas would leave them out, but with
  either one ``GRAPH <iri> { … }`` finds nothing (7.2.5), so the union is asked for as the protocol
  dataset: the data's graphs as ``default-graph-uri`` and ``named-graph-uri`` (union mode ``list``;
  one small extra query per query). Listings of graphs leave Virtuoso's own out (``hidden_graphs``).
  Virtuoso has **no default graph of its own**: ``INSERT DATA`` without ``GRAPH`` and Graph Store
  ``?default`` are refused, and a query without a dataset sees every graph.
- **Answers.** ASK comes back as a one-row SELECT of ``__ASK_RETVAL`` (made a boolean again); blank
  nodes as ``nodeID://b10001`` (made labels again); ``xsd:boolean`` as ``"1"``/``"0"`` (made
  ``true``/``false``, the canonical form the other stores give). CONSTRUCT is asked as N-Triples (for
  a list of media types Virtuoso answers it as a SELECT of ``?s ?p ?o``); DESCRIBE is empty unless
  ``define sql:describe-mode "CBD"`` is given (the other stores' DESCRIBE is that too).
- **Limits.** ``ResultSetMaxRows`` cuts SELECT answers (with an ``X-SPARQL-MaxRows`` header) and
  CONSTRUCT answers (silently) at that many rows; the limit is read from the engine at start, and a
  cut answer is an error here, never a silently shorter one. ``MaxQueryExecutionTime`` ends a query
  with error ``S1T00`` (a QueryTimeoutError here).
- **Updates are not transactions.** When one operation of a request fails, the operations before it
  stay applied, and readers can see a request half done (stated at start, see :meth:`limitations`).
  ``DROP GRAPH`` without ``SILENT`` fails for a graph that was filled but never ``CREATE``d.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pyoxigraph as ox

from kg.errors import KgError, QuerySyntaxError, StoreError, UpdateError
from kg.sparql.operations import InsertData
from kg.sparql.parser import parse_update
from kg.sparql.tree import BlankNode
from kg.store.remote_engines import (
    READING_LIMITS,
    RESULTS_JSON,
    EngineProfile,
    Form,
    Select,
    engine_message,
    http_error,
    log,
    parse_answer,
    syntax_error,
    timeout_error,
)

SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                 "http://localuriqaserver/sparql")
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_NT_BOOLEANS = ((f'"1"^^<{_XSD_BOOLEAN}>'.encode(), f'"true"^^<{_XSD_BOOLEAN}>'.encode()),
                (f'"0"^^<{_XSD_BOOLEAN}>'.encode(), f'"false"^^<{_XSD_BOOLEAN}>'.encode()))
_COMPILER_LINE = re.compile(r"SPARQL compiler, line (\d+)")
_SETTINGS = ("SELECT " + " ".join(
    f"(bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', '{key}') AS ?{var})"
    for key, var in (("ResultSetMaxRows", "rows"), ("MaxQueryExecutionTime", "seconds"),
                     ("MaxQueryCostEstimationTime", "estimate"))) + " WHERE {}")


class Virtuoso(EngineProfile):
    """OpenLink Virtuoso 7 (open source), ``/sparql``, ``/sparql-auth`` and ``/sparql-graph-crud-auth``."""

    name = "virtuoso"
    union = "list"  # its default dataset holds its own graphs too (see the module docstring)
    atomic_updates = False
    own_default_graph = False
    hidden_graphs = SYSTEM_GRAPHS

    def __init__(self, server: str = "") -> None:
        super().__init__(server)
        self.row_limit: int | None = None  # ResultSetMaxRows, once read from the engine
        self.settings: dict[str, str] = {}

    def auth(self, user: str, password: str) -> httpx.Auth:
        return httpx.DigestAuth(user, password)

    def limitations(self) -> list[str]:
        return [
            "an update request is not one transaction: when one of its operations fails, the ones before it stay "
            "applied, and readers can see it half done. A write through the API is one request (a failure of the "
            "engine half-way can leave it half applied); `kg build`'s swap is not isolated from readers, and if it "
            "fails half-way the next `kg build` completes it (it compares the live graphs with the build). "
            "replace_graph is a drop then an insert: readers can see the graph empty in between",
            "no default graph of its own: data lives in named graphs only, writes to the default graph are refused "
            "(UpdateError, 400)",
        ]

    def inspect(self, select: Select) -> None:
        """Read ResultSetMaxRows and the time limits from the engine's virtuoso.ini (the SPARQL account may)."""
        try:
            rows = select(_SETTINGS)
        except KgError as exc:
            log.warning("virtuoso: cannot read its [SPARQL] settings (%s): a cut CONSTRUCT answer goes unnoticed", exc)
            return
        row = rows[0] if rows else {}
        self.settings = {name: term.value for name, term in row.items()}
        rows_text = self.settings.get("rows", "").split(";")[0].strip()
        self.row_limit = int(rows_text) if rows_text.isdigit() and int(rows_text) > 0 else None
        log.info("virtuoso: ResultSetMaxRows=%s MaxQueryExecutionTime=%s MaxQueryCostEstimationTime=%s",
                 self.settings.get("rows") or "unset", self.settings.get("seconds") or "unset",
                 self.settings.get("estimate") or "unset")
        if self.row_limit is not None:
            log.warning("virtuoso: ResultSetMaxRows = %d: a longer answer (a query, or reading a whole graph for "
                        "`kg build`, export or the write gate) fails with an error; keep it above KG_MAX_ROWS and "
                        "above the largest graph", self.row_limit)

    def query_text(self, sparql: str, form: Form) -> str:
        if form == "describe":  # on the query's first line: the engine's line numbers stay right
            return f'define sql:describe-mode "CBD" {sparql}'
        return sparql

    def update_text(self, sparql: str) -> str:
        """``INSERT DATA { … }`` as ``INSERT { … } WHERE {}``: Virtuoso refuses blank nodes in INSERT DATA
        ("not allowed in a constant clause"), which SPARQL 1.1 allows; the template inserts the same
        triples, with fresh blank nodes for the one solution of ``{}``, as INSERT DATA does."""
        if not any(mark in sparql for mark in ("_:", "[", "(")):  # no blank node can be written without one
            return sparql
        return insert_data_as_template(sparql)

    def union_parameters(self, union: str) -> dict[str, Any]:
        return {}  # `parameter` means nothing to Virtuoso: its default dataset is already the union

    def read(self, response: httpx.Response, form: Form) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        if form in {"construct", "describe"}:
            # as Turtle: Virtuoso writes a relative IRI of a CONSTRUCT template as it is (`<s>`, not valid
            # N-Triples); it resolves against the endpoint's URL, as the Oxigraph server resolves it
            return parse_answer(self._graph_answer(response), "text/turtle", base_iri=str(response.request.url))
        if "x-sparql-maxrows" in response.headers:
            raise self._cut(response.headers["x-sparql-maxrows"])
        content = response.content
        if form == "ask":
            content = ask_answer(content)
        elif b'"bnode"' in content or _XSD_BOOLEAN.encode() in content:
            content = repaired_json(content)
        return parse_answer(content, RESULTS_JSON)

    def read_graph(self, response: httpx.Response) -> list[ox.Triple]:
        content = self._graph_answer(response)
        try:
            return [q.triple for q in ox.parse(content, format=ox.RdfFormat.TURTLE, base_iri=str(response.request.url))]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"unreadable answer from Virtuoso: {exc}") from exc

    def error(self, response: httpx.Response, url: str, bad_request: type[KgError]) -> KgError:
        message = engine_message(response).split("\n\nSPARQL query:", 1)[0].strip()
        if "S1T00" in message or "SR171" in message:
            return timeout_error(url, message + " (MaxQueryExecutionTime in virtuoso.ini)")
        if "SR186" in message or "SECURITY" in message:
            return StoreError(f"Virtuoso at {url} refused the operation: {message}. Queries go to /sparql; writes to "
                              "/sparql-auth and /sparql-graph-crud-auth as an account with the SPARQL_UPDATE role "
                              "(KG_REMOTE_USER, KG_REMOTE_PASSWORD)")
        if "plain default graph" in message:  # INSERT DATA without GRAPH, CLEAR DEFAULT, …
            return UpdateError("Virtuoso keeps no default graph of its own: write into a named graph "
                               f"(GRAPH <…>, or ?graph= on the Graph Store). The engine said: {message}")
        if "SPARUL_" in message:  # e.g. DROP GRAPH of a graph never CREATEd, CREATE GRAPH of a filled one
            return UpdateError(f"the update cannot be applied on Virtuoso: {message}")
        if response.status_code == 400 and bad_request is QuerySyntaxError:
            line = _COMPILER_LINE.search(message)
            return syntax_error(message, int(line.group(1)) if line else None)
        return http_error(response.status_code, message, url, bad_request)

    def _graph_answer(self, response: httpx.Response) -> bytes:
        """An N-Triples answer with booleans made canonical; an error if ResultSetMaxRows cut it."""
        content = response.content
        if self.row_limit is not None and content.count(b"\n") >= self.row_limit:
            triples = sum(1 for line in content.splitlines() if line.strip() and not line.startswith(b"#"))
            if triples >= self.row_limit:
                raise self._cut(str(self.row_limit))
        for virtuoso_form, canonical in _NT_BOOLEANS:
            content = content.replace(virtuoso_form, canonical)
        return content

    @staticmethod
    def _cut(limit: str) -> StoreError:
        return StoreError(f"Virtuoso cut the answer at its ResultSetMaxRows ({limit} rows): raise ResultSetMaxRows "
                          "in the [SPARQL] section of virtuoso.ini (above KG_MAX_ROWS and the largest graph)")


def insert_data_as_template(sparql: str) -> str:
    """Every ``INSERT DATA { … }`` operation of an update that holds a blank node, written ``INSERT { … }
    WHERE {}`` (found on the update's parse, kg.sparql; a text that does not parse is sent as it is, for
    the engine to report)."""
    try:
        update = parse_update(sparql, limits=READING_LIMITS)
    except QuerySyntaxError:
        return sparql
    pieces, start = [], 0
    for operation in update.operations:
        if isinstance(operation, InsertData) and any(
                isinstance(term, BlankNode) for quad in operation.data.quads for term in (quad.subject, quad.object)):
            block = operation.data
            pieces += [sparql[start:operation.start], "INSERT ", sparql[block.start:block.end], " WHERE {}"]
            start = block.end
    return "".join(pieces) + sparql[start:]


def ask_answer(content: bytes) -> bytes:
    """Virtuoso's ASK answer (a SELECT of ``__ASK_RETVAL``) as SPARQL JSON's boolean."""
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise StoreError(f"unreadable ASK answer from Virtuoso: {exc}") from exc
    if "boolean" in data:
        return content
    bindings = data.get("results", {}).get("bindings", [])
    value = next(iter(bindings[0].values()), {}).get("value", "0") if bindings else "0"
    return json.dumps({"head": {}, "boolean": value not in {"0", "false"}}).encode()


def repaired_json(content: bytes) -> bytes:
    """SPARQL JSON results with Virtuoso's blank-node IRIs made labels and its booleans canonical."""
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise StoreError(f"unreadable answer from Virtuoso: {exc}") from exc
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = blank_label(term["value"])
            elif term.get("datatype") == _XSD_BOOLEAN and term.get("value") in {"1", "0"}:
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(data).encode()


def blank_label(value: str) -> str:
    """``nodeID://b10001`` (Virtuoso's name of a stored blank node) as the label ``b10001``."""
    label = "".join(c for c in value.removeprefix("nodeID://").removeprefix("_:") if c.isascii() and c.isalnum())
    return label if label[:1].isalpha() else "b" + label

