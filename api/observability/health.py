"""``GET /healthz`` and ``GET /readyz``, and the background work that keeps readiness true.

``/healthz`` says the process answers: no store, no lock, no thread. ``/readyz`` says queries will
be answered now; it is 503 (problem+json, ``Retry-After``) while

- the store is being opened: the query workers load the data (an on-disk store of up to
  ``serve_memory_max_triples`` is read into memory) — the first query would wait for it;
- a new publication is being swapped in: ``kg build`` (or ``kg restore``) moved the published link
  and the new generation is not yet open and loaded by the workers;
- the store could not be made to answer (the query workers do not start);
- a remote SPARQL engine is unreachable, holds no data, or is not configured as the settings say.

Readiness costs one ``readlink`` per call and nothing else: the work is done by :func:`keep_ready`
(opens and warms the store, then follows publications every :data:`FOLLOW_INTERVAL` seconds) and
:func:`watch_engine` (asks a remote engine every :data:`ENGINE_INTERVAL` seconds). Neither needs
authentication; both stay out of the access log.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.errors import problem_body, problem_response
from api.observability.metrics import engine_health
from kg.errors import KgError, StoreError
from kg.query.executor import QueryRequest
from kg.store.remote_health import check_engine

log = logging.getLogger("api.health")
router = APIRouter(tags=["operations"])

FOLLOW_INTERVAL = 0.5  # seconds between looks at the published link (one readlink)
RETRY_INTERVAL = 5.0  # seconds between attempts to warm a store that could not answer
ENGINE_INTERVAL = 5.0  # seconds between questions to a remote engine
RETRY_AFTER = 5
_ASK = QueryRequest("ASK {}", "application/sparql-results+json")


class Readiness:
    """Why queries would not be answered now (None: they will)."""

    def __init__(self) -> None:
        self.opening = True
        self.warm_link: str | None = None  # the published link whose generation the workers hold
        self.warm_problem: str | None = None
        self.engine_problem: str | None = None
        self.swaps = 0

    def reason(self, state: Any) -> str | None:
        if self.opening:
            return "the store is being opened"
        if self.warm_problem:
            return self.warm_problem
        live_store = state.live_store
        if live_store.follows_publications and live_store.published_link() != self.warm_link:
            return "a new publication of the store is being swapped in"
        health = engine_health(state)
        if health is not None and health.up is False:
            return "the SPARQL engine is unreachable"
        return self.engine_problem


@router.get("/healthz", summary="The process answers (liveness)", tags=["operations"])
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/readyz", summary="Queries will be answered (readiness): 200, or 503 with the reason",
            responses={503: {"description": "not ready: the store is being opened or swapped, or the engine is "
                                            "unreachable (problem+json, Retry-After)"}})
async def readyz(request: Request) -> Response:
    reason = request.app.state.readiness.reason(request.app.state)
    if reason is None:
        return JSONResponse({"status": "ready"})
    return problem_response(problem_body(503, reason), {"Retry-After": str(RETRY_AFTER)})


def warm(state: Any, *, swap: bool = False) -> None:
    """Open the current store and have the query workers load it; then the link it came from is warm."""
    readiness: Readiness = state.readiness
    link = state.live_store.published_link()
    try:
        store = state.live_store.get()
        if store.in_process:
            state.executor.asserted_graphs(store)
            state.executor.execute(store, _ASK).close()
    except KgError as exc:
        problem = "the store cannot answer queries (see the server log)"
        if readiness.warm_problem != problem:
            log.error("the store cannot answer queries: %s", exc)
        readiness.warm_problem, readiness.opening = problem, False
        return
    if readiness.warm_problem:
        log.warning("the store answers queries again")
    readiness.warm_problem, readiness.warm_link, readiness.opening = None, link, False
    if swap:
        readiness.swaps += 1
        log.info("serving the new publication %s", link)


async def keep_ready(state: Any, *, load: bool) -> None:
    """Warm the store (``load``; else take it as it is), then follow publications while the server runs."""
    readiness: Readiness = state.readiness
    if load:
        await anyio.to_thread.run_sync(warm, state)
    else:
        readiness.warm_link, readiness.opening = state.live_store.published_link(), False
    failed_at = 0.0
    while True:
        await asyncio.sleep(FOLLOW_INTERVAL)
        if readiness.warm_problem and time.monotonic() - failed_at >= RETRY_INTERVAL:
            await anyio.to_thread.run_sync(lambda: warm(state, swap=False))  # e.g. workers that could not start
        elif state.live_store.follows_publications and state.live_store.published_link() != readiness.warm_link:
            await anyio.to_thread.run_sync(lambda: warm(state, swap=True))
        else:
            continue
        failed_at = time.monotonic() if readiness.warm_problem else 0.0


def check_remote(state: Any, *, at_start: bool = False) -> None:
    """Ask the remote engine how it is (StoreError at start for an engine configured unlike the settings)."""
    readiness: Readiness = state.readiness
    store = state.live_store.get()
    try:
        check = check_engine(store)
    except StoreError as exc:
        if at_start:
            log.error("%s", exc)
            raise
        problem = "the SPARQL engine is not configured as the settings say (see the server log)"
        if readiness.engine_problem != problem:
            log.error("%s", exc)
        readiness.engine_problem = problem
        return
    if check.problem != readiness.engine_problem or at_start:
        if check.problem is None:
            log.info("the SPARQL engine answers and holds data: ready")
        elif check.reachable:
            log.warning("%s; /readyz answers 503 until it does", check.problem)
        elif at_start:  # later, kg.remote_health logs the engine's comings and goings itself
            log.warning("the SPARQL engine at %s is unreachable (%s); /readyz answers 503 until it answers",
                        getattr(store, "query_url", "?"), check.cause)
    readiness.engine_problem = check.problem
    readiness.opening = False


async def watch_engine(state: Any, *, first_now: bool = False) -> None:
    """:func:`check_remote` every :data:`ENGINE_INTERVAL` seconds (``first_now``: and at once)."""
    if not first_now:
        await asyncio.sleep(ENGINE_INTERVAL)
    while True:
        try:
            await anyio.to_thread.run_sync(check_remote, state)
        except Exception as exc:  # never let the monitor die
            log.debug("the engine check failed: %s", exc)
        await asyncio.sleep(ENGINE_INTERVAL)


__all__ = ["Readiness", "check_remote", "keep_ready", "router", "warm", "watch_engine"]
