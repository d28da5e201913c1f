"""The write gate: every write (SPARQL Update, Graph Store PUT/POST/DELETE) passes through here.

A write's exact change (its delta) is computed on the live store without changing it: from the
payload and the target graph for Graph Store requests, by :mod:`kg.update_delta` for SPARQL Updates.
What cannot be computed that way (LOAD, CLEAR/DROP/CREATE/ADD/MOVE/COPY, a WHERE after an earlier
operation of the same request, RDF-star) runs once on a staged copy of the whole store, and the delta
is the difference. The nodes the change affects are then validated with the project's SHACL shapes
on the subgraph their checks read (:func:`kg.impact.overlay_subgraph`: the live store with the delta
applied; a staged copy when the class hierarchy changes), in a process killed at the write's deadline
(:mod:`kg.validation_worker`). Only if it conforms is the change committed: the very delta that was
validated and checked against the protected graphs, with the audit record, in one atomic update
(:mod:`kg.delta_commit`) — the update text never runs on the store itself, so what ``RAND()``,
``NOW()`` or ``BNODE()`` gave is what was validated and recorded.

A write that fails to parse, fails to run, does not conform (:class:`ValidationError` carries the
SHACL report) or runs past ``update_timeout`` (:class:`WriteTimeoutError`, :mod:`kg.write_limits`)
leaves the store exactly as it was.

The functions here are the boundary the rest of the code uses — :func:`apply_update`,
:func:`replace_graph`, :func:`add_to_graph`, :func:`delete_graph` — each returning a
:class:`WriteResult` with the exact change (``delta``). :func:`data_version` counts the commits per
store: query workers reopen their snapshot when it changes. :func:`writes_paused` holds every write
off (the write lock of :mod:`kg.write_limits`) while :mod:`kg.backup` copies the store.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox

from kg import audit, telemetry, update_delta
from kg.delta_commit import check_expressible, commit, has_blank_node
from kg.embedded import EmbeddedStore, parse_triples
from kg.errors import (
    ForbiddenOperationError,
    QueryParameterError,
    QuerySyntaxError,
    StoreError,
    UpdateError,
    ValidationError,
)
from kg.impact import overlay_subgraph, touched_terms
from kg.model import BlankNode, DefaultGraph, NamedNode, Quad, Term
from kg.settings import Settings
from kg.sparql.screening import screen_update
from kg.store import Store, named
from kg.validation import ValidationReport
from kg.validation_worker import WORKER
from kg.write_limits import Deadline, write_lock
from kg.write_limits import writes_paused as writes_paused  # the backup's pause: the write lock itself

_VERSIONS: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Delta:
    """The quads a write adds and removes."""

    added: list[Quad] = field(default_factory=list)
    removed: list[Quad] = field(default_factory=list)


@dataclass(frozen=True)
class WriteResult:
    """What a committed write changed, and the report it passed (None when validation is off)."""

    delta: Delta
    report: ValidationReport | None

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
        WORKER.warm(settings.project_dir / "shapes")


def data_version(store: Store) -> int:
    """How many writes the gate has committed to ``store`` (0 for a store never written)."""
    return _VERSIONS.get(store, 0)


def apply_update(store: Store, sparql: str, settings: Settings, *, base_iri: str | None = None,
                 client: str = audit.ANONYMOUS) -> WriteResult:
    """Run a SPARQL Update atomically, validated; LOAD and SERVICE only where the settings allow.

    Relative IRIs in the update resolve against ``base_iri`` (the API passes the endpoint's URL).
    The write is recorded in the audit graph (kg.audit) in the same commit, under ``client``.
    """
    started, deadline = audit.now(), Deadline.after(settings.update_timeout)
    _check_writable(settings)
    screen_update(sparql, settings, base_iri=base_iri)
    with write_lock(deadline):
        staged, held = None, frozenset()
        delta = _update_delta(store, sparql, base_iri, deadline)
        if delta is None:  # what kg.update_delta cannot compute exactly runs once, on a staged copy
            deadline.check("copying the store to run the update on")
            staged = stage(store)
            before = set(staged.quads())
            _run(staged, sparql, base_iri)  # syntax and evaluation errors surface here; the store is untouched
            delta = _difference(before, set(staged.quads()))
            if not isinstance(store, EmbeddedStore):  # a remote store cannot extend the blank nodes it holds
                held = frozenset(t for q in before for t in (q.subject, q.object) if isinstance(t, BlankNode))
        _refuse_triple_terms([*delta.added, *delta.removed])
        audit.check_protected([*delta.added, *delta.removed], settings)
        check_expressible(store, delta.added, delta.removed, held)
        report = _validate_change(store, settings, delta, deadline, staged)
        deadline.check("committing the change")
        commit(store, delta.added, delta.removed, after=[_record("update", client, started, delta, settings)],
               held_blank_nodes=held)
        return _committed(store, delta, report)


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
    if isinstance(store, EmbeddedStore):
        return list(store.engine.quads_for_pattern(None, None, None, _graph_name(graph)))
    if graph is not None:
        return list(store.quads(graph))
    rows = store.select_default_graph("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")  # not a copy of the whole dataset
    return [Quad(r["s"], r["p"], r["o"], DefaultGraph()) for r in rows]


def stage(store: Store) -> EmbeddedStore:
    """An in-memory copy of the whole dataset (blank nodes keep their identity)."""
    staged = EmbeddedStore(None)
    staged.engine.extend(store.quads())
    return staged


def difference(before: Store, after: Store) -> Delta:
    """The quads ``after`` has that ``before`` lacks, and the other way round."""
    return _difference(set(before.quads()), set(after.quads()))


def _difference(old: set[Quad], new: set[Quad]) -> Delta:
    return Delta(sorted(new - old, key=str), sorted(old - new, key=str))


def _write(store: Store, settings: Settings, deadline: Deadline, target: NamedNode | DefaultGraph,
           operation: str, client: str, change: Callable[[], Delta], *, drop: bool = False,
           insert: list[Quad] | None = None) -> WriteResult:
    """Validate and commit a Graph Store operation on ``target``: its delta is ``change()``; it commits
    as a DROP of the graph when ``drop``, then the quads of ``insert`` (None: the delta's additions)."""
    started = audit.now()
    _check_writable(settings)
    name = None if isinstance(target, DefaultGraph) else target.value
    audit.check_protected([], settings, [name])
    with write_lock(deadline):
        delta = change()
        report = _validate_change(store, settings, delta, deadline)
        deadline.check("committing the change")
        commit(store, delta.added if insert is None else insert, [], before=[_drop(target)] if drop else [],
               after=[_record(operation, client, started, delta, settings, name)])
        return _committed(store, delta, report)


def _update_delta(store: Store, sparql: str, base_iri: str | None, deadline: Deadline | None = None) -> Delta | None:
    """The update's exact delta computed on the live store (kg.update_delta), or None to stage a copy."""
    try:
        update_delta.check(sparql)
    except update_delta.Unsupported:
        return None
    _run(EmbeddedStore(None), sparql, base_iri)  # syntax errors surface as the staged run raises them
    try:
        added, removed = update_delta.update_delta(store, sparql, base_iri=base_iri, deadline=deadline)
    except update_delta.Unsupported:
        return None
    return Delta(sorted(added, key=str), sorted(removed, key=str))


def _exact_overlay(store: Store, delta: Delta) -> bool:
    """Whether the change can be validated on the live store plus the delta (kg.impact.overlay_subgraph):
    not when it changes the class hierarchy (the whole store is validated), nor for a remote store's
    blank nodes, which cannot be named in a query."""
    if touched_terms([*delta.added, *delta.removed]).hierarchy:
        return False
    return isinstance(store, EmbeddedStore) or not any(has_blank_node(q) for q in delta.removed)


def _absent(store: Store, quads: list[Quad]) -> list[Quad]:
    """Those of ``quads`` the store does not hold (each once, in order)."""
    unique = list(dict.fromkeys(quads))
    present = update_delta.present(store, unique)
    return [q for q in unique if q not in present]


def _net(new: list[Quad], old: list[Quad]) -> Delta:
    new_set, old_set = set(new), set(old)
    return Delta([q for q in new if q not in old_set], [q for q in old if q not in new_set])


def _run(store: Store, sparql: str, base_iri: str | None = None) -> None:
    """Run an update on a staged copy (never on the store a write commits to)."""
    try:
        if base_iri is not None and isinstance(store, EmbeddedStore) and not store.read_only:
            store.engine.update(sparql, base_iri=base_iri)
        else:
            store.update(sparql)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except RuntimeError as exc:  # the engine's evaluation errors (e.g. CREATE GRAPH of an existing graph)
        raise UpdateError(f"the update cannot be applied: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise StoreError(str(exc)) from exc


def _record(operation: str, client: str, started: datetime, delta: Delta, settings: Settings,
            *graphs: str | None) -> str:
    """The audit record of a write, as an update to commit together with it."""
    record = audit.WriteRecord(operation, client, started, audit.now(), delta.added, delta.removed, graphs)
    return audit.record_update(record, settings)


def _committed(store: Store, delta: Delta, report: ValidationReport | None) -> WriteResult:
    _VERSIONS[store] = _VERSIONS.get(store, 0) + 1
    telemetry.write_accepted()
    return WriteResult(delta, report)


def _validate_change(store: Store, settings: Settings, delta: Delta, deadline: Deadline,
                     staged: EmbeddedStore | None = None) -> ValidationReport | None:
    """Validate what the write can affect (kg.impact), in the validation process, by ``deadline``: on
    the live store's affected subgraph with the delta applied to it, or, when that cannot be read (a
    change to the class hierarchy, a remote store's blank nodes), on the whole store after the write:
    ``staged`` when the write was run on a copy, else a copy with the delta applied."""
    if not settings.validate:
        return None
    deadline.check("reading what the change affects")
    after = _overlay(store, delta)
    if after is None and staged is not None:
        after = staged
    elif after is None:
        after = stage(store)
        for quad in delta.removed:
            after.engine.remove(quad)
        after.engine.extend(delta.added)
    deadline.check("validating the change")
    nquads = after.engine.dump(format=ox.RdfFormat.N_QUADS)
    changed = touched_terms([*delta.added, *delta.removed])
    report = WORKER.validate(nquads, changed, settings.project_dir / "shapes", deadline)
    if not report.conforms:
        telemetry.write_refused(report)
        raise ValidationError(report, f"the write does not conform: {len(report.violations)} violation(s)")
    return report


def _overlay(store: Store, delta: Delta) -> EmbeddedStore | None:
    """The affected subgraph after the write (kg.impact.overlay_subgraph), or None when it cannot be read."""
    if not _exact_overlay(store, delta):
        return None
    try:
        subgraph = overlay_subgraph(store, delta.added, delta.removed)
    except QueryParameterError:  # a remote store's blank node on a chain
        return None
    after = EmbeddedStore(None)
    after.engine.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in subgraph)
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
    """The payload's triples in ``graph``, its blank nodes new ones (labels in a payload are local to it)."""
    blanks: dict[str, BlankNode] = {}

    def fresh(term: Term) -> Term:
        return blanks.setdefault(term.value, BlankNode()) if isinstance(term, BlankNode) else term

    return [Quad(fresh(t.subject), t.predicate, fresh(t.object), graph) for t in triples]


def _drop(graph: NamedNode | DefaultGraph) -> str:
    return "DROP SILENT DEFAULT" if isinstance(graph, DefaultGraph) else f"DROP SILENT GRAPH {graph}"
