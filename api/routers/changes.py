"""The change feed: GET /changes (RDF Patch, paged), /changes/{id} (one change), /changes/ldes (LDES).

Pages come from :mod:`kg.journal.feed`: ``?after=<id>`` gives what follows that change, ``?limit=`` at
most that many changes (up to the setting ``feed_page_changes``). A complete page never changes: a
strong ``ETag`` and ``Cache-Control: public, max-age=31536000, immutable``; the last, still-growing
page ``no-cache`` with its ETag, so a poller gets ``304`` until something new is journaled. Every
non-empty page links the next one (``Link: <…?after=<last>>; rel="next"``). The same pages as a
Linked Data Event Stream are at /changes/ldes (:mod:`kg.journal.ldes`). Nothing here writes.
"""

from __future__ import annotations

import hashlib
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response

from api.conneg import choose
from api.deps import SettingsDep, StoreDep
from api.server_url import server_url
from kg.journal import MEDIA_TYPE, open_journal
from kg.journal.feed import FeedPage, change, feed_page, page_text
from kg.journal.ldes import LDES_TYPES, stream_document
from kg.settings import Settings

router = APIRouter(prefix="/changes", tags=["change feed"])

IMMUTABLE = "public, max-age=31536000, immutable"
AfterQuery = Annotated[str | None, Query(description="only the changes after this change id (`H id`)")]
LimitQuery = Annotated[int | None, Query(ge=1, description="at most this many changes (up to the server's page size)")]


@router.get("", summary="Every change since the first publication, in journal order, as RDF Patch (paged)")
@router.head("", include_in_schema=False)
def changes(request: Request, store: StoreDep, settings: SettingsDep, after: AfterQuery = None,
            limit: LimitQuery = None) -> Response:
    page = _page(store, settings, after, limit)
    headers = _page_headers(request, settings, page, "/changes")
    if _not_modified(request, page.etag):
        return Response(status_code=304, headers=headers)
    return _answer(request, page_text(open_journal(settings, store), page), MEDIA_TYPE, headers)


@router.get("/ldes", summary="The change feed as a Linked Data Event Stream (JSON-LD or Turtle)")
@router.head("/ldes", include_in_schema=False)
def ldes(request: Request, store: StoreDep, settings: SettingsDep, after: AfterQuery = None,
         limit: LimitQuery = None) -> Response:
    chosen = choose(request.headers.get("accept"), LDES_TYPES)
    page = _page(store, settings, after, limit)
    base = server_url(request, settings)  # the document names the server's own IRIs: its bytes depend on them
    tag = hashlib.sha256(f"{page.etag} {base} {chosen}".encode()).hexdigest()[:40]
    headers = {**_page_headers(request, settings, page, "/changes/ldes"), "Vary": "Accept", "ETag": f'"{tag}"'}
    if _not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return _answer(request, stream_document(open_journal(settings, store), page, base, chosen), chosen, headers)


@router.get("/{id}", summary="One change, as RDF Patch")
def one_change(id: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    journal = open_journal(settings, store)
    entry = change(journal, id)  # UnknownChangeError: 404
    etag = FeedPage(None, 1, (entry,), True).etag
    headers = {"ETag": etag, "Cache-Control": IMMUTABLE}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(journal.text([entry]), media_type=MEDIA_TYPE, headers=headers)


def _page(store: object, settings: Settings, after: str | None, limit: int | None) -> FeedPage:
    size = min(limit or settings.feed_page_changes, settings.feed_page_changes)
    return feed_page(open_journal(settings, store), after=after or None, limit=size,  # `?after=`: the start
                     max_bytes=settings.feed_page_bytes)


def _page_headers(request: Request, settings: Settings, page: FeedPage, path: str) -> dict[str, str]:
    headers = {"ETag": page.etag, "Cache-Control": IMMUTABLE if page.complete else "no-cache"}
    if page.last is not None:
        query = {"after": page.last, **({"limit": str(page.limit)} if "limit" in request.query_params else {})}
        headers["Link"] = f'<{server_url(request, settings)}{path}?{urlencode(query)}>; rel="next"'
    return headers


def _answer(request: Request, body: bytes, media_type: str, headers: dict[str, str]) -> Response:
    """The page, or for HEAD its headers alone (with the length GET would send)."""
    if request.method == "HEAD":
        return Response(b"", media_type=media_type, headers={**headers, "Content-Length": str(len(body))})
    return Response(body, media_type=media_type, headers=headers)


def _not_modified(request: Request, etag: str) -> bool:
    asked = request.headers.get("if-none-match")
    return asked is not None and (asked.strip() == "*" or etag in [t.strip() for t in asked.split(",")])
