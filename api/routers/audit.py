"""The audit of writes, read from the journal: GET /audit (JSON, JSON-LD in PROV-O) and /audit/sparql.

Who wrote, when, to which graph and what changed (kg.audit): kept out of the queried data, served here.
``/audit/sparql`` answers read-only SPARQL over the audit's PROV-O description (an in-memory store built
from the journal, kg.audit.audit_store) through the same executor, limits and result formats as
/sparql; an update there is refused like any update sent to a query endpoint. Nothing here writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.conneg import choose
from api.protocol import protocol_params, url_params
from api.routers.sparql import DIRECT, ExecutorDep, SettingsDep, StoreDep, answer
from kg.journal import open_journal
from kg.writes.audit import AuditFilter, audit_records, audit_store, records_json, records_jsonld

router = APIRouter(prefix="/audit", tags=["audit"])

LISTING_TYPES = ["application/json", "application/ld+json"]


@router.get("", summary="The accepted writes: who, when, which graphs, how many triples (JSON, or JSON-LD in PROV-O)")
async def list_writes(request: Request, store: StoreDep, settings: SettingsDep,
                      client: Annotated[str | None, Query(description="the writer's token name")] = None,
                      since: Annotated[datetime | None, Query(description="from this time (ISO 8601)")] = None,
                      until: Annotated[datetime | None, Query(description="up to this time (ISO 8601)")] = None,
                      graph: Annotated[str | None, Query(description="writes that changed or named it")] = None,
                      ) -> Response:
    chosen = choose(request.headers.get("accept"), LISTING_TYPES)
    selection = AuditFilter(client, _utc(since), _utc(until), graph)
    records = await run_in_threadpool(audit_records, open_journal(settings, store), selection)
    if chosen == "application/ld+json":
        return JSONResponse(records_jsonld(records, settings), media_type=chosen, headers={"Vary": "Accept"})
    return JSONResponse({"writes": records_json(records)}, headers={"Vary": "Accept"})


@router.get("/sparql", summary="Read-only SPARQL over the audit (PROV-O), as /sparql answers")
@router.head("/sparql", include_in_schema=False)
async def query_get(request: Request, store: StoreDep, settings: SettingsDep, executor: ExecutorDep) -> Response:
    audit = await run_in_threadpool(audit_store, open_journal(settings, store), settings)
    return await answer(request, url_params(request), audit, executor)


@router.post("/sparql", summary="Read-only SPARQL over the audit (POST, URL-encoded form or application/sparql-query)")
async def query_post(request: Request, store: StoreDep, settings: SettingsDep, executor: ExecutorDep) -> Response:
    params = await protocol_params(request, direct_type=DIRECT, operation="query")
    audit = await run_in_threadpool(audit_store, open_journal(settings, store), settings)
    return await answer(request, params, audit, executor)


def _utc(moment: datetime | None) -> datetime | None:
    """A time without a zone is read as UTC (the journal's times are in UTC)."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment
