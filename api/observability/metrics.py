"""``GET /metrics``: the Prometheus text format, from the ``prometheus-client`` library.

Two registries are exposed together: the core's (:data:`kg.telemetry.REGISTRY`: queries, query
workers, writes, the process) and the application's own, made here — HTTP requests by route
template, method and status with their latency, and gauges read when scraped from what the
application already knows (readiness, the worker pool, the remote engine) or from the last
*sample* of the store. The store is never counted per scrape: :func:`sample_store_forever` counts
quads per graph in a thread every ``metrics_sample_interval`` seconds (and not at all while an
embedded store has not been written since the last count), and the journal's length with it.

Label values stay bounded: routes are templates (``(unmatched)`` for anything else), methods
outside the usual ones are ``other``, and past :data:`MAX_GRAPH_SERIES` graphs the smallest are
summed as ``(other)``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request, Response
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from kg import telemetry
from kg.journal.files import journal_length
from kg.store import versions
from kg.store.remote_health import EngineHealth

log = logging.getLogger("api.metrics")
# The classic text format (every name here is a legacy name, so the body is the same in 1.0.0): what
# Prometheus 2 and 3, VictoriaMetrics and the OpenTelemetry collector all read.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
router = APIRouter(tags=["operations"])

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
MAX_GRAPH_SERIES = 200


class HttpMetrics:
    """Requests by route template, method and status, and their latency; the application's registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("kg_http_requests_total", "HTTP requests answered, by route template, method and "
                                "status", ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("kg_http_request_duration_seconds", "Time to answer an HTTP request (to the end "
                                 "of its body), by route template and method", ["route", "method"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        method = method if method in METHODS else "other"
        series = self._series.get((route, method, status))
        if series is None:
            series = (self.requests.labels(route, method, str(status)), self.latency.labels(route, method))
            self._series[(route, method, status)] = series
        series[0].inc()
        series[1].observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(telemetry.REGISTRY) + generate_latest(self.registry)


@dataclass
class StoreSample:
    """The last count of the store: quads per named graph, and the journal's length (None: no journal)."""

    taken_at: float = 0.0
    seconds: float = 0.0
    graphs: dict[str, int] = field(default_factory=dict)
    journal: int | None = None
    version: tuple[int, int] | None = None  # an embedded store's identity and write count when counted


class ApplicationCollector:
    """Gauges computed when scraped, from the application's state (nothing here touches the store)."""

    def __init__(self, state: Any) -> None:
        self.state = state

    def collect(self) -> Iterator[Metric]:
        state = self.state
        readiness = getattr(state, "readiness", None)
        if readiness is not None:
            yield GaugeMetricFamily("kg_ready", "1 when queries will be answered (GET /readyz is 200), else 0",
                                    value=0 if readiness.reason(state) else 1)
            yield GaugeMetricFamily("kg_publications_swapped", "New publications of the store this server has "
                                    "swapped in since it started", value=readiness.swaps)
        executor = getattr(state, "executor", None)
        if executor is not None:
            busy, idle, waiting = executor.pool_sizes()
            yield GaugeMetricFamily("kg_query_workers_busy", "Query workers running a query", value=busy)
            yield GaugeMetricFamily("kg_query_workers_idle", "Query workers kept warm", value=idle)
            yield GaugeMetricFamily("kg_query_waiting", "Queries waiting for a free worker "
                                    "(query_workers_max are busy)", value=waiting)
        health = engine_health(state)
        if health is not None and health.up is not None:
            yield GaugeMetricFamily("kg_remote_engine_up", "1 when the remote SPARQL engine answered the last "
                                    "request, 0 when it could not be reached", value=1 if health.up else 0)
        yield from self._sampled(getattr(state, "store_sample", None))

    @staticmethod
    def _sampled(sample: StoreSample | None) -> Iterator[Metric]:
        if sample is None or not sample.taken_at:
            return
        quads = GaugeMetricFamily("kg_store_quads", "Quads per named graph at the last sample (the smallest past "
                                  f"{MAX_GRAPH_SERIES} graphs summed as (other))", labels=["graph"])
        ranked = sorted(sample.graphs.items(), key=lambda item: (-item[1], item[0]))
        for graph, count in ranked[:MAX_GRAPH_SERIES]:
            quads.add_metric([graph], count)
        if len(ranked) > MAX_GRAPH_SERIES:
            quads.add_metric(["(other)"], sum(count for _, count in ranked[MAX_GRAPH_SERIES:]))
        yield quads
        yield GaugeMetricFamily("kg_store_quads_total", "Quads in all named graphs at the last sample",
                                value=sum(sample.graphs.values()))
        yield GaugeMetricFamily("kg_store_sample_timestamp_seconds", "When the store was last counted (Unix time)",
                                value=sample.taken_at)
        yield GaugeMetricFamily("kg_store_sample_duration_seconds", "How long the last count took",
                                value=sample.seconds)
        if sample.journal is not None:  # absent until there is a journal (kg.journal.files)
            yield GaugeMetricFamily("kg_journal_length", "Entries in the journal of writes", value=sample.journal)


def engine_health(state: Any) -> EngineHealth | None:
    """The remote engine's health (None for an embedded store), without touching any store."""
    live_store = getattr(state, "live_store", None)
    if live_store is None or live_store.follows_publications:
        return None
    return getattr(live_store.get(), "health", None)


def install(app: Any) -> HttpMetrics:
    """Add ``GET /metrics`` and the application's gauges; the HTTP metrics for the request observer."""
    metrics = HttpMetrics()
    metrics.registry.register(ApplicationCollector(app.state))
    app.state.http_metrics = metrics
    app.state.store_sample = StoreSample()
    app.include_router(router)
    return metrics


@router.get("/metrics", summary="Metrics in the Prometheus text format", include_in_schema=True,
            response_class=Response, responses={200: {"content": {CONTENT_TYPE: {}}}})
def metrics_endpoint(request: Request) -> Response:  # plain def: formatting runs in the thread pool
    return Response(request.app.state.http_metrics.exposition(), media_type=CONTENT_TYPE)


def sample_store(state: Any) -> None:
    """Count quads per graph (unless an embedded store is unchanged since the last count) and the journal."""
    previous: StoreSample = state.store_sample
    store = state.live_store.get()
    version = (id(store), versions.data_version(store)) if store.in_process else None
    journal = journal_length(state.settings)
    if version is not None and version == previous.version:
        state.store_sample = StoreSample(time.time(), previous.seconds, previous.graphs, journal, version)
        return
    started = time.perf_counter()
    graphs = {info.iri: info.triples for info in store.graphs()}
    state.store_sample = StoreSample(time.time(), time.perf_counter() - started, graphs, journal, version)


async def sample_store_forever(state: Any, interval: float) -> None:
    """:func:`sample_store` now and every ``interval`` seconds (a failure keeps the last sample)."""
    while True:
        try:
            await anyio.to_thread.run_sync(sample_store, state)
        except Exception as exc:  # the engine is down, the store is being swapped: try again next time
            log.debug("the store could not be counted: %s", exc)
        await asyncio.sleep(interval)


__all__ = ["ApplicationCollector", "HttpMetrics", "StoreSample", "engine_health", "install", "sample_store_forever"]
