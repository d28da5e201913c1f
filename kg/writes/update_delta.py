"""The exact change of a SPARQL Update, computed from its parse, operation by operation, without running it.

:func:`update_delta` parses the update (:func:`kg.sparql.parser.parse_update`: the parse decides its
syntax) and applies each operation in order to an :class:`~kg.writes.overlay.Overlay` of the live
store, as the engine would apply it:

- ``INSERT DATA`` / ``DELETE DATA``: the block's quads (new blank nodes for an INSERT DATA's labels);
- ``DELETE WHERE`` and ``[WITH] DELETE {…} INSERT {…} [USING …] WHERE {…}``: the WHERE clause's solutions
  (:mod:`kg.writes.where`: a sandboxed query worker, with the change so far), then the DELETE template's
  quads for every solution removed and the INSERT template's added (:mod:`kg.writes.templates`), as
  SPARQL 1.1 Update orders them. (pyoxigraph applies each solution's deletions and insertions in turn,
  so when one solution inserts what another deletes its result depends on the order it happens to read
  its own storage in — which a copy of the store does not share; the standard's order is the one that
  does not depend on it, and the only one where the two can differ.)
- ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``: from the store's quads
  (:mod:`kg.writes.graph_management`);
- ``LOAD`` (only with ``allow_load``): the document fetched and parsed in a process of its own
  (:mod:`kg.writes.document_load`) and inserted as ``INSERT DATA`` would; ``LOAD SILENT`` of a document
  that cannot be fetched or read changes nothing (the engine would keep what it parsed before the error).

Nothing is written: the result is the :class:`~kg.writes.overlay.Delta` (what to commit) and the blank
nodes a remote store gave (which a commit there cannot name). The deadline is checked before each
operation, and a WHERE clause's evaluation is killed at it (:class:`~kg.errors.WriteTimeoutError`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import ForbiddenOperationError
from kg.rdf.model import BlankNode, NamedNode
from kg.settings import Settings
from kg.sparql.limits import Limits
from kg.sparql.operations import (
    Clear,
    Create,
    DeleteData,
    DeleteWhere,
    Drop,
    InsertData,
    Load,
    Modify,
    Transfer,
    Update,
    UpdateOperation,
)
from kg.sparql.parser import parse_update
from kg.store.base import Store
from kg.write_limits import Deadline
from kg.writes.document_load import LoadFailedError, as_inserted, fetch_document, load_error
from kg.writes.graph_management import apply_graph_operation
from kg.writes.overlay import Delta, Mutation, Overlay
from kg.writes.templates import Template, data_quads
from kg.writes.where import WhereEvaluator

if TYPE_CHECKING:
    from kg.query.executor import QueryExecutor


def update_delta(store: Store, text: str, settings: Settings, executor: QueryExecutor, deadline: Deadline, *,
                 base_iri: str | None = None, parsed: Update | None = None) -> tuple[Delta, frozenset[BlankNode]]:
    """The change the update ``text`` would make to ``store``, and the blank nodes a remote ``store`` gave.
    ``parsed``: the text's parse, when the caller has it (with ``base_iri`` and these settings' limits).

    QuerySyntaxError (the parse), UpdateError (what the engine refuses when it applies an operation:
    CREATE of an existing graph, DROP of a missing one, a function it cannot evaluate, a failed LOAD),
    ForbiddenOperationError, WriteTimeoutError and the query worker's QueryResourceError.
    """
    update = parsed or parse_update(text, base_iri=base_iri, limits=Limits.from_settings(settings))
    overlay = Overlay(store)
    where = WhereEvaluator(overlay, executor, deadline)
    for operation in update.operations:
        deadline.check("computing the change")
        _apply(overlay, operation, text, where, settings, deadline)
    return overlay.delta(), frozenset(overlay.held)


def _apply(overlay: Overlay, operation: UpdateOperation, text: str, where: WhereEvaluator, settings: Settings,
           deadline: Deadline) -> None:
    if isinstance(operation, InsertData):
        overlay.apply([(False, quad) for quad in data_quads(operation.data)])
    elif isinstance(operation, DeleteData):
        overlay.apply([(True, quad) for quad in data_quads(operation.data)])
    elif isinstance(operation, DeleteWhere | Modify):
        overlay.apply(_modifications(operation, where.solutions(operation, text)))
    elif isinstance(operation, Clear | Drop | Create | Transfer):
        apply_graph_operation(overlay, operation)
    elif isinstance(operation, Load):
        _load(overlay, operation, settings, deadline)
    else:
        raise AssertionError(f"an update operation this module does not know: {operation.kind}")


def _modifications(operation: DeleteWhere | Modify, solutions: list) -> list[Mutation]:
    """The DELETE quads of every solution, then the INSERT quads of every solution (SPARQL 1.1 Update §3.1.3)."""
    if isinstance(operation, DeleteWhere):
        delete, insert = Template(operation.pattern), None
    else:
        with_graph = None if operation.with_graph is None else NamedNode(operation.with_graph.value)
        delete = None if operation.delete is None else Template(operation.delete, with_graph)
        insert = None if operation.insert is None else Template(operation.insert, with_graph)
    mutations: list[Mutation] = []
    if delete is not None:
        mutations += ((True, quad) for solution in solutions for quad in delete.instantiate(solution))
    if insert is not None:
        mutations += ((False, quad) for solution in solutions for quad in insert.instantiate(solution))
    return mutations


def _load(overlay: Overlay, operation: Load, settings: Settings, deadline: Deadline) -> None:
    source = operation.source.value
    if not settings.allow_load:  # the screen refused it already; this keeps the rule where LOAD is done
        raise ForbiddenOperationError("LOAD is disabled on this server (setting allow_load)")
    try:
        triples = fetch_document(source, settings.max_body_bytes, deadline)
    except LoadFailedError as exc:
        if operation.silent:
            return
        raise load_error(source, exc) from exc
    graph = None if operation.destination is None else NamedNode(operation.destination.value)
    overlay.apply([(False, quad) for quad in as_inserted(triples, graph)])
