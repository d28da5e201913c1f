"""The SPARQL 1.1 Protocol query operation at /sparql (GET and POST)."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from api.conneg import negotiate
from api.deps import StoreDep
from kg.formats import RDF_FORMATS, RESULT_FORMATS
from kg.store import QueryResult

router = APIRouter(tags=["SPARQL"])

RESULT_TYPES = [f.media_type for f in RESULT_FORMATS.values()]
GRAPH_TYPES = [f.media_type for f in RDF_FORMATS.values()]


def respond(result: QueryResult, accept: str | None) -> Response:
    offered = GRAPH_TYPES if result.kind == "graph" else RESULT_TYPES
    media_type = negotiate(accept, offered)
    if media_type is None:
        raise HTTPException(406, f"acceptable: {', '.join(offered)}")
    return Response(result.serialize(media_type), media_type=media_type, headers={"Vary": "Accept"})


@router.get("/sparql")
async def query_get(request: Request, store: StoreDep) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    return await _run(params, request, store)


@router.post("/sparql")
async def query_post(request: Request, store: StoreDep) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8")
    if content_type == "application/x-www-form-urlencoded":
        params = parse_qs(body, keep_blank_values=True)
    elif content_type == "application/sparql-query":
        params = {"query": [body], **parse_qs(request.url.query)}
    else:
        raise HTTPException(415, "use application/x-www-form-urlencoded or application/sparql-query")
    return await _run(params, request, store)


async def _run(params: dict[str, list[str]], request: Request, store: StoreDep) -> Response:
    queries = params.get("query", [])
    if len(queries) != 1:
        raise HTTPException(400, "exactly one 'query' parameter is required")
    result = await run_in_threadpool(
        store.query, queries[0], None,
        default_graphs=params.get("default-graph-uri") or None,
        named_graphs=params.get("named-graph-uri") or None,
    )
    return await run_in_threadpool(respond, result, request.headers.get("accept"))
