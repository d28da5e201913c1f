"""``kg observe load FILE``: load observations of the targets' indicators (CSV, or RDF Data Cube by extension).

All or nothing, as ``POST /observations``: a refused file names each bad row and stores nothing. When a server
holds the embedded store (RocksDB lets one process write it), or with ``--server``, the file is posted to that
server with the write token (``--token``, else ``KG_WRITE_TOKEN``); otherwise the store is opened here and the
rows go through the same write gate (SHACL, the journal) under the client name ``cli``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.text import Text

from cli.terminal import console, errors, reports_errors, settings
from kg.errors import KgError, ObservationError, RowProblem
from kg.rdf.formats import rdf_format
from kg.settings import Settings

observe_app = typer.Typer(help="Observations of the targets' indicators (target monitoring).", no_args_is_help=True)
POST_TIMEOUT = 600.0


@observe_app.command("load")
@reports_errors
def load(
    file: Annotated[Path, typer.Argument(help="CSV with columns target,date,value[,obs_status][,source] (or an "
                                              "RDF file of Data Cube observations: .jsonld, .ttl).")],
    server: Annotated[str | None, typer.Option(help="Post to this server instead of writing the store here.")] = None,
    token: Annotated[str | None, typer.Option(help="Write token for --server (default: KG_WRITE_TOKEN).")] = None,
) -> None:
    """Load observations, all or nothing; say what was created, replaced or unchanged."""
    config = settings()
    data = file.read_bytes()
    media_type = "text/csv" if file.suffix.lower() == ".csv" else _rdf_media_type(file)
    try:
        if server or _held_by_server(config):
            summary = _post(config, server or f"http://{config.host}:{config.port}", data, media_type, token)
        else:
            summary = _load_here(config, data, media_type)
    except ObservationError as exc:
        _print_problems(exc.problems, file)
        raise typer.Exit(1) from None
    console.print(f"{summary['rows']} row(s): {summary['created']} created, {summary['replaced']} replaced, "
                  f"{summary['unchanged']} unchanged ({summary['triples_added']} triples added, "
                  f"{summary['triples_removed']} removed)")


def _rdf_media_type(file: Path) -> str:
    fmt = rdf_format(file.suffix) if file.suffix else None
    if fmt is None:
        raise KgError(f"{file}: give a .csv file, or RDF (.jsonld, .ttl, .nt)")
    return fmt.media_type


def _held_by_server(config: Settings) -> bool:
    from kg.store.backup import published_generation, store_in_use

    if config.store != "embedded" or config.resolved_store_path is None:
        return False
    try:
        return store_in_use(published_generation(config))
    except KgError:
        return False


def _load_here(config: Settings, data: bytes, media_type: str) -> dict:
    from kg.monitoring.observations import load_observations
    from kg.monitoring.rows import read_csv, read_rdf
    from kg.query.executor import QueryExecutor
    from kg.store.live import open_store

    rows = read_csv(data.decode("utf-8")) if media_type == "text/csv" else read_rdf(data, media_type)
    with open_store(config) as store, QueryExecutor(config, workers=1) as executor:
        return load_observations(store, rows, config, executor=executor, client="cli").summary()


def _post(config: Settings, url: str, data: bytes, media_type: str, token: str | None) -> dict:
    token = token or config.write_token
    if not token:
        raise KgError("a server holds the store: give its write token (--token or KG_WRITE_TOKEN)")
    try:
        response = httpx.post(f"{url.rstrip('/')}/observations", content=data, timeout=POST_TIMEOUT,
                              headers={"Content-Type": media_type, "Authorization": f"Bearer {token}"})
    except httpx.HTTPError as exc:
        raise KgError(f"no server answers at {url} ({exc}): give its URL with --server") from exc
    body = response.json() if response.headers.get("content-type", "").endswith("json") else {}
    if response.status_code == 422 and "rows" in body:
        raise ObservationError([RowProblem(p.get("row"), p["reason"], p.get("line"), p.get("column"), p.get("node"))
                                for p in body["rows"]])
    if response.status_code != 200:
        raise KgError(f"the server at {url} refused the load ({response.status_code}): "
                      f"{body.get('detail', response.text[:500]) if body else response.text[:500]}")
    return body


def _print_problems(problems: list[RowProblem], file: Path) -> None:
    for p in problems:
        where = f"{file}:{p.line}" if p.line is not None else str(file)
        row = f" row {p.row}" if p.row is not None else f" {p.node}" if p.node else ""
        column = f" ({p.column})" if p.column else ""
        errors.print(Text.assemble((f"{where}{row}{column}: ", "bold"), p.reason), soft_wrap=True)
    errors.print(Text.assemble(("error: ", "bold red"), f"nothing was loaded: {len(problems)} row(s) refused"))

