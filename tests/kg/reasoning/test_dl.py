"""HermiT/Pellet verdicts through owlready2, and explanations of inconsistency with labels."""

from __future__ import annotations

import pytest
import rdflib

from kg.reasoning.dl import reasoning_available, run_reasoner
from tests.helpers.project import DATA

pytestmark = pytest.mark.skipif(not reasoning_available(), reason="Java is not installed")


def graph_of(*names: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in names:
        graph.parse(DATA / name)
    return graph


@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_consistent_fixture(reasoner: str) -> None:
    report = run_reasoner(graph_of("tiny-ontology.ttl", "tiny-data.ttl"), reasoner)
    assert report.consistent
    assert report.unsatisfiable == []


def test_inconsistent_fixture_is_explained_with_labels() -> None:
    report = run_reasoner(graph_of("inconsistent.ttl"), "hermit")
    assert not report.consistent
    text = "\n".join(report.explanation)
    assert "disjointWith" in text
    assert "Provincial Department of Science and Technology" in text
    assert len(report.explanation) == 3  # the two type assertions and the disjointness axiom
