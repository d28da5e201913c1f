"""``kg reason`` and ``kg profile``: the ontology and graph checked as Protégé's tools check them.

``kg reason`` runs an OWL 2 DL reasoner (HermiT or Pellet through the OWL API, :mod:`kg.reasoning.dl`);
``kg profile`` the OWL 2 DL profile check (:mod:`kg.reasoning.profile`). Both read the project's sources,
or the Turtle files given, and exit 1 on a problem. :mod:`cli.main` adds the commands to its app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.render import compact_iri
from cli.terminal import console, reports_errors, settings
from kg.errors import KgError


@reports_errors
def reason(
    reasoner: Annotated[str, typer.Option(help="hermit (as Protégé runs it) or pellet.")] = "hermit",
    files: Annotated[list[Path] | None, typer.Argument(help="Turtle files; default: the project's sources.")] = None,
) -> None:
    """Check ontology and graph with an OWL 2 DL reasoner; exit 1 if inconsistent."""
    from cli.report import sources_graph
    from kg.reasoning.dl import reasoning_available, run_reasoner

    if not reasoning_available():
        raise KgError("Java is not installed: reasoning is off (install a JRE to use kg reason)")
    graph = sources_graph(settings(), files or None)
    report = run_reasoner(graph, reasoner)
    console.print(f"{report.reasoner}: {len(graph)} triples reasoned in {report.seconds:.1f} s")
    for iri in report.unsatisfiable:
        console.print(f"[red]unsatisfiable class[/] {compact_iri(iri)}")
    if not report.consistent and not report.unsatisfiable:
        console.print("[bold red]inconsistent[/]; the axioms involved:")
        for axiom in report.explanation:
            console.print(f"  {axiom}", soft_wrap=True)
    if not report.consistent:
        raise typer.Exit(1)
    console.print("[bold green]consistent[/]")


@reports_errors
def profile(
    files: Annotated[list[Path] | None, typer.Argument(help="Turtle files; default: the project's sources.")] = None,
) -> None:
    """Check that ontology and graph are in the OWL 2 DL profile (OWL API + datatype map)."""
    from kg.build.pipeline import discover_sources
    from kg.reasoning.profile import check_source_files

    config = settings()
    paths = files or [s.path for s in discover_sources(config.project_dir, config.base_iri)]
    violations = check_source_files(list(paths))
    if not violations:
        console.print("[bold green]OWL 2 DL[/]: no profile violations")
        return
    table = Table("problem", "term", "detail", show_lines=True)
    for v in violations:
        table.add_row(v.kind, compact_iri(v.term), v.detail)
    console.print(table)
    console.print(f"[bold red]not OWL 2 DL[/]: {len(violations)} violation(s)")
    raise typer.Exit(1)
