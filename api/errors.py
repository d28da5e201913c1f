"""One table from error types to HTTP answers (RFC 9457 problem+json)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from api.conneg import negotiate
from api.unavailable import outage_answer
from kg.errors import (
    ForbiddenOperationError,
    KgError,
    LoadError,
    QueryParameterError,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeoutError,
    RemoteUnavailableError,
    StoreError,
    UnknownEntityError,
    UnknownQueryError,
    UpdateError,
    ValidationError,
)

log = logging.getLogger("api.errors")

STATUS: dict[type[KgError], int] = {
    UnknownQueryError: 404,
    UnknownEntityError: 404,
    QuerySyntaxError: 400,
    QueryParameterError: 400,
    ForbiddenOperationError: 403,
    UpdateError: 400,
    LoadError: 400,
    ValidationError: 422,
    QueryTimeoutError: 503,
    QueryResourceError: 507,  # the result or the work it needs is over a limit (RFC 4918: Insufficient Storage)
    RemoteUnavailableError: 503,  # before StoreError: the first match wins
    StoreError: 500,
}


def status_for(exc: KgError) -> int:
    """The HTTP status for an error; anything unmapped is a 500."""
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 500)


def problem(exc: KgError) -> dict:
    """The problem+json body for an error, with position and suggestions where known."""
    status = status_for(exc)
    body: dict = {"title": type(exc).__name__, "status": status, "detail": str(exc)}
    for attribute in ("line", "column"):
        value = getattr(exc, attribute, None)
        if value is not None:
            body[attribute] = value
    if isinstance(exc, UnknownEntityError):
        body["suggestions"] = exc.suggestions
    if isinstance(exc, ValidationError):
        body["violations"] = [
            {"focus": r.focus, "path": r.path, "value": r.value, "shape": r.shape, "severity": r.severity,
             "message": r.message()} for r in getattr(exc.report, "results", [])]
    return body


# The SHACL report of a refused write: the spec's sh:ValidationReport graph, or problem+json.
REPORT_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                "application/problem+json": None, "application/json": None}


def validation_answer(request: Request, exc: ValidationError) -> Response:
    """422 with the report in the format the client accepts (Turtle when it accepts anything)."""
    chosen = negotiate(request.headers.get("accept"), list(REPORT_TYPES)) or "application/problem+json"
    syntax = REPORT_TYPES[chosen]
    graph = getattr(exc.report, "graph", None)
    if syntax is None or graph is None:
        return JSONResponse(problem(exc), status_code=422, media_type="application/problem+json",
                            headers={"Vary": "Accept"})
    return Response(graph.serialize(format=syntax), status_code=422, media_type=chosen, headers={"Vary": "Accept"})


def error_answer(request: Request, exc: KgError) -> Response:
    """The HTTP answer for an error: problem+json with the request's id (a 500 is logged with its cause);
    the SHACL report for a refused write; the outage page or problem for a remote engine that is down."""
    if isinstance(exc, RemoteUnavailableError):
        return outage_answer(request)
    if isinstance(exc, ValidationError):
        return validation_answer(request, exc)
    body, status = problem(exc), status_for(exc)
    settings = getattr(request.app.state, "settings", None)
    if settings is not None and settings.store == "remote":
        body["detail"] = without_engine_address(body["detail"], settings)
    request_id = request.scope.get("kg.request_id")
    if request_id:
        body["request_id"] = request_id
    if status == 500:
        log.error("request %s: %s: %s", request_id, type(exc).__name__, exc)
        request.scope["kg.error_logged"] = True
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def without_engine_address(text: str, settings: object) -> str:
    """``text`` without the remote engine's URLs (answers never name the internal engine; the log does)."""
    for url in (getattr(settings, name, None) for name in ("remote_query_url", "remote_update_url",
                                                           "remote_store_url")):
        if url:
            text = text.replace(f"the remote SPARQL engine at {url}", "the SPARQL engine").replace(url, "(engine)")
    return text


def install(app: FastAPI) -> None:
    """Register the handler that turns every KgError into its HTTP answer."""

    @app.exception_handler(KgError)
    async def kg_error(request: Request, exc: KgError) -> Response:
        return error_answer(request, exc)
