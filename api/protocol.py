"""Reading SPARQL protocol requests: operation parameters from the URL and the body.

Query and update share the rules: GET carries everything in the URL; a URL-encoded POST carries
the operation in its body; a direct POST (``application/sparql-query`` or
``application/sparql-update``) is the operation itself, with dataset parameters in the URL.
Anything else is 415; a missing or repeated operation parameter is 400. A body larger than
:data:`INLINE_BODY_BYTES` is decoded and parsed in the thread pool, off the event loop.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api.limits import decode_utf8, media_type

FORM = "application/x-www-form-urlencoded"
INLINE_BODY_BYTES = 64 * 1024  # decoding this much takes well under a millisecond
Params = dict[str, list[str]]


def url_params(request: Request) -> Params:
    """The URL's query parameters (repeated names keep every value)."""
    return _parse(request.url.query)


async def protocol_params(request: Request, *, direct_type: str, operation: str) -> Params:
    """URL and body parameters of a POST; the direct body becomes the ``operation`` parameter."""
    params = url_params(request)
    kind, charset = media_type(request)
    if kind not in (FORM, direct_type):
        raise HTTPException(415, f"send {FORM} or {direct_type}, not {kind or 'no content type'}")
    body = await request.body()  # within the cap: api.limits.RequestGuard
    if len(body) > INLINE_BODY_BYTES:
        return await run_in_threadpool(_with_body, params, body, kind, charset, operation)
    return _with_body(params, body, kind, charset, operation)


def _with_body(params: Params, body: bytes, kind: str, charset: str | None, operation: str) -> Params:
    if kind == FORM:
        for name, values in _parse(decode_utf8(body, charset)).items():
            params.setdefault(name, []).extend(values)
    else:
        params.setdefault(operation, []).append(decode_utf8(body, charset))
    return params


def single(params: Params, name: str) -> str:
    """The one value of a required parameter (400 when it is missing or repeated)."""
    values = params.get(name, [])
    if not values:
        raise HTTPException(400, f"the '{name}' parameter is required")
    if len(values) > 1:
        raise HTTPException(400, f"exactly one '{name}' parameter is allowed, got {len(values)}")
    return values[0]


def _parse(text: str) -> Params:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"a parameter is not valid UTF-8: {exc}") from exc
