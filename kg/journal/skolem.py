"""A journal transaction as one SPARQL 1.1 Update request, its blank nodes skolemised.

A SPARQL Update endpoint renames the blank nodes it is sent (and ``DELETE DATA`` may not name any), so a
replica behind one cannot keep the feed's labels. :func:`skolemise` turns each blank node into an IRI
made from its label, ``https://w3id.org/fikg/.well-known/genid/<label>`` (RDF 1.1 §3.5, "Replacing Blank
Nodes with IRIs"): the feed's labels are stable (:mod:`kg.journal.feed`), so the ``D`` row of a later
change names the IRI its ``A`` row added. :func:`as_sparql_update` writes the change in the order
:func:`kg.journal.replay.apply_transaction` applies it: ``DELETE DATA``, the graphs it dropped,
``INSERT DATA``, the graphs it created — every term in N-Triples syntax, which SPARQL reads as is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kg.journal.patch import Transaction
from kg.rdf.model import BlankNode, DefaultGraph, NamedNode, Quad

GENID = "https://w3id.org/fikg/.well-known/genid/"


def skolemise(quad: Quad) -> Quad:
    """The quad with each blank node replaced by its skolem IRI."""
    return Quad(*(NamedNode(GENID + t.value) if isinstance(t, BlankNode) else t
                  for t in (quad.subject, quad.predicate, quad.object, quad.graph_name)))


def as_sparql_update(transaction: Transaction) -> str:
    """The change as one SPARQL Update request ("" when it changes nothing, as a squash)."""
    operations = []
    if transaction.removed:
        operations.append(f"DELETE DATA {{ {_block(transaction.removed)} }}")
    operations += [f"DROP SILENT GRAPH <{graph}>" for graph in transaction.header("dropped")]
    if transaction.added:
        operations.append(f"INSERT DATA {{ {_block(transaction.added)} }}")
    operations += [f"CREATE SILENT GRAPH <{graph}>" for graph in transaction.header("created")]
    return " ;\n".join(operations)


def _block(quads: Sequence[Quad]) -> str:
    by_graph: dict[object, list[str]] = defaultdict(list)
    for quad in map(skolemise, quads):
        by_graph[quad.graph_name].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    parts = []
    for graph, rows in by_graph.items():
        body = "\n".join(rows)
        parts.append(body if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}")
    return "\n".join(parts)
