"""Request-body limits and decoding: bodies larger than ``settings.max_body_bytes`` are refused
(413) before they are read in full, and SPARQL text must be UTF-8."""

from __future__ import annotations

from fastapi import HTTPException, Request

from kg.settings import Settings


async def read_body(request: Request, settings: Settings) -> bytes:
    """The request body, or 413 as soon as it is known to exceed the cap."""
    limit = settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


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
