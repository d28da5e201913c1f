"""Where the journal of writes lives on disk, and the two things operations need from it.

The journal (:mod:`kg.journal`: an append-only RDF Patch file) lives in the directory of the setting
``journal`` (default ``var/journal`` beside the store). A backup copies that directory
(:func:`copy_journal`, called by :mod:`kg.store.backup` in both directions, with writes paused, so the copy
ends with a complete transaction), and ``GET /metrics`` shows its length in transactions
(:func:`journal_length`, ``kg_journal_length``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kg.journal import Journal, open_journal
from kg.journal.log import FILE_NAME
from kg.settings import Settings

JOURNAL_DIR = Path("var/journal")  # the default, relative to the project directory


def journal_directory(settings: Settings) -> Path:
    """The journal's directory (it may not exist; an in-memory journal has none: the default is given)."""
    return settings.resolved_journal_path or settings.project_dir / JOURNAL_DIR


def journal_length(settings: Settings) -> int | None:
    """How many transactions the journal holds, or None when there is no journal (yet)."""
    directory = journal_directory(settings)
    if not (directory / FILE_NAME).is_file():
        return None
    return len(open_journal(settings).entries())


def copy_journal(source: Path, target: Path) -> int:
    """Copy the journal in ``source`` to ``target`` (a new directory); the number of transactions copied.

    Called with writes held off (:func:`kg.writes.gate.writes_paused`), so the copy and the store's backup
    are of the same moment. Nothing is copied (0) when ``source`` does not exist.
    """
    if not source.is_dir():
        return 0
    target.mkdir(parents=True)
    for entry in _entries(source):
        relative = entry.relative_to(source)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(entry, target / relative)
    return len(Journal(target, repair=False).entries()) if (target / FILE_NAME).is_file() else 0


def _entries(directory: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / name for name in sorted(files) if not name.startswith(".")]
    return found


__all__ = ["JOURNAL_DIR", "copy_journal", "journal_directory", "journal_length"]
