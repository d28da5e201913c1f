"""The write gate: staged, validated, atomic writes; nothing changes when a write fails or does not conform."""

from __future__ import annotations

import pytest

from kg.errors import ForbiddenOperationError, LoadError, QuerySyntaxError, UpdateError, ValidationError
from kg.store.embedded import EmbeddedStore
from kg.writes import gate
from tests.helpers.shapes import GRAPH, PREFIXES


def snapshot(store: EmbeddedStore) -> set:
    return set(store.quads())


def test_a_conforming_update_commits_and_reports_its_delta(gated, executor) -> None:
    store, settings = gated
    version = gate.data_version(store)
    result = gate.apply_update(store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en }} }}""", settings, executor=executor)
    assert (result.added, result.removed) == (2, 0)
    assert result.report is not None and result.report.conforms
    assert gate.data_version(store) == version + 1
    assert store.count_triples(GRAPH) == 2


def test_an_update_that_breaks_a_shape_is_refused_with_the_report_and_changes_nothing(gated, executor) -> None:
    store, settings = gated
    before, version = snapshot(store), gate.data_version(store)
    with pytest.raises(ValidationError) as refused:
        gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/t> a fikg:Technology }} }}",
                          settings, executor=executor)
    (violation,) = refused.value.report.violations
    assert violation.focus == "http://ex/t" and violation.message() == "a technology needs a label"
    assert snapshot(store) == before and gate.data_version(store) == version


def test_a_multi_operation_update_whose_second_operation_fails_leaves_nothing_half_applied(gated, executor) -> None:
    store, settings = gated
    before = snapshot(store)
    existing = store.graphs()[0].iri
    with pytest.raises(UpdateError):  # CREATE GRAPH (without SILENT) of an existing graph is an error
        gate.apply_update(store, f"INSERT DATA {{ <http://ex/a> <http://ex/b> 'c' }} ; CREATE GRAPH <{existing}>",
                          settings, executor=executor)
    with pytest.raises(QuerySyntaxError):
        gate.apply_update(store, "INSERT DATA { <http://ex/a> <http://ex/b> 'c' } ; DELETE DATA { ?x ?y ?z }", settings,
                          executor=executor)
    assert snapshot(store) == before


def test_a_delete_that_removes_a_required_label_is_refused(gated, executor) -> None:
    store, settings = gated
    before = snapshot(store)
    with pytest.raises(ValidationError):
        gate.apply_update(store, PREFIXES + "DELETE { GRAPH ?g { ?t rdfs:label ?l } } WHERE { GRAPH ?g { "
                          "?t a fikg:Technology ; rdfs:label ?l } }", settings, executor=executor)
    assert snapshot(store) == before


def test_blank_node_removals_are_committed_exactly(gated, executor) -> None:
    store, settings = gated
    insert = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ _:x <http://ex/p> 'one' . _:y <http://ex/p> 'two' }} }}"
    gate.apply_update(store, insert, settings, executor=executor)
    result = gate.apply_update(store, f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?b <http://ex/p> 'one' }} }}", settings,
                               executor=executor)
    assert result.removed == 1
    assert [q.object.value for q in store.quads(GRAPH)] == ["two"]


def test_graph_store_writes_replace_merge_and_delete(gated) -> None:
    store, settings = gated
    gate.replace_graph(store, GRAPH, '<http://ex/a> <http://ex/p> "one" .', "application/n-triples", settings)
    merged = gate.add_to_graph(store, GRAPH, "<http://ex/a> <http://ex/p> 'one', 'two' .", "text/turtle", settings)
    assert merged.added == 1 and store.count_triples(GRAPH) == 2
    replaced = gate.replace_graph(store, GRAPH, "<http://ex/b> <http://ex/p> 'three' .", "text/turtle", settings)
    assert (replaced.added, replaced.removed) == (1, 2)
    gate.replace_graph(store, None, "<http://ex/d> <http://ex/p> 'default' .", "text/turtle", settings)
    assert [q.object.value for q in gate.graph_quads(store, None)] == ["default"]
    deleted = gate.delete_graph(store, GRAPH, settings)
    assert deleted.removed == 1 and store.count_triples(GRAPH) == 0


def test_graph_store_writes_are_validated_and_bad_payloads_change_nothing(gated) -> None:
    store, settings = gated
    before = snapshot(store)
    with pytest.raises(ValidationError):
        gate.replace_graph(store, GRAPH, "<http://ex/t> a <https://w3id.org/fikg/ontology#Technology> .",
                           "text/turtle", settings)
    with pytest.raises(LoadError):
        gate.add_to_graph(store, GRAPH, "<http://ex/t> <http://ex/p> .", "text/turtle", settings)
    data_graph = next(g.iri for g in store.graphs() if g.iri.endswith("/graph/tiny"))
    with pytest.raises(ValidationError):  # a technology without a label
        gate.replace_graph(store, data_graph, "<http://ex/t> a <https://w3id.org/fikg/ontology#Technology> .",
                           "text/turtle", settings)
    assert snapshot(store) == before


def test_policy_read_only_load_and_validation_switch(gated, executor) -> None:
    store, settings = gated
    with pytest.raises(ForbiddenOperationError):
        gate.apply_update(store, "INSERT DATA { <http://ex/a> <http://ex/b> 'c' }", settings.with_(read_only=True),
                          executor=executor)
    with pytest.raises(ForbiddenOperationError):
        gate.apply_update(store, "LOAD <http://127.0.0.1:9/data.ttl>", settings, executor=executor)
    with pytest.raises(ForbiddenOperationError):
        gate.replace_graph(store, GRAPH, "", "text/turtle", settings.with_(read_only=True))
    unchecked = gate.apply_update(store, PREFIXES + "INSERT DATA { <http://ex/t> a fikg:Technology }",
                                  settings.with_(validate=False), executor=executor)
    assert unchecked.report is None and unchecked.added == 1


def test_a_name_a_write_adds_resolves_at_once_and_one_it_removes_no_longer_does(memory_store, project,
                                                                              executor) -> None:
    """The resolver's index follows each write (kg.resolution.index: caught up after the commit, never stale)."""
    from kg.errors import UnknownEntityError
    from kg.resolution import resolve
    from kg.settings import load_settings
    from tests.helpers.project import SIC

    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    assert [m.iri for m in resolve(memory_store, "碳化硅").matches] == [SIC]  # the index is built
    alt = f"<{SIC}> <http://www.w3.org/2004/02/skos/core#altLabel> \"写入测试别名\"@zh"
    gate.apply_update(memory_store, f"INSERT DATA {{ GRAPH <https://w3id.org/fikg/graph/tiny> {{ {alt} }} }}",
                      settings, executor=executor)
    assert [m.iri for m in resolve(memory_store, "写入测试别名").matches] == [SIC]
    gate.apply_update(memory_store, f"DELETE DATA {{ GRAPH <https://w3id.org/fikg/graph/tiny> {{ {alt} }} }}",
                      settings, executor=executor)
    with pytest.raises(UnknownEntityError):
        resolve(memory_store, "写入测试别名", "technology")
