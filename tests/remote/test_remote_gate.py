"""Writes through the gate on each real engine: the delta and the affected entities are read from the
remote (no copy of the remote dataset), and the delta is forwarded as one update."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import build
from kg.errors import UpdateError, ValidationError
from kg.settings import Settings
from kg.store.remote import RemoteStore
from kg.writes import audit, gate
from tests.helpers.shapes import TECHNOLOGY_SHAPE

PREFIXES = "PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
GRAPH = "http://ex/graph/extra"


@pytest.fixture
def gated(project: Path, remote_settings: Settings, remote_store: RemoteStore,
          monkeypatch: pytest.MonkeyPatch) -> tuple[RemoteStore, Settings]:
    """The tiny project published to the server, a shape that every technology needs a label, and
    a gate that fails the test if it copies the remote dataset."""
    (project / "shapes").mkdir()
    (project / "shapes" / "technology.ttl").write_text(TECHNOLOGY_SHAPE)
    build(remote_settings.with_(validate=False))

    def refuse(store: object) -> None:
        raise AssertionError("the write copied the whole remote dataset")

    monkeypatch.setattr(gate, "stage", refuse)
    return remote_store, remote_settings


def test_a_conforming_write_is_validated_on_the_remote_and_forwarded(gated, executor) -> None:
    store, settings = gated
    result = gate.apply_update(store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en ; fikg:part [ rdfs:label "blank" ] }} }}""", settings,
                               executor=executor)
    assert (result.added, result.removed) == (4, 0) and result.report is not None and result.report.conforms
    edit = gate.apply_update(store, PREFIXES + f"""WITH <{GRAPH}> DELETE {{ ?t rdfs:label ?l }}
        INSERT {{ ?t rdfs:label "U"@en }} WHERE {{ ?t a fikg:Technology ; rdfs:label ?l }}""", settings,
                             executor=executor)
    assert (edit.added, edit.removed) == (1, 1)
    posted = gate.add_to_graph(store, GRAPH, '<http://ex/u> a <https://w3id.org/fikg/ontology#Technology> ; '
                               '<http://www.w3.org/2000/01/rdf-schema#label> "U" .', "text/turtle", settings)
    assert posted.added == 2
    labels = store.select(PREFIXES + f"SELECT ?l WHERE {{ GRAPH <{GRAPH}> {{ <http://ex/t> rdfs:label ?l }} }}")
    assert [row["l"].value for row in labels] == ["U"] and store.count_triples(GRAPH) == 6


def test_a_write_that_breaks_a_shape_is_refused_and_the_remote_is_unchanged(gated, executor) -> None:
    store, settings = gated
    gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/t> a fikg:Technology ; "
                             "rdfs:label 'T' } }", settings, executor=executor)
    before = sorted(map(str, store.quads()))
    for write in (
        lambda: gate.apply_update(store, PREFIXES + "DELETE WHERE { GRAPH ?g { <http://ex/t> rdfs:label ?l } }",
                                  settings, executor=executor),
        lambda: gate.replace_graph(store, GRAPH, "<http://ex/t> a <https://w3id.org/fikg/ontology#Technology> .",
                                   "text/turtle", settings),
    ):
        with pytest.raises(ValidationError) as refused:
            write()
        assert [v.message() for v in refused.value.report.violations] == ["a technology needs a label"]
    assert sorted(map(str, store.quads())) == before


def test_writes_reach_the_engine_as_the_gate_computes_them(remote_settings: Settings, remote_store: RemoteStore,
                                                          executor) -> None:
    """Without shapes to check, the computed delta (blank nodes, edits, Graph Store payloads) is forwarded."""
    settings = remote_settings.with_(validate=False)
    build(settings)
    added = gate.apply_update(remote_store, PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <http://ex/t> a fikg:Technology ; rdfs:label "T"@en, "碳化"@zh ; fikg:part [ rdfs:label "blank" ] }} }}""",
                              settings, executor=executor)
    assert (added.added, added.removed) == (5, 0)
    edit = gate.apply_update(remote_store, PREFIXES + f"""WITH <{GRAPH}> DELETE {{ ?t rdfs:label "T"@en }}
        INSERT {{ ?t rdfs:label "U"@en }} WHERE {{ ?t a fikg:Technology }}""", settings,
                             executor=executor)
    assert (edit.added, edit.removed) == (1, 1)
    gate.add_to_graph(remote_store, GRAPH, "<http://ex/u> <http://ex/p> ( 1 2 ) .", "text/turtle", settings)
    labels = remote_store.select(PREFIXES + f"SELECT ?l WHERE {{ GRAPH <{GRAPH}> {{ <http://ex/t> rdfs:label ?l }} }}")
    assert sorted(str(row["l"]) for row in labels) == ['"U"@en', '"碳化"@zh']
    part = remote_store.select(PREFIXES + "SELECT ?l WHERE { <http://ex/t> fikg:part ?b . ?b rdfs:label ?l }")
    assert [row["l"].value for row in part] == ["blank"]
    assert remote_store.count_triples(GRAPH) == 5 + 5  # the list (1 2): two cells of two triples, and its link


