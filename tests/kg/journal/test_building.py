"""Builds and the journal: the publication is journaled, and a rebuild keeps the API writes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import build
from kg.journal import open_journal, replay
from kg.settings import Settings
from kg.store.live import open_store
from kg.store.publication import Publication
from kg.writes import gate

NOTES = "https://w3id.org/fikg/graph/notes"
TINY = "https://w3id.org/fikg/graph/tiny"
SIC = "https://w3id.org/fikg/id/technology/silicon-carbide"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
NODE = "<http://ex/node> <http://ex/has> [ <http://ex/part> 1 ; <http://ex/more> [ <http://ex/part> 2 ] ] .\n"


@pytest.fixture
def disk(settings: Settings) -> Settings:
    return settings.with_(validate=False)


def published(settings: Settings) -> set:
    with open_store(settings) as store:
        return set(store.quads())


def test_the_first_build_is_every_quad_and_a_rebuild_of_the_same_sources_is_empty(disk: Settings,
                                                                                  project: Path) -> None:
    (project / "data" / "nodes.ttl").write_text(NODE)  # blank nodes: their labels must not change
    first = build(disk)
    second = build(disk)
    journal = open_journal(disk)
    one, two = journal.entries()
    assert (one.id, two.id) == (first.publication, second.publication)
    assert (one.added, one.removed) == (first.triples, 0)
    assert (two.added, two.removed) == (0, 0)
    assert two.generation == second.location.name
    assert set(replay(journal)) == published(disk)


def test_a_rebuild_keeps_the_api_writes(disk: Settings, project: Path, executor) -> None:
    build(disk)
    with open_store(disk) as store:
        gate.apply_update(store, f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> <http://ex/b> 'c' }} }} ;"
                                 f"DELETE DATA {{ GRAPH <{TINY}> {{ <{SIC}> {LABEL} 'Silicon carbide'@en }} }}",
                          disk, executor=executor, client="ministry")
        after_write = set(store.quads())
    summary = build(disk)
    assert summary.conflicts == [] and summary.reapplied == 1
    assert published(disk) == after_write
    assert set(replay(open_journal(disk))) == after_write
    assert open_journal(disk).entries()[-1].added == open_journal(disk).entries()[-1].removed == 0


def test_a_change_the_sources_now_hold_is_a_conflict_never_dropped(disk: Settings, project: Path, executor) -> None:
    build(disk)
    with open_store(disk) as store:
        written = gate.apply_update(store, f"INSERT DATA {{ GRAPH <{TINY}> {{ <http://ex/a> <http://ex/b> 'c' }} }} ;"
                                           f"DELETE DATA {{ GRAPH <{TINY}> {{ <{SIC}> {LABEL} '碳化硅'@zh }} }}",
                                    disk, executor=executor, client="ministry")
    assert written.added == written.removed == 1
    source = project / "data" / "tiny.ttl"  # an editor folds the insert and, separately, drops the label
    source.write_text(source.read_text().replace('"碳化硅"@zh ', '"碳化硅"@zh-Hans ')
                      + "<http://ex/a> <http://ex/b> 'c' .\n")
    summary = build(disk)
    change = open_journal(disk).entries()[1].id
    assert [(c.id, c.kind) for c in summary.conflicts] == [
        (change, "removes what the sources lack"), (change, "adds what the sources hold")]
    assert change in summary.conflicts[0].describe()


def test_a_build_with_an_unchanged_journal_replays_to_the_store_after_writes_on_memory(memory_store, executor,
                                                                                      project) -> None:
    from kg.settings import load_settings

    plain = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    gate.apply_update(memory_store, f"INSERT DATA {{ GRAPH <{NOTES}> {{ _:x <http://ex/b> 'c' }} }}", plain,
                      executor=executor)
    journal = open_journal(plain, memory_store)
    assert set(replay(journal)) == {q for q in memory_store.quads() if "graph/audit" not in str(q.graph_name)}


def test_a_change_journaled_but_not_committed_is_replayed_when_the_store_opens(disk: Settings) -> None:
    """A crash between the journal's fsync and the store's commit: the next open completes the change."""
    build(disk)
    quad = ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/b"), ox.Literal("c"), ox.NamedNode(NOTES))
    label = next(q for q in published(disk) if q.graph_name == ox.NamedNode(TINY))
    open_journal(disk).append(added=[quad], removed=[label], client="ministry", operation="update")
    with open_store(disk) as store:  # opened for writing, as the server does: brought up to date
        assert quad in set(store.quads()) and label not in set(store.quads())
    publication = Publication(disk.resolved_store_path)
    assert publication.journal_mark(publication.current()) == open_journal(disk).head  # flushed: not again
    with open_store(disk) as store:  # and a second time changes nothing
        assert set(store.quads()) == set(replay(open_journal(disk)))


def test_writes_made_while_builds_publish_are_kept(disk: Settings) -> None:
    """A writer keeps writing through the live store while three builds publish: every acknowledged write is in
    the final store (changes journaled during a build are applied to its generation; a write that reached a
    replaced generation is refused, never lost), and the store is the journal's replay."""
    import threading

    from kg.errors import StoreError
    from kg.store.live import LiveStore

    build(disk)
    live = LiveStore(disk)
    acknowledged: list[int] = []
    refused: list[int] = []
    stop = threading.Event()

    def writer() -> None:
        number = 0
        while not stop.is_set():
            try:
                gate.add_to_graph(live.get(), NOTES, f"<http://ex/w{number}> <http://ex/p> {number} .", "text/turtle",
                                  disk)
                acknowledged.append(number)
            except StoreError:  # a build replaced the generation this write opened: it changed nothing
                refused.append(number)
            number += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(3):
            build(disk)
    finally:
        stop.set()
        thread.join()
        live.close()
    with open_store(disk) as store:
        quads = set(store.quads())
    written = {int(q.object.value) for q in quads if q.graph_name == ox.NamedNode(NOTES)}
    assert len(acknowledged) > 3 and written == set(acknowledged)
    assert quads == set(replay(open_journal(disk)))
