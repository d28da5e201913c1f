"""SHACL validation with pyshacl. Non-conformance is a result (a ValidationReport), not an error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import SH

from kg.errors import ShapesError
from kg.store import Store


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult."""

    focus: str
    path: str | None
    value: str | None
    shape: str | None
    severity: str  # "Violation", "Warning" or "Info"
    messages: dict[str, str] = field(default_factory=dict)  # language tag ("" for none) -> text

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, else any message."""
        return self.messages.get(lang) or self.messages.get("") or next(iter(self.messages.values()), "")


@dataclass
class ValidationReport:
    """The outcome: ``conforms`` plus results; ``graph`` is the spec's sh:ValidationReport."""

    conforms: bool
    results: list[ValidationResult]
    graph: rdflib.Graph

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]


def load_shapes(shapes_dir: Path) -> rdflib.Graph:
    """Every ``*.ttl`` under ``shapes_dir`` in one graph (empty when there are none)."""
    shapes = rdflib.Graph()
    for path in sorted(shapes_dir.glob("*.ttl")) if shapes_dir.is_dir() else []:
        try:
            shapes.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many unrelated types for bad input
            raise ShapesError(f"{path}: {exc}") from exc
    return shapes


def store_graph(store: Store) -> rdflib.Graph:
    """The union of the store's named graphs as an rdflib graph."""
    data = rdflib.Graph()
    data.parse(data=store.export("application/n-triples"), format="nt")
    return data


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph,
                   ontology: rdflib.Graph | None = None) -> ValidationReport:
    """Run pyshacl (RDFS inference over ``ontology``) and read its report."""
    if len(shapes) == 0:
        return ValidationReport(True, [], _empty_report())
    from pyshacl import validate  # heavy import, only when there are shapes

    try:
        conforms, report_graph, _ = validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
            advanced=True, allow_warnings=True,
        )
    except Exception as exc:
        raise ShapesError(f"SHACL validation could not run: {exc}") from exc
    return ValidationReport(bool(conforms), read_results(report_graph), report_graph)


def validate_store(store: Store, shapes_dir: Path) -> ValidationReport:
    """Validate the whole store against the shapes in ``shapes_dir``."""
    return validate_graph(store_graph(store), load_shapes(shapes_dir))


def read_results(report: rdflib.Graph) -> list[ValidationResult]:
    """The sh:ValidationResult nodes of a report graph, sorted for stable output."""
    results = []
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        messages = {(m.language or ""): str(m) for m in report.objects(node, SH.resultMessage)}
        severity = report.value(node, SH.resultSeverity)
        results.append(ValidationResult(
            focus=str(report.value(node, SH.focusNode)),
            path=_text(report.value(node, SH.resultPath)),
            value=_text(report.value(node, SH.value)),
            shape=_text(report.value(node, SH.sourceShape)),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            messages=messages,
        ))
    return sorted(results, key=lambda r: (r.severity, r.focus, r.path or "", r.shape or ""))


def _text(term: rdflib.term.Node | None) -> str | None:
    return None if term is None else str(term)


def _empty_report() -> rdflib.Graph:
    graph = rdflib.Graph()
    node = rdflib.BNode()
    graph.add((node, rdflib.RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, rdflib.Literal(True)))
    return graph
