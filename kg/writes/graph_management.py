"""CLEAR, DROP, CREATE, ADD, MOVE and COPY, computed from the store's quads as the engine applies them.

No client SPARQL is needed for these: each reads the quads of the graphs it names through the overlay
(:class:`~kg.writes.overlay.Overlay`) and deletes or inserts them. The semantics are pyoxigraph's
(0.5), which follow SPARQL 1.1 Update:

- ``CLEAR GRAPH g`` empties g, which stays; ``DROP GRAPH g`` removes it. Either is an error when g does
  not exist, unless SILENT. ``DEFAULT`` empties the default graph (for DROP too), ``NAMED`` every named
  graph, ``ALL`` everything (``CLEAR`` keeps the empty named graphs, ``DROP`` removes them).
- ``CREATE GRAPH g`` makes an empty graph; an error when g exists (empty or not), unless SILENT.
- ``ADD a TO b`` inserts a's triples into b; ``COPY`` drops b first (silently); ``MOVE`` drops b, copies,
  then drops a — an error when a does not exist, unless SILENT. When a and b are the same graph, each
  does nothing at all. b exists afterwards only if something was inserted into it.

An error leaves nothing of the update applied (the caller discards the overlay): :class:`UpdateError`
with the engine's own words.
"""

from __future__ import annotations

from kg.errors import UpdateError
from kg.rdf.model import DefaultGraph, NamedNode, Quad
from kg.sparql.operations import Clear, Create, Drop, GraphTarget, Transfer
from kg.sparql.tree import Iri
from kg.store.base import GraphName
from kg.writes.overlay import Overlay


def apply_graph_operation(overlay: Overlay, operation: Clear | Drop | Create | Transfer) -> None:
    """Apply one graph-management operation to ``overlay``."""
    if isinstance(operation, Create):
        create(overlay, NamedNode(operation.graph.value), silent=operation.silent)
    elif isinstance(operation, Clear):
        clear(overlay, operation.target, silent=operation.silent)
    elif isinstance(operation, Drop):
        drop(overlay, operation.target, silent=operation.silent)
    else:
        transfer(overlay, operation.operation, _graph(operation.source), _graph(operation.destination),
                 silent=operation.silent)


def create(overlay: Overlay, graph: NamedNode, *, silent: bool) -> None:
    if overlay.graph_exists(graph):
        if not silent:
            raise _error(f"The graph {graph} already exists")
        return
    overlay.create_graph(graph)


def clear(overlay: Overlay, target: GraphTarget, *, silent: bool) -> None:
    if target.kind == "graph":
        graph = _named(target)
        if _exists_or_silent(overlay, graph, silent):
            _remove(overlay, overlay.quads_in(graph))
    elif target.kind == "default":
        _remove(overlay, overlay.quads_in(DefaultGraph()))
    elif target.kind == "named":
        _remove(overlay, overlay.named_graph_quads())
    else:
        _remove(overlay, overlay.quads_in(None))


def drop(overlay: Overlay, target: GraphTarget, *, silent: bool) -> None:
    if target.kind == "graph":
        graph = _named(target)
        if _exists_or_silent(overlay, graph, silent):
            overlay.drop_graph(graph)
        return
    if target.kind in ("default", "all"):
        _remove(overlay, overlay.quads_in(DefaultGraph()))
    if target.kind in ("named", "all"):
        _remove(overlay, overlay.named_graph_quads())
        for graph in overlay.named_graphs():
            overlay.drop_graph(graph)


def transfer(overlay: Overlay, operation: str, source: GraphName, destination: GraphName, *, silent: bool) -> None:
    """ADD, COPY or MOVE from ``source`` to ``destination`` (``DefaultGraph()`` for DEFAULT)."""
    if source == destination:
        return  # the engine's identity case: nothing happens, not even MOVE's check that the source exists
    if operation in ("COPY", "MOVE"):
        _drop_silently(overlay, destination)
    overlay.apply([(False, Quad(q.subject, q.predicate, q.object, destination)) for q in overlay.quads_in(source)])
    if operation == "MOVE":
        if isinstance(source, DefaultGraph):
            _remove(overlay, overlay.quads_in(source))
        elif _exists_or_silent(overlay, source, silent):
            overlay.drop_graph(source)


def _drop_silently(overlay: Overlay, graph: GraphName) -> None:
    if isinstance(graph, DefaultGraph):
        _remove(overlay, overlay.quads_in(graph))
    elif overlay.graph_exists(graph):  # type: ignore[arg-type]
        overlay.drop_graph(graph)


def _exists_or_silent(overlay: Overlay, graph: NamedNode, silent: bool) -> bool:
    """Whether the graph exists; UpdateError when it does not, unless ``silent``."""
    if overlay.graph_exists(graph):
        return True
    if not silent:
        raise _error(f"The graph {graph} does not exist")
    return False


def _remove(overlay: Overlay, quads: list[Quad]) -> None:
    overlay.apply([(True, q) for q in quads])


def _named(target: GraphTarget) -> NamedNode:
    assert target.iri is not None
    return NamedNode(target.iri.value)


def _graph(iri: Iri | None) -> GraphName:
    return DefaultGraph() if iri is None else NamedNode(iri.value)


def _error(message: str) -> UpdateError:
    return UpdateError(f"the update cannot be applied: {message}")
