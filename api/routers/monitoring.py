"""Target monitoring over HTTP: ``POST /observations`` (bearer token; CSV or RDF Data Cube) loads observations
through the write gate, all or nothing (422 naming the refused rows); ``GET /targets/{slug}/progress`` is where
a target stands (JSON, or JSON-LD by Accept) and ``GET /targets/{slug}/observations`` its series (CSV, or Data
Cube Turtle; ``?format=csv|ttl`` for links). The service is :mod:`kg.monitoring`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import WriterDep
from api.conneg import choose
from api.deps import SettingsDep, StoreDep
from api.limits import media_type
from api.routers.sparql import ExecutorDep
from kg.monitoring.observations import load_observations
from kg.monitoring.progress import TargetProgress, target_progress
from kg.monitoring.rows import read_csv, read_rdf
from kg.monitoring.series_export import progress_jsonld, series_csv, series_turtle
from kg.rdf.formats import rdf_format

router = APIRouter(tags=["target monitoring"])
CSV = "text/csv"
TURTLE = "text/turtle"
JSON, JSONLD = "application/json", "application/ld+json"
SERIES_FORMATS = {"csv": CSV, "ttl": TURTLE}
_EXAMPLE_CSV = ("target,date,value,obs_status,source\n"
                "https://w3id.org/fikg/id/target/2030-provincial-future-industry-pilot-zones,2026,11,P,a release\n"
                "到2030年，建设50个以上开放应用场景,2026-06-30,22,E,\n")
_BODY = {"requestBody": {"required": True, "content": {
    CSV: {"schema": {"type": "string"}, "example": _EXAMPLE_CSV},
    JSONLD: {"schema": {"type": "object"}}, TURTLE: {"schema": {"type": "string"}}}}}


@router.post("/observations", summary="Load observations of the targets' indicators: CSV (target,date,value"
             "[,obs_status][,source]) or RDF Data Cube (JSON-LD, Turtle); all or nothing (bearer token)",
             responses={401: {"description": "no bearer token"}, 403: {"description": "wrong token"},
                        415: {"description": "neither CSV nor an RDF syntax"},
                        422: {"description": "rows refused (each with its row and reason), or the SHACL report; "
                                             "nothing was stored"}}, openapi_extra=_BODY)
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


@router.get("/targets/{slug}/progress", summary="Where a quantitative target stands: status by the project's rule, "
            "pace ratio, paces, latest observation, series, sentence, responsible agencies (JSON or JSON-LD)",
            responses={404: {"description": "no quantitative target with an indicator has this slug"}})
async def get_progress(slug: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    chosen = choose(request.headers.get("accept"), [JSON, JSONLD])
    progress = await _progress(store, settings, slug)
    body = progress_jsonld(progress) if chosen == JSONLD else progress.as_json()
    return JSONResponse(body, media_type=chosen, headers={"Vary": "Accept"})


@router.get("/targets/{slug}/observations", summary="A target's series: CSV (the columns POST /observations takes) "
            "or RDF Data Cube Turtle; ?format=csv|ttl overrides Accept")
async def get_series(slug: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    asked = request.query_params.get("format")
    if asked is not None and asked not in SERIES_FORMATS:
        raise HTTPException(400, "format must be csv or ttl")
    chosen = SERIES_FORMATS[asked] if asked else choose(request.headers.get("accept"), [CSV, TURTLE])
    progress = await _progress(store, settings, slug)
    if chosen == CSV:
        body, name = series_csv(progress).encode("utf-8"), f"{slug}-observations.csv"
    else:
        body, name = await run_in_threadpool(series_turtle, store, progress), f"{slug}-observations.ttl"
    return Response(body, media_type=f"{chosen}; charset=utf-8", headers={
        "Vary": "Accept", "Content-Disposition": f'attachment; filename="{name}"'})


async def _progress(store: StoreDep, settings: SettingsDep, slug: str) -> TargetProgress:
    progress = await run_in_threadpool(target_progress, store, settings.project_dir / "queries", settings.base_iri,
                                       slug)
    if progress is None:
        raise HTTPException(404, f"no quantitative target with an indicator is named {slug[:100]!r}")
    return progress
