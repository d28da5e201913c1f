"""Where the journal of writes lives on disk, and the two things operations need from it.

The journal (DESIGN.md: an append-only RDF Patch log, issue 17) does not exist yet. Operations are
ready for it: a backup copies ``var/journal/`` when it is there (:func:`copy_journal`, called by
:mod:`kg.store.backup` in both directions), and ``GET /metrics`` shows its length
(:func:`journal_length`, ``kg_journal_length``) once it exists. When the journal lands, these two
functions are the ones to extend — to copy up to a consistent entry and to count entries rather than
files — and nothing that calls them changes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kg.settings import Settings

JOURNAL_DIR = Path("var/journal")  # relative to the project directory


def journal_directory(settings: Settings) -> Path:
    """The journal's directory (it may not exist)."""
    return settings.project_dir / JOURNAL_DIR


def journal_length(settings: Settings) -> int | None:
    """How many entries the journal holds, or None when there is no journal (yet).

    Until the journal's format exists, an entry is a file in its directory (hidden files left out).
    """
    directory = journal_directory(settings)
    if not directory.is_dir():
        return None
    return sum(1 for _ in _entries(directory))


def copy_journal(source: Path, target: Path) -> int:
    """Copy the journal in ``source`` to ``target`` (a new directory); the number of entries copied.

    Called with writes held off (:func:`kg.writes.gate.writes_paused`), so the copy and the store's backup
    are of the same moment. Nothing is copied (0) when ``source`` does not exist.
    """
    if not source.is_dir():
        return 0
    target.mkdir(parents=True)
    copied = 0
    for entry in _entries(source):
        relative = entry.relative_to(source)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(entry, target / relative)
        copied += 1
    return copied


def _entries(directory: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / name for name in sorted(files) if not name.startswith(".")]
    return found


__all__ = ["JOURNAL_DIR", "copy_journal", "journal_directory", "journal_length"]
