"""The SPARQL 1.1 Protocol query operation at /sparql: GET, HEAD and POST (URL-encoded or direct).

Without any parameter, GET /sparql answers the Service Description instead (api/routers/service.py).
Queries run in killable worker processes (kg.execution); this module parses the request,
negotiates the result format and shapes the HTTP answer (a large result is streamed from the file the
worker wrote it into, so neither this process nor a slow client holds it in memory).
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import StreamingResponse
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from api import versions
from api.conneg import negotiate, not_acceptable
from api.errors import error_answer
from api.limits import host_refusal
from api.protocol import Params, protocol_params, single, url_params
from api.routers import service
from kg.errors import KgError, QuerySyntaxError, QueryTooComplexError
from kg.query.executor import QueryAnswer, QueryExecutor, QueryRequest
from kg.query.named import parse_flag
from kg.rdf.formats import RDF_FORMATS, RESULT_FORMATS
from kg.settings import Settings
from kg.sparql.prologue import check_query, declare_project_prefixes, project_prefixes
from kg.store.base import Store

router = APIRouter(tags=["SPARQL"])

RESULT_TYPES = [f.media_type for f in RESULT_FORMATS.values()]
GRAPH_TYPES = [f.media_type for f in RDF_FORMATS.values()]
# Generic types some clients send alone; answered with the canonical SPARQL results type.
RESULT_ALIASES = {"application/json": RESULT_FORMATS["json"].media_type,
                  "application/xml": RESULT_FORMATS["xml"].media_type,
                  "text/xml": RESULT_FORMATS["xml"].media_type}
DIRECT = "application/sparql-query"
_QUERY_DOC = "SPARQL 1.1 query; results negotiated by Accept (SPARQL results JSON/XML/CSV/TSV or RDF)."


# The dependencies of this hot path are ``async``: FastAPI runs plain ``def`` dependencies in its
# thread pool, and a thread hop for each would cost more than the rest of the request.
async def get_executor(request: Request) -> QueryExecutor:
    """The app's query executor (worker pool)."""
    return request.app.state.executor


async def get_store(request: Request) -> Store:
    """The current store (one ``readlink`` to follow new publications)."""
    return request.app.state.live_store.get()


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


ExecutorDep = Annotated[QueryExecutor, Depends(get_executor)]
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


@router.get("/sparql", summary="Query (GET), or the Service Description",
            description=_QUERY_DOC + " Without parameters: the Service Description (Turtle, JSON-LD). HEAD works too.")
@router.head("/sparql", include_in_schema=False)
async def query_get(request: Request, store: StoreDep, settings: SettingsDep, executor: ExecutorDep) -> Response:
    params = url_params(request)
    if not params:
        return await service.describe(request, store, settings)
    return await answer(request, params, store, executor)


@router.post("/sparql", summary="Query (POST, URL-encoded form or application/sparql-query)",
             description=_QUERY_DOC)
async def query_post(request: Request, store: StoreDep, executor: ExecutorDep) -> Response:
    params = await protocol_params(request, direct_type=DIRECT, operation="query")
    return await answer(request, params, store, executor)


_CACHED_ACCEPT = 512  # longer Accept headers are negotiated each time, not remembered


def result_type(accept: str | None, graph: bool) -> str | None:
    """The media type to answer in (None: 406), remembered per Accept header (clients repeat theirs)."""
    if accept is not None and len(accept) > _CACHED_ACCEPT:
        return _result_type.__wrapped__(accept, graph)
    return _result_type(accept, graph)


@lru_cache(maxsize=256)  # at most 256 headers of at most _CACHED_ACCEPT characters
def _result_type(accept: str | None, graph: bool) -> str | None:
    chosen = negotiate(accept, GRAPH_TYPES if graph else [*RESULT_TYPES, *RESULT_ALIASES])
    return RESULT_ALIASES.get(chosen, chosen) if chosen else None


def endpoint(request: Request) -> str:
    """The endpoint's own URL: the base IRI for relative IRIs in queries and updates (400 when the Host
    header cannot make one; api.limits.RequestGuard refuses those requests too, but the fast path is
    outside it)."""
    if (reason := host_refusal(request.scope)) is not None:
        raise HTTPException(400, reason)
    return str(request.url.replace(query="", fragment=""))


async def answer(request: Request, params: Params, store: Store, executor: QueryExecutor) -> Response:
    """Check, negotiate, run and answer one query (over the version ``version``/``asOf`` name, if given)."""
    store, executor = await versions.for_query(request, params, store, executor)
    query = await prepare(request, params, store, executor)
    return respond(request, executor, await executor.execute_async(store, query))


