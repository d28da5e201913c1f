"""The embedded store: pyoxigraph on disk (RocksDB) or in memory, in this process.

It offers every operation of :class:`~kg.store.base.Store`; its structural reads go to pyoxigraph's
indexes, its deltas commit with the blank-node function of :mod:`kg.store.delta`, and the engine
itself is handed out by :meth:`EmbeddedStore.oxigraph` to code that works on pyoxigraph (the journal's
replay, bulk loading). Engine exceptions are translated here into :mod:`kg.errors`."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import LoadError, QueryParameterError, QuerySyntaxError, StoreError, UpdateError
from kg.rdf.formats import ntriples, prefixes_for, require_rdf_format
from kg.rdf.model import BlankNode, DefaultGraph, NamedNode, Quad, Term
from kg.rdf.payload import parse_triples, screen_payload
from kg.store.base import GraphInfo, GraphName, QueryResult, Store, named
from kg.store.delta import FUNCTIONS, embedded_update

_COUNT_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class EmbeddedStore(Store):
    """pyoxigraph behind the Store interface. ``path=None`` keeps everything in memory."""

    in_process = True

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self._ox = ox.Store()
            elif read_only:
                self._ox = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open store at {path}: {exc}") from exc

    def oxigraph(self) -> ox.Store:
        return self._ox

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        subs = {ox.Variable(name): value for name, value in (bindings or {}).items()}
        options: dict[str, object] = {}
        if default_graphs:
            options["default_graph"] = [named(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [named(g) for g in named_graphs]
        return self._evaluate(sparql, substitutions=subs or None, **options)

    def select_default_graph(self, sparql: str) -> list[dict[str, Term]]:
        return self._evaluate(sparql).rows()

    def _evaluate(self, sparql: str, **options: object) -> QueryResult:
        try:
            return QueryResult(self._ox.query(sparql, **options))
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except RuntimeError as exc:  # a bound variable the query does not project
            raise QueryParameterError(f"cannot bind parameters: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(str(exc)) from exc

    def update(self, sparql: str) -> None:
        self._writable()
        try:
            self._ox.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise StoreError(str(exc)) from exc

    def load(self, source: Path, *, graph: str | None = None, media_type: str | None = None,
             bulk: bool = False) -> None:
        """Add a file's triples; ``bulk`` streams big files straight to disk (not transactional)."""
        self._writable()
        fmt = require_rdf_format(media_type or source.suffix)
        target = named(graph) if graph else None
        loader = self._ox.bulk_load if bulk else self._ox.load
        try:
            loader(path=str(source), format=fmt.oxigraph, to_graph=target,
                   base_iri=source.resolve().as_uri())
        except (SyntaxError, ValueError) as exc:
            raise LoadError(source, str(exc)) from exc
        except OSError as exc:
            raise LoadError(source, f"cannot read: {exc}") from exc

    def load_data(self, data: bytes | str, media_type: str, *, graph: str | None = None,
                  base_iri: str | None = None, trusted: bool = False) -> None:
        self._writable()
        fmt = require_rdf_format(media_type)
        if not trusted:
            screen_payload(data, fmt.name)  # bounded nesting and entity expansion (kg.rdf.payload)
        try:
            self._ox.load(data, format=fmt.oxigraph, to_graph=named(graph) if graph else None,
                          base_iri=base_iri)
        except (SyntaxError, ValueError) as exc:
            raise LoadError("request body", str(exc)) from exc

    def replace_graph(self, graph: str, data: bytes | str, media_type: str,
                      base_iri: str | None = None) -> None:
        self._writable()
        triples = parse_triples(data, media_type, base_iri=base_iri)
        body = ntriples(triples)
        target = named(graph)
        self.update(f"DROP SILENT GRAPH {target} ; INSERT DATA {{ GRAPH {target} {{ {body} }} }}")

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {named(graph)}")

    def graphs(self) -> list[GraphInfo]:
        counts = {str(row["g"].value): int(row["n"].value) for row in self._ox.query(_COUNT_GRAPHS)}
        for g in self._ox.named_graphs():
            if isinstance(g, ox.NamedNode):
                counts.setdefault(g.value, 0)
        return [GraphInfo(iri, n) for iri, n in sorted(counts.items())]

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterable[Quad]:
        target = named(graph) if graph else None
        return self._ox.quads_for_pattern(None, None, None, target)

    def quads_in(self, graph: GraphName | None = None) -> list[Quad]:
        return list(self._ox.quads_for_pattern(None, None, None, graph))

    def contains_quads(self, quads: Iterable[Quad]) -> set[Quad]:
        return {quad for quad in quads if quad in self._ox}

    def has_named_graph(self, graph: NamedNode) -> bool:
        return self._ox.contains_named_graph(graph)

    def _dump_graph(self, graph: NamedNode | DefaultGraph, fmt: ox.RdfFormat, prefixes: dict[str, str] | None
                    ) -> bytes:
        return self._ox.dump(format=fmt, from_graph=graph, prefixes=prefixes) or b""

    def export(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = require_rdf_format(media_type)
        prefixes = prefixes_for(fmt)
        try:
            if graph is not None:
                return self._ox.dump(format=fmt.oxigraph, from_graph=named(graph), prefixes=prefixes)
            if fmt.datasets:
                return self._ox.dump(format=fmt.oxigraph, prefixes=prefixes)
            union = sorted({q.triple for q in self._ox}, key=str)
            return ox.serialize(union, format=fmt.oxigraph, prefixes=prefixes)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot export as {fmt.name}: {exc}") from exc

    def add_quads(self, quads: Iterable[Quad], *, bulk: bool = False) -> None:
        self._writable()
        try:
            if bulk:
                self._ox.bulk_extend(quads)
            else:
                self._ox.extend(quads)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot add the quads: {exc}") from exc

    def remove_quads(self, quads: Iterable[Quad]) -> None:
        self._writable()
        try:
            for quad in quads:
                self._ox.remove(quad)
        except OSError as exc:
            raise StoreError(f"cannot remove the quads: {exc}") from exc

    def commit_delta(self, added: Sequence[Quad], removed: Sequence[Quad], *, before: Sequence[str] = (),
                     after: Sequence[str] = (), held_blank_nodes: Collection[BlankNode] = ()) -> None:
        self._writable()
        try:
            self._ox.update(embedded_update(added, removed, before=before, after=after), custom_functions=FUNCTIONS)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except RuntimeError as exc:  # the engine's evaluation errors (e.g. CREATE GRAPH of an existing graph)
            raise UpdateError(f"the update cannot be applied: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(str(exc)) from exc

    def copy_in_memory(self) -> EmbeddedStore:
        copy = EmbeddedStore(None)
        copy._ox.extend(self._ox)
        return copy

    def quad_count(self) -> int:
        return len(self._ox)

    def export_file(self, path: Path, media_type: str) -> None:
        fmt = require_rdf_format(media_type)
        if not fmt.datasets:
            super().export_file(path, media_type)
            return
        try:
            self._ox.dump(str(path), format=fmt.oxigraph)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot export as {fmt.name} to {path}: {exc}") from exc

    def flush(self) -> None:
        """Make every write durable on disk."""
        if self.path is not None and not self.read_only:
            self._ox.flush()

    def optimize(self) -> None:
        """Compact the on-disk files after a bulk load."""
        if self.path is not None and not self.read_only:
            self._ox.optimize()

    def close(self) -> None:
        self.flush()
        del self._ox
        if self.path is not None and not self.read_only:
            import gc

            gc.collect()  # RocksDB unlocks only when the last reference is gone: reopening must not race it

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")


__all__ = ["EmbeddedStore"]
