"""The remote store: any SPARQL 1.1 engine behind the Store interface, over HTTP.

Queries go to the SPARQL 1.1 Protocol endpoint, updates to the Update endpoint, bulk writes to the
Graph Store Protocol endpoint (or, without one, to the Update endpoint as ``INSERT DATA``). Answers
are parsed back into pyoxigraph objects, so :class:`kg.store.base.QueryResult` works unchanged.

One pooled ``httpx.Client`` carries every request, with one timeout (``remote_timeout``), one
authentication (bearer token, or user and password) and one translation of HTTP failures into
:mod:`kg.errors`: unreachable → RemoteUnavailableError (503), too slow → QueryTimeoutError, 400 →
QuerySyntaxError or LoadError with the engine's message; every answer and failure also tells
:class:`kg.store.remote_health.EngineHealth` whether the engine is up. Payloads are screened and parsed
locally (:mod:`kg.rdf.payload`, the same parse as the embedded store's) before anything is sent,
so bad data is refused with its line and column and the remote is not touched. What differs between
engines (authentication, the union default graph, answers, error texts) is in an engine profile
(:mod:`kg.store.remote_engines`, :mod:`kg.store.remote_virtuoso`), chosen by ``remote_engine`` or recognised from
the engine's ``Server`` header; its limitations are logged then.

What a remote engine cannot offer, it refuses with a typed error: it has no pyoxigraph in this process
(:meth:`~kg.store.base.Store.oxigraph`: UnsupportedStoreOperationError), and its blank nodes cannot be
named across requests, so a quad with a blank node cannot be removed (:meth:`RemoteStore.remove_quads`:
UnsupportedStoreOperationError; :meth:`RemoteStore.commit_delta`: UpdateError). ``bulk`` loads are ordinary ones.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from kg.errors import (
    KgError,
    LoadError,
    QuerySyntaxError,
    QueryTimeoutError,
    RemoteUnavailableError,
    StoreError,
    UnsupportedStoreOperationError,
)
from kg.rdf.formats import ntriples, prefixes_for, require_rdf_format
from kg.rdf.model import BlankNode, DefaultGraph, Quad, Term, Triple
from kg.rdf.payload import parse_quads, parse_triples
from kg.settings import Settings
from kg.sparql.binding import bind
from kg.store.base import GraphInfo, QueryResult, Store, named
from kg.store.delta import check_expressible, data_operation, data_update, has_blank_node
from kg.store.embedded import EmbeddedStore
from kg.store.remote_engines import ENGINES, RESULTS_JSON, EngineProfile, Oxigraph, announce, located, query_shape
from kg.store.remote_health import EngineHealth
from kg.store.remote_virtuoso import Virtuoso

STAGING_PREFIX = "urn:fikg:staging:"  # graphs `kg build` fills before swapping them in; hidden from graphs()
EMPTY_GRAPH = "urn:fikg:no-graph"  # never written: a default graph with nothing in it
GRAPH_LIST_SECONDS = 1.0  # how long the `list` union mode reuses the graph list (our own writes renew it)

# Graph listings group by ?g (Virtuoso answers that from an index in milliseconds, a DISTINCT or a
# FILTER on ?g by scanning every quad) and leave out staging and the engine's own graphs afterwards.
_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_GRAPH_NAMES = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
# Queries over the named graphs; {data} is the filter that leaves out staging and the engine's own graphs.
_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {data} }}"
# The engine's own default graph too (what Graph Store ``?default`` writes), unless it is the union anyway.
_ALL_QUADS_AND_DEFAULT = "SELECT ?s ?p ?o ?g WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} {data} }} }}"
_UNION_MODES = ("auto", "parameter", "native", "list")
_PROFILES: dict[str, type[EngineProfile]] = {"oxigraph": Oxigraph, "virtuoso": Virtuoso, "generic": EngineProfile}


def profile_for(name: str, server: str = "") -> EngineProfile:
    """The engine profile called ``name``; for ``auto``, the one the ``Server`` header names (else generic)."""
    if name == "auto":
        lowered = server.lower()
        name = "oxigraph" if lowered.startswith("oxigraph") else "virtuoso" if "virtuoso" in lowered else "generic"
    if name not in _PROFILES:
        raise StoreError(f"remote_engine must be one of {', '.join(ENGINES)}, not {name!r}")
    return _PROFILES[name](server)


class RemoteStore(Store):
    """A SPARQL 1.1 engine reached over HTTP (Protocol, Update and Graph Store Protocol).

    ``engine`` names the engine's profile (``oxigraph``, ``virtuoso``, ``generic``), or ``auto`` to
    recognise it from its ``Server`` header. ``union`` says how queries get the union of the named
    graphs as their default graph: ``parameter`` (Oxigraph server: ``union-default-graph``),
    ``native`` (the engine does it), ``list`` (the data's graphs sent as the protocol dataset), an
    IRI naming the engine's union graph (Fuseki/TDB: ``urn:x-arq:UnionGraph``), or ``auto`` (the
    profile's own: parameter on Oxigraph, list on Virtuoso and on a generic engine).
    """

    def __init__(self, query_url: str, *, update_url: str | None = None, store_url: str | None = None,
                 user: str | None = None, password: str | None = None, token: str | None = None,
                 timeout: float = 30.0, union: str = "auto", engine: str = "auto") -> None:
        if union not in _UNION_MODES and ":" not in union:
            raise StoreError(f"remote_union must be one of {', '.join(_UNION_MODES)} or a graph IRI, not {union!r}")
        if engine not in ENGINES:
            raise StoreError(f"remote_engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        self.query_url, self.update_url, self.store_url = query_url, update_url, store_url
        self.timeout, self._union = timeout, union
        self._credentials = (user, password or "") if user and not token else None
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(timeout=timeout, headers=headers, follow_redirects=True)
        self.health = EngineHealth(query_url)  # up or down, each change logged once (kg.remote_health)
        self._auth: httpx.Auth | None = None
        self._profile: EngineProfile | None = None
        self._inspected = False  # the engine's own settings read (once, on the first request)
        self._graph_list: tuple[float, list[str]] | None = None  # (when, the data's graphs) for `list`
        self._lock = threading.Lock()
        if engine != "auto":
            self._use(profile_for(engine))

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        """The remote store the ``remote_*`` settings describe."""
        if not settings.remote_query_url:
            raise StoreError("KG_STORE=remote needs KG_REMOTE_QUERY_URL (and KG_REMOTE_UPDATE_URL to write)")
        return cls(settings.remote_query_url, update_url=settings.remote_update_url,
                   store_url=settings.remote_store_url, user=settings.remote_user,
                   password=settings.remote_password, token=settings.remote_token,
                   timeout=settings.remote_timeout, union=settings.remote_union, engine=settings.remote_engine)

    @property
    def profile(self) -> EngineProfile:
        """The engine's profile; the first call asks the engine (its Server header, its settings)."""
        if not self._inspected:
            with self._lock:
                if self._profile is None:
                    response = self._send("POST", self.query_url, QuerySyntaxError, data={"query": "ASK {}"},
                                          headers={"Accept": RESULTS_JSON})
                    self._use(profile_for("auto", response.headers.get("server", "")))
                if not self._inspected:
                    self._inspected = True
                    assert self._profile is not None
                    profile = self._profile
                    profile.inspect(lambda sparql: self._select(profile, sparql))
        assert self._profile is not None
        return self._profile

    def _use(self, profile: EngineProfile) -> None:
        """Take ``profile`` for the engine, and say at once what it cannot do."""
        self._profile = profile
        if self._credentials:
            self._auth = profile.auth(*self._credentials)
        announce(profile, self.query_url)

    @property
    def union(self) -> str:
        """The union mode in force (``auto`` resolved by the engine's profile)."""
        return self.profile.union if self._union == "auto" else self._union

    # Reading
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> QueryResult:
        engine, shape = self.profile, query_shape(sparql)
        form: dict[str, Any] = {"query": engine.query_text(bind(sparql, bindings), shape.form)}
        if default_graphs:
            form["default-graph-uri"] = [named(g).value for g in default_graphs]
        if named_graphs:
            form["named-graph-uri"] = [named(g).value for g in named_graphs]
        if not (default_graphs or named_graphs or shape.names_dataset):  # a client's dataset replaces the union
            form.update(self._union_parameters(shape.graphs))
        try:
            response = self._send("POST", self.query_url, QuerySyntaxError, data=form,
                                  headers={"Accept": engine.accept(shape.form)})
        except QuerySyntaxError as error:
            raise located(error, sparql) from error
        return QueryResult(engine.read(response, shape.form))

    def graphs(self) -> list[GraphInfo]:
        rows = self._select(self.profile, _GRAPH_SIZES)
        return sorted((GraphInfo(row["g"].value, int(row["n"].value)) for row in rows if self._is_data(row["g"].value)),
                      key=lambda g: g.iri)

    def graph_names(self) -> list[str]:
        """The data's graphs (one ``GROUP BY ?g`` query: not staging graphs, not the engine's own)."""
        return self._graph_names()

    def quads(self, graph: str | None = None) -> Iterable[Quad]:
        """The quads of one named graph, or all of them with the engine's own default graph's triples.

        With ``union="native"`` the engine's default graph is the union itself, so only named graphs count;
        an engine without a default graph of its own (Virtuoso) has only named graphs.
        """
        engine, data = self.profile, self._data_filter()
        if graph:
            rows = self._select(engine, bind(_ALL_QUADS.format(data=data), {"g": named(graph)}))
        elif self.union == "native" or not engine.own_default_graph:
            rows = self._select(engine, _ALL_QUADS.format(data=data))
        else:
            rows = self._select(engine, _ALL_QUADS_AND_DEFAULT.format(data=data))
        return [Quad(row["s"], row["p"], row["o"], row.get("g", DefaultGraph())) for row in rows]

    def export(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = require_rdf_format(media_type)
        prefixes = prefixes_for(fmt)
        quads = list(self.quads(graph))
        try:
            if fmt.datasets and graph is None:
                return ox.serialize(sorted(quads, key=str), format=fmt.oxigraph, prefixes=prefixes)
            triples = sorted({q.triple for q in quads}, key=str)
            return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot export as {fmt.name}: {exc}") from exc

    # Writing
    def update(self, sparql: str) -> None:
        try:
            self._send("POST", self._update_endpoint(), QuerySyntaxError,
                       data={"update": self.profile.update_text(sparql)})
        finally:
            self._graph_list = None  # the write may have added or dropped graphs

    def load(self, source: Path, *, graph: str | None = None, media_type: str | None = None,
             bulk: bool = False) -> None:
        fmt = require_rdf_format(media_type or source.suffix)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise LoadError(source, f"cannot read: {exc}") from exc
        self._add(parse_quads(data, fmt.media_type, base_iri=source.resolve().as_uri(), source=str(source)), graph)

    def load_data(self, data: bytes | str, media_type: str, *, graph: str | None = None,
                  base_iri: str | None = None, trusted: bool = False) -> None:
        self._add(parse_quads(data, media_type, base_iri=base_iri), graph)

    def replace_graph(self, graph: str, data: bytes | str, media_type: str, base_iri: str | None = None) -> None:
        triples = parse_triples(data, media_type, base_iri=base_iri)
        target = named(graph)
        self.update(f"DROP SILENT GRAPH {target} ; INSERT DATA {{ GRAPH {target} {{ {ntriples(triples)} }} }}")

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {named(graph)}")

    def add_quads(self, quads: Iterable[Quad], *, bulk: bool = False) -> None:
        """One ``INSERT DATA`` (its blank nodes new ones in the engine, shared between its quads)."""
        insert = data_operation("INSERT", list(quads))
        if insert:
            self.update(insert)

    def remove_quads(self, quads: Iterable[Quad]) -> None:
        """One ``DELETE DATA``; UnsupportedStoreOperationError for a quad with a blank node (nothing removed)."""
        quads = list(quads)
        if any(has_blank_node(q) for q in quads):
            raise UnsupportedStoreOperationError("a remote store cannot remove blank-node quads: its blank nodes "
                                                 "cannot be named across requests")
        if quads:
            self.update(data_operation("DELETE", quads))

    def check_delta(self, added: Sequence[Quad], removed: Sequence[Quad],
                    held_blank_nodes: Collection[BlankNode] = ()) -> None:
        check_expressible(added, removed, held_blank_nodes)

    def commit_delta(self, added: Sequence[Quad], removed: Sequence[Quad], *, before: Sequence[str] = (),
                     after: Sequence[str] = (), held_blank_nodes: Collection[BlankNode] = ()) -> None:
        """``DELETE DATA`` / ``INSERT DATA`` in one update, when that is exact (else UpdateError, nothing sent)."""
        check_expressible(added, removed, held_blank_nodes)
        self.update(data_update(added, removed, before=before, after=after))

    def copy_in_memory(self) -> EmbeddedStore:
        """Every quad, fetched in one answer (its blank nodes consistent within it) into an in-memory store."""
        copy = EmbeddedStore(None)
        copy.add_quads(self.quads())
        return copy

    def add_triples(self, graph: str, triples: list[Triple], *, atomic: bool = True) -> None:
        """Add triples to a graph in one request (Graph Store POST, else ``INSERT DATA``).

        ``atomic=False`` (staging graphs, where a half-loaded request does no harm) adds the engine's
        parameters for that case: an Oxigraph server then uses its bulk loader instead of a transaction
        (``no_transaction``), about three times less server CPU. Other engines get the ordinary request.
        """
        target = named(graph)
        if self.store_url:
            params = {"graph": target.value, **({} if atomic else self.profile.staging_parameters())}
            try:
                self._send("POST", self.store_url, LoadError, params=params,
                           content=ntriples(triples).encode("utf-8"), headers={"Content-Type": "application/n-triples"})
            finally:
                self._graph_list = None
        else:
            self.update(f"INSERT DATA {{ GRAPH {target} {{ {ntriples(triples)} }} }}")

    def graph_triples(self, graph: str) -> list[Triple]:
        """Every triple of one named graph, fetched as N-Triples (blank nodes consistent within the answer)."""
        engine = self.profile
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {named(graph)} {{ ?s ?p ?o }} }}"
        response = self._send("POST", self.query_url, QuerySyntaxError, data={"query": query},
                              headers={"Accept": engine.accept("construct")})
        return engine.read_graph(response)

    def staging_graphs(self) -> list[str]:
        """Staging graphs left by a publication that did not finish."""
        return sorted(row["g"].value for row in self._select(self.profile, _GRAPH_NAMES)
                      if row["g"].value.startswith(STAGING_PREFIX))

    def close(self) -> None:
        self._client.close()

    # HTTP
    def select_default_graph(self, sparql: str) -> list[dict[str, Term]]:
        """SELECT over the engine's own default graph, not the union (also for GRAPH ?g queries); an engine
        configured to answer with the union natively (``KG_REMOTE_UNION=native``) still gives it.

        An engine without a default graph of its own (Virtuoso: its default dataset is every graph)
        is asked for an empty default graph and the data's graphs as the named graphs.
        """
        engine = self.profile
        if engine.own_default_graph:
            return self._select(engine, sparql)
        named_graphs = set(self._graph_names(staging=True)) | set(query_shape(sparql).graphs)
        return self._select(engine, sparql, {"default-graph-uri": [EMPTY_GRAPH],
                                             "named-graph-uri": sorted(named_graphs) or [EMPTY_GRAPH]})

    def _select(self, engine: EngineProfile, sparql: str, dataset: dict[str, Any] | None = None
                ) -> list[dict[str, Term]]:
        """SELECT over the engine's default dataset (or ``dataset``), for the queries this class writes."""
        response = self._send("POST", self.query_url, QuerySyntaxError, data={"query": sparql, **(dataset or {})},
                              headers={"Accept": RESULTS_JSON})
        return QueryResult(engine.read(response, "select")).rows()

    def _graph_names(self, *, staging: bool = False) -> list[str]:
        """The data's graphs (with the staging graphs if asked), not the engine's own."""
        rows = self._select(self.profile, _GRAPH_NAMES)
        return sorted(row["g"].value for row in rows if self._is_data(row["g"].value, staging=staging))

    def _union_graphs(self) -> list[str]:
        """The data's graphs for the `list` union mode: asked again after GRAPH_LIST_SECONDS, or after a
        write through this store (a graph another process adds shows within that time)."""
        cached = self._graph_list
        if cached is None or time.monotonic() - cached[0] > GRAPH_LIST_SECONDS:
            cached = self._graph_list = (time.monotonic(), self._graph_names())
        return cached[1]

    def _is_data(self, graph: str, *, staging: bool = False) -> bool:
        return graph not in self.profile.hidden_graphs and (staging or not graph.startswith(STAGING_PREFIX))

    def _union_parameters(self, mentioned: list[str]) -> dict[str, Any]:
        """Protocol parameters that make the default graph the union of the data's graphs.

        ``list``: the data's graphs as ``default-graph-uri`` and, with the graphs the query names in
        ``GRAPH <…>`` (Virtuoso wipes a whole answer when such a graph is not in the list), as
        ``named-graph-uri``.
        """
        if self.union in {"parameter", "native"}:
            return self.profile.union_parameters(self.union)
        if self.union == "list":
            graphs = self._union_graphs() or [EMPTY_GRAPH]
            return {"default-graph-uri": graphs, "named-graph-uri": sorted({*graphs, *mentioned})}
        return {"default-graph-uri": [self.union]}

    def _data_filter(self) -> str:
        """A FILTER on ``?g`` that leaves out staging graphs and the engine's own graphs (Virtuoso's)."""
        conditions = [f'!STRSTARTS(STR(?g), "{STAGING_PREFIX}")']
        if self.profile.hidden_graphs:
            conditions.append(f"?g NOT IN ({', '.join(f'<{g}>' for g in self.profile.hidden_graphs)})")
        return f"FILTER({' && '.join(conditions)})" if conditions else ""

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
            response = self._client.request(method, url, auth=self._auth or httpx.USE_CLIENT_DEFAULT, **options)
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
        raise (self._profile or EngineProfile()).error(response, url, bad_request)

