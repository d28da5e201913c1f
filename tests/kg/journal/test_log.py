"""The journal file: appends durable and chained, visible only once committed, a torn tail repaired."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kg.journal.log import FILE_NAME, Journal
from kg.journal.replay import replay
from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad

G = NamedNode("https://w3id.org/fikg/graph/notes")


def quad(n: int) -> Quad:
    return Quad(NamedNode(f"http://ex/s{n}"), NamedNode("http://ex/p"), Literal(str(n)), G)


def append(journal: Journal, added=(), removed=(), client: str = "ministry") -> str:
    return journal.append(added=list(added), removed=list(removed), client=client, operation="update").id


@pytest.mark.parametrize("on_disk", [True, False])
def test_appends_are_chained_and_read_back_in_order(tmp_path: Path, on_disk: bool) -> None:
    journal = Journal(tmp_path / "journal" if on_disk else None)
    first = append(journal, [quad(1)])
    second = append(journal, [quad(2)], [quad(1)], client="analyst")
    entries = journal.entries()
    assert [(e.id, e.prev, e.client, e.added, e.removed) for e in entries] == [
        (first, None, "ministry", 1, 0), (second, first, "analyst", 1, 1)]
    assert [e.id for e in journal.entries(after=first)] == [second]
    assert list(journal.read(entries[1]).removed) == [quad(1)]
    assert set(replay(journal)) == {quad(2)}


def test_the_journal_survives_reopening(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    ids = [append(journal, [quad(n)]) for n in range(3)]
    again = Journal(tmp_path / "journal")
    assert [e.id for e in again.entries()] == ids
    assert again.head == ids[-1]


def test_a_failed_commit_leaves_nothing_in_the_journal(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    append(journal, [quad(1)])
    size = (tmp_path / "journal" / FILE_NAME).stat().st_size
    with pytest.raises(RuntimeError), journal.appending(added=[quad(2)], removed=[], client="c", operation="update"):
        assert (tmp_path / "journal" / FILE_NAME).stat().st_size > size  # durable before the commit runs
        raise RuntimeError("the store refused the commit")
    assert (tmp_path / "journal" / FILE_NAME).stat().st_size == size
    assert len(journal) == len(Journal(tmp_path / "journal")) == 1
    third = append(journal, [quad(3)])
    assert [e.id for e in journal.entries()][1] == third
    assert journal.entries()[1].prev == journal.entries()[0].id  # the chain skips the cut one


def test_a_torn_tail_is_cut_back_to_the_last_complete_transaction(tmp_path: Path, caplog) -> None:
    journal = Journal(tmp_path / "journal")
    kept = append(journal, [quad(1)])
    append(journal, [quad(n) for n in range(2, 50)])
    path = tmp_path / "journal" / FILE_NAME
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 300])  # a crash in the middle of the second append
    with caplog.at_level(logging.WARNING, logger="kg.journal"):
        repaired = Journal(tmp_path / "journal")
    assert [e.id for e in repaired.entries()] == [kept]
    assert "cut short" in caplog.text and kept in caplog.text
    assert path.stat().st_size == repaired.entries()[0].length
    assert append(repaired, [quad(9)])  # and it goes on from there
    assert [e.prev for e in Journal(tmp_path / "journal").entries()] == [None, kept]


def test_another_process_sees_appends(tmp_path: Path) -> None:
    writer, reader = Journal(tmp_path / "journal"), Journal(tmp_path / "journal")
    first = append(writer, [quad(1)])
    assert reader.head == first
    second = append(reader, [quad(2)])  # appends after what the other one wrote
    assert [e.id for e in writer.entries()] == [first, second]
    assert writer.entries()[1].prev == first


def test_blank_nodes_replay_with_their_labels(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    node = BlankNode("n1")
    append(journal, [Quad(node, NamedNode("http://ex/p"), Literal("x"), DefaultGraph())])
    append(journal, removed=[Quad(node, NamedNode("http://ex/p"), Literal("x"), DefaultGraph())])
    assert list(replay(journal)) == []


def test_a_transaction_another_process_cut_leaves_the_index(tmp_path: Path) -> None:
    writer, reader = Journal(tmp_path / "journal"), Journal(tmp_path / "journal")
    kept = append(writer, [quad(1)])
    with pytest.raises(RuntimeError), writer.appending(added=[quad(2)], removed=[], client="c", operation="update"):
        assert [e.id for e in reader.entries()][-1] != kept  # read while the writer's commit is under way
        raise RuntimeError("the store refused the commit")
    assert [e.id for e in reader.entries()] == [kept]
    third = append(reader, [quad(3)])
    assert [e.id for e in writer.entries()] == [e.id for e in reader.entries()] == [kept, third]
