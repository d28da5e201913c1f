"""The gate's live-store path: writes it can compute exactly are validated and committed without a copy
of the store, with the same outcome as the staged copy; the rest still go through the copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import audit, gate
from kg.embedded import EmbeddedStore
from kg.errors import ValidationError
from kg.model import BlankNode, NamedNode
from kg.settings import Settings, load_settings
from tests.kg.test_gate import GRAPH, PREFIXES
from tests.kg.test_update_delta import BASE, UPDATES


@pytest.fixture
def no_copy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make a staged copy of the store fail the test; the list counts the copies asked for."""
    copies: list[int] = []

    def refuse(store: object) -> None:
        copies.append(1)
        raise AssertionError("the write staged a copy of the whole store")

    monkeypatch.setattr(gate, "stage", refuse)
    return copies


def data(store: EmbeddedStore, settings: Settings) -> set:
    """The store's quads outside the audit graph, blank nodes written alike."""
    audit_graph = NamedNode(audit.audit_graph(settings))
    blank = lambda t: "_:b" if isinstance(t, BlankNode) else str(t)  # noqa: E731
    return {tuple(blank(t) for t in q) for q in store.quads() if q.graph_name != audit_graph}


def test_a_one_entity_write_is_validated_and_committed_without_a_copy(gated, no_copy) -> None:
    store, settings = gated
    version = gate.data_version(store)
    result = gate.apply_update(store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en }} }}""", settings)
    assert (result.added, result.removed) == (2, 0) and result.report is not None and result.report.conforms
    edit = gate.apply_update(store, PREFIXES + f"""DELETE {{ GRAPH <{GRAPH}> {{ ?t rdfs:label ?l }} }}
        INSERT {{ GRAPH <{GRAPH}> {{ ?t rdfs:label "U"@en }} }} WHERE {{ GRAPH <{GRAPH}> {{ ?t rdfs:label ?l }} }}""",
                             settings)
    assert (edit.added, edit.removed) == (1, 1)
    posted = gate.add_to_graph(store, GRAPH, '<http://ex/u> a <https://w3id.org/fikg/ontology#Technology> ; '
                               '<http://www.w3.org/2000/01/rdf-schema#label> "U" .', "text/turtle", settings)
    assert posted.added == 2
    assert gate.data_version(store) == version + 3 and store.count_triples(GRAPH) == 4 and not no_copy


def test_a_write_that_breaks_a_shape_is_refused_without_a_copy_and_changes_nothing(gated, no_copy) -> None:
    store, settings = gated
    gate.apply_update(store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en }} }}""", settings)
    before, version = set(store.quads()), gate.data_version(store)
    for write in (
        lambda: gate.apply_update(store, PREFIXES + "DELETE WHERE { GRAPH ?g { <http://ex/t> rdfs:label ?l } }",
                                  settings),
        lambda: gate.replace_graph(store, GRAPH, "<http://ex/t> a <https://w3id.org/fikg/ontology#Technology> .",
                                   "text/turtle", settings),
        lambda: gate.add_to_graph(store, "http://ex/graph/other", "<http://ex/v> a "
                                  "<https://w3id.org/fikg/ontology#Technology> .", "text/turtle", settings),
    ):
        with pytest.raises(ValidationError) as refused:
            write()
        assert [v.message() for v in refused.value.report.violations] == ["a technology needs a label"]
    assert set(store.quads()) == before and gate.data_version(store) == version and not no_copy


def test_what_cannot_be_computed_exactly_still_goes_through_a_copy(gated) -> None:
    store, settings = gated
    gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/t> rdfs:label 'T' }} }}",
                      settings)
    cleared = gate.apply_update(store, f"CLEAR GRAPH <{GRAPH}>", settings)
    assert cleared.removed == 1 and store.count_triples(GRAPH) == 0


@pytest.mark.parametrize("sparql", UPDATES, ids=range(len(UPDATES)))
def test_the_gate_commits_what_running_the_update_would(project: Path, sparql: str) -> None:
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    through_gate, direct = EmbeddedStore(None), EmbeddedStore(None)
    for store in (through_gate, direct):
        store.update(BASE)
    gate.apply_update(through_gate, sparql, settings)
    direct.update(sparql)
    assert data(through_gate, settings) == data(direct, settings)