async def prepare(request: Request, params: Params, store: Store, executor: QueryExecutor) -> QueryRequest:
    """The query to run: checked (400, 403, 406 before any work) and with its result type negotiated."""
    sparql = single(params, "query")
    request.scope["kg.query_text"] = sparql  # hashed in logs and traces, never written out (api.observability)
    base_iri = endpoint(request)
    prefixes = project_prefixes(request.app.state.settings.base_iri)
    typed, sparql = sparql, declare_project_prefixes(sparql, prefixes)  # fikg:, id:, rdfs: … unless declared
    try:
        screening = await executor.screen_async(sparql, base_iri)  # updates, SERVICE, limits: refused before any work
    except QueryTooComplexError:
        raise
    except QuerySyntaxError as exc:  # a position: say it in the text as typed, not the one with the prefixes
        if exc.line is not None and typed != sparql:
            await anyio.to_thread.run_sync(partial(check_query, typed, prefixes, base_iri=base_iri))
        raise
    graph = screening.form in ("construct", "describe")
    media_type = result_type(request.headers.get("accept"), graph)
    if media_type is None:
        offered = GRAPH_TYPES if graph else [*RESULT_TYPES, *RESULT_ALIASES]
        raise not_acceptable(offered, "acceptable for this query")
    default_graphs = tuple(params.get("default-graph-uri", ()))
    inferred = parse_flag("inferred", (params.get("inferred") or [None])[-1])
    union = executor.settings.union_default_graph  # false: the store's own default graph, as the W3C tests expect
    if union and not inferred and not default_graphs:  # leave out the build's derived graph (OWL 2 RL, coverage)
        default_graphs = executor.asserted_graphs(store)
    return QueryRequest(sparql, media_type, default_graphs, tuple(params.get("named-graph-uri", ())),
                        base_iri=base_iri, union_default=union, screening=screening)


def respond(request: Request, executor: QueryExecutor, result: QueryAnswer) -> Response:
    """The HTTP answer for a query's result: a large one streamed from its spool file at the client's pace."""
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["X-SPARQL-MaxRows"] = str(executor.settings.max_rows)
    if request.method == "HEAD":
        headers["Content-Length"] = str(result.size)
        result.close()
        return Response(b"", media_type=result.media_type, headers=headers)
    if not result.spooled:
        return Response(result.body, media_type=result.media_type, headers=headers)
    headers["Content-Length"] = str(result.size)
    return StreamingResponse(result.stream(), media_type=result.media_type, headers=headers)


class QueryFastPath:
    """ASGI middleware answering GET/HEAD /sparql?query=… without FastAPI's routing and dependencies.

    The query path is the hot one (clients poll it); its per-request cost is mostly the framework's.
    It wraps the application's whole middleware stack (``api.main.App``), so the requests it answers
    skip every layer; it does for them what those layers would: the CORS response headers (through
    ``cors``, the application's own CORS middleware, so they are the same by construction) and a
    problem+json 500 for an unexpected error, raised on to the server's log as Starlette's
    ServerErrorMiddleware does (GET and HEAD have no body to limit). Only what :func:`query_get`
    would answer the same way is taken: anything refused or failing while preparing (400, 403,
    406…) goes on to the application unchanged, which answers it as always (no query has run yet).
    Errors of the run itself get the answer the application gives (:func:`api.errors.error_answer`).
    """

    def __init__(self, app: ASGIApp, cors: CORSMiddleware | None = None) -> None:
        self.app = app  # the application's full middleware stack
        self.cors = cors
        # The route the application would match (query_get's): put in the scope of the requests answered
        # here, so error answers (api.errors) and the request observer see them as the routed ones.
        self.route: BaseRoute = next(route for route in router.routes if getattr(route, "endpoint", None) is query_get)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"] != "/sparql" or scope["method"] not in ("GET", "HEAD")
                or not scope["query_string"]):
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        state = scope["app"].state
        try:
            params = url_params(request)
            store = state.live_store.get()
            executor: QueryExecutor = state.executor
            query = await prepare(request, params, store, executor) if params and not versions.asked(params) else None
        except Exception:  # refusals and surprises alike: the application answers them
            query = None
        if query is None:
            return await self.app(scope, receive, send)
        scope["route"] = self.route
        try:
            response = respond(request, executor, await executor.execute_async(store, query))
        except KgError as exc:
            response = error_answer(request, exc)
        except Exception as exc:  # as ServerErrorMiddleware does with api.errors' handler: a 500, raised on to the log
            await error_answer(request, exc)(scope, receive, send)
            raise
        if self.cors is not None:
            send = partial(self.cors.send, send=send, request_headers=request.headers)
        await response(scope, receive, send)
