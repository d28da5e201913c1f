"""The write gate: every write (SPARQL Update, Graph Store PUT/POST/DELETE) passes through here.

A write's exact change (its delta) is computed without changing the store: from the payload and the
target graph for Graph Store requests, and for a SPARQL Update from its parse, operation by operation
(:mod:`kg.writes.update_delta`) — DATA blocks and graph management from the store's quads, WHERE
clauses evaluated in a sandboxed query worker killed at the write's deadline (the
:class:`~kg.execution.QueryExecutor` the caller passes), never in this process. The nodes the change
affects are then validated with the project's SHACL shapes on the subgraph their checks read
(:func:`kg.impact.overlay_subgraph`: the live store with the delta applied; a copy of the store when
the class hierarchy changes), in a process killed at the write's deadline (:mod:`kg.validation_worker`).
Only if it conforms is the change committed: the very delta that was validated and checked against
the protected graphs is appended to the journal and fsynced (:mod:`kg.writes.journaling`: who, when,
what — the audit reads it there, :mod:`kg.audit`), then committed in one atomic update
(:meth:`~kg.store.base.Store.commit_delta`, :mod:`kg.store.delta`) — the update text never runs on the
store, so what ``RAND()``, ``NOW()`` or ``BNODE()`` gave is what was validated, journaled and committed.

A write that fails to parse, fails to apply, does not conform (:class:`ValidationError` carries the
SHACL report) or runs past ``update_timeout`` (:class:`WriteTimeoutError`, :mod:`kg.write_limits`)
leaves the store exactly as it was.

The functions here are the boundary the rest of the code uses — :func:`apply_update`,
:func:`replace_graph`, :func:`add_to_graph`, :func:`delete_graph` — each returning a
:class:`WriteResult` with the exact change (``delta``). :func:`data_version` counts the commits per
store (:mod:`kg.writes.versions`): query workers reopen their snapshot when it changes, or catch up with
the changes it keeps. :func:`writes_paused` holds every write off (the write lock of
:mod:`kg.write_limits`) while :mod:`kg.backup` copies the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import telemetry
from kg.derivation import DerivedChange, derived_change
from kg.errors import ForbiddenOperationError, QueryParameterError, UpdateError, ValidationError
from kg.rdf.model import BlankNode, DefaultGraph, NamedNode, Quad, Term
from kg.rdf.payload import parse_triples
from kg.resolution import warm_label_index
from kg.settings import Settings
from kg.sparql.screening import parse_screened_update
from kg.store.base import Store, named
from kg.store.delta import has_blank_node
from kg.store.embedded import EmbeddedStore
from kg.store.versions import changes_since, committed, data_version
from kg.validation.impact import Touched, derived_touches, merged, overlay_subgraph, touched_terms, write_touches
from kg.validation.read_set import predicates_read, predicates_read_beyond_focus
from kg.validation.shacl import ValidationReport, load_shapes
from kg.validation.worker import WORKER
from kg.write_limits import Deadline, write_lock
from kg.write_limits import writes_paused as writes_paused  # the backup's pause: the write lock itself
from kg.writes import audit
from kg.writes.derived_follow import split_derived
from kg.writes.journaling import recorded
from kg.writes.overlay import Delta, as_stored
from kg.writes.update_delta import update_delta

if TYPE_CHECKING:
    from kg.query.executor import QueryExecutor

__all__ = ["Delta", "WriteResult", "add_to_graph", "apply_update", "changes_since", "data_version", "delete_graph",
           "graph_quads", "prepare", "replace_graph", "stage", "writes_paused"]

@dataclass(frozen=True)
class WriteResult:
    """What a committed write changed, the derived graph's change that committed with it, and the report it
    passed (None when validation is off)."""

    delta: Delta
    report: ValidationReport | None
    derived: Delta = field(default_factory=Delta)  # the derived graph's change, committed with the write

    @property
    def added(self) -> int:
        return len(self.delta.added)

    @property
    def removed(self) -> int:
        return len(self.delta.removed)


def prepare(settings: Settings) -> None:
    """Start the validation process and have it load the shapes now, when writes are enabled, so the
    first write does not wait for it (it starts in the background)."""
    if settings.validate and not settings.read_only and settings.writers():
        WORKER.warm(settings.project_dir / "shapes", settings.shacl_engine)


def apply_update(store: Store, sparql: str, settings: Settings, *, executor: QueryExecutor,
                 base_iri: str | None = None, client: str = audit.ANONYMOUS) -> WriteResult:
    """Apply a SPARQL Update atomically, validated; LOAD and SERVICE only where the settings allow.

    Its WHERE clauses are evaluated by ``executor`` (sandboxed workers; a remote store's own engine).
    Relative IRIs in the update resolve against ``base_iri`` (the API passes the endpoint's URL).
    The write is journaled (kg.journal) under ``client`` before it is committed: the audit reads it there.
    """
    deadline = Deadline.after(settings.update_timeout)
    _check_writable(settings)
    update = parse_screened_update(sparql, settings, base_iri=base_iri)  # parsed once, screened from the tree
    with write_lock(deadline):
        delta, held = update_delta(store, sparql, settings, executor, deadline, parsed=update)
        _refuse_triple_terms([*delta.added, *delta.removed])
        delta, derived = split_derived(store, delta, settings)  # the derived graph follows the data, nothing else
        store.check_delta(delta.added, delta.removed, held)
        report = _validate_change(store, settings, delta, deadline, derived)
        deadline.check("committing the change")
        with _journaled(store, settings, delta, derived, client, "update"):
            store.commit_delta([*delta.added, *derived.added], [*delta.removed, *derived.removed],
                               before=[f"DROP SILENT GRAPH {g}" for g in delta.graphs_dropped],
                               after=[f"CREATE SILENT GRAPH {g}" for g in delta.graphs_created], held_blank_nodes=held)
        return _committed(store, settings, delta, report, derived)


def replace_graph(store: Store, graph: str | None, data: bytes | str, media_type: str, settings: Settings,
                  *, base_iri: str | None = None, client: str = audit.ANONYMOUS) -> WriteResult:
    """Graph Store PUT: the graph (None: the default graph) becomes exactly the payload's triples."""
    deadline = Deadline.after(settings.update_timeout)
    target = _graph_name(graph)
    payload = _as_quads(parse_triples(data, media_type, base_iri=base_iri), target)
    return _write(store, settings, deadline, target, "put", client,
                  lambda: _net(payload, graph_quads(store, graph)), drop=True, insert=payload)


def add_to_graph(store: Store, graph: str | None, data: bytes | str, media_type: str, settings: Settings,
                 *, base_iri: str | None = None, client: str = audit.ANONYMOUS) -> WriteResult:
    """Graph Store POST: merge the payload's triples into the graph (None: the default graph)."""
    deadline = Deadline.after(settings.update_timeout)
    target = _graph_name(graph)
    payload = _as_quads(parse_triples(data, media_type, base_iri=base_iri), target)
    return _write(store, settings, deadline, target, "post", client, lambda: Delta(_absent(store, payload), []))


def delete_graph(store: Store, graph: str | None, settings: Settings, *,
                 client: str = audit.ANONYMOUS) -> WriteResult:
    """Graph Store DELETE: remove the graph (None: empty the default graph)."""
    deadline = Deadline.after(settings.update_timeout)
    target = _graph_name(graph)
    return _write(store, settings, deadline, target, "delete", client,
                  lambda: Delta([], graph_quads(store, graph)), drop=True, insert=[])


def graph_quads(store: Store, graph: str | None) -> list[Quad]:
    """The quads of one named graph, or of the store's own default graph (None)."""
    return store.quads_in(_graph_name(graph))


def stage(store: Store) -> Store:
    """An in-memory copy of the whole dataset (blank nodes keep their identity)."""
    return store.copy_in_memory()


def _write(store: Store, settings: Settings, deadline: Deadline, target: NamedNode | DefaultGraph,
           operation: str, client: str, change: Callable[[], Delta], *, drop: bool = False,
           insert: list[Quad] | None = None) -> WriteResult:
    """Validate and commit a Graph Store operation on ``target``: its delta is ``change()``; it commits
    as a DROP of the graph when ``drop``, then the quads of ``insert`` (None: the delta's additions)."""
    _check_writable(settings)
    name = None if isinstance(target, DefaultGraph) else target.value
    audit.check_protected([], settings, [name])
    with write_lock(deadline):
        delta = change()
        derived = derived_change(store, delta.added, delta.removed, settings)
        report = _validate_change(store, settings, delta, deadline, derived)
        deadline.check("committing the change")
        dropped = [target] if drop and isinstance(target, NamedNode) else []  # the commit drops it: so does a replay
        with _journaled(store, settings, delta, derived, client, operation, name, dropped=dropped):
            store.commit_delta([*(delta.added if insert is None else insert), *derived.added], derived.removed,
                               before=[_drop(target)] if drop else [])
        return _committed(store, settings, delta, report, derived)


def _journaled(store: Store, settings: Settings, delta: Delta, derived: DerivedChange, client: str, operation: str,
               *graphs: str | None, dropped: list[NamedNode] | None = None) -> AbstractContextManager[object]:
    """The journal step (kg.writes.journaling): the whole change, the derived graph's included, appended and
    fsynced before the commit inside the ``with`` runs; cut from the journal again if the commit fails."""
    return recorded(store, settings, added=[*delta.added, *derived.added], removed=[*delta.removed, *derived.removed],
                    client=client, operation=operation, graphs=graphs, created=delta.graphs_created,
                    dropped=delta.graphs_dropped if dropped is None else [*delta.graphs_dropped, *dropped])


def _exact_overlay(store: Store, delta: Delta) -> bool:
    """Whether the change can be validated on the live store plus the delta (kg.impact.overlay_subgraph):
    not when it changes the class hierarchy (the whole store is validated), nor for a remote store's
    blank nodes, which cannot be named in a query."""
    if touched_terms([*delta.added, *delta.removed]).hierarchy:
        return False
    return store.in_process or not any(has_blank_node(q) for q in delta.removed)


def _absent(store: Store, quads: list[Quad]) -> list[Quad]:
    """Those of ``quads`` the store does not hold (each once, in order)."""
    unique = list(dict.fromkeys(quads))
    present = store.contains_quads(unique)
    return [q for q in unique if q not in present]


def _net(new: list[Quad], old: list[Quad]) -> Delta:
    new_set, old_set = set(new), set(old)
    return Delta([q for q in new if q not in old_set], [q for q in old if q not in new_set])


def _committed(store: Store, settings: Settings, delta: Delta, report: ValidationReport | None,
               derived: DerivedChange) -> WriteResult:
    """Count the commit; its change (the derived graph's too) is kept for query workers to catch up with."""
    committed(store, [*delta.added, *derived.added], [*delta.removed, *derived.removed])
    warm_label_index(store, settings.base_iri, if_built=True)  # the resolver's index catches up in the background
    telemetry.write_accepted()
    return WriteResult(delta, report, Delta(derived.added, derived.removed))


def _validate_change(store: Store, settings: Settings, delta: Delta, deadline: Deadline,
                     derived: DerivedChange | None = None) -> ValidationReport | None:
    """Validate what the write can affect (kg.impact), in the validation process, by ``deadline``: on
    the live store's affected subgraph with the delta (and the ``derived`` graph's change that commits
    with it) applied to it, or, when that cannot be read (a change to the class hierarchy, a remote
    store's blank nodes), on a copy of the whole store with the delta applied."""
    if not settings.validate:
        return None
    deadline.check("reading what the change affects")
    shapes = settings.project_dir / "shapes"
    changed = _touched(store, [*delta.added, *delta.removed], shapes)
    if derived:
        changed = merged(changed, derived_touches([*derived.added, *derived.removed], shapes, store))
        delta = Delta([*delta.added, *derived.added], [*delta.removed, *derived.removed])
    after = _overlay(store, delta, changed, shapes)
    if after is None:
        after = stage(store)
        after.remove_quads(delta.removed)
        after.add_quads(delta.added)
    deadline.check("validating the change")
    nquads = after.export("application/n-quads")
    report = WORKER.validate(nquads, changed, settings.project_dir / "shapes", deadline, settings.shacl_engine)
    if not report.conforms:
        telemetry.write_refused(report)
        raise ValidationError(report, f"the write does not conform: {len(report.violations)} violation(s)")
    return report


def _touched(store: Store, quads: list[Quad], shapes: Path) -> Touched:
    """What the write's own quads touch, as far as the shapes read their predicates
    (kg.validation.impact.write_touches)."""
    try:
        graph = load_shapes(shapes)
        return write_touches(store, quads, predicates_read(graph), predicates_read_beyond_focus(graph))
    except QueryParameterError:  # a remote store's blank node
        return touched_terms(quads)


def _overlay(store: Store, delta: Delta, changed: Touched, shapes: Path) -> Store | None:
    """The affected subgraph after the write (kg.impact.overlay_subgraph), or None when it cannot be read."""
    if not _exact_overlay(store, delta):
        return None
    try:
        subgraph = overlay_subgraph(store, delta.added, delta.removed, touched=changed,
                                    beyond=predicates_read_beyond_focus(load_shapes(shapes)))
    except QueryParameterError:  # a remote store's blank node on a chain
        return None
    after = EmbeddedStore(None)  # a scratch store for the subgraph
    after.add_quads(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in subgraph)
    return after


def _check_writable(settings: Settings) -> None:
    if settings.read_only:
        raise ForbiddenOperationError("the store is read-only (setting read_only)")


def _refuse_triple_terms(quads: Iterable[Quad]) -> None:
    """UpdateError when the change holds an RDF-star triple term (the shapes do not read them)."""
    if any(isinstance(q.object, ox.Triple) for q in quads):
        raise UpdateError("RDF-star triple terms are not supported: the change holds a triple term "
                          "(<<( … )>>); state the triple itself, or describe it with a node of its own")


def _graph_name(graph: str | None) -> NamedNode | DefaultGraph:
    return DefaultGraph() if graph is None else named(graph)


def _as_quads(triples: Iterable[ox.Triple], graph: NamedNode | DefaultGraph) -> list[Quad]:
    """The payload's triples in ``graph``, its blank nodes new ones (labels in a payload are local to it), its
    literals as the engine stores them (kg.writes.overlay.as_stored)."""
    blanks: dict[str, BlankNode] = {}

    def fresh(term: Term) -> Term:
        return blanks.setdefault(term.value, BlankNode()) if isinstance(term, BlankNode) else term

    return as_stored([Quad(fresh(t.subject), t.predicate, fresh(t.object), graph) for t in triples])


def _drop(graph: NamedNode | DefaultGraph) -> str:
    return "DROP SILENT DEFAULT" if isinstance(graph, DefaultGraph) else f"DROP SILENT GRAPH {graph}"
