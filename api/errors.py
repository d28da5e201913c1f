"""Every error answer in one format: RFC 9457 problem+json, from one table of error types to statuses.

- :class:`KgError`: the status from :data:`STATUS` (anything unmapped is a 500), the class as title;
- ``HTTPException``, ours and Starlette's (404 for an unknown path, 405 with ``Allow``): its status,
  the reason phrase as title, its headers kept;
- a request that does not match a route's declared parameters: 400 naming where and what, never
  the input (FastAPI's own answer copies the input back);
- anything else: 500 without internals (the traceback goes to the log);
- a remote engine that is down (:class:`RemoteUnavailableError`): 503 with ``Retry-After`` and the
  friendly outage page for pages (:mod:`api.unavailable`); no answer ever names the engine's address.

Every answer is made by :func:`error_answer` (the exception handlers and the /sparql fast path call
it); every problem body carries the request's id (``request_id``, as in ``X-Request-ID``), and a 500
from a :class:`KgError` is logged once with its cause.

Two answers are not problem+json: a refused write's 422 carries the SHACL report in the format
the client accepts (Turtle, JSON-LD or problem+json), and the HTML pages (and unknown paths asked
for in HTML) get the HTML error page. Every ``detail`` is shortened (:func:`kg.errors.shorten`):
an error quotes at most an excerpt of what the client sent.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from api.conneg import negotiate
from api.html import error_page
from api.request_context import current_request_id
from api.unavailable import OUTAGE_DETAIL, OUTAGE_HEADERS, outage_page
from kg.errors import (
    ForbiddenOperationError,
    KgError,
    LoadError,
    ObservationError,
    QueryEvaluationError,
    QueryParameterError,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeoutError,
    QueryTooComplexError,
    RemoteUnavailableError,
    StoreError,
    UnknownChangeError,
    UnknownEntityError,
    UnknownQueryError,
    UnknownVersionError,
    UpdateError,
    ValidationError,
    WriteTimeoutError,
    excerpt,
    shorten,
)

log = logging.getLogger("api.errors")
PROBLEM = "application/problem+json"
STATUS: dict[type[KgError], int] = {
    UnknownQueryError: 404,
    UnknownEntityError: 404,
    UnknownChangeError: 404,
    UnknownVersionError: 404,
    QueryTooComplexError: 400,  # a structural limit (kg.sparql.limits); the detail names its setting
    QuerySyntaxError: 400,
    QueryParameterError: 400,
    QueryEvaluationError: 400,  # the engine refused to evaluate what the client wrote
    ForbiddenOperationError: 403,
    UpdateError: 400,
    LoadError: 400,
    ValidationError: 422,
    ObservationError: 422,  # rows of observations refused: each with its row and reason
    WriteTimeoutError: 503,  # a write stopped at update_timeout: nothing changed, try again later
    QueryTimeoutError: 503,
    QueryResourceError: 507,  # the result or the work it needs is over a limit (RFC 4918: Insufficient Storage)
    RemoteUnavailableError: 503,  # before StoreError: the first match wins
    StoreError: 500,
}
_ERRORS_LISTED = 5  # request validation errors named in one detail
_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def status_for(exc: KgError) -> int:
    """The HTTP status for an error; anything unmapped is a 500."""
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 500)


def problem_body(status: int, detail: str, title: str | None = None) -> dict:
    """The problem+json members every error answer has (the title defaults to the reason phrase), with
    the id of the request being answered (:mod:`api.request_context`; also its ``X-Request-ID`` header)."""
    body: dict = {"title": title or HTTPStatus(status).phrase, "status": status, "detail": shorten(detail)}
    if (request_id := current_request_id()) is not None:
        body["request_id"] = request_id
    return body


def problem(exc: KgError, detail: str | None = None) -> dict:
    """The problem+json body for an error (its message, or ``detail``), with position and suggestions where known."""
    body = problem_body(status_for(exc), str(exc) if detail is None else detail, type(exc).__name__)
    for attribute in ("line", "column"):
        value = getattr(exc, attribute, None)
        if value is not None:
            body[attribute] = value
    if isinstance(exc, UnknownEntityError):
        if exc.parameter is not None:
            body["parameter"] = exc.parameter
        body["suggestions"] = [{"label": excerpt(s.label), "iri": s.iri, "value": excerpt(s.value), "kind": s.kind}
                               for s in exc.suggestions]
    if isinstance(exc, ObservationError):
        body["rows"] = [{key: value for key, value in (("row", p.row), ("line", p.line), ("column", p.column),
                                                       ("node", p.node and excerpt(p.node)),
                                                       ("reason", shorten(p.reason))) if value is not None}
                        for p in exc.problems[:100]]
    if isinstance(exc, ValidationError):
        body["violations"] = [
            {"focus": r.focus, "path": r.path, "value": r.value and excerpt(r.value), "shape": r.shape,
             "severity": r.severity, "message": shorten(r.message())} for r in getattr(exc.report, "results", [])]
    return body


def problem_response(body: dict, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM, headers=headers)


# The SHACL report of a refused write: the spec's sh:ValidationReport graph, or problem+json.
REPORT_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", PROBLEM: None, "application/json": None}


def validation_answer(request: Request, exc: ValidationError) -> Response:
    """422 with the report in the format the client accepts (Turtle when it accepts anything)."""
    chosen = negotiate(request.headers.get("accept"), list(REPORT_TYPES)) or PROBLEM
    syntax = REPORT_TYPES[chosen]
    graph = getattr(exc.report, "graph", None)
    if syntax is None or graph is None:
        return problem_response(problem(exc), {"Vary": "Accept"})
    return Response(graph.serialize(format=syntax), status_code=422, media_type=chosen, headers={"Vary": "Accept"})


def wants_html(request: Request) -> bool:
    """Whether the error page is the answer: a page (or an unknown path) asked for in HTML."""
    route = request.scope.get("route")
    if route is not None and getattr(route, "response_class", None) is not HTMLResponse:
        return False
    return negotiate(request.headers.get("accept"), [PROBLEM, "application/json", "text/html"]) == "text/html"


def answer(request: Request, body: dict, headers: dict[str, str] | None = None) -> Response:
    """The error answer: the HTML error page for pages, problem+json otherwise."""
    if wants_html(request):
        return error_page(request, body["status"], body["detail"], headers)
    return problem_response(body, headers)


def http_detail(request: Request, exc: HTTPException, headers: dict[str, str]) -> str:
    """An HTTPException's detail, or for Starlette's bare 404 and 405 one that says what to do."""
    if exc.detail != HTTPStatus(exc.status_code).phrase:
        return str(exc.detail)
    if exc.status_code == 404:
        return "nothing is served at this path (the API is described at /docs)"
    if exc.status_code == 405:
        return f"{request.method} is not allowed here; allowed: {headers['Allow']}"
    return str(exc.detail)


def allowed_methods(request: Request) -> str:
    """Every method some route takes at this path (Starlette's 405 names only the first route's)."""
    routes = request.app.router.routes
    return ", ".join(method for method in _METHODS if any(
        route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes))


def validation_detail(exc: RequestValidationError) -> str:
    """Where and what is wrong in a request, from FastAPI's error list, without the input it holds."""
    errors = exc.errors()
    named = [f"{'.'.join(str(part) for part in error.get('loc', ()))}: {error.get('msg', 'invalid')}"
             for error in errors[:_ERRORS_LISTED]]
    more = f" (and {len(errors) - _ERRORS_LISTED} more)" if len(errors) > _ERRORS_LISTED else ""
    return "the request does not match this route: " + "; ".join(named) + more


