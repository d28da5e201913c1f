"""kg.write_limits through the gate: a write is bounded end to end by update_timeout — a validation past it
is stopped with WriteTimeoutError and changes nothing, a writer that cannot get the lock in time gets the
same error, and a slow write holds the others no longer than its own limit."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kg import write_limits
from kg.errors import KgError, WriteTimeoutError
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.writes import gate
from tests.helpers.shapes import SLOW_DATA, SLOW_SHAPE

GRAPH = "http://ex/graph/limits"


@pytest.fixture
def slow_world(project: Path, memory_store: EmbeddedStore) -> tuple[EmbeddedStore, Settings]:
    """The tiny store with a shape that never finishes on SLOW_DATA, and the validator already warm."""
    (project / "shapes").mkdir()
    (project / "shapes" / "slow.ttl").write_text(SLOW_SHAPE)
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:")
    gate.add_to_graph(memory_store, GRAPH, "<http://ex/warm> <http://ex/p> 'w' .", "text/turtle", settings)
    return memory_store, settings


def in_thread(write) -> tuple[threading.Thread, dict]:
    """Run ``write`` in a thread; the dict gets its outcome and when it ended."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = write()
        except KgError as exc:
            outcome["error"] = exc
        outcome["ended"] = time.monotonic()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_validation_past_the_limit_is_stopped_and_changes_nothing(slow_world) -> None:
    store, settings = slow_world
    before, version = set(store.quads()), gate.data_version(store)
    started = time.monotonic()
    with pytest.raises(WriteTimeoutError, match="update_timeout") as stopped:
        gate.add_to_graph(store, GRAPH, SLOW_DATA, "text/turtle", settings.with_(update_timeout=1.5))
    assert time.monotonic() - started < 10 and "validating" in str(stopped.value)
    assert set(store.quads()) == before and gate.data_version(store) == version
    assert not write_limits._LOCK.locked()
    assert gate.add_to_graph(store, GRAPH, "<http://ex/next> <http://ex/p> 'n' .", "text/turtle", settings).added == 1


def test_a_slow_write_holds_the_others_no_longer_than_its_own_limit(slow_world, executor) -> None:
    store, settings = slow_world
    before = set(store.quads())
    started = time.monotonic()
    slow, slow_outcome = in_thread(lambda: gate.add_to_graph(store, GRAPH, SLOW_DATA, "text/turtle",
                                                             settings.with_(update_timeout=3)))
    while not write_limits._LOCK.locked():
        time.sleep(0.01)
    impatient, impatient_outcome = in_thread(lambda: gate.apply_update(
        store, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/b> <http://ex/p> 'b' }} }}",
        settings.with_(update_timeout=0.5), executor=executor))
    patient, patient_outcome = in_thread(lambda: gate.apply_update(
        store, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/c> <http://ex/p> 'c' }} }}", settings, executor=executor))
    for thread in (slow, impatient, patient):
        thread.join(timeout=120)
    assert isinstance(slow_outcome.get("error"), WriteTimeoutError)
    waited = impatient_outcome.get("error")
    assert isinstance(waited, WriteTimeoutError) and "waiting for another write" in str(waited)
    assert impatient_outcome["ended"] - started < 3  # it gave up at its own limit, not the slow one's
    assert patient_outcome["result"].added == 1
    assert patient_outcome["ended"] - started < 3 + 10  # right after the slow write was stopped at its limit
    added = set(store.quads()) - before
    assert {q.subject.value for q in added if q.graph_name.value == GRAPH} == {"http://ex/c"}


def test_writes_paused_holds_the_write_lock_itself(memory_store: EmbeddedStore, project: Path, executor) -> None:
    """A backup's pause (kg.gate.writes_paused) is the write lock: a write waits for it within its own
    limit (503 past it, nothing changed), and goes through once the pause ends."""
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:")
    before = set(memory_store.quads())
    insert = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/paused> <http://ex/p> 'p' }} }}"
    with gate.writes_paused():
        assert write_limits._LOCK.locked()
        with pytest.raises(WriteTimeoutError, match="waiting for another write"):
            gate.apply_update(memory_store, insert, settings.with_(update_timeout=0.3), executor=executor)
        assert set(memory_store.quads()) == before
    assert not write_limits._LOCK.locked()
    assert gate.apply_update(memory_store, insert, settings, executor=executor).added == 1