def test_blank_nodes_the_remote_holds_are_refused_with_400_rather_than_approximated(
        project: Path, remote_settings: Settings, remote_store: RemoteStore, executor) -> None:
    """A remote engine cannot be told which blank node it holds: the gate refuses such a change (it used to
    run the update text again on the remote), and a Graph Store PUT still replaces such a graph."""
    (project / "shapes").mkdir()
    (project / "shapes" / "technology.ttl").write_text(TECHNOLOGY_SHAPE)
    build(remote_settings.with_(validate=False))
    store, settings = remote_store, remote_settings
    added = gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ _:b rdfs:comment 'bn' }} }}",
                              settings, executor=executor)
    assert added.added == 1  # a new blank node can be sent as it is
    before = sorted(map(str, store.quads()))
    for update, reason in (
        (f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?b rdfs:comment 'bn' }} }}", "cannot remove blank-node triples"),
        (f"INSERT {{ GRAPH <{GRAPH}> {{ ?b rdfs:comment 'more' }} }} "
         f"WHERE {{ GRAPH <{GRAPH}> {{ ?b rdfs:comment 'bn' }} }}",
         "cannot add triples to a blank node it already holds"),
    ):
        with pytest.raises(UpdateError, match=reason):
            gate.apply_update(store, PREFIXES + update, settings, executor=executor)
    assert sorted(map(str, store.quads())) == before
    replaced = gate.replace_graph(store, GRAPH, "<http://ex/a> <http://ex/p> 'x' .", "text/turtle", settings)
    assert (replaced.added, replaced.removed) == (1, 1) and store.count_triples(GRAPH) == 1


REMOTE_UPDATES = [  # each on the published tiny project; the same update run by pyoxigraph on a copy is the oracle
    f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/t> a fikg:Technology ; rdfs:label 'T' }} }} ;"
    f" INSERT {{ GRAPH <{GRAPH}> {{ ?t rdfs:comment 'seen' }} }}"
    f" WHERE {{ GRAPH <{GRAPH}> {{ ?t a fikg:Technology }} }}",
    f"COPY <https://w3id.org/fikg/graph/tiny> TO <{GRAPH}> ; DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?s rdfs:label ?l }} }}",
    f"ADD <https://w3id.org/fikg/graph/tiny> TO <{GRAPH}> ; CLEAR GRAPH <https://w3id.org/fikg/graph/tiny> ;"
    f" INSERT {{ GRAPH <{GRAPH}/2> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}",
    f"MOVE <https://w3id.org/fikg/graph/tiny> TO <{GRAPH}> ; DROP SILENT GRAPH <{GRAPH}/none>",
    "DROP GRAPH <http://ex/graph/none>",
    f"CREATE GRAPH <{GRAPH}> ; INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/a> <http://ex/b> [ <http://ex/c> 1 ] }} }}",
]


def data(store_quads, audit_graph: str) -> ox.Dataset:
    found = ox.Dataset(q for q in store_quads if q.graph_name != ox.NamedNode(audit_graph))
    found.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return found


@pytest.mark.parametrize("update", REMOTE_UPDATES, ids=range(len(REMOTE_UPDATES)))
def test_graph_management_and_where_after_changes_on_the_remote_are_what_the_engine_does(
        gated, executor, update: str) -> None:
    """A WHERE after a change is evaluated in a sandboxed worker over the remote data with the change; graph
    management is read from the remote's quads. The remote ends as pyoxigraph running the update leaves it."""
    store, settings = gated
    oracle = ox.Store()
    oracle.extend(store.quads())
    audit_graph = audit.audit_graph(settings)
    try:
        oracle.update(PREFIXES + update)
    except RuntimeError as refused:
        before = data(store.quads(), audit_graph)
        with pytest.raises(UpdateError, match="does not exist"):
            gate.apply_update(store, PREFIXES + update, settings.with_(validate=False), executor=executor)
        assert "does not exist" in str(refused) and data(store.quads(), audit_graph) == before
        return
    gate.apply_update(store, PREFIXES + update, settings.with_(validate=False), executor=executor)
    assert data(store.quads(), audit_graph) == data(oracle, audit_graph)


def test_a_remote_blank_node_read_after_a_change_is_refused(gated, executor) -> None:
    store, settings = gated
    gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ _:b rdfs:comment 'bn' }} }}", settings,
                      executor=executor)
    before = sorted(map(str, store.quads()))
    with pytest.raises(UpdateError, match="cannot remove blank-node triples"):
        gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/n> rdfs:comment 'n' }} }} ;"
                          f" DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?b rdfs:comment 'bn' }} }}", settings,
                          executor=executor)
    assert sorted(map(str, store.quads())) == before