def internal_error_body() -> dict:
    """The answer to an unexpected error: no internals (the traceback goes to the server's log)."""
    return problem_body(500, "the server failed to answer this request (its log says why)")


def error_answer(request: Request, exc: Exception) -> Response:
    """The answer to an error raised while answering ``request``: every error answer is made here (the
    handlers :func:`install` registers, and the /sparql fast path, which runs outside them)."""
    if isinstance(exc, ValidationError):
        return validation_answer(request, exc)
    if isinstance(exc, RemoteUnavailableError):  # never the engine's address: the log has it (kg.remote_health)
        return outage_page(request) if wants_html(request) else \
            problem_response(problem_body(503, OUTAGE_DETAIL, type(exc).__name__), OUTAGE_HEADERS)
    if isinstance(exc, KgError):
        detail, settings = str(exc), getattr(request.app.state, "settings", None)
        if settings is not None and settings.store == "remote":
            detail = without_engine_address(detail, settings)  # before shortening, which could cut a URL
        body = problem(exc, detail)
        if body["status"] == 500:  # logged here, with its cause, and not again by the request observer
            log.error("request %s: %s: %s", body.get("request_id"), type(exc).__name__, exc)
            request.scope["kg.error_logged"] = True
        return answer(request, body)
    if isinstance(exc, HTTPException):
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers = {**{k: v for k, v in headers.items() if k.lower() != "allow"}, "Allow": allowed_methods(request)}
        return answer(request, problem_body(exc.status_code, http_detail(request, exc, headers)), headers)
    if isinstance(exc, RequestValidationError):
        return answer(request, problem_body(400, validation_detail(exc)))
    return problem_response(internal_error_body())  # raised on by its caller: the request observer logs it


def without_engine_address(text: str, settings: object) -> str:
    """``text`` without the remote engine's URLs (answers never name the internal engine; the log does)."""
    for url in (getattr(settings, name, None) for name in ("remote_query_url", "remote_update_url",
                                                           "remote_store_url")):
        if url:
            text = text.replace(f"the remote SPARQL engine at {url}", "the SPARQL engine").replace(url, "(engine)")
    return text


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into its HTTP answer."""

    @app.exception_handler(KgError)
    async def kg_error(request: Request, exc: KgError) -> Response:
        return error_answer(request, exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_answer(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return error_answer(request, exc)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        return error_answer(request, exc)  # Starlette raises it on after: the request observer logs it
