"""What every request must satisfy before a route sees it, and reading media types and SPARQL text.

:class:`RequestGuard` wraps the whole application (inside CORS, so its refusals carry the CORS
headers) and answers in problem+json, before any route runs:

- 400 when the Host header cannot form a base IRI (the engine's IRI parser decides, through
  :func:`kg.sparql.screening.valid_iri`): the base of relative IRIs in queries and updates, and of the
  links pages and descriptions build, comes from it;
- 400 when the path or the query string is not UTF-8 once percent-decoded (instead of silently
  becoming U+FFFD in a named-query parameter, a search or a page path);
- 413 when a body is larger than ``settings.max_body_bytes``: at once for a declared
  ``Content-Length``, else as soon as the bytes read pass the cap, on every route that reads a body.

SPARQL text must be UTF-8 (:func:`decode_utf8`).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_body, problem_response
from kg.settings import Settings
from kg.sparql.screening import valid_iri


def media_type(request: Request) -> tuple[str, str | None]:
    """The request's media type (lower case, no parameters) and its charset parameter, if any."""
    kind, *params = request.headers.get("content-type", "").split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset


def decode_utf8(body: bytes, charset: str | None) -> str:
    """SPARQL text: UTF-8 only (415 for another declared charset, 400 for bytes that are not UTF-8)."""
    if charset not in (None, "utf-8", "utf8"):
        raise HTTPException(415, f"SPARQL text must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"the request body is not valid UTF-8: {exc}") from exc


def host_refusal(scope: Scope) -> str | None:
    """Why the request's Host header cannot give the base IRI, or None (no Host: the server's address)."""
    hosts = [value.decode("latin-1") for name, value in scope["headers"] if name.lower() == b"host"]
    if len(hosts) > 1:
        return "a request carries one Host header"
    if hosts and not _forms_base_iri(scope.get("scheme", "http"), hosts[0]):
        return "the Host header cannot form a base IRI"
    return None


@lru_cache(maxsize=64)  # clients repeat their Host header
def _forms_base_iri(scheme: str, host: str) -> bool:
    return valid_iri(f"{scheme}://{host}/")


class RequestGuard:
    """ASGI middleware: the Host header, UTF-8 in the URL and the body cap, for every route."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limit = settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self.refusal(scope)
        if refusal is not None:
            status, detail = refusal
            return await problem_response(problem_body(status, detail))(scope, receive, send)
        await self.app(scope, self.capped(receive), send)

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """(status, detail) for a request refused before any route sees it."""
        if (reason := host_refusal(scope)) is not None:
            return 400, reason
        for part, raw in (("path", scope.get("raw_path")), ("query string", scope.get("query_string"))):
            try:
                unquote_to_bytes(raw or b"").decode("utf-8")
            except UnicodeDecodeError:
                return 400, f"the {part} is not valid UTF-8 once percent-decoded"
        declared = next((value for name, value in scope["headers"] if name.lower() == b"content-length"), b"")
        if declared.isdigit() and int(declared) > self.limit:
            return 413, self.too_large
        return None

    @property
    def too_large(self) -> str:
        return f"the request body is larger than {self.limit} bytes"

    def capped(self, receive: Receive) -> Receive:
        """``receive`` that raises 413 (an HTTPException, answered by api/errors.py) past the cap."""
        size = 0

        async def receive_within_cap() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > self.limit:
                    raise HTTPException(413, self.too_large)
            return message

        return receive_within_cap
