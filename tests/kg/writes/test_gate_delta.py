"""The gate on the live store: every update is computed from its parse, validated and committed without a copy
of the store, and the store ends exactly as pyoxigraph running the update itself leaves it (the oracle),
graph management and WHERE clauses after changes included; what the engine refuses changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KgError, QuerySyntaxError, UpdateError, ValidationError
from kg.rdf.model import NamedNode
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.writes import gate
from tests.helpers.shapes import GRAPH, PREFIXES
from tests.helpers.updates import AFTER_CHANGES, BASE, GRAPH_MANAGEMENT, UPDATES, dataset


@pytest.fixture
def no_copy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make a staged copy of the store fail the test; the list counts the copies asked for."""
    copies: list[int] = []

    def refuse(store: object) -> None:
        copies.append(1)
        raise AssertionError("the write staged a copy of the whole store")

    monkeypatch.setattr(gate, "stage", refuse)
    return copies


def data(store: EmbeddedStore, settings: Settings) -> tuple[object, set]:
    """The store's quads (canonicalised: blank nodes by structure), and its named graphs. The store holds the
    data only (the audit is read from the journal), so every quad counts."""
    graphs = {g for g in store.oxigraph().named_graphs() if isinstance(g, NamedNode)}
    return dataset(set(store.quads())), graphs


def test_a_one_entity_write_is_validated_and_committed_without_a_copy(gated, no_copy, executor) -> None:
    store, settings = gated
    version = gate.data_version(store)
    result = gate.apply_update(store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en }} }}""", settings, executor=executor)
    assert (result.added, result.removed) == (2, 0) and result.report is not None and result.report.conforms
    edit = gate.apply_update(store, PREFIXES + f"""DELETE {{ GRAPH <{GRAPH}> {{ ?t rdfs:label ?l }} }}
        INSERT {{ GRAPH <{GRAPH}> {{ ?t rdfs:label "U"@en }} }} WHERE {{ GRAPH <{GRAPH}> {{ ?t rdfs:label ?l }} }}""",
                             settings, executor=executor)
    assert (edit.added, edit.removed) == (1, 1)
    posted = gate.add_to_graph(store, GRAPH, '<http://ex/u> a <https://w3id.org/fikg/ontology#Technology> ; '
                               '<http://www.w3.org/2000/01/rdf-schema#label> "U" .', "text/turtle", settings)
    assert posted.added == 2
    assert gate.data_version(store) == version + 3 and store.count_triples(GRAPH) == 4 and not no_copy


def test_a_write_that_breaks_a_shape_is_refused_without_a_copy_and_changes_nothing(gated, no_copy, executor) -> None:
    store, settings = gated
    gate.apply_update(store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en }} }}""", settings, executor=executor)
    before, version = set(store.quads()), gate.data_version(store)
    for write in (
        lambda: gate.apply_update(store, PREFIXES + "DELETE WHERE { GRAPH ?g { <http://ex/t> rdfs:label ?l } }",
                                  settings, executor=executor),
        lambda: gate.replace_graph(store, GRAPH, "<http://ex/t> a <https://w3id.org/fikg/ontology#Technology> .",
                                   "text/turtle", settings),
        lambda: gate.add_to_graph(store, "http://ex/graph/other", "<http://ex/v> a "
                                  "<https://w3id.org/fikg/ontology#Technology> .", "text/turtle", settings),
    ):
        with pytest.raises(ValidationError) as refused:
            write()
        assert [v.message() for v in refused.value.report.violations] == ["a technology needs a label"]
    assert set(store.quads()) == before and gate.data_version(store) == version and not no_copy


def test_graph_management_is_computed_without_a_copy(gated, no_copy, executor) -> None:
    store, settings = gated
    gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/t> rdfs:label 'T' }} }}",
                      settings, executor=executor)
    cleared = gate.apply_update(store, f"CLEAR GRAPH <{GRAPH}>", settings, executor=executor)
    assert cleared.removed == 1 and store.count_triples(GRAPH) == 0 and store.has_named_graph(
        NamedNode(GRAPH))
    gate.apply_update(store, f"DROP GRAPH <{GRAPH}> ; CREATE GRAPH <{GRAPH}/empty>", settings, executor=executor)
    assert not store.has_named_graph(NamedNode(GRAPH))
    assert store.has_named_graph(NamedNode(GRAPH + "/empty")) and not no_copy
    with pytest.raises(RuntimeError, match="already exists"):  # committed: the engine's own CREATE sees it
        store.oxigraph().update(f"CREATE GRAPH <{GRAPH}/empty>")
    with pytest.raises(UpdateError, match="already exists"):
        gate.apply_update(store, f"CREATE GRAPH <{GRAPH}/empty>", settings, executor=executor)


@pytest.mark.parametrize("sparql", [*UPDATES, *GRAPH_MANAGEMENT, *AFTER_CHANGES],
                         ids=range(len(UPDATES) + len(GRAPH_MANAGEMENT) + len(AFTER_CHANGES)))
def test_the_gate_commits_what_running_the_update_would(project: Path, sparql: str, executor) -> None:
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    through_gate, direct = EmbeddedStore(None), EmbeddedStore(None)
    for store in (through_gate, direct):
        store.update(BASE)
    try:
        direct.oxigraph().update(sparql, base_iri="http://base/")
    except (SyntaxError, RuntimeError) as refused:
        before = data(through_gate, settings)
        with pytest.raises(QuerySyntaxError if isinstance(refused, SyntaxError) else KgError):
            gate.apply_update(through_gate, sparql, settings, executor=executor, base_iri="http://base/")
        assert data(through_gate, settings) == before
        return
    gate.apply_update(through_gate, sparql, settings, executor=executor, base_iri="http://base/")
    assert data(through_gate, settings) == data(direct, settings)
