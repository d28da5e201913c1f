"""The audit of writes: one PROV-O record per accepted write, read from the journal; protected graphs.

The records are queried with SPARQL over the audit's own store (:func:`kg.audit.audit_store`), built
from the journal: the store of the data holds none of them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import ForbiddenOperationError, QuerySyntaxError
from kg.journal import open_journal
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.writes import gate
from kg.writes.audit import AUDIT, PROV, AuditFilter, audit_graph, audit_records, audit_store, protected_graphs

NOTES = "https://w3id.org/fikg/graph/notes"
INSERT = f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> <http://ex/b> 'c' }} }}"
RECORDS = f"""
PREFIX prov: <{PROV}> PREFIX audit: <{AUDIT}>
SELECT ?write ?operation ?client ?ended ?graph ?added ?removed ?added_text ?removed_text WHERE {{
  GRAPH <https://w3id.org/fikg/graph/audit> {{
    ?write a prov:Activity ; audit:operation ?operation ; prov:endedAtTime ?ended ;
           prov:wasAssociatedWith/<http://www.w3.org/2000/01/rdf-schema#label> ?client .
    OPTIONAL {{ ?write prov:generated ?change . ?change audit:graph ?graph ; audit:triplesAdded ?added ;
                audit:triplesRemoved ?removed ; audit:addedTriples ?added_text ; audit:removedTriples ?removed_text }}
  }}
}} ORDER BY ?ended ?graph
"""


@pytest.fixture
def plain(project) -> Settings:
    return load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)


def records(store: EmbeddedStore, settings: Settings | None = None) -> list[dict[str, str]]:
    audit = audit_store(open_journal(settings or _settings(store), store), settings or _settings(store))
    return [{k: v.value for k, v in row.items()} for row in audit.select(RECORDS)]


def _settings(store: EmbeddedStore) -> Settings:
    return load_settings(environ={}, store_path=":memory:")  # the journal of an in-memory store is its own


def test_an_update_is_recorded_with_client_graph_and_triples(memory_store: EmbeddedStore, plain: Settings,
                                                             executor) -> None:
    gate.apply_update(memory_store, INSERT, plain, client="ministry", executor=executor)
    gate.apply_update(memory_store, f"DELETE DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> <http://ex/b> 'c' }} }}",
                      plain, client="analyst", executor=executor)
    first, second = records(memory_store)
    assert (first["operation"], first["client"], first["graph"]) == ("update", "ministry", NOTES)
    assert (first["added"], first["removed"]) == ("1", "0")
    assert first["added_text"] == '<http://ex/a> <http://ex/b> "c" .\n'
    assert (second["client"], second["added"], second["removed"]) == ("analyst", "0", "1")
    assert second["removed_text"] == first["added_text"]
    assert first["ended"] <= second["ended"]


def test_graph_store_writes_are_recorded_with_their_operation(memory_store: EmbeddedStore, plain: Settings) -> None:
    gate.replace_graph(memory_store, NOTES, "<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle", plain,
                       client="loader")
    gate.add_to_graph(memory_store, NOTES, "<http://ex/a> <http://ex/b> <http://ex/d> .", "text/turtle", plain)
    gate.delete_graph(memory_store, NOTES, plain, client="loader")
    assert [(r["operation"], r["client"], r["added"], r["removed"]) for r in records(memory_store)] == [
        ("put", "loader", "1", "0"), ("post", "anonymous", "1", "0"), ("delete", "loader", "0", "2")]


def test_a_refused_write_leaves_no_record(memory_store: EmbeddedStore, plain: Settings, executor) -> None:
    with pytest.raises(QuerySyntaxError):
        gate.apply_update(memory_store, "INSERT DATA { <http://ex/a> }", plain, executor=executor)
    assert records(memory_store) == []


def test_the_data_holds_no_audit(memory_store: EmbeddedStore, plain: Settings, executor) -> None:
    """COUNT(*) over the union default graph grows by the write's own triples, nothing else."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = int(memory_store.select(count)[0]["n"].value)
    gate.apply_update(memory_store, INSERT, plain, executor=executor)
    assert int(memory_store.select(count)[0]["n"].value) == before + 1
    assert memory_store.count_triples(audit_graph(plain)) == 0
    assert len(records(memory_store)) == 1


