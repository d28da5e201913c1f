"""The SPARQL 1.1 Protocol update operation at /update (POST, URL-encoded or direct).

Every update needs the bearer write token (api/auth.py) and passes the write gate (kg.gate): its exact
change is computed (its WHERE clauses in the app's sandboxed query workers), validated with SHACL and
committed atomically only if it conforms, all within ``update_timeout`` (503 past it, nothing changed).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import WriterDep
from api.deps import SettingsDep, StoreDep
from api.protocol import protocol_params, single
from api.routers.sparql import ExecutorDep, endpoint
from kg.sparql.screening import with_using
from kg.writes.gate import WriteResult, apply_update

router = APIRouter(tags=["SPARQL"])

DIRECT = "application/sparql-update"


@router.post("/update", summary="SPARQL 1.1 Update (bearer token; validated by SHACL before commit)",
             responses={401: {"description": "no bearer token"}, 403: {"description": "wrong token"},
                        422: {"description": "the result would not conform to the shapes (SHACL report)"},
                        503: {"description": "the write ran past update_timeout and was stopped; nothing changed"}})
async def update(request: Request, store: StoreDep, settings: SettingsDep, executor: ExecutorDep,
                 _writer: WriterDep) -> JSONResponse:
    params = await protocol_params(request, direct_type=DIRECT, operation="update")
    text, base_iri = single(params, "update"), endpoint(request)
    request.scope["kg.query_text"] = text  # hashed in logs and traces, never written out (api.observability)

    def run() -> WriteResult:  # in a thread: parsing a long update must not hold the event loop
        sparql = with_using(text, params.get("using-graph-uri", []), params.get("using-named-graph-uri", []),
                            base_iri=base_iri, settings=settings)
        return apply_update(store, sparql, settings, executor=executor, base_iri=base_iri, client=_writer)

    result = await run_in_threadpool(run)
    return JSONResponse({"added": result.added, "removed": result.removed})
