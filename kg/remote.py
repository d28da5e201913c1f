"""The remote store: any SPARQL 1.1 engine behind the Store interface, over HTTP.

Queries go to the SPARQL 1.1 Protocol endpoint, updates to the Update endpoint, bulk writes to the
Graph Store Protocol endpoint (or, without one, to the Update endpoint as ``INSERT DATA``). Answers
are parsed back into pyoxigraph objects, so :class:`kg.store.QueryResult` works unchanged.

One pooled ``httpx.Client`` carries every request, with one timeout (``remote_timeout``), one
authentication (bearer token, or basic user and password) and one translation of HTTP failures
into :mod:`kg.errors`: unreachable → RemoteUnavailableError (503), too slow → QueryTimeoutError,
400 → QuerySyntaxError or LoadError with the engine's message. Payloads are screened and parsed
locally (:mod:`kg.payload_screening`, the same parse as the embedded store's) before anything is sent,
so bad data is refused with its line and column and the remote is not touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from kg.binding import bind
from kg.errors import KgError, LoadError, QuerySyntaxError, QueryTimeoutError, RemoteUnavailableError, StoreError
from kg.model import BlankNode, DefaultGraph, Quad, Term, Triple
from kg.payload_screening import parse_quads, parse_triples
from kg.remote_health import EngineHealth
from kg.settings import Settings
from kg.store import GraphInfo, QueryResult, Store, named, require_rdf_format
from kg.vocab import PREFIXES

STAGING_PREFIX = "urn:fikg:staging:"  # graphs `kg build` fills before swapping them in; hidden from graphs()

_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"
_NOT_STAGING = f'FILTER(!STRSTARTS(STR(?g), "{STAGING_PREFIX}"))'
_COUNT_GRAPHS = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_STAGING} }} GROUP BY ?g"
_ALL_QUADS = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_STAGING} }}"
# The engine's own default graph too (what Graph Store ``?default`` writes), unless it is the union anyway.
_ALL_QUADS_AND_DEFAULT = ("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION "
                          f"{{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_STAGING} }} }}")
_UNION_MODES = ("parameter", "native", "list")


class RemoteStore(Store):
    """A SPARQL 1.1 engine reached over HTTP (Protocol, Update and Graph Store Protocol).

    ``union`` says how queries get the union of the named graphs as their default graph:
    ``parameter`` (Oxigraph server: ``union-default-graph``), ``native`` (the engine does it),
    ``list`` (every named graph sent as ``default-graph-uri``), or an IRI naming the engine's
    union graph (Fuseki/TDB: ``urn:x-arq:UnionGraph``), sent as ``default-graph-uri``.
    """

    def __init__(self, query_url: str, *, update_url: str | None = None, store_url: str | None = None,
                 user: str | None = None, password: str | None = None, token: str | None = None,
                 timeout: float = 30.0, union: str = "parameter") -> None:
        if union not in _UNION_MODES and ":" not in union:
            raise StoreError(f"remote_union must be one of {', '.join(_UNION_MODES)} or a graph IRI, not {union!r}")
        self.query_url, self.update_url, self.store_url = query_url, update_url, store_url
        self.timeout, self.union = timeout, union
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        auth = httpx.BasicAuth(user, password or "") if user and not token else None
        self._client = httpx.Client(timeout=timeout, headers=headers, auth=auth, follow_redirects=True)
        self._engine: str | None = None  # the engine's Server header, once asked
        self.health = EngineHealth(query_url)  # up or down, each change logged once (kg.remote_health)

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        """The remote store the ``remote_*`` settings describe."""
        if not settings.remote_query_url:
            raise StoreError("KG_STORE=remote needs KG_REMOTE_QUERY_URL (and KG_REMOTE_UPDATE_URL to write)")
        return cls(settings.remote_query_url, update_url=settings.remote_update_url,
                   store_url=settings.remote_store_url, user=settings.remote_user,
                   password=settings.remote_password, token=settings.remote_token,
                   timeout=settings.remote_timeout, union=settings.remote_union)

    # Reading
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> QueryResult:
        form: dict[str, Any] = {"query": bind(sparql, bindings)}
        if default_graphs:
            form["default-graph-uri"] = [named(g).value for g in default_graphs]
        elif not named_graphs:  # a protocol dataset given by the client replaces the union
            form.update(self._union_parameters())
        if named_graphs:
            form["named-graph-uri"] = [named(g).value for g in named_graphs]
        response = self._send("POST", self.query_url, QuerySyntaxError, data=form, headers={"Accept": _ACCEPT})
        return QueryResult(parse_answer(response))

    def graphs(self) -> list[GraphInfo]:
        rows = self.select_default_graph(_COUNT_GRAPHS)
        return sorted((GraphInfo(row["g"].value, int(row["n"].value)) for row in rows), key=lambda g: g.iri)

    def quads(self, graph: str | None = None) -> Iterable[Quad]:
        """The quads of one named graph, or all of them with the engine's own default graph's triples.

        With ``union="native"`` the engine's default graph is the union itself, so only named graphs count.
        """
        if graph:
            rows = self.select_default_graph(bind(_ALL_QUADS, {"g": named(graph)}))
        else:
            rows = self.select_default_graph(_ALL_QUADS if self.union == "native" else _ALL_QUADS_AND_DEFAULT)
        return [Quad(row["s"], row["p"], row["o"], row.get("g", DefaultGraph())) for row in rows]

    def export(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = require_rdf_format(media_type)
        prefixes = PREFIXES if fmt.name in {"turtle", "trig", "rdfxml"} else None
        quads = list(self.quads(graph))
        try:
            if fmt.datasets and graph is None:
                return ox.serialize(sorted(quads, key=str), format=fmt.engine, prefixes=prefixes)
            triples = sorted({q.triple for q in quads}, key=str)
            return ox.serialize(triples, format=fmt.engine, prefixes=prefixes)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot export as {fmt.name}: {exc}") from exc

    # Writing
    def update(self, sparql: str) -> None:
        self._send("POST", self._update_endpoint(), QuerySyntaxError, data={"update": sparql})

    def load(self, source: Path, *, graph: str | None = None, media_type: str | None = None) -> None:
        fmt = require_rdf_format(media_type or source.suffix)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise LoadError(source, f"cannot read: {exc}") from exc
        self._add(parse_quads(data, fmt.media_type, base_iri=source.resolve().as_uri(), source=str(source)), graph)

    def load_data(self, data: bytes | str, media_type: str, *, graph: str | None = None,
                  base_iri: str | None = None) -> None:
        self._add(parse_quads(data, media_type, base_iri=base_iri), graph)

    def replace_graph(self, graph: str, data: bytes | str, media_type: str, base_iri: str | None = None) -> None:
        triples = parse_triples(data, media_type, base_iri=base_iri)
        target = named(graph)
        self.update(f"DROP SILENT GRAPH {target} ; INSERT DATA {{ GRAPH {target} {{ {ntriples(triples)} }} }}")

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {named(graph)}")

    def add_triples(self, graph: str, triples: list[Triple], *, atomic: bool = True) -> None:
        """Add triples to a graph in one request (Graph Store POST, else ``INSERT DATA``).

        ``atomic=False`` (staging graphs, where a half-loaded request does no harm) lets an Oxigraph
        server use its bulk loader instead of a transaction (its ``no_transaction`` parameter): about
        three times less server CPU. Other engines get the ordinary request.
        """
        target = named(graph)
        if self.store_url:
            params = {"graph": target.value}
            if not atomic and self._is_oxigraph():
                params["no_transaction"] = ""
            self._send("POST", self.store_url, LoadError, params=params, content=ntriples(triples).encode("utf-8"),
                       headers={"Content-Type": "application/n-triples"})
        else:
            self.update(f"INSERT DATA {{ GRAPH {target} {{ {ntriples(triples)} }} }}")

    def graph_triples(self, graph: str) -> list[Triple]:
        """Every triple of one named graph, fetched as N-Triples (blank nodes consistent within the answer)."""
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {named(graph)} {{ ?s ?p ?o }} }}"
        response = self._send("POST", self.query_url, QuerySyntaxError, data={"query": query},
                              headers={"Accept": "application/n-triples"})
        fmt = require_rdf_format(response.headers.get("content-type", "application/n-triples").split(";")[0])
        try:
            return [q.triple for q in ox.parse(response.content, format=fmt.engine)]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"unreadable answer from the remote SPARQL engine: {exc}") from exc

    def staging_graphs(self) -> list[str]:
        """Staging graphs left by a publication that did not finish."""
        query = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}'
        return sorted(row["g"].value for row in self.select_default_graph(query))

    def close(self) -> None:
        self._client.close()

    # HTTP
    def select_default_graph(self, sparql: str) -> list[dict[str, Term]]:
        """SELECT without asking for the union default graph (also for GRAPH ?g queries); an engine
        configured to answer with the union natively (``KG_REMOTE_UNION=native``) still gives it."""
        response = self._send("POST", self.query_url, QuerySyntaxError, data={"query": sparql},
                              headers={"Accept": _RESULTS_JSON})
        return QueryResult(parse_answer(response)).rows()

    def _is_oxigraph(self) -> bool:
        """Whether the engine is an Oxigraph server (its ``Server`` header), asked once."""
        if self._engine is None:
            response = self._send("POST", self.query_url, QuerySyntaxError, data={"query": "ASK {}"},
                                  headers={"Accept": _RESULTS_JSON})
            self._engine = response.headers.get("server", "")
        return self._engine.lower().startswith("oxigraph/")

    def _union_parameters(self) -> dict[str, Any]:
        if self.union == "parameter":
            return {"union-default-graph": ""}
        if self.union == "native":
            return {}
        if self.union == "list":
            return {"default-graph-uri": [g.iri for g in self.graphs()] or [STAGING_PREFIX + "none"]}
        return {"default-graph-uri": [self.union]}

    def _update_endpoint(self) -> str:
        if not self.update_url:
            raise StoreError("the remote store is read-only here: set KG_REMOTE_UPDATE_URL to write")
        return self.update_url

    def _add(self, quads: list[Quad], graph: str | None) -> None:
        by_graph: dict[str, list[Triple]] = {}
        for quad in quads:
            target = graph or (quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None)
            if target is None:
                raise StoreError("the remote store keeps data in named graphs: give a graph to load into")
            by_graph.setdefault(target, []).append(quad.triple)
        if len(by_graph) == 1:
            [(target, triples)] = by_graph.items()
            self.add_triples(target, triples)
        elif by_graph:  # a dataset: all graphs in one atomic update
            blocks = " ".join(f"GRAPH {named(g)} {{ {ntriples(t)} }}" for g, t in by_graph.items())
            self.update(f"INSERT DATA {{ {blocks} }}")

    def _send(self, method: str, url: str, bad_request: type[KgError], **options: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **options)
        except httpx.TimeoutException as exc:
            raise QueryTimeoutError(f"the remote SPARQL engine at {url} did not answer within {self.timeout:g} s: "
                                    "we stopped waiting (the engine's own time limit stops the work)") from exc
        except httpx.TransportError as exc:
            self.health.unreachable(str(exc) or type(exc).__name__)
            raise RemoteUnavailableError(f"the remote SPARQL engine at {url} is unreachable: {exc}") from exc
        if response.status_code in (502, 503, 504):
            self.health.unreachable(f"it answered {response.status_code}")
        else:
            self.health.answered()
        if response.is_success:
            return response
        raise http_error(response, url, bad_request)


def http_error(response: httpx.Response, url: str, bad_request: type[KgError]) -> KgError:
    """The typed error for a failed answer, carrying the engine's own message."""
    status, message = response.status_code, response.text.strip()[:2000] or response.reason_phrase
    if status == 400:
        return LoadError("request body", message) if bad_request is LoadError else bad_request(message)
    if status in {401, 403}:
        return StoreError(f"the remote SPARQL engine at {url} refused access ({status}): "
                          "check KG_REMOTE_TOKEN or KG_REMOTE_USER/KG_REMOTE_PASSWORD")
    if status in {502, 503, 504}:
        return RemoteUnavailableError(f"the remote SPARQL engine at {url} is unavailable ({status}): {message}")
    return StoreError(f"the remote SPARQL engine at {url} answered {status}: {message}")


