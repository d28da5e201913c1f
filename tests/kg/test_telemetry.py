"""The core's counters move with what really happens: queries (ok, timeout, refused), workers, writes by shape."""

from __future__ import annotations

import pytest

from kg import telemetry
from kg.errors import QueryResourceError, QuerySyntaxError, QueryTimeoutError, ValidationError
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.validation.report import ValidationResult
from kg.writes import gate

JSON = "application/sparql-results+json"
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . "
           "?p ?q ?r . ?s ?t ?u }")
TECHNOLOGY = "https://w3id.org/fikg/ontology#Technology"


def value(name: str, labels: dict[str, str] | None = None) -> float:
    return telemetry.REGISTRY.get_sample_value(name, labels or {}) or 0.0


def test_query_outcomes_are_timed_and_counted(settings: Settings, memory_store: EmbeddedStore) -> None:
    before = {outcome: value("kg_query_duration_seconds_count", {"outcome": outcome})
              for outcome in ("ok", "timeout", "rejected", "refused")}
    timeouts, lost = value("kg_query_timeouts_total"), value("kg_query_workers_lost_total", {"reason": "timeout"})
    started = value("kg_query_workers_started_total")
    with QueryExecutor(settings.with_(query_timeout=0.5, max_result_bytes=64), workers=1) as executor:
        executor.execute(memory_store, QueryRequest("ASK { ?s ?p ?o }", JSON)).close()
        with pytest.raises(QuerySyntaxError):
            executor.execute(memory_store, QueryRequest("SELECT * WHERE { ?s ?p }", JSON))
        with pytest.raises(QueryResourceError):
            executor.execute(memory_store, QueryRequest("SELECT * WHERE { ?s ?p ?o }", JSON))
        with pytest.raises(QueryTimeoutError):
            executor.execute(memory_store, QueryRequest(RUNAWAY, JSON))
        executor.execute(memory_store, QueryRequest("ASK { ?s ?p ?o }", JSON)).close()  # on a new worker
    after = {outcome: value("kg_query_duration_seconds_count", {"outcome": outcome}) for outcome in before}
    assert {k: after[k] - before[k] for k in before} == {"ok": 2, "timeout": 1, "rejected": 1, "refused": 1}
    assert value("kg_query_timeouts_total") - timeouts == 1
    assert value("kg_query_workers_lost_total", {"reason": "timeout"}) - lost == 1
    assert value("kg_query_refusals_total", {"limit": "result_size"}) >= 1
    assert value("kg_query_workers_started_total") - started >= 2  # the killed worker was replaced


def test_writes_are_counted_accepted_and_refused_by_shape(gated: tuple[EmbeddedStore, Settings], executor) -> None:
    store, settings = gated
    accepted, refused = value("kg_writes_total", {"outcome": "accepted"}), value("kg_writes_total",
                                                                                 {"outcome": "refused"})
    gate.apply_update(store, "INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 'c' } }", settings,
                      executor=executor)
    with pytest.raises(ValidationError) as refusal:
        gate.apply_update(store, f"INSERT DATA {{ GRAPH <http://ex/g> {{ <http://ex/t> a <{TECHNOLOGY}> }} }}",
                          settings, executor=executor)
    assert value("kg_writes_total", {"outcome": "accepted"}) - accepted == 1
    assert value("kg_writes_total", {"outcome": "refused"}) - refused == 1
    [shape] = {telemetry.shape_label(r) for r in refusal.value.report.violations}
    assert shape == "[http://www.w3.org/2000/01/rdf-schema#label] MinCountConstraintComponent"
    assert value("kg_write_refusals_total", {"shape": shape}) >= 1


@pytest.mark.parametrize(("result", "label"), [
    (ValidationResult("x", None, None, "https://w3id.org/fikg/shapes#TechnologyShape", "Violation"),
     "https://w3id.org/fikg/shapes#TechnologyShape"),
    (ValidationResult("x", "http://p", None, "n8a1b", "Violation", component="http://www.w3.org/ns/shacl#"
                      "ClassConstraintComponent"), "[http://p] ClassConstraintComponent"),
    (ValidationResult("x", None, None, "_:b0", "Violation"), "anonymous"),
    (ValidationResult("x", None, None, "n1", "Violation", constraint="https://ex/check#unique"), "https://ex/check#unique"),
])
def test_shape_labels_are_bounded_by_the_shapes(result: ValidationResult, label: str) -> None:
    assert telemetry.shape_label(result) == label
