"""Opening the configured store, and following publications while a server runs."""

from __future__ import annotations

import os
import threading

from kg.errors import StoreError
from kg.journal import catch_up, open_journal
from kg.settings import Settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.store.publication import Publication


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name: the published on-disk generation, memory, or a remote engine."""
    if settings.store == "remote":
        from kg.store.remote import RemoteStore  # imported lazily: only remote deployments need it

        return RemoteStore.from_settings(settings)
    if settings.store != "embedded":
        raise StoreError(f"unknown store kind {settings.store!r} (expected 'embedded' or 'remote')")
    path = settings.resolved_store_path
    if path is None:
        return EmbeddedStore(None)
    generation = Publication(path).current()
    if generation is None:
        raise StoreError(f"no store has been built at {path}: run `kg build` first")
    store = EmbeddedStore(generation, read_only=read_only)
    if not read_only:  # the journal is the record: replay what a crash kept from the store (kg.journal.replay)
        publication = Publication(path)
        replayed = catch_up(store.oxigraph(), open_journal(settings), publication.journal_mark(generation))
        if replayed is not None:  # once on disk, the next open need not replay these again
            store.flush()
            publication.mark_journal(generation, replayed)
    return store


def store_exists(settings: Settings) -> bool:
    """Whether there is something to open (a remote or in-memory store always 'exists')."""
    path = settings.resolved_store_path
    if settings.store == "remote" or path is None:
        return True
    return Publication(path).current() is not None


class LiveStore:
    """Hands out the current store; reopens it when a build publishes a new generation.

    Checking costs one ``readlink`` per call (the link's text changes with every publication); the
    link is resolved only when it has changed. The previous store stays usable by requests that
    already hold it, and is released when the last of them is done.
    """

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        path = settings.resolved_store_path
        self._publication = Publication(path) if settings.store == "embedded" and path else None
        self._link = self._read_link()
        self._generation = self._publication.current() if self._publication else None
        self._store = store if store is not None else open_store(settings, read_only=settings.read_only)

    def get(self) -> Store:
        """The store to use for this request."""
        if self._publication is not None and self._read_link() != self._link:
            with self._lock:
                link = self._read_link()
                current = self._publication.current()
                if current != self._generation:
                    self._store = open_store(self.settings, read_only=self.settings.read_only)
                    self._generation = current
                self._link = link
        return self._store

    @property
    def follows_publications(self) -> bool:
        """Whether the store is an on-disk publication that builds can swap (kg.publication)."""
        return self._publication is not None

    def published_link(self) -> str | None:
        """What the published link points to now: one ``readlink``, no store access (readiness checks it)."""
        return self._read_link()

    def _read_link(self) -> str | None:
        """The text of the published link (None when it is no link: absent, or a plain directory)."""
        if self._publication is None:
            return None
        try:
            return os.readlink(self._publication.link)
        except OSError:
            return None

    def close(self) -> None:
        """Release the store."""
        self._store.close()