def parse_answer(response: httpx.Response) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """A query answer as the pyoxigraph object the embedded store would have returned."""
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media_type == _RESULTS_JSON:
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        fmt = require_rdf_format(media_type)
        # Triples come back as QueryTriples by way of a scratch in-memory store.
        scratch = ox.Store()
        scratch.load(response.content, format=fmt.engine, to_graph=ox.DefaultGraph())
        return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"unreadable answer from the remote SPARQL engine ({media_type}): {exc}") from exc


def ntriples(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples text, valid inside ``INSERT DATA`` and as a Graph Store payload."""
    return "".join(f"{t} .\n" for t in triples)


def blank_closed_chunks(triples: Iterable[Triple], size: int) -> Iterator[list[Triple]]:
    """Chunks of about ``size`` triples that never split triples sharing a blank node.

    Engines give blank nodes fresh identities per request, so an OWL restriction or an RDF list
    split across two requests would fall apart; keeping each blank-node component whole avoids it.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    plain: list[Triple] = []
    linked: list[tuple[str, Triple]] = []
    for triple in triples:
        blanks = blank_nodes(triple)
        if not blanks:
            plain.append(triple)
            continue
        first = root(blanks[0])
        for other in blanks[1:]:
            parent[root(other)] = first
        linked.append((blanks[0], triple))
    components: dict[str, list[Triple]] = {}
    for node, triple in linked:
        components.setdefault(root(node), []).append(triple)
    for start in range(0, len(plain), size):
        yield plain[start:start + size]
    chunk: list[Triple] = []
    for group in components.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)  # a component bigger than ``size`` travels whole
    if chunk:
        yield chunk


def blank_nodes(triple: Triple) -> list[str]:
    """Identifiers of the blank nodes in a triple (quoted triples included)."""
    found = []
    for term in (triple.subject, triple.object):
        if isinstance(term, BlankNode):
            found.append(term.value)
        elif isinstance(term, Triple):
            found.extend(blank_nodes(term))
    return found
