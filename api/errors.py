"""One table from error types to HTTP answers (RFC 9457 problem+json)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kg.errors import (
    ForbiddenOperationError,
    KgError,
    LoadError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    RemoteUnavailableError,
    StoreError,
    UnknownEntityError,
    UnknownQueryError,
    ValidationError,
)

STATUS: dict[type[KgError], int] = {
    UnknownQueryError: 404,
    UnknownEntityError: 404,
    QuerySyntaxError: 400,
    QueryParameterError: 400,
    ForbiddenOperationError: 403,
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
    return body


def install(app: FastAPI) -> None:
    """Register the handler that turns every KgError into its HTTP answer."""

    @app.exception_handler(KgError)
    async def kg_error(request: Request, exc: KgError) -> JSONResponse:
        return JSONResponse(problem(exc), status_code=status_for(exc), media_type="application/problem+json")
