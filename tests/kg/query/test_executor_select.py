"""QueryExecutor.select: the write path's questions answered in sandboxed workers (Update's dataset, a change)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryResourceError
from kg.query.executor import QueryExecutor
from kg.rdf.model import BlankNode, Literal, NamedNode
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

EX = "http://example.org/"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


QUADS = [
    ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("in the default graph")),
    ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "p"), ox.Literal("in g"), ox.NamedNode(EX + "g")),
    ox.Quad(ox.BlankNode("n1"), ox.NamedNode(EX + "p"), ox.Literal("a blank node"), ox.NamedNode(EX + "g")),
]


@pytest.fixture(params=["memory", "disk-memory", "disk"])
def store(request, tmp_path: Path):
    """The same quads in an in-memory store (workers load a snapshot) and on disk (read into memory, or not)."""
    store = EmbeddedStore(None if request.param == "memory" else tmp_path / "store")
    store.add_quads(QUADS)
    store.kind = request.param
    yield store
    store.close()


@pytest.fixture
def executor(settings: Settings, store):
    limit = 0 if store.kind == "disk" else 1000
    with QueryExecutor(settings.with_(query_timeout=10, serve_memory_max_triples=limit), workers=1) as pool:
        assert pool._source(store).kind == {"memory": "snapshot"}.get(store.kind, store.kind)
        yield pool


def subjects(rows: list[dict]) -> set[str]:
    return {row["s"].value for row in rows}


def test_the_default_graph_is_the_union_the_store_s_own_or_a_list(executor, store) -> None:
    union = executor.select(store, ALL)
    own = executor.select(store, ALL, default_graph="store")
    listed = executor.select(store, ALL, default_graph=[EX + "g"])
    assert len(union) == 3 and len(listed) == 2
    assert own == [{"s": NamedNode(EX + "a"), "p": NamedNode(EX + "p"), "o": Literal("in the default graph")}]
    with pytest.raises(ValueError, match="default_graph"):
        executor.select(store, ALL, default_graph="everything")


def test_blank_nodes_keep_the_store_s_labels(executor, store) -> None:
    label = next(quad.subject for quad in store.quads() if isinstance(quad.subject, ox.BlankNode))
    rows = executor.select(store, "SELECT ?s WHERE { ?s ?p 'a blank node' }")
    assert rows == [{"s": BlankNode(label.value)}]


def test_a_pending_change_is_seen_by_the_query_and_not_by_the_store(executor, store) -> None:
    label = next(quad.subject for quad in store.quads() if isinstance(quad.subject, ox.BlankNode)).value
    pending = (f'<{EX}c> <{EX}p> "added" <{EX}g> .\n',
               f'_:{label} <{EX}p> "a blank node" <{EX}g> .\n<{EX}a> <{EX}p> "in the default graph" .\n')
    executor.select(store, ALL)  # a worker is idle before
    before = set(executor.worker_pids())
    changed = executor.select(store, ALL, pending=pending)
    assert subjects(changed) == {EX + "b", EX + "c"}  # the blank node's quad and a's removed, c added
    assert executor.worker_pids() == [] or set(executor.worker_pids()).isdisjoint(before)  # that worker retired
    assert len(executor.select(store, ALL)) == 3  # neither the store nor the other workers saw the change
    assert store.quad_count() == 3
    own = executor.select(store, ALL, default_graph="store", pending=pending)
    assert own == []  # a's quad, the only one in the default graph, is removed by the pending change


def test_select_has_no_row_cap_but_a_byte_limit(settings: Settings, store) -> None:
    digits = "1 2 3 4 5 6 7 8 9 10"
    many = f"SELECT ?n WHERE {{ VALUES ?x {{ {digits} }} VALUES ?y {{ {digits} }} BIND(?x * 10 + ?y AS ?n) }}"
    with QueryExecutor(settings.with_(max_rows=10), workers=1) as executor:
        assert len(executor.select(store, many)) == 100
    with QueryExecutor(settings.with_(max_result_bytes=100), workers=1) as executor, \
            pytest.raises(QueryResourceError, match="KG_MAX_RESULT_BYTES"):
        executor.select(store, many)
