"""kg.writes.where: an update's WHERE clause is evaluated in a sandboxed, killable query worker, never in the
process that serves the API — the review's probes against the write path (D5/D1 for updates, D7, D12)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest

from kg import write_limits
from kg.errors import KgError, QueryResourceError, UpdateError, WriteTimeoutError
from kg.query.executor import QueryExecutor
from kg.rdf.model import NamedNode
from kg.settings import Settings, load_settings
from kg.sparql.parser import parse_update
from kg.store.embedded import EmbeddedStore
from kg.writes import gate
from tests.helpers.network import CountingListener as Listener

GRAPH = "http://ex/graph/where"
INSERT = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/other> <http://ex/p> 'served' }} }}"
CARTESIAN = (f"INSERT {{ GRAPH <{GRAPH}> {{ <http://ex/x> <http://www.w3.org/2000/01/rdf-schema#comment> ?n }} }} "
             "WHERE { SELECT (STR(COUNT(*)) AS ?n) WHERE { "
             + " ".join(f"GRAPH ?g{n} {{ ?s{n} ?p{n} ?o{n} }}" for n in range(7))
             + " } }")  # the review's probe 26: ~23⁷ = 3.4 × 10⁹ rows on the tiny store (minutes of work)


@pytest.fixture
def world(project: Path, memory_store: EmbeddedStore) -> tuple[EmbeddedStore, Settings]:
    return memory_store, load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)


@pytest.fixture
def listener():
    probe = Listener()
    yield probe
    probe.close()


def unscreened(executor: QueryExecutor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let SERVICE through both screens (the update's and the query worker's): only the wall is left."""
    monkeypatch.setattr(gate, "parse_screened_update", lambda text, settings, base_iri=None: parse_update(text))
    monkeypatch.setattr(executor, "screen", lambda *args, **kwargs: None)


def services(port: int) -> list[str]:
    target = f"http://127.0.0.1:{port}/sparql"
    return [f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"INSERT {{ GRAPH <{GRAPH}> {{ <http://ex/a> <http://ex/b> 1 }} }} "
            f"WHERE {{ SERVICE SILENT <{target}> {{}} }}",
            f"PREFIX : <http://127.0.0.1:{port}/> DELETE WHERE {{ <http://ex/a> ?p ?o }} ; "
            f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}"]


def test_service_past_the_screen_makes_no_connection(world, executor, listener, monkeypatch) -> None:
    """The second wall alone: the worker evaluating the WHERE clause cannot open a socket."""
    store, settings = world
    unscreened(executor, monkeypatch)
    before = set(store.quads())
    for update in services(listener.port):
        with contextlib.suppress(KgError):  # refused (the worker could not reach the endpoint), or committed
            gate.apply_update(store, update, settings, executor=executor)
    time.sleep(0.3)
    assert listener.connections == 0
    added = {(q.subject.value, q.object.value) for q in set(store.quads()) - before if q.graph_name == NamedNode(GRAPH)}
    assert added <= {("http://ex/a", "1")}  # SERVICE SILENT gives one empty solution: only the constant triple


def test_without_the_wall_the_same_update_connects(world, project, listener, monkeypatch) -> None:
    """The control: a worker allowed the network reaches the listener, so the test above can fail."""
    store, settings = world
    open_settings = load_settings(environ={}, project_dir=project, store_path=":memory:", allow_service=True,
                                  query_timeout=5)
    with QueryExecutor(open_settings, workers=1) as open_executor:
        unscreened(open_executor, monkeypatch)
        with pytest.raises(KgError):
            gate.apply_update(store, services(listener.port)[0], settings.with_(update_timeout=10),
                              executor=open_executor)
    deadline = time.monotonic() + 5
    while listener.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.connections >= 1


def busy_workers(executor: QueryExecutor) -> set[int]:
    """Workers of the executor's zygote that are alive and not idle (from /proc: no extra package needed)."""
    zygote = executor._zygote.process.pid if executor._zygote is not None else None
    children = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == zygote:
            children.add(int(entry))
    return children - set(executor.worker_pids())


def test_a_runaway_where_is_killed_at_the_limit_and_the_next_writer_is_served(world, executor) -> None:
    """Probe 26: a WHERE counting ~10⁹ rows ran 138 s in the server process holding the write lock."""
    store, settings = world
    before, version = set(store.quads()), gate.data_version(store)
    outcome: dict = {}

    def other_writer() -> None:
        while not write_limits._LOCK.locked():
            time.sleep(0.01)
        try:
            outcome["result"] = gate.apply_update(store, INSERT, settings, executor=executor)
        except KgError as exc:
            outcome["error"] = exc
        outcome["ended"] = time.monotonic()

    waiting = threading.Thread(target=other_writer)
    waiting.start()
    started = time.monotonic()
    with pytest.raises(WriteTimeoutError, match="update_timeout") as stopped:
        gate.apply_update(store, CARTESIAN, settings.with_(update_timeout=2), executor=executor)
    stopped_at = time.monotonic()
    waiting.join(timeout=60)
    assert stopped_at - started < 10 and "WHERE clause" in str(stopped.value)
    assert not busy_workers(executor), "the worker evaluating the runaway WHERE is still running"
    assert outcome.get("result") is not None and outcome["result"].added == 1, outcome
    assert outcome["ended"] - stopped_at < 10  # served once the runaway was stopped, not when it would have ended
    changed = set(store.quads()) ^ before  # the store holds the data only: the audit is in the journal
    assert changed == {q for q in store.quads(GRAPH) if q.subject.value == "http://ex/other"}  # the other writer's
    assert gate.data_version(store) == version + 1 and not write_limits._LOCK.locked()


def test_a_where_building_a_huge_term_hits_the_worker_s_limit(world, project) -> None:
    """Probe 9's term (2²⁵ doublings of 16 characters: 537 MB) built by an update: the worker's memory or
    result limit stops it (507), the server process never holds it."""
    store, settings = world
    doublings = " ".join(f"BIND(CONCAT(?s{n}, ?s{n}) AS ?s{n + 1})" for n in range(25))
    update = (f"INSERT {{ GRAPH <{GRAPH}> {{ <http://ex/x> <http://ex/p> ?s25 }} }} "
              f"WHERE {{ BIND('0123456789abcdef' AS ?s0) {doublings} }}")
    limited = load_settings(environ={}, project_dir=project, store_path=":memory:", query_memory_mb=256,
                            max_result_bytes=64 << 20)
    before = set(store.quads())
    with QueryExecutor(limited, workers=1) as executor, pytest.raises(QueryResourceError) as refused:
        gate.apply_update(store, update, settings.with_(update_timeout=60), executor=executor)
    assert "KG_QUERY_MEMORY_MB" in str(refused.value) or "KG_MAX_RESULT_BYTES" in str(refused.value)
    assert set(store.quads()) == before


def test_what_the_engine_cannot_evaluate_is_an_update_error(world, executor) -> None:
    store, settings = world
    with pytest.raises(UpdateError, match="custom function"):
        gate.apply_update(store, f"INSERT {{ GRAPH <{GRAPH}> {{ <http://ex/a> <http://ex/b> ?x }} }} "
                          "WHERE { BIND(<http://ex/unknown-function>(1) AS ?x) }", settings, executor=executor)
