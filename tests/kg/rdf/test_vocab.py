"""kg.rdf.vocab: the entity IRI scheme ``{base}id/{kind}/{slug}``, minted and read back, and graph IRIs."""

from __future__ import annotations

import pytest

from kg.rdf.vocab import INFERRED_GRAPH, entity_iri, entity_prefix, graph_iri, split_entity_iri

BASE = "https://w3id.org/fikg/"


@pytest.mark.parametrize(("iri", "expected"), [
    (BASE + "id/technology/silicon-carbide", ("technology", "silicon-carbide")),
    (BASE + "id/technology/", None),
    (BASE + "id/technology/a/b", None),
    ("https://example.org/id/technology/x", None),
    (BASE + "ontology#Technology", None),
])
def test_split_entity_iri(iri: str, expected) -> None:
    assert split_entity_iri(iri, BASE) == expected


def test_entity_iri_round_trips_with_or_without_a_trailing_slash() -> None:
    assert entity_iri(BASE, "agency", "x") == entity_iri(BASE.rstrip("/"), "agency", "x") == BASE + "id/agency/x"


def test_minted_entity_iris_split_back_into_kind_and_slug() -> None:
    iri = entity_iri(BASE, "industry", "hydrogen")
    assert iri.startswith(entity_prefix(BASE)) and split_entity_iri(iri, BASE) == ("industry", "hydrogen")


def test_graph_iris_are_under_graph() -> None:
    assert graph_iri(BASE, INFERRED_GRAPH) == graph_iri(BASE.rstrip("/"), "inferred") == BASE + "graph/inferred"
