"""Operator actions over HTTP: ``POST /admin/backup`` (what ``kg backup`` calls while a server runs).

RocksDB lets one process write a store, so while a server holds the published generation, only the
server can take a consistent backup of it (:func:`kg.store.backup.backup_store`). The caller names the
directory (absolute, absent or empty, on the server's machine); the answer is the backup's
manifest. The bearer token is the ``admin_token`` setting (``KG_ADMIN_TOKEN``), not a write token:
a backup writes files on the server. Without it, operator actions are off (403).
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep
from kg.store.backup import backup_store

router = APIRouter(prefix="/admin", tags=["operations"])


def require_admin(request: Request, settings: SettingsDep) -> None:
    """``Authorization: Bearer <admin_token>``: 401 without credentials, 403 with others or when unset."""
    if not settings.admin_token:
        raise HTTPException(403, "operator actions are disabled on this server (no admin token is configured)")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": 'Bearer realm="kg-admin"'})
    if not hmac.compare_digest(credentials.strip().encode("utf-8", "surrogateescape"),
                               settings.admin_token.encode("utf-8")):
        raise HTTPException(403, "the bearer token is not valid for operator actions")


AdminDep = Annotated[None, Depends(require_admin)]


@router.post("/backup", summary="Back up the published store (and the journal) into a directory on the server "
             "(admin token)", responses={403: {"description": "no admin token configured, or a wrong one"}})
async def backup(store: StoreDep, settings: SettingsDep, _admin: AdminDep,
                 directory: Annotated[str, Body(embed=True, max_length=4096)]) -> JSONResponse:
    target = Path(directory)
    if not target.is_absolute():
        raise HTTPException(400, "the directory must be an absolute path on the server")
    if store.path is None:
        raise HTTPException(409, "this server's store is not an on-disk embedded store: nothing to back up here")
    manifest = await run_in_threadpool(backup_store, store, target, settings)
    return JSONResponse({**manifest.__dict__, "directory": str(target)})
