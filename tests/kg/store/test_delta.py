"""kg.store.delta, through Store.commit_delta: a delta is committed exactly — blank nodes keep their labels,
deletions remove exactly the quads named — in one atomic update whose size does not nest with the delta's."""

from __future__ import annotations

import pytest

from kg.errors import UpdateError
from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad
from kg.store.embedded import EmbeddedStore

P = NamedNode("http://ex/p")
G = NamedNode("http://ex/g")
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def test_a_delta_with_blank_nodes_to_add_and_remove_is_committed_with_its_labels() -> None:
    store = EmbeddedStore(None)
    gone, kept = BlankNode("gone1"), BlankNode("kept1")
    store.add_quads([Quad(gone, P, Literal("one"), G), Quad(kept, P, Literal("two"), G),
                         Quad(gone, P, kept, DefaultGraph()), Quad(NamedNode("http://ex/a"), P, gone, G)])
    new, other = BlankNode("new1"), BlankNode()  # a chosen label and one pyoxigraph made up
    added = [Quad(new, P, Literal("three", language="zh"), G), Quad(new, P, other, G),
             Quad(NamedNode("http://ex/a"), P, new, DefaultGraph()), Quad(other, P, Literal("x"), BlankNode("graph1"))]
    removed = [Quad(gone, P, Literal("one"), G), Quad(gone, P, kept, DefaultGraph())]
    store.commit_delta(added, removed, before=["INSERT DATA { <http://ex/before> <http://ex/p> 1 }"],
           after=["INSERT DATA { <http://ex/after> <http://ex/p> 2 }"])
    expected = {Quad(kept, P, Literal("two"), G), Quad(NamedNode("http://ex/a"), P, gone, G), *added,
                Quad(NamedNode("http://ex/before"), P, Literal("1", datatype=XSD_INTEGER), DefaultGraph()),
                Quad(NamedNode("http://ex/after"), P, Literal("2", datatype=XSD_INTEGER), DefaultGraph())}
    assert set(store.quads()) == expected


def test_a_commit_whose_last_operation_fails_applies_nothing() -> None:
    store = EmbeddedStore(None)
    store.add_quads([Quad(BlankNode("b1"), P, Literal("one"), G), Quad(NamedNode("http://ex/a"), P, P, G)])
    before = set(store.quads())
    with pytest.raises(UpdateError):  # CREATE GRAPH of an existing graph fails after the delta's operations ran
        store.commit_delta([Quad(BlankNode("b2"), P, Literal("two"), G), Quad(P, P, P, G)],
               [Quad(BlankNode("b1"), P, Literal("one"), G), Quad(NamedNode("http://ex/a"), P, P, G)],
               after=[f"CREATE GRAPH {G}"])
    assert set(store.quads()) == before


def test_a_large_blank_node_delta_commits_in_one_flat_update() -> None:
    """One BIND per blank node would nest the algebra once per node (the engine recurses on it)."""
    store = EmbeddedStore(None)
    added = [Quad(BlankNode(f"n{i}"), P, BlankNode(f"n{i + 1}"), G) for i in range(20_000)]
    store.commit_delta(added, [])
    assert set(store.quads()) == set(added)
    store.commit_delta([], added[::2])
    assert set(store.quads()) == set(added[1::2])
