"""Where clients reach this server: the one answer every route that writes its own URLs uses.

A document that names the server's own IRIs (a JSON-LD ``@context``, the feed's ``Link: rel=next``, an
LDES page, the VoID description) must name the URL clients use, which behind a proxy is not the one
the request came to: the setting ``base_url`` (``KG_BASE_URL``) says it; without it, the request's own
base URL is used. Always without a trailing slash, so a path is appended as ``f"{server}/changes"``.
"""

from __future__ import annotations

from starlette.requests import Request

from kg.settings import Settings


def server_url(request: Request, settings: Settings) -> str:
    """``KG_BASE_URL`` (setting ``base_url``), else the URL the request came to; no trailing slash."""
    return (settings.base_url or str(request.base_url)).rstrip("/")


__all__ = ["server_url"]
