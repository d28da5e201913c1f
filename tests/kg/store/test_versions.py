"""kg.writes.versions: each commit bumps the store's version and keeps its change, so a query worker holding
an older copy of the data catches up by applying the writes since — exactly, and without a new zygote."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.executor import QueryExecutor
from kg.rdf.model import BlankNode, DefaultGraph, NamedNode, Quad
from kg.settings import Settings, load_settings
from kg.store import versions
from kg.store.embedded import EmbeddedStore
from kg.writes import gate

GRAPH = "http://ex/graph/versions"
ALL = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def quad(n: int) -> Quad:
    return Quad(NamedNode(f"http://ex/s{n}"), NamedNode("http://ex/p"), NamedNode("http://ex/o"), DefaultGraph())


def test_changes_since_a_version_are_given_in_order_while_they_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(None)
    assert versions.data_version(store) == 0 and versions.changes_since(store, 0) is None
    assert versions.committed(store, [quad(1)], []) == 1
    versions.committed(store, [quad(2)], [quad(1)])
    changes = versions.changes_since(store, 0)
    assert changes is not None and len(changes) == 2
    assert "s1" in changes[0][0] and "s2" in changes[1][0] and "s1" in changes[1][1]
    assert versions.changes_since(store, 1) == changes[1:] and versions.changes_since(store, 2) is None
    monkeypatch.setattr(versions, "KEPT_QUADS", 3)
    versions.committed(store, [quad(n) for n in range(4)], [])  # too large to keep: older versions are lost
    assert versions.changes_since(store, 2) is None and versions.data_version(store) == 3
    versions.committed(store, [quad(9)], [])
    assert versions.changes_since(store, 3) is not None


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    store = EmbeddedStore(None if request.param == "memory" else tmp_path / "store")
    store.add_quads([Quad(NamedNode("http://ex/a"), NamedNode("http://ex/p"), BlankNode("b0")),
                         Quad(BlankNode("b0"), NamedNode("http://ex/p"), NamedNode("http://ex/c"), NamedNode(GRAPH))])
    yield store
    store.close()


def answer(executor: QueryExecutor, store: EmbeddedStore) -> ox.Dataset:
    rows = executor.select(store, ALL, default_graph="store")
    found = ox.Dataset(Quad(r["s"], r["p"], r["o"], r.get("g", DefaultGraph())) for r in rows)
    found.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return found


def truth(store: EmbeddedStore) -> ox.Dataset:
    found = ox.Dataset(store.quads())
    found.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return found


def test_a_worker_catches_up_with_the_writes_since_its_copy(store, project: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    settings: Settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    with QueryExecutor(settings, workers=1) as executor:
        assert answer(executor, store) == truth(store)
        zygote = executor._zygote.process.pid
        for update in (f"INSERT DATA {{ GRAPH <{GRAPH}> {{ _:n <http://ex/p> 'new' . <http://ex/a> <http://ex/q> 1 }}"
                       " } ; CREATE GRAPH <http://ex/graph/empty>",
                       "DELETE WHERE { ?a <http://ex/p> ?b }",  # removes the blank node's quad by its label
                       f"DROP GRAPH <{GRAPH}> ; INSERT DATA {{ <http://ex/a> <http://ex/q> 1 }}",
                       f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://ex/a> <http://ex/q> 1 }} }}"):
            gate.apply_update(store, update, settings, executor=executor)
            assert answer(executor, store) == truth(store), update
        assert executor._zygote.process.pid == zygote  # caught up each time: the store was never loaded again
        monkeypatch.setattr(versions, "KEPT_QUADS", 100)
        gate.replace_graph(store, GRAPH, "".join(f'<http://ex/s{n}> <http://ex/p> "{n}" .\n' for n in range(200)),
                           "application/n-triples", settings)  # too large to keep
        assert answer(executor, store) == truth(store)
        assert executor._zygote.process.pid != zygote  # a new copy of the data was loaded
