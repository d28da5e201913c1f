"""The live store plus the change an update has made so far: what each of its operations reads and changes.

An :class:`Overlay` holds the quads added and removed relative to the live store (the store itself is
never changed) and the named graphs created or dropped, and answers reads through the store interface
(quads by graph, containment, graph existence: :class:`~kg.store.Store`), never by running client text.
Operations apply their deletions and insertions in order, as the engine applies them, so the overlay
ends as the store would after the update; :meth:`Overlay.delta` is then the write's exact change. Its
literals are in the form the engine stores them in (:func:`as_stored`: ``"01"^^xsd:integer`` is stored
as ``1``), so the delta — validated, audited and committed — is what the store then holds.

The engine keeps named graphs as a set of their own: a graph exists once created or written to, empty
or not, until dropped. The delta names the graphs whose existence changed, so a commit can create or
drop them (an empty graph a CREATE made; a graph a DROP removed).

A store reached in SPARQL (remote) cannot name its blank nodes across requests: the blank nodes it
gives (in quads or solutions) are ``held``, and a change that would remove a quad holding one, or add a
quad to one, is refused at once with :class:`~kg.errors.UpdateError` (:meth:`kg.store.base.Store.check_delta`),
never approximated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Term
from kg.store.base import GraphName, Store

Mutation = tuple[bool, Quad]  # (True: delete, False: insert), the quad
_KEPT = frozenset({NamedNode("http://www.w3.org/2001/XMLSchema#string"),
                   NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")})  # stored as written
_VALUE = NamedNode("urn:x-kg-literal:value")


@dataclass(frozen=True)
class Delta:
    """The quads a write adds and removes, and the named graphs it creates (empty) and drops."""

    added: list[Quad] = field(default_factory=list)
    removed: list[Quad] = field(default_factory=list)
    graphs_created: list[NamedNode] = field(default_factory=list)
    graphs_dropped: list[NamedNode] = field(default_factory=list)


class Overlay:
    """The live ``store`` as an update sees it after the operations applied so far."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.added: dict[Quad, None] = {}  # ordered sets: not in the store
        self.removed: dict[Quad, None] = {}  # in the store
        self.held: set[BlankNode] = set()  # blank nodes a remote store gave (it cannot be told them back)
        self._remote = not store.in_process
        self._graphs: dict[NamedNode | BlankNode, bool] = {}  # existence, where this update set it
        self._live_graphs: dict[NamedNode, bool] = {}  # existence in the store, asked once
        self._stored: dict[Literal, Literal] = {}  # literals as the engine stores them (as_stored)

    @property
    def changed(self) -> bool:
        """Whether any quad differs from the live store."""
        return bool(self.added or self.removed)

    # Reading
    def quads_in(self, graph: GraphName | None) -> list[Quad]:
        """The quads of one graph as the update sees them now (None: every graph)."""
        live = self.note(self.store.quads_in(graph))
        seen = [q for q in live if q not in self.removed]
        return seen + [q for q in self.added if graph is None or q.graph_name == graph]

    def named_graph_quads(self) -> list[Quad]:
        """The quads of every named graph as the update sees them now."""
        return [q for q in self.quads_in(None) if not isinstance(q.graph_name, DefaultGraph)]

    def graph_exists(self, graph: NamedNode) -> bool:
        found = self._graphs.get(graph)
        return self._live_graph(graph) if found is None else found

    def named_graphs(self) -> list[NamedNode | BlankNode]:
        """Every named graph that exists now: the store's, and those this update made, less those it dropped."""
        live = {NamedNode(info.iri) for info in self.store.graphs() if _is_iri(info.iri)}
        self._live_graphs.update(dict.fromkeys(live, True))
        names = dict.fromkeys([*live, *self._graphs])
        names.update(dict.fromkeys(q.graph_name for q in self.added if not isinstance(q.graph_name, DefaultGraph)))
        return [g for g in names if self._graphs.get(g, True)]

    def note(self, quads: Sequence[Quad]) -> Sequence[Quad]:
        """Record the blank nodes of quads a remote store gave (see :attr:`held`); returns ``quads``."""
        if self._remote:
            self.held.update(t for q in quads for t in (q.subject, q.object, q.graph_name) if isinstance(t, BlankNode))
        return quads

    def note_terms(self, terms: Iterable[Term]) -> None:
        """Record the blank nodes among terms a remote store gave (the solutions of a WHERE clause)."""
        if self._remote:
            self.held.update(t for t in terms if isinstance(t, BlankNode))

    # Changing
    def apply(self, mutations: Sequence[Mutation]) -> None:
        """Delete (True) and insert (False) quads in the order given, as the engine applies an operation's
        changes; a quad is asked of the store at most once per operation."""
        if not mutations:
            return
        stored = as_stored([q for _, q in mutations], self._stored)
        mutations = [(delete, quad) for (delete, _), quad in zip(mutations, stored, strict=True)]
        if self.held:
            self._refuse_held(mutations)
        quads = list(dict.fromkeys(q for _, q in mutations))
        unknown = [q for q in quads if q not in self.added and q not in self.removed]
        in_store = self.store.contains_quads(unknown) if unknown else set()
        live = {q: q in self.removed or q in in_store for q in quads}
        for delete, quad in mutations:
            if delete:
                self.added.pop(quad, None)
                if live[quad]:
                    self.removed[quad] = None
            else:
                self.removed.pop(quad, None)
                if not live[quad]:
                    self.added[quad] = None
                if not isinstance(quad.graph_name, DefaultGraph):
                    self._graphs[quad.graph_name] = True

    def create_graph(self, graph: NamedNode) -> None:
        self._graphs[graph] = True

    def drop_graph(self, graph: NamedNode | BlankNode) -> None:
        """Remove the graph's quads and the graph itself."""
        self.apply([(True, q) for q in self.quads_in(graph)])
        self._graphs[graph] = False

    # The result
    def pending(self) -> tuple[str, str] | None:
        """The change as N-Quads to add and to remove (for a query worker's private copy), None if none."""
        if not self.changed:
            return None
        return _nquads(self.added), _nquads(self.removed)

    def delta(self) -> Delta:
        """The update's exact change relative to the live store."""
        created, dropped = [], []
        graphs_with_added = {q.graph_name for q in self.added}
        for graph, exists in self._graphs.items():
            if not isinstance(graph, NamedNode):
                continue
            if exists and graph not in graphs_with_added and not self._live_graph(graph):
                created.append(graph)  # exists after, empty: an INSERT of its quads would not make it
            elif not exists and self._live_graph(graph):
                dropped.append(graph)
        return Delta(sorted(self.added, key=str), sorted(self.removed, key=str), created, dropped)

    def _live_graph(self, graph: NamedNode) -> bool:
        found = self._live_graphs.get(graph)
        if found is None:
            found = self._live_graphs[graph] = self.store.has_named_graph(graph)
        return found

    def _refuse_held(self, mutations: Sequence[Mutation]) -> None:
        for delete, quad in mutations:
            if any(t in self.held for t in (quad.subject, quad.object, quad.graph_name)):
                self.store.check_delta([] if delete else [quad], [quad] if delete else [], self.held)


def as_stored(quads: Sequence[Quad], known: dict[Literal, Literal] | None = None) -> list[Quad]:
    """``quads`` with their literals in the form the engine stores them in: typed values canonical
    (``"01"^^xsd:integer`` is ``1``, ``"PT60S"^^xsd:duration`` is ``PT1M``), as an in-memory engine store
    gives them back. ``known`` caches the forms found (per update)."""
    known = {} if known is None else known
    unknown = list(dict.fromkeys(q.object for q in quads if isinstance(q.object, Literal)
                                 and q.object.datatype not in _KEPT and q.object not in known))
    if unknown:
        engine = ox.Store()
        engine.extend(ox.Quad(NamedNode(f"urn:x-kg-literal:{n}"), _VALUE, literal) for n, literal in enumerate(unknown))
        for quad in engine:
            known[unknown[int(quad.subject.value.rsplit(":", 1)[1])]] = quad.object
    if not known:
        return list(quads)
    return [q if not isinstance(q.object, Literal) or q.object not in known
            else Quad(q.subject, q.predicate, known[q.object], q.graph_name) for q in quads]


def _nquads(quads: Iterable[Quad]) -> str:
    return ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8")


def _is_iri(text: str) -> bool:
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True
