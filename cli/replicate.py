"""``kg replicate URL``: follow a server's change feed into a local store (:mod:`kg.build.replication`).

The replica is a pyoxigraph store directory (``--store``, default ``var/replica``); beside it,
``<store>.replica.json`` keeps the feed's URL and the last change applied, so the next run resumes
there. ``--follow SECONDS`` keeps polling the feed's last page at that interval (Ctrl-C stops it; the
replica holds every change of the pages it finished). ``--to-sparql UPDATE_URL`` replicates into a SPARQL
1.1 Update endpoint instead (:func:`kg.build.replication.replicate_to_sparql`), the mark kept beside ``--store``.
No settings are read: only the feed is used.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import httpx
import typer

from cli.terminal import console, errors, reports_errors
from kg.build.replication import mark_path, replicate, replicate_to_sparql
from kg.errors import KgError


@reports_errors
def replicate_command(
    url: Annotated[str, typer.Argument(help="The server's base URL (its feed is URL/changes).")],
    store: Annotated[Path, typer.Option(help="The replica's store directory.")] = Path("var/replica"),
    follow: Annotated[float | None, typer.Option(help="Keep polling the feed every this many seconds.")] = None,
    to_sparql: Annotated[str | None, typer.Option(help="Replicate into this SPARQL 1.1 Update endpoint instead "
                                                       "(blank nodes skolemised); --store then names where the "
                                                       "mark is kept.")] = None,
) -> None:
    """Follow a server's change feed into a local store; resume where the last run stopped."""
    told = lambda n: errors.print(f"applied {n} change(s)")  # noqa: E731
    with httpx.Client(timeout=120, follow_redirects=True) as client:
        while True:
            try:
                if to_sparql is None:
                    run = replicate(client, url, store, on_page=told)
                else:
                    run = replicate_to_sparql(client, url, to_sparql, mark_path(store), on_page=told)
            except httpx.HTTPError as exc:
                raise KgError(f"the feed at {url} or the engine cannot be reached: {exc}") from exc
            console.print(f"{run.applied} change(s) applied in {run.pages} page(s); the replica holds "
                          f"{run.last or 'nothing yet'} ({to_sparql or store})", soft_wrap=True)
            if follow is None:
                return
            time.sleep(follow)
