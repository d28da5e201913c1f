"""Validating source files and rendering validation reports for people (rich tables with labels)."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rich.console import Console
from rich.table import Table

from kg.build import discover_sources
from kg.embedded import EmbeddedStore
from kg.rendering import compact_iri, fetch_labels
from kg.settings import Settings
from kg.store import Store
from kg.validation import ValidationReport, store_graph, validate_store
from kg.vocab import graph_iri


def load_for_validation(config: Settings, files: list[Path] | None) -> Store:
    """An in-memory store with the ontology plus ``files`` (or every project source)."""
    store = EmbeddedStore(None)
    sources = discover_sources(config.project_dir, config.base_iri)
    if files:
        sources = [s for s in sources if s.path.parent.name in {"ontology", "modules"}]
    for source in sources:
        store.load(source.path, graph=source.graph)
    for path in files or []:
        store.load(path, graph=graph_iri(config.base_iri, f"file/{path.stem}"))
    return store


def sources_graph(config: Settings, files: list[Path] | None) -> rdflib.Graph:
    """Ontology plus ``files`` (or every project source) as one rdflib graph."""
    return store_graph(load_for_validation(config, files))


def validate_files(config: Settings, files: list[Path] | None) -> tuple[ValidationReport, Store]:
    """Validate the given files (with the ontology), or the project's sources; also the store used."""
    store = load_for_validation(config, files)
    return validate_store(store, config.project_dir / "shapes"), store


def print_report(console: Console, report: ValidationReport, lang: str = "en",
                 store: Store | None = None) -> None:
    """'conforms', or a table of results with labels instead of bare IRIs."""
    if report.conforms and not report.results:
        console.print("[bold green]conforms[/]")
        return
    labels = fetch_labels(store, {r.focus for r in report.results}, lang) if store else {}
    table = Table("severity", "focus", "path", "value", "shape", "message", show_lines=True)
    for result in report.results:
        focus = labels.get(result.focus)
        focus_text = f"{focus} ({compact_iri(result.focus)})" if focus else compact_iri(result.focus)
        style = "red" if result.severity == "Violation" else "yellow"
        table.add_row(f"[{style}]{result.severity}[/]", focus_text, compact_iri(result.path or ""),
                      compact_iri(result.value or ""), compact_iri(result.shape or ""), result.message(lang))
    console.print(table)
    verdict = "[bold green]conforms[/]" if report.conforms else "[bold red]does not conform[/]"
    console.print(f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)")
