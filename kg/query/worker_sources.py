"""Where query workers find the data: the :class:`~kg.query.worker.Source` of an embedded store at its current version.

An on-disk store is read by the workers themselves: into memory (``disk-memory``, much faster than
reading RocksDB) when it has at most ``serve_memory_max_triples`` triples, else opened read-only
(``disk``). An in-memory store is shipped as an N-Quads snapshot file (``snapshot``), written once per
store and data version into a temporary directory that :meth:`WorkerSources.close` removes. The
on-disk store stays the durable copy: writes go to it and bump the version the workers reopen on. A
worker that answers a write's question may instead start from the running zygote's older copy and
apply the writes since to its own copy (:meth:`WorkerSources.caught_up`).
"""

from __future__ import annotations

import tempfile
import threading
import weakref
from itertools import count
from pathlib import Path

from kg.query import worker
from kg.store import versions
from kg.store.base import Store


class WorkerSources:
    """The sources of the stores one executor serves (one snapshot and one triple count remembered)."""

    def __init__(self, memory_max_triples: int) -> None:
        self.memory_max_triples = memory_max_triples
        self._snapshots = tempfile.TemporaryDirectory(prefix="kg-snapshots-")
        self._snapshot_lock = threading.Lock()
        self._snapshot: tuple[int, int, worker.Source] | None = None  # (store serial, version, source)
        self._serials: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
        self._next_serial = count(1)
        self._sizes: dict[tuple[str, int], int] = {}
        self._owners: dict[worker.Source, int] = {}  # the sources handed out lately, with their store's serial

    def serial(self, store: Store) -> int:
        """A number for ``store`` that no other store of this process gets."""
        serial = self._serials.get(store)
        if serial is None:
            serial = self._serials.setdefault(store, next(self._next_serial))
        return serial

    def current(self, store: Store) -> worker.Source | None:
        """The source without any slow step (counting a new version, writing a snapshot), else None."""
        version = versions.data_version(store)
        if store.path is not None:
            size = self._sizes.get((str(store.path), version))
            return None if size is None else self.source(store)
        snapshot = self._snapshot
        if snapshot is not None and snapshot[:2] == (self.serial(store), version):
            return snapshot[2]
        return None

    def source(self, store: Store) -> worker.Source:
        """The source of ``store``'s current version (writing its snapshot if need be)."""
        version = versions.data_version(store)
        if store.path is not None:
            found = worker.Source("disk-memory" if self._fits_in_memory(store) else "disk", str(store.path), version)
        else:
            with self._snapshot_lock:
                serial = self.serial(store)
                if self._snapshot is None or self._snapshot[:2] != (serial, version):
                    self._snapshot = (serial, version, self._write_snapshot(store, serial, version))
                found = self._snapshot[2]
        if found not in self._owners:
            self._owners = {**dict(list(self._owners.items())[-7:]), found: self.serial(store)}
        return found

    def caught_up(self, store: Store, running: worker.Source | None
                  ) -> tuple[worker.Source, tuple[tuple[str, str], ...]]:
        """``running`` (the zygote's source) and the writes since its version, when it is an in-memory copy
        of an older version of ``store``'s data and those writes are kept (:func:`versions.changes_since`): a
        worker forked from it catches up in milliseconds, where a new zygote would load the whole store.
        Else the current source, and no changes."""
        if running is not None and running.kind != "disk" and self._owners.get(running) == self.serial(store):
            changes = versions.changes_since(store, running.version)
            if changes is not None:
                return running, tuple(changes)
        return self.source(store), ()

    def close(self) -> None:
        """Remove the snapshots."""
        self._snapshots.cleanup()

    def _fits_in_memory(self, store: Store) -> bool:
        if self.memory_max_triples <= 0:
            return False
        key = (str(store.path), versions.data_version(store))
        if self._sizes.get(key) is None:
            self._sizes = {key: store.quad_count()}  # one count per store and version
        return self._sizes[key] <= self.memory_max_triples

    def _write_snapshot(self, store: Store, serial: int, version: int) -> worker.Source:
        directory = Path(self._snapshots.name)
        path = directory / f"{serial}-{version}.nq"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(store.export("application/n-quads"))
        temporary.rename(path)
        for old in sorted(directory.glob("*.nq"), key=lambda p: p.stat().st_mtime)[:-2]:
            old.unlink(missing_ok=True)  # keep the two newest: a worker may still be reading the previous one
        return worker.Source("snapshot", str(path), version)
