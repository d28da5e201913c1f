"""Validating source files and rendering validation reports for people (rich tables with labels)."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rich.console import Console
from rich.table import Table

from cli.render import compact_iri, fetch_labels
from kg.build.pipeline import discover_sources
from kg.rdf.vocab import graph_iri
from kg.settings import Settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.validation.shacl import ValidationReport, store_graph, validate_store


def load_for_validation(config: Settings, files: list[Path] | None) -> Store:
    """An in-memory store with the ontology plus ``files`` (or every project source)."""
    store = EmbeddedStore(None)
    sources = discover_sources(config.project_dir, config.base_iri, config.extra_data_paths)
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
    return validate_store(store, config.project_dir / "shapes", engine=config.shacl_engine), store


def print_report(console: Console, report: ValidationReport, lang: str = "en",
                 store: Store | None = None) -> None:
    """'conforms', or a table of results (messages in ``lang``) with labels instead of bare IRIs."""
    if report.conforms and not report.results:
        console.print("[bold green]conforms[/]")
        return
    iris = {t for r in report.results for t in (r.focus, r.value) if t and _is_iri(t)}
    labels = fetch_labels(store, iris, lang) if store else {}
    table = Table("severity", "focus", "path", "value", "shape", "message", show_lines=True)
    for result in report.results:
        style = "red" if result.severity == "Violation" else "yellow"
        table.add_row(f"[{style}]{result.severity}[/]", _labelled(result.focus, labels), compact_iri(result.path or ""),
                      _labelled(result.value or "", labels), compact_iri(result.source or ""), result.message(lang))
    console.print(table)
    verdict = "[bold green]conforms[/]" if report.conforms else "[bold red]does not conform[/]"
    console.print(f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)")


def _is_iri(text: str) -> bool:
    """Result terms arrive as text; blank nodes and literals are not IRIs."""
    scheme, sep, _ = text.partition(":")
    return bool(sep) and scheme.isascii() and scheme.isalpha() and " " not in text


def _labelled(text: str, labels: dict[str, str]) -> str:
    if not _is_iri(text):
        return text
    label = labels.get(text)
    return f"{label} ({compact_iri(text)})" if label else compact_iri(text)
