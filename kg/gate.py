"""The write gate: every write (SPARQL Update, Graph Store PUT/POST/DELETE) passes through here.

A write's exact change (its delta) is computed on the live store without changing it: from the
payload and the target graph for Graph Store requests, by :mod:`kg.update_delta` for SPARQL Updates.
The nodes the change affects are validated with the project's SHACL shapes on the subgraph their
checks read, taken from the live store with the delta applied (:func:`kg.impact.overlay_subgraph`);
only if it conforms is the change committed, in one atomic SPARQL Update (DELETE DATA + INSERT DATA
with the audit record), on an embedded store or forwarded to a remote one. What cannot be computed
that way (LOAD, CLEAR/DROP/CREATE/ADD/MOVE/COPY, a WHERE after an earlier operation of the same
request, a change to the class hierarchy, a remote store's blank nodes) runs on a staged copy of the
whole store, as before. A write that fails to parse, fails to run or does not conform leaves the store
exactly as it was (:class:`ValidationError` carries the SHACL report).

The functions here are the boundary the rest of the code uses — :func:`apply_update`,
:func:`replace_graph`, :func:`add_to_graph`, :func:`delete_graph` — each returning a
:class:`WriteResult` with the exact change (``delta``), so validation can later be narrowed to the
focus nodes a change touches without changing any caller. :func:`data_version` counts the
commits per store: query workers reopen their snapshot when it changes.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox

from kg import audit, telemetry, update_delta
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
from kg.screening import screen_update
from kg.settings import Settings
from kg.store import Store, named
from kg.validation import ValidationReport, validate_affected

_LOCK = threading.RLock()  # one write at a time: stage, validate and commit see the same base
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


@contextmanager
def writes_paused() -> Iterator[None]:
    """No write commits while the body runs (kg.backup takes its consistent copy here)."""
    with _LOCK:
        yield


def data_version(store: Store) -> int:
    """How many writes the gate has committed to ``store`` (0 for a store never written)."""
    return _VERSIONS.get(store, 0)


def apply_update(store: Store, sparql: str, settings: Settings, *, base_iri: str | None = None,
                 client: str = audit.ANONYMOUS) -> WriteResult:
    """Run a SPARQL Update atomically, validated; LOAD and SERVICE only where the settings allow.

    Relative IRIs in the update resolve against ``base_iri`` (the API passes the endpoint's URL).
    The write is recorded in the audit graph (kg.audit) in the same commit, under ``client``.
    """
    started = audit.now()
    _check_writable(settings)
    screen_update(sparql, settings)
    with _LOCK:
        staged = None
        delta = _update_delta(store, sparql, base_iri)
        if delta is None:  # what kg.update_delta cannot compute exactly runs on a staged copy
            staged = stage(store)
            _run(staged, sparql, base_iri)  # syntax and evaluation errors surface here; the store is untouched
            delta = difference(store, staged)
        audit.check_protected([*delta.added, *delta.removed], settings)
        report = _validate_change(store, settings, delta, staged)
        record = _record("update", client, started, delta, settings)
        if any(_has_blank_node(q) for q in delta.removed):
            # DELETE DATA cannot name blank nodes: replay the update itself, with the record, atomically
            _run(store, _without_final_separator(sparql) + "\n;\n" + record, base_iri)
        else:
            store.update(_join(delta_update(delta), record))
        return _committed(store, delta, report)


def replace_graph(store: Store, graph: str | None, data: bytes | str, media_type: str, settings: Settings,
                  *, base_iri: str | None = None, client: str = audit.ANONYMOUS) -> WriteResult:
    """Graph Store PUT: the graph (None: the default graph) becomes exactly the payload's triples."""
    target = _graph_name(graph)
    payload = _as_quads(parse_triples(data, media_type, base_iri=base_iri), target)
    update = _join(_drop(target), _insert(payload))
    return _write(store, settings, target, update, lambda: _net(payload, graph_quads(store, graph)), "put", client)


def add_to_graph(store: Store, graph: str | None, data: bytes | str, media_type: str, settings: Settings,
                 *, base_iri: str | None = None, client: str = audit.ANONYMOUS) -> WriteResult:
    """Graph Store POST: merge the payload's triples into the graph (None: the default graph)."""
    target = _graph_name(graph)
    payload = _as_quads(parse_triples(data, media_type, base_iri=base_iri), target)
    return _write(store, settings, target, _insert(payload),
                  lambda: Delta(_absent(store, payload), []), "post", client)


def delete_graph(store: Store, graph: str | None, settings: Settings, *,
                 client: str = audit.ANONYMOUS) -> WriteResult:
    """Graph Store DELETE: remove the graph (None: empty the default graph)."""
    target = _graph_name(graph)
    return _write(store, settings, target, _drop(target), lambda: Delta([], graph_quads(store, graph)), "delete",
                  client)


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
    old, new = set(before.quads()), set(after.quads())
    return Delta(sorted(new - old, key=str), sorted(old - new, key=str))


def delta_update(delta: Delta) -> str:
    """One SPARQL Update that applies ``delta`` (removals must hold no blank nodes)."""
    removal = "DELETE DATA {\n" + _data_block(delta.removed) + "}" if delta.removed else ""
    return _join(removal, _insert(delta.added))


def _write(store: Store, settings: Settings, target: NamedNode | DefaultGraph, update: str,
           change: Callable[[], Delta], operation: str, client: str) -> WriteResult:
    """Stage, validate and commit a Graph Store operation given as one SPARQL Update on ``target``."""
    started = audit.now()
    _check_writable(settings)
    name = None if isinstance(target, DefaultGraph) else target.value
    audit.check_protected([], settings, [name])
    with _LOCK:
        delta = change()
        report = None
        if settings.validate:
            staged = None
            if not _exact_overlay(store, delta):
                staged = stage(store)
                _run(staged, update)
            report = _validate_change(store, settings, delta, staged)
        store.update(_join(update, _record(operation, client, started, delta, settings, name)))
        return _committed(store, delta, report)


def _update_delta(store: Store, sparql: str, base_iri: str | None) -> Delta | None:
    """The update's exact delta computed on the live store (kg.update_delta), or None to stage a copy."""
    try:
        update_delta.check(sparql)
    except update_delta.Unsupported:
        return None
    _run(EmbeddedStore(None), sparql, base_iri)  # syntax errors surface as the staged run raises them
    try:
        added, removed = update_delta.update_delta(store, sparql, base_iri=base_iri)
    except update_delta.Unsupported:
        return None
    delta = Delta(sorted(added, key=str), sorted(removed, key=str))
    return delta if _exact_overlay(store, delta) else None


def _exact_overlay(store: Store, delta: Delta) -> bool:
    """Whether the change can be validated on the live store plus the delta (kg.impact.overlay_subgraph):
    not when it changes the class hierarchy (the whole store is validated), nor for a remote store's
    blank nodes, which cannot be named in a query."""
    if touched_terms([*delta.added, *delta.removed]).hierarchy:
        return False
    return isinstance(store, EmbeddedStore) or not any(_has_blank_node(q) for q in delta.removed)


def _absent(store: Store, quads: list[Quad]) -> list[Quad]:
    """Those of ``quads`` the store does not hold (each once, in order)."""
    unique = list(dict.fromkeys(quads))
    present = update_delta.present(store, unique)
    return [q for q in unique if q not in present]


def _net(new: list[Quad], old: list[Quad]) -> Delta:
    new_set, old_set = set(new), set(old)
    return Delta([q for q in new if q not in old_set], [q for q in old if q not in new_set])


def _join(*operations: str) -> str:
    return " ;\n".join(op for op in operations if op)


def _run(store: Store, sparql: str, base_iri: str | None = None) -> None:
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


def _without_final_separator(sparql: str) -> str:
    """The update without a trailing ``;`` (SPARQL allows one), so another operation can follow."""
    text = sparql.rstrip()
    return text[:-1] if text.endswith(";") else text


def _committed(store: Store, delta: Delta, report: ValidationReport | None) -> WriteResult:
    _VERSIONS[store] = _VERSIONS.get(store, 0) + 1
    telemetry.write_accepted()
    return WriteResult(delta, report)


def _validate_change(store: Store, settings: Settings, delta: Delta,
                     staged: Store | None) -> ValidationReport | None:
    """Validate what the write can affect (kg.impact): on ``staged`` (the store after the write) when
    there is one, else on the live store's affected subgraph with the delta applied to it."""
    if not settings.validate:
        return None
    changed = touched_terms([*delta.added, *delta.removed])
    if staged is None:
        try:
            subgraph = overlay_subgraph(store, delta.added, delta.removed)
        except QueryParameterError:  # a remote store's blank node on a chain: stage a copy after all
            staged = stage(store)
            for quad in delta.removed:
                staged.engine.remove(quad)
            staged.engine.extend(delta.added)
        else:
            staged = EmbeddedStore(None)
            staged.engine.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in subgraph)
    report = validate_affected(staged, changed, settings.project_dir / "shapes")
    if not report.conforms:
        telemetry.write_refused(report)
        raise ValidationError(report, f"the write does not conform: {len(report.violations)} violation(s)")
    return report


def _check_writable(settings: Settings) -> None:
    if settings.read_only:
        raise ForbiddenOperationError("the store is read-only (setting read_only)")


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


def _insert(quads: list[Quad]) -> str:
    return "INSERT DATA {\n" + _data_block(quads) + "}" if quads else ""


def _data_block(quads: list[Quad]) -> str:
    """Quads as the body of INSERT DATA / DELETE DATA: default-graph triples, then GRAPH blocks."""
    by_graph: dict[object, list[ox.Triple]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(quad.triple)
    blocks = []
    for graph, triples in by_graph.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        blocks.append(body if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{body}}}\n")
    return "".join(blocks)


def _has_blank_node(quad: Quad) -> bool:
    return any(isinstance(term, BlankNode) for term in (quad.subject, quad.object, quad.graph_name))
