"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from starlette.datastructures import Headers
from starlette.types import ASGIApp

from api import errors, observability, versions
from api.limits import RequestGuard
from api.routers import (
    admin,
    audit,
    changes,
    diff,
    graph_store,
    jsonld,
    linked_data,
    monitoring,
    pages,
    queries,
    releases,
    search,
    sparql,
    update,
)
from kg.query.executor import QueryExecutor
from kg.query.named import Catalog
from kg.resolution import warm_label_index
from kg.settings import Settings, load_settings
from kg.store.base import Store
from kg.store.live import LiveStore
from kg.writes import gate

# CORS for reads: any origin, never credentials; writes need an Authorization header, not allowed here.
CORS = {"allow_origins": ["*"], "allow_credentials": False, "allow_methods": ["GET", "HEAD", "POST"],
        "allow_headers": ["Accept", "Content-Type"], "expose_headers": ["X-SPARQL-MaxRows", "X-Request-ID",
                                                                   "Memento-Datetime", "X-KG-Version", "X-KG-Release"]}


class Cors(CORSMiddleware):
    """Starlette's CORS middleware, with its refusal of a preflight in problem+json like every error."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        headers = {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}
        return errors.problem_response(errors.problem_body(response.status_code, bytes(response.body).decode()),
                                       headers)


class App(FastAPI):
    """FastAPI with the GET /sparql?query=… fast path around the whole middleware stack.

    Starlette's error middleware, FastAPI's telemetry and body-limit middlewares, our CORS middleware
    and the request guard each cost a call layer per request (the fast path checks the Host header
    itself: :func:`api.routers.sparql.endpoint`); the fast path skips them for the requests it
    answers and adds the CORS headers itself (:class:`api.routers.sparql.QueryFastPath`). Around it
    all is the request observer (ids, metrics, request logs; traces when configured:
    :func:`api.observability.wrap`), so every request is seen, the fast path's included.
    ``middleware_stack.app`` is the fast path, and its ``app`` the stack without it (the routed application).
    """

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        return observability.wrap(self, sparql.QueryFastPath(stack, cors=Cors(stack, **CORS)))


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> App:
    """The API over the configured store (or over ``store``, e.g. an in-memory one in tests)."""
    config = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.live_store = LiveStore(config, store)
        app.state.executor = QueryExecutor(config)  # killable query workers, started on demand
        gate.prepare(config)  # the write validator, started in the background when writes are enabled
        # the resolver's label index, built in the background before a named query needs it
        app.state.index_warming = warm_label_index(app.state.live_store.get(), config.base_iri)
        tasks: list = []
        try:
            tasks = await observability.start(app, opened_here=store is None)  # readiness, publications, samples
            yield
        finally:
            await observability.stop(app, tasks)
            app.state.executor.close()
            versions.close(app)  # the old versions' executor, if one was started
            if store is None:
                app.state.live_store.close()

    app = App(title="Future Industries Knowledge Graph", version="0.1.0", lifespan=lifespan,
              description="SPARQL 1.1 endpoint and APIs over the graph of 苏政发〔2023〕104号.")
    app.state.settings = config
    errors.install(app)
    observability.install(app, config)  # /healthz, /readyz, /metrics, logs, traces
    app.include_router(admin.router)
    app.include_router(sparql.router)
    app.include_router(update.router)
    app.include_router(audit.router)  # /audit, /audit/sparql: the writes, read from the journal
    app.include_router(changes.router)  # /changes, /changes/ldes, /changes/{id}: the change feed
    app.include_router(diff.router)  # /diff, /diff/entity: differences between versions
    app.include_router(releases.router)  # /versions: the releases
    app.include_router(graph_store.router)
    app.include_router(queries.build_router(Catalog(config.project_dir / "queries")))
    app.include_router(jsonld.router)
    app.include_router(linked_data.router)
    app.include_router(monitoring.router)  # /observations, /targets/{slug}/progress
    app.include_router(search.router)  # /search, /search/suggest: before the pages, whose older routes it replaces
    pages.install(app)  # /, /query, /entity/…, /targets, and /static
    app.add_middleware(versions.VersionHeaders)  # innermost: says which version an answer shows
    app.add_middleware(RequestGuard, settings=config)  # Host, UTF-8 URLs, the body cap: before any route
    app.add_middleware(Cors, **CORS)  # around the guard; the /sparql fast path goes around it all (App)
    return app