def test_records_are_filtered_by_client_time_and_graph(memory_store: EmbeddedStore, plain: Settings,
                                                       executor) -> None:
    gate.apply_update(memory_store, INSERT, plain, client="ministry", executor=executor)
    gate.replace_graph(memory_store, "http://ex/other", "<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle",
                       plain, client="loader")
    journal = open_journal(plain, memory_store)
    everything = audit_records(journal)
    assert [r.client for r in everything] == ["ministry", "loader"]
    assert [r.client for r in audit_records(journal, AuditFilter(client="loader"))] == ["loader"]
    assert [r.client for r in audit_records(journal, AuditFilter(graph=NOTES))] == ["ministry"]
    assert audit_records(journal, AuditFilter(since=everything[1].ended)) == everything[1:]
    assert audit_records(journal, AuditFilter(until=everything[0].ended)) == everything[:1]


def test_the_record_commits_with_a_blank_node_replay(memory_store: EmbeddedStore, plain: Settings, executor) -> None:
    gate.apply_update(memory_store, f"INSERT DATA {{ GRAPH <{NOTES}> {{ _:b <http://ex/p> 1 }} }}", plain,
                      executor=executor)
    gate.apply_update(memory_store, f"DELETE WHERE {{ GRAPH <{NOTES}> {{ ?b <http://ex/p> 1 }} }} ;", plain,
                      executor=executor)
    assert [(r["added"], r["removed"]) for r in records(memory_store)] == [("1", "0"), ("0", "1")]
    assert memory_store.count_triples(NOTES) == 0


@pytest.mark.parametrize("update", [
    "INSERT DATA { GRAPH <https://w3id.org/fikg/graph/audit> { <http://ex/a> <http://ex/b> 'c' } }",
    "ADD <https://w3id.org/fikg/graph/notes> TO <https://w3id.org/fikg/graph/audit>",
    "INSERT DATA { GRAPH <https://w3id.org/fikg/graph/inferred> { <http://ex/a> <http://ex/b> 'c' } }",
])
def test_no_write_may_touch_the_reserved_audit_graph_or_the_inferred_graph(memory_store: EmbeddedStore,
                                                                          plain: Settings, update: str,
                                                                          executor) -> None:
    gate.apply_update(memory_store, INSERT, plain, executor=executor)
    before = set(memory_store.quads())
    with pytest.raises(ForbiddenOperationError, match="cannot be written"):
        gate.apply_update(memory_store, update, plain, executor=executor)
    assert set(memory_store.quads()) == before


def test_graph_store_writes_to_protected_graphs_are_refused(memory_store: EmbeddedStore, plain: Settings) -> None:
    before = set(memory_store.quads())
    for graph in sorted(protected_graphs(plain)):
        with pytest.raises(ForbiddenOperationError):
            gate.replace_graph(memory_store, graph, "", "text/turtle", plain)
        with pytest.raises(ForbiddenOperationError):
            gate.delete_graph(memory_store, graph, plain)
    assert set(memory_store.quads()) == before


def test_records_are_valid_prov(memory_store: EmbeddedStore, plain: Settings, executor) -> None:
    gate.apply_update(memory_store, INSERT, plain, client="ministry", executor=executor)
    graph = audit_graph(plain)
    audit = audit_store(open_journal(plain, memory_store), plain)
    typed = {str(q.object.value) for q in audit.quads(graph) if q.predicate.value.endswith("#type")}
    assert {PROV + "Activity", PROV + "Entity", PROV + "Agent"} <= typed
    ended = next(q.object for q in audit.quads(graph) if q.predicate.value == PROV + "endedAtTime")
    assert ended.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
