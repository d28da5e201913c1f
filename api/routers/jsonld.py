"""JSON-LD for other systems: ``/context.jsonld``, ``/api/{kind}``, ``/api/{kind}/{slug}`` and ``/dumps/…``.

Documents are framed and compacted by :mod:`kg.resources.jsonld`; their ``@context`` is the versioned context
on this server (``{server}/context/1.0.0.jsonld``, the server being ``KG_BASE_URL`` or the URL the request came
to), so a consumer that only has this server can expand them with any JSON-LD processor's default loader. The
published alias ``https://w3id.org/fikg/context/1.0.0.jsonld`` is the context's canonical ``Link``. ``/api``
lists the kinds, each with its ``/api/{kind}`` list.
"""

from __future__ import annotations

import base64
import json

from fastapi import APIRouter, Request, Response

from api.deps import SettingsDep, StoreDep
from api.server_url import server_url
from api.versions import VersionedStoreDep
from kg.errors import UnknownEntityError
from kg.rdf.vocab import entity_iri
from kg.resources import jsonld as export
from kg.resources.views import summarise
from kg.settings import Settings

router = APIRouter(tags=["JSON-LD"])
JSONLD = "application/ld+json"


def jsonld_response(document: dict) -> Response:
    return Response(json.dumps(document, ensure_ascii=False, indent=1), media_type=JSONLD)


def dump_cache(request: Request) -> export.DumpCache:
    state = request.app.state
    if not hasattr(state, "dump_cache"):
        state.dump_cache = export.DumpCache()
    return state.dump_cache


@router.get("/context.jsonld", summary="The current JSON-LD @context (short keys for the ontology's terms)")
@router.get(f"/context/{export.CONTEXT_VERSION}.jsonld", summary="The JSON-LD @context, this version")
def context(settings: SettingsDep) -> Response:
    response = jsonld_response({"@context": export.build_context(settings.base_iri)})
    response.headers["Link"] = f'<{export.context_url(settings.base_iri)}>; rel="canonical"'
    return response


def served(document: dict, request: Request, settings: Settings) -> Response:
    """A framed document with its ``@context`` on this server."""
    return jsonld_response({**document, "@context": export.served_context_url(server_url(request, settings))})


HYDRA = "http://www.w3.org/ns/hydra/core#"


@router.get("/api", summary="The kinds of entity, each with its JSON-LD list (a Hydra collection)")
def api_index(request: Request, store: VersionedStoreDep, settings: SettingsDep) -> Response:
    server = server_url(request, settings)
    kinds = sorted(summarise(store, settings.base_iri).kinds)
    return jsonld_response({
        "@context": {"hydra": HYDRA, "member": {"@id": "hydra:member"}, "title": "hydra:title",
                     "totalItems": "hydra:totalItems"},
        "@id": f"{server}/api", "@type": "hydra:Collection", "totalItems": len(kinds),
        "member": [{"@id": f"{server}/api/{kind}", "@type": "hydra:Collection", "title": kind, "totalItems": count}
                   for kind, count in kinds]})


@router.get("/api/{kind}", summary="Every entity of a kind (JSON-LD list with types and labels)")
def list_kind(kind: str, request: Request, store: VersionedStoreDep, settings: SettingsDep) -> Response:
    triples = export.kind_triples(store, kind, settings.base_iri)
    if not triples:
        raise UnknownEntityError(f"{settings.base_iri}id/{kind}/")
    return served(export.frame_kind(triples, settings.base_iri), request, settings)


@router.get("/api/{kind}/{slug}", summary="One entity as framed JSON-LD, with its relations nested")
def one_entity(kind: str, slug: str, request: Request, store: VersionedStoreDep, settings: SettingsDep) -> Response:
    iri = entity_iri(settings.base_iri, kind, slug)
    return served(export.frame_entity(export.entity_triples(store, iri, settings.base_iri), iri, settings.base_iri),
                  request, settings)


@router.get("/dumps", summary="The bulk dumps, with size and SHA-256")
def list_dumps(request: Request, store: StoreDep) -> list[dict]:
    return [{**dump.summary(), "url": f"/dumps/{dump.name}"} for dump in dump_cache(request).all(store)]


@router.get("/dumps/{name}", summary="One bulk dump (N-Quads, Turtle or JSON-LD)")
def one_dump(name: str, request: Request, store: StoreDep) -> Response:
    dump = dump_cache(request).get(store, name)
    digest = base64.b64encode(bytes.fromhex(dump.sha256)).decode("ascii")
    headers = {"ETag": f'"{dump.sha256}"', "Repr-Digest": f"sha-256=:{digest}:", "X-Checksum-SHA256": dump.sha256,
               "Content-Disposition": f'attachment; filename="{dump.name}"'}
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    return Response(dump.body, media_type=dump.media_type, headers=headers)
