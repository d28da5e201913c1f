"""A least-recently-used cache bounded both in entries and in the size of its keys and values.

Caches keyed by what clients send (query texts, headers) must not grow with what clients send:
:class:`BoundedCache` evicts the least recently used entries once either bound is passed, and never
keeps an entry larger than a quarter of its byte budget. Safe to use from several threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """At most ``max_items`` entries and ``max_bytes`` of ``size_of(key, value)`` in all."""

    def __init__(self, max_items: int, max_bytes: int,
                 size_of: Callable[[K, V], int] = lambda key, value: len(key)) -> None:  # type: ignore[arg-type]
        self.max_items, self.max_bytes, self.size_of = max_items, max_bytes, size_of
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            self._entries.move_to_end(key)
            return entry[0]

    def __setitem__(self, key: K, value: V) -> None:
        size = self.size_of(key, value)
        if size > self.max_bytes // 4:
            return  # too large to be worth a quarter of the budget: not kept
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while len(self._entries) > self.max_items or self._bytes > self.max_bytes:
                _, (_, evicted) = self._entries.popitem(last=False)
                self._bytes -= evicted

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """The summed size of the entries kept."""
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
