"""Pages for people: home, reading view, query editor, entity pages, targets timeline with each target's
progress (search: api/routers/search.py).

HTML is rendered from ``api/templates`` (Jinja2); CSS, JS and the vendored editor are served from
``api/static``. The language (zh or en) comes from ``?lang=``, then the ``lang`` cookie (set when
``?lang=`` is given, so the choice persists), then Accept-Language. Every page carries a CSP
without remote origins, ``X-Content-Type-Options`` and ``frame-ancestors 'none'``. The API docs
(``/docs``) use the vendored Swagger UI instead of FastAPI's CDN copy.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep
from api.graph_layout import lay_out
from api.html import (
    HERE,
    StaticAssets,
    chosen_language,
    page_link,
    render,
    serve_api_docs_locally,
)
from api.routers.queries import example_url
from api.versions import VersionedStoreDep
from kg.errors import excerpt
from kg.monitoring.chart import STATUS_LABELS, progress_chart
from kg.monitoring.progress import every_target_progress
from kg.query.named import Catalog
from kg.rdf.vocab import PREFIXES, entity_prefix
from kg.resources.comparison import compare_documents, resolve_documents
from kg.resources.entity_view import describe_entity
from kg.resources.kinds import kind_name, list_kind
from kg.resources.neighbourhood import neighbourhood
from kg.resources.reading import read_document
from kg.resources.views import is_iri, labels_of, milestones, summarise, targets
from kg.store.base import Store

router = APIRouter(tags=["pages"], include_in_schema=False)
QUERY_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in ("sh", "eli"))
MAX_LABEL_IRIS = 2000


def install(app: FastAPI) -> None:
    """Add the pages and the static assets to the app, and serve the API docs without a CDN."""
    app.include_router(router)
    app.mount("/static", StaticAssets(directory=HERE / "static"), name="static")
    serve_api_docs_locally(app)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: VersionedStoreDep, settings: SettingsDep) -> HTMLResponse:
    summary = summarise(store, settings.base_iri)
    catalog = Catalog(settings.project_dir / "queries")
    queries = [(query, example_url(query)) for query in catalog]
    kinds = [(kind, kind_name(kind), count) for kind, count in summary.kinds]
    return render(request, "home.html", {"summary": summary, "queries": queries, "kinds": kinds})


@router.get("/kinds/{kind}", response_class=HTMLResponse)
async def kind_page(request: Request, kind: str, store: VersionedStoreDep, settings: SettingsDep) -> HTMLResponse:
    """Every entity of one kind (all agencies, all technologies, …), in document order."""
    listing = await run_in_threadpool(list_kind, store, settings.base_iri, kind)
    if not listing.total:
        return render(request, "not_found.html", {"what": excerpt(kind)}, status_code=404)
    return render(request, "kind.html", {"listing": listing})


@router.get("/query", response_class=HTMLResponse)
def query_page(request: Request, settings: SettingsDep, store: VersionedStoreDep, query: str | None = None,
               example: str | None = None) -> HTMLResponse:
    del store  # resolved for the banner: with ?version= the page's queries run as of it (query.js)
    catalog = list(Catalog(settings.project_dir / "queries"))
    starter = ("SELECT ?agency ?agency_label WHERE {\n  ?c fikg:technology ?t ; fikg:agent ?agency .\n"
               "  ?t rdfs:label \"海水制氢\"@zh .\n  ?agency a org:Organization ; rdfs:label ?agency_label .\n"
               "  FILTER(LANG(?agency_label) = \"zh\")\n} GROUP BY ?agency ?agency_label ORDER BY ?agency_label")
    text = query or QUERY_PREFIXES + "\n" + starter
    return render(request, "query.html", {"query": text, "catalog": catalog, "example": example,
                                          "entity_prefix": entity_prefix(settings.base_iri)})


@router.post("/labels", openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"type": "array", "items": {"type": "string"}, "maxItems": MAX_LABEL_IRIS}}}}})
async def labels(request: Request, store: StoreDep, settings: SettingsDep,
                 lang: Annotated[str, Query(pattern="^(zh|en)$")] = "en") -> JSONResponse:
    """Labels (in ``lang``, else the other language) and page links of the IRIs a query returned.

    The body (a JSON list of at most :data:`MAX_LABEL_IRIS` IRIs, within the body cap) is parsed off
    the event loop, like everything else about the answer.
    """
    body = await request.body()  # within the cap: api.limits.RequestGuard
    return JSONResponse(await run_in_threadpool(label_links, store, settings.base_iri, body, lang))


def label_links(store: Store, base_iri: str, body: bytes, lang: str) -> dict[str, dict]:
    iris = requested_iris(body)
    found = labels_of(store, [iri for iri in iris if is_iri(iri)])
    prefix = entity_prefix(base_iri)
    return {iri: {"label": found[iri].get(lang), "lang": found[iri].lang_of(lang), "href": page_link(iri, prefix)}
            for iri in iris if iri in found}


def requested_iris(body: bytes) -> list[str]:
    """The IRIs a /labels body lists: 400 unless it is a JSON list of at most MAX_LABEL_IRIS strings."""
    try:
        iris = json.loads(body)
    except (ValueError, RecursionError):
        raise HTTPException(400, "send a JSON list of IRIs") from None
    if not isinstance(iris, list) or not all(isinstance(iri, str) for iri in iris):
        raise HTTPException(400, "send a JSON list of IRIs (strings)")
    if len(iris) > MAX_LABEL_IRIS:
        raise HTTPException(400, f"at most {MAX_LABEL_IRIS} IRIs at a time, not {len(iris)}")
    return iris


@router.get("/entity/{kind}/{slug}", response_class=HTMLResponse)
async def entity_page(request: Request, kind: str, slug: str, store: VersionedStoreDep,
                      settings: SettingsDep) -> HTMLResponse:
    view = await run_in_threadpool(describe_entity, store, settings.base_iri, kind, slug)
    if view is None:
        return render(request, "not_found.html", {"what": excerpt(f"{kind}/{slug}")}, status_code=404)
    graph = await run_in_threadpool(neighbourhood, store, view.resource.iri, settings.base_iri)
    prefix = entity_prefix(settings.base_iri)
    layout = lay_out(graph, chosen_language(request), lambda r: page_link(r, prefix))
    return render(request, "entity.html", {"view": view, "layout": layout})


@router.get("/read", response_class=HTMLResponse)
async def reading_page(request: Request, store: VersionedStoreDep, settings: SettingsDep) -> HTMLResponse:
    """The whole document, sentence by sentence under its headings, each sentence linked to what it states."""
    sections = await run_in_threadpool(read_document, store, settings.base_iri)
    summary = await run_in_threadpool(summarise, store, settings.base_iri)
    return render(request, "read.html", {"sections": sections, "documents": summary.documents})


@router.get("/targets", response_class=HTMLResponse)
def targets_page(request: Request, store: VersionedStoreDep, settings: SettingsDep) -> HTMLResponse:
    groups = targets(store, settings.base_iri)
    reports = every_target_progress(store, settings.project_dir / "queries")
    progress = {iri: (report, progress_chart(report)) for iri, report in reports.items()}
    return render(request, "targets.html", {"groups": groups, "years": list(range(2023, 2036)),
                                            "milestones": milestones(store, settings.base_iri),
                                            "progress": progress, "status_labels": STATUS_LABELS,
                                            "observed": any(report.series for report in reports.values())})


@router.get("/compare-documents", response_model=None)
def compare_page(request: Request, store: StoreDep, settings: SettingsDep,
                 documents: Annotated[str, Query(description="two to four documents, comma-separated: numbers "
                                                             "(文号), titles, CURIEs or IRIs")] = ""
                 ) -> HTMLResponse | JSONResponse:
    """Documents side by side: the industries, technologies, targets and agencies they share and their own.
    JSON with ``Accept: application/json`` or ``format=json``; with no documents, the form and every document."""
    wants_json = request.query_params.get("format") == "json" or "application/json" in request.headers.get(
        "accept", "").split(",")[0]
    if not documents.strip() and not wants_json:
        return render(request, "compare.html", {"comparison": None, "documents": summarise(
            store, settings.base_iri).documents, "asked": ""})
    names = [name for name in documents.replace("，", ",").split(",")]
    comparison = compare_documents(store, resolve_documents(store, names, settings.base_iri))
    if wants_json:
        return JSONResponse(comparison.as_json())
    return render(request, "compare.html", {"comparison": comparison, "documents": [], "asked": documents})


__all__ = ["install", "router"]
