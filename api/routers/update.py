"""The SPARQL 1.1 Protocol update operation at /update (POST, URL-encoded or direct).

Every update needs the bearer write token (api/auth.py) and passes the write gate (kg.gate):
applied to a staged copy, validated with SHACL, committed atomically only if it conforms.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import WriterDep
from api.deps import SettingsDep, StoreDep
from api.protocol import protocol_params, single
from api.routers.sparql import endpoint
from kg.gate import apply_update
from kg.screening import with_using

router = APIRouter(tags=["SPARQL"])

DIRECT = "application/sparql-update"


@router.post("/update", summary="SPARQL 1.1 Update (bearer token; validated by SHACL before commit)",
             responses={401: {"description": "no bearer token"}, 403: {"description": "wrong token"},
                        422: {"description": "the result would not conform to the shapes (SHACL report)"}})
async def update(request: Request, store: StoreDep, settings: SettingsDep, _writer: WriterDep) -> JSONResponse:
    params = await protocol_params(request, settings, direct_type=DIRECT, operation="update")
    sparql = with_using(single(params, "update"), params.get("using-graph-uri", []),
                        params.get("using-named-graph-uri", []))
    request.scope["kg.query_text"] = sparql  # hashed in logs and traces, never written out (api.observability)
    result = await run_in_threadpool(lambda: apply_update(store, sparql, settings, base_iri=endpoint(request),
                                                          client=_writer))
    return JSONResponse({"added": result.added, "removed": result.removed})
