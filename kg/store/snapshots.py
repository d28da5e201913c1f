"""Old versions of the dataset, replayed from the journal into memory and kept, a few at a time.

``?version=`` and ``?asOf=`` (:mod:`kg.journal.timeline`) name a change of the journal; its dataset is
the journal replayed up to and including it (:func:`kg.journal.replay.replay`) — the derived graph
included, since the journal carries it. :class:`VersionSnapshots` keeps the last ``size`` versions asked
for (setting ``version_snapshots``; least recently used out first) as in-memory
:class:`~kg.store.embedded.EmbeddedStore`\\ s, so a reader paging through one version replays it once.
A snapshot is an ordinary store: queries over it go through :class:`kg.query.executor.QueryExecutor`
like any other (time limit, sandboxed worker, row cap), pages and JSON-LD read it as they read the live
store. Replays are made one at a time (two readers asking for the same version wait for one replay); the
cost is about that of loading the dataset into memory (docs/feeds-and-versions.md, "Versions").
Nothing is ever written to a snapshot.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from kg.journal.log import Entry, Journal
from kg.journal.replay import replay
from kg.store.embedded import EmbeddedStore

LOG = logging.getLogger("kg.versions")


class VersionSnapshots:
    """An LRU of in-memory stores, one per version (journal change) asked for."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("at least one snapshot must be kept")
        self.size = size
        self._kept: OrderedDict[str, EmbeddedStore] = OrderedDict()
        self._lock = threading.Lock()
        self._replaying = threading.Lock()

    def store(self, journal: Journal, entry: Entry) -> EmbeddedStore:
        """The dataset of ``entry``'s version, replayed now or kept from an earlier request."""
        found = self._kept_store(entry.id)
        if found is not None:
            return found
        with self._replaying:
            found = self._kept_store(entry.id)  # replayed meanwhile by the request this one waited for
            if found is not None:
                return found
            started = time.perf_counter()
            snapshot = EmbeddedStore(None)
            replay(journal, upto=entry.id, into=snapshot.oxigraph())
            LOG.info("version %s replayed from the journal in %.2f s", entry.id, time.perf_counter() - started)
            with self._lock:
                self._kept[entry.id] = snapshot
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
            return snapshot

    def kept(self) -> list[str]:
        """The versions kept, least recently used first (for tests and monitoring)."""
        with self._lock:
            return list(self._kept)

    def _kept_store(self, id: str) -> EmbeddedStore | None:
        with self._lock:
            found = self._kept.get(id)
            if found is not None:
                self._kept.move_to_end(id)
            return found
