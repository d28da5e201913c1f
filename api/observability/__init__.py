"""What an operator sees of a running server: health, readiness, metrics, logs and traces.

- :mod:`~api.observability.health`: ``GET /healthz``, ``GET /readyz`` and the background work that
  opens the store, follows publications and watches a remote engine;
- :mod:`~api.observability.metrics`: ``GET /metrics`` (Prometheus), the store sampled in the background;
- :mod:`~api.observability.requests`: the outermost layer — request ids, counting, request log lines;
- :mod:`~api.observability.logs`: text or JSON logs, probes kept out of the access log;
- :mod:`~api.observability.tracing`: OpenTelemetry, imported only when an exporter is configured.

``api.main`` calls :func:`install` when it makes the app, :func:`wrap` when it builds the ASGI
stack, and :func:`start` / :func:`stop` in its lifespan. Error answers take the request's id from
:func:`request_id`.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from starlette.types import ASGIApp

from api.observability import health, metrics
from api.observability.logs import configure_logging
from api.observability.requests import RequestObserver
from kg.settings import Settings


def install(app: FastAPI, settings: Settings) -> None:
    """Routes and state: ``/healthz``, ``/readyz``, ``/metrics`` (unless ``metrics`` is off), logging, tracing."""
    configure_logging(settings)
    app.state.readiness = health.Readiness()
    app.include_router(health.router)
    app.state.http_metrics = metrics.install(app) if settings.metrics else None
    app.state.tracing = None
    if settings.trace_exporter != "none":
        from api.observability.tracing import Tracing  # OpenTelemetry is loaded only when asked for

        app.state.tracing = Tracing(settings.trace_exporter)


def wrap(app: FastAPI, stack: ASGIApp) -> ASGIApp:
    """The outermost layers around the application's whole stack (the /sparql fast path included)."""
    tracing = getattr(app.state, "tracing", None)
    settings = app.state.settings
    observer = RequestObserver(stack, metrics=getattr(app.state, "http_metrics", None),
                               log_requests=settings.log_format == "json",
                               on_response=(tracing.on_response,) if tracing is not None else ())
    return tracing.wrap(app, observer) if tracing is not None else observer


async def start(app: FastAPI, *, opened_here: bool) -> list[asyncio.Task[Any]]:
    """The lifespan's start: a remote engine is asked at once (refused if it is not what the settings
    say); the store is warmed, publications followed and the store sampled in the background."""
    state, settings = app.state, app.state.settings
    tasks: list[asyncio.Task[Any]] = []
    if settings.store == "remote":
        if opened_here:
            await anyio.to_thread.run_sync(lambda: health.check_remote(state, at_start=True))
        tasks.append(asyncio.create_task(health.watch_engine(state, first_now=not opened_here)))
    tasks.append(asyncio.create_task(health.keep_ready(state, load=opened_here and settings.store != "remote")))
    if settings.metrics and settings.metrics_sample_interval > 0:
        tasks.append(asyncio.create_task(metrics.sample_store_forever(state, settings.metrics_sample_interval)))
    return tasks


async def stop(app: FastAPI, tasks: list[asyncio.Task[Any]]) -> None:
    """Cancel the background work (a count or warm-up in a thread is let finish) and flush the traces."""
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    tracing = getattr(app.state, "tracing", None)
    if tracing is not None:
        tracing.shutdown()


def request_id(request: Request) -> str | None:
    """The id of the request (also in its ``X-Request-ID`` answer header and its log records)."""
    return request.scope.get("kg.request_id")


__all__ = ["install", "request_id", "start", "stop", "wrap"]
