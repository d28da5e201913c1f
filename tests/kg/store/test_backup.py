"""kg.backup: a backup restores quad for quad and answers as the original; damage and overwrites are refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.errors import StoreError
from kg.journal import open_journal
from kg.journal.files import journal_directory
from kg.journal.log import FILE_NAME
from kg.settings import Settings
from kg.store import backup
from kg.store.live import open_store
from kg.store.publication import Publication
from kg.writes import gate

ORDERED = ("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o")


@pytest.fixture
def built(settings: Settings) -> Settings:
    settings = settings.with_(reasoning=False)
    build(settings)  # the journal's first transaction
    with open_store(settings) as store:  # and a write: the second
        gate.add_to_graph(store, "http://ex/g", "<http://ex/s> <http://ex/p> 2 .", "text/turtle", settings)
    return settings


def elsewhere(settings: Settings, root: Path) -> Settings:
    """Settings for another project and store path (an empty place to restore into)."""
    root.mkdir()
    return settings.with_(project_dir=root, store_path=root / "var" / "store")


def test_a_restored_store_answers_exactly_as_the_original(built: Settings, tmp_path: Path) -> None:
    manifest = backup.backup_local(built, tmp_path / "backup")
    written = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert written["quads"] == manifest.quads == 24 and written["checksum"] == manifest.checksum
    assert manifest.generation == backup.published_generation(built).name
    assert manifest.journal_entries == 2 and sum(manifest.graphs.values()) == 24
    target = elsewhere(built, tmp_path / "restored")
    backup.restore(target, tmp_path / "backup")
    with open_store(built, read_only=True) as original, open_store(target, read_only=True) as restored:
        assert set(restored.quads()) == set(original.quads())  # blank nodes included: a binary copy
        assert restored.query(ORDERED).serialize("text/csv") == original.query(ORDERED).serialize("text/csv")
    copied = sorted(p.relative_to(journal_directory(target)).as_posix()
                    for p in journal_directory(target).rglob("*") if p.is_file())
    assert copied == [FILE_NAME]
    assert (journal_directory(target) / FILE_NAME).read_text() == (journal_directory(built) / FILE_NAME).read_text()
    generation = backup.published_generation(target)
    assert Publication(target.resolved_store_path).journal_mark(generation) == open_journal(built).head


def test_restore_refuses_to_replace_a_store_without_force(built: Settings, tmp_path: Path) -> None:
    backup.backup_local(built, tmp_path / "backup")
    before = backup.published_generation(built)
    with pytest.raises(StoreError, match="--force"):
        backup.restore(built, tmp_path / "backup")
    assert backup.published_generation(built) == before
    backup.restore(built, tmp_path / "backup", force=True)
    assert backup.published_generation(built) != before  # a new generation, published atomically
    assert list(journal_directory(built).parent.glob("journal.replaced-*"))  # the old journal kept aside


def test_a_damaged_backup_is_refused_and_nothing_is_published(built: Settings, tmp_path: Path) -> None:
    backup.backup_local(built, tmp_path / "backup")
    some_file = sorted((tmp_path / "backup" / "store").glob("*.sst"))[0]
    some_file.write_bytes(some_file.read_bytes() + b"x")
    target = elsewhere(built, tmp_path / "restored")
    with pytest.raises(StoreError, match=r"damaged.*changed: store/"):
        backup.restore(target, tmp_path / "backup")
    assert not target.resolved_store_path.exists()


def test_a_backup_goes_into_a_new_or_empty_directory(built: Settings, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match="not an empty directory"):
        backup.backup_local(built, tmp_path / "full")
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]
    (tmp_path / "empty").mkdir()
    assert backup.backup_local(built, tmp_path / "empty").quads == 24


def test_a_store_held_by_a_server_is_in_use(built: Settings) -> None:
    generation = backup.published_generation(built)
    assert not backup.store_in_use(generation)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(30)", str(generation)],  # read-write, as a server
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert backup.store_in_use(generation)
        with pytest.raises(StoreError, match="running server holds"):
            backup.backup_local(built, generation.parent / "never")
    finally:
        holder.kill()
        holder.wait()


def test_remote_and_memory_stores_are_not_backed_up_here(settings: Settings) -> None:
    with pytest.raises(StoreError, match="remote SPARQL engine"):
        backup.published_generation(settings.with_(store="remote"))
    with pytest.raises(StoreError, match="in memory"):
        backup.published_generation(settings.with_(store_path=Path(":memory:")))
