"""Target monitoring over HTTP: ``POST /observations`` (bearer token; CSV or RDF Data Cube) loads observations
through the write gate, all or nothing (422 naming the refused rows). The service is :mod:`kg.monitoring`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import WriterDep
from api.deps import SettingsDep, StoreDep
from api.limits import media_type
from api.routers.sparql import ExecutorDep
from kg.monitoring.observations import load_observations
from kg.monitoring.rows import read_csv, read_rdf
from kg.rdf.formats import rdf_format

router = APIRouter(tags=["target monitoring"])
CSV = "text/csv"


@router.post("/observations", summary="Load observations of the targets' indicators: CSV (target,date,value"
             "[,obs_status][,source]) or RDF Data Cube (JSON-LD, Turtle); all or nothing (bearer token)",
             responses={401: {"description": "no bearer token"}, 403: {"description": "wrong token"},
                        415: {"description": "neither CSV nor an RDF syntax"},
                        422: {"description": "rows refused (each with its row and reason), or the SHACL report; "
                                             "nothing was stored"}})
async def post_observations(request: Request, store: StoreDep, settings: SettingsDep, executor: ExecutorDep,
                            _writer: WriterDep) -> JSONResponse:
    kind, charset = media_type(request)
    body = await request.body()
    if kind == CSV:
        if charset not in (None, "utf-8", "utf8"):
            raise HTTPException(415, f"send the CSV as UTF-8, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPException(400, "the CSV is not valid UTF-8") from exc
        rows = await run_in_threadpool(read_csv, text)
    elif rdf_format(kind) is not None:
        rows = await run_in_threadpool(read_rdf, body, kind, str(request.url))
    else:
        raise HTTPException(415, f"send text/csv or an RDF syntax (application/ld+json, text/turtle), not "
                                 f"{kind or 'no content type'}")
    result = await run_in_threadpool(lambda: load_observations(store, rows, settings, executor=executor,
                                                               client=_writer))
    return JSONResponse(result.summary())
