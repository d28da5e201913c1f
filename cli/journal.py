"""The journal's commands of the ``kg`` CLI: ``kg journal`` lists changes, ``export`` and ``squash`` fold them.

``kg journal`` lists the journal's transactions (``--since`` a time or a transaction id, ``--client``):
each build's publication and each API change, with its id, time, client, operation and size.
``kg journal export`` writes what the API changes not yet folded into the sources add up to, as TriG
(:func:`kg.journal.folding.as_trig`), for an editor to move into ``data/``; ``kg journal squash`` then
marks them folded, so the next ``kg build`` no longer re-applies them. ``kg journal refill`` makes the
store again from the journal alone (:mod:`kg.refill`). ``kg release NAME --note TEXT`` names the current
version (:mod:`kg.journal.releases`), listed at /versions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.terminal import console, errors, progress_bar, reports_errors, settings
from kg.errors import KgError
from kg.journal import open_journal
from kg.journal.folding import as_trig, net_change, squash
from kg.journal.log import Entry
from kg.journal.rebuild import api_changes
from kg.journal.releases import release_head, releases
from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH, graph_iri

journal_app = typer.Typer(help="The journal of changes: list, export and squash the API writes.",
                          no_args_is_help=False)


@journal_app.callback(invoke_without_command=True)
@reports_errors
def journal(
    context: typer.Context,
    since: Annotated[str | None, typer.Option(help="Only changes after this transaction id, or from this "
                                                   "time on (ISO 8601).")] = None,
    client: Annotated[str | None, typer.Option(help="Only the changes of this client (token name).")] = None,
) -> None:
    """List the journal's changes: builds' publications and API writes."""
    if context.invoked_subcommand is not None:
        return
    entries = _selected(open_journal(settings()).entries(), since, client)
    table = Table("id", "time", "client", "operation", "added", "removed", "graphs")
    for entry in entries:
        table.add_row(entry.id, entry.time.isoformat(timespec="seconds"), entry.client, entry.operation,
                      str(entry.added), str(entry.removed), " ".join(entry.graphs))
    console.print(table)
    errors.print(f"{len(entries)} change(s)")


@journal_app.command("export")
@reports_errors
def export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the TriG here (default: stdout).")]
    = None,
) -> None:
    """Write the API changes not yet folded into the sources as TriG (removals as comments)."""
    config = settings()
    journal = open_journal(config)
    changes = api_changes(journal)
    added, removed = net_change(journal, changes, graph_iri(config.base_iri, INFERRED_GRAPH))
    text = as_trig(changes, added, removed)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    errors.print(f"{len(changes)} change(s): {len(added)} triple(s) added, {len(removed)} removed")


@journal_app.command("squash")
@reports_errors
def squash_command(
    upto: Annotated[str | None, typer.Option(help="Only the changes up to this transaction id.")] = None,
) -> None:
    """Mark the API changes as folded into data/: the next build no longer re-applies them."""
    journal = open_journal(settings())
    try:
        transaction = squash(journal, upto=upto)
    except KeyError:
        raise KgError(f"the journal has no transaction {upto}") from None
    if transaction is None:
        errors.print("no API change to fold")
        return
    console.print(f"folded {len(transaction.header('folded'))} change(s): {transaction.id}")


@journal_app.command("refill")
@reports_errors
def refill_command() -> None:
    """Make the store again from the journal alone (a lost on-disk store, a replaced remote engine)."""
    from kg.build.refill import refill

    with progress_bar() as progress:
        done = refill(settings(), progress=progress)
    console.print(f"refilled {done.quads} quads, the journal up to {done.transaction} → {done.location}",
                  soft_wrap=True)


def _selected(entries: list[Entry], since: str | None, client: str | None) -> list[Entry]:
    if since is not None:
        ids = [e.id for e in entries]
        if since in ids:
            entries = entries[ids.index(since) + 1:]
        else:
            try:
                moment = datetime.fromisoformat(since)
            except ValueError:
                raise KgError(f"--since: neither a transaction id of the journal nor an ISO time: {since!r}") from None
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            entries = [e for e in entries if e.time >= moment]
    return [e for e in entries if client is None or e.client == client]


@reports_errors
def release(
    name: Annotated[str, typer.Argument(help="The release's name, e.g. 2026.12 (letters, digits, '.', '_', '-').")],
    note: Annotated[str, typer.Option("--note", help="What the release brings (shown at /versions).")] = "",
) -> None:
    """Name the current version of the dataset (the journal's last change), with a note: see /versions."""
    config = settings()
    journal = open_journal(config)
    made = release_head(journal, name, note, graph_iri(config.base_iri, ONTOLOGY_GRAPH))
    first = releases(journal)[0].name == made.name
    ontology = ("; the first release: its ontology is owl:versionInfo " + made.name if first else
                "; the ontology changed since the previous release: owl:versionInfo " + made.name
                if made.ontology_changed else "; the ontology is unchanged")
    console.print(f"release {made.name}: change {made.change} ({made.time}){ontology}")
