"""The WHERE clause of an update operation, evaluated where client SPARQL may run — never in the API process.

Each ``DELETE WHERE`` and ``[WITH] DELETE/INSERT [USING …] WHERE`` becomes a SELECT of its pattern
(cut from the text by the parse's offsets, under the update's prologue) over SPARQL Update's dataset:
the store's own default graph and every named graph; the USING / USING NAMED graphs (as FROM / FROM
NAMED) when given; else WITH's graph as the default graph. It is evaluated

- on the embedded store, in a sandboxed query worker (:meth:`kg.execution.QueryExecutor.select`: no
  network, a memory and a result-size limit, killed at the write's deadline), with the change the
  update's earlier operations made applied to that worker's private copy;
- on a remote store, by the remote engine (its own limits and SERVICE policy hold there; the screen
  refused SERVICE and LOAD in the parse already). A WHERE after an operation that changed something
  cannot be given to the remote engine with the change: it is evaluated in a sandboxed worker over a
  copy of the remote dataset with the change applied.

The write's :class:`~kg.write_limits.Deadline` bounds the evaluation: past it the worker is killed and
:class:`~kg.errors.WriteTimeoutError` raised. An evaluation the engine refuses (an unknown function, …)
is an :class:`~kg.errors.UpdateError`, as when the engine ran the update itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import QueryEvaluationError, QueryTimeoutError, UpdateError, WriteTimeoutError
from kg.rdf.model import Term
from kg.sparql.operations import DeleteWhere, Modify
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.write_limits import Deadline
from kg.writes.overlay import Overlay

if TYPE_CHECKING:
    from kg.query.executor import QueryExecutor

Rows = list[dict[str, Term]]


def where_select(operation: Modify | DeleteWhere, text: str) -> tuple[str, str | list[str]]:
    """The SELECT that gives the operation's solutions, and the default graph to evaluate it with
    (``"store"``: the store's own, or a list of graph IRIs) as :meth:`QueryExecutor.select` takes it."""
    if isinstance(operation, DeleteWhere):
        block = operation.pattern
        return f"{operation.prologue.declarations()}SELECT * WHERE {text[block.start:block.end]}", "store"
    dataset = "".join(f"FROM NAMED <{graph.value}> " if named else f"FROM <{graph.value}> "
                      for graph, named in operation.using)
    select = (f"{operation.prologue.declarations()}SELECT * {dataset}WHERE "
              f"{text[operation.where.start:operation.where.end]}")
    if operation.with_graph is not None and not operation.using:
        return select, [operation.with_graph.value]  # the engine's rule: WITH is the dataset only without USING
    return select, "store"


class WhereEvaluator:
    """Evaluates WHERE clauses for one update on ``overlay``'s store, by ``deadline``."""

    def __init__(self, overlay: Overlay, executor: QueryExecutor, deadline: Deadline) -> None:
        self.overlay = overlay
        self.executor = executor
        self.deadline = deadline

    def solutions(self, operation: Modify | DeleteWhere, text: str) -> Rows:
        """The operation's solutions over the live store with the update's change so far."""
        select, default_graph = where_select(operation, text)
        self.deadline.check("evaluating the WHERE clause of the update")
        store = self.overlay.store
        try:
            if store.in_process:
                return self._in_worker(store, select, default_graph, self.overlay.pending())
            if not self.overlay.changed:
                return self._remote(select, default_graph)
            return self._over_a_copy(select, default_graph)
        except WriteTimeoutError:
            raise
        except QueryTimeoutError as exc:  # the worker was killed at the deadline, or none was free in time
            raise self.deadline.error("evaluating the WHERE clause of the update") from exc
        except QueryEvaluationError as exc:
            raise UpdateError(f"the update cannot be applied: {exc}") from exc

    def _in_worker(self, store: Store, select: str, default_graph: str | list[str],
                   pending: tuple[str, str] | None) -> Rows:
        timeout = self.deadline.remaining()
        if timeout <= 0:
            raise self.deadline.error("evaluating the WHERE clause of the update")
        return self.executor.select(store, select, default_graph=default_graph, pending=pending, timeout=timeout)

    def _remote(self, select: str, default_graph: str | list[str]) -> Rows:
        store = self.overlay.store
        if isinstance(default_graph, list):
            rows = store.query(select, default_graphs=default_graph).rows()
        else:
            rows = store.select_default_graph(select)
        self.overlay.note_terms(term for row in rows for term in row.values())
        self.deadline.check("evaluating the WHERE clause of the update")
        return rows

    def _over_a_copy(self, select: str, default_graph: str | list[str]) -> Rows:
        """A remote store's data with the change applied, in memory, queried in a sandboxed worker. The
        remote's blank nodes in it are held (:attr:`Overlay.held`): solutions may name them, changes not."""
        copy = EmbeddedStore(None)
        try:
            copy.add_quads(self.overlay.quads_in(None))
            self.deadline.check("copying the remote dataset to evaluate the WHERE clause")
            return self._in_worker(copy, select, default_graph, None)
        finally:
            copy.close()
