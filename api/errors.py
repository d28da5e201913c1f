"""One table from error types to HTTP answers (RFC 9457 problem+json)."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from api.conneg import negotiate
from kg.errors import (
    ForbiddenOperationError,
    KgError,
    LoadError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    QueryTooComplexError,
    RemoteUnavailableError,
    StoreError,
    UnknownEntityError,
    UnknownQueryError,
    UpdateError,
    ValidationError,
)

STATUS: dict[type[KgError], int] = {
    UnknownQueryError: 404,
    UnknownEntityError: 404,
    QueryTooComplexError: 400,  # a structural limit (kg.sparql.limits); the detail names its setting
    QuerySyntaxError: 400,
    QueryParameterError: 400,
    ForbiddenOperationError: 403,
    UpdateError: 400,
    LoadError: 400,
    ValidationError: 422,
    QueryTimeoutError: 503,
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


def install(app: FastAPI) -> None:
    """Register the handler that turns every KgError into its HTTP answer."""

    @app.exception_handler(KgError)
    async def kg_error(request: Request, exc: KgError) -> Response:
        if isinstance(exc, ValidationError):
            return validation_answer(request, exc)
        return JSONResponse(problem(exc), status_code=status_for(exc), media_type="application/problem+json")
