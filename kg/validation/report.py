"""The SHACL report as the rest of the code sees it: :class:`ValidationReport` (conforms, typed results,
and the spec's ``sh:ValidationReport`` graph, which the API serves as Turtle or JSON-LD) and
:class:`ValidationResult`, read from either engine's report graph, with the messages of SPARQL-based
constraints given back their language tags. No engine here: :mod:`kg.validation.shacl` runs them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import SH

SEVERITIES = ("Violation", "Warning", "Info")
REPORT_FORMATS = {"turtle": "text/turtle", "json-ld": "application/ld+json"}


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult: which node, which path and value, which shape, how bad, and why."""

    focus: str
    path: str | None
    value: str | None
    shape: str | None
    severity: str  # "Violation", "Warning" or "Info"
    messages: dict[str, str] = field(default_factory=dict)  # language tag ("" for none) -> text
    component: str | None = None  # the sh:sourceConstraintComponent
    constraint: str | None = None  # the sh:sourceConstraint (a SPARQL-based constraint), if any

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, else the untagged one, else English, else any."""
        for key in (lang, "", "en"):
            if self.messages.get(key):
                return self.messages[key]
        return next(iter(self.messages.values()), "")

    @property
    def source(self) -> str | None:
        """The shape or SPARQL constraint that reported this result (the constraint when there is one)."""
        return self.constraint or self.shape

    @property
    def key(self) -> tuple:
        """What identifies the result independently of how the report graph was built."""
        return (self.severity, self.focus, self.path or "", self.shape or "", self.value or "",
                self.component or "", tuple(sorted(self.messages.items())))


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

    def about(self, focus_nodes: Iterable[str]) -> list[ValidationResult]:
        """The results whose focus node is one of ``focus_nodes``."""
        wanted = set(focus_nodes)
        return [r for r in self.results if r.focus in wanted]

    def serialize(self, syntax: str = "turtle") -> str:
        """The sh:ValidationReport graph as ``turtle`` or ``json-ld``."""
        if syntax not in REPORT_FORMATS:
            raise ValueError(f"unknown report format {syntax!r}: use {', '.join(REPORT_FORMATS)}")
        self.graph.bind("sh", SH)
        return self.graph.serialize(format=syntax)


def tag_message_languages(report: rdflib.Graph, shapes: rdflib.Graph) -> None:
    """Give SPARQL-based constraints' messages back their language tags.

    pyshacl fills ``{?var}`` into a message with ``re.sub``, which returns a plain string, so
    ``"…"@zh`` arrives untagged. Each untagged message is matched against its constraint's templates.
    """
    for node, constraint in list(report.subject_objects(SH.sourceConstraint)):
        templates = [(_template_pattern(m), m.language) for m in shapes.objects(constraint, SH.message)
                     if isinstance(m, rdflib.Literal) and m.language]
        for message in list(report.objects(node, SH.resultMessage)):
            if not isinstance(message, rdflib.Literal) or message.language:
                continue
            lang = next((lang for pattern, lang in templates if pattern.fullmatch(str(message))), None)
            if lang is not None:
                report.remove((node, SH.resultMessage, message))
                report.add((node, SH.resultMessage, rdflib.Literal(str(message), lang=lang)))


@functools.lru_cache(maxsize=512)
def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def read_results(report: rdflib.Graph) -> list[ValidationResult]:
    """The sh:ValidationResult nodes of a report graph, sorted for stable output."""
    results = []
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        messages = {(m.language or ""): str(m) for m in report.objects(node, SH.resultMessage)}
        severity = report.value(node, SH.resultSeverity)
        results.append(ValidationResult(
            focus=str(report.value(node, SH.focusNode)),
            path=path_text(report, report.value(node, SH.resultPath)),
            value=_text(report.value(node, SH.value)),
            shape=_text(report.value(node, SH.sourceShape)),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            messages=messages,
            component=_text(report.value(node, SH.sourceConstraintComponent)),
            constraint=_named(report.value(node, SH.sourceConstraint)),
        ))
    return sorted(results, key=lambda r: r.key)


def focused_report(report: rdflib.Graph, wanted: set[str]) -> tuple[bool, rdflib.Graph]:
    """The report graph with only the results whose focus node is in ``wanted`` (each with its bounded
    description: paths, details), and whether it conforms (no violation left)."""
    kept = [node for node in report.subjects(rdflib.RDF.type, SH.ValidationResult)
            if str(report.value(node, SH.focusNode)) in wanted]
    conforms = not any(report.value(node, SH.resultSeverity) in (None, SH.Violation) for node in kept)
    graph = _empty_report()
    root = next(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    graph.set((root, SH.conforms, rdflib.Literal(conforms)))
    for node in kept:
        graph.add((root, SH.result, node))
        graph += report.cbd(node)
    return conforms, graph


def path_text(graph: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    """A SHACL path as text: an IRI, or ``^<iri>`` for an inverse path (other paths in SPARQL-like form)."""
    if path is None or isinstance(path, rdflib.URIRef):
        return _text(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(graph, inverse)}"
    items = list(rdflib.collection.Collection(graph, path)) if graph.value(path, rdflib.RDF.first) else []
    if items:
        return "/".join(path_text(graph, item) or "" for item in items)
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({path_text(graph, inner)}){suffix}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(path_text(graph, item) or "" for item in rdflib.collection.Collection(graph, alternatives))
    return str(path)


def _named(term: rdflib.term.Node | None) -> str | None:
    return str(term) if isinstance(term, rdflib.URIRef) else None


def _text(term: rdflib.term.Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal) and term.language:
        return f"{term}@{term.language}"
    return str(term)


def _empty_report() -> rdflib.Graph:
    graph = rdflib.Graph()
    node = rdflib.BNode()
    graph.add((node, rdflib.RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, rdflib.Literal(True)))
    return graph
