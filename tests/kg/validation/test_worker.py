"""kg.validation_worker: a write's SHACL validation runs in a separate process, answers what validating in
this process answers, and is killed at the write's deadline (its CPU stops; a fresh process takes over)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import WriteTimeoutError
from kg.store.embedded import EmbeddedStore
from kg.validation.impact import touched_terms
from kg.validation.shacl import validate_affected
from kg.validation.worker import WORKER
from kg.write_limits import Deadline
from tests.helpers.shapes import SLOW_DATA, SLOW_SHAPE

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "data" / "shapes"


def dead(pid: int) -> bool:
    """Whether the process has ended (gone, or a zombie not reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_the_worker_reports_what_validating_here_reports() -> None:
    store = EmbeddedStore(None)
    for path in [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]:
        store.load(path, graph=f"https://w3id.org/fikg/graph/ontology/{path.stem}")
    store.load(FIXTURES / "base.ttl", graph="https://w3id.org/fikg/graph/test")
    live = set(store.quads())
    store.load(FIXTURES / "entity-label.ttl", graph="https://w3id.org/fikg/graph/test")
    changed = touched_terms(q for q in store.quads() if q not in live)
    here = validate_affected(store, changed, ROOT / "shapes")
    there = WORKER.validate(store.export("application/n-quads"), changed, ROOT / "shapes",
                            Deadline.after(120))
    assert not there.conforms and there.results
    assert [r.key for r in there.results] == [r.key for r in here.results]
    assert len(there.graph) == len(here.graph)


def test_a_validation_past_the_deadline_is_killed_and_the_next_one_gets_a_fresh_worker(tmp_path: Path) -> None:
    (tmp_path / "slow.ttl").write_text(SLOW_SHAPE)
    store = EmbeddedStore(None)
    store.oxigraph().load(SLOW_DATA, format=ox.RdfFormat.N_TRIPLES)
    nquads = store.export("application/n-quads")
    changed = touched_terms(store.quads())
    WORKER.warm(tmp_path)
    validating = WORKER.pid
    assert validating is not None
    started = time.monotonic()
    with pytest.raises(WriteTimeoutError, match="update_timeout"):
        WORKER.validate(nquads, changed, tmp_path, Deadline.after(1.5))
    assert time.monotonic() - started < 10  # the validation alone would run for hours
    assert not Path(f"/proc/{validating}").exists()  # killed and reaped: no CPU, no zombie
    assert WORKER.pid not in (None, validating)  # the replacement is already starting
    report = WORKER.validate(b"<http://ex/t> <http://ex/other> \"1\" .\n", touched_terms([]), tmp_path,
                             Deadline.after(120))
    assert report.conforms


def test_a_worker_that_died_between_writes_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "none.ttl").write_text("")
    empty = Deadline.after(120)
    WORKER.validate(b"", touched_terms([]), tmp_path, empty)
    pid = WORKER.pid
    assert pid is not None
    os.kill(pid, 9)
    while not dead(pid):
        time.sleep(0.05)
    assert WORKER.validate(b"", touched_terms([]), tmp_path, Deadline.after(120)).conforms
    assert WORKER.pid != pid
