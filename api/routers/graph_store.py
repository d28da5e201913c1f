"""The SPARQL 1.1 Graph Store HTTP Protocol at /store (indirect identification: ?default or ?graph=IRI).

GET and HEAD are open to all; PUT, POST and DELETE need the bearer write token and pass the
write gate (kg.gate). ``?default`` is the store's own default graph (what PUT ?default writes),
not the union of all graphs that queries see as their default graph.
"""

from __future__ import annotations

import uuid
from email import policy
from email.parser import BytesParser

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from api.auth import WriterDep
from api.conneg import choose
from api.deps import SettingsDep, StoreDep
from api.limits import media_type
from api.protocol import url_params
from kg.rdf.formats import RDF_FORMATS, rdf_format
from kg.rdf.vocab import graph_iri
from kg.resources.graph_store import graph_exists, merge_documents, read_graph
from kg.sparql.screening import valid_iri
from kg.writes import gate

router = APIRouter(prefix="/store", tags=["Graph Store"])

GRAPH_TYPES = [RDF_FORMATS[name].media_type for name in ("turtle", "ntriples", "rdfxml", "jsonld")]
_TARGET = "?default, or ?graph= followed by the graph IRI"
FORM = "multipart/form-data"


def target_graph(request: Request) -> str | None:
    """The graph a request names: None for ?default, else the IRI of ?graph= (400 otherwise)."""
    params = url_params(request)
    graphs = params.get("graph", [])
    if ("default" in params) == bool(graphs) or len(graphs) > 1:
        raise HTTPException(400, f"name exactly one graph: {_TARGET}")
    if graphs and not valid_iri(graphs[0]):
        raise HTTPException(400, f"the graph must be an absolute IRI, not {graphs[0][:200]!r}")
    return graphs[0] if graphs else None


@router.get("", summary="Read a graph (Turtle, N-Triples, RDF/XML, JSON-LD); HEAD works too")
@router.head("", include_in_schema=False)
async def read(request: Request, store: StoreDep) -> Response:
    graph = target_graph(request)
    chosen = choose(request.headers.get("accept"), GRAPH_TYPES)
    if not await run_in_threadpool(graph_exists, store, graph):
        raise HTTPException(404, f"no graph named {graph}")
    body = await run_in_threadpool(read_graph, store, graph, chosen)
    headers = {"Vary": "Accept", "Content-Length": str(len(body))}
    return Response(b"" if request.method == "HEAD" else body, media_type=chosen, headers=headers)


@router.put("", status_code=204, summary="Replace a graph with the request body (bearer token)")
async def replace(request: Request, store: StoreDep, settings: SettingsDep, _writer: WriterDep) -> Response:
    graph, payload, kind = await _payload(request, settings)
    existed = await run_in_threadpool(graph_exists, store, graph)
    await run_in_threadpool(lambda: gate.replace_graph(store, graph, payload, kind, settings, base_iri=graph,
                                                       client=_writer))
    return Response(status_code=204 if existed else 201)


@router.post("", status_code=204, summary="Merge the request body into a graph, or create a new graph when "
             "neither ?default nor ?graph= is given (201 with its IRI in Location) (bearer token)")
async def merge(request: Request, store: StoreDep, settings: SettingsDep, _writer: WriterDep) -> Response:
    if not url_params(request):
        graph = graph_iri(settings.base_iri, f"created/{uuid.uuid4()}")
        _, payload, kind = await _payload(request, settings, graph)
        await run_in_threadpool(lambda: gate.add_to_graph(store, graph, payload, kind, settings, base_iri=graph,
                                                       client=_writer))
        return Response(status_code=201, headers={"Location": graph})
    graph, payload, kind = await _payload(request, settings, form=True)
    existed = await run_in_threadpool(graph_exists, store, graph)
    await run_in_threadpool(lambda: gate.add_to_graph(store, graph, payload, kind, settings, base_iri=graph,
                                                       client=_writer))
    return Response(status_code=204 if existed else 201)


@router.delete("", status_code=204, summary="Delete a graph (bearer token)")
async def delete(request: Request, store: StoreDep, settings: SettingsDep, _writer: WriterDep) -> Response:
    graph = target_graph(request)
    if not await run_in_threadpool(graph_exists, store, graph):
        raise HTTPException(404, f"no graph named {graph}")
    await run_in_threadpool(lambda: gate.delete_graph(store, graph, settings, client=_writer))
    return Response(status_code=204)


async def _payload(request: Request, settings: SettingsDep, graph: str | None = None,
                   *, form: bool = False) -> tuple[str | None, bytes, str]:
    graph = graph or target_graph(request)
    kind, _ = media_type(request)
    if form and kind == FORM:  # POST of several documents (the W3C test post_get_post_get_indirect)
        parts = form_parts(await request.body(), request.headers["content-type"])
        merged = await run_in_threadpool(merge_documents, parts, base_iri=graph)
        return graph, merged, RDF_FORMATS["ntriples"].media_type
    fmt = rdf_format(kind) if kind else None
    if fmt is None or (fmt.datasets and fmt.name != "jsonld"):
        accepted = ", ".join(GRAPH_TYPES)
        raise HTTPException(415, f"send the graph as one of {accepted}, not {kind or 'no content type'}")
    return graph, await request.body(), fmt.media_type  # the body within the cap: api.limits.RequestGuard


def form_parts(body: bytes, content_type: str) -> list[tuple[bytes, str]]:
    """The documents of a ``multipart/form-data`` body: (bytes, RDF media type) per part (400, 415 otherwise)."""
    header = b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n"
    message = BytesParser(policy=policy.HTTP).parsebytes(header + body)
    if not message.is_multipart():
        raise HTTPException(400, "a multipart/form-data body needs its boundary and at least one part")
    parts = []
    for part in message.iter_parts():
        fmt = rdf_format(part.get_content_type())
        if fmt is None or (fmt.datasets and fmt.name != "jsonld"):
            raise HTTPException(415, f"each part must be one of {', '.join(GRAPH_TYPES)}, "
                                     f"not {part.get_content_type()}")
        parts.append((part.get_payload(decode=True) or b"", fmt.media_type))
    if not parts:
        raise HTTPException(400, "the multipart/form-data body holds no part")
    return parts
