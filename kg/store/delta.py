"""The SPARQL Update that commits an exact delta: what :meth:`kg.store.base.Store.commit_delta` sends.

A write is committed as the exact delta the gate computed and validated, never by running its text again.
A delta is the quads a write adds and removes. It is committed in one SPARQL Update, atomically with
the operations around it (a Graph Store ``DROP``, the audit record): ``DELETE DATA`` / ``INSERT DATA``
for the quads without blank nodes, and for those with blank nodes — which SPARQL text cannot name — a
``DELETE {…} WHERE {…}`` / ``INSERT {…} WHERE {…}`` over a ``VALUES`` table with one row per quad,
where each blank node is given by its label and turned back into that very blank node by the custom
function :data:`BLANK_NODE`::

    INSERT { GRAPH ?g { ?s ?p ?o } } WHERE {
      VALUES (?_g ?_g_blank ?_s ?_s_blank ?_p ?_p_blank ?_o ?_o_blank) {
        (<g> UNDEF UNDEF "b1" <p> UNDEF "x" UNDEF) … }
      BIND(COALESCE(?_s, <urn:x-kg-commit:blank-node>(?_s_blank)) AS ?s) … }

So on the embedded store an insertion keeps the blank nodes' labels and a deletion removes exactly
the quads named; what a non-deterministic update (``RAND()``, ``NOW()``, ``STRUUID()``, ``BNODE()``)
computed was evaluated once, when the delta was. The table keeps the update's algebra the same size
whatever the delta's (a ``BIND`` per blank node would nest once per node).

A remote engine cannot be given the function, and gives blank nodes its own identities per request:
the delta is sent as ``DELETE DATA`` / ``INSERT DATA`` when that is exact — the blank nodes it adds
are new ones, inserted in one ``INSERT DATA`` so those shared between triples stay one node — and is
otherwise refused with :class:`~kg.errors.UpdateError` (removing a blank-node triple, or adding a
triple to a blank node the store already holds), never approximated.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pyoxigraph as ox

from kg.errors import UpdateError
from kg.rdf.formats import ntriples
from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Term

BLANK_NODE = NamedNode("urn:x-kg-commit:blank-node")
FUNCTIONS = {BLANK_NODE: lambda label: BlankNode(label.value) if isinstance(label, Literal) else None}
_COLUMNS = ("g", "s", "p", "o")


def embedded_update(added: Sequence[Quad], removed: Sequence[Quad], *, before: Sequence[str] = (),
                    after: Sequence[str] = ()) -> str:
    """``before``, the delta (``removed`` then ``added``) and ``after`` as one update for the embedded store,
    to run with :data:`FUNCTIONS` (blank nodes keep their labels)."""
    return join(*before, *delta_operations(added, removed), *after)


def data_update(added: Sequence[Quad], removed: Sequence[Quad], *, before: Sequence[str] = (),
                after: Sequence[str] = ()) -> str:
    """The same as ``DELETE DATA`` / ``INSERT DATA`` for a remote engine (check :func:`check_expressible` first)."""
    return join(*before, data_operation("DELETE", removed), data_operation("INSERT", added), *after)


def delta_operations(added: Sequence[Quad], removed: Sequence[Quad]) -> list[str]:
    """The operations that apply the delta on the embedded store (they need :data:`BLANK_NODE`)."""
    plain_removed, blank_removed = _split(removed)
    plain_added, blank_added = _split(added)
    return [data_operation("DELETE", plain_removed), *_template_operations("DELETE", blank_removed),
            data_operation("INSERT", plain_added), *_template_operations("INSERT", blank_added)]


def data_operation(verb: str, quads: Sequence[Quad]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` of ``quads`` ("" when there are none)."""
    return f"{verb} DATA {{\n{data_block(quads)}}}" if quads else ""


def data_block(quads: Sequence[Quad]) -> str:
    """Quads as the body of INSERT DATA / DELETE DATA: default-graph triples, then GRAPH blocks."""
    by_graph: dict[object, list[ox.Triple]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(quad.triple)
    blocks = []
    for graph, triples in by_graph.items():
        body = ntriples(triples)
        blocks.append(body if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{body}}}\n")
    return "".join(blocks)


def join(*operations: str) -> str:
    """Operations as one update (empty ones left out)."""
    return " ;\n".join(op for op in operations if op)


def has_blank_node(quad: Quad) -> bool:
    return any(isinstance(term, BlankNode) for term in (quad.subject, quad.object, quad.graph_name))


def _split(quads: Sequence[Quad]) -> tuple[list[Quad], list[Quad]]:
    plain = [q for q in quads if not has_blank_node(q)]
    return plain, [q for q in quads if has_blank_node(q)]


def _template_operations(verb: str, quads: Sequence[Quad]) -> list[str]:
    """``INSERT``/``DELETE {…} WHERE {…}`` of blank-node quads: one for the default graph, one for the others."""
    in_default = [q for q in quads if isinstance(q.graph_name, DefaultGraph)]
    in_named = [q for q in quads if not isinstance(q.graph_name, DefaultGraph)]
    operations = []
    for group, template in ((in_default, "?s ?p ?o"), (in_named, "GRAPH ?g { ?s ?p ?o }")):
        if not group:
            continue
        columns = [c for c in _COLUMNS if c != "g" or group is in_named]
        header = " ".join(f"?_{c} ?_{c}_blank" for c in columns)
        rows = "\n".join(f"({' '.join(_cells(q, columns))})" for q in group)
        binds = " ".join(f"BIND(COALESCE(?_{c}, {BLANK_NODE}(?_{c}_blank)) AS ?{c})" for c in columns)
        operations.append(f"{verb} {{ {template} }} WHERE {{\nVALUES ({header}) {{\n{rows}\n}}\n{binds} }}")
    return operations


def _cells(quad: Quad, columns: list[str]) -> list[str]:
    """A quad's row: per term, the term itself or UNDEF, then its blank node's label or UNDEF."""
    terms = {"g": quad.graph_name, "s": quad.subject, "p": quad.predicate, "o": quad.object}
    cells = []
    for column in columns:
        term: Term = terms[column]
        if isinstance(term, BlankNode):
            cells += ["UNDEF", str(Literal(term.value))]
        else:
            cells += [str(term), "UNDEF"]
    return cells


def check_expressible(added: Sequence[Quad], removed: Sequence[Quad],
                      held_blank_nodes: Collection[BlankNode] = ()) -> None:
    """UpdateError when :func:`data_update` cannot apply the delta exactly on a remote engine: its blank
    nodes are out of reach (see the module docstring)."""
    if any(has_blank_node(q) for q in removed):
        raise UpdateError("a remote store cannot remove blank-node triples exactly: blank nodes cannot be "
                          "named across requests to it. Nothing was changed; remove such triples with a "
                          "Graph Store PUT or DELETE of their graph, or give the nodes IRIs")
    held = set(held_blank_nodes)
    if any(t in held for q in added for t in (q.subject, q.object, q.graph_name)):
        raise UpdateError("a remote store cannot add triples to a blank node it already holds: blank nodes "
                          "cannot be named across requests to it. Nothing was changed; give the node an IRI")
