"""Build: read every source into its own named graph, derive, validate, then publish atomically.

A build fills a fresh store. On disk it is a new generation that replaces the published one in
one atomic step (:mod:`kg.publication`) only after every step succeeded, so a parse error, a
validation failure, Ctrl-C or ``kill -9`` leave the previously published store answering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.embedded import EmbeddedStore
from kg.errors import ValidationError
from kg.publication import Publication
from kg.settings import Settings
from kg.store import Store
from kg.validation import ValidationReport, validate_store
from kg.vocab import graph_iri

Progress = Callable[[str, int, int], None]  # (step description, done, total)
Validator = Callable[[Store], ValidationReport]

SOURCE_DIRS = ("ontology", "ontology/modules", "data")
RULES_DIR = "queries/rules"
DERIVED_GRAPH = "inferred"


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
                name = "ontology" if path.stem == "kg" else f"ontology/{path.stem}"
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
    bulk = isinstance(store, EmbeddedStore) and store.path is not None
    for done, source in enumerate(sources):
        report_progress(f"loading {source.path.name}", done, len(sources))
        if isinstance(store, EmbeddedStore):
            store.load(source.path, graph=source.graph, bulk=bulk)
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

    Rules (SPARQL CONSTRUCT) see the asserted and the OWL 2 RL triples. Sorted before writing, so
    the same sources always give the same inferred graph. Returns the number of derived triples.
    """
    import pyoxigraph as ox

    target = graph_iri(settings.base_iri, DERIVED_GRAPH)
    triples: set[ox.Triple] = set()
    if settings.reasoning:
        from kg.inference import infer
        from kg.validation import store_graph

        progress("reasoning (OWL 2 RL)", 0, 1)
        for s, p, o in infer(store_graph(store), settings.base_iri):
            triples.add(ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)))
        _write_graph(store, target, triples)
    rules = sorted((settings.project_dir / RULES_DIR).glob("*.rq"))
    for done, rule in enumerate(rules):
        progress(f"deriving {rule.stem}", done, len(rules))
        triples.update(store.construct(rule.read_text(encoding="utf-8")))
    asserted = {q.triple for q in store.quads() if q.graph_name != ox.NamedNode(target)}
    triples -= asserted  # only what is new: the union default graph must not repeat asserted triples
    _write_graph(store, target, triples)
    return len(triples)


def _write_graph(store: Store, graph: str, triples: set) -> None:
    import pyoxigraph as ox

    ordered = sorted(triples, key=str)
    store.replace_graph(graph, ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES) if ordered else b"",
                        "application/n-triples")


def _ox_term(term):
    import pyoxigraph as ox
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
        fresh = EmbeddedStore(generation)
        try:
            summary = fill_store(fresh, sources, settings, validator=validator, progress=progress)
            if progress:
                progress("publishing", 0, 1)
            fresh.optimize()
        finally:
            fresh.close()
        publication.publish(generation)
    summary.location = generation
    return summary


def build_remote(settings: Settings, sources: list[Source], *, validator: Validator | None,
                 progress: Progress | None = None) -> BuildSummary:
    """Build and validate in memory, then push to staging graphs on the remote engine and swap them in.

    A failure or kill at any point before the final swap leaves the remote's live graphs as they were.
    """
    from kg.remote import RemoteStore
    from kg.remote_publication import publish_to_remote

    local = EmbeddedStore(None)
    try:
        summary = fill_store(local, sources, settings, validator=validator, progress=progress)
        with RemoteStore.from_settings(settings) as remote:
            publish_to_remote(local, remote, base_iri=settings.base_iri,
                              chunk_triples=settings.remote_chunk_triples, progress=progress)
    finally:
        local.close()
    return summary
