"""The data version of each store, and the changes of its latest versions.

Every write the gate commits bumps the store's version (:func:`data_version`): query workers hold a
copy of one version and know when theirs is out of date. The last few commits' exact changes are
kept too (:func:`changes_since`, bounded in commits and quads), so a worker forked from a copy one or
a few versions old can be brought up to date by applying them, in order, to its private copy —
instead of loading the whole store again. That is what lets an update's WHERE clause, which always
comes right after a commit, run in a worker within milliseconds (:meth:`kg.query.executor.QueryExecutor.select`).

Applying the changes of versions v₀+1 … v in order to the data of any version between v₀ and v gives
version v: each change is exact (it removes quads that were there and adds quads that were not), and
for every quad the last change that touches it decides whether it is there.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from collections.abc import Sequence

import pyoxigraph as ox

from kg.rdf.model import Quad
from kg.store.base import Store

KEPT_COMMITS = 64  # changes kept per store
KEPT_QUADS = 50_000  # quads kept per store, all changes together; a larger change is not kept

_Change = tuple[int, tuple[Quad, ...], tuple[Quad, ...]]  # (version it made, added, removed)
_LOCK = threading.Lock()
_VERSIONS: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
_CHANGES: weakref.WeakKeyDictionary[Store, deque[_Change]] = weakref.WeakKeyDictionary()


def data_version(store: Store) -> int:
    """How many writes the gate has committed to ``store`` (0 for a store never written)."""
    return _VERSIONS.get(store, 0)


def committed(store: Store, added: Sequence[Quad], removed: Sequence[Quad]) -> int:
    """Record a commit of this change to ``store``; its new version."""
    with _LOCK:
        version = _VERSIONS.get(store, 0) + 1
        _VERSIONS[store] = version
        changes = _CHANGES.setdefault(store, deque())
        if len(added) + len(removed) > KEPT_QUADS:
            changes.clear()  # too large to keep: no version before this one can be caught up with
            return version
        changes.append((version, tuple(added), tuple(removed)))
        while len(changes) > KEPT_COMMITS or sum(len(a) + len(r) for _, a, r in changes) > KEPT_QUADS:
            changes.popleft()
        return version


def changes_since(store: Store, version: int) -> list[tuple[str, str]] | None:
    """The changes from ``version`` to the current one, in order, as (N-Quads added, N-Quads removed);
    None when they are not all kept (or ``version`` is not older than the current one)."""
    with _LOCK:
        current = _VERSIONS.get(store, 0)
        kept = [change for change in _CHANGES.get(store, ()) if change[0] > version]
    if version >= current or len(kept) != current - version:
        return None
    return [(_nquads(added), _nquads(removed)) for _, added, removed in kept]


def quads_changed_since(store: Store, version: int) -> list[tuple[tuple[Quad, ...], tuple[Quad, ...]]] | None:
    """:func:`changes_since` as quads, (added, removed) per commit in order; [] when ``version`` is the current
    one, None when the changes are not all kept (or ``version`` is newer than the current one)."""
    with _LOCK:
        current = _VERSIONS.get(store, 0)
        kept = [(added, removed) for made, added, removed in _CHANGES.get(store, ()) if made > version]
    if version > current or len(kept) != current - version:
        return None
    return kept


def _nquads(quads: tuple[Quad, ...]) -> str:
    return ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8") if quads else ""
