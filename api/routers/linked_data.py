"""Dereferenceable IRIs: ``/id/{kind}/{slug}``, ``/ontology…``, ``/data/…`` and ``/.well-known/void``.

The server maps the base ``https://w3id.org/fikg/`` onto its own paths. Content negotiation follows the
W3C "Best Practice Recipes for Publishing RDF Vocabularies" (recipe 3, with 303 for HTML):
RDF syntaxes (Turtle, JSON-LD, RDF/XML, N-Triples) are answered in place with ``Vary: Accept`` and a
``Content-Location``; a browser asking for HTML gets ``303 See Other`` to the page at
``/entity/{kind}/{slug}``. ``?format=ttl|jsonld|rdf|nt`` overrides the header.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from api import conneg
from api.deps import SettingsDep, StoreDep
from api.server_url import server_url
from api.versions import VersionedStoreDep, shown_version
from kg.errors import UnknownEntityError
from kg.journal import open_journal
from kg.journal.releases import releases
from kg.rdf.formats import serialize
from kg.rdf.vocab import entity_iri, entity_prefix, graph_iri
from kg.resources.describe import describe, graph_triples, ontology_graphs, void_triples
from kg.resources.version_catalog import release_triples

router = APIRouter(tags=["linked data"])

HTML = "text/html"
RDF_TYPES = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
EXTENSIONS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "rdf": "application/rdf+xml",
              "nt": "application/n-triples", "html": HTML}
ONTOLOGY_VERSION = "1.0.0"


def choose(request: Request, offered: list[str]) -> str:
    """``?format=`` or the Accept header (Turtle for ``*/*``); 406 listing what is offered."""
    name = request.query_params.get("format")
    if name:
        if EXTENSIONS.get(name) not in offered:
            names = ", ".join(k for k, v in EXTENSIONS.items() if v in offered)
            raise HTTPException(400, f"format must be one of {names}")
        return EXTENSIONS[name]
    return conneg.choose(request.headers.get("accept"), offered)


def rdf_answer(triples: list, media_type: str, request: Request) -> Response:
    ext = next(k for k, v in EXTENSIONS.items() if v == media_type)
    links = ", ".join(f'<{request.url.path}?format={k}>; rel="alternate"; type="{v}"'
                      for k, v in EXTENSIONS.items() if v in RDF_TYPES)
    shown = shown_version(request)
    version = f"&{shown.query()}" if shown else ""
    headers = {"Vary": "Accept", "Content-Location": f"{request.url.path}?format={ext}{version}", "Link": links}
    return Response(serialize(triples, media_type), media_type=media_type, headers=headers)


@router.get("/id/{kind}/{slug}", summary="Dereference an entity IRI (Turtle, JSON-LD, RDF/XML, N-Triples; HTML: 303)")
def dereference(kind: str, slug: str, request: Request, store: VersionedStoreDep, settings: SettingsDep) -> Response:
    media_type = choose(request, [*RDF_TYPES, HTML])
    triples = describe(store, entity_iri(settings.base_iri, kind, slug))  # 404 when unknown
    if media_type == HTML:
        shown = shown_version(request)
        page = f"/entity/{kind}/{slug}" + (f"?{shown.query()}" if shown else "")
        return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
    return rdf_answer(triples, media_type, request)


@router.get("/ontology", summary="The ontology: Turtle, RDF/XML, N-Triples, JSON-LD, or the HTML reference")
def ontology(request: Request, store: VersionedStoreDep, settings: SettingsDep) -> Response:
    return ontology_answer(request, store, settings, None)


@router.get("/ontology/{path:path}", summary="A version or module of the ontology")
def ontology_part(path: str, request: Request, store: VersionedStoreDep, settings: SettingsDep) -> Response:
    parts = path.strip("/").split("/")
    if parts == [ONTOLOGY_VERSION]:
        return ontology_answer(request, store, settings, None)
    if parts[0] == "modules" and len(parts) in (2, 3) and (len(parts) == 2 or parts[2] == ONTOLOGY_VERSION):
        return ontology_answer(request, store, settings, parts[1])
    raise UnknownEntityError(f"{settings.base_iri}ontology/{path}")


def ontology_answer(request: Request, store: StoreDep, settings: SettingsDep, module: str | None) -> Response:
    docs = settings.project_dir / "docs" / "ontology" / "index.html"
    media_type = choose(request, [*RDF_TYPES, HTML] if docs.is_file() else RDF_TYPES)
    if media_type == HTML:
        return FileResponse(Path(docs), media_type="text/html", headers={"Vary": "Accept"})
    graphs = ontology_graphs(store, settings.base_iri, module)
    if not graphs:
        raise UnknownEntityError(f"{settings.base_iri}ontology/modules/{module}")
    return rdf_answer(graph_triples(store, graphs), media_type, request)


@router.get("/data/{name}", summary="The graph of one source document (its owl:Ontology header IRI)")
@router.get("/data/{name}/{version}", include_in_schema=False)
def data_graph(name: str, request: Request, store: StoreDep, settings: SettingsDep, version: str = "") -> Response:
    graph = graph_iri(settings.base_iri, name)
    if graph not in {info.iri for info in store.graphs()}:
        raise UnknownEntityError(f"{settings.base_iri}data/{name}")
    return rdf_answer(graph_triples(store, [graph]), choose(request, RDF_TYPES), request)


VOID_EXAMPLES = ("industry/hydrogen-energy", "measure/strengthen-application-scenario-pull",
                 "agency/provincial-department-of-science-and-technology",
                 "technology/hydrogen-production-from-seawater")


@router.get("/.well-known/void", summary="VoID/DCAT description of the dataset (Turtle, JSON-LD, RDF/XML, N-Triples)")
def void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    from api.routers.jsonld import dump_cache

    media_type = choose(request, RDF_TYPES)
    dumps = [dump.summary() for dump in dump_cache(request).all(store)]
    examples = [entity_prefix(settings.base_iri) + example for example in VOID_EXAMPLES]
    server = server_url(request, settings)
    triples = void_triples(store, settings.base_iri, server + "/", dumps, examples)
    triples += release_triples(releases(open_journal(settings, store)), settings.base_iri, server)
    return rdf_answer(triples, media_type, request)
