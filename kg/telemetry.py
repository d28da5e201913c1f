"""What the core counts for operators: queries, query workers and writes, in Prometheus instruments.

The instruments live in one process-wide registry, :data:`REGISTRY` (the API's ``GET /metrics``
exposes it beside its own HTTP metrics, :mod:`api.observability.metrics`). The core only counts;
it never formats or serves. Each instrument is touched at one place in the code that owns the event:

- :func:`timed` wraps :class:`kg.query.executor.QueryExecutor`'s public doors: the query's time in the
  executor by outcome (``kg_query_duration_seconds``), and ``kg_query_timeouts_total``;
- :func:`worker_lost`, :data:`WORKERS_STARTED`, :data:`DATA_LOADS` and :func:`query_refused` are
  called by the executor when a worker is killed, forked, when a zygote loads new data, and when a
  query is refused for its memory or its result size;
- :func:`write_accepted` and :func:`write_refused` are called by :mod:`kg.writes.gate` (422 refusals are
  counted per SHACL shape: its IRI, or for a blank-node property shape its path and constraint
  component, so the number of series stays bounded by the project's shapes).

Counting costs a lock and an addition: well under a microsecond per event.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from kg.errors import (
    ForbiddenOperationError,
    QueryParameterError,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeoutError,
)

P = ParamSpec("P")
R = TypeVar("R")

disable_created_metrics()  # no *_created series: they double the exposition and no alert reads them
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)  # process_resident_memory_bytes, process_cpu_seconds_total, open fds
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

QUERY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
QUERY_DURATION = Histogram(
    "kg_query_duration_seconds", "Time a query spent in the executor (waiting for a worker included), by outcome "
    "(ok, timeout, refused: over a memory or result-size limit, rejected: bad query, error, cancelled)",
    ["outcome"], buckets=QUERY_BUCKETS, registry=REGISTRY)
QUERY_TIMEOUTS = Counter("kg_query_timeouts_total", "Queries stopped at the time limit (query_timeout)",
                         registry=REGISTRY)
QUERY_REFUSALS = Counter("kg_query_refusals_total", "Queries stopped for a limit: memory (query_memory_mb) "
                         "or result_size (max_result_bytes)", ["limit"], registry=REGISTRY)
WORKERS_STARTED = Counter("kg_query_workers_started_total", "Query worker processes forked (a killed worker is "
                          "replaced by a new one: restarts show here)", registry=REGISTRY)
WORKERS_LOST = Counter("kg_query_workers_lost_total", "Query workers killed or lost mid-query, by reason "
                       "(timeout, memory, crashed, cancelled)", ["reason"], registry=REGISTRY)
DATA_LOADS = Counter("kg_query_data_loads_total", "Times the query workers' zygote loaded the data "
                     "(at start, after each publication and each write)", registry=REGISTRY)
WRITES = Counter("kg_writes_total", "Writes through the gate, by outcome (accepted, refused: 422)", ["outcome"],
                 registry=REGISTRY)
WRITE_REFUSALS = Counter("kg_write_refusals_total", "Writes refused (422) per SHACL shape that reported a "
                         "violation (each shape once per write)", ["shape"], registry=REGISTRY)

_OUTCOMES: tuple[tuple[type[BaseException], str], ...] = (
    (QueryTimeoutError, "timeout"), (QueryResourceError, "refused"), (QuerySyntaxError, "rejected"),
    (ForbiddenOperationError, "rejected"), (QueryParameterError, "rejected"),
    (asyncio.CancelledError, "cancelled"))
_DURATIONS = {outcome: QUERY_DURATION.labels(outcome) for outcome in
              ("ok", "timeout", "refused", "rejected", "error", "cancelled")}
for _reason in ("timeout", "memory", "crashed", "cancelled"):
    WORKERS_LOST.labels(_reason)  # every series exists from the start (0), as alert rules expect
for _limit in ("memory", "result_size"):
    QUERY_REFUSALS.labels(_limit)
_ACCEPTED, _REFUSED = WRITES.labels("accepted"), WRITES.labels("refused")


def _outcome(exc: BaseException | None) -> str:
    if exc is None:
        return "ok"
    return next((name for kind, name in _OUTCOMES if isinstance(exc, kind)), "error")


def _observe(started: float, exc: BaseException | None) -> None:
    outcome = _outcome(exc)
    _DURATIONS[outcome].observe(time.perf_counter() - started)
    if outcome == "timeout":
        QUERY_TIMEOUTS.inc()


def timed(method: Callable[P, R]) -> Callable[P, R]:
    """Time a query door of the executor (sync or async) and count its outcome."""
    if asyncio.iscoroutinefunction(method):
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                result = await method(*args, **kwargs)  # type: ignore[misc]
            except BaseException as exc:
                _observe(started, exc)
                raise
            _observe(started, None)
            return result

        return functools.wraps(method)(timed_async)  # type: ignore[return-value]

    def timed_sync(*args: P.args, **kwargs: P.kwargs) -> R:
        started = time.perf_counter()
        try:
            result = method(*args, **kwargs)
        except BaseException as exc:
            _observe(started, exc)
            raise
        _observe(started, None)
        return result

    return functools.wraps(method)(timed_sync)


def worker_lost(exc: BaseException) -> None:
    """A worker was killed because its query did not get an answer (``exc`` says why)."""
    if isinstance(exc, TimeoutError):
        reason = "timeout"
    elif isinstance(exc, (asyncio.CancelledError, KeyboardInterrupt)):
        reason = "cancelled"  # the client went away, or the server is stopping
    else:
        reason = "crashed"  # it exited, its socket broke, or it refused to start
    WORKERS_LOST.labels(reason).inc()


def query_refused(limit: str) -> None:
    """A query was stopped for ``limit``: ``memory`` (its worker is gone too) or ``result_size``."""
    QUERY_REFUSALS.labels(limit).inc()
    if limit == "memory":
        WORKERS_LOST.labels("memory").inc()


def write_accepted() -> None:
    _ACCEPTED.inc()


def write_refused(report: Any) -> None:
    """A write the shapes refused: counted once, and once per shape that reported a violation."""
    _REFUSED.inc()
    for shape in {shape_label(result) for result in getattr(report, "violations", ())}:
        WRITE_REFUSALS.labels(shape).inc()


def shape_label(result: Any) -> str:
    """The IRI of the shape (or SPARQL constraint) that reported ``result``; for a blank-node property
    shape, whose label changes with every load, its path and constraint component instead
    (``[path] MinCountConstraintComponent``), so the number of series stays bounded by the shapes."""
    source = getattr(result, "constraint", None) or getattr(result, "shape", None)
    if source and _is_iri(source):
        return source
    path, component = getattr(result, "path", None), getattr(result, "component", None)
    if path and _is_iri(path) and component:
        return f"[{path}] {component.rsplit('#', 1)[-1]}"
    return "anonymous"


def _is_iri(text: str) -> bool:
    return ":" in text and not text.startswith("_:")


__all__ = ["REGISTRY", "query_refused", "timed", "worker_lost", "write_accepted", "write_refused"]
