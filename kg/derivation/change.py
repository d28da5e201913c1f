"""What a write changes in the asserted data, read as the derivation reads it: triples of the union.

The derived graph is computed from the union of every graph but itself (the asserted triples, U). A
write's quads change U only where a triple gains its first graph or loses its last one, so the change
that matters is triple-level: :class:`AssertedChange` (U+ and U−). :class:`Membership` answers, for
any triples, whether U holds them before and after the write, and whether the derived graph holds them
now — the three facts the incremental derivation compares.

Blank nodes cannot be named in the text of a query: their triples are asked with bound variables, one
query each (a remote store gives its blank nodes new identities per request, so for it a blank-node
triple is never found, as the write gate assumes: :meth:`kg.store.base.Store.check_delta`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kg.rdf.model import BlankNode, DefaultGraph, NamedNode, Quad, Term, Triple
from kg.store.base import Store

BATCH = 200  # triples or nodes per VALUES block


@dataclass(frozen=True)
class AssertedChange:
    """The triples the write adds to the asserted union (U+) and removes from it (U−)."""

    added: frozenset[Triple]
    removed: frozenset[Triple]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def triples(self) -> frozenset[Triple]:
        return self.added | self.removed


class Membership:
    """U before and after the write, and the derived graph now, asked of ``store`` (cached per triple)."""

    def __init__(self, store: Store, derived_graph: str, added: Sequence[Quad], removed: Sequence[Quad]) -> None:
        self.store = store
        self.derived_graph = NamedNode(derived_graph)
        self._added: dict[Triple, set[Term]] = {}
        self._removed: dict[Triple, set[Term]] = {}
        for quad in added:
            self._added.setdefault(quad.triple, set()).add(quad.graph_name)
        for quad in removed:
            self._removed.setdefault(quad.triple, set()).add(quad.graph_name)
        self._graphs: dict[Triple, set[Term]] = {}  # the graphs other than the derived one holding a triple
        self._derived: dict[Triple, bool] = {}

    def change(self) -> AssertedChange:
        """The write's change to U."""
        triples = set(self._added) | set(self._removed)
        self.load(triples)
        added = {t for t in triples if self.after(t) and not self.before(t)}
        removed = {t for t in triples if self.before(t) and not self.after(t)}
        return AssertedChange(frozenset(added), frozenset(removed))

    def before(self, triple: Triple) -> bool:
        return bool(self._graphs[triple])

    def after(self, triple: Triple) -> bool:
        graphs = (self._graphs[triple] - self._removed.get(triple, set())) | self._added.get(triple, set())
        return bool(graphs)

    def derived(self, triple: Triple) -> bool:
        """Whether the derived graph holds ``triple`` now (before the write)."""
        return self._derived[triple]

    def load(self, triples: Iterable[Triple]) -> None:
        """Ask the store about the triples not asked yet."""
        unknown = [t for t in dict.fromkeys(triples) if t not in self._graphs]
        if not unknown:
            return
        for triple in unknown:
            self._graphs[triple] = set()
            self._derived[triple] = False
        named = [t for t in unknown if not _has_blank_node(t)]
        query = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        for chunk in _chunks(named):
            rows = " ".join(f"({t.subject} {t.predicate} {t.object})" for t in chunk)
            self._record(self.store.select(f"{query} VALUES (?s ?p ?o) {{ {rows} }}"))
            own = self.store.select_default_graph(
                f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} VALUES (?s ?p ?o) {{ {rows} }}")
            self._record([{"g": DefaultGraph(), **row} for row in own])  # the union holds it too
        for triple in (t for t in unknown if _has_blank_node(t)):
            if _embedded(self.store):
                self._record(self.store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                                               s=triple.subject, p=triple.predicate, o=triple.object))

    def _record(self, rows: list[dict[str, Term]]) -> None:
        for row in rows:
            triple = Triple(row["s"], row["p"], row["o"])
            if row["g"] == self.derived_graph:
                self._derived[triple] = True
            elif triple in self._graphs:
                self._graphs[triple].add(row["g"])


def _embedded(store: Store) -> bool:
    """Whether a query on ``store`` can be given a blank node (the embedded store)."""
    return store.in_process


def _has_blank_node(triple: Triple) -> bool:
    return isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode)


def _chunks(items: Sequence) -> Iterator[Sequence]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def values(nodes: Iterable[Term]) -> Iterator[str]:
    """The nodes (IRIs and literals; blank nodes left out) as the rows of VALUES blocks, sorted."""
    named = sorted({str(n) for n in nodes if not isinstance(n, BlankNode)})
    for chunk in _chunks(named):
        yield " ".join(chunk)


def iris(terms: Iterable[Term]) -> set[NamedNode]:
    return {t for t in terms if isinstance(t, NamedNode)}
