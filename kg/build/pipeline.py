"""Build: read every source into its own named graph, derive, validate, then publish atomically.

A build fills a fresh store. On disk it is a new generation that replaces the published one in
one atomic step (:mod:`kg.publication`) only after every step succeeded, so a parse error, a
validation failure, Ctrl-C or ``kill -9`` leave the previously published store answering.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.derivation.whole import Progress, derive
from kg.errors import ValidationError
from kg.journal.building import JournalStep
from kg.journal.patch import Transaction
from kg.journal.rebuild import Conflict, apply_late
from kg.rdf.vocab import ONTOLOGY_GRAPH, graph_iri
from kg.settings import Settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.store.publication import Publication
from kg.validation.shacl import ValidationReport, validate_store

Validator = Callable[[Store], ValidationReport]

SOURCE_DIRS = ("ontology", "ontology/modules", "data")
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
    conflicts: list[Conflict] = field(default_factory=list)  # API changes that no longer apply cleanly
    reapplied: int = 0  # API changes from the journal applied on top of the sources
    publication: str | None = None  # the journal transaction that records this build's publication


def discover_sources(project_dir: Path, base_iri: str, extra_data: Sequence[Path] = ()) -> list[Source]:
    """``ontology/*.ttl``, ``ontology/modules/*.ttl``, ``data/*.ttl`` and the ``extra_data`` files (a directory:
    its ``*.ttl``), in that order.

    Graph names: ``ontology/kg.ttl`` → ``…/graph/ontology``, ``ontology/modules/x.ttl`` →
    ``…/graph/ontology/x``, ``data/x.ttl`` and an extra ``x.ttl`` → ``…/graph/x``.
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
    for extra in extra_data:
        for path in sorted(extra.glob("*.ttl")) if extra.is_dir() else [extra]:
            sources.append(Source(path, graph_iri(base_iri, path.name.removesuffix(".ttl"))))
    return sources


def default_validator(settings: Settings) -> Validator:
    """SHACL over the whole store with the project's shapes."""
    shapes_dir = settings.project_dir / "shapes"
    return lambda store: validate_store(store, shapes_dir, engine=settings.shacl_engine)


def fill_store(store: Store, sources: list[Source], settings: Settings, *,
               validator: Validator | None, progress: Progress | None = None,
               journal: JournalStep | None = None) -> BuildSummary:
    """Load, derive and validate into ``store``; raise ValidationError if it does not conform.
    ``journal``: the journal's API changes, applied on top of the sources before deriving."""
    report_progress = progress or (lambda *_: None)
    for done, source in enumerate(sources):
        report_progress(f"loading {source.path.name}", done, len(sources))
        # bulk loading has a fixed cost: small files go in one transaction
        bulk = store.path is not None and source.path.stat().st_size > BULK_MIN_BYTES
        store.load(source.path, graph=source.graph, bulk=bulk)
    report_progress("loaded", len(sources), len(sources))
    if journal is not None and store.in_process:
        report_progress("applying the journal's API changes", 0, 1)
        journal.apply(store.oxigraph())
    derived = derive(store, settings, report_progress)
    report = None
    if validator is not None and settings.validate:
        report_progress("validating (SHACL)", 0, 1)
        report = validator(store)
        report_progress("validated", 1, 1)
        if not report.conforms:
            raise ValidationError(report, f"the build does not conform: {len(report.violations)} violation(s)")
    graphs = {g.iri: g.triples for g in store.graphs()}
    summary = BuildSummary(sources, sum(graphs.values()), derived, report, None, graphs)
    if journal is not None:
        summary.conflicts, summary.reapplied = journal.conflicts, len(journal.changes)
    return summary


def build(settings: Settings, *, validator: Validator | None = None, progress: Progress | None = None,
          store: Store | None = None) -> BuildSummary:
    """Build from the project's sources and publish.

    With an in-memory store (``store_path=":memory:"``) or a given ``store``, fill it and return.
    On disk, fill a fresh generation and publish it atomically only if every step succeeded.
    With ``store = "remote"``, build in memory, then publish to the remote engine (:func:`build_remote`).
    """
    sources = discover_sources(settings.project_dir, settings.base_iri, settings.extra_data_paths)
    validator = validator if validator is not None else default_validator(settings)
    if settings.store == "remote" and store is None:
        return build_remote(settings, sources, validator=validator, progress=progress)
    path = settings.resolved_store_path
    if store is not None or path is None:
        target = store if store is not None else EmbeddedStore(None)
        step = JournalStep.start(settings, target) if store is not None else None
        summary = fill_store(target, sources, settings, validator=validator, progress=progress, journal=step)
        if step is not None and target.in_process:
            step.measure(target.oxigraph())
            summary.publication = step.publish(lambda late: apply_late(target.oxigraph(), late), lambda _: None).id
        if store is None:
            target.close()
        return summary
    publication = Publication(path)
    step = JournalStep.start(settings)
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
                summary = fill_store(memory, sources, settings, validator=validator, progress=progress, journal=step)
                if progress:
                    progress("publishing", 0, 1)
                step.measure(memory.oxigraph())
                memory.export_file(dataset, "application/n-quads")
            finally:
                memory.close()
                _release_freed_memory()
            fresh = EmbeddedStore(generation)
            try:
                # parsed here, not by bulk_load (which renames blank nodes): the journal names them by label
                fresh.add_quads(ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS), bulk=True)
                fresh.optimize()
            finally:
                fresh.close()
        finally:
            dataset.unlink(missing_ok=True)
        def publish(transaction: Transaction) -> None:
            publication.mark_journal(generation, transaction.id)  # what a reopened store catches up after
            publication.publish(generation)

        summary.publication = step.publish(lambda late: _apply_to_generation(generation, late), publish,
                                           generation.name).id
    summary.location = generation
    return summary


def _apply_to_generation(generation: Path, late: Sequence[Transaction]) -> None:
    """Apply changes journaled while the build ran to the written generation."""
    fresh = EmbeddedStore(generation)
    try:
        apply_late(fresh.oxigraph(), late)
    finally:
        fresh.close()


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
    step = JournalStep.start(settings)
    try:
        summary = fill_store(local, sources, settings, validator=validator, progress=progress, journal=step)
        with RemoteStore.from_settings(settings) as remote:
            def push(_: Transaction) -> None:
                publish_to_remote(local, remote, base_iri=settings.base_iri,
                                  chunk_triples=settings.remote_chunk_triples, progress=progress)

            step.measure(local.oxigraph())
            summary.publication = step.publish(lambda late: apply_late(local.oxigraph(), late), push).id
    finally:
        local.close()
    return summary
