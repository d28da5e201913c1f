"""Writes through the gate on each real engine: the delta and the affected entities are read from the
remote (no copy of the remote dataset), and the delta is forwarded as one update."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import gate
from kg.build import build
from kg.errors import ValidationError
from kg.remote import RemoteStore
from kg.settings import Settings
from tests.kg.test_gate import TECHNOLOGY_SHAPE
from tests.remote.conftest import TRANSITIVE_START, known_gap

PREFIXES = "PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
GRAPH = "http://ex/graph/extra"


@pytest.fixture
def gated(request: pytest.FixtureRequest, project: Path, remote_settings: Settings, remote_store: RemoteStore,
          monkeypatch: pytest.MonkeyPatch) -> tuple[RemoteStore, Settings]:
    """The tiny project published to the server, a shape that every technology needs a label, and
    a gate that fails the test if it copies the remote dataset."""
    known_gap(request, "virtuoso", TRANSITIVE_START)
    (project / "shapes").mkdir()
    (project / "shapes" / "technology.ttl").write_text(TECHNOLOGY_SHAPE)
    build(remote_settings.with_(validate=False))

    def refuse(store: object) -> None:
        raise AssertionError("the write copied the whole remote dataset")

    monkeypatch.setattr(gate, "stage", refuse)
    return remote_store, remote_settings


def test_a_conforming_write_is_validated_on_the_remote_and_forwarded(gated) -> None:
    store, settings = gated
    result = gate.apply_update(store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en ; fikg:part [ rdfs:label "blank" ] }} }}""", settings)
    assert (result.added, result.removed) == (4, 0) and result.report is not None and result.report.conforms
    edit = gate.apply_update(store, PREFIXES + f"""WITH <{GRAPH}> DELETE {{ ?t rdfs:label ?l }}
        INSERT {{ ?t rdfs:label "U"@en }} WHERE {{ ?t a fikg:Technology ; rdfs:label ?l }}""", settings)
    assert (edit.added, edit.removed) == (1, 1)
    posted = gate.add_to_graph(store, GRAPH, '<http://ex/u> a <https://w3id.org/fikg/ontology#Technology> ; '
                               '<http://www.w3.org/2000/01/rdf-schema#label> "U" .', "text/turtle", settings)
    assert posted.added == 2
    labels = store.select(PREFIXES + f"SELECT ?l WHERE {{ GRAPH <{GRAPH}> {{ <http://ex/t> rdfs:label ?l }} }}")
    assert [row["l"].value for row in labels] == ["U"] and store.count_triples(GRAPH) == 6


def test_a_write_that_breaks_a_shape_is_refused_and_the_remote_is_unchanged(gated) -> None:
    store, settings = gated
    gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/t> a fikg:Technology ; "
                             "rdfs:label 'T' } }", settings)
    before = sorted(map(str, store.quads()))
    for write in (
        lambda: gate.apply_update(store, PREFIXES + "DELETE WHERE { GRAPH ?g { <http://ex/t> rdfs:label ?l } }",
                                  settings),
        lambda: gate.replace_graph(store, GRAPH, "<http://ex/t> a <https://w3id.org/fikg/ontology#Technology> .",
                                   "text/turtle", settings),
    ):
        with pytest.raises(ValidationError) as refused:
            write()
        assert [v.message() for v in refused.value.report.violations] == ["a technology needs a label"]
    assert sorted(map(str, store.quads())) == before


def test_writes_reach_the_engine_as_the_gate_computes_them(remote_settings: Settings,
                                                          remote_store: RemoteStore) -> None:
    """Without shapes to check, the computed delta (blank nodes, edits, Graph Store payloads) is forwarded."""
    settings = remote_settings.with_(validate=False)
    build(settings)
    added = gate.apply_update(remote_store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en, "碳化"@zh ; fikg:part [ rdfs:label "blank" ] }} }}""",
                              settings)
    assert (added.added, added.removed) == (5, 0)
    edit = gate.apply_update(remote_store, PREFIXES + f"""WITH <{GRAPH}> DELETE {{ ?t rdfs:label "T"@en }}
        INSERT {{ ?t rdfs:label "U"@en }} WHERE {{ ?t a fikg:Technology }}""", settings)
    assert (edit.added, edit.removed) == (1, 1)
    gate.add_to_graph(remote_store, GRAPH, "<http://ex/u> <http://ex/p> ( 1 2 ) .", "text/turtle", settings)
    labels = remote_store.select(PREFIXES + f"SELECT ?l WHERE {{ GRAPH <{GRAPH}> {{ <http://ex/t> rdfs:label ?l }} }}")
    assert sorted(str(row["l"]) for row in labels) == ['"U"@en', '"碳化"@zh']
    part = remote_store.select(PREFIXES + "SELECT ?l WHERE { <http://ex/t> fikg:part ?b . ?b rdfs:label ?l }")
    assert [row["l"].value for row in part] == ["blank"]
    assert remote_store.count_triples(GRAPH) == 5 + 5  # the list (1 2): two cells of two triples, and its link
