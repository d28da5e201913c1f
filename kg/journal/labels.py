"""Stable blank-node labels for a build's sources, so that a blank node keeps its label from build to build.

A parser gives every blank node of a Turtle file a fresh random label, so two builds of the same sources
would differ in every triple that holds one, and the journal would record each rebuild as a change of
them all. :func:`stabilise` renames the blank nodes of a freshly loaded dataset after what they say:
each starts with the same colour, and in each round its colour becomes a hash of its own and of the
triples around it (predicate, graph, and the other term — its colour when that is a blank node), the
colour refinement that tells apart all but perfectly symmetric nodes. The label is ``b`` and the hash;
nodes that still share a colour (symmetric within their graph, which the sources here never have) get
``-1``, ``-2``… in an order that is not guaranteed to repeat. Only the sources' blank nodes are renamed:
those an API write created keep the labels the journal recorded.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pyoxigraph as ox

from kg.rdf.model import BlankNode, Quad

ROUNDS = 4


def stabilise(engine: ox.Store) -> int:
    """Rename every blank node in ``engine`` to its stable label; the number of nodes renamed."""
    holding = [q for q in engine if any(isinstance(t, BlankNode) for t in (q.subject, q.object, q.graph_name))]
    if not holding:
        return 0
    nodes = sorted({t for q in holding for t in (q.subject, q.object, q.graph_name) if isinstance(t, BlankNode)},
                   key=lambda n: n.value)
    colour = dict.fromkeys(nodes, "")
    around: dict[BlankNode, list[Quad]] = defaultdict(list)
    for quad in holding:
        for term in {quad.subject, quad.object, quad.graph_name}:
            if isinstance(term, BlankNode):
                around[term].append(quad)
    for _ in range(ROUNDS):
        colour = {node: _hash(node, around[node], colour) for node in nodes}
    labels: dict[BlankNode, BlankNode] = {}
    seen: dict[str, int] = defaultdict(int)
    for node in nodes:
        label = f"b{colour[node][:32]}"
        seen[label] += 1
        labels[node] = BlankNode(label if seen[label] == 1 else f"{label}-{seen[label] - 1}")
    renamed = [Quad(*(labels.get(t, t) if isinstance(t, BlankNode) else t
                      for t in (q.subject, q.predicate, q.object, q.graph_name))) for q in holding]
    for quad in holding:
        engine.remove(quad)
    engine.extend(renamed)
    return len(nodes)


def _hash(node: BlankNode, quads: list[Quad], colour: dict[BlankNode, str]) -> str:
    def key(term: object) -> str:
        if term == node:
            return "@"
        return f"_:{colour[term]}" if isinstance(term, BlankNode) else str(term)

    rows = sorted(" ".join(key(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in quads)
    return hashlib.sha256("\n".join([colour[node], *rows]).encode("utf-8")).hexdigest()
