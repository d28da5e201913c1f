"""What the service says while the remote SPARQL engine is down: a page for people, a problem for programs.

A remote SPARQL engine that is down (:class:`~kg.errors.RemoteUnavailableError`) gets a friendly
503 page on the pages (zh or en, by the pages' language rule) and a problem+json 503 on the APIs
(:func:`api.errors.error_answer` chooses, as for every error), both with ``Retry-After``; neither
names the engine or its address (the server's log does, once: :mod:`kg.store.remote_health`).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from api import html

OUTAGE_RETRY_AFTER = 30  # seconds: the readiness monitor asks the engine every few seconds
OUTAGE_DETAIL = "the database behind this service is unreachable right now; please try again shortly"
OUTAGE_HEADERS = {"Retry-After": str(OUTAGE_RETRY_AFTER)}


def outage_page(request: Request) -> HTMLResponse:
    """The friendly 503 page (it tells people to reload; nothing was changed), never cached."""
    response = html.render(request, "unavailable.html", {}, status_code=503)
    response.headers.update({**OUTAGE_HEADERS, "Cache-Control": "no-store"})
    return response


__all__ = ["OUTAGE_DETAIL", "OUTAGE_HEADERS", "OUTAGE_RETRY_AFTER", "outage_page"]
