"""The SPARQL 1.1 Service Description, answered by GET /sparql without a query (Turtle, JSON-LD, …)."""

from __future__ import annotations

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from api.conneg import choose
from kg.rdf.formats import RDF_FORMATS, serialize
from kg.resources.service_description import describe_service
from kg.settings import Settings
from kg.store.base import Store

DESCRIPTION_TYPES = [RDF_FORMATS[name].media_type for name in ("turtle", "jsonld", "rdfxml", "ntriples")]


async def describe(request: Request, store: Store, settings: Settings) -> Response:
    """The description of this endpoint in the format the client prefers."""
    media_type = choose(request.headers.get("accept"), DESCRIPTION_TYPES)
    endpoint = str(request.url.replace(query=""))
    triples = await run_in_threadpool(describe_service, store, settings, endpoint)
    body = serialize(triples, media_type)
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        return Response(b"", media_type=media_type, headers={**headers, "Content-Length": str(len(body))})
    return Response(body, media_type=media_type, headers=headers)
