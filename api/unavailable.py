"""Answers for when the service cannot answer: a page for people, problem+json for programs.

A remote SPARQL engine that is down (:class:`~kg.errors.RemoteUnavailableError`) gets a friendly
503 page on the pages (zh or en, by the pages' language rule) and a problem+json 503 on the APIs,
both with ``Retry-After``; neither names the engine or its address (the server's log does, once:
:mod:`kg.remote_health`). ``GET /readyz`` answers its 503 with :func:`unavailable_problem` too.
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from api.routers import pages

OUTAGE_RETRY_AFTER = 30  # seconds: the readiness monitor asks the engine every few seconds
OUTAGE_DETAIL = "the database behind this service is unreachable right now; please try again shortly"


def unavailable_problem(request: Request, detail: str, retry_after: int,
                        title: str = "Service Unavailable") -> Response:
    """A 503 problem+json with ``Retry-After`` and the request's id."""
    body = {"title": title, "status": 503, "detail": detail}
    request_id = request.scope.get("kg.request_id")
    if request_id:
        body["request_id"] = request_id
    return JSONResponse(body, status_code=503, media_type="application/problem+json",
                        headers={"Retry-After": str(retry_after)})


def outage_answer(request: Request) -> Response:
    """The answer while the remote engine is down: the page for a page route, else problem+json."""
    if "pages" in getattr(request.scope.get("route"), "tags", ()):
        response = pages.render(request, "unavailable.html", {}, status_code=503)
        response.headers["Retry-After"] = str(OUTAGE_RETRY_AFTER)
        response.headers["Cache-Control"] = "no-store"
        return response
    return unavailable_problem(request, OUTAGE_DETAIL, OUTAGE_RETRY_AFTER, title="RemoteUnavailableError")


__all__ = ["OUTAGE_DETAIL", "outage_answer", "unavailable_problem"]
