"""Refilling a store from the journal: the journal is the record, a store can be made again from it alone.

``kg journal refill`` replays the whole journal (:func:`kg.journal.replay.replay`: every build's
publication and every API change, derived graphs included) and publishes the result as the store the
settings name: a new on-disk generation, published atomically and marked with the journal's last
transaction (what a later open catches up after), or — with ``KG_STORE=remote`` — the remote engine's
project graphs, through staging graphs swapped in at the end (:func:`kg.remote_publication.publish_to_remote`),
for an engine rebuilt or replaced. The journal is locked meanwhile: writes wait (or time out with 503)
rather than land in a store about to be replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.build.pipeline import Progress
from kg.errors import StoreError
from kg.journal import open_journal, replay
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.store.publication import Publication


@dataclass(frozen=True)
class Refill:
    """What a refill published: up to which transaction, how many quads, where."""

    transaction: str | None
    quads: int
    location: str


def refill(settings: Settings, *, progress: Progress | None = None) -> Refill:
    """Publish the journal's dataset as the configured store (see the module docstring)."""
    journal = open_journal(settings)
    report = progress or (lambda *_: None)
    with journal.locked():
        if not len(journal):
            raise StoreError("the journal is empty: nothing to refill from (run `kg build` first)")
        head = journal.head
        report("replaying the journal", 0, len(journal))
        local = EmbeddedStore(None)
        try:
            replay(journal, into=local.oxigraph())
            report("replayed", len(journal), len(journal))
            quads = local.quad_count()
            if settings.store == "remote":
                return Refill(head, quads, _to_remote(local, settings, progress))
            return Refill(head, quads, _to_generation(local, settings, head))
        finally:
            local.close()


def _to_remote(local: EmbeddedStore, settings: Settings, progress: Progress | None) -> str:
    from kg.build.remote_publication import publish_to_remote
    from kg.store.remote import RemoteStore

    with RemoteStore.from_settings(settings) as remote:
        publish_to_remote(local, remote, base_iri=settings.base_iri, chunk_triples=settings.remote_chunk_triples,
                          progress=progress)
    return f"the SPARQL engine at {settings.remote_query_url}"


def _to_generation(local: EmbeddedStore, settings: Settings, head: str | None) -> str:
    path = settings.resolved_store_path
    if path is None:
        raise StoreError("an in-memory store is filled by `kg serve` itself: refill an on-disk or remote store")
    publication = Publication(path)
    with publication.building() as generation:
        fresh = EmbeddedStore(generation)
        try:
            fresh.add_quads(local.quads(), bulk=True)  # the very blank nodes the journal names
            fresh.optimize()
        finally:
            fresh.close()
        if head is not None:
            publication.mark_journal(generation, head)
        publication.publish(generation)
    return str(generation)
