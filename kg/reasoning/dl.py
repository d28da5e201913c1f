"""OWL 2 DL reasoning with owlready2: HermiT's (or Pellet's) verdict, as Protégé would give it.

Optional at run time: it needs Java. Without it, :func:`reasoning_available` is False and callers
say that reasoning is off. Inconsistencies are explained by Pellet's ``explain`` (a minimal set
of axioms), rendered with labels.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDFS

from kg.errors import ReasonerError
from kg.reasoning.owlapi import java_available, pellet_classpath

REASONERS = ("hermit", "pellet")


@dataclass
class ReasonerReport:
    """The reasoner's verdict."""

    reasoner: str
    consistent: bool
    seconds: float
    unsatisfiable: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)


def reasoning_available() -> bool:
    """Whether a reasoner can run here (Java present)."""
    return java_available()


def owl_copy(graph: rdflib.Graph, target: Path) -> Path:
    """Write ``graph`` as one self-contained RDF/XML file (imports dropped: everything is inside)."""
    merged = rdflib.Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            merged.add(triple)
    merged.serialize(target, format="xml")
    return target


def run_reasoner(graph: rdflib.Graph, reasoner: str = "hermit") -> ReasonerReport:
    """Check consistency and class satisfiability of ontology + data in ``graph``."""
    if reasoner not in REASONERS:
        raise ReasonerError(f"unknown reasoner {reasoner!r}: use {' or '.join(REASONERS)}")
    if not reasoning_available():
        raise ReasonerError("Java is not installed: reasoning is off")
    with tempfile.TemporaryDirectory() as tmp:
        owl_file = owl_copy(graph, Path(tmp) / "kg.owl")
        run = _run_hermit if reasoner == "hermit" else _run_pellet
        report = run(owl_file)
        if not report.consistent and not report.unsatisfiable:
            report.explanation = explain_inconsistency(owl_file, graph)
    return report


def _run_hermit(owl_file: Path) -> ReasonerReport:
    """HermiT through owlready2, as Protégé users know it."""
    import owlready2

    world = owlready2.World()
    try:
        world.get_ontology(owl_file.as_uri()).load()
    except Exception as exc:  # owlready2 raises bare Exceptions for unreadable files
        raise ReasonerError(f"owlready2 cannot read the ontology: {exc}") from exc
    started = time.perf_counter()
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ReasonerReport("hermit", False, time.perf_counter() - started)
    except owlready2.OwlReadyJavaError as exc:
        raise ReasonerError(f"HermiT failed: {str(exc).strip()[-800:]}") from exc
    seconds = time.perf_counter() - started
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    world.close()
    return ReasonerReport("hermit", not unsatisfiable, seconds, unsatisfiable)


def _run_pellet(owl_file: Path, timeout: float = 300) -> ReasonerReport:
    """Pellet's own command line with its OWL API loader (owlready2's Jena path needs a newer Java)."""
    started = time.perf_counter()
    done = subprocess.run(["java", "-Xmx2g", "-cp", pellet_classpath(), "pellet.Pellet", "consistency",
                           str(owl_file)], capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    verdict = re.search(r"Consistent:\s*(Yes|No)", done.stdout)
    if verdict is None:
        raise ReasonerError(f"Pellet failed: {(done.stderr or done.stdout).strip()[-800:]}")
    return ReasonerReport("pellet", verdict.group(1) == "Yes", seconds)


def explain_inconsistency(owl_file: Path, graph: rdflib.Graph, timeout: float = 300) -> list[str]:
    """Pellet's minimal set of axioms that make the ontology inconsistent, with labels."""
    done = subprocess.run(["java", "-Xmx2g", "-cp", pellet_classpath(), "pellet.Pellet", "explain",
                           "--inconsistent", str(owl_file)], capture_output=True, text=True, timeout=timeout)
    lines = done.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Explanation")), None)
    if start is None:
        return [f"(Pellet gave no explanation: {done.stderr.strip()[-300:]})"]
    names = _labels_by_local_name(graph)
    axioms = []
    for line in lines[start + 1:]:
        text = re.sub(r"^\s*\d+\)\s*", "", line).strip()
        if text:
            axioms.append(" ".join(names.get(word, word) for word in text.split()))
    return axioms


def _labels_by_local_name(graph: rdflib.Graph) -> dict[str, str]:
    """Local name → "label (local name)" where the local name is unique and has an English label."""
    seen: dict[str, set[rdflib.URIRef]] = {}
    for subject in set(graph.subjects()):
        if isinstance(subject, rdflib.URIRef):
            local = re.split(r"[#/]", str(subject))[-1]
            seen.setdefault(local, set()).add(subject)
    result = {}
    for local, iris in seen.items():
        if len(iris) == 1:
            iri = next(iter(iris))
            label = next((str(lab) for lab in graph.objects(iri, RDFS.label)
                          if getattr(lab, "language", None) == "en"), None)
            result[local] = f"{label} [{local}]" if label else local
    return result
