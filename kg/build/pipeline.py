"""Build: read every source into its own named graph, derive, validate, then publish atomically.

A build fills a fresh store. On disk it is a new generation that replaces the published one in
one atomic step (:mod:`kg.publication`) only after every step succeeded, so a parse error, a
validation failure, Ctrl-C or ``kill -9`` leave the previously published store answering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, ValidationError
from kg.rdf.vocab import INFERRED_GRAPH, ONTOLOGY_GRAPH, graph_iri
from kg.settings import Settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.store.publication import Publication
from kg.validation.shacl import ValidationReport, validate_store

Progress = Callable[[str, int, int], None]  # (step description, done, total)
Validator = Callable[[Store], ValidationReport]

SOURCE_DIRS = ("ontology", "ontology/modules", "data")
RULES_DIR = "queries/rules"
DERIVED_GRAPH = INFERRED_GRAPH
NTRIPLES = "application/n-triples"
BULK_MIN_BYTES = 4 * 1024 * 1024  # on disk, bigger sources are bulk-loaded (streamed, not transactional)


@dataclass(frozen=True)
class Source:
    """One source file and the named graph it is loaded into."""

    path: Path
    graph: str


@dataclass
class BuildSummary:
    """What a build did."""

    sources: list[Source]
    triples: int
    derived: int
    report: ValidationReport | None
    location: Path | None
    graphs: dict[str, int] = field(default_factory=dict)


def discover_sources(project_dir: Path, base_iri: str) -> list[Source]:
    """``ontology/*.ttl``, ``ontology/modules/*.ttl`` and ``data/*.ttl``, in that order.

    Graph names: ``ontology/kg.ttl`` → ``…/graph/ontology``, ``ontology/modules/x.ttl`` →
    ``…/graph/ontology/x``, ``data/x.ttl`` → ``…/graph/x``.
    """
    sources = []
    for directory in SOURCE_DIRS:
        for path in sorted((project_dir / directory).glob("*.ttl")):
            if directory == "ontology":
                name = ONTOLOGY_GRAPH if path.stem == "kg" else f"{ONTOLOGY_GRAPH}/{path.stem}"
            elif directory == "ontology/modules":
                name = f"ontology/{path.stem}"
            else:
                name = path.stem
            sources.append(Source(path, graph_iri(base_iri, name)))
    return sources


def default_validator(settings: Settings) -> Validator:
    """SHACL over the whole store with the project's shapes."""
    shapes_dir = settings.project_dir / "shapes"
    return lambda store: validate_store(store, shapes_dir)


def fill_store(store: Store, sources: list[Source], settings: Settings, *,
               validator: Validator | None, progress: Progress | None = None) -> BuildSummary:
    """Load, derive and validate into ``store``; raise ValidationError if it does not conform."""
    report_progress = progress or (lambda *_: None)
    on_disk = isinstance(store, EmbeddedStore) and store.path is not None
    for done, source in enumerate(sources):
        report_progress(f"loading {source.path.name}", done, len(sources))
        if isinstance(store, EmbeddedStore):  # bulk loading has a fixed cost: small files go in one transaction
            store.load(source.path, graph=source.graph, bulk=on_disk and source.path.stat().st_size > BULK_MIN_BYTES)
        else:
            store.load(source.path, graph=source.graph)
    report_progress("loaded", len(sources), len(sources))
    derived = derive(store, settings, report_progress)
    report = None
    if validator is not None and settings.validate:
        report_progress("validating (SHACL)", 0, 1)
        report = validator(store)
        report_progress("validated", 1, 1)
        if not report.conforms:
            raise ValidationError(report, f"the build does not conform: {len(report.violations)} violation(s)")
    graphs = {g.iri: g.triples for g in store.graphs()}
    return BuildSummary(sources, sum(graphs.values()), derived, report, None, graphs)


def derive(store: Store, settings: Settings, progress: Progress) -> int:
    """Fill the inferred graph: OWL 2 RL entailments, then the rules in ``queries/rules/*.rq``.

    OWL 2 RL runs as SPARQL compiled for the ontology inside the store (:mod:`kg.materialise`);
    ``settings.reasoner = "reference"``, or an ontology construct the compiled rules do not cover,
    runs the reference reasoner over an rdflib copy instead (:mod:`kg.inference`, same triples,
    much slower). Rules (SPARQL CONSTRUCT) see the asserted and the OWL 2 RL triples. The inferred
    graph holds only what no other graph asserts. Returns the number of derived triples.
    """
    target = graph_iri(settings.base_iri, DERIVED_GRAPH)
    store.drop_graph(target)  # from here on, the union default graph is the asserted triples
    if settings.reasoning:
        progress("reasoning (OWL 2 RL)", 0, 1)
        for chunk in _owl_rl(store, settings, progress):
            _add(store, target, chunk)
    rules = sorted((settings.project_dir / RULES_DIR).glob("*.rq"))
    derived = []
    for done, rule in enumerate(rules):
        progress(f"deriving {rule.stem}", done, len(rules))
        derived.append(store.query(rule.read_text(encoding="utf-8")).serialize(NTRIPLES))
    for chunk in derived:  # written after every rule ran: each rule sees the OWL 2 RL triples only
        _add(store, target, chunk)
    # only what is new: the union default graph must not repeat asserted triples
    store.update(f"DELETE {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} "
                 f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{target}>) }}")
    count = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
    return int(count[0]["n"].value)


def _owl_rl(store: Store, settings: Settings, progress: Progress) -> list[bytes]:
    """OWL 2 RL triples as N-Triples chunks: compiled, or the reference reasoner when needed or asked for."""
    from kg.reasoning.owl_rl import Uncovered, materialise

    if settings.reasoner not in {"compiled", "reference"}:
        raise KgError(f"setting reasoner: expected compiled or reference, got {settings.reasoner!r}")
    if settings.reasoner == "compiled":
        try:
            return materialise(store, None, settings.base_iri)
        except Uncovered as exc:
            progress(f"reasoning (OWL 2 RL) with the reference reasoner: {exc}", 0, 1)
    return [reference_owl_rl(store, settings.base_iri)]


def reference_owl_rl(store: Store, base_iri: str) -> bytes:
    """The reference reasoner's new triples about our IRIs (``reasonable``, else ``owlrl``), as N-Triples."""
    from kg.reasoning.reference import infer
    from kg.validation.shacl import store_graph

    triples = [ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in infer(store_graph(store), base_iri)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def _ox_term(term):
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _add(store: Store, graph: str, ntriples: bytes) -> None:
    if not ntriples:
        return
    if isinstance(store, EmbeddedStore):  # straight to the engine: no payload screening of our own output
        store.engine.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    else:
        store.load_data(ntriples, NTRIPLES, graph=graph)


def build(settings: Settings, *, validator: Validator | None = None, progress: Progress | None = None,
          store: Store | None = None) -> BuildSummary:
    """Build from the project's sources and publish.

    With an in-memory store (``store_path=":memory:"``) or a given ``store``, fill it and return.
    On disk, fill a fresh generation and publish it atomically only if every step succeeded.
    With ``store = "remote"``, build in memory, then publish to the remote engine (:func:`build_remote`).
    """
    sources = discover_sources(settings.project_dir, settings.base_iri)
    validator = validator if validator is not None else default_validator(settings)
    if settings.store == "remote" and store is None:
        return build_remote(settings, sources, validator=validator, progress=progress)
    path = settings.resolved_store_path
    if store is not None or path is None:
        target = store if store is not None else EmbeddedStore(None)
        summary = fill_store(target, sources, settings, validator=validator, progress=progress)
        if store is None:
            target.close()
        return summary
    publication = Publication(path)
    with publication.building() as generation:
        # Derive and validate in memory (reads there are several times cheaper than from RocksDB),
        # then write the generation with one bulk load of the whole dataset.
        # The dataset goes through a file next to the generation, so that the memory store is gone
        # before the bulk loader's buffers fill (the build's peak memory is the larger of the two).
        for stale in generation.parent.glob(".*.nq"):  # left by a killed build (we hold the build lock)
            stale.unlink(missing_ok=True)
        dataset = generation.with_name(f".{generation.name}.nq")
        try:
            memory = EmbeddedStore(None)
            try:
                summary = fill_store(memory, sources, settings, validator=validator, progress=progress)
                if progress:
                    progress("publishing", 0, 1)
                memory.engine.dump(str(dataset), format=ox.RdfFormat.N_QUADS)
            finally:
                memory.close()
                _release_freed_memory()
            fresh = EmbeddedStore(generation)
            try:
                fresh.engine.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
                fresh.optimize()
            finally:
                fresh.close()
        finally:
            dataset.unlink(missing_ok=True)
        publication.publish(generation)
    summary.location = generation
    return summary


def _release_freed_memory() -> None:
    """Hand the memory store's freed pages back to the system before the bulk loader allocates its own."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: the peak is higher, nothing breaks
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def build_remote(settings: Settings, sources: list[Source], *, validator: Validator | None,
                 progress: Progress | None = None) -> BuildSummary:
    """Build and validate in memory, then push to staging graphs on the remote engine and swap them in.

    A failure or kill at any point before the final swap leaves the remote's live graphs as they were.
    """
    from kg.build.remote_publication import publish_to_remote
    from kg.store.remote import RemoteStore

    local = EmbeddedStore(None)
    try:
        summary = fill_store(local, sources, settings, validator=validator, progress=progress)
        with RemoteStore.from_settings(settings) as remote:
            publish_to_remote(local, remote, base_iri=settings.base_iri,
                              chunk_triples=settings.remote_chunk_triples, progress=progress)
    finally:
        local.close()
    return summary
