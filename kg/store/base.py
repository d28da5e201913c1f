"""The store interface: the one door to the data. Everything above it talks to :class:`Store`.

Two implementations: :class:`kg.store.embedded.EmbeddedStore` (pyoxigraph, on disk or in memory) and
the remote one over any SPARQL 1.1 engine. Callers see :mod:`kg.rdf.model` terms, :class:`QueryResult`
and :mod:`kg.errors`, never engine exceptions, and never test which backend they hold: what differs
between backends is a capability of the interface (:attr:`Store.in_process`, :attr:`Store.path`), and an
operation a backend cannot offer raises :class:`~kg.errors.UnsupportedStoreOperationError`, said in the
backend's docstring. Besides SPARQL, the interface offers structural reads (quads by graph, containment,
graph existence, one-graph dumps with the default graph), quad-level writes (:meth:`Store.add_quads`,
:meth:`Store.remove_quads`, :meth:`Store.commit_delta`), an in-memory copy and, for code that works on
pyoxigraph itself (the journal's replay, bulk loading), the embedded engine by name (:meth:`Store.oxigraph`).
The data version a write bumps is :func:`kg.store.versions.data_version`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreError, UnsupportedStoreOperationError
from kg.rdf.formats import RESULT_FORMATS, prefixes_for, rdf_format, require_rdf_format, result_format
from kg.rdf.model import BlankNode, DefaultGraph, NamedNode, Quad, Term, Triple
from kg.store.delta import has_blank_node

QueryKind = TypingLiteral["select", "ask", "graph"]
GraphName = NamedNode | BlankNode | DefaultGraph
_CONTAINS_BATCH = 200  # quads per containment query to an engine that is asked in SPARQL


@dataclass(frozen=True)
class GraphInfo:
    """A named graph and its size."""

    iri: str
    triples: int


class QueryResult:
    """The answer to a SPARQL query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    Results are read lazily and once. ``rows()`` and ``triples()`` materialise them; ``serialize()``
    writes them natively in any SPARQL results or RDF format.
    """

    def __init__(self, raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> None:
        self._raw = raw
        if isinstance(raw, ox.QuerySolutions):
            self.kind: QueryKind = "select"
        elif isinstance(raw, ox.QueryBoolean):
            self.kind = "ask"
        else:
            self.kind = "graph"

    @property
    def variables(self) -> list[str]:
        """SELECT variable names, in projection order."""
        if self.kind != "select":
            return []
        return [v.value for v in self._raw.variables]

    @property
    def boolean(self) -> bool:
        """The ASK answer."""
        if self.kind != "ask":
            raise TypeError("not an ASK result")
        return bool(self._raw)

    def rows(self) -> list[dict[str, Term]]:
        """SELECT solutions as dicts from variable name to term (unbound variables left out)."""
        if self.kind != "select":
            raise TypeError("not a SELECT result")
        names = self.variables
        return [{n: row[n] for n in names if row[n] is not None} for row in self._raw]

    def triples(self) -> Iterator[Triple]:
        """CONSTRUCT/DESCRIBE triples."""
        if self.kind != "graph":
            raise TypeError("not a graph result")
        return iter(self._raw)

    def serialize(self, media_type: str) -> bytes:
        """The result in the format of ``media_type`` (a SPARQL results format, or an RDF one for graphs)."""
        if self.kind == "graph":
            fmt = rdf_format(media_type)
            if fmt is None:
                raise ValueError(f"not an RDF media type: {media_type}")
            return self._raw.serialize(format=fmt.oxigraph)
        fmt = result_format(media_type)
        if fmt is None:
            raise ValueError(f"not a SPARQL results media type: {media_type}")
        return self._raw.serialize(format=fmt.oxigraph)


class Store(ABC):
    """What every store offers. Queries see the union of the named graphs as their default graph."""

    in_process: bool = False
    """Whether the data is a pyoxigraph dataset in this process (the embedded store): it changes only through
    this process, its blank nodes can be named across calls, query workers are given a copy of it, and
    :meth:`oxigraph` hands it out. False for an engine reached over HTTP."""

    path: Path | None = None
    """The directory of an on-disk store; None in memory or remote."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; ``bindings`` are bound as values (never spliced into the text).

        A bound variable must be in the query's projection (``SELECT *`` or named), as SEP-0007
        substitution requires; otherwise QueryParameterError.
        """

    @abstractmethod
    def select_default_graph(self, sparql: str) -> list[dict[str, Term]]:
        """A SELECT over the store's own default graph, not the union of its graphs that :meth:`query` gives."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update, atomically: all of it or nothing."""

    @abstractmethod
    def load(self, source: Path, *, graph: str | None = None, media_type: str | None = None,
             bulk: bool = False) -> None:
        """Add the triples of a file to a named graph (the default graph when ``graph`` is None).
        ``bulk``: a big file streamed straight to disk, not in one transaction (where the backend can)."""

    @abstractmethod
    def load_data(self, data: bytes | str, media_type: str, *, graph: str | None = None,
                  base_iri: str | None = None, trusted: bool = False) -> None:
        """Add parsed triples (or quads, for dataset formats) from a payload. ``trusted``: the code's own
        output, not a client's, so the payload screening (:func:`kg.rdf.payload.screen_payload`) is skipped."""

    @abstractmethod
    def replace_graph(self, graph: str, data: bytes | str, media_type: str,
                      base_iri: str | None = None) -> None:
        """Replace the content of a named graph atomically: readers see the old or the new graph."""

    @abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove a named graph (no error if it is absent)."""

    @abstractmethod
    def graphs(self) -> list[GraphInfo]:
        """The named graphs with their triple counts, sorted by IRI."""

    @abstractmethod
    def graph_names(self) -> list[str]:
        """The named graphs' IRIs, sorted: the graphs :meth:`graphs` lists, without counting their triples."""

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterable[Quad]:
        """All quads, or the triples of one named graph as quads."""

    @abstractmethod
    def export(self, media_type: str, graph: str | None = None) -> bytes:
        """The dataset (or one graph) serialised; triple formats without ``graph`` get the union."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (flush and unlock files)."""

    # Quad-level writes and copies.
    @abstractmethod
    def add_quads(self, quads: Iterable[Quad], *, bulk: bool = False) -> None:
        """Add the quads, blank nodes as given (a remote engine makes them new ones), in one transaction;
        ``bulk``: many quads, written without a transaction where the backend can."""

    @abstractmethod
    def remove_quads(self, quads: Iterable[Quad]) -> None:
        """Remove the quads (absent ones are ignored)."""

    @abstractmethod
    def commit_delta(self, added: Sequence[Quad], removed: Sequence[Quad], *, before: Sequence[str] = (),
                     after: Sequence[str] = (), held_blank_nodes: Collection[BlankNode] = ()) -> None:
        """Apply the SPARQL operations ``before``, the exact delta (``removed`` then ``added``) and ``after``
        as one atomic update (:mod:`kg.store.delta`). ``held_blank_nodes``: those the store held before the
        write. UpdateError when the delta cannot be applied exactly (:meth:`check_delta`)."""

    def check_delta(self, added: Sequence[Quad], removed: Sequence[Quad],
                    held_blank_nodes: Collection[BlankNode] = ()) -> None:
        """UpdateError when :meth:`commit_delta` cannot apply this delta exactly (a store reached in SPARQL
        cannot name its blank nodes); nothing is changed either way. Any delta is exact by default."""
        return None

    @abstractmethod
    def copy_in_memory(self) -> Store:
        """An in-memory embedded store holding a copy of every quad (blank nodes keep their identity where the
        backend can name them); the caller closes it."""

    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store holding the data, for code that works on the engine itself (the journal's
        replay, bulk loading a generation). UnsupportedStoreOperationError unless :attr:`in_process`."""
        raise UnsupportedStoreOperationError(f"{type(self).__name__} has no pyoxigraph store in this process")

    def quad_count(self) -> int:
        """How many quads the store holds, in every graph (the default graph included)."""
        return sum(1 for _ in self.quads())

    def export_file(self, path: Path, media_type: str) -> None:
        """:meth:`export` into a file (the embedded store streams it)."""
        path.write_bytes(self.export(media_type))

    # Conveniences built on the abstract operations.
    def select(self, sparql: str, **bindings: Term) -> list[dict[str, Term]]:
        """SELECT rows as dicts; keyword arguments are bound variables."""
        return self.query(sparql, bindings).rows()

    def ask(self, sparql: str, **bindings: Term) -> bool:
        """The answer of an ASK query."""
        return self.query(sparql, bindings).boolean

    def construct(self, sparql: str, **bindings: Term) -> list[Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        return list(self.query(sparql, bindings).triples())

    # Structural reads for the write path: quads by graph, containment, graph existence. These defaults ask
    # the engine in SPARQL the code writes itself (never client text); the embedded store reads its indexes.
    def quads_in(self, graph: GraphName | None = None) -> list[Quad]:
        """The quads of one graph (``DefaultGraph()``: the store's own default graph), or all of them (None).

        A store reached in SPARQL cannot name a blank graph name: it has no quads to give for one.
        """
        if graph is None:
            return list(self.quads())
        if isinstance(graph, DefaultGraph):
            rows = self.select_default_graph("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")  # not the union
            return [Quad(row["s"], row["p"], row["o"], DefaultGraph()) for row in rows]
        if isinstance(graph, BlankNode):
            return []
        return list(self.quads(graph.value))

    def contains_quads(self, quads: Iterable[Quad]) -> set[Quad]:
        """Those of ``quads`` the store holds. Quads with blank nodes are never found in a store reached in
        SPARQL: its blank nodes cannot be named across requests."""
        named_only = [q for q in dict.fromkeys(quads) if not has_blank_node(q)]
        found: set[Quad] = set()
        groups: dict[GraphName, list[Quad]] = {}
        for quad in named_only:
            groups.setdefault(quad.graph_name, []).append(quad)
        for graph, group in groups.items():
            pattern = f"GRAPH {graph} {{ ?s ?p ?o }}" if isinstance(graph, NamedNode) else "?s ?p ?o"
            for start in range(0, len(group), _CONTAINS_BATCH):
                chunk = group[start:start + _CONTAINS_BATCH]
                rows = " ".join(f"({q.subject} {q.predicate} {q.object})" for q in chunk)
                # the query's trailing VALUES, not a block inside the group: Virtuoso 7.2.5 loses the
                # language-tagged literals of a block of several rows there (engines plan both alike)
                query = f"SELECT ?s ?p ?o WHERE {{ {pattern} }} VALUES (?s ?p ?o) {{ {rows} }}"
                found.update(Quad(row["s"], row["p"], row["o"], graph) for row in self.select_default_graph(query))
        return found

    def has_named_graph(self, graph: NamedNode) -> bool:
        """Whether the named graph exists (an engine reached in SPARQL: whether it holds a triple)."""
        return self.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")

    def dump_graph(self, graph: NamedNode | DefaultGraph, media_type: str) -> bytes:
        """One graph (``DefaultGraph()``: the store's own default graph, not the union) in an RDF triple
        format; prefixes for Turtle and RDF/XML. StoreError when the format cannot hold it."""
        fmt = require_rdf_format(media_type)
        try:
            return self._dump_graph(graph, fmt.oxigraph, prefixes_for(fmt))
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot serialise the graph as {fmt.name}: {exc}") from exc

    def _dump_graph(self, graph: NamedNode | DefaultGraph, fmt: ox.RdfFormat, prefixes: dict[str, str] | None
                    ) -> bytes:
        return ox.serialize([q.triple for q in self.quads_in(graph)], format=fmt, prefixes=prefixes) or b""

    def count_triples(self, graph: str | None = None) -> int:
        """Triples in one named graph, or in all named graphs together."""
        if graph is None:
            return sum(info.triples for info in self.graphs())
        return next((i.triples for i in self.graphs() if i.iri == graph), 0)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def named(iri: str) -> NamedNode:
    """A NamedNode, with a QuerySyntaxError-free message for bad IRIs."""
    try:
        return NamedNode(iri)
    except ValueError as exc:
        raise StoreError(f"invalid IRI {iri!r}: {exc}") from exc


__all__ = ["RESULT_FORMATS", "GraphInfo", "GraphName", "QueryResult", "QuerySyntaxError", "Store", "named"]
