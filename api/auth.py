"""The bearer token that guards writes (SPARQL Update, Graph Store PUT/POST/DELETE).

Tokens come from the settings ``write_token`` (``KG_WRITE_TOKEN``, client name "default") and
``write_tokens`` (``KG_WRITE_TOKENS="name:token,name:token"``); without any, writes are off. The
dependency yields the client's name, which the audit (kg.audit) records with each write.
Tokens are compared in constant time and never logged or echoed.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.deps import SettingsDep


def require_writer(request: Request, settings: SettingsDep) -> str:
    """Let the request through only with ``Authorization: Bearer <a write token>``; the client's name.

    401 without credentials (with a ``WWW-Authenticate`` challenge), 403 with wrong ones or when
    writes are off. Every configured token is compared (in constant time), so timing tells nothing.
    """
    writers = settings.writers()
    if not writers:
        raise HTTPException(403, "writes are disabled on this server (no write token is configured)")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise HTTPException(401, "a bearer token is required for writes",
                            headers={"WWW-Authenticate": 'Bearer realm="kg"'})
    offered = credentials.strip().encode("utf-8", "surrogateescape")
    client = None
    for name, token in writers.items():
        if hmac.compare_digest(offered, token.encode("utf-8")) and client is None:
            client = name
    if client is None:
        raise HTTPException(403, "the bearer token is not valid for writes")
    request.scope["kg.client"] = client  # the request's log line names the writer (api.observability)
    return client


WriterDep = Annotated[str, Depends(require_writer)]
