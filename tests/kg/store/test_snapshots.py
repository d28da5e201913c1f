"""kg.store.snapshots: old versions replayed from the journal into memory, the last few kept."""

from __future__ import annotations

from kg.journal import Journal, replay
from kg.rdf.model import Literal, NamedNode, Quad
from kg.store.snapshots import VersionSnapshots


def counting_journal(count: int) -> Journal:
    journal = Journal(None)
    for number in range(count):
        quad = Quad(NamedNode("http://ex/s"), NamedNode("http://ex/p"), Literal(str(number)), NamedNode("http://ex/g"))
        journal.append(added=[quad], removed=[], client="test", operation="update")
    return journal


def test_a_snapshot_is_the_journal_replayed_up_to_its_version_and_the_lru_is_bounded() -> None:
    journal = counting_journal(4)
    entries = journal.entries()
    snapshots = VersionSnapshots(2)
    first = snapshots.store(journal, entries[0])
    assert first.quad_count() == 1 and set(first.quads()) == set(replay(journal, upto=entries[0].id))
    assert len(snapshots.store(journal, entries[2]).oxigraph()) == 3
    assert snapshots.store(journal, entries[0]) is first  # kept: not replayed again, and now the most recent
    snapshots.store(journal, entries[3])
    assert snapshots.kept() == [entries[0].id, entries[3].id]  # entries[2], the least recently used, went
