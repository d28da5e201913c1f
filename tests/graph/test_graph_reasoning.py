"""OWL 2 DL: HermiT (through owlready2) finds ontology + data consistent; the OWL API says OWL 2 DL profile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]
FILES = [ROOT / "ontology" / "kg.ttl", *sorted((ROOT / "ontology" / "modules").glob("*.ttl")),
         *sorted((ROOT / "data").glob("*.ttl"))]


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed")
def test_hermit_finds_ontology_and_data_consistent():
    """The product's own check (`kg reason`): HermiT through owlready2 over ontology + data."""
    from kg.reasoning.dl import run_reasoner

    merged = Graph()
    for f in FILES:
        merged.parse(f, format="turtle")
    report = run_reasoner(merged, "hermit")
    assert report.consistent, report.explanation
    assert report.unsatisfiable == []


@pytest.mark.skipif(shutil.which("javac") is None or shutil.which("java") is None, reason="no JDK")
def test_owl2_dl_profile_with_imports_resolved_locally():
    """The product's own check (`kg profile`): each file as Protégé opens it, imports via its catalog."""
    from kg.reasoning.profile import check_source_files

    assert check_source_files(FILES) == []
