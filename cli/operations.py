"""The operator's commands of the ``kg`` CLI: ``kg backup DIR`` and ``kg restore DIR``.

``kg backup`` copies the published store (and the journal, once there is one) with a manifest
(:mod:`kg.store.backup`). When no process holds the store it does so itself; while a server holds it
(RocksDB lets one process write a store), it asks that server to take the copy
(``POST /admin/backup`` with ``KG_ADMIN_TOKEN``), so the copy is consistent while writes go on.
``kg restore`` verifies a backup and publishes it as the store; it refuses to replace a store or a
journal without ``--force``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import httpx
import typer

from cli.terminal import console, errors, reports_errors, settings
from kg.errors import KgError
from kg.settings import Settings
from kg.store.backup import Manifest, backup_local, published_generation, store_in_use
from kg.store.backup import restore as run_restore

BACKUP_TIMEOUT = 3600.0  # seconds: checksumming a large store takes a while


@reports_errors
def backup(
    directory: Annotated[Path, typer.Argument(help="A new (or empty) directory for the backup.")],
    server: Annotated[str | None, typer.Option(help="URL of the server holding the store "
                                                    "(default: http://KG_HOST:KG_PORT).")] = None,
) -> None:
    """Back up the published store (and var/journal/) with a manifest; consistent while a server runs."""
    config = settings()
    target = directory.resolve()
    if store_in_use(published_generation(config)):
        manifest = backup_through_server(config, target, server or f"http://{config.host}:{config.port}")
    else:
        manifest = backup_local(config, target)
    _print_manifest("backed up", manifest, target)


@reports_errors
def restore(
    directory: Annotated[Path, typer.Argument(help="A directory made by `kg backup`.")],
    force: Annotated[bool, typer.Option(help="Replace the store (and the journal) that are there.")] = False,
) -> None:
    """Verify a backup and publish it as the store (a running server follows it)."""
    config = settings()
    manifest = run_restore(config, directory.resolve(), force=force)
    _print_manifest("restored", manifest, config.resolved_store_path)


def backup_through_server(config: Settings, target: Path, url: str) -> Manifest:
    """Ask the server that holds the store to back it up into ``target`` (on its machine)."""
    if not config.admin_token:
        raise KgError("a running server holds the store, so the server must take the backup: give it and this "
                      "command the same admin token (KG_ADMIN_TOKEN), or stop the server")
    try:
        response = httpx.post(f"{url.rstrip('/')}/admin/backup", json={"directory": str(target)},
                              headers={"Authorization": f"Bearer {config.admin_token}"}, timeout=BACKUP_TIMEOUT)
    except httpx.HTTPError as exc:
        raise KgError(f"a process holds the store but no server answers at {url} ({exc}): give its URL "
                      "with --server") from exc
    if response.status_code != 200:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        raise KgError(f"the server at {url} did not take the backup ({response.status_code}): {detail}")
    data = response.json()
    data.pop("directory", None)
    return Manifest(**data)


def _print_manifest(done: str, manifest: Manifest, where: Path | None) -> None:
    console.print(f"{done} generation {manifest.generation} of {manifest.created}: {manifest.quads} quads in "
                  f"{len(manifest.graphs)} graph(s), {manifest.journal_entries} journal entries → {where}",
                  soft_wrap=True)
    errors.print(f"checksum {manifest.checksum}")
