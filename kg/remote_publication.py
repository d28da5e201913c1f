"""Safe publication to a remote engine: push to staging graphs in chunks, then swap in one update.

A build is made and validated locally (in memory). Each of its named graphs is then pushed to a
staging graph ``urn:fikg:staging:{run}:{n}`` in chunks of about ``remote_chunk_triples`` triples
(never splitting a blank-node structure), with progress. Only when every chunk has arrived does
one SPARQL Update, which the engine applies atomically, make each live graph equal to its staging
graph (``MOVE``) and drop live graphs the build no longer has. A failure or a kill before that update leaves
the live graphs exactly as they were; the staging graphs it leaves behind are removed by the next
publication. Staging graphs are named graphs, so union-default-graph queries see them while they
exist (docs/deploy.md). One publication at a time per remote dataset.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from kg.remote import STAGING_PREFIX, RemoteStore, blank_closed_chunks
from kg.store import Store, named
from kg.vocab import graph_iri

Progress = Callable[[str, int, int], None]  # (step description, done, total)


def publish_to_remote(local: Store, remote: RemoteStore, *, base_iri: str, chunk_triples: int = 50_000,
                      progress: Progress | None = None) -> dict[str, int]:
    """Make the remote's project graphs equal to ``local``'s named graphs; returns graph → triples."""
    report = progress or (lambda *_: None)
    for leftover in remote.staging_graphs():
        remote.drop_graph(leftover)
    graphs = local.graphs()
    total, done = sum(g.triples for g in graphs), 0
    staging_root = f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}:"
    pairs: list[tuple[str, str]] = []
    for index, info in enumerate(graphs):
        staging = f"{staging_root}{index}"
        name = info.iri.rsplit("/graph/", 1)[-1]
        for chunk in blank_closed_chunks([q.triple for q in local.quads(info.iri)], chunk_triples):
            remote.add_triples(staging, chunk)
            done += len(chunk)
            report(f"pushing {name}", done, total)
        if info.triples:
            pairs.append((staging, info.iri))
    report("swapping in the new graphs", done, total)
    drops = [g.iri for g in graphs if not g.triples] + obsolete_graphs(remote, base_iri, {g.iri for g in graphs})
    remote.update(swap_update(pairs, drops))
    report("published", total, total)
    return {g.iri: g.triples for g in graphs}


def obsolete_graphs(remote: RemoteStore, base_iri: str, keep: set[str]) -> list[str]:
    """Live graphs of this project (under ``{base}/graph/``) that the new build does not have."""
    namespace = graph_iri(base_iri, "")
    return [g.iri for g in remote.graphs() if g.iri.startswith(namespace) and g.iri not in keep]


def swap_update(pairs: list[tuple[str, str]], drops: list[str]) -> str:
    """One SPARQL Update: ``MOVE`` each staging graph onto its live graph, then drop ``drops``.

    ``MOVE`` replaces the live graph and removes the staging graph in the same transaction. Without
    ``SILENT`` it fails if a staging graph has vanished (another publication cleared it), and then
    the engine applies nothing at all.
    """
    operations = [f"MOVE {named(staging)} TO {named(live)}" for staging, live in pairs]
    operations += [f"DROP SILENT GRAPH {named(graph)}" for graph in drops]
    return " ;\n".join(operations) or "DROP SILENT GRAPH <urn:fikg:staging:none>"
