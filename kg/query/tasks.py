"""One query's round trip to a worker, as the executor sees it: the :class:`QueryRequest` a caller makes,
the worker :class:`~kg.query.worker.Task` built from it, the worker's reply read into a
:class:`~kg.query.answer.QueryAnswer` or a typed error (syntax, evaluation, memory, size, a lost
worker, a timeout), and the limits every zygote applies. The pool of workers is :mod:`kg.query.executor`.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import time
from dataclasses import dataclass
from typing import NoReturn

from kg import telemetry
from kg.errors import (
    QueryEvaluationError,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
)
from kg.query import worker
from kg.query.answer import QueryAnswer, open_spooled
from kg.rdf.model import Term
from kg.settings import Settings
from kg.sparql.screening import Screening

DEMOTE_AFTER = 1.0  # seconds of running before a query gets the lowest CPU priority


@dataclass(frozen=True)
class QueryRequest:
    """A query as the protocol gives it: text, dataset and the media type wanted for the result."""

    sparql: str
    media_type: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None  # relative IRIs in the query resolve against it
    bindings: tuple[tuple[str, Term], ...] = ()  # variables bound to values (named-query parameters)
    union_default: bool = True  # without default_graphs: the union of all graphs, else the store's default graph
    pending: tuple[str, str] | None = None  # N-Quads to add and to remove first (QueryExecutor.select)
    screening: Screening | None = None  # set by a caller that screened the text already (not parsed twice)


def make_task(settings: Settings, source: worker.Source, request: QueryRequest, max_rows: int | None, spool: str,
              timeout: float | None = None, changes: tuple[tuple[str, str], ...] = ()) -> tuple[worker.Task, float]:
    """The task for ``request`` on ``source``'s data, its result spooled to ``spool``, and its deadline."""
    pending = (*changes, *((request.pending,) if request.pending else ())) or None
    task = worker.Task(source, request.sparql, request.media_type, request.default_graphs,
                       request.named_graphs, max_rows, request.base_iri,
                       tuple((name, str(term)) for name, term in request.bindings),
                       request.union_default, pending, spool, settings.max_result_bytes or None)
    return task, time.monotonic() + (settings.query_timeout if timeout is None else timeout)


def raise_failure(settings: Settings, exc: BaseException) -> NoReturn:
    """What the caller sees of a query that did not get its answer (its worker already discarded)."""
    if isinstance(exc, TimeoutError):
        raise QueryTimeoutError(f"the query ran longer than {settings.query_timeout:g} s and was stopped") from None
    if isinstance(exc, (EOFError, OSError, pickle.UnpicklingError)):
        raise StoreError(f"the query worker failed: {exc or 'it exited'}") from exc
    raise exc  # e.g. the client went away (CancelledError): the worker was killed all the same


def read_reply(settings: Settings, task: worker.Task, reply: worker.Reply) -> QueryAnswer:
    """The answer in a worker's reply, or the typed error it reports (its spool file removed)."""
    if reply.error is not None:
        remove_spool(task)
    if reply.error == "syntax":
        raise QuerySyntaxError(reply.message)
    if reply.error == "evaluation":
        raise QueryEvaluationError(reply.message)
    if reply.error in ("memory", "too-large"):
        telemetry.query_refused("memory" if reply.error == "memory" else "result_size")
    if reply.error == "memory":
        raise QueryResourceError(
            f"the query needed more memory than query_memory_mb = {settings.query_memory_mb} "
            "(KG_QUERY_MEMORY_MB) allows and was stopped")
    if reply.error == "too-large":
        raise QueryResourceError(
            f"the result is larger than max_result_bytes = {settings.max_result_bytes} bytes "
            "(KG_MAX_RESULT_BYTES); ask for fewer rows (LIMIT) or shorter values")
    if reply.error is not None:
        raise StoreError(reply.message)
    if not reply.spooled:
        return QueryAnswer(reply.body, task.media_type, reply.truncated)
    try:
        spooled = open_spooled(task.spool, reply.size)
    except OSError as exc:
        remove_spool(task)
        raise StoreError(f"the query worker's result cannot be read: {exc}") from exc
    return QueryAnswer(spooled, task.media_type, reply.truncated, reply.size)


def worker_limits(settings: Settings) -> worker.Limits:
    """The limits every zygote of ``settings`` applies (no sandbox when SERVICE is allowed or it is off)."""
    if settings.worker_sandbox not in ("seccomp", "off"):
        raise StoreError(f"setting worker_sandbox: expected \"seccomp\" or \"off\", got {settings.worker_sandbox!r}")
    sandbox = settings.worker_sandbox == "seccomp" and not settings.allow_service
    memory = settings.query_memory_mb * (1 << 20) if settings.query_memory_mb > 0 else None
    return worker.Limits(sandbox, memory, DEMOTE_AFTER)


def remove_spool(task: worker.Task) -> None:
    """Remove what a worker may have left of a result it did not hand over."""
    for path in (task.spool, task.spool + ".rows"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
