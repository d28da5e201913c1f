"""The gate journals every accepted change (exactly its delta) before committing it, and nothing else."""

from __future__ import annotations

import pytest

from kg.build.pipeline import build
from kg.errors import QuerySyntaxError, StoreError
from kg.journal import open_journal, replay
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.store.live import open_store
from kg.writes import gate
from kg.writes.journaling import check_current

NOTES = "https://w3id.org/fikg/graph/notes"
INSERT = f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> <http://ex/b> 'c' }} }}"


@pytest.fixture
def plain(project) -> Settings:
    return load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)


def knowledge(store: EmbeddedStore) -> set:
    return {q for q in store.quads() if "graph/audit" not in str(q.graph_name)}


def test_an_update_is_journaled_with_its_exact_change(memory_store, plain, executor) -> None:
    journal = open_journal(plain, memory_store)
    before = len(journal)
    result = gate.apply_update(memory_store, INSERT, plain, executor=executor, client="ministry")
    (entry,) = journal.entries()[before:]
    assert (entry.client, entry.operation, entry.added, entry.removed) == ("ministry", "update", 1, 0)
    assert list(journal.read(entry).added) == result.delta.added
    assert set(replay(journal)) == knowledge(memory_store)  # the journal describes the store


def test_graph_store_writes_are_journaled_with_their_graph(memory_store, plain) -> None:
    journal = open_journal(plain, memory_store)
    gate.replace_graph(memory_store, NOTES, "<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle", plain,
                       client="loader")
    gate.add_to_graph(memory_store, NOTES, "<http://ex/a> <http://ex/b> <http://ex/d> .", "text/turtle", plain)
    gate.delete_graph(memory_store, NOTES, plain, client="loader")
    written = [e for e in journal.entries() if e.is_api_change]
    assert [(e.operation, e.client, e.added, e.removed, e.graphs) for e in written] == [
        ("put", "loader", 1, 0, (NOTES,)), ("post", "anonymous", 1, 0, (NOTES,)), ("delete", "loader", 0, 2, (NOTES,))]
    replayed = replay(journal)
    assert set(replayed) == knowledge(memory_store)
    assert set(replayed.named_graphs()) == set(memory_store.oxigraph().named_graphs())  # the dropped graph is gone


def test_a_refused_write_is_not_journaled(memory_store, plain, executor) -> None:
    journal = open_journal(plain, memory_store)
    before = journal.head
    with pytest.raises(QuerySyntaxError):
        gate.apply_update(memory_store, "INSERT DATA { <http://ex/a> }", plain, executor=executor)
    assert journal.head == before


def test_a_commit_the_store_refuses_is_cut_from_the_journal(memory_store, plain, executor) -> None:
    journal = open_journal(plain, memory_store)
    before = journal.head
    memory_store.read_only = True  # the engine refuses the commit after the journal took the change
    with pytest.raises(StoreError, match="read-only"):
        gate.apply_update(memory_store, INSERT, plain, executor=executor)
    assert journal.head == before and len(open_journal(plain, memory_store)) == len(journal)


def test_the_first_build_journals_every_quad(memory_store, plain) -> None:
    (build,) = open_journal(plain, memory_store).entries()
    assert (build.operation, build.client, build.removed) == ("build", "kg build", 0)
    assert build.added == len(set(memory_store.quads()))


def test_a_replaced_generation_is_refused(settings: Settings) -> None:
    disk = settings.with_(validate=False)
    build(disk)
    with open_store(disk) as old:
        build(disk)  # a new generation is published while a request holds the old one
        with pytest.raises(StoreError, match="send the write again"):
            gate.add_to_graph(old, NOTES, "<http://ex/a> <http://ex/b> 1 .", "text/turtle", disk)
        check_current(old, disk.with_(store_path=":memory:"))  # an in-memory store has no generations
    assert [e.operation for e in open_journal(disk).entries()] == ["build", "build"]
    with open_store(disk) as current:
        gate.add_to_graph(current, NOTES, "<http://ex/a> <http://ex/b> 1 .", "text/turtle", disk)


GRAPH_OPERATIONS = ["CLEAR DEFAULT", "DROP DEFAULT", "CLEAR NAMED", "DROP NAMED", "CLEAR ALL", "DROP ALL",
                    f"ADD <{NOTES}> TO DEFAULT", f"COPY <{NOTES}> TO <http://ex/copy>", f"MOVE <{NOTES}> TO DEFAULT",
                    "MOVE DEFAULT TO <http://ex/moved>", f"DROP GRAPH <{NOTES}>", f"CLEAR GRAPH <{NOTES}>"]


@pytest.mark.parametrize("update", GRAPH_OPERATIONS)
def test_graph_management_does_what_sparql_says_and_is_journaled(project, update: str, executor) -> None:
    """By an authorised writer, on a store without a derived graph: what the engine itself does, in the journal."""
    from kg.build.pipeline import build as run_build

    plain = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False, reasoning=False)
    store = EmbeddedStore(None)
    run_build(plain, store=store)
    gate.apply_update(store, f"INSERT DATA {{ <http://ex/d> <http://ex/p> 1 . GRAPH <{NOTES}> {{ <http://ex/n> "
                             "<http://ex/p> 2 } }", plain, executor=executor)
    engine = store.oxigraph()
    expected = type(engine)()
    expected.extend(engine)
    expected.update(update)
    gate.apply_update(store, update, plain, executor=executor, client="ministry")
    assert set(engine) == set(expected)
    journal = open_journal(plain, store)
    assert journal.entries()[-1].operation == "update" and journal.entries()[-1].client == "ministry"
    assert set(replay(journal)) == set(engine)
    assert set(replay(journal).named_graphs()) == set(engine.named_graphs())


def test_a_write_is_journaled_with_its_derived_change(memory_store, plain, executor) -> None:
    """The derived graph's change commits with the write (kg.derivation) and is journaled with it, so a replay
    of the journal gives the store, derived graph included."""
    journal = open_journal(plain, memory_store)
    before = len(journal)
    technology = "https://w3id.org/fikg/id/technology/journaled"
    update = (f"INSERT DATA {{ GRAPH <https://w3id.org/fikg/graph/tiny> {{ <{technology}> "
              "<https://w3id.org/fikg/ontology#industry> <https://w3id.org/fikg/id/industry/journaled> } }")
    result = gate.apply_update(memory_store, update, plain, executor=executor)
    (entry,) = journal.entries()[before:]
    assert len(result.derived.added) == 2  # fikg:industry's domain and range type both ends
    assert set(journal.read(entry).added) == {*result.delta.added, *result.derived.added}
    assert set(replay(journal)) == knowledge(memory_store)
