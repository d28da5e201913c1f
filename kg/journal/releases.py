"""Releases: names given to versions of the dataset, with a note (``kg release NAME --note TEXT``).

A release names one change of the journal (the head when it is made): every change id is a version
(``?version=<id>``), a release gives one of them a name people can cite (``?version=<name>``) and a note
saying what it brings. Releases are kept beside the journal, in ``releases.jsonl`` in its directory
(one JSON object a line, appended and fsynced like the journal itself, so a backup of the directory
keeps them); an in-memory journal keeps its releases in memory. A release records whether the
ontology's graphs changed since the previous release (the first release: always): the release's name
is then the ontology's ``owl:versionInfo`` (:func:`ontology_version`). Names are short slugs (letters,
digits, ``.``, ``_``, ``-``; not starting with ``uuid:``, which change ids own) and never reused.
"""

from __future__ import annotations

import json
import os
import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from kg.errors import KgError
from kg.journal.differences import difference
from kg.journal.log import Journal
from kg.journal.patch import ID_PREFIX

FILE_NAME = "releases.jsonl"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # full match only, bounded: no backtracking to speak of
_IN_MEMORY: weakref.WeakKeyDictionary[Journal, list[Release]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Release:
    """A named version: the change it names, when it was made, its note, and whether the ontology changed."""

    name: str
    change: str
    time: str  # ISO 8601, UTC
    note: str
    ontology_changed: bool

    @property
    def issued(self) -> datetime:
        return datetime.fromisoformat(self.time)


def releases(journal: Journal) -> list[Release]:
    """Every release of ``journal``, oldest first."""
    if journal.directory is None:
        with _LOCK:
            return list(_IN_MEMORY.get(journal, ()))
    path = journal.directory / FILE_NAME
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            found.append(Release(**json.loads(line)))
    return found


def find_release(journal: Journal, name: str) -> Release | None:
    """The release called ``name``, or None."""
    return next((r for r in releases(journal) if r.name == name), None)


def ontology_version(journal: Journal) -> str | None:
    """The ontology's ``owl:versionInfo``: the name of the last release in which it changed (None before any)."""
    changed = [r for r in releases(journal) if r.ontology_changed]
    return changed[-1].name if changed else None


def make_release(journal: Journal, name: str, note: str,
                 ontology_changed: Callable[[str | None, str], bool]) -> Release:
    """Name the journal's head ``name``; ``ontology_changed(previous release's change or None, head)`` says
    whether the ontology changed since the previous release. KgError for a bad or taken name, an empty journal."""
    if not NAME.fullmatch(name) or name.startswith(ID_PREFIX.rstrip(":")):
        raise KgError(f"release name {name[:80]!r}: use 1-64 letters, digits, '.', '_' or '-' (e.g. 2026.12 or v1.2)")
    with journal.locked():
        head = journal.head
        if head is None:
            raise KgError("nothing to release: the journal holds no change yet (run `kg build` first)")
        known = releases(journal)
        if any(r.name == name for r in known):
            raise KgError(f"a release is already called {name!r}: names are never reused")
        previous = known[-1].change if known else None
        release = Release(name, head, datetime.now(UTC).isoformat(timespec="seconds"), note,
                          previous is None or ontology_changed(previous, head))
        _append(journal, release)
        return release


def release_head(journal: Journal, name: str, note: str, ontology_graph: str) -> Release:
    """:func:`make_release`, the ontology being the graph ``ontology_graph`` and its modules (``…/<module>``)."""
    def changed(before: str | None, head: str) -> bool:
        if before is None:
            return True
        diff = difference(journal, journal.entry(before), journal.entry(head))
        return any(_in_ontology(quad.graph_name, ontology_graph) for quad in (*diff.added, *diff.removed))
    return make_release(journal, name, note, changed)


def _in_ontology(graph: object, ontology_graph: str) -> bool:
    value = getattr(graph, "value", "")
    return value == ontology_graph or value.startswith(ontology_graph + "/")


def _append(journal: Journal, release: Release) -> None:
    if journal.directory is None:
        with _LOCK:
            _IN_MEMORY.setdefault(journal, []).append(release)
        return
    path = journal.directory / FILE_NAME
    created = not path.exists()
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(release), ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    if created:
        descriptor = os.open(journal.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


__all__ = ["Release", "find_release", "make_release", "ontology_version", "release_head", "releases"]
