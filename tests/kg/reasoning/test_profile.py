"""OWL 2 DL profile check: the OWL API's violations plus the datatype map."""

from __future__ import annotations

import pytest
import rdflib

from kg.reasoning.owlapi import java_available
from kg.reasoning.profile import check_datatypes, check_profile
from tests.helpers.project import DATA


def test_datatype_outside_the_map_is_reported() -> None:
    problems = check_datatypes(rdflib.Graph().parse(DATA / "not-dl.ttl"))
    assert [(p.kind, p.term) for p in problems] == [("DatatypeOutsideMap", "https://w3id.org/fikg/ontology#year")]
    assert "gYear" in problems[0].detail


@pytest.mark.skipif(not java_available(), reason="Java is not installed")
def test_owlapi_reports_illegal_punning() -> None:
    problems = check_profile(rdflib.Graph().parse(DATA / "not-dl.ttl"))
    kinds = {(p.kind, p.term) for p in problems}
    assert ("IllegalPunning", "https://w3id.org/fikg/ontology#target") in kinds


@pytest.mark.skipif(not java_available(), reason="Java is not installed")
def test_clean_fixture_has_no_violations() -> None:
    graph = rdflib.Graph().parse(DATA / "tiny-ontology.ttl").parse(DATA / "tiny-data.ttl")
    assert check_profile(graph) == []
