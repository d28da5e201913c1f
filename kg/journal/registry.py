"""Which journal belongs to a store: one :class:`~kg.journal.log.Journal` object per journal, per process.

An on-disk journal (setting ``journal``, :attr:`kg.settings.Settings.resolved_journal_path`) is opened
once per process and shared by every thread, so appends are ordered by its lock. An in-memory store
keeps an in-memory journal of its own, for as long as the store lives.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path

from kg.journal.log import Journal
from kg.settings import Settings

_LOCK = threading.Lock()
_ON_DISK: dict[Path, Journal] = {}
_IN_MEMORY: weakref.WeakKeyDictionary[object, Journal] = weakref.WeakKeyDictionary()


def open_journal(settings: Settings, store: object | None = None) -> Journal:
    """The journal of ``store`` under ``settings``: the configured directory's, or the in-memory
    journal of this very store (an in-memory one) — a fresh one when ``store`` is None."""
    directory = settings.resolved_journal_path
    with _LOCK:
        if directory is None:
            if store is None:
                return Journal(None)
            found = _IN_MEMORY.get(store)
            if found is None:
                found = _IN_MEMORY[store] = Journal(None)
            return found
        key = directory.resolve()
        found = _ON_DISK.get(key)
        if found is None:
            found = _ON_DISK[key] = Journal(directory)
        return found


def forget_journals() -> None:
    """Drop the per-process journal objects (a restore replaced the files under them)."""
    with _LOCK:
        _ON_DISK.clear()
