"""Query execution in killable workers: results, limits, fresh data after writes and publications."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from kg.build.pipeline import build
from kg.errors import ForbiddenOperationError, QueryParameterError, QuerySyntaxError, QueryTimeoutError
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.store.live import open_store
from kg.writes import gate
from tests.helpers.execution import COUNT, JSON, RUNAWAY, TIMEOUT
from tests.helpers.project import INDUSTRY

DATA_COUNT = COUNT  # the store holds the data only: the audit of writes is read from the journal (kg.writes.audit)


def count(executor: QueryExecutor, store, sparql: str = COUNT, **dataset) -> int:
    answer = executor.execute(store, QueryRequest(sparql, JSON, **dataset))
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def executor(settings: Settings):
    with QueryExecutor(settings.with_(query_timeout=TIMEOUT), workers=2) as pool:
        yield pool


def test_answers_are_serialised_natively_in_the_requested_format(executor, memory_store) -> None:
    csv = executor.execute(memory_store, QueryRequest("SELECT ?s WHERE { ?s a ?c } ORDER BY ?s", "text/csv"))
    assert csv.body.decode().splitlines()[0] == "s"
    assert INDUSTRY in csv.body.decode()
    turtle = executor.execute(memory_store, QueryRequest(f"DESCRIBE <{INDUSTRY}>", "text/turtle"))
    assert b"Third-generation semiconductors" in turtle.body
    ask = executor.execute(memory_store, QueryRequest("ASK { ?s ?p ?o }", "application/sparql-results+xml"))
    assert b"<boolean>true</boolean>" in ask.body


def test_the_default_graph_is_the_union_unless_the_request_names_graphs(executor, memory_store) -> None:
    graphs = {info.iri: info.triples for info in memory_store.graphs()}
    data_graph = next(iri for iri in graphs if iri.endswith("/graph/tiny"))
    assert count(executor, memory_store) == sum(graphs.values())
    assert count(executor, memory_store, default_graphs=(data_graph,)) == graphs[data_graph]
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(executor, memory_store, named, named_graphs=(data_graph,)) == 1


def test_row_cap_truncates_and_says_so(settings: Settings, memory_store) -> None:
    with QueryExecutor(settings.with_(max_rows=2), workers=1) as executor:
        rows = executor.execute(memory_store, QueryRequest("SELECT * WHERE { ?s ?p ?o }", JSON))
        triples = executor.execute(memory_store, QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"))
        small = executor.execute(memory_store, QueryRequest("SELECT * WHERE { ?s a ?c } LIMIT 1", JSON))
    assert rows.truncated and len(json.loads(rows.body)["results"]["bindings"]) == 2
    assert triples.truncated and len(triples.body.splitlines()) == 2
    assert not small.truncated


def test_errors_are_typed(executor, memory_store) -> None:
    with pytest.raises(QuerySyntaxError) as syntax:
        executor.execute(memory_store, QueryRequest("SELECT * WHERE {\n  ?s ?p }", JSON))
    assert syntax.value.line == 2 and syntax.value.column is not None
    with pytest.raises(QuerySyntaxError, match="/update"):
        executor.execute(memory_store, QueryRequest("DROP ALL", JSON))
    with pytest.raises(ForbiddenOperationError):
        executor.execute(memory_store, QueryRequest("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", JSON))
    with pytest.raises(QueryParameterError):
        executor.execute(memory_store, QueryRequest(COUNT, JSON, default_graphs=("not an iri",)))


def test_a_runaway_query_is_killed_at_the_timeout_while_others_are_answered(executor, memory_store) -> None:
    count(executor, memory_store)
    (first_worker,) = executor.worker_pids()
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        try:
            count(executor, memory_store, RUNAWAY)
        except QueryTimeoutError as exc:
            outcome["error"] = exc
        outcome["elapsed"] = time.monotonic() - started
        outcome["finished"] = time.monotonic()

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    answered = [count(executor, memory_store) for _ in range(3)]  # served by the other worker meanwhile
    answered_at = time.monotonic()
    thread.join(timeout=30)
    assert isinstance(outcome["error"], QueryTimeoutError)
    assert answered_at < outcome["finished"], "the cheap queries waited for the runaway"
    assert TIMEOUT - 0.1 <= outcome["elapsed"] < TIMEOUT + 5
    assert len(set(answered)) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(first_worker, 0)  # the runaway's worker is gone: the query no longer uses any CPU
    assert first_worker not in executor.worker_pids()
    assert count(executor, memory_store) == answered[0]  # and the pool still answers


def test_workers_see_writes_through_the_gate(executor, memory_store, settings: Settings) -> None:
    before = count(executor, memory_store, DATA_COUNT)
    gate.apply_update(memory_store, "INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 'c' } }",
                      settings, executor=executor)
    assert count(executor, memory_store, DATA_COUNT) == before + 1


def test_on_disk_workers_see_writes_and_new_publications(executor, settings: Settings, project) -> None:
    build(settings)
    store = open_store(settings)
    try:
        before = count(executor, store, DATA_COUNT)
        gate.apply_update(store, "INSERT DATA { <http://ex/a> <http://ex/b> 'c' }", settings, executor=executor)
        assert count(executor, store, DATA_COUNT) == before + 1
    finally:
        store.close()
    (project / "data" / "more.ttl").write_text("<http://ex/x> <http://ex/y> <http://ex/z>, <http://ex/w> .\n")
    build(settings)
    republished = open_store(settings)
    try:
        assert isinstance(republished, EmbeddedStore)
        assert count(executor, republished) == before + 3  # the rebuilt generation, the API write kept (kg.journal)
    finally:
        republished.close()
