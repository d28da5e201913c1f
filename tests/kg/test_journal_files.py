"""The journal's place on disk: no journal is None (not 0), entries are counted, copies keep the tree."""

from __future__ import annotations

from pathlib import Path

from kg.journal_files import copy_journal, journal_directory, journal_length
from kg.settings import Settings


def test_no_journal_has_no_length_and_copies_nothing(settings: Settings, tmp_path: Path) -> None:
    assert journal_length(settings) is None
    assert copy_journal(journal_directory(settings), tmp_path / "copy") == 0
    assert not (tmp_path / "copy").exists()


def test_entries_are_counted_and_copied(settings: Settings, tmp_path: Path) -> None:
    journal = journal_directory(settings)
    (journal / "a").mkdir(parents=True)
    (journal / "a" / "1.patch").write_text("A 1")
    (journal / "2.patch").write_text("A 2")
    (journal / ".lock").write_text("")  # hidden files are not entries
    assert journal_length(settings) == 2
    assert copy_journal(journal, tmp_path / "copy") == 2
    assert (tmp_path / "copy" / "a" / "1.patch").read_text() == "A 1"
    assert not (tmp_path / "copy" / ".lock").exists()
