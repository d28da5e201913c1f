"""Search and autocomplete over names and every sentence of the document (:mod:`kg.resolution.search`).

``GET /search?q=…&kind=…&limit=…`` answers JSON (``Accept: application/json`` or ``format=json``) or
the search page (``text/html``, and ``*/*`` as before): each hit with the entity's IRI, kind, zh/en
labels, the text that matched and its tier (exact label > label containing the query > altLabel >
sentence); a sentence hit adds the sentence's IRI and the entities it states facts about.
``GET /search/suggest?q=…`` is the search box's autocomplete: up to ten entities a name (or a word
or segment of one) of which starts with ``q``, each with the link to its page. The index is built
off the event loop, once per data version; a search runs in a worker thread, a suggestion (a
prefix read) on the loop.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.conneg import negotiate
from api.deps import SettingsDep, StoreDep
from api.html import chosen_language, page_link, render
from kg.rdf.vocab import entity_prefix
from kg.resolution import PARAMETER_KINDS
from kg.resolution.search import MAX_LIMIT, MAX_SUGGESTIONS, Hit, SearchIndex, search_index_async

router = APIRouter(tags=["search"])
MAX_QUERY = 200
PAGE_LIMIT = 50


def _checked_kind(index: SearchIndex, kind: str | None) -> str | None:
    """``kind`` if it names something searchable (a parameter kind, an IRI kind, ``sentence``); else 400."""
    if kind is None or kind == "":
        return None
    known = sorted({*PARAMETER_KINDS, *index.labels.kinds(), "sentence"})
    if kind not in known:
        raise HTTPException(400, f"unknown kind {kind!r}; one of: {', '.join(known)}")
    return kind


def _hit_json(hit: Hit, index: SearchIndex, prefix: str) -> dict:
    body = {"iri": hit.iri, "kind": hit.kind, "labels": hit.labels, "matched": hit.matched, "tier": hit.tier,
            "rank": hit.rank, "href": page_link(hit.iri, prefix)}
    if hit.sentence is not None:
        entries = index.labels.entries
        body["sentence"] = hit.sentence
        body["entities"] = [{"iri": iri, "kind": entries[iri].kind, "labels": _labels(index, iri),
                             "href": page_link(iri, prefix)} for iri in hit.entities]
    return body


def _labels(index: SearchIndex, iri: str) -> dict[str, str]:
    entry = index.labels.entries[iri]
    return {lang: entry.label(lang) for lang in ("zh", "en")
            if any(n.source == "label" and n.lang == lang for n in entry.names)}


@router.get("/search", response_class=HTMLResponse,  # so a browser's error on it is a page (api.errors)
            responses={200: {"content": {"application/json": {}, "text/html": {}}}})
async def search(request: Request, store: StoreDep, settings: SettingsDep,
                 q: str = Query("", max_length=MAX_QUERY), kind: str | None = Query(None, max_length=40),
                 limit: int | None = Query(None, ge=1, le=MAX_LIMIT),
                 format: Literal["json", "html"] | None = None) -> Response:
    """Entities and sentences matching ``q`` (Chinese, English or both), best first: JSON for
    ``Accept: application/json`` or ``format=json``, else the search page."""
    index = await search_index_async(store, settings.base_iri)
    wanted = _checked_kind(index, kind)
    html = format == "html" or (format is None and negotiate(
        request.headers.get("accept"), ["text/html", "application/json"]) == "text/html")
    count = limit or (PAGE_LIMIT if html else 10)
    hits = await run_in_threadpool(index.search, q, wanted, count) if q.strip() else []
    prefix = entity_prefix(settings.base_iri)
    if html:
        rows = [_hit_json(hit, index, prefix) for hit in hits]
        return render(request, "search.html", {"q": q, "kind": wanted, "hits": rows})
    return JSONResponse({"query": q, "kind": wanted, "hits": [_hit_json(hit, index, prefix) for hit in hits]},
                        headers={"Vary": "Accept"})


@router.get("/search/suggest")
async def suggest(request: Request, store: StoreDep, settings: SettingsDep,
                  q: str = Query("", max_length=MAX_QUERY), kind: str | None = Query(None, max_length=40),
                  limit: int = Query(MAX_SUGGESTIONS, ge=1, le=MAX_SUGGESTIONS)) -> JSONResponse:
    """Autocomplete: up to ten entities one of whose names (or a word of one) starts with ``q``."""
    index = await search_index_async(store, settings.base_iri)
    hits = index.suggest(q, _checked_kind(index, kind), limit)
    lang = chosen_language(request)
    other = "en" if lang == "zh" else "zh"
    prefix = entity_prefix(settings.base_iri)
    return JSONResponse([{"iri": h.iri, "href": page_link(h.iri, prefix), "kind": h.kind, "labels": h.labels,
                          "label": h.labels.get(lang) or h.labels.get(other) or h.matched,
                          "lang": lang if lang in h.labels else other, "other": h.labels.get(other),
                          "matched": h.matched, "tier": h.tier} for h in hits])

