"""The ``kg`` command line: build, query, export, stats, validate, serve, ingest (and, registered by the modules
beside it: journal, reason, profile, backup, restore, replicate, observe)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli import journal as cli_journal
from cli import observe as cli_observe
from cli import ontology as cli_ontology
from cli import operations as cli_operations
from cli import replicate as cli_replicate
from cli.render import compact_iri, rows_table
from cli.terminal import console, errors, progress_bar, reports_errors, settings
from kg.build.pipeline import build as run_build
from kg.errors import KgError, LoadError, UnknownQueryError
from kg.query.named import Catalog
from kg.rdf.formats import RDF_FORMATS, RESULT_FORMATS
from kg.settings import Settings
from kg.sparql.prologue import check_query, declare_project_prefixes, project_prefixes
from kg.store.base import QueryResult, Store
from kg.store.live import open_store, store_exists

app = typer.Typer(help="Future Industries Knowledge Graph: build, query and serve the policy graph.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)


@app.command()
@reports_errors
def build(
    validate: Annotated[bool, typer.Option(help="Run the SHACL gate before publishing.")] = True,
) -> None:
    """Read ontology/ and data/, validate, and publish a fresh store atomically."""
    config = settings().with_(validate=validate)
    with progress_bar() as progress:
        summary = run_build(config, progress=progress)
    where = summary.location or (f"the SPARQL engine at {config.remote_query_url}" if config.store == "remote"
                                 else "memory")
    console.print(f"built {len(summary.sources)} source(s), {summary.triples} triples "
                  f"({summary.derived} derived) → {where}", soft_wrap=True)
    console.print(f"re-applied {summary.reapplied} API change(s) from the journal; {len(summary.conflicts)} "
                  f"conflict(s)", soft_wrap=True)
    for conflict in summary.conflicts:  # reported, never dropped (kg.journal.rebuild)
        errors.print(f"conflict: {conflict.describe()}", soft_wrap=True)
    if summary.location is not None:
        _write_dist(config)


def _write_dist(config: Settings) -> None:
    from kg.build.distribution import write_distribution

    with open_store(config, read_only=True) as store:
        written = write_distribution(store, config.base_iri, config.project_dir / "dist")
    errors.print(f"wrote {', '.join(str(p.relative_to(config.project_dir)) for p in written)}")


def _parse_params(params: list[str]) -> dict[str, str]:
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise KgError(f"--param expects key=value, got {item!r}")
        values[key] = value
    return values


_QUERY_NAME = re.compile(r"[\w.-]+")  # one word: a query's name or file, never SPARQL


def _run_query_text(store: Store, config: Settings, query: str, params: dict[str, str]) -> QueryResult:
    catalog = Catalog(config.project_dir / "queries")
    candidate = Path(query)
    prefixes = project_prefixes(config.base_iri)
    if query.endswith(".rq") and candidate.is_file():
        if params:
            return _named_from_file(candidate).run(store, params, base_iri=config.base_iri)
        return store.query(declare_project_prefixes(candidate.read_text(encoding="utf-8"), prefixes))
    if query in catalog or _QUERY_NAME.fullmatch(query):  # a name, not SPARQL: UnknownQueryError if not known
        if query.endswith(".rq"):
            raise UnknownQueryError(f"no query file {query!r}")
        return catalog.get(query).run(store, params, base_iri=config.base_iri)
    if params:
        raise KgError("--param applies to named queries and .rq files only")
    check_query(query, prefixes)  # errors positioned in the text as typed, an undeclared prefix named
    return store.query(declare_project_prefixes(query, prefixes))


def _named_from_file(path: Path):
    from kg.query.named import parse_named_query

    return parse_named_query(path)


@app.command()
@reports_errors
def query(
    query: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or the name of a query in queries/.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v for a named query.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or tsv.")] = "table",
    lang: Annotated[str, typer.Option(help="Label language in tables: en or zh.")] = "en",
    iri: Annotated[bool, typer.Option("--iri", help="Show each entity's IRI beside its label in tables.")] = False,
) -> None:
    """Run a SPARQL query (or a named query) against the published store."""
    config = settings()
    if format not in {"table", *RESULT_FORMATS}:
        raise KgError(f"unknown --format {format!r}: use table, json, csv or tsv")
    with open_store(config, read_only=True) as store:
        result = _run_query_text(store, config, query, _parse_params(param or []))
        _print_result(store, result, format, lang, iri)


def _print_result(store: Store, result: QueryResult, format: str, lang: str, show_iri: bool = False) -> None:
    if result.kind == "graph":
        media = "text/turtle" if format == "table" else RDF_FORMATS["jsonld"].media_type
        sys.stdout.write(result.serialize(media).decode("utf-8"))
        return
    if format != "table":
        sys.stdout.write(result.serialize(RESULT_FORMATS[format].media_type).decode("utf-8"))
        if format == "json":
            sys.stdout.write("\n")
        return
    if result.kind == "ask":
        console.print("yes" if result.boolean else "no")
        return
    variables = result.variables
    rows = result.rows()
    console.print(rows_table(store, variables, rows, lang, show_iri=show_iri, width=console.width))
    console.print(f"{len(rows)} row(s)", style="dim")


@app.command()
@reports_errors
def export(
    format: Annotated[str, typer.Option("--format", "-f", help=", ".join(RDF_FORMATS))] = "trig",
    graph: Annotated[str | None, typer.Option(help="Only this named graph (IRI).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
) -> None:
    """Write the dataset (or one graph) in an RDF format."""
    if format not in RDF_FORMATS:
        raise KgError(f"unknown --format {format!r}: use one of {', '.join(RDF_FORMATS)}")
    with open_store(settings(), read_only=True) as store:
        data = store.export(RDF_FORMATS[format].media_type, graph)
    if output:
        output.write_bytes(data)
        errors.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


_ENTITIES_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?entities) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?entities) ?class
"""


