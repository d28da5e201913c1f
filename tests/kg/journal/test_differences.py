"""kg.journal.differences: the difference between two versions, from the journal alone."""

from __future__ import annotations

import random

import pyoxigraph as ox

from kg.build.pipeline import build
from kg.journal import Journal, apply_transaction, open_journal, read_transactions, replay
from kg.journal.differences import as_patch, difference
from kg.rdf.model import BlankNode, Literal, NamedNode, Quad
from kg.store.embedded import EmbeddedStore
from tests.helpers.versioned_app import versioned_settings

GRAPHS = [NamedNode("http://ex/g1"), NamedNode("http://ex/g2")]


def random_journal(seed: int, changes: int = 40) -> Journal:
    """A journal of exact changes (each removes only quads held, adds only quads not held), blank nodes included."""
    chance = random.Random(seed)
    journal, held = Journal(None), set()
    for _ in range(changes):
        removed = chance.sample(sorted(held, key=str), k=min(len(held), chance.randint(0, 4)))
        subjects = [NamedNode(f"http://ex/s{chance.randint(0, 9)}"), BlankNode(f"b{chance.randint(0, 3)}")]
        candidates = {Quad(chance.choice(subjects), NamedNode(f"http://ex/p{chance.randint(0, 2)}"),
                           Literal(str(chance.randint(0, 5))), chance.choice(GRAPHS))
                      for _ in range(chance.randint(0, 5))}
        added = sorted(candidates - held - set(removed), key=str)
        held = (held - set(removed)) | set(added)
        journal.append(added=added, removed=removed, client="test", operation="update")
    return journal


def test_applying_the_difference_from_a_to_b_to_a_gives_b() -> None:
    for seed in range(5):
        journal = random_journal(seed)
        entries = journal.entries()
        chance = random.Random(seed)
        for _ in range(10):
            a, b = chance.choice(entries), chance.choice(entries)
            diff = difference(journal, a, b)
            version = replay(journal, upto=a.id)
            for transaction in read_transactions(as_patch(diff)):  # through the RDF Patch text
                apply_transaction(version, transaction)
            assert set(version) == set(replay(journal, upto=b.id)), (seed, a.id, b.id)


def test_a_version_against_itself_and_back_and_forth() -> None:
    journal = random_journal(7)
    entries = journal.entries()
    assert difference(journal, entries[5], entries[5]).empty
    forth, back = difference(journal, entries[3], entries[30]), difference(journal, entries[30], entries[3])
    assert (forth.added, forth.removed) == (back.removed, back.added)
    assert as_patch(forth).splitlines()[1:3] == [f"H from <{entries[3].id}> .", f"H to <{entries[30].id}> ."]


def test_a_rebuild_with_unchanged_sources_is_an_empty_difference(tmp_path) -> None:
    settings = versioned_settings(tmp_path / "project")
    store = EmbeddedStore(None)
    build(settings, store=store)
    build(settings, store=store)
    journal = open_journal(settings, store)
    first, second = journal.entries()[-2:]
    assert difference(journal, first, second).empty
    assert set(replay(journal)) == set(store.quads()) and isinstance(replay(journal), ox.Store)
