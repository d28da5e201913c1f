"""The journal's place on disk: no journal is None (not 0), transactions are counted, copies keep them."""

from __future__ import annotations

from pathlib import Path

from kg.build.pipeline import build
from kg.journal.files import copy_journal, journal_directory, journal_length
from kg.journal.log import FILE_NAME
from kg.settings import Settings
from kg.store.live import open_store
from kg.writes import gate


def test_no_journal_has_no_length_and_copies_nothing(settings: Settings, tmp_path: Path) -> None:
    assert journal_length(settings) is None
    assert copy_journal(journal_directory(settings), tmp_path / "copy") == 0
    assert not (tmp_path / "copy").exists()


def test_transactions_are_counted_and_copied(settings: Settings, tmp_path: Path) -> None:
    settings = settings.with_(validate=False)
    build(settings)
    with open_store(settings) as store:
        gate.add_to_graph(store, "http://ex/g", "<http://ex/s> <http://ex/p> 1 .", "text/turtle", settings)
    journal = journal_directory(settings)
    assert journal == settings.resolved_store_path.parent / "journal"
    assert journal_length(settings) == 2  # the build's publication and the write
    assert copy_journal(journal, tmp_path / "copy") == 2
    assert (tmp_path / "copy" / FILE_NAME).read_bytes() == (journal / FILE_NAME).read_bytes()
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == [FILE_NAME]  # not the lock file