@app.command()
@reports_errors
def stats(
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Graphs with triple counts, and entities per class."""
    with open_store(settings(), read_only=True) as store:
        graphs = store.graphs()
        classes = [(r["class"].value, int(r["entities"].value)) for r in store.select(_ENTITIES_PER_CLASS)]
    if format == "json":
        payload = {"graphs": {g.iri: g.triples for g in graphs}, "triples": sum(g.triples for g in graphs),
                   "classes": dict(classes)}
        console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    table = Table("graph", "triples", title="Named graphs")
    for info in graphs:
        table.add_row(info.iri, str(info.triples))
    table.add_row("[bold]total", f"[bold]{sum(g.triples for g in graphs)}")
    console.print(table)
    per_class = Table("class", "entities", title="Entities per class")
    for iri, count in classes:
        per_class.add_row(compact_iri(iri), str(count))
    console.print(per_class)


@app.command()
@reports_errors
def validate(
    files: Annotated[list[Path] | None, typer.Argument(help="Turtle files; default: the project's sources.")] = None,
    lang: Annotated[str, typer.Option(help="Message language: en or zh.")] = "en",
    format: Annotated[str, typer.Option("--format", "-f", help="table, turtle or jsonld.")] = "table",
) -> None:
    """Check sources against the SHACL shapes; exit 1 on any violation."""
    from cli.report import print_report, validate_files

    config = settings()
    report, store = validate_files(config, files or None)
    if format == "table":
        print_report(console, report, lang, store)
    else:
        out = report.graph.serialize(format="json-ld" if format == "jsonld" else "turtle")
        sys.stdout.write(out)
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
@reports_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    proxy_headers: Annotated[bool, typer.Option(
        help="Behind a reverse proxy: trust its X-Forwarded-* headers (from --forwarded-allow-ips, "
             "default 127.0.0.1) for the client address and the public scheme and host.")] = False,
    forwarded_allow_ips: Annotated[str | None, typer.Option(help="Proxies trusted with --proxy-headers.")] = None,
) -> None:
    """Serve the SPARQL endpoint and API (builds the store first if there is none).

    Forwarded headers are ignored unless --proxy-headers is given: uvicorn's middleware for them
    costs every request a layer, and without a proxy in front nobody should be trusted with them.
    """
    from cli.serving import serve_api

    config = settings().with_(**{k: v for k, v in {"host": host, "port": port}.items() if v is not None})
    serve_api(config, lambda: _store_to_serve(config), proxy_headers=proxy_headers,
              forwarded_allow_ips=forwarded_allow_ips)


def _store_to_serve(config: Settings) -> Store | None:
    """Build the store first if there is none (an in-memory one: returned); say what is off; stop on an engine
    that is not what the settings say."""
    from kg.reasoning.dl import reasoning_available
    from kg.store.embedded import EmbeddedStore

    store = None
    if config.store == "embedded" and config.resolved_store_path is None:
        errors.print("in-memory store: building it first")
        store = EmbeddedStore(None)
        with progress_bar() as progress:
            run_build(config, progress=progress, store=store)
    elif not store_exists(config):
        errors.print("no store yet: building it first")
        with progress_bar() as progress:
            run_build(config, progress=progress)
    if not reasoning_available():
        errors.print("Java is not installed: OWL reasoning (kg reason) is off; everything else works")
    if config.store == "remote":
        _refuse_misconfigured_engine(config)
    return store


def _refuse_misconfigured_engine(config: Settings) -> None:
    """Stop here, with one clear line, if the remote engine is not what the settings say (kg.remote_health).
    An unreachable or empty engine does not stop the server: it says so as it starts, and /readyz is 503."""
    from kg.store.remote_health import check_engine

    with open_store(config) as store:
        check_engine(store)  # StoreError for KG_REMOTE_UNION=native over an engine that does not give the union


@app.command()
@reports_errors
def fmt(
    check: Annotated[bool, typer.Option(help="Only report files that are not normalised.")] = False,
    files: Annotated[list[Path] | None, typer.Argument(help="Default: ontology/ and data/ Turtle files.")] = None,
) -> None:
    """Rewrite Turtle sources in the stable sorted form (small diffs after Protégé edits)."""
    from kg.build.pipeline import discover_sources
    from kg.rdf.normalise import format_files

    config = settings()
    paths = files or [s.path for s in discover_sources(config.project_dir, config.base_iri)]
    changed = format_files(paths, check=check)
    for path in changed:
        console.print(f"{'would reformat' if check else 'reformatted'} {path}")
    console.print(f"{len(changed)} of {len(paths)} file(s) {'need formatting' if check else 'reformatted'}")
    if check and changed:
        raise typer.Exit(1)


@app.command()
@reports_errors
def ingest(
    file: Annotated[Path, typer.Argument(help="The document as UTF-8 text.")],
    id: Annotated[str, typer.Option("--id", help="Slug of the document, e.g. jiangsu-2024-12.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Draft file (default data/{id}.ttl).")] = None,
    report: Annotated[Path | None, typer.Option(help="Also write the review as Markdown here.")] = None,
    validate: Annotated[bool, typer.Option(help="Run the SHACL shapes on the draft.")] = True,
) -> None:
    """Turn a Chinese policy document into a draft graph for review (published only by `kg build`)."""
    from kg.ingest import ingest as run_ingest
    from kg.ingest import print_review, review_markdown

    review = run_ingest(file, id, settings(), output=output, validate=validate)
    print_review(console, review)
    if report:
        report.write_text(review_markdown(review), encoding="utf-8")
        errors.print(f"review written to {report}")
    if review.output is None:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except LoadError as exc:  # pragma: no cover - commands already report; this is a safety net
        errors.print(f"error: {exc}")
        sys.exit(1)


# The commands of the other modules, after this module's own (the order `kg --help` lists them in).
app.add_typer(cli_journal.journal_app, name="journal")  # kg journal, export, squash and refill
app.command("release")(cli_journal.release)  # kg release NAME: a named version
app.command()(cli_ontology.reason)
app.command()(cli_ontology.profile)
app.command()(cli_operations.backup)
app.command()(cli_operations.restore)
app.command("replicate")(cli_replicate.replicate_command)  # a replica following a server's feed
app.command("release")(cli_journal.release)  # kg release: name the current version
app.add_typer(cli_observe.observe_app, name="observe")  # kg observe load

if __name__ == "__main__":  # python -m cli.main
    main()
