"""The bearer token that guards writes (SPARQL Update, Graph Store PUT/POST/DELETE).

The token comes from the setting ``write_token`` (``KG_WRITE_TOKEN``); without one, writes are off.
Tokens are compared in constant time and never logged or echoed.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.deps import SettingsDep


def require_writer(request: Request, settings: SettingsDep) -> None:
    """Let the request through only with ``Authorization: Bearer <write token>``.

    401 without credentials (with a ``WWW-Authenticate`` challenge), 403 with wrong ones or when
    writes are off.
    """
    if not settings.write_token:
        raise HTTPException(403, "writes are disabled on this server (no write token is configured)")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise HTTPException(401, "a bearer token is required for writes",
                            headers={"WWW-Authenticate": 'Bearer realm="kg"'})
    if not hmac.compare_digest(credentials.strip().encode("utf-8"), settings.write_token.encode("utf-8")):
        raise HTTPException(403, "the bearer token is not valid for writes")


WriterDep = Annotated[None, Depends(require_writer)]
